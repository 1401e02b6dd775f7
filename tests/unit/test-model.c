/*
 * Host workers on the test driver: what a snapshot holds after a refresh,
 * events refreshing without waiting for the timer, unreachable hosts with
 * their error and retry, the demo fallback, details, the batch line
 * format, and the labels that tell hosts apart.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "tv-test.h"
#include "tv-fixtures.h"
#include "batch.h"
#include "model/domxml.h"
#include "model/events.h"
#include "model/guestaddr.h"
#include "model/host.h"
#include "model/messages.h"
#include "ui/labels.h"
#include "util/cleanup.h"

static void
silent(void *data, virErrorPtr err)
{
}

typedef bool (*snap_pred)(const tv_host_snapshot *s, const void *arg);

/* Polls the host's snapshot until pred holds or timeout_ms passes. */
static tv_host_snapshot *
wait_for(tv_host *h, snap_pred pred, const void *arg, int timeout_ms)
{
    gint64 until = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    do {
        tv_host_snapshot *s = tv_host_snapshot_get(h);
        if (pred(s, arg))
            return s;
        tv_host_snapshot_unref(s);
        g_usleep(5000);
    } while (g_get_monotonic_time() < until);
    return NULL;
}

static bool
has_domains(const tv_host_snapshot *s, const void *arg)
{
    return s->state == TV_HOST_CONNECTED && s->taken_at_us > 0 &&
           (!arg || (s->storage && s->networks));
}

static tv_host *
start_host(const char *uri, double interval)
{
    tv_host_config cfg = { .uri = uri, .interval_s = interval, .wants = TV_WANT_ALL };
    tv_host *h = tv_host_new(&cfg);
    tv_host_start(h);
    return h;
}

static const tv_domain *
find_by_name(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; i < s->n_domains; i++) {
        if (strcmp(s->domains[i].name, name) == 0)
            return &s->domains[i];
    }
    return NULL;
}

static void
test_fixture_snapshot(void **state)
{
    g_autofree char *uri = g_strdup_printf("test://%s/nodes/host-a.xml", TV_TEST_DATADIR);
    tv_host *h = start_host(uri, 60);
    g_autoptr(tv_host_snapshot) s = wait_for(h, has_domains, "inventory", 5000);
    const tv_domain *web, *db, *cache;
    const tv_pool *images = NULL;

    assert_non_null(s);
    assert_string_equal(s->uri, uri);
    assert_true(s->is_test_driver);
    assert_int_equal(s->n_domains, 3);
    web = find_by_name(s, "web01");
    db = find_by_name(s, "db01");
    cache = find_by_name(s, "cache01");
    assert_non_null(web);
    assert_non_null(db);
    assert_non_null(cache);
    assert_int_equal(web->state, TV_DOM_RUNNING);
    assert_int_equal(db->state, TV_DOM_SHUTOFF);
    assert_int_equal(cache->state, TV_DOM_PAUSED);
    assert_string_equal(web->uuid_str, "11111111-0000-4000-8000-000000000001");
    assert_ptr_equal(tv_host_snapshot_find(s, web->uuid_str), web);
    /* The test driver's stats lack vcpu/balloon: read once from virDomainGetInfo. */
    assert_true(web->valid & TV_DOM_HAS_VCPUS);
    assert_int_equal(web->vcpus, 2);
    assert_int_equal(db->vcpus, 4);
    assert_true(web->valid & TV_DOM_HAS_MEM);
    assert_int_equal(web->mem_kib, 1048576);
    assert_false(web->valid & TV_DOM_HAS_CPU); /* no cpu.time from this driver */
    assert_true(web->valid & TV_DOM_HAS_FLAGS);
    assert_true(web->persistent);
    assert_false(web->autostart);

    assert_true(s->has_node);
    assert_int_equal(s->cpus, 8);
    assert_int_equal(s->mhz, 2400);
    assert_int_equal(s->mem_total_kib, 33554432);

    assert_int_equal(s->storage->n, 2);
    for (size_t i = 0; i < s->storage->n; i++)
        if (strcmp(s->storage->pools[i].name, "images") == 0)
            images = &s->storage->pools[i];
    assert_non_null(images);
    assert_string_equal(images->type, "dir");
    assert_string_equal(images->target_path, "/var/lib/libvirt/images");
    assert_true(images->active);
    assert_int_equal(images->n_volumes, 3);
    /* Who uses each volume: db01 by path, cache01 by <disk type='volume'>. */
    assert_true(s->storage->has_users);
    for (size_t i = 0; i < images->n_volumes; i++) {
        const tv_volume *v = &images->volumes[i];
        g_autofree char *users = g_strjoinv(",", v->used_by);
        if (strcmp(v->name, "db01-data.img") == 0)
            assert_string_equal(users, "cache01,db01");
        else if (strcmp(v->name, "db01.img") == 0)
            assert_string_equal(users, "db01");
        else
            assert_string_equal(users, "web01");
    }
    assert_int_equal(s->networks->n, 2);
    assert_string_equal(s->networks->networks[0].name, "isolated");
    assert_string_equal(s->networks->networks[0].forward_mode, "isolated");
    assert_string_equal(s->networks->networks[1].name, "lan");
    assert_string_equal(s->networks->networks[1].forward_mode, "nat");
    assert_string_equal(s->networks->networks[1].bridge, "virbr1");
    tv_host_free(h);
}

