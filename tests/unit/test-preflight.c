/*
 * The migration preflight: each rule's verdicts on made-up facts (disks
 * after libvirt's own safety rule, convergence against the cap, names,
 * versions, memory, CPU), the checks against a captured capabilities
 * document, the text and JSON forms, and a whole run on the test driver,
 * which answers few of the calls: those checks must warn, never crash.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "actions/action.h"
#include "actions/migrate-preflight.h"
#include "actions/preflight-rules.h"
#include "util/cleanup.h"
#include "util/xml.h"

/* The only check in checks (rules add one each). */
static const tv_preflight_check *
only(GPtrArray *checks)
{
    assert_int_equal(checks->len, 1);
    return checks->pdata[0];
}

static void
assert_check(const tv_preflight_check *c, const char *name, tv_check_verdict verdict,
             const char *in_reason, const char *in_fix)
{
    assert_string_equal(c->name, name);
    if (c->verdict != verdict)
        fail_msg("%s: %s, not %s: %s", c->name, tv_check_verdict_name(c->verdict),
                 tv_check_verdict_name(verdict), c->reason);
    if (in_reason && !strstr(c->reason, in_reason))
        fail_msg("%s: '%s' not in '%s'", c->name, in_reason, c->reason);
    if (verdict == TV_CHECK_PASS)
        assert_null(c->fix);
    else
        assert_non_null(c->fix);
    if (in_fix && !strstr(c->fix, in_fix))
        fail_msg("%s: '%s' not in the fix '%s'", c->name, in_fix, c->fix);
}

/* Runs the disk rule on f and checks its one verdict. */
static void
disk_case(const tv_pf_disk_facts *f, tv_check_verdict verdict, const char *in_reason,
          const char *in_fix)
{
    g_autoptr(GPtrArray) c = tv_preflight_new();
    tv_pf_disk_rule(c, f);
    assert_check(only(c), "disk vda", verdict, in_reason, in_fix);
}

static void
test_pool_storage(void **state)
{
    (void)state;
    assert_int_equal(tv_pf_pool_storage("netfs"), TV_PF_STORAGE_SHARED);
    assert_int_equal(tv_pf_pool_storage("rbd"), TV_PF_STORAGE_SHARED);
    assert_int_equal(tv_pf_pool_storage("iscsi-direct"), TV_PF_STORAGE_SHARED);
    assert_int_equal(tv_pf_pool_storage("dir"), TV_PF_STORAGE_LOCAL);
    assert_int_equal(tv_pf_pool_storage("logical"), TV_PF_STORAGE_LOCAL);
    assert_int_equal(tv_pf_pool_storage("scsi"), TV_PF_STORAGE_UNKNOWN);
    assert_int_equal(tv_pf_pool_storage(NULL), TV_PF_STORAGE_UNKNOWN);
}

