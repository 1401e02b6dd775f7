/*
 * Rates for the domain list.  Counters come from virConnectGetAllDomainStats;
 * a rate exists only when both samples had the counter and it did not go
 * backwards.  History rings carry over from the previous record.
 */
#include "config.h"

#include "model/stats.h"

bool
tv_stats_rate(unsigned long long prev, unsigned long long cur, double dt_s, double *out)
{
    if (dt_s <= 0.0 || cur < prev)
        return false;
    *out = (double)(cur - prev) / dt_s;
    return true;
}

bool
tv_stats_cpu_pct(unsigned long long prev_ns, unsigned long long cur_ns, double dt_s, double *out)
{
    double ns_per_s;
    if (!tv_stats_rate(prev_ns, cur_ns, dt_s, &ns_per_s))
        return false;
    *out = ns_per_s / 1e9 * 100.0;
    return true;
}

/* Rate of one counter group; carries prev's counters over when cur lacks them. */
static bool
group_rates(unsigned raw_bit, unsigned rate_bit, tv_domain *cur, const tv_domain *prev,
            gint64 now_us, gint64 *cur_at, gint64 prev_at, const unsigned long long *pa,
            unsigned long long *ca, size_t n, double *rates, const double *prev_rates)
{
    double dt_s;

    if (!(cur->valid & raw_bit)) {
        if (prev && (prev->valid & raw_bit)) {
            for (size_t i = 0; i < n; i++) {
                ca[i] = pa[i];
                rates[i] = prev_rates[i];
            }
            *cur_at = prev_at;
            cur->valid |= raw_bit | (prev->valid & rate_bit);
        }
        return false; /* no new sample: nothing for the history */
    }
    *cur_at = now_us;
    if (!prev || !(prev->valid & raw_bit))
        return false;
    dt_s = (double)(now_us - prev_at) / 1e6;
    for (size_t i = 0; i < n; i++) {
        if (!tv_stats_rate(pa[i], ca[i], dt_s, &rates[i]))
            return false;
    }
    cur->valid |= rate_bit;
    return true;
}

void
tv_stats_update(tv_domain *cur, const tv_domain *prev, gint64 now_us)
{
    tv_domain_history *h = cur->hist;
    unsigned long long pa[2], ca[2];
    double r[2], pr[2];

    cur->valid &= ~(unsigned)(TV_DOM_HAS_CPU | TV_DOM_HAS_DISK | TV_DOM_HAS_NET);
    if (h) {
        if (prev && prev->hist) {
            *h = *prev->hist;
        } else {
            tv_ring_clear(&h->cpu);
            tv_ring_clear(&h->disk);
            tv_ring_clear(&h->net);
        }
    }

    pa[0] = prev ? prev->cpu_time_ns : 0;
    ca[0] = cur->cpu_time_ns;
    pr[0] = prev ? prev->cpu_pct / 100.0 * 1e9 : 0;
    if (group_rates(TV_DOM_RAW_CPU, TV_DOM_HAS_CPU, cur, prev, now_us, &cur->cpu_at_us,
                    prev ? prev->cpu_at_us : 0, pa, ca, 1, r, pr) && h)
        tv_ring_push(&h->cpu, (float)(r[0] / 1e9 * 100.0));
    cur->cpu_time_ns = ca[0];
    if (cur->valid & TV_DOM_HAS_CPU)
        cur->cpu_pct = r[0] / 1e9 * 100.0;

    pa[0] = prev ? prev->rd_bytes : 0;
    pa[1] = prev ? prev->wr_bytes : 0;
    ca[0] = cur->rd_bytes;
    ca[1] = cur->wr_bytes;
    pr[0] = prev ? prev->rd_bps : 0;
    pr[1] = prev ? prev->wr_bps : 0;
    if (group_rates(TV_DOM_RAW_DISK, TV_DOM_HAS_DISK, cur, prev, now_us, &cur->disk_at_us,
                    prev ? prev->disk_at_us : 0, pa, ca, 2, r, pr) && h)
        tv_ring_push(&h->disk, (float)(r[0] + r[1]));
    cur->rd_bytes = ca[0];
    cur->wr_bytes = ca[1];
    if (cur->valid & TV_DOM_HAS_DISK) {
        cur->rd_bps = r[0];
        cur->wr_bps = r[1];
    }

    pa[0] = prev ? prev->rx_bytes : 0;
    pa[1] = prev ? prev->tx_bytes : 0;
    ca[0] = cur->rx_bytes;
    ca[1] = cur->tx_bytes;
    pr[0] = prev ? prev->rx_bps : 0;
    pr[1] = prev ? prev->tx_bps : 0;
    if (group_rates(TV_DOM_RAW_NET, TV_DOM_HAS_NET, cur, prev, now_us, &cur->net_at_us,
                    prev ? prev->net_at_us : 0, pa, ca, 2, r, pr) && h)
        tv_ring_push(&h->net, (float)(r[0] + r[1]));
    cur->rx_bytes = ca[0];
    cur->tx_bytes = ca[1];
    if (cur->valid & TV_DOM_HAS_NET) {
        cur->rx_bps = r[0];
        cur->tx_bps = r[1];
    }
}
