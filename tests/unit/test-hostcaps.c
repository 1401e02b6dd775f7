/*
 * Host capabilities parsed from documents captured on a QEMU host and on
 * the test driver: the guest architecture, hypervisor types (kvm first),
 * machine aliases and each chipset's domain capabilities.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "model/hostcaps.h"

static char *
load(const char *name)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "caps", name, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        fail_msg("cannot read %s", path);
    return text;
}

static tv_host_caps *
qemu_caps(void)
{
    static const char *const names[] = {"qemu-domcaps-kvm-q35.xml", "qemu-domcaps-kvm-pc.xml",
                                        "qemu-domcaps-qemu-q35.xml", "qemu-domcaps-qemu-pc.xml"};
    g_autofree char *caps = load("qemu-caps.xml");
    char *dom[G_N_ELEMENTS(names) + 1];
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        dom[i] = load(names[i]);
    dom[G_N_ELEMENTS(names)] = g_strdup("<domainCapabilities><oops");
    g_autofree char *error = NULL;
    tv_host_caps *c =
        tv_host_caps_parse(caps, (const char *const *)dom, G_N_ELEMENTS(dom), &error);
    for (size_t i = 0; i < G_N_ELEMENTS(dom); i++)
        g_free(dom[i]);
    assert_non_null(c);
    return c;
}

static void
test_qemu_host(void **state)
{
    (void)state;
    g_autoptr(tv_host_caps) c = qemu_caps();
    assert_string_equal(c->arch, "x86_64");
    assert_string_equal(c->virt_types[0], "kvm");
    assert_string_equal(c->virt_types[1], "qemu");
    assert_null(c->virt_types[2]);
    assert_string_equal(c->q35, "pc-q35-7.2");
    assert_string_equal(c->pc, "pc-i440fx-7.2");
    /* The unparsable fifth document is left out. */
    assert_int_equal(c->n_virt, 4);
    assert_string_equal(tv_host_caps_machine(c, "q35"), "pc-q35-7.2");
    assert_string_equal(tv_host_caps_machine(c, "pc-i440fx-6.2"), "pc-i440fx-6.2");
    assert_null(tv_host_caps_machine(c, "pc-q35-99.0"));
    assert_true(tv_machine_is_q35("q35"));
    assert_true(tv_machine_is_q35(c->q35));
    assert_false(tv_machine_is_q35(c->pc));
}

static void
test_domain_caps(void **state)
{
    (void)state;
    g_autoptr(tv_host_caps) c = qemu_caps();
    const tv_virt_caps *kq = tv_host_caps_find(c, "kvm", "q35");
    const tv_virt_caps *qq = tv_host_caps_find(c, "qemu", "pc-q35-7.2");
    const tv_virt_caps *qp = tv_host_caps_find(c, "qemu", "pc");
    assert_non_null(kq);
    assert_non_null(qq);
    assert_non_null(qp);
    assert_null(tv_host_caps_find(c, "xen", "q35"));
    assert_int_equal(kq->max_vcpus, 288);
    assert_int_equal(qp->max_vcpus, 255);
    assert_string_equal(qq->emulator, "/usr/bin/qemu-system-x86_64");
    /* TCG cannot pass the host CPU through; KVM can. */
    assert_true(kq->host_passthrough);
    assert_false(qq->host_passthrough);
    assert_true(qq->host_model);
    assert_non_null(qq->host_model_name);
    assert_true(g_strv_contains((const char *const *)qq->cpu_models, "qemu64"));
    /* q35 has no IDE bus; the i440fx chipset has. */
    assert_false(g_strv_contains((const char *const *)qq->disk_buses, "ide"));
    assert_true(g_strv_contains((const char *const *)qp->disk_buses, "ide"));
    assert_true(g_strv_contains((const char *const *)qq->disk_buses, "virtio"));
    assert_true(g_strv_contains((const char *const *)qq->graphics, "spice"));
}

static void
test_test_driver(void **state)
{
    (void)state;
    g_autofree char *caps = load("test-caps.xml");
    g_autofree char *error = NULL;
    g_autoptr(tv_host_caps) c = tv_host_caps_parse(caps, NULL, 0, &error);
    assert_non_null(c);
    assert_string_equal(c->arch, "i686");
    assert_string_equal(c->virt_types[0], "test");
    assert_null(c->virt_types[1]);
    assert_null(c->q35);
    assert_int_equal(c->n_virt, 0);
    assert_null(tv_host_caps_find(c, "test", "q35"));
}

static void
test_bad_documents(void **state)
{
    (void)state;
    g_autofree char *e1 = NULL, *e2 = NULL;
    assert_null(tv_host_caps_parse("<capabilities>", NULL, 0, &e1));
    assert_non_null(strstr(e1, "not well-formed"));
    assert_null(tv_host_caps_parse("<capabilities><host/></capabilities>", NULL, 0, &e2));
    assert_non_null(strstr(e2, "hvm"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qemu_host),
        cmocka_unit_test(test_domain_caps),
        cmocka_unit_test(test_test_driver),
        cmocka_unit_test(test_bad_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
