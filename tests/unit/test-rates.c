/*
 * Rates through the refresh code on libvirt's test driver: real domains
 * (their names, UUIDs and IDs come from libvirt) with synthetic counters
 * fed as stats records, in the sequences that used to show wrong figures:
 * another domain started before a steady one, a refresh 10 ms after the
 * last, a domain destroyed while libvirt's counters keep rising, started,
 * restarted with a new ID between two samples, renamed, and replaced by
 * another domain of the same name.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "tv-test.h"
#include "tv-fixtures.h"
#include "model/refresh.h"
#include "model/stats.h"
#include "util/cleanup.h"

#define SEC 1000000

/* One domain as the bulk stats call would report it. */
typedef struct fake {
    const char *name;
    int state; /* VIR_DOMAIN_* */
    unsigned long long cpu_ns, wr_bytes;
} fake;

static virConnectPtr conn;

static void
silent(void *data, virErrorPtr err)
{
}

static void
set_param(virTypedParameter *p, const char *field, unsigned long long v, bool is_int)
{
    g_strlcpy(p->field, field, VIR_TYPED_PARAM_FIELD_LENGTH);
    if (is_int) {
        p->type = VIR_TYPED_PARAM_INT;
        p->value.i = (int)v;
    } else {
        p->type = VIR_TYPED_PARAM_ULLONG;
        p->value.ul = v;
    }
}

static virDomainStatsRecordPtr *
make_records(const fake *f, int n)
{
    virDomainStatsRecordPtr *recs = g_new0(virDomainStatsRecordPtr, n + 1);
    for (int i = 0; i < n; i++) {
        virDomainStatsRecordPtr r = g_new0(virDomainStatsRecord, 1);
        r->dom = virDomainLookupByName(conn, f[i].name);
        assert_non_null(r->dom);
        r->params = g_new0(virTypedParameter, 3);
        set_param(&r->params[0], "state.state", (unsigned long long)f[i].state, true);
        set_param(&r->params[1], "cpu.time", f[i].cpu_ns, false);
        set_param(&r->params[2], "block.0.wr.bytes", f[i].wr_bytes, false);
        r->nparams = 3;
        recs[i] = r;
    }
    return recs;
}

static void
free_records(virDomainStatsRecordPtr *recs, int n)
{
    for (int i = 0; i < n; i++) {
        virDomainFree(recs[i]->dom);
        g_free(recs[i]->params);
        g_free(recs[i]);
    }
    g_free(recs);
}

/*
 * One refresh at time t_us (the call taking 1 ms) on the previous snapshot
 * *snap, which it replaces.  host_cpus 1 keeps the CPU-time proof from
 * vouching for these small counters, so the domain ID decides.
 */
static void
refresh_at(tv_host_snapshot **snap, const fake *f, int n, gint64 t_us, GHashTable *stale)
{
    virDomainStatsRecordPtr *recs = make_records(f, n);
    tv_host_snapshot *next = g_atomic_rc_box_new0(tv_host_snapshot);
    tv_refresh_params p = {
        .stale = stale,
        .trust_prev = *snap != NULL,
        .wants = TV_WANT_HISTORY,
        .min_interval_us = SEC / 2,
        .host_cpus = 1,
        .started_us = t_us - 1000,
        .taken_us = t_us,
    };
    assert_int_equal(tv_refresh_domains_from(recs, n, *snap, next, &p), 0);
    free_records(recs, n);
    if (*snap)
        tv_host_snapshot_unref(*snap);
    *snap = next;
}

static const tv_domain *
dom(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; i < s->n_domains; i++) {
        if (strcmp(s->domains[i].name, name) == 0)
            return &s->domains[i];
    }
    fail_msg("no domain %s in the snapshot", name);
    return NULL;
}

static bool
near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

static void
define_and_start(const char *name)
{
    g_autofree char *uuid = tv_test_define_domain(conn, name, NULL, NULL, NULL, NULL);
    g_autoptr(virDomain) d = virDomainLookupByUUIDString(conn, uuid);
    assert_int_equal(virDomainCreate(d), 0);
}

static void
restart(const char *name)
{
    g_autoptr(virDomain) d = virDomainLookupByName(conn, name);
    assert_int_equal(virDomainDestroy(d), 0);
    assert_int_equal(virDomainCreate(d), 0);
}

static void
remove_domain(const char *name)
{
    g_autoptr(virDomain) d = virDomainLookupByName(conn, name);
    if (!d)
        return;
    virDomainDestroy(d);
    virDomainUndefine(d);
    virResetLastError();
}

