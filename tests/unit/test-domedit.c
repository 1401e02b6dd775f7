/*
 * Domain XML edits (model/domedit.c): facts read from a domain, specs
 * applied to a whole document and CD-ROM drives rebuilt with new media,
 * each compared with a golden file (TV_REGENERATE=1 rewrites them) and
 * validated against libvirt's domain schema; names that must come back
 * exactly; and the pure checks the domain-edit form uses as it is typed.
 */
#include "config.h"

#include <string.h>
#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "model/domedit.h"
#include "util/cleanup.h"
#include "util/xml.h"

#define WEB_NAME "web \"01\" <&> ñandú"

static char *
data(const char *name)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "domedit", name, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        fail_msg("cannot read %s", path);
    return text;
}

/* The string value of an XPath expression over xml. */
static char *
xpath(const char *xml, const char *expr)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the XML", &error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    assert_non_null(doc);
    ctx = xmlXPathNewContext(doc);
    return tv_xml_string(ctx, expr);
}

/*
 * Splices a rebuilt <disk> into the domain in place of the drive it came
 * from (same target), so the schema sees it where libvirt would.
 */
static char *
splice_disk(const char *domain_xml, const char *disk_xml)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_xml, "the domain", &error);
    g_autoptr(xmlDoc) disk_doc = tv_xml_parse(disk_xml, "the disk", &error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) old = NULL;
    g_autofree char *dev = NULL;
    g_autofree char *expr = NULL;
    xmlNode *copy;
    xmlChar *out = NULL;
    int len = 0;
    char *text;

    assert_non_null(doc);
    assert_non_null(disk_doc);
    ctx = xmlXPathNewContext(disk_doc);
    dev = tv_xml_string(ctx, "string(/disk/target/@dev)");
    xmlXPathFreeContext(g_steal_pointer(&ctx));
    ctx = xmlXPathNewContext(doc);
    expr = g_strdup_printf("/domain/devices/disk[target/@dev='%s']", dev);
    old = xmlXPathEval(BAD_CAST expr, ctx);
    assert_int_equal(old->nodesetval->nodeNr, 1);
    copy = xmlDocCopyNode(xmlDocGetRootElement(disk_doc), doc, 1);
    xmlFreeNode(xmlReplaceNode(old->nodesetval->nodeTab[0], copy));
    xmlDocDumpMemory(doc, &out, &len);
    text = g_strndup((const char *)out, (gsize)len);
    xmlFree(out);
    return text;
}

/* ---- facts ---------------------------------------------------------------------- */

static void
test_read_facts(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    g_autofree char *plain = data("plain.xml");
    g_autofree char *error = NULL;
    tv_domedit_facts f;

    assert_int_equal(tv_domedit_read(xml, &f, &error), 0);
    assert_string_equal(f.name, WEB_NAME);
    assert_string_equal(f.uuid, "4d1c6c46-7a5f-4a3e-9a0e-5b2f3c1d0e01");
    assert_int_equal(f.vcpus, 2);
    assert_int_equal(f.maxvcpus, 4);
    assert_int_equal(f.sockets, 1);
    assert_int_equal(f.dies, 1);
    assert_int_equal(f.cores, 2);
    assert_int_equal(f.threads, 2);
    assert_string_equal(f.cpu, "host-model");
    assert_int_equal(f.memory_kib, 1048576);
    assert_int_equal(f.maxmemory_kib, 2097152); /* 2 GiB */
    assert_null(f.boot);
    assert_true(f.device_boot);
    assert_false(f.bootmenu);
    tv_domedit_facts_clear(&f);

    assert_int_equal(tv_domedit_read(plain, &f, &error), 0);
    assert_int_equal(f.vcpus, 1);
    assert_int_equal(f.maxvcpus, 1);
    assert_int_equal(f.sockets, 0);
    assert_null(f.cpu);
    assert_int_equal(f.memory_kib, 524288); /* no <currentMemory>: all of it */
    assert_string_equal(f.boot, "hd");
    assert_false(f.device_boot);
    assert_true(f.bootmenu);
    tv_domedit_facts_clear(&f);

    assert_int_equal(tv_domedit_read("<network/>", &f, &error), -1);
    assert_non_null(strstr(error, "not a domain"));
    g_clear_pointer(&error, g_free);
    assert_int_equal(tv_domedit_read("<domain><name>x</name", &f, &error), -1);
    assert_non_null(strstr(error, "not well-formed"));
    g_clear_pointer(&error, g_free);
    assert_int_equal(tv_domedit_read("<domain><name>x</name><vcpu>two</vcpu></domain>", &f,
                                     &error),
                     -1);
    assert_non_null(strstr(error, "'two'"));
}

