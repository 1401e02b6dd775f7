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

/* One group of counters that libvirt reports together, and where its rates go. */
typedef struct stat_group {
    unsigned raw_bit;  /* the sample has these counters */
    unsigned rate_bit; /* the record has these rates */
    size_t n;
    size_t counter[2]; /* offsets of unsigned long long counters in tv_domain */
    size_t rate[2];    /* offsets of the double rates */
    size_t at;         /* offset of the gint64 sample time */
    size_t ring;       /* offset of the history ring in tv_domain_history */
    double scale;      /* per-second delta to the rate shown */
} stat_group;

#define DOM_OFF(field) G_STRUCT_OFFSET(tv_domain, field)
#define FIELD(type, d, off) (*(type *)((char *)(d) + (off)))

static const stat_group groups[] = {
    /* cpu.time is in ns: ns per second / 1e9 * 100 is percent of one CPU, like
     * top (a guest keeping two CPUs busy shows 200). */
    { TV_DOM_RAW_CPU, TV_DOM_HAS_CPU, 1, { DOM_OFF(cpu_time_ns) }, { DOM_OFF(cpu_pct) },
      DOM_OFF(cpu_at_us), G_STRUCT_OFFSET(tv_domain_history, cpu), 1e-7 },
    { TV_DOM_RAW_DISK, TV_DOM_HAS_DISK, 2, { DOM_OFF(rd_bytes), DOM_OFF(wr_bytes) },
      { DOM_OFF(rd_bps), DOM_OFF(wr_bps) }, DOM_OFF(disk_at_us),
      G_STRUCT_OFFSET(tv_domain_history, disk), 1.0 },
    { TV_DOM_RAW_NET, TV_DOM_HAS_NET, 2, { DOM_OFF(rx_bytes), DOM_OFF(tx_bytes) },
      { DOM_OFF(rx_bps), DOM_OFF(tx_bps) }, DOM_OFF(net_at_us),
      G_STRUCT_OFFSET(tv_domain_history, net), 1.0 },
};

/*
 * Rates of one group.  A sample without the group carries prev's counters,
 * sample time and rates over; the next sample's rate then spans from there.
 */
static void
group_update(const stat_group *g, tv_domain *cur, const tv_domain *prev, gint64 now_us)
{
    double rates[2], sum = 0.0, dt_s;

    if (!(cur->valid & g->raw_bit)) {
        if (prev && (prev->valid & g->raw_bit)) {
            for (size_t i = 0; i < g->n; i++) {
                FIELD(unsigned long long, cur, g->counter[i]) =
                    FIELD(unsigned long long, prev, g->counter[i]);
                FIELD(double, cur, g->rate[i]) = FIELD(double, prev, g->rate[i]);
            }
            FIELD(gint64, cur, g->at) = FIELD(gint64, prev, g->at);
            cur->valid |= g->raw_bit | (prev->valid & g->rate_bit);
        }
        return;
    }
    FIELD(gint64, cur, g->at) = now_us;
    if (!prev || !(prev->valid & g->raw_bit))
        return;
    dt_s = (double)(now_us - FIELD(gint64, prev, g->at)) / 1e6;
    for (size_t i = 0; i < g->n; i++) {
        if (!tv_stats_rate(FIELD(unsigned long long, prev, g->counter[i]),
                           FIELD(unsigned long long, cur, g->counter[i]), dt_s, &rates[i]))
            return;
    }
    for (size_t i = 0; i < g->n; i++) {
        FIELD(double, cur, g->rate[i]) = rates[i] * g->scale;
        sum += rates[i] * g->scale;
    }
    cur->valid |= g->rate_bit;
    if (cur->hist)
        tv_ring_push(&FIELD(tv_ring, cur->hist, g->ring), (float)sum);
}

void
tv_stats_update(tv_domain *cur, const tv_domain *prev, gint64 now_us)
{
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
    for (size_t i = 0; i < G_N_ELEMENTS(groups); i++)
        group_update(&groups[i], cur, prev, now_us);
}