static void
test_disk_shared_or_not(void **state)
{
    const char *path = "/srv/images/vm.qcow2";
    tv_pf_disk_facts local = { .target = "vda", .type = "file", .source = path,
                               .pool = "default", .pool_type = "dir", .dest_has_path = true,
                               .dest_path_pool = "default" };
    tv_pf_disk_facts f;
    (void)state;

    /* No medium, read-only and network disks are safe for libvirt. */
    f = (tv_pf_disk_facts){ .target = "vda", .type = "file" };
    disk_case(&f, TV_CHECK_PASS, "no medium", NULL);
    f = (tv_pf_disk_facts){ .target = "vda", .type = "network", .source = "iscsi://h/iqn/1" };
    disk_case(&f, TV_CHECK_PASS, "network disk", NULL);
    f = (tv_pf_disk_facts){ .target = "vda", .type = "file", .source = "/isos/a.iso",
                            .readonly = true };
    disk_case(&f, TV_CHECK_WARN, "not found in any pool of the destination", NULL);
    f.dest_has_path = true;
    disk_case(&f, TV_CHECK_PASS, "read-only", NULL);

    /* Local: refused, unless unsafe says it is shared all the same. */
    disk_case(&local, TV_CHECK_FAIL, "local storage (pool default, dir)",
              "copy_storage=all, or unsafe=yes if the path really is shared");
    f = local;
    f.unsafe = true;
    disk_case(&f, TV_CHECK_WARN, "libvirt calls it unsafe: the disk is on local storage on both",
              NULL);
    f = local;
    f.type = "block";
    f.pool_type = "logical";
    disk_case(&f, TV_CHECK_FAIL, "block device on local storage", "copy_storage=all");

    /* Shared: pass when the destination sees the path, else a warning. */
    f = local;
    f.pool_type = "netfs";
    disk_case(&f, TV_CHECK_PASS, "shared storage", NULL);
    f.dest_has_path = false;
    disk_case(&f, TV_CHECK_WARN, "not found in any pool of the destination", NULL);

    /* In no pool: tvirt cannot tell, so it warns with libvirt's words. */
    f = local;
    f.pool = f.pool_type = NULL;
    f.pool_error = "Storage volume not found: no storage vol with matching path";
    disk_case(&f, TV_CHECK_WARN, "libvirt: \"Storage volume not found", "copy_storage=all");

    /* Offline, libvirt checks nothing: the disk must be there already. */
    f = local;
    f.offline = true;
    disk_case(&f, TV_CHECK_WARN, "stays here", NULL);
    f.pool_type = "netfs";
    disk_case(&f, TV_CHECK_PASS, "the destination has it", NULL);
    f.dest_has_path = false;
    disk_case(&f, TV_CHECK_WARN, "will not start there until it is", NULL);
}

static void
test_disk_copied(void **state)
{
    tv_pf_disk_facts f = { .target = "vda", .type = "file", .source = "/var/lib/img/vm.qcow2",
                           .pool = "default", .pool_type = "dir", .capacity = 10ull << 30,
                           .copy = TV_PF_COPY_ALL };
    (void)state;
    disk_case(&f, TV_CHECK_FAIL, "no pool of the destination covers /var/lib/img",
              "define and start a storage pool");
    f.dest_pool = "default";
    disk_case(&f, TV_CHECK_FAIL, "not active", "start pool default");
    f.dest_pool_active = true;
    f.dest_available = 4ull << 30;
    disk_case(&f, TV_CHECK_FAIL, "needs 10.0 GiB", "free 10.0 GiB");
    f.dest_available = 20ull << 30;
    disk_case(&f, TV_CHECK_PASS, "copied into pool default", NULL);
    /* A volume already there is copied over: it had better not be this very file. */
    f.dest_has_path = true;
    disk_case(&f, TV_CHECK_WARN, "already has a volume at that path", NULL);
    /* Shared storage needs no copy: copying it would write it onto itself. */
    f.pool_type = "netfs";
    disk_case(&f, TV_CHECK_WARN, "onto itself", "copy_storage=no");
}

static void
test_cache(void **state)
{
    tv_pf_disk_facts f = { .target = "vda", .type = "file", .source = "/a.qcow2" };
    (void)state;
    {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_cache_rule(c, &f);
        assert_check(only(c), "cache vda", TV_CHECK_WARN, "default cache mode", "cache='none'");
    }
    f.cache = "directsync";
    {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_cache_rule(c, &f);
        assert_check(only(c), "cache vda", TV_CHECK_PASS, "directsync", NULL);
    }
    /* What libvirt exempts gets no cache check at all. */
    f.cache = "writeback";
    f.copy = TV_PF_COPY_ALL;
    {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_cache_rule(c, &f);
        f.copy = TV_PF_COPY_NO;
        f.readonly = true;
        tv_pf_cache_rule(c, &f);
        assert_int_equal(c->len, 0);
    }
}

