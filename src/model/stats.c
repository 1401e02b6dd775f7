/*
 * Rates for the domain list.  Counters come from virConnectGetAllDomainStats;
 * each record keeps a base (an earlier sample of the same run) that the
 * next rate measures from, so a rate never pairs samples of two domains,
 * two runs of one domain, or two states, and never spans a few ms.
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

int
tv_stats_run_class(tv_dom_state s)
{
    switch (s) {
    case TV_DOM_RUNNING:
    case TV_DOM_BLOCKED: return 1;
    case TV_DOM_SHUTDOWN: return 2;
    default: return 0;
    }
}

gint64
tv_stats_min_interval_us(double refresh_interval_s)
{
    double s = CLAMP(refresh_interval_s / 2.0, 0.25, 1.0);
    return (gint64)(s * G_USEC_PER_SEC);
}

bool
tv_stats_run_predates(const tv_domain *cur, unsigned host_cpus, gint64 since_us, gint64 now_us)
{
    double span_ns;
    if (!(cur->valid & TV_DOM_RAW_CPU) || host_cpus == 0 || now_us < since_us)
        return false;
    /* A margin for the two clocks (ours and the host's) ticking apart. */
    span_ns = (double)(now_us - since_us) * 1000.0 * host_cpus * 1.05;
    return (double)cur->cpu_time_ns > span_ns;
}

/* One group of counters that libvirt reports together, and where its rates go. */
typedef struct stat_group {
    unsigned raw_bit;  /* the sample has these counters */
    unsigned rate_bit; /* the record has these rates */
    size_t n;
    size_t counter[2]; /* offsets of the sampled counters in tv_domain */
    size_t base[2];    /* offsets of the base counters in tv_rate_base */
    size_t base_at;    /* offset of the base's sample time in tv_rate_base */
    size_t base_unc;   /* offset of its uncertainty (guint32 us) */
    size_t rate[2];    /* offsets of the double rates in tv_domain */
    size_t ring;       /* offset of the history ring in tv_domain_history */
    double scale;      /* per-second delta to the rate shown */
} stat_group;

#define DOM_OFF(field) G_STRUCT_OFFSET(tv_domain, field)
#define BASE_OFF(field) G_STRUCT_OFFSET(tv_rate_base, field)
#define FIELD(type, d, off) (*(type *)((char *)(d) + (off)))

static const stat_group groups[] = {
    /* cpu.time is in ns: ns per second / 1e9 * 100 is percent of one CPU, like
     * top (a guest keeping two CPUs busy shows 200). */
    { TV_DOM_RAW_CPU, TV_DOM_HAS_CPU, 1, { DOM_OFF(cpu_time_ns) }, { BASE_OFF(cpu_ns) },
      BASE_OFF(cpu_us), BASE_OFF(cpu_unc_us), { DOM_OFF(cpu_pct) },
      G_STRUCT_OFFSET(tv_domain_history, cpu), 1e-7 },
    { TV_DOM_RAW_DISK, TV_DOM_HAS_DISK, 2, { DOM_OFF(rd_bytes), DOM_OFF(wr_bytes) },
      { BASE_OFF(rd), BASE_OFF(wr) }, BASE_OFF(disk_us), BASE_OFF(disk_unc_us),
      { DOM_OFF(rd_bps), DOM_OFF(wr_bps) },
      G_STRUCT_OFFSET(tv_domain_history, disk), 1.0 },
    { TV_DOM_RAW_NET, TV_DOM_HAS_NET, 2, { DOM_OFF(rx_bytes), DOM_OFF(tx_bytes) },
      { BASE_OFF(rx), BASE_OFF(tx) }, BASE_OFF(net_us), BASE_OFF(net_unc_us),
      { DOM_OFF(rx_bps), DOM_OFF(tx_bps) },
      G_STRUCT_OFFSET(tv_domain_history, net), 1.0 },
};

/* When a sample was taken: the middle of its call, give or take half the call. */
typedef struct sample_time {
    gint64 at_us;
    guint32 unc_us;
} sample_time;

/* Makes cur's own counters the base the next rate measures from. */
static void
set_base(const stat_group *g, tv_domain *cur, sample_time t)
{
    for (size_t i = 0; i < g->n; i++)
        FIELD(unsigned long long, &cur->base, g->base[i]) =
            FIELD(unsigned long long, cur, g->counter[i]);
    FIELD(gint64, &cur->base, g->base_at) = t.at_us;
    FIELD(guint32, &cur->base, g->base_unc) = t.unc_us;
    cur->base.valid |= g->raw_bit;
}

