/*
 * Rate maths: bytes/s and CPU % from two samples, counters that go
 * backwards, missing counters, history carried between records, the
 * shortest interval a rate spans, and no rates outside the running states.
 */
#include "config.h"

#include <math.h>

#include "tv-test.h"
#include "model/stats.h"

#define MIN_US 500000 /* the shortest rate interval these tests use */

static bool
near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

/* A running domain's sample with the given counters. */
static tv_domain
sample(unsigned long long cpu_ns, unsigned long long rd, unsigned long long wr)
{
    tv_domain d = { .state = TV_DOM_RUNNING, .id = 1 };
    d.valid = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK;
    d.cpu_time_ns = cpu_ns;
    d.rd_bytes = rd;
    d.wr_bytes = wr;
    return d;
}

static void
test_rate(void **state)
{
    double r = -1;
    assert_true(tv_stats_rate(1000, 3000, 2.0, &r));
    assert_true(near(r, 1000.0));
    assert_false(tv_stats_rate(3000, 1000, 2.0, &r)); /* went backwards */
    assert_false(tv_stats_rate(0, 10, 0.0, &r));      /* no time passed */
    assert_false(tv_stats_rate(0, 10, -1.0, &r));
}

static void
test_cpu_pct(void **state)
{
    /* Two CPUs busy for 1 s show 200 %, like top. */
    tv_domain prev = sample(0, 0, 0), cur = sample(2000000000ULL, 0, 0);
    tv_stats_update(&prev, NULL, 1000000, MIN_US);
    tv_stats_update(&cur, &prev, 2000000, MIN_US);
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(near(cur.cpu_pct, 200.0));
}

static void
test_update_first_sample(void **state)
{
    tv_domain_history h;
    tv_domain cur = sample(123, 0, 0);
    cur.hist = &h;
    h.cpu.len = 7; /* garbage that must be cleared */
    tv_stats_update(&cur, NULL, 1000000, MIN_US);
    assert_false(cur.valid & TV_DOM_HAS_CPU);
    assert_false(cur.valid & TV_DOM_HAS_DISK);
    assert_int_equal(h.cpu.len, 0);
    assert_int_equal(cur.base.cpu_us, 1000000); /* the next rate measures from here */
}

static void
test_update_rates_and_history(void **state)
{
    tv_domain_history hp, hc, hn;
    tv_domain prev = sample(1000000000ULL, 1000, 2000), cur, next;
    prev.hist = &hp;
    prev.valid |= TV_DOM_RAW_NET;
    prev.rx_bytes = 10;
    prev.tx_bytes = 20;
    tv_stats_update(&prev, NULL, 1000000, MIN_US);

    cur = sample(1500000000ULL, 5000, 2000); /* +0.5 s CPU in 1 s = 50 %, +4000 B/s */
    cur.hist = &hc;
    cur.valid |= TV_DOM_RAW_NET;
    cur.rx_bytes = 110;
    cur.tx_bytes = 20;
    tv_stats_update(&cur, &prev, 2000000, MIN_US);
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(near(cur.cpu_pct, 50.0));
    assert_true(near(cur.rd_bps, 4000.0));
    assert_true(cur.wr_bps == 0.0);
    assert_true(near(cur.rx_bps, 100.0));
    assert_int_equal(hc.cpu.len, 1);
    assert_true(fabs(tv_ring_last(&hc.disk) - 4000.0f) < 1e-3);
    assert_int_equal(hp.cpu.len, 0); /* the previous record's history is untouched */

    /* Counters fell back (a disk was unplugged): no rate, measured afresh. */
    next = sample(2000000000ULL, 0, 0);
    next.hist = &hn;
    tv_stats_update(&next, &cur, 3000000, MIN_US);
    assert_true(next.valid & TV_DOM_HAS_CPU);
    assert_false(next.valid & TV_DOM_HAS_DISK);
    assert_int_equal(next.base.disk_us, 3000000);
    /* No net counters in this sample: the last ones, their base and, for a
     * short while, their rates carry on. */
    assert_true(next.valid & TV_DOM_HAS_NET);
    assert_true(near(next.rx_bps, 100.0));
    assert_true(next.valid & TV_DOM_RAW_NET);
    assert_int_equal(next.base.net_us, 2000000);
    assert_int_equal(hn.cpu.len, 2); /* history kept and extended */
}