static void
test_convergence(void **state)
{
    static const struct {
        guint64 dirty, cap;
        bool postcopy, autoconv;
        tv_check_verdict verdict;
        const char *reason;
    } cases[] = {
        { 50, 20, false, false, TV_CHECK_FAIL,
          "will not converge: it dirties 50 MiB/s, the cap is 20 MiB/s" },
        { 20, 20, false, false, TV_CHECK_FAIL, "will not converge" },
        { 50, 20, true, false, TV_CHECK_WARN, "post-copy has to finish it" },
        { 50, 20, false, true, TV_CHECK_WARN, "auto-converge has to finish it" },
        { 50, 80, false, false, TV_CHECK_WARN, "may converge slowly" },
        { 10, 80, false, false, TV_CHECK_PASS, "well under the cap of 80 MiB/s" },
        { 50, 0, false, false, TV_CHECK_PASS, "it dirties 50 MiB/s and the bandwidth is not" },
    };
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_convergence_rule(c, cases[i].dirty, cases[i].cap, cases[i].postcopy,
                               cases[i].autoconv);
        assert_check(only(c), "convergence", cases[i].verdict, cases[i].reason, NULL);
    }
    {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_convergence_rule(c, 50, 20, false, false);
        assert_check(only(c), "convergence", TV_CHECK_FAIL, NULL,
                     "postcopy=yes, then P");
        assert_non_null(strstr(((tv_preflight_check *)c->pdata[0])->fix, "above 50 MiB/s"));
    }
}

static void
test_name_memory_versions_destination(void **state)
{
    tv_pf_name_facts n = { .name = "web", .uuid = "u1" };
    (void)state;
#define ONE(call, name, verdict, reason)                                                       \
    do {                                                                                       \
        g_autoptr(GPtrArray) c = tv_preflight_new();                                           \
        call;                                                                                  \
        assert_check(only(c), name, verdict, reason, NULL);                                    \
    } while (0)
    ONE(tv_pf_name_rule(c, "b", &n), "name", TV_CHECK_PASS, "no domain named 'web'");
    n.name_uuid = "u2";
    ONE(tv_pf_name_rule(c, "b", &n), "name", TV_CHECK_FAIL, "another domain named 'web'");
    n.name_uuid = NULL;
    n.uuid_name = "web";
    ONE(tv_pf_name_rule(c, "b", &n), "name", TV_CHECK_WARN, "shut off");
    n.uuid_active = true;
    ONE(tv_pf_name_rule(c, "b", &n), "name", TV_CHECK_FAIL, "already runs");
    n.uuid_active = false;
    n.uuid_name = "old";
    ONE(tv_pf_name_rule(c, "b", &n), "name", TV_CHECK_FAIL, "defined as 'old'");

    ONE(tv_pf_memory_rule(c, "b", 1ull << 30, 2ull << 30), "memory", TV_CHECK_FAIL,
        "b has 1.0 GiB free, the guest uses 2.0 GiB");
    ONE(tv_pf_memory_rule(c, "b", 4ull << 30, 256ull << 20), "memory", TV_CHECK_PASS,
        "uses 256 MiB");

    ONE(tv_pf_version_rule(c, "b", 9000000, 9000000, 7002022, 7002022), "versions",
        TV_CHECK_PASS, "libvirt 9.0.0, hypervisor 7.2.22");
    ONE(tv_pf_version_rule(c, "b", 9000000, 8010000, 7002022, 7002022), "versions",
        TV_CHECK_WARN, "libvirt 8.10.0 there against 9.0.0 here");
    ONE(tv_pf_version_rule(c, "b", 9000000, 0, 7002022, 7002022), "versions", TV_CHECK_WARN,
        "could not read");

    ONE(tv_pf_destination_rule(c, "b", "AA-1", "aa-1"), "destination", TV_CHECK_FAIL,
        "the source host itself");
    ONE(tv_pf_destination_rule(c, "b", "aa-1", "bb-2"), "destination", TV_CHECK_PASS,
        "another host");
    ONE(tv_pf_destination_rule(c, "b", NULL, "bb-2"), "destination", TV_CHECK_WARN,
        "cannot tell");
#undef ONE
}

static xmlDoc *
load_caps(void)
{
    g_autofree char *text = NULL, *error = NULL;
    assert_true(g_file_get_contents(TV_TEST_DATADIR "/caps/qemu-caps.xml", &text, NULL, NULL));
    return tv_xml_parse(text, "caps", &error);
}

