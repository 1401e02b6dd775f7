/*
 * Rate maths: bytes/s and CPU % from two samples, counters that go
 * backwards, missing counters, and history carried between records.
 */
#include "config.h"

#include <math.h>

#include "tv-test.h"
#include "model/stats.h"

static void
test_rate(void **state)
{
    double r = -1;
    assert_true(tv_stats_rate(1000, 3000, 2.0, &r));
    assert_true(fabs(r - 1000.0) < 1e-9);
    assert_false(tv_stats_rate(3000, 1000, 2.0, &r)); /* went backwards */
    assert_false(tv_stats_rate(0, 10, 0.0, &r));      /* no time passed */
    assert_false(tv_stats_rate(0, 10, -1.0, &r));
}

static void
test_cpu_pct(void **state)
{
    /* Two CPUs busy for 1 s show 200 %, like top. */
    tv_domain prev = { .valid = TV_DOM_RAW_CPU }, cur = { .valid = TV_DOM_RAW_CPU };
    tv_stats_update(&prev, NULL, 1000000);
    cur.cpu_time_ns = 2000000000ULL;
    tv_stats_update(&cur, &prev, 2000000);
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(fabs(cur.cpu_pct - 200.0) < 1e-6);
}

static void
test_update_first_sample(void **state)
{
    tv_domain_history h;
    tv_domain cur = { .hist = &h };
    h.cpu.len = 7; /* garbage that must be cleared */
    cur.valid = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK;
    cur.cpu_time_ns = 123;
    tv_stats_update(&cur, NULL, 1000000);
    assert_false(cur.valid & TV_DOM_HAS_CPU);
    assert_false(cur.valid & TV_DOM_HAS_DISK);
    assert_int_equal(h.cpu.len, 0);
}

static void
test_update_rates_and_history(void **state)
{
    tv_domain_history hp, hc, hn;
    tv_domain prev = { .hist = &hp }, cur = { 0 }, next = { 0 };
    prev.valid = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK | TV_DOM_RAW_NET;
    prev.cpu_time_ns = 1000000000ULL;
    prev.rd_bytes = 1000;
    prev.wr_bytes = 2000;
    prev.rx_bytes = 10;
    prev.tx_bytes = 20;
    tv_stats_update(&prev, NULL, 1000000);

    cur = prev;
    cur.hist = &hc;
    cur.valid = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK | TV_DOM_RAW_NET;
    cur.cpu_time_ns = 1500000000ULL; /* +0.5 s CPU in 1 s = 50 % */
    cur.rd_bytes = 5000;             /* +4000 B/s */
    cur.wr_bytes = 2000;
    cur.rx_bytes = 110;
    cur.tx_bytes = 20;
    tv_stats_update(&cur, &prev, 2000000);
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(fabs(cur.cpu_pct - 50.0) < 1e-6);
    assert_true(fabs(cur.rd_bps - 4000.0) < 1e-6);
    assert_true(cur.wr_bps == 0.0);
    assert_true(fabs(cur.rx_bps - 100.0) < 1e-6);
    assert_int_equal(hc.cpu.len, 1);
    assert_true(fabs(tv_ring_last(&hc.disk) - 4000.0f) < 1e-3);
    assert_int_equal(hp.cpu.len, 0); /* the previous record's history is untouched */

    /* The domain restarted: counters fell back, so no rate this time. */
    next = cur;
    next.hist = &hn;
    next.valid = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK;
    next.cpu_time_ns = 1000;
    next.rd_bytes = 0;
    tv_stats_update(&next, &cur, 3000000);
    assert_false(next.valid & TV_DOM_HAS_CPU);
    assert_false(next.valid & TV_DOM_HAS_DISK);
    /* No net counters in this sample: the last ones and their rate carry on. */
    assert_true(next.valid & TV_DOM_HAS_NET);
    assert_true(fabs(next.rx_bps - 100.0) < 1e-6);
    assert_int_equal(next.net_at_us, 2000000);
    assert_int_equal(hn.cpu.len, 1);            /* history kept */
}

static void
test_no_history_wanted(void **state)
{
    tv_domain prev = { 0 }, cur = { 0 };
    prev.valid = TV_DOM_RAW_CPU;
    cur.valid = TV_DOM_RAW_CPU;
    cur.cpu_time_ns = 1000000000ULL;
    tv_stats_update(&cur, &prev, 1000000); /* rates without anywhere to keep history */
    assert_true(cur.valid & TV_DOM_HAS_CPU);
    assert_true(fabs(cur.cpu_pct - 100.0) < 1e-6);
}

static void
test_missing_counter_in_previous(void **state)
{
    tv_domain prev = { 0 }, cur = { 0 };
    prev.valid = 0; /* e.g. the domain was off */
    cur.valid = TV_DOM_RAW_CPU;
    cur.cpu_time_ns = 99999;
    tv_stats_update(&cur, &prev, 1000000);
    assert_false(cur.valid & TV_DOM_HAS_CPU);
}

static void
test_skipped_sample_spans(void **state)
{
    /* libvirt left the disk counters out of the middle sample (the domain was
     * busy with another client's job): the rate then spans both intervals. */
    tv_domain a = { 0 }, b = { 0 }, c = { 0 };
    a.valid = TV_DOM_RAW_DISK;
    a.wr_bytes = 1000;
    tv_stats_update(&a, NULL, 1000000);
    b.valid = 0;
    tv_stats_update(&b, &a, 2000000);
    assert_true(b.valid & TV_DOM_RAW_DISK);
    assert_int_equal(b.wr_bytes, 1000);
    assert_int_equal(b.disk_at_us, 1000000);
    c.valid = TV_DOM_RAW_DISK;
    c.wr_bytes = 5000;
    tv_stats_update(&c, &b, 3000000);
    assert_true(c.valid & TV_DOM_HAS_DISK);
    assert_true(fabs(c.wr_bps - 2000.0) < 1e-6); /* 4000 bytes over 2 s */
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