static void
test_no_history_wanted(void **state)
{
    tv_domain prev = sample(0, 0, 0), cur = sample(1000000000ULL, 0, 0);
    tv_stats_update(&prev, NULL, 0, MIN_US);
    tv_stats_update(&cur, &prev, 1000000, MIN_US); /* rates with nowhere to keep history */
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(near(cur.cpu_pct, 100.0));
}

static void
test_missing_counter_in_previous(void **state)
{
    tv_domain prev = sample(0, 0, 0), cur = sample(99999, 0, 0);
    prev.valid = 0; /* libvirt gave no counters last time */
    tv_stats_update(&prev, NULL, 0, MIN_US);
    tv_stats_update(&cur, &prev, 1000000, MIN_US);
    assert_false(cur.valid & TV_DOM_HAS_CPU);
    assert_int_equal(cur.base.cpu_us, 1000000);
}

static void
test_skipped_sample_spans(void **state)
{
    /* libvirt left the disk counters out of the middle sample (the domain was
     * busy with another client's job): the rate then spans both intervals. */
    tv_domain a = sample(0, 0, 1000), b = sample(0, 0, 0), c = sample(0, 0, 5000);
    tv_stats_update(&a, NULL, 1000000, MIN_US);
    b.valid = TV_DOM_RAW_CPU;
    tv_stats_update(&b, &a, 2000000, MIN_US);
    assert_true(b.valid & TV_DOM_RAW_DISK);
    assert_int_equal(b.wr_bytes, 1000);
    assert_int_equal(b.base.disk_us, 1000000);
    tv_stats_update(&c, &b, 3000000, MIN_US);
    assert_true(c.valid & TV_DOM_HAS_DISK);
    assert_true(near(c.wr_bps, 2000.0)); /* 4000 bytes over 2 s */
}

static void
test_slow_call_widens_the_interval(void **state)
{
    /* The base came from a call that took 600 ms (a busy daemon): libvirt read
     * it at some time within.  A rate over the 0.7 s to the next fast sample
     * could be off by nearly half: the old rate stands until the interval is
     * five times the uncertainty, and the sample counts from the call's middle. */
    tv_domain a = sample(0, 0, 0), b = sample(1000000000ULL, 0, 0);
    tv_domain c = sample(1700000000ULL, 0, 0), d = sample(2700000000ULL, 0, 0);
    tv_stats_update_window(&a, NULL, -2000000, -2000000, MIN_US);
    tv_stats_update_window(&b, &a, 0, 600000, MIN_US); /* mid 0.3 s, +-0.3 s */
    assert_true(near(b.cpu_pct, 100.0 * 1.0 / 2.3));
    tv_stats_update_window(&c, &b, 1000000, 1000000, MIN_US);
    assert_true(near(c.cpu_pct, b.cpu_pct)); /* kept: 0.7 s < 5 x 0.3 s */
    assert_int_equal(c.base.cpu_us, 300000);
    tv_stats_update_window(&d, &c, 2000000, 2000000, MIN_US);
    assert_true(near(d.cpu_pct, 100.0)); /* 1.7 s of CPU over 1.7 s from the middle */
    assert_int_equal(d.base.cpu_unc_us, 0);
}