static void
test_steady_domain_and_its_neighbours(void **state)
{
    tv_host_snapshot *s = NULL;
    const tv_domain *a;
    const int R = VIR_DOMAIN_RUNNING, OFF = VIR_DOMAIN_SHUTOFF;

    define_and_start("ra");
    define_and_start("rb");
    g_free(tv_test_define_domain(conn, "rc", NULL, NULL, NULL, NULL)); /* shut off */

    refresh_at(&s, (fake[]){ { "ra", R, 0, 0 }, { "rc", OFF, 7000000000ULL, 0 } }, 2, 1 * SEC,
               NULL);
    assert_false(dom(s, "ra")->valid & TV_DOM_HAS_CPU); /* one sample: no rate yet */

    refresh_at(&s, (fake[]){ { "ra", R, 60000000ULL, 4096 }, { "rc", OFF, 7500000000ULL, 0 } },
               2, 2 * SEC, NULL);
    a = dom(s, "ra");
    assert_true(near(a->cpu_pct, 6.0));
    assert_true(near(a->wr_bps, 4096.0));
    /* A shut-off domain whose counters rise (no cgroups) shows no load. */
    assert_false(dom(s, "rc")->valid & (TV_DOM_HAS_CPU | TV_DOM_HAS_DISK | TV_DOM_RAW_CPU));
    assert_int_equal(s->histories[1].cpu.len, 0);

    /* rb starts and lands before ra in the list; its event refreshes 10 ms later. */
    refresh_at(&s,
               (fake[]){ { "rb", R, 5000000ULL, 0 }, { "ra", R, 70000000ULL, 8192 },
                         { "rc", OFF, 7600000000ULL, 0 } },
               3, 2 * SEC + 10000, NULL);
    a = dom(s, "ra");
    assert_true(near(a->cpu_pct, 6.0)); /* kept, not 1000 % or 0 */
    assert_true(near(a->wr_bps, 4096.0));
    assert_false(dom(s, "rb")->valid & TV_DOM_HAS_CPU);

    refresh_at(&s,
               (fake[]){ { "rb", R, 2005000000ULL, 0 }, { "ra", R, 120000000ULL, 8192 },
                         { "rc", OFF, 9000000000ULL, 0 } },
               3, 3 * SEC, NULL);
    a = dom(s, "ra");
    assert_true(near(a->cpu_pct, 6.0)); /* 60 ms over 1 s, from the older sample */
    assert_true(near(a->wr_bps, 4096.0));
    assert_true(near(dom(s, "rb")->cpu_pct, 100.0 * 2.0 / 0.99));
    assert_int_equal(s->histories[1].cpu.len, 2);

    /* rb is destroyed; libvirt keeps counting for it. */
    {
        g_autoptr(virDomain) d = virDomainLookupByName(conn, "rb");
        assert_int_equal(virDomainDestroy(d), 0);
    }
    refresh_at(&s,
               (fake[]){ { "rb", OFF, 9000000000ULL, 9999 }, { "ra", R, 180000000ULL, 12288 },
                         { "rc", OFF, 9100000000ULL, 0 } },
               3, 4 * SEC, NULL);
    assert_false(dom(s, "rb")->valid & (TV_DOM_HAS_CPU | TV_DOM_HAS_DISK));
    assert_int_equal(s->histories[0].cpu.len, 0);
    assert_true(near(dom(s, "ra")->cpu_pct, 6.0));

    /* rb starts again: the first running sample has no rate, the next one has. */
    {
        g_autoptr(virDomain) d = virDomainLookupByName(conn, "rb");
        assert_int_equal(virDomainCreate(d), 0);
    }
    refresh_at(&s,
               (fake[]){ { "rb", R, 100000000ULL, 0 }, { "ra", R, 240000000ULL, 12288 },
                         { "rc", OFF, 9200000000ULL, 0 } },
               3, 5 * SEC, NULL);
    assert_false(dom(s, "rb")->valid & TV_DOM_HAS_CPU);
    refresh_at(&s,
               (fake[]){ { "rb", R, 400000000ULL, 0 }, { "ra", R, 300000000ULL, 12288 },
                         { "rc", OFF, 9300000000ULL, 0 } },
               3, 6 * SEC, NULL);
    assert_true(near(dom(s, "rb")->cpu_pct, 30.0));
    assert_true(near(dom(s, "ra")->cpu_pct, 6.0));
    assert_true(near(dom(s, "ra")->wr_bps, 0.0));

    tv_host_snapshot_unref(s);
    remove_domain("ra");
    remove_domain("rb");
    remove_domain("rc");
}

