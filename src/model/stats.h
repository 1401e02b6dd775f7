/*
 * Rate maths: CPU % and bytes/s from two samples of cumulative counters.
 * Pure functions, so the arithmetic is unit-tested apart from libvirt.
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


/*
 * Fills cur's rates, and its history when cur->hist is set, from prev (the
 * same domain one sample earlier, or NULL for a domain seen for the first
 * time).  cur's counters and validity bits for counters must already be
 * set; now_us is when they were sampled.  A group of counters missing from
 * cur (libvirt skips a domain busy with a job) carries over from prev with
 * its rate, and the next rate spans from prev's sample time.
 */
void tv_stats_update(tv_domain *cur, const tv_domain *prev, gint64 now_us);