static bool
domain_paused(const tv_host_snapshot *s, const void *name)
{
    const tv_domain *d = s->state == TV_HOST_CONNECTED ? find_by_name(s, name) : NULL;
    return d && d->state == TV_DOM_PAUSED;
}

static void
test_events_refresh_at_once(void **state)
{
    /* A one-hour interval: only the lifecycle event can bring the change. */
    tv_host *h = start_host("test:///default", 3600);
    g_autoptr(tv_host_snapshot) first = wait_for(h, has_domains, NULL, 5000);
    virConnectPtr other = virConnectOpen("test:///default");
    g_autoptr(virDomain) dom = virDomainLookupByName(other, "test");
    g_autoptr(tv_host_snapshot) after = NULL;
    gint64 t0;

    assert_non_null(first);
    assert_non_null(dom);
    t0 = g_get_monotonic_time();
    assert_int_equal(virDomainSuspend(dom), 0);
    after = wait_for(h, domain_paused, "test", 1000);
    assert_non_null(after);
    assert_true(g_get_monotonic_time() - t0 < G_USEC_PER_SEC);
    assert_true(after->generation > first->generation);
    virDomainResume(dom);
    g_clear_pointer(&dom, virDomainFree);
    virConnectClose(other);
    tv_host_free(h);
}

static bool
disconnected(const tv_host_snapshot *s, const void *arg)
{
    return s->state == TV_HOST_DISCONNECTED;
}

static void
test_unreachable_host_reports_and_retries(void **state)
{
    tv_host *h = start_host("test:///nonexistent/node.xml", 1);
    g_autoptr(tv_host_snapshot) s = wait_for(h, disconnected, NULL, 5000);
    assert_non_null(s);
    assert_non_null(s->error);
    assert_non_null(strstr(s->error, "/nonexistent/node.xml"));
    assert_true(s->retry_at_us > g_get_monotonic_time() - G_USEC_PER_SEC);
    assert_int_equal(s->n_domains, 0);
    tv_host_free(h);
}

static bool
connected_any(const tv_host_snapshot *s, const void *arg)
{
    return s->state == TV_HOST_CONNECTED;
}

static void
test_demo_fallback(void **state)
{
    tv_host *h;
    g_autoptr(tv_host_snapshot) s = NULL;
    setenv("LIBVIRT_DEFAULT_URI", "test:///nonexistent/default.xml", 1);
    h = start_host(NULL, 60);
    s = wait_for(h, connected_any, NULL, 5000);
    unsetenv("LIBVIRT_DEFAULT_URI");
    assert_non_null(s);
    assert_true(s->is_demo);
    assert_string_equal(s->uri, "test:///default (demo)");
    tv_host_free(h);
}

static bool
has_details(const tv_host_snapshot *s, const void *uuid)
{
    return s->details && strcmp(s->details->uuid_str, uuid) == 0;
}

