/*
 * The dashboard's arithmetic on job statistics (phase, ETA from the net
 * rate, "not converging", stalls, percent, libvirt's completed figures
 * taking over), the bandwidth steps of + and -, and the history file:
 * a round trip that keeps names with commas, quotes and non-ASCII letters.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tv-test.h"
#include "model/mighistory.h"
#include "model/migpolicy.h"
#include "model/migration.h"
#include "ui/views.h"

#define MIB (1024ull * 1024)

static tv_mig_sample
sample(gint64 at_s, guint64 iteration, guint64 processed, guint64 remaining, guint64 rate_mib,
       guint64 dirty_mib)
{
    return (tv_mig_sample){ .at_us = at_s * G_USEC_PER_SEC,
                            .data_total = 256 * MIB,
                            .data_processed = processed * MIB,
                            .data_remaining = remaining * MIB,
                            .transfer_bps = rate_mib * MIB,
                            .dirty_bps = dirty_mib * MIB,
                            .iteration = iteration };
}

static void
test_phase_and_percent(void **state)
{
    g_autoptr(tv_migration) m = tv_migration_new("web", "u", "a", "b");
    tv_mig_sample s = sample(1, 0, 0, 256, 0, 0);
    double eta;
    (void)state;
    assert_int_equal(m->phase, TV_MIG_SETUP);
    tv_migration_add_sample(m, &s);
    assert_int_equal(m->phase, TV_MIG_SETUP);
    assert_true(tv_migration_percent(m) == 0);
    s = sample(2, 1, 64, 192, 64, 0);
    tv_migration_add_sample(m, &s);
    assert_int_equal(m->phase, TV_MIG_ITERATING);
    assert_true(tv_migration_percent(m) == 25);
    /* The first pass says nothing about convergence. */
    assert_int_equal(tv_migration_eta(m, &eta), TV_MIG_ETA_UNKNOWN);
    s = sample(3, 2, 200, 32, 64, 16);
    tv_migration_add_sample(m, &s);
    assert_int_equal(tv_migration_eta(m, &eta), TV_MIG_ETA_SECONDS);
    assert_true(eta > 0.66 && eta < 0.67); /* 32 MiB at 64 - 16 MiB/s */
    s.postcopy = true;
    s.at_us += G_USEC_PER_SEC;
    tv_migration_add_sample(m, &s);
    assert_int_equal(m->phase, TV_MIG_POSTCOPY);
    assert_int_equal(tv_migration_eta(m, &eta), TV_MIG_ETA_SECONDS);
    assert_true(eta == 0.5); /* post-copy: what is left at the transfer rate */
    assert_int_equal(m->n_hist, 4);
    assert_true(m->transfer_hist[3] == 64 * MIB);
}

static void
test_not_converging(void **state)
{
    g_autoptr(tv_migration) m = tv_migration_new("busy", "u", "a", "b");
    double eta;
    (void)state;
    /* Dirtying as fast as it sends: never converges. */
    for (int i = 0; i < 3; i++) {
        tv_mig_sample s = sample(i, 2, 100 + 50 * i, 60, 50, 50);
        tv_migration_add_sample(m, &s);
    }
    assert_int_equal(tv_migration_eta(m, &eta), TV_MIG_ETA_NOT_CONVERGING);

    /* Net rate positive on paper, but what is left climbs (LAB-FACTS: 46 -> 83 MB). */
    g_autoptr(tv_migration) n = tv_migration_new("busy", "u", "a", "b");
    static const guint64 left[] = { 60, 46, 50, 57, 60, 66, 72, 78, 83 };
    for (size_t i = 0; i < G_N_ELEMENTS(left); i++) {
        tv_mig_sample s = sample((gint64)i, 2 + i, 100 + 50 * i, left[i], 50, 33);
        tv_migration_add_sample(n, &s);
    }
    assert_int_equal(tv_migration_eta(n, &eta), TV_MIG_ETA_NOT_CONVERGING);
}

static void
test_stall(void **state)
{
    g_autoptr(tv_migration) m = tv_migration_new("web", "u", "a", "b");
    tv_mig_sample s = sample(10, 1, 64, 192, 64, 0);
    (void)state;
    assert_true(tv_migration_stalled_s(m, 20 * G_USEC_PER_SEC) == 0); /* no reading yet */
    tv_migration_add_sample(m, &s);
    s.at_us = 15 * G_USEC_PER_SEC; /* the same data five seconds later: the link is gone */
    tv_migration_add_sample(m, &s);
    assert_true(tv_migration_stalled_s(m, 16 * G_USEC_PER_SEC) == 6);
    s = sample(17, 1, 65, 191, 1, 0);
    tv_migration_add_sample(m, &s);
    assert_true(tv_migration_stalled_s(m, 17 * G_USEC_PER_SEC) == 0);
    m->phase = TV_MIG_FAILED;
    assert_true(tv_migration_stalled_s(m, 60 * G_USEC_PER_SEC) == 0);
}