static void
test_left_out_too_long(void **state)
{
    /* libvirt leaves the disk counters out refresh after refresh (a hung
     * monitor): the last rate stands for a few seconds, then shows as none. */
    tv_domain a = sample(0, 0, 0), b = sample(0, 0, 4096), c = sample(0, 0, 0);
    tv_domain d = sample(0, 0, 0);
    tv_stats_update(&a, NULL, 0, MIN_US);
    tv_stats_update(&b, &a, 1000000, MIN_US);
    assert_true(near(b.wr_bps, 4096.0));
    c.valid = TV_DOM_RAW_CPU;
    tv_stats_update(&c, &b, 3000000, MIN_US);
    assert_true(c.valid & TV_DOM_HAS_DISK); /* 2 s since the last counters */
    d.valid = TV_DOM_RAW_CPU;
    tv_stats_update(&d, &c, 1000000 + TV_RATE_STALE_US + 1, MIN_US);
    assert_false(d.valid & TV_DOM_HAS_DISK);
    assert_true(d.valid & TV_DOM_RAW_DISK); /* the base still waits for fresh counters */
    assert_int_equal(d.base.disk_us, 1000000);
}

static void
test_short_interval_keeps_rates(void **state)
{
    /* An event refresh 10 ms after the last one: the 4 KiB written in
     * between would read 400 KB/s.  The previous rates stand, and the next
     * refresh measures from the older sample. */
    tv_domain_history ha, hb, hc, hd;
    tv_domain a = sample(0, 0, 0), b = sample(100000000ULL, 0, 4096);
    tv_domain c = sample(110000000ULL, 0, 8192), d = sample(200000000ULL, 0, 8192);
    a.hist = &ha;
    b.hist = &hb;
    c.hist = &hc;
    d.hist = &hd;
    tv_stats_update(&a, NULL, 0, MIN_US);
    tv_stats_update(&b, &a, 1000000, MIN_US);
    assert_true(near(b.cpu_pct, 10.0));
    assert_true(near(b.wr_bps, 4096.0));
    tv_stats_update(&c, &b, 1010000, MIN_US);
    assert_true(c.valid & TV_DOM_HAS_CPU);
    assert_true(near(c.cpu_pct, 10.0));
    assert_true(near(c.wr_bps, 4096.0));
    assert_int_equal(c.base.cpu_us, 1000000);
    assert_int_equal(hc.cpu.len, 1); /* nothing new measured, nothing pushed */
    assert_int_equal(c.cpu_time_ns, 110000000ULL); /* the latest counter is shown */
    tv_stats_update(&d, &c, 2000000, MIN_US);
    assert_true(near(d.cpu_pct, 10.0));   /* 100 ms of CPU over 1 s */
    assert_true(near(d.wr_bps, 4096.0)); /* 4096 bytes over 1 s */
    assert_int_equal(hd.cpu.len, 2);
}

static void
test_not_running_has_no_rates(void **state)
{
    tv_domain_history ha, hb, hc;
    tv_domain a = sample(1000000000ULL, 0, 0), b = sample(2000000000ULL, 0, 0);
    tv_domain c = sample(9000000000ULL, 4096, 4096);
    a.hist = &ha;
    b.hist = &hb;
    c.hist = &hc;
    tv_stats_update(&a, NULL, 0, MIN_US);
    tv_stats_update(&b, &a, 1000000, MIN_US);
    assert_true(near(b.cpu_pct, 100.0));
    /* Forced off: libvirt still reports a rising cpu.time (no cgroups). */
    c.state = TV_DOM_SHUTOFF;
    c.id = -1;
    tv_stats_update(&c, &b, 2000000, MIN_US);
    assert_false(c.valid & (TV_DOM_HAS_CPU | TV_DOM_HAS_DISK | TV_DOM_HAS_NET));
    assert_false(c.valid & (TV_DOM_RAW_CPU | TV_DOM_RAW_DISK | TV_DOM_RAW_NET));
    assert_int_equal(hc.cpu.len, 0);
    assert_int_equal(c.cpu_time_ns, 0);
}

