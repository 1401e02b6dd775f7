/*
 * Unit tests for host statistics: the pure rate arithmetic in hoststats.h
 * (CPU share, counter rates, NIC merge across appearing, vanishing and
 * wrapping NICs), the libgtop collector on this machine, the libvirt
 * collector on the test driver (which lacks node memory stats), and
 * tv_vir_last_error from src/util/vir.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "model/hoststats.h"
#include "model/hoststats-remote.h"
#include "util/cleanup.h"

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* ---- pure maths ----------------------------------------------------------- */

static void
test_cpu_pct(void **state)
{
    /* 1000 ticks passed, 500 of them idle: half busy. */
    assert_near(tv_hoststats_cpu_pct(1000, 800, 2000, 1300), 50.0);
    assert_near(tv_hoststats_cpu_pct(1000, 800, 2000, 800), 100.0);
    assert_near(tv_hoststats_cpu_pct(1000, 800, 2000, 1800), 0.0);
    assert_near(tv_hoststats_cpu_pct(0, 0, 4, 1), 75.0);
    /* Idle can never exceed elapsed time; clamp rather than go negative. */
    assert_near(tv_hoststats_cpu_pct(1000, 800, 2000, 2500), 0.0);
    /* No time passed. */
    assert_true(tv_hoststats_cpu_pct(1000, 800, 1000, 800) < 0);
    /* Total went backwards (wrap or reboot), or idle did. */
    assert_true(tv_hoststats_cpu_pct(UINT64_MAX - 10, 5, 20, 5) < 0);
    assert_true(tv_hoststats_cpu_pct(1000, 800, 2000, 700) < 0);
    /* Nanosecond totals beyond 2^53 keep their precision. */
    uint64_t big = (uint64_t)1 << 60;
    assert_near(tv_hoststats_cpu_pct(big, big / 2, big + 1000, big / 2 + 250), 75.0);
}

static void
test_rate(void **state)
{
    assert_near(tv_hoststats_rate(1000, 3000, 2.0), 1000.0);
    assert_near(tv_hoststats_rate(5, 5, 1.0), 0.0);
    assert_near(tv_hoststats_rate(0, 1, 0.5), 2.0);
    assert_true(tv_hoststats_rate(100, 200, 0.0) < 0);
    assert_true(tv_hoststats_rate(100, 200, -1.0) < 0);
    assert_true(tv_hoststats_rate(100, 200, NAN) < 0);
    assert_true(tv_hoststats_rate(UINT64_MAX - 5, 10, 1.0) < 0); /* wrapped */
}

static void
test_nic_rates(void **state)
{
    const tv_nic_counter prev[] = {
        { "eth0", 1000, 2000 },
        { "gone0", 5, 5 },
        { "wrap0", 900, 100 },
        { "eth1", 0, 0 },
    };
    const tv_nic_counter cur[] = {
        { "new0", 10000, 10000 }, /* appeared: no rate yet */
        { "eth1", 500, 0 },
        { "wrap0", 100, 200 }, /* rx went backwards */
        { "eth0", 3000, 2500 },
    };
    tv_hoststats out;

    memset(&out, 0xff, sizeof(out));
    tv_hoststats_nic_rates(prev, G_N_ELEMENTS(prev), cur, G_N_ELEMENTS(cur), 2.0, &out);
    assert_int_equal(out.n_nics, 2);
    assert_string_equal(out.nics[0].name, "eth1");
    assert_near(out.nics[0].rx_bps, 250.0);
    assert_near(out.nics[0].tx_bps, 0.0);
    assert_string_equal(out.nics[1].name, "eth0");
    assert_near(out.nics[1].rx_bps, 1000.0);
    assert_near(out.nics[1].tx_bps, 250.0);

    /* No elapsed time: nothing. */
    tv_hoststats_nic_rates(prev, G_N_ELEMENTS(prev), cur, G_N_ELEMENTS(cur), 0.0, &out);
    assert_int_equal(out.n_nics, 0);

    /* More NICs than fit: capped. */
    tv_nic_counter many[TV_HOSTSTATS_MAX_NICS + 4];
    for (size_t i = 0; i < G_N_ELEMENTS(many); i++) {
        g_snprintf(many[i].name, sizeof(many[i].name), "veth%zu", i);
        many[i].rx_bytes = many[i].tx_bytes = i;
    }
    tv_hoststats_nic_rates(many, G_N_ELEMENTS(many), many, G_N_ELEMENTS(many), 1.0, &out);
    assert_int_equal(out.n_nics, TV_HOSTSTATS_MAX_NICS);
}

/* ---- libgtop collector ---------------------------------------------------- */

static unsigned long long
proc_meminfo_total_kib(void)
{
    g_autofree char *text = NULL;
    unsigned long long kib = 0;

    if (!g_file_get_contents("/proc/meminfo", &text, NULL, NULL))
        return 0;
    const char *line = strstr(text, "MemTotal:");
    if (line)
        kib = g_ascii_strtoull(line + strlen("MemTotal:"), NULL, 10);
    return kib;
}