static void
test_details_on_request(void **state)
{
    g_autofree char *uri = g_strdup_printf("test://%s/nodes/host-a.xml", TV_TEST_DATADIR);
    tv_host *h = start_host(uri, 60);
    const char *uuid = "11111111-0000-4000-8000-000000000001";
    g_autoptr(tv_host_snapshot) s = NULL;
    g_autoptr(tv_host_snapshot) none = NULL;

    tv_host_set_details(h, uuid);
    s = wait_for(h, has_details, uuid, 5000);
    assert_non_null(s);
    assert_string_equal(s->details->name, "web01");
    assert_int_equal(s->details->disks->len, 1);
    tv_host_set_details(h, NULL);
    tv_host_refresh_now(h);
    g_usleep(200000);
    none = tv_host_snapshot_get(h);
    assert_null(none->details);
    assert_null(none->addrs);
    tv_host_free(h);
}

static bool
has_addrs(const tv_host_snapshot *s, const void *uuid)
{
    return s->details && s->addrs && strcmp(s->addrs->uuid_str, uuid) == 0;
}

/*
 * The addresses of the details domain: the test driver answers every source
 * with an address on the NIC's network (192.0.2.2/24 on lan for web01), so
 * the lease, asked first, gives it; an inactive domain is not asked.
 */
static void
test_addresses_with_details(void **state)
{
    g_autofree char *uri = g_strdup_printf("test://%s/nodes/host-a.xml", TV_TEST_DATADIR);
    tv_host *h = start_host(uri, 60);
    const char *web01 = "11111111-0000-4000-8000-000000000001";
    const char *db01 = "11111111-0000-4000-8000-000000000002";
    g_autoptr(tv_host_snapshot) s = NULL;
    g_autoptr(tv_host_snapshot) off = NULL;
    g_autofree char *nic = NULL, *why = NULL;
    const tv_guest_addr *ad;

    tv_host_set_details(h, web01);
    s = wait_for(h, has_addrs, web01, 5000);
    assert_non_null(s);
    assert_true(s->addrs->active);
    assert_int_equal(s->addrs->source, TV_ADDR_SRC_LEASE);
    assert_int_equal(s->addrs->outcome[TV_ADDR_SRC_LEASE], TV_ADDR_FOUND);
    assert_int_equal(s->addrs->outcome[TV_ADDR_SRC_AGENT], TV_ADDR_NOT_ASKED);
    assert_int_equal(s->addrs->addrs->len, 1);
    ad = &g_array_index(s->addrs->addrs, tv_guest_addr, 0);
    assert_string_equal(ad->addr, "192.0.2.2");
    assert_int_equal(ad->prefix, 24);
    assert_string_equal(ad->mac, "52:54:00:00:00:01");
    nic = tv_guest_addrs_for_mac(s->addrs, "52:54:00:00:00:01");
    assert_string_equal(nic, "192.0.2.2/24 (lease)");

    tv_host_set_details(h, db01);
    off = wait_for(h, has_addrs, db01, 5000);
    assert_non_null(off);
    assert_false(off->addrs->active);
    assert_int_equal(off->addrs->addrs->len, 0);
    why = tv_guest_addrs_why_none(off->addrs);
    assert_string_equal(why, "the domain is not running");
    tv_host_free(h);
}