/* ---- applying ---------------------------------------------------------------------- */

static void
test_cpu_and_memory(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    g_autofree char *error = NULL;
    g_autofree char *name = NULL, *desc = NULL, *vcpu = NULL, *current = NULL;
    tv_domedit_spec spec = TV_DOMEDIT_SPEC_INIT;
    g_autofree char *out = NULL;

    spec.vcpus = 3;
    spec.maxvcpus = 6;
    spec.sockets = 3;
    spec.cores = 2;
    spec.threads = 1;
    spec.cpu = "host-passthrough";
    spec.memory_kib = 1536 * 1024;
    spec.maxmemory_kib = 4 * 1024 * 1024;
    out = tv_domedit_apply(xml, &spec, &error);
    assert_non_null(out);
    tv_check_golden("domedit", "cpu-memory.xml", out);
    tv_check_schema(out, "domain.rng");
    /* What the user named and wrote comes back exactly. */
    name = xpath(out, "string(/domain/name)");
    assert_string_equal(name, WEB_NAME);
    desc = xpath(out, "string(/domain/description)");
    assert_string_equal(desc, "Front end.\nSecond line & more.");
    vcpu = xpath(out, "string(/domain/vcpu)");
    assert_string_equal(vcpu, "6");
    current = xpath(out, "string(/domain/vcpu/@current)");
    assert_string_equal(current, "3");
}

static void
test_custom_model_and_all_vcpus(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    g_autofree char *error = NULL;
    tv_domedit_spec spec = TV_DOMEDIT_SPEC_INIT;
    g_autofree char *out = NULL;
    g_autofree char *current = NULL, *model = NULL, *match = NULL;
    tv_domedit_facts f;

    spec.cpu = "Skylake-Client-IBRS";
    spec.vcpus = 4; /* the maximum: no current= any more */
    out = tv_domedit_apply(xml, &spec, &error);
    assert_non_null(out);
    tv_check_golden("domedit", "custom-model.xml", out);
    tv_check_schema(out, "domain.rng");
    current = xpath(out, "string(/domain/vcpu/@current)");
    assert_null(current);
    model = xpath(out, "string(/domain/cpu/model)");
    assert_string_equal(model, "Skylake-Client-IBRS");
    match = xpath(out, "string(/domain/cpu/@match)");
    assert_string_equal(match, "exact");
    /* Read back, it is what was asked. */
    assert_int_equal(tv_domedit_read(out, &f, &error), 0);
    assert_string_equal(f.cpu, "Skylake-Client-IBRS");
    assert_int_equal(f.vcpus, 4);
    assert_int_equal(f.sockets, 1); /* the topology stays */
    tv_domedit_facts_clear(&f);
}

static void
test_boot_order(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    g_autofree char *plain = data("plain.xml");
    g_autofree char *error = NULL;
    tv_domedit_spec spec = TV_DOMEDIT_SPEC_INIT;
    g_autofree char *out = NULL, *out2 = NULL, *devboot = NULL, *menu = NULL;
    tv_domedit_facts f;

    spec.boot = "cdrom, hd,network";
    spec.bootmenu = 1;
    out = tv_domedit_apply(xml, &spec, &error);
    assert_non_null(out);
    tv_check_golden("domedit", "boot.xml", out);
    tv_check_schema(out, "domain.rng");
    /* The devices' own orders went: libvirt takes one kind or the other. */
    devboot = xpath(out, "string(count(/domain/devices/*/boot))");
    assert_string_equal(devboot, "0");
    assert_int_equal(tv_domedit_read(out, &f, &error), 0);
    assert_string_equal(f.boot, "cdrom,hd,network");
    assert_true(f.bootmenu);
    assert_false(f.device_boot);
    tv_domedit_facts_clear(&f);

    /* Turning the menu off removes it; the boot list is left alone when not given. */
    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.bootmenu = 0;
    out2 = tv_domedit_apply(plain, &spec, &error);
    assert_non_null(out2);
    tv_check_schema(out2, "domain.rng");
    menu = xpath(out2, "string(count(/domain/os/bootmenu))");
    assert_string_equal(menu, "0");
    assert_int_equal(tv_domedit_read(out2, &f, &error), 0);
    assert_string_equal(f.boot, "hd");
    tv_domedit_facts_clear(&f);
}

