/*
 * New domains' XML from a spec: golden files, libvirt's domain.rng, and a
 * name full of quotes, angle brackets, ampersands and non-ASCII letters
 * that must come back exactly.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "model/newdomxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

/* A disk node as the disk builder makes one (its own tests cover it). */
static xmlNode *
disk_node(const char *file, const char *dev, const char *bus)
{
    xmlNode *d = xmlNewNode(NULL, BAD_CAST "disk");
    xmlNewProp(d, BAD_CAST "type", BAD_CAST "file");
    xmlNewProp(d, BAD_CAST "device", BAD_CAST "disk");
    xmlNode *drv = xmlNewChild(d, NULL, BAD_CAST "driver", NULL);
    xmlNewProp(drv, BAD_CAST "name", BAD_CAST "qemu");
    xmlNewProp(drv, BAD_CAST "type", BAD_CAST "qcow2");
    xmlNewProp(xmlNewChild(d, NULL, BAD_CAST "source", NULL), BAD_CAST "file", BAD_CAST file);
    xmlNode *t = xmlNewChild(d, NULL, BAD_CAST "target", NULL);
    xmlNewProp(t, BAD_CAST "dev", BAD_CAST dev);
    xmlNewProp(t, BAD_CAST "bus", BAD_CAST bus);
    return d;
}

static xmlNode *
nic_node(const char *network, const char *mac, const char *model)
{
    xmlNode *n = xmlNewNode(NULL, BAD_CAST "interface");
    xmlNewProp(n, BAD_CAST "type", BAD_CAST "network");
    xmlNewProp(xmlNewChild(n, NULL, BAD_CAST "source", NULL), BAD_CAST "network",
               BAD_CAST network);
    xmlNewProp(xmlNewChild(n, NULL, BAD_CAST "mac", NULL), BAD_CAST "address", BAD_CAST mac);
    xmlNewProp(xmlNewChild(n, NULL, BAD_CAST "model", NULL), BAD_CAST "type", BAD_CAST model);
    return n;
}

static void
test_linux_kernel_boot(void **state)
{
    (void)state;
    xmlNode *devs[] = {nic_node("tvlab", "52:54:00:41:c2:24", "virtio"),
                       disk_node("/var/lib/libvirt/images/vm1.qcow2", "vda", "virtio")};
    tv_new_domain spec = {
        .virt_type = "qemu", .name = "vm1", .os_full_id = "http://libosinfo.org/linux/2022",
        .memory_kib = 262144, .vcpus = 1, .arch = "x86_64", .machine = "q35",
        .kernel = "/boot/vmlinuz", .initrd = "/boot/initrd.img", .cmdline = "console=ttyS0",
        .x86_features = true, .x86_timers = true, .pm_off = true,
        .emulator = "/usr/bin/qemu-system-x86_64", .devices = devs, .n_devices = 2,
        .usb3 = true, .pcie_root_ports = 14, .console = true, .guest_agent = true,
        .memballoon = true, .rng = true,
    };
    g_autofree char *xml = tv_newdomxml_text(&spec);
    tv_check_golden("newdomxml", "linux-kernel-boot.xml", xml);
    tv_check_schema(xml, "domain.rng");
    /* Disks before controllers, interfaces after them, as libvirt orders them. */
    assert_true(strstr(xml, "<disk") < strstr(xml, "<controller"));
    assert_true(strstr(xml, "<controller") < strstr(xml, "<interface"));
}

static void
test_windows_uefi_spice(void **state)
{
    (void)state;
    static const char *const boot[] = {"cdrom", "hd", NULL};
    xmlNode *devs[] = {disk_node("/images/w.qcow2", "sda", "sata")};
    tv_new_domain spec = {
        .virt_type = "kvm", .name = "win", .os_full_id = "http://microsoft.com/win/10",
        .memory_kib = 2097152, .max_memory_kib = 4194304, .vcpus = 2, .max_vcpus = 4,
        .sockets = 1, .cores = 2, .threads = 2, .cpu = "host-passthrough", .arch = "x86_64",
        .machine = "q35", .uefi = true, .boot = boot, .boot_menu = true, .x86_features = true,
        .vmport_off = true, .clock_offset = "localtime", .x86_timers = true,
        .hyperv_clock = true, .pm_off = true, .devices = devs, .n_devices = 1, .usb3 = true,
        .pcie_root_ports = 4, .console = true, .graphics = "spice",
        .graphics_listen = "127.0.0.1", .video = "qxl", .tablet = true, .spice_agent = true,
    };
    g_autofree char *xml = tv_newdomxml_text(&spec);
    tv_check_golden("newdomxml", "windows-uefi-spice.xml", xml);
    tv_check_schema(xml, "domain.rng");
}

static void
test_custom_cpu_minimal(void **state)
{
    (void)state;
    tv_new_domain spec = {
        .virt_type = "test", .name = "t", .memory_kib = 65536, .vcpus = 1, .arch = "i686",
        .cpu = "qemu64",
    };
    g_autofree char *xml = tv_newdomxml_text(&spec);
    tv_check_golden("newdomxml", "custom-cpu-minimal.xml", xml);
    tv_check_schema(xml, "domain.rng");
}

static void
test_names_round_trip(void **state)
{
    (void)state;
    const char *name = "web \"01\" <a&b> ñandú 'x'";
    const char *cmdline = "root=/dev/vda quiet a=\"b c\" <&>";
    tv_new_domain spec = {
        .virt_type = "qemu", .name = name, .memory_kib = 65536, .vcpus = 1, .arch = "x86_64",
        .kernel = "/boot/k 1", .cmdline = cmdline,
    };
    g_autofree char *xml = tv_newdomxml_text(&spec);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "it", &error);
    assert_non_null(doc);
    g_autoptr(xmlXPathContext) x = xmlXPathNewContext(doc);
    g_autofree char *got_name = tv_xml_string(x, "string(/domain/name)");
    g_autofree char *got_cmdline = tv_xml_string(x, "string(/domain/os/cmdline)");
    assert_string_equal(got_name, name);
    assert_string_equal(got_cmdline, cmdline);
    tv_check_schema(xml, "domain.rng");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_kernel_boot),
        cmocka_unit_test(test_windows_uefi_spice),
        cmocka_unit_test(test_custom_cpu_minimal),
        cmocka_unit_test(test_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