/* The architecture and machine checks' verdicts for one guest. */
static void
caps_case(xmlDoc *caps, const char *arch, const char *type, const char *machine,
          tv_check_verdict arch_v, tv_check_verdict machine_v, const char *in_reason)
{
    g_autoptr(GPtrArray) c = tv_preflight_new();
    tv_pf_caps_rules(c, "b", caps, NULL, arch, type, machine);
    assert_int_equal(c->len, 2);
    assert_check(c->pdata[0], "architecture", arch_v, NULL, NULL);
    assert_check(c->pdata[1], "machine", machine_v, NULL, NULL);
    if (in_reason) {
        g_autofree char *text = tv_preflight_text(c);
        assert_non_null(strstr(text, in_reason));
    }
}

static void
test_caps(void **state)
{
    g_autoptr(xmlDoc) caps = load_caps();
    (void)state;
    assert_non_null(caps);
    caps_case(caps, "x86_64", "qemu", "pc-i440fx-7.2", TV_CHECK_PASS, TV_CHECK_PASS, NULL);
    caps_case(caps, "x86_64", "kvm", "q35", TV_CHECK_PASS, TV_CHECK_PASS, NULL);
    caps_case(caps, "x86_64", "qemu", "pc-i440fx-9.1", TV_CHECK_PASS, TV_CHECK_FAIL,
              "no machine type pc-i440fx-9.1");
    caps_case(caps, "x86_64", "xen", "pc", TV_CHECK_FAIL, TV_CHECK_PASS, "not xen");
    caps_case(caps, "aarch64", "kvm", "virt", TV_CHECK_FAIL, TV_CHECK_FAIL,
              "no aarch64 guests (it offers i686, x86_64)");
    /* Unreadable capabilities: both checks warn with what libvirt said. */
    {
        g_autoptr(GPtrArray) c = tv_preflight_new();
        tv_pf_caps_rules(c, "b", NULL, "this function is not supported", "x86_64", "kvm", "pc");
        assert_check(c->pdata[0], "architecture", TV_CHECK_WARN, "not supported", NULL);
        assert_check(c->pdata[1], "machine", TV_CHECK_WARN, "not supported", NULL);
    }
}

static void
test_cpu(void **state)
{
    g_autofree char *mode = NULL;
    g_autofree char *cpu = NULL;
    (void)state;

    assert_null(tv_pf_cpu_element("<domain><name>a</name></domain>", &mode));
    assert_null(mode);
    /* Topology alone names no model. */
    assert_null(tv_pf_cpu_element("<domain><cpu><topology sockets='1' cores='2' "
                                  "threads='1'/></cpu></domain>", &mode));
    cpu = tv_pf_cpu_element("<domain><cpu mode='custom' match='exact'><model>qemu64</model>"
                            "</cpu></domain>", &mode);
    assert_non_null(strstr(cpu, "<model>qemu64</model>"));
    assert_string_equal(mode, "custom");
    g_clear_pointer(&cpu, g_free);
    g_clear_pointer(&mode, g_free);
    cpu = tv_pf_cpu_element("<domain><cpu mode='host-passthrough'/></domain>", &mode);
    assert_non_null(cpu);
    assert_string_equal(mode, "host-passthrough");

#define CPU(args, verdict, reason)                                                             \
    do {                                                                                       \
        g_autoptr(GPtrArray) c = tv_preflight_new();                                           \
        tv_pf_cpu_rule args;                                                                   \
        assert_check(only(c), "cpu", verdict, reason, NULL);                                   \
    } while (0)
    CPU((c, "b", NULL, false, -1, NULL), TV_CHECK_PASS, "names no CPU model");
    CPU((c, "b", "host-passthrough", true, -1, NULL), TV_CHECK_WARN, "identical");
    CPU((c, "b", "custom", true, VIR_CPU_COMPARE_SUPERSET, NULL), TV_CHECK_PASS,
        "compatible with b's CPU");
    CPU((c, "b", "custom", true, VIR_CPU_COMPARE_INCOMPATIBLE,
         "Host CPU does not provide required features: avx512f"),
        TV_CHECK_FAIL, "avx512f");
    CPU((c, "b", "custom", true, -1, "this function is not supported"), TV_CHECK_WARN,
        "not supported");
#undef CPU
}

