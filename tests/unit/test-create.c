/*
 * domain-create's table on a host like the lab's (capabilities captured
 * from QEMU 7.2, libosinfo's real database): the defaults virt-install
 * would take for a modern Linux and for Windows, the reasons shown for
 * them, every bad field refused with its name, and the plan's XML
 * (golden file, domain.rng) and virt-install command line.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "actions/action.h"
#include "actions/create-defaults.h"
#include "actions/create-plan.h"
#include "actions/create-review.h"
#include "model/hostcaps.h"
#include "model/oscat.h"

static char *
load(const char *name)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "caps", name, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        fail_msg("cannot read %s", path);
    return text;
}

/* A host like lab host A: 2 CPUs, 4 GiB, a default network, a pool with an ISO. */
static tv_host_snapshot *
lab_host(void)
{
    static const char *const names[] = { "qemu-domcaps-kvm-q35.xml", "qemu-domcaps-kvm-pc.xml",
                                         "qemu-domcaps-qemu-q35.xml",
                                         "qemu-domcaps-qemu-pc.xml" };
    tv_host_snapshot *s = g_new0(tv_host_snapshot, 1);
    g_autofree char *caps = load("qemu-caps.xml");
    char *dom[G_N_ELEMENTS(names)];
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        dom[i] = load(names[i]);
    s->caps = tv_host_caps_parse(caps, (const char *const *)dom, G_N_ELEMENTS(dom), NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_free(dom[i]);
    s->uri = g_strdup("qemu+tcp://10.77.0.1/system");
    s->label = g_strdup("hosta");
    s->state = TV_HOST_CONNECTED;
    s->cpus = 2;
    s->mem_total_kib = 4 * 1024 * 1024;
    s->networks = tv_network_list_new(1);
    s->networks->networks[0].name = g_strdup("default");
    s->networks->networks[0].active = true;
    s->storage = tv_pool_list_new(1);
    tv_pool *p = &s->storage->pools[0];
    p->name = g_strdup("shared");
    p->type = g_strdup("dir");
    p->target_path = g_strdup("/var/lib/tvlab/shared");
    p->active = true;
    p->capacity = 100ULL << 30;
    p->available = 50ULL << 30;
    p->n_volumes = 1;
    p->volumes = g_new0(tv_volume, 1);
    p->volumes[0].name = g_strdup("install.iso");
    p->volumes[0].path = g_strdup("/var/lib/tvlab/shared/install.iso");
    s->n_domains = 1;
    s->domains = g_new0(tv_domain, 1);
    s->domains[0].name = g_strdup("taken");
    return s;
}

static void
free_host(tv_host_snapshot *s)
{
    tv_host_caps_unref(s->caps);
    tv_network_list_unref(s->networks);
    tv_pool_list_unref(s->storage);
    g_free(s->domains[0].name);
    g_free(s->domains);
    g_free(s->uri);
    g_free(s->label);
    g_free(s);
}

static int
setup(void **state)
{
    assert_non_null(tv_oscat_wait());
    *state = lab_host();
    return 0;
}

static int
teardown(void **state)
{
    free_host(*state);
    return 0;
}

/* Values for domain-create from "name=value" pairs, checked on snap. */
static tv_param_values *
values(const tv_host_snapshot *snap, GPtrArray **problems, ...)
{
    const tv_action *a = tv_action_find("domain-create");
    tv_param_values *v = tv_param_values_new(a->params, a->n_params);
    va_list ap;
    va_start(ap, problems);
    for (const char *pair; (pair = va_arg(ap, const char *));) {
        const char *eq = strchr(pair, '=');
        g_autofree char *name = g_strndup(pair, (gsize)(eq - pair));
        g_autofree char *error = NULL;
        tv_param_values_set(v, name, eq + 1, &error);
    }
    va_end(ap);
    *problems = tv_param_values_check(v, &(tv_param_ctx){ .snap = snap });
    return v;
}

static void
assert_clean(GPtrArray *problems)
{
    for (guint i = 0; i < problems->len; i++)
        print_message("problem: %s\n", (char *)problems->pdata[i]);
    assert_int_equal(problems->len, 0);
}

static void
assert_text(const tv_param_values *v, const char *name, const char *want)
{
    const char *got = tv_param_values_text(v, name);
    if (g_strcmp0(got, want) != 0)
        fail_msg("%s: got %s, want %s", name, got ? got : "(unset)", want);
}

static void
assert_problem(GPtrArray *problems, const char *start, const char *words)
{
    for (guint i = 0; i < problems->len; i++) {
        const char *p = problems->pdata[i];
        if (g_str_has_prefix(p, start) && strstr(p, words))
            return;
    }
    for (guint i = 0; i < problems->len; i++)
        print_message("problem: %s\n", (char *)problems->pdata[i]);
    fail_msg("no problem '%s...%s'", start, words);
}

static void
test_linux_defaults(void **state)
{
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v =
        values(*state, &problems, "name=web01", "install=kernel", "kernel=/boot/vmlinuz",
               "os=linux2022", NULL);
    assert_clean(problems);
    assert_text(v, "virt_type", "kvm");
    assert_text(v, "machine", "q35");
    assert_text(v, "cpu", "host-passthrough");
    assert_text(v, "firmware", "bios");
    assert_text(v, "disk.source", "new");
    assert_text(v, "disk.pool", "shared");
    assert_text(v, "disk.bus", "virtio");
    assert_text(v, "disk.discard", "unmap");
    assert_text(v, "nic.type", "network");
    assert_text(v, "nic.source", "default");
    assert_text(v, "nic.model", "virtio");
    /* Never more than the host has: 2 CPUs, half its 4 GiB. */
    assert_true(tv_param_values_get(v, "vcpus")->number <= 2);
    assert_true(tv_param_values_get(v, "memory")->bytes <= 2ULL << 30);
    assert_text(v, "maxvcpus", tv_param_values_text(v, "vcpus"));
}

static void
test_windows_defaults(void **state)
{
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v = values(*state, &problems, "name=win", "install=iso",
                                          "iso=shared/install.iso", "os=win10", NULL);
    tv_create_plan pl;
    assert_clean(problems);
    assert_text(v, "disk.bus", "sata");
    assert_text(v, "nic.model", "e1000e");
    assert_text(v, "machine", "q35");
    tv_create_plan_init(&pl, v, &(tv_param_ctx){ .snap = *state });
    assert_string_equal(pl.dom.clock_offset, "localtime");
    assert_true(pl.dom.hyperv_clock);
    assert_true(pl.has_cdrom);
    assert_string_equal(pl.cdrom.bus, "sata");
    assert_string_equal(pl.disk.target, "sda");
    assert_string_equal(pl.cdrom.target, "sdb");
    assert_false(pl.dom.guest_agent);
    tv_create_plan_clear(&pl);
}

static void
test_defaults_say_why(void **state)
{
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v = values(*state, &problems, "name=web01", "install=kernel",
                                          "kernel=/k", "os=win10", NULL);
    g_autofree char *review = tv_create_review(v, &(tv_param_ctx){ .snap = *state });
    assert_non_null(strstr(review, "Create 'web01' on hosta"));
    assert_non_null(strstr(review, "Defaults, and where they came from:"));
    assert_non_null(strstr(review, "disk.bus     sata: Microsoft Windows 10 lacks virtio"));
    assert_non_null(strstr(review, "<domain type=\"kvm\">"));
    assert_non_null(strstr(review, "virt-install --connect qemu+tcp://10.77.0.1/system"));
}

static void
test_bad_fields(void **state)
{
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v =
        values(*state, &problems, "name=taken", "install=iso", "iso=shared/nope.iso",
               "os=debian12", "virt_type=test", "machine=pc-q35-99", "vcpus=3",
               "maxvcpus=2", "sockets=3", "memory=64G", "maxmemory=1M", "disk.size=0",
               "nic.mac=01:00:5e:00:00:01", "graphics=vnc", "graphics_listen=everywhere", NULL);
    assert_problem(problems, "name:", "hosta already has a domain 'taken'");
    assert_problem(problems, "iso:", "pool 'shared' has no volume 'nope.iso'");
    assert_problem(problems, "os:", "debian11");
    assert_problem(problems, "virt_type:", "test is for libvirt's test driver");
    assert_problem(problems, "machine:", "no machine type 'pc-q35-99'");
    assert_problem(problems, "vcpus:", "more than the maximum");
    assert_problem(problems, "sockets:", "must make maxvcpus");
    assert_problem(problems, "memory:", "more than the host's memory");
    assert_problem(problems, "maxmemory:", "less than memory");
    assert_problem(problems, "disk.size:", "");
    assert_problem(problems, "nic.mac:", "");
    assert_problem(problems, "graphics_listen:", "not an IP address");
}

static void
test_kernel_boot_xml(void **state)
{
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v = values(
        *state, &problems, "name=tv \"new\" <vm> & café", "install=kernel",
        "kernel=/var/lib/tvlab/guest/vmlinuz", "initrd=/var/lib/tvlab/guest/initrd.img",
        "cmdline=console=ttyS0", "os=linux2022", "virt_type=qemu", "vcpus=1", "memory=256M",
        "disk.size=1G", "nic.mac=52:54:00:aa:bb:cc", "graphics=none", NULL);
    tv_create_plan pl;
    assert_clean(problems);
    assert_text(v, "cpu", "default");
    tv_create_plan_init(&pl, v, &(tv_param_ctx){ .snap = *state });
    pl.disk.source = TV_DISK_SOURCE_FILE;
    pl.disk.path = "/var/lib/tvlab/shared/tv.qcow2";
    g_autofree char *xml = tv_create_plan_xml(&pl);
    tv_check_golden("create", "kernel-boot-qemu.xml", xml);
    tv_check_schema(xml, "domain.rng");
    tv_create_plan_clear(&pl);

    g_autofree char *cmd = tv_create_virt_install(v, &(tv_param_ctx){ .snap = *state });
    assert_non_null(strstr(cmd, "--name 'tv \"new\" <vm> & café'"));
    assert_non_null(strstr(cmd, "--virt-type qemu --machine q35 --osinfo linux2022"));
    assert_non_null(strstr(cmd, "--boot kernel=/var/lib/tvlab/guest/vmlinuz,initrd="
                                "/var/lib/tvlab/guest/initrd.img,kernel_args=console=ttyS0"));
    assert_non_null(strstr(cmd, "--disk pool=shared,size=1,format=qcow2,bus=virtio,"
                                "discard=unmap"));
    assert_non_null(strstr(cmd, "--network network=default,model=virtio,mac=52:54:00:aa:bb:cc"));
    assert_non_null(strstr(cmd, "--graphics none"));
}

static void
test_os_without_catalog_words(void **state)
{
    /* detect belongs to an ISO install. */
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(tv_param_values) v = values(*state, &problems, "name=x", "install=pxe",
                                          "os=detect", NULL);
    assert_problem(problems, "os:", "install=iso");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_linux_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults_say_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kernel_boot_xml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_os_without_catalog_words, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tv_oscat_shutdown();
    return rc;
}