static void
check_nics(const tv_hoststats *hs)
{
    assert_true(hs->n_nics <= TV_HOSTSTATS_MAX_NICS);
    for (size_t i = 0; i < hs->n_nics; i++) {
        g_autofree char *sys = g_build_filename("/sys/class/net", hs->nics[i].name, NULL);
        assert_string_not_equal(hs->nics[i].name, "lo");
        assert_true(isfinite(hs->nics[i].rx_bps) && hs->nics[i].rx_bps >= 0);
        assert_true(isfinite(hs->nics[i].tx_bps) && hs->nics[i].tx_bps >= 0);
        assert_true(g_file_test(sys, G_FILE_TEST_EXISTS));
    }
}

static bool
machine_has_real_nic(void)
{
    g_autoptr(GDir) dir = g_dir_open("/sys/class/net", 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        if (strcmp(name, "lo") != 0)
            return true;
    }
    return false;
}

static void
test_gtop_collector(void **state)
{
    tv_local_collector *c = tv_local_collector_new();
    tv_local_collector *other = tv_local_collector_new(); /* a second one shares libgtop */
    tv_hoststats hs;

    tv_local_collector_sample(c, &hs);
    /* First sample: levels but no rates. */
    assert_false(hs.valid & TV_HS_CPU);
    assert_false(hs.valid & TV_HS_NICS);
    assert_int_equal(hs.n_nics, 0);
    assert_true(hs.valid & TV_HS_MEM);
    assert_true(hs.valid & TV_HS_LOAD);
    assert_true(hs.mem_total_kib > 0);
    assert_true(hs.mem_used_kib <= hs.mem_total_kib);
    /* libgtop reads /proc/meminfo too; allow for a rounding step. */
    unsigned long long proc_total = proc_meminfo_total_kib();
    assert_true(proc_total > 0);
    assert_true(hs.mem_total_kib + 1 >= proc_total && hs.mem_total_kib <= proc_total + 1);
    for (int i = 0; i < 3; i++)
        assert_true(isfinite(hs.load[i]) && hs.load[i] >= 0);

    /* Rates need a clock tick between samples; bounded, not a fixed sleep. */
    for (int tries = 0; tries < 100; tries++) {
        g_usleep(20 * 1000);
        tv_local_collector_sample(c, &hs);
        if (hs.valid & TV_HS_CPU)
            break;
    }
    assert_true(hs.valid & TV_HS_CPU);
    assert_true(hs.cpu_pct >= 0.0 && hs.cpu_pct <= 100.0);
    assert_true(hs.valid & TV_HS_NICS);
    assert_true(hs.valid & TV_HS_MEM);
    check_nics(&hs);
    if (machine_has_real_nic())
        assert_true(hs.n_nics > 0);

    tv_hoststats hs2;
    tv_local_collector_sample(other, &hs2);
    assert_false(hs2.valid & TV_HS_CPU);
    assert_true(hs2.valid & TV_HS_MEM);

    tv_local_collector_free(other);
    tv_local_collector_free(c);
}

/* ---- libvirt collector and errors ----------------------------------------- */

static void
silent_error(void *data, virErrorPtr err)
{
}

static int
setup_libvirt(void **state)
{
    virSetErrorFunc(NULL, silent_error);
    virConnectPtr conn = virConnectOpen("test:///default");
    if (!conn)
        return -1;
    *state = conn;
    return 0;
}

static int
teardown_libvirt(void **state)
{
    virConnectClose(*state);
    return 0;
}

static void
test_remote_collector_test_driver(void **state)
{
    virConnectPtr conn = *state;
    tv_remote_collector *c = tv_remote_collector_new();
    tv_hoststats hs;

    for (int i = 0; i < 3; i++) {
        tv_remote_collector_sample(c, conn, &hs);
        /* The test driver has no node memory stats and libvirt no load or NICs. */
        assert_false(hs.valid & (TV_HS_MEM | TV_HS_LOAD | TV_HS_NICS));
        assert_int_equal(hs.n_nics, 0);
        /* Its CPU counters are constant, so there is never a rate. */
        assert_false(hs.valid & TV_HS_CPU);
        /* The unsupported call left nothing behind to be reported. */
        assert_null(virGetLastError());
    }

    tv_remote_collector_sample(c, NULL, &hs);
    assert_int_equal(hs.valid, 0);
    tv_remote_collector_free(c);
}

static void
test_vir_last_error(void **state)
{
    virConnectPtr conn = *state;
    int n = 0;
    g_autofree char *none = NULL;
    g_autofree char *none_null = NULL;
    g_autofree char *msg = NULL;

    virResetLastError();
    none = tv_vir_last_error("could not frobnicate");
    assert_string_equal(none, "could not frobnicate");
    none_null = tv_vir_last_error(NULL);
    assert_string_equal(none_null, "unknown libvirt error");

    assert_true(virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) < 0);
    msg = tv_vir_last_error("fallback");
    assert_non_null(strstr(msg, "not supported"));
    virResetLastError();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_pct),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_nic_rates),
        cmocka_unit_test(test_gtop_collector),
        cmocka_unit_test_setup_teardown(test_remote_collector_test_driver, setup_libvirt,
                                        teardown_libvirt),
        cmocka_unit_test_setup_teardown(test_vir_last_error, setup_libvirt, teardown_libvirt),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
