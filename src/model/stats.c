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

void
tv_stats_update(tv_domain *cur, const tv_domain *prev, double dt_s)
{
    unsigned have = cur->valid;
    double a, b;

    tv_domain_history *h = cur->hist;

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
    if (!prev)
        return;

    if ((have & TV_DOM_RAW_CPU) && (prev->valid & TV_DOM_RAW_CPU) &&
        tv_stats_cpu_pct(prev->cpu_time_ns, cur->cpu_time_ns, dt_s, &a)) {
        cur->cpu_pct = a;
        cur->valid |= TV_DOM_HAS_CPU;
        if (h)
            tv_ring_push(&h->cpu, (float)a);
    }
    if ((have & TV_DOM_RAW_DISK) && (prev->valid & TV_DOM_RAW_DISK) &&
        tv_stats_rate(prev->rd_bytes, cur->rd_bytes, dt_s, &a) &&
        tv_stats_rate(prev->wr_bytes, cur->wr_bytes, dt_s, &b)) {
        cur->rd_bps = a;
        cur->wr_bps = b;
        cur->valid |= TV_DOM_HAS_DISK;
        if (h)
            tv_ring_push(&h->disk, (float)(a + b));
    }
    if ((have & TV_DOM_RAW_NET) && (prev->valid & TV_DOM_RAW_NET) &&
        tv_stats_rate(prev->rx_bytes, cur->rx_bytes, dt_s, &a) &&
        tv_stats_rate(prev->tx_bytes, cur->tx_bytes, dt_s, &b)) {
        cur->rx_bps = a;
        cur->tx_bps = b;
        cur->valid |= TV_DOM_HAS_NET;
        if (h)
            tv_ring_push(&h->net, (float)(a + b));
    }
}