static void
test_completed_takes_over(void **state)
{
    g_autoptr(tv_migration) m = tv_migration_new("web", "u", "a", "b");
    tv_mig_sample s = sample(1, 1, 64, 192, 300, 0);
    (void)state;
    tv_migration_add_sample(m, &s);
    tv_migration_add_stat(m, "time_elapsed", "826");
    tv_migration_add_stat(m, "downtime", "121");
    tv_migration_add_stat(m, "data_total", "269230080");
    tv_migration_add_stat(m, "data_remaining", "0");
    tv_migration_add_stat(m, "memory_iteration", "3");
    m->phase = TV_MIG_DONE;
    tv_migration_take_completed(m);
    assert_true(m->now.elapsed_ms == 826);
    assert_true(m->now.downtime_ms == 121);
    assert_true(m->now.data_total == 269230080);
    assert_true(m->now.data_remaining == 0);
    assert_true(m->now.iteration == 3);
    assert_true(tv_migration_percent(m) == 100);
    assert_string_equal(tv_migration_stat(m, "downtime"), "121");
    assert_null(tv_migration_stat(m, "nothing"));
}

static void
test_bandwidth_steps(void **state)
{
    (void)state;
    assert_true(tv_migration_bandwidth_step(8, 0, true) == 16);
    assert_true(tv_migration_bandwidth_step(16, 0, false) == 8);
    assert_true(tv_migration_bandwidth_step(20, 0, true) == 32);  /* a typed cap joins the ladder */
    assert_true(tv_migration_bandwidth_step(20, 0, false) == 16);
    assert_true(tv_migration_bandwidth_step(1, 0, false) == 1);   /* never below 1 MiB/s */
    assert_true(tv_migration_bandwidth_step(2048, 0, true) == 0); /* above the top: no cap */
    assert_true(tv_migration_bandwidth_step(0, 0, true) == 0);    /* no cap stays none */
    /* From no cap, - starts under what it moves now (300 MiB/s -> 256). */
    assert_true(tv_migration_bandwidth_step(0, 300 * MIB, false) == 256);
}

static void
test_policy_parse(void **state)
{
    tv_mig_policy p = { 0 };
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
    (void)state;
    assert_true(tv_mig_policy_parse_postcopy_after("30", &p, &e1));
    assert_true(p.postcopy_after_s == 30 && p.postcopy_after_iter == 0);
    assert_true(tv_mig_policy_parse_postcopy_after("5i", &p, &e1));
    assert_true(p.postcopy_after_iter == 5);
    assert_true(tv_mig_policy_parse_postcopy_after("2.5s", &p, &e1));
    assert_true(p.postcopy_after_s == 2.5);
    assert_false(tv_mig_policy_parse_postcopy_after("soon", &p, &e2));
    assert_non_null(strstr(e2, "seconds (30) or iterations (5i)"));
    assert_false(tv_mig_policy_parse_postcopy_after("0", &p, &e3));
    assert_true(tv_mig_policy_parse_ramp("2000/5/10", &p, &e4));
    assert_true(p.ramp_max_ms == 2000 && p.ramp_steps == 5 && p.ramp_every_s == 10);
    g_clear_pointer(&e4, g_free);
    assert_false(tv_mig_policy_parse_ramp("2000/5", &p, &e4));
    assert_non_null(strstr(e4, "MAX_MS/STEPS/SECONDS"));
}