/* Takes prev's base, and its rates when it had them. */
static void
keep_base(const stat_group *g, tv_domain *cur, const tv_domain *prev)
{
    for (size_t i = 0; i < g->n; i++) {
        FIELD(unsigned long long, &cur->base, g->base[i]) =
            FIELD(unsigned long long, &prev->base, g->base[i]);
        FIELD(double, cur, g->rate[i]) = FIELD(double, prev, g->rate[i]);
    }
    FIELD(gint64, &cur->base, g->base_at) = FIELD(gint64, &prev->base, g->base_at);
    FIELD(guint32, &cur->base, g->base_unc) = FIELD(guint32, &prev->base, g->base_unc);
    cur->base.valid |= g->raw_bit;
    cur->valid |= prev->valid & g->rate_bit;
}

static void
group_update(const stat_group *g, tv_domain *cur, const tv_domain *prev, sample_time t,
             gint64 min_interval_us)
{
    double rates[2], sum = 0.0;
    bool has_base = prev && (prev->base.valid & g->raw_bit);
    gint64 base_at = has_base ? FIELD(gint64, &prev->base, g->base_at) : 0;
    gint64 unc = has_base ? (gint64)FIELD(guint32, &prev->base, g->base_unc) + t.unc_us : 0;
    gint64 now_us = t.at_us;

    if (!(cur->valid & g->raw_bit)) {
        /*
         * Skipped this time (libvirt's NOWAIT left out a domain busy with a
         * job, e.g. while another domain starts): the last counters and the
         * base carry on, so the next rate spans both intervals.  The last
         * rates stand for a short while; a domain left out for longer (a
         * hung monitor) shows none rather than the load it had before.
         */
        if (has_base && (prev->valid & g->raw_bit)) {
            for (size_t i = 0; i < g->n; i++)
                FIELD(unsigned long long, cur, g->counter[i]) =
                    FIELD(unsigned long long, prev, g->counter[i]);
            cur->valid |= g->raw_bit;
            keep_base(g, cur, prev);
            if (now_us - base_at > TV_RATE_STALE_US)
                cur->valid &= ~g->rate_bit;
        }
        return;
    }
    if (!has_base) {
        set_base(g, cur, t);
        return;
    }
    /*
     * Too short to measure: less than the minimum interval, or so short that
     * when libvirt read the two samples (within calls that took long, a busy
     * daemon) could move the rate by more than a fifth.  The previous rates
     * stand and the next sample measures from this base.
     */
    if (now_us - base_at < min_interval_us || now_us - base_at < TV_RATE_UNC_FACTOR * unc) {
        keep_base(g, cur, prev);
        return;
    }
    for (size_t i = 0; i < g->n; i++) {
        if (!tv_stats_rate(FIELD(unsigned long long, &prev->base, g->base[i]),
                           FIELD(unsigned long long, cur, g->counter[i]),
                           (double)(now_us - base_at) / 1e6, &rates[i])) {
            set_base(g, cur, t); /* went backwards: measure afresh */
            return;
        }
    }
    for (size_t i = 0; i < g->n; i++) {
        FIELD(double, cur, g->rate[i]) = rates[i] * g->scale;
        sum += rates[i] * g->scale;
    }
    cur->valid |= g->rate_bit;
    set_base(g, cur, t);
    if (cur->hist)
        tv_ring_push(&FIELD(tv_ring, cur->hist, g->ring), (float)sum);
}

void
tv_stats_update(tv_domain *cur, const tv_domain *prev, gint64 now_us, gint64 min_interval_us)
{
    tv_stats_update_window(cur, prev, now_us, now_us, min_interval_us);
}

void
tv_stats_update_window(tv_domain *cur, const tv_domain *prev, gint64 started_us,
                       gint64 taken_us, gint64 min_interval_us)
{
    sample_time t = { started_us + (taken_us - started_us) / 2,
                      (guint32)MIN((taken_us - started_us + 1) / 2, (gint64)G_MAXUINT32) };
    tv_domain_history *h = cur->hist;
    int run_class = tv_stats_run_class(cur->state);

    cur->valid &= ~(unsigned)(TV_DOM_HAS_CPU | TV_DOM_HAS_DISK | TV_DOM_HAS_NET);
    cur->base = (tv_rate_base){ 0 };
    if (prev && tv_stats_run_class(prev->state) != run_class)
        prev = NULL;
    if (run_class == 0)
        prev = NULL;
    if (!tv_dom_state_active(cur->state)) {
        /* Whatever libvirt counts for a domain without a process is not its own. */
        cur->valid &= ~(unsigned)(TV_DOM_RAW_CPU | TV_DOM_RAW_DISK | TV_DOM_RAW_NET);
        cur->cpu_time_ns = cur->rd_bytes = cur->wr_bytes = cur->rx_bytes = cur->tx_bytes = 0;
    }
    if (h) {
        if (prev && prev->hist) {
            *h = *prev->hist;
        } else {
            tv_ring_clear(&h->cpu);
            tv_ring_clear(&h->disk);
            tv_ring_clear(&h->net);
        }
    }
    if (run_class == 0)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(groups); i++)
        group_update(&groups[i], cur, prev, t, min_interval_us);
}