static void
test_paused_has_no_rates(void **state)
{
    tv_domain_history h[4];
    tv_domain a = sample(0, 0, 0), b = sample(500000000ULL, 0, 0);
    tv_domain c = sample(500000000ULL, 0, 0), d = sample(700000000ULL, 0, 0);
    tv_domain e = sample(900000000ULL, 0, 0);
    a.hist = &h[0];
    b.hist = &h[1];
    c.hist = &h[2];
    d.hist = &h[3];
    tv_stats_update(&a, NULL, 0, MIN_US);
    tv_stats_update(&b, &a, 1000000, MIN_US);
    assert_true(near(b.cpu_pct, 50.0));
    c.state = TV_DOM_PAUSED;
    tv_stats_update(&c, &b, 2000000, MIN_US);
    assert_false(c.valid & TV_DOM_HAS_CPU);
    assert_true(c.valid & TV_DOM_RAW_CPU); /* the process lives: its CPU time shows */
    assert_int_equal(h[2].cpu.len, 0);
    /* Resumed: measured afresh from the first running sample. */
    tv_stats_update(&d, &c, 2300000, MIN_US);
    assert_false(d.valid & TV_DOM_HAS_CPU);
    assert_int_equal(d.base.cpu_us, 2300000);
    tv_stats_update(&e, &d, 3300000, MIN_US);
    assert_true(near(e.cpu_pct, 20.0));
}

static void
test_state_classes(void **state)
{
    tv_domain a = sample(0, 0, 0), b = sample(1000000000ULL, 0, 0);
    assert_int_equal(tv_stats_run_class(TV_DOM_RUNNING), tv_stats_run_class(TV_DOM_BLOCKED));
    assert_int_equal(tv_stats_run_class(TV_DOM_PAUSED), 0);
    assert_int_equal(tv_stats_run_class(TV_DOM_SHUTOFF), 0);
    assert_int_equal(tv_stats_run_class(TV_DOM_CRASHED), 0);
    assert_int_equal(tv_stats_run_class(TV_DOM_PMSUSPENDED), 0);
    assert_true(tv_stats_run_class(TV_DOM_SHUTDOWN) != 0);
    assert_true(tv_stats_run_class(TV_DOM_SHUTDOWN) != tv_stats_run_class(TV_DOM_RUNNING));
    /* Running, then shutting down: a state change in between, no rate. */
    tv_stats_update(&a, NULL, 0, MIN_US);
    b.state = TV_DOM_SHUTDOWN;
    tv_stats_update(&b, &a, 1000000, MIN_US);
    assert_false(b.valid & TV_DOM_HAS_CPU);
}

static void
test_min_interval(void **state)
{
    assert_int_equal(tv_stats_min_interval_us(2.0), 1000000);
    assert_int_equal(tv_stats_min_interval_us(1.0), 500000);
    assert_int_equal(tv_stats_min_interval_us(0.0), 250000);
    assert_int_equal(tv_stats_min_interval_us(60.0), 1000000);
}

static void
test_run_predates(void **state)
{
    tv_domain d = sample(5000000000ULL, 0, 0); /* 5 s of CPU */
    /* 2 CPUs for 2 s give at most 4 s: this run is older than 2 s. */
    assert_true(tv_stats_run_predates(&d, 2, 0, 2000000));
    /* 2 CPUs for 3 s could give 6 s: a run younger than 3 s cannot be ruled out. */
    assert_false(tv_stats_run_predates(&d, 2, 0, 3000000));
    assert_false(tv_stats_run_predates(&d, 0, 0, 1000)); /* CPU count unknown */
    d.valid = 0;
    assert_false(tv_stats_run_predates(&d, 2, 0, 1000)); /* no CPU counter */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_cpu_pct),
        cmocka_unit_test(test_update_first_sample),
        cmocka_unit_test(test_update_rates_and_history),
        cmocka_unit_test(test_missing_counter_in_previous),
        cmocka_unit_test(test_no_history_wanted),
        cmocka_unit_test(test_skipped_sample_spans),
        cmocka_unit_test(test_short_interval_keeps_rates),
        cmocka_unit_test(test_left_out_too_long),
        cmocka_unit_test(test_slow_call_widens_the_interval),
        cmocka_unit_test(test_not_running_has_no_rates),
        cmocka_unit_test(test_paused_has_no_rates),
        cmocka_unit_test(test_state_classes),
        cmocka_unit_test(test_min_interval),
        cmocka_unit_test(test_run_predates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