/* Runs the policy over a migration with samples at the given elapsed seconds. */
static void
test_policy_decisions(void **state)
{
    tv_mig_policy p = { .postcopy_after_s = 6, .ramp_max_ms = 1300, .ramp_steps = 2,
                        .ramp_every_s = 2, .stall_abort_s = 4 };
    tv_mig_policy_state st = { 0 };
    g_autoptr(tv_migration) m = tv_migration_new("busy", "u", "a", "b");
    guint64 downtime = 0;
    char *why = NULL;
    tv_mig_sample s = sample(1, 1, 10, 200, 50, 60);
    (void)state;

    s.elapsed_ms = 1000;
    tv_migration_add_sample(m, &s);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_NONE);
    s = sample(2, 2, 20, 200, 50, 60);
    s.elapsed_ms = 2000;
    tv_migration_add_sample(m, &s);
    /* At 2 s the first step: halfway from 300 to 1300 ms. */
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_DOWNTIME);
    assert_true(downtime == 800);
    assert_non_null(strstr(why, "step 1 of 2"));
    g_clear_pointer(&why, g_free);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_NONE); /* one step per period */
    s = sample(4, 3, 30, 200, 50, 60);
    s.elapsed_ms = 4000;
    tv_migration_add_sample(m, &s);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_DOWNTIME);
    assert_true(downtime == 1300);
    g_clear_pointer(&why, g_free);
    s = sample(6, 4, 40, 200, 50, 60);
    s.elapsed_ms = 6000;
    tv_migration_add_sample(m, &s);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_POSTCOPY);
    assert_non_null(strstr(why, "after 6.0 s"));
    g_clear_pointer(&why, g_free);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us, 300, &downtime, &why),
                     TV_POLICY_NONE); /* once */
    /* No data moving for 4 s: abort. */
    s.at_us += 1;
    tv_migration_add_sample(m, &s);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us + 4 * G_USEC_PER_SEC, 300,
                                        &downtime, &why),
                     TV_POLICY_ABORT);
    assert_non_null(strstr(why, "no data moved for 4 s"));
    g_clear_pointer(&why, g_free);
    assert_int_equal(tv_mig_policy_next(&p, &st, m, s.at_us + 9 * G_USEC_PER_SEC, 300,
                                        &downtime, &why),
                     TV_POLICY_NONE); /* nothing after an abort */

    /* By iterations. */
    tv_mig_policy q = { .postcopy_after_iter = 3 };
    tv_mig_policy_state qs = { 0 };
    g_autoptr(tv_migration) n = tv_migration_new("busy", "u", "a", "b");
    s = sample(1, 2, 10, 200, 50, 60);
    tv_migration_add_sample(n, &s);
    assert_int_equal(tv_mig_policy_next(&q, &qs, n, s.at_us, 300, &downtime, &why),
                     TV_POLICY_NONE);
    s = sample(2, 3, 20, 200, 50, 60);
    tv_migration_add_sample(n, &s);
    assert_int_equal(tv_mig_policy_next(&q, &qs, n, s.at_us, 300, &downtime, &why),
                     TV_POLICY_POSTCOPY);
    assert_non_null(strstr(why, "iteration 3"));
    g_free(why);
}

static void
test_history_round_trip(void **state)
{
    g_autofree char *dir = g_dir_make_tmp("tv-mighist-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sub", "migrations.csv", NULL);
    g_autoptr(tv_migration) a = tv_migration_new("db, \"main\" ñandú <&>", "u-1", "host a",
                                                 "qemu+tcp://10.0.0.2/system");
    g_autoptr(tv_migration) b = tv_migration_new("web", "u-2", "a", "b");
    g_autoptr(GPtrArray) back = NULL;
    g_autoptr(GError) error = NULL;
    const tv_migration *r;
    (void)state;

    a->mode = g_strdup("live, persistent");
    a->phase = TV_MIG_DONE;
    a->bandwidth_mib = 64;
    a->max_downtime_ms = 300;
    tv_migration_add_stat(a, "time_elapsed", "826");
    tv_migration_add_stat(a, "downtime", "121");
    b->phase = TV_MIG_FAILED;
    b->message = g_strdup("operation failed: line one\nline two, \"quoted\"");
    assert_true(tv_mig_history_append(path, a, &error));
    assert_true(tv_mig_history_append(path, b, &error));
    back = tv_mig_history_load(path, &error);
    assert_non_null(back);
    assert_int_equal(back->len, 2);
    r = back->pdata[0];
    assert_string_equal(r->domain, "db, \"main\" ñandú <&>");
    assert_string_equal(r->dest, "qemu+tcp://10.0.0.2/system");
    assert_string_equal(r->mode, "live, persistent");
    assert_int_equal(r->phase, TV_MIG_DONE);
    assert_true(r->bandwidth_mib == 64 && r->max_downtime_ms == 300);
    assert_string_equal(tv_migration_stat(r, "downtime"), "121");
    assert_true(r->now.elapsed_ms == 826);
    assert_true(r->started_wall / G_USEC_PER_SEC == a->started_wall / G_USEC_PER_SEC);
    r = back->pdata[1];
    assert_int_equal(r->phase, TV_MIG_FAILED);
    assert_string_equal(r->message, "operation failed: line one line two, \"quoted\"");
    {
        g_autofree char *csv = tv_mig_history_csv(back, TRUE);
        assert_true(g_str_has_prefix(csv, "started,domain,uuid,source,dest,"));
        assert_non_null(strstr(csv, "\"db, \"\"main\"\" ñandú <&>\""));
    }
    /* A missing file is an empty history, not an error. */
    g_unlink(path);
    g_clear_pointer(&back, g_ptr_array_unref);
    back = tv_mig_history_load(path, &error);
    assert_non_null(back);
    assert_int_equal(back->len, 0);
    {
        g_autofree char *sub = g_path_get_dirname(path);
        g_rmdir(sub);
        g_rmdir(dir);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phase_and_percent),
        cmocka_unit_test(test_not_converging),
        cmocka_unit_test(test_stall),
        cmocka_unit_test(test_completed_takes_over),
        cmocka_unit_test(test_bandwidth_steps),
        cmocka_unit_test(test_policy_parse),
        cmocka_unit_test(test_policy_decisions),
        cmocka_unit_test(test_history_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
