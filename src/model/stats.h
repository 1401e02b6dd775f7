/*
 * Rate maths: CPU % and bytes/s from two samples of cumulative counters.
 * Pure functions, so the arithmetic and the rules about which two samples
 * may be paired are unit-tested apart from libvirt.
 */
#pragma once

#include <stdbool.h>

#include "model/snapshot.h"

/*
 * Per-second rate of a cumulative counter between two samples dt_s apart.
 * Returns false (no rate) when dt_s <= 0 or the counter went backwards
 * (device unplugged, domain restarted).
 */
bool tv_stats_rate(unsigned long long prev, unsigned long long cur, double dt_s, double *out);

/* How long the last rates stand for a domain libvirt keeps leaving out. */
#define TV_RATE_STALE_US (5 * G_USEC_PER_SEC)

/*
 * The states in which a domain has rates, in classes: two samples are
 * paired only when both are of the same non-zero class.  Running and
 * blocked (running, idle on Xen) are one class, shutting down another;
 * every other state (paused, shut off, crashed, suspended) has no rates.
 */
int tv_stats_run_class(tv_dom_state s);

/*
 * The shortest interval a rate spans.  Counters tick coarsely (CPU time in
 * 10 ms steps without cgroups, disk bytes per request), so a refresh that
 * an event triggers a few ms after the last one keeps the previous rates
 * and the next refresh measures from the older sample.  Half the refresh
 * interval, between 0.25 and 1 s.
 */
gint64 tv_stats_min_interval_us(double refresh_interval_s);

/*
 * Whether cur's run of its domain provably started before since_us: its
 * CPU time exceeds what a process could have used on host_cpus CPUs in
 * now_us - since_us.  Then a sample taken at since_us while the domain ran
 * was of this same run, and no libvirt call is needed to check its ID.
 * False when it cannot tell (no CPU counter, unknown CPU count).
 */
bool tv_stats_run_predates(const tv_domain *cur, unsigned host_cpus, gint64 since_us,
                           gint64 now_us);

/*
 * Fills cur's rates, and its history when cur->hist is set.  cur's state,
 * counters and TV_DOM_RAW_* bits must be set; now_us is when they were
 * sampled.  prev is the record of the same run of the same domain one
 * sample earlier (the caller checked UUID and ID), or NULL: a domain seen
 * for the first time, or another run of it.
 *
 * A domain that is not running has no rates or history, and one without a
 * process (shut off) no counters either, whatever libvirt says.  Rates
 * are measured only between samples of one state class (see above), at
 * least min_interval_us apart: a sample closer to the last measured one
 * keeps the previous rates.  A group of counters missing from cur (libvirt
 * skips a domain busy with a job) carries its counters and base over from
 * prev, and its rates while the base is at most TV_RATE_STALE_US old.
 */
void tv_stats_update(tv_domain *cur, const tv_domain *prev, gint64 now_us,
                     gint64 min_interval_us);

/*
 * The same for a sample read by a call from started_us to taken_us: libvirt
 * read the counters somewhere in between, so the sample counts as taken in
 * the middle, give or take half the call, and a rate is measured only over
 * an interval at least TV_RATE_UNC_FACTOR times the two samples' summed
 * uncertainty (a busy daemon answering slowly cannot inflate a rate by more
 * than a fifth; it keeps the previous rates a little longer instead).
 */
void tv_stats_update_window(tv_domain *cur, const tv_domain *prev, gint64 started_us,
                            gint64 taken_us, gint64 min_interval_us);
#define TV_RATE_UNC_FACTOR 5