static void
test_restart_between_samples(void **state)
{
    tv_host_snapshot *s = NULL;
    const int R = VIR_DOMAIN_RUNNING;
    int first_id;

    define_and_start("rr");
    refresh_at(&s, (fake[]){ { "rr", R, 100000000ULL, 0 } }, 1, 1 * SEC, NULL);
    refresh_at(&s, (fake[]){ { "rr", R, 200000000ULL, 0 } }, 1, 2 * SEC, NULL);
    assert_true(near(dom(s, "rr")->cpu_pct, 10.0));
    first_id = dom(s, "rr")->id;

    /* Destroyed and started again between two refreshes, no event seen: the
     * new run's counters happen to be higher, but it is another run. */
    restart("rr");
    refresh_at(&s, (fake[]){ { "rr", R, 300000000ULL, 4096 } }, 1, 3 * SEC, NULL);
    assert_false(dom(s, "rr")->valid & TV_DOM_HAS_CPU);
    assert_true(dom(s, "rr")->id != first_id);
    assert_int_equal(s->histories[0].cpu.len, 0);
    refresh_at(&s, (fake[]){ { "rr", R, 350000000ULL, 4096 } }, 1, 4 * SEC, NULL);
    assert_true(near(dom(s, "rr")->cpu_pct, 5.0));

    tv_host_snapshot_unref(s);
    remove_domain("rr");
}

static void
test_same_name_other_domain(void **state)
{
    tv_host_snapshot *s = NULL;
    const int R = VIR_DOMAIN_RUNNING;
    char first_uuid[TV_UUID_STRLEN];
    g_autofree char *second = NULL;

    define_and_start("rs");
    refresh_at(&s, (fake[]){ { "rs", R, 100000000ULL, 0 } }, 1, 1 * SEC, NULL);
    refresh_at(&s, (fake[]){ { "rs", R, 200000000ULL, 0 } }, 1, 2 * SEC, NULL);
    memcpy(first_uuid, dom(s, "rs")->uuid_str, TV_UUID_STRLEN);

    /* Removed and a new domain defined under the same name, no event seen. */
    remove_domain("rs");
    second = tv_test_define_domain(conn, "rs", NULL, NULL, NULL, NULL);
    {
        g_autoptr(virDomain) d = virDomainLookupByName(conn, "rs");
        assert_int_equal(virDomainCreate(d), 0);
    }
    refresh_at(&s, (fake[]){ { "rs", R, 900000000ULL, 0 } }, 1, 3 * SEC, NULL);
    assert_string_equal(dom(s, "rs")->uuid_str, second);
    assert_string_not_equal(dom(s, "rs")->uuid_str, first_uuid);
    assert_false(dom(s, "rs")->valid & TV_DOM_HAS_CPU);

    tv_host_snapshot_unref(s);
    remove_domain("rs");
}

static void
test_renamed(void **state)
{
    tv_host_snapshot *s = NULL;
    const int R = VIR_DOMAIN_RUNNING, OFF = VIR_DOMAIN_SHUTOFF;
    g_autoptr(GHashTable) stale = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *uuid = tv_test_define_domain(conn, "rn", NULL, NULL, NULL, NULL);

    refresh_at(&s, (fake[]){ { "rn", OFF, 0, 0 } }, 1, 1 * SEC, NULL);
    {
        g_autoptr(virDomain) d = virDomainLookupByName(conn, "rn");
        assert_int_equal(virDomainRename(d, "rn2", 0), 0);
        assert_int_equal(virDomainCreate(d), 0);
    }
    g_hash_table_add(stale, uuid);
    refresh_at(&s, (fake[]){ { "rn2", R, 100000000ULL, 0 } }, 1, 2 * SEC, stale);
    assert_string_equal(dom(s, "rn2")->uuid_str, uuid);
    assert_false(dom(s, "rn2")->valid & TV_DOM_HAS_CPU);
    refresh_at(&s, (fake[]){ { "rn2", R, 300000000ULL, 0 } }, 1, 3 * SEC, NULL);
    assert_true(near(dom(s, "rn2")->cpu_pct, 20.0));

    tv_host_snapshot_unref(s);
    remove_domain("rn2");
}

static void
test_old_run_needs_no_id(void **state)
{
    /* A domain with more CPU time than one CPU gives in the interval must
     * have run before the previous sample: its rate needs no ID check.  A
     * restart is then impossible, so the cached ID stays. */
    tv_host_snapshot *s = NULL;
    const int R = VIR_DOMAIN_RUNNING;
    int id;

    define_and_start("ro");
    refresh_at(&s, (fake[]){ { "ro", R, 50000000000ULL, 0 } }, 1, 1 * SEC, NULL);
    id = dom(s, "ro")->id;
    refresh_at(&s, (fake[]){ { "ro", R, 50500000000ULL, 0 } }, 1, 2 * SEC, NULL);
    assert_true(near(dom(s, "ro")->cpu_pct, 50.0));
    assert_int_equal(dom(s, "ro")->id, id);

    tv_host_snapshot_unref(s);
    remove_domain("ro");
}

static int
setup(void **state)
{
    virSetErrorFunc(NULL, silent);
    conn = virConnectOpen("test:///default");
    return conn ? 0 : -1;
}

static int
teardown(void **state)
{
    virConnectClose(conn);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steady_domain_and_its_neighbours),
        cmocka_unit_test(test_restart_between_samples),
        cmocka_unit_test(test_same_name_other_domain),
        cmocka_unit_test(test_renamed),
        cmocka_unit_test(test_old_run_needs_no_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