static void
test_nothing_to_change_keeps_the_document(void **state)
{
    g_autofree char *plain = data("plain.xml");
    g_autofree char *error = NULL;
    tv_domedit_spec spec = TV_DOMEDIT_SPEC_INIT;
    g_autofree char *out = tv_domedit_apply(plain, &spec, &error);
    assert_non_null(out);
    tv_check_golden("domedit", "plain-unchanged.xml", out);
    tv_check_schema(out, "domain.rng");
}

static void
test_apply_refuses(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    tv_domedit_spec spec = TV_DOMEDIT_SPEC_INIT;
    char *error = NULL;

    spec.vcpus = 5; /* the maximum is 4 */
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_string_equal(error, "vcpus: 5 is more than the maximum of 4");
    g_free(error);

    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.maxvcpus = 6; /* the topology makes 4 */
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_string_equal(error, "sockets: 1 socket x 2 cores x 2 threads make 4 vCPUs, not the "
                               "maximum of 6");
    g_free(error);

    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.memory_kib = 3 * 1024 * 1024;
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_true(g_str_has_prefix(error, "memory: 3145728 KiB is more than the maximum"));
    g_free(error);

    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.maxmemory_kib = 512 * 1024; /* below the current 1 GiB */
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_true(g_str_has_prefix(error, "memory: 1048576 KiB is more than the new maximum"));
    g_free(error);

    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.boot = "hd,floppy";
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_string_equal(error, "boot: 'floppy' is not a boot device (hd, cdrom or network)");
    g_free(error);

    spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    spec.cpu = "Sky lake";
    assert_null(tv_domedit_apply(xml, &spec, &error));
    assert_true(g_str_has_prefix(error, "cpu: 'Sky lake' is not"));
    g_free(error);
}

/* ---- the form's checks ----------------------------------------------------------------- */

static void
test_boot_parse(void **state)
{
    char *error = NULL;
    g_auto(GStrv) two = tv_boot_parse(" cdrom ,hd", &error);
    g_auto(GStrv) one = tv_boot_parse("network", &error);

    assert_non_null(two);
    assert_int_equal(g_strv_length(two), 2);
    assert_string_equal(two[0], "cdrom");
    assert_string_equal(two[1], "hd");
    assert_non_null(one);
    assert_string_equal(one[0], "network");

    assert_null(tv_boot_parse("hd,hd", &error));
    assert_string_equal(error, "'hd' is given twice");
    g_free(error);
    assert_null(tv_boot_parse("hd,,cdrom", &error));
    assert_string_equal(error, "has an empty entry between commas (write hd,cdrom)");
    g_free(error);
    assert_null(tv_boot_parse("", &error));
    assert_string_equal(error, "needs at least one device: hd, cdrom or network, in order");
    g_free(error);
    assert_null(tv_boot_parse("usb", &error));
    assert_string_equal(error, "'usb' is not a boot device (hd, cdrom or network)");
    g_free(error);
}

static void
test_topology_check(void **state)
{
    g_autofree char *a = tv_topology_check(2, 1, 2, 1, 4);
    g_autofree char *b = tv_topology_check(2, 1, 2, 1, 6);
    g_autofree char *c = tv_topology_check(1, 2, 1, 1, 4);
    g_autofree char *d = tv_topology_check(0, 1, 2, 1, 4);
    g_autofree char *e = tv_topology_check(1, 2, 2, 1, 4);

    assert_null(a);
    assert_string_equal(b, "2 sockets x 2 cores x 1 thread make 4 vCPUs, not the maximum of 6");
    assert_string_equal(c, "1 socket x 2 dies x 1 core x 1 thread make 2 vCPUs, not the "
                           "maximum of 4");
    assert_string_equal(d, "sockets, cores and threads must each be at least 1");
    assert_null(e); /* dies count too */
}