static void
test_text_and_json(void **state)
{
    g_autoptr(GPtrArray) c = tv_preflight_new();
    g_autofree char *text = NULL, *json = NULL;
    (void)state;
    tv_preflight_add(c, "cpu", TV_CHECK_PASS, "compatible with b's CPU", "ignored");
    tv_preflight_add(c, "disk vda", TV_CHECK_FAIL, "on \"local\" storage", "copy_storage=all");
    assert_true(tv_preflight_failed(c));
    text = tv_preflight_text(c);
    assert_string_equal(text, "pass  cpu: compatible with b's CPU\n"
                              "fail  disk vda: on \"local\" storage Fix: copy_storage=all\n");
    json = tv_preflight_json(c);
    assert_string_equal(json, "[{\"check\":\"cpu\",\"verdict\":\"pass\",\"reason\":"
                              "\"compatible with b's CPU\",\"fix\":null},"
                              "{\"check\":\"disk vda\",\"verdict\":\"fail\",\"reason\":"
                              "\"on \\\"local\\\" storage\",\"fix\":\"copy_storage=all\"}]");
    g_ptr_array_set_size(c, 1);
    assert_false(tv_preflight_failed(c));
}

static void
quiet(void *data, virErrorPtr e)
{
    (void)data;
    (void)e;
}

/* The test driver answers few of these calls: whatever it refuses warns. */
static void
test_test_driver(void **state)
{
    const tv_action *a = tv_action_find("domain-migrate");
    g_autoptr(tv_param_values) v = tv_param_values_new(a->params, a->n_params);
    tv_param_ctx ctx = { 0 };
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(virConnect) src = virConnectOpen("test:///default");
    g_autoptr(virConnect) dst = virConnectOpen("test:///default");
    g_autoptr(virDomain) dom = virDomainLookupByName(src, "test");
    (void)state;

    assert_true(tv_param_values_set(v, "dest", "test:///default", NULL));
    assert_true(tv_param_values_set(v, "bandwidth", "20", NULL));
    problems = tv_param_values_check(v, &ctx);
    assert_int_equal(problems->len, 0);
    assert_non_null(dom);
    {
        g_autoptr(GPtrArray) c = tv_migrate_preflight(dom, dst, v, TRUE);
        g_autofree char *text = tv_preflight_text(c);
        bool convergence = false;
        for (guint i = 0; i < c->len; i++) {
            const tv_preflight_check *k = c->pdata[i];
            if (strcmp(k->name, "convergence") == 0) {
                /* The test driver has no dirty rate: libvirt's words, as a warning. */
                assert_check(k, "convergence", TV_CHECK_WARN, "not supported", NULL);
                convergence = true;
            }
            if (strcmp(k->name, "destination") == 0)
                assert_int_not_equal(k->verdict, TV_CHECK_PASS); /* no host UUIDs to tell */
            assert_non_null(k->reason);
        }
        assert_true(convergence);
        assert_non_null(strstr(text, "disk vda:"));
        /* The domain is "there" too (one shared test:///default), under its UUID. */
        assert_non_null(strstr(text, "fail  name:"));
    }
    /* No destination connection: one failed check, nothing else read. */
    {
        g_autoptr(GPtrArray) c = tv_migrate_preflight(dom, NULL, v, FALSE);
        assert_check(only(c), "destination", TV_CHECK_FAIL, NULL, "connect");
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_storage),
        cmocka_unit_test(test_disk_shared_or_not),
        cmocka_unit_test(test_disk_copied),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_convergence),
        cmocka_unit_test(test_name_memory_versions_destination),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_cpu),
        cmocka_unit_test(test_text_and_json),
        cmocka_unit_test(test_test_driver),
    };
    virSetErrorFunc(NULL, quiet);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