static void
test_batch_lines(void **state)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    tv_domain d = { .state = TV_DOM_RUNNING, .valid = TV_DOM_HAS_VCPUS | TV_DOM_HAS_CPU,
                    .vcpus = 2, .cpu_pct = 12.34 };
    d.name = g_ref_string_new("q&a \"tools\", <x>");
    tv_batch_format_header(buf, TV_FORMAT_CSV);
    assert_string_equal(buf->str, "time,host,name,state,vcpus,cpu_pct,mem_kib,disk_rd_bps,"
                                  "disk_wr_bps,net_rx_bps,net_tx_bps\n");
    g_string_truncate(buf, 0);
    tv_batch_format_line(buf, TV_FORMAT_CSV, "T", "test:///default", &d);
    assert_string_equal(buf->str,
                        "T,test:///default,\"q&a \"\"tools\"\", <x>\",running,2,12.3,,,,,\n");
    g_string_truncate(buf, 0);
    tv_batch_format_line(buf, TV_FORMAT_JSON, "T", "h", &d);
    assert_string_equal(buf->str,
                        "{\"time\":\"T\",\"host\":\"h\",\"name\":\"q&a \\\"tools\\\", <x>\","
                        "\"state\":\"running\",\"vcpus\":2,\"cpu_pct\":12.3,\"mem_kib\":null,"
                        "\"disk_rd_bps\":null,\"disk_wr_bps\":null,\"net_rx_bps\":null,"
                        "\"net_tx_bps\":null}\n");
    g_ref_string_release(d.name);

    /* Numbers formatted by hand must read like printf's (away from decimal
     * ties such as 9.95, whose binary value printf and v * 10 round apart). */
    {
        const double values[] = { 0, 0.04, 0.06, 0.96, 1, 9.94, 12.34, 99.99, 100, 812.21,
                                  2097152, 123456789012.0 };
        for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
            tv_domain e = { .state = TV_DOM_RUNNING,
                            .valid = TV_DOM_HAS_CPU | TV_DOM_HAS_MEM | TV_DOM_HAS_DISK };
            g_autofree char *want = NULL;
            e.name = g_ref_string_new("n");
            e.cpu_pct = values[i];
            e.mem_kib = (unsigned long long)values[i];
            e.rd_bps = values[i];
            e.wr_bps = values[i];
            g_string_truncate(buf, 0);
            tv_batch_format_line(buf, TV_FORMAT_CSV, "T", "h", &e);
            want = g_strdup_printf("T,h,n,running,,%.1f,%llu,%.0f,%.0f,,\n", values[i],
                                   (unsigned long long)values[i], values[i], values[i]);
            assert_string_equal(buf->str, want);
            g_ref_string_release(e.name);
        }
    }
}

static void
define_with_uuid(virConnectPtr conn, const char *name, const char *uuid)
{
    g_autofree char *got = tv_test_define_domain(conn, name, uuid, NULL, NULL, NULL);
    assert_string_equal(got, uuid);
}

static bool
has_uuid_for(const tv_host_snapshot *s, const void *want)
{
    const char *const *w = want;
    const tv_domain *d = s->state == TV_HOST_CONNECTED ? find_by_name(s, w[0]) : NULL;
    return d && strcmp(d->uuid_str, w[1]) == 0 && tv_host_snapshot_find(s, w[1]) == d;
}

static void
test_same_name_new_domain(void **state)
{
    /* Domains are matched to the last refresh by name; a domain undefined and
     * defined again under the same name must still show its new UUID. */
    const char *first[] = { "swap1", "aaaaaaaa-0000-4000-8000-000000000001" };
    const char *second[] = { "swap1", "bbbbbbbb-0000-4000-8000-000000000002" };
    virConnectPtr conn = virConnectOpen("test:///default");
    tv_host *h;
    g_autoptr(tv_host_snapshot) a = NULL;
    g_autoptr(tv_host_snapshot) b = NULL;
    g_autoptr(virDomain) dom = NULL;

    define_with_uuid(conn, first[0], first[1]);
    h = start_host("test:///default", 3600);
    a = wait_for(h, has_uuid_for, first, 5000);
    assert_non_null(a);
    dom = virDomainLookupByName(conn, "swap1");
    assert_int_equal(virDomainUndefine(dom), 0);
    define_with_uuid(conn, second[0], second[1]);
    b = wait_for(h, has_uuid_for, second, 2000);
    assert_non_null(b);
    g_clear_pointer(&dom, virDomainFree);
    dom = virDomainLookupByName(conn, "swap1");
    virDomainUndefine(dom);
    tv_host_free(h);
    virConnectClose(conn);
}

