/*
 * Host load, CPU, memory and per-NIC throughput.  Two backends fill the same
 * record: libgtop for the machine tvirt runs on, and libvirt's node calls
 * (virNodeGetCPUStats, virNodeGetMemoryStats) for remote hosts.  Rates need
 * two samples, so a collector keeps the previous raw counters.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TV_HOSTSTATS_MAX_NICS 16
#define TV_NIC_NAME_MAX 32

enum {
    TV_HS_LOAD = 1 << 0,
    TV_HS_CPU = 1 << 1,
    TV_HS_MEM = 1 << 2,
    TV_HS_NICS = 1 << 3,
};

typedef struct tv_nic_rate {
    char name[TV_NIC_NAME_MAX];
    double rx_bps, tx_bps;
} tv_nic_rate;

typedef struct tv_hoststats {
    unsigned valid;
    double load[3];
    double cpu_pct; /* all CPUs busy share, 0..100 */
    unsigned long long mem_total_kib;
    unsigned long long mem_used_kib; /* excluding buffers and cache */
    tv_nic_rate nics[TV_HOSTSTATS_MAX_NICS];
    size_t n_nics;
} tv_hoststats;

/* Collector state for the local machine (libgtop). */
typedef struct tv_local_collector tv_local_collector;

tv_local_collector *tv_local_collector_new(void);
void tv_local_collector_free(tv_local_collector *c);
/* Samples now; rates are filled from the second call on. */
void tv_local_collector_sample(tv_local_collector *c, tv_hoststats *out);

/*
 * Rate arithmetic shared by both backends, pure so that tests can check it.
 * Counters are cumulative; a counter that went backwards (wrap, reset,
 * reboot) or no elapsed time gives no rate rather than a wild one.
 */

/*
 * Busy share of CPU time between two samples, 0..100.  idle counts every
 * non-busy state (idle plus iowait).  Returns -1 when there is no rate.
 */
static inline double
tv_hoststats_cpu_pct(uint64_t prev_total, uint64_t prev_idle, uint64_t total, uint64_t idle)
{
    /* Subtract in integers first: nanosecond totals exceed a double's 53 bits. */
    if (total <= prev_total || idle < prev_idle)
        return -1.0;
    uint64_t dtotal = total - prev_total;
    uint64_t didle = idle - prev_idle;
    if (didle >= dtotal)
        return 0.0;
    return 100.0 * (double)(dtotal - didle) / (double)dtotal;
}

/* Per-second rate of a counter over seconds; -1 when there is no rate. */
static inline double
tv_hoststats_rate(uint64_t prev, uint64_t cur, double seconds)
{
    if (!(seconds > 0.0) || cur < prev)
        return -1.0;
    return (double)(cur - prev) / seconds;
}

/* Raw byte counters of one NIC, as sampled. */
typedef struct tv_nic_counter {
    char name[TV_NIC_NAME_MAX];
    uint64_t rx_bytes, tx_bytes;
} tv_nic_counter;

/*
 * Fills out->nics (and n_nics) with the rates of the NICs present in both
 * samples, in the order of cur, at most TV_HOSTSTATS_MAX_NICS.  A NIC that
 * is new, or whose counters went backwards, is left out of this round.
 */
void tv_hoststats_nic_rates(const tv_nic_counter *prev, size_t n_prev,
                            const tv_nic_counter *cur, size_t n_cur, double seconds,
                            tv_hoststats *out);