static void
test_cpu_check(void **state)
{
    g_autofree char *bad = tv_cpu_check("two words");
    g_autofree char *bad2 = tv_cpu_check("-leading");
    assert_null(tv_cpu_check("host-model"));
    assert_null(tv_cpu_check("host-passthrough"));
    assert_null(tv_cpu_check("maximum"));
    assert_null(tv_cpu_check("Skylake-Client-IBRS"));
    assert_null(tv_cpu_check("qemu64"));
    assert_null(tv_cpu_check(NULL));
    assert_non_null(bad);
    assert_non_null(strstr(bad, "'two words'"));
    assert_non_null(bad2);
}

/* ---- CD-ROM media ----------------------------------------------------------------------- */

static void
test_media_source_parse(void **state)
{
    tv_media_source s = { 0 };
    char *error = NULL;

    assert_true(tv_media_source_parse("  ", &s, &error));
    assert_null(s.path);
    assert_null(s.pool);
    assert_true(tv_media_source_parse("/srv/isos/debian 12.iso", &s, &error));
    assert_string_equal(s.path, "/srv/isos/debian 12.iso");
    assert_true(tv_media_source_parse("isos/tools.iso", &s, &error));
    assert_null(s.path);
    assert_string_equal(s.pool, "isos");
    assert_string_equal(s.volume, "tools.iso");
    assert_false(tv_media_source_parse("tools.iso", &s, &error));
    assert_string_equal(error, "'tools.iso' is neither a path on the host (/...) nor a volume "
                               "(POOL/VOLUME)");
    g_free(error);
    assert_false(tv_media_source_parse("a/b/c", &s, &error));
    g_free(error);
    assert_false(tv_media_source_parse("isos/", &s, &error));
    g_free(error);
    tv_media_source_clear(&s);
}

static void
check_media(const char *domain, const char *target, const char *source, const char *golden)
{
    g_autofree char *xml = data(domain);
    g_autofree char *error = NULL;
    g_autofree char *disk = NULL, *whole = NULL;
    tv_media_source src = { 0 };

    assert_true(tv_media_source_parse(source, &src, &error));
    disk = tv_domedit_media(xml, target, &src, &error);
    if (!disk)
        fail_msg("%s: %s", golden, error);
    tv_check_golden("domedit", golden, disk);
    whole = splice_disk(xml, disk);
    tv_check_schema(whole, "domain.rng");
    tv_media_source_clear(&src);
}

static void
test_media(void **state)
{
    g_autofree char *xml = data("kvm.xml");
    g_autofree char *plain = data("plain.xml");
    g_autofree char *disk = NULL, *pool = NULL, *vol = NULL, *file = NULL;
    tv_media_source src = { 0 };
    char *error = NULL;

    check_media("kvm.xml", "sda", "/srv/isos/debian 12 & more.iso", "media-path.xml");
    check_media("kvm.xml", "sda", "isos/tools \"new\" <1>.iso", "media-volume.xml");
    check_media("kvm.xml", "sdb", "", "media-eject.xml");
    check_media("plain.xml", "hdc", "/dev/sr0", "media-block.xml");

    /* Pool and volume names come back exactly. */
    assert_true(tv_media_source_parse("isos/tools \"new\" <1>.iso", &src, &error));
    disk = tv_domedit_media(xml, "sdb", &src, &error);
    pool = xpath(disk, "string(/disk/source/@pool)");
    vol = xpath(disk, "string(/disk/source/@volume)");
    assert_string_equal(pool, "isos");
    assert_string_equal(vol, "tools \"new\" <1>.iso");
    file = xpath(disk, "string(/disk/source/@file)");
    assert_null(file);
    tv_media_source_clear(&src);

    assert_null(tv_domedit_media(xml, "vda", &src, &error));
    assert_string_equal(error, "'vda' is a disk, not a CD-ROM drive");
    g_free(error);
    assert_null(tv_domedit_media(plain, "hdd", &src, &error));
    assert_string_equal(error, "the domain has no CD-ROM drive 'hdd'");
    g_free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_facts),
        cmocka_unit_test(test_cpu_and_memory),
        cmocka_unit_test(test_custom_model_and_all_vcpus),
        cmocka_unit_test(test_boot_order),
        cmocka_unit_test(test_nothing_to_change_keeps_the_document),
        cmocka_unit_test(test_apply_refuses),
        cmocka_unit_test(test_boot_parse),
        cmocka_unit_test(test_topology_check),
        cmocka_unit_test(test_cpu_check),
        cmocka_unit_test(test_media_source_parse),
        cmocka_unit_test(test_media),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