static void
test_uri_for_open(void **state)
{
    const char *cases[][2] = {
        { "qemu+ssh://root@b/system", "qemu+ssh://root@b/system?no_tty=1" },
        { "qemu+ssh://b/system?keyfile=/k", "qemu+ssh://b/system?keyfile=/k&no_tty=1" },
        { "qemu+ssh://b/system?no_tty=0", "qemu+ssh://b/system?no_tty=0" },
        { "qemu+tcp://b/system", "qemu+tcp://b/system" },
        { "qemu:///system", "qemu:///system" },
        { "test:///default", "test:///default" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *u = tv_uri_for_open(cases[i][0]);
        assert_string_equal(u, cases[i][1]);
    }
}

static void
test_uri_labels(void **state)
{
    /* URI, libvirt's hostname (NULL: not connected yet), label */
    const char *cases[][3] = {
        { "qemu+ssh://root@hostb.example.org/system", NULL, "hostb.example.org" },
        { "qemu+ssh://root@hostb.example.org/system", "b7", "hostb.example.org" },
        { "qemu+tcp://10.0.0.2/system", "labhost", "10.0.0.2" },
        { "qemu+tcp://127.0.0.1:1/system", NULL, "127.0.0.1" },
        { "qemu:///system", NULL, "localhost" },
        { "qemu:///system", "lab-a.example", "lab-a.example" },
        { "qemu:///system", "", "localhost" },
        { "qemu:///session", NULL, "localhost (session)" },
        { "qemu:///session", "lab-a", "lab-a (session)" },
        { "qemu+unix:///system?socket=/var/tmp/a/run/libvirt-sock", NULL, "localhost" },
        { "qemu+unix:///system?socket=/var/tmp/a/run/libvirt-sock", "tvlab-a", "tvlab-a" },
        { "test:///default", NULL, "default" },
        { "test:///default", "thismachine", "default" },
        { "test:///srv/nodes/rack-7.xml", NULL, "rack-7" },
        { "test:///srv/nodes/rack-7.xml", "thismachine", "rack-7" },
        { "test:///srv/long-directory-name-one/host.xml", "thismachine", "host" },
        { NULL, NULL, "default" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *label = tv_uri_label(cases[i][0], cases[i][1]);
        assert_string_equal(label, cases[i][2]);
    }
}

/* Unique labels of hosts given as (host id, label) pairs, in the order given. */
static char **
unique_labels(const unsigned *ids, const char *const *labels, size_t n)
{
    tv_host_snapshot snaps[8];
    const tv_host_snapshot *ptrs[8];
    assert_true(n <= G_N_ELEMENTS(snaps));
    memset(snaps, 0, sizeof(snaps));
    for (size_t i = 0; i < n; i++) {
        snaps[i].host_id = ids[i];
        snaps[i].label = (char *)labels[i];
        snaps[i].uri = (char *)"test:///default";
        ptrs[i] = &snaps[i];
    }
    return tv_host_labels_unique(ptrs, n);
}

static void
assert_labels(char **got, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]);
    assert_null(got[n]);
}

static void
test_unique_labels(void **state)
{
    /* Distinct labels stay as they are. */
    {
        const unsigned ids[] = { 1, 2, 3 };
        const char *const in[] = { "tvlab-a", "tvlab-b", "default" };
        g_auto(GStrv) out = unique_labels(ids, in, 3);
        assert_labels(out, in, 3);
    }
    /* Two node files called host.xml: the second host gets a suffix. */
    {
        const unsigned ids[] = { 4, 5 };
        const char *const in[] = { "host", "host" };
        const char *const want[] = { "host", "host#2" };
        g_auto(GStrv) out = unique_labels(ids, in, 2);
        assert_labels(out, want, 2);
    }
    /* Suffixes go by host id, not by position: the same host keeps its label. */
    {
        const unsigned ids[] = { 9, 3, 7 };
        const char *const in[] = { "node", "node", "node" };
        const char *const want[] = { "node#3", "node", "node#2" };
        g_auto(GStrv) out = unique_labels(ids, in, 3);
        assert_labels(out, want, 3);
    }
    {
        const unsigned ids[] = { 7, 9, 3 };
        const char *const in[] = { "node", "node", "node" };
        const char *const want[] = { "node#2", "node#3", "node" };
        g_auto(GStrv) out = unique_labels(ids, in, 3);
        assert_labels(out, want, 3);
    }
    /* Case does not tell hosts apart; a suffix another host has as its own is skipped. */
    {
        const unsigned ids[] = { 1, 2, 3, 4 };
        const char *const in[] = { "Lab", "lab#2", "lab", "LAB" };
        const char *const want[] = { "Lab", "lab#2", "lab#3", "LAB#4" };
        g_auto(GStrv) out = unique_labels(ids, in, 4);
        assert_labels(out, want, 4);
    }
    /* Two unix sockets on one machine: "localhost" twice until connected... */
    {
        const unsigned ids[] = { 1, 2 };
        const char *const in[] = { "localhost", "localhost" };
        const char *const want[] = { "localhost", "localhost#2" };
        g_auto(GStrv) out = unique_labels(ids, in, 2);
        assert_labels(out, want, 2);
    }
    /* ...then libvirt's hostnames, which differ. */
    {
        const unsigned ids[] = { 1, 2 };
        const char *const in[] = { "tvlab-a", "tvlab-b" };
        g_auto(GStrv) out = unique_labels(ids, in, 2);
        assert_labels(out, in, 2);
    }
    /* None at all. */
    {
        g_auto(GStrv) out = unique_labels(NULL, NULL, 0);
        assert_null(out[0]);
    }
}

/* The front end's labels: made again only when a label or URI changed. */
static void
test_labels_cache(void **state)
{
    tv_host_snapshot snaps[2];
    g_autoptr(GPtrArray) arr = g_ptr_array_new();
    g_autoptr(GPtrArray) hosts = g_ptr_array_new();
    g_autoptr(GString) cell = g_string_new(NULL);
    tv_labels *l = tv_labels_new();
    const char *a = "test:///tmp/x/aaaaaaaa-long-directory-name-one/host.xml";
    const char *b = "test:///tmp/x/aaaaaaaa-long-directory-name-two/host.xml";

    memset(snaps, 0, sizeof(snaps));
    snaps[0] = (tv_host_snapshot){ .host_id = 11, .uri = (char *)a, .label = (char *)"host" };
    snaps[1] = (tv_host_snapshot){ .host_id = 12, .uri = (char *)b, .label = (char *)"host" };
    g_ptr_array_add(arr, &snaps[0]);
    g_ptr_array_add(arr, &snaps[1]);
    /* Before the first update: the snapshot's own label. */
    assert_string_equal(tv_labels_get(l, &snaps[1]), "host");
    assert_true(tv_labels_update(l, hosts, arr));
    assert_string_equal(tv_labels_get(l, &snaps[0]), "host");
    assert_string_equal(tv_labels_get(l, &snaps[1]), "host#2");
    assert_false(tv_labels_update(l, hosts, arr)); /* a refresh: nothing to do */
    assert_string_equal(tv_labels_fit(l, &snaps[1], 5, cell), "host\u2026");
    assert_string_equal(tv_labels_fit(l, &snaps[1], 6, cell), "host#2");
    assert_string_equal(tv_labels_fit_uri(l, &snaps[1], 30, cell),
                        "test:///tmp/x/aaa\u2026two/host.xml");
    assert_int_equal(tv_labels_find(l, "HOST#2"), 12);
    assert_int_equal(tv_labels_find(l, a), 11);
    assert_int_equal(tv_labels_find(l, "host#3"), 0);
    /* Connected: a new label; the other host takes back its own. */
    snaps[0].label = (char *)"lab-a";
    assert_true(tv_labels_update(l, hosts, arr));
    assert_string_equal(tv_labels_get(l, &snaps[0]), "lab-a");
    assert_string_equal(tv_labels_get(l, &snaps[1]), "host");
    /* A host gone. */
    g_ptr_array_remove_index(arr, 0);
    assert_true(tv_labels_update(l, hosts, arr));
    assert_int_equal(tv_labels_find(l, "lab-a"), 0);
    tv_labels_free(l);
}

static int
setup(void **state)
{
    virSetErrorFunc(NULL, silent);
    tv_notify_init();
    return tv_events_start();
}

static int
teardown(void **state)
{
    tv_message m;
    while (tv_message_pop(&m))
        tv_message_clear(&m);
    tv_events_stop();
    tv_notify_shutdown();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_snapshot),
        cmocka_unit_test(test_events_refresh_at_once),
        cmocka_unit_test(test_unreachable_host_reports_and_retries),
        cmocka_unit_test(test_demo_fallback),
        cmocka_unit_test(test_details_on_request),
        cmocka_unit_test(test_addresses_with_details),
        cmocka_unit_test(test_batch_lines),
        cmocka_unit_test(test_uri_labels),
        cmocka_unit_test(test_unique_labels),
        cmocka_unit_test(test_labels_cache),
        cmocka_unit_test(test_uri_for_open),
        cmocka_unit_test(test_same_name_new_domain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
