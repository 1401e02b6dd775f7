/*
 * Disk XML from a spec: golden files, libvirt's own schema (domain.rng,
 * with the device spliced into a whole domain), paths that must
 * round-trip exactly; what a domain's XML says of its controllers and
 * disks; and the names: next free target per bus, libvirt's index
 * arithmetic, new volume names.  TV_REGENERATE=1 rewrites the golden files.
 */
#include "config.h"

#include <string.h>
#include <libxml/relaxng.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "model/disktarget.h"
#include "model/diskxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"

/* A whole domain to splice devices into: the schema checks a device in its place. */
static const char domain_template[] =
    "<domain type='kvm'><name>t</name><memory unit='KiB'>262144</memory>"
    "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>";

static xmlNode *
devices_of(xmlDoc *doc)
{
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "devices"))
            return n;
    }
    return NULL;
}

static char *
doc_text(xmlDoc *doc)
{
    xmlChar *buf = NULL;
    int len = 0;
    char *text;
    xmlDocDumpMemoryEnc(doc, &buf, &len, "UTF-8");
    text = g_strndup((const char *)buf, (gsize)len);
    xmlFree(buf);
    return text;
}

/* The template with the device text parsed and spliced into its <devices> (g_free). */
static char *
spliced(const char *device_xml)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_template, "the template", &error);
    g_autoptr(xmlDoc) dev = tv_xml_parse(device_xml, "the device", &error);
    assert_non_null(doc);
    assert_non_null(dev);
    xmlAddChild(devices_of(doc), xmlDocCopyNode(xmlDocGetRootElement(dev), doc, 1));
    return doc_text(doc);
}

/* Builds spec's text (golden, and valid in a domain) and its node straight into a domain
 * document, as the wizard will, which must be valid too. */
static void
check_spec(const tv_disk_spec *spec, const char *golden)
{
    g_autofree char *xml = tv_diskxml_build(spec);
    g_autofree char *whole = spliced(xml);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_template, "the template", &error);
    g_autofree char *built = NULL;

    tv_check_golden("diskxml", golden, xml);
    tv_check_schema(whole, "domain.rng");
    xmlAddChild(devices_of(doc), tv_diskxml_node(doc, spec));
    built = doc_text(doc);
    tv_check_schema(built, "domain.rng");
}

static void
test_new_qcow2_virtio(void **state)
{
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_FILE,
                          .path = "/var/lib/libvirt/images/web01-vdb.qcow2", .driver = "qemu",
                          .format = "qcow2", .cache = "default", .io = "default",
                          .discard = "default", .detect_zeroes = "default", .bus = "virtio",
                          .target = "vdb" };
    check_spec(&spec, "file-qcow2-virtio.xml");
}

static void
test_every_option(void **state)
{
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_BLOCK, .path = "/dev/vg/data",
                          .driver = "qemu", .format = "raw", .cache = "none", .io = "native",
                          .discard = "unmap", .detect_zeroes = "unmap", .bus = "scsi",
                          .target = "sdb", .shareable = true, .serial = "DATA-01 v1.2+x" };
    check_spec(&spec, "block-every-option.xml");
}

static void
test_volume_readonly(void **state)
{
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_VOLUME, .pool = "rbd-pool",
                          .volume = "base image", .bus = "virtio", .target = "vdc",
                          .readonly = true };
    check_spec(&spec, "volume-readonly.xml");
}

static void
test_cdrom_empty_and_iso(void **state)
{
    tv_disk_spec empty = { .device = "cdrom", .source = TV_DISK_SOURCE_EMPTY, .bus = "sata",
                           .target = "sda", .readonly = true };
    tv_disk_spec iso = { .device = "cdrom", .source = TV_DISK_SOURCE_FILE,
                         .path = "/srv/isos/debian-12.iso", .driver = "qemu", .format = "raw",
                         .bus = "ide", .target = "hdc", .readonly = true };
    g_autofree char *xml = tv_diskxml_build(&empty);
    check_spec(&empty, "cdrom-empty.xml");
    check_spec(&iso, "cdrom-iso.xml");
    /* An empty drive has no source and no driver: nothing was chosen for either. */
    assert_null(strstr(xml, "<source"));
    assert_null(strstr(xml, "<driver"));
}

static void
test_names_round_trip(void **state)
{
    const char *path = "/srv/q&a \"tools\" <ñandú>/it's a disk.img";
    const char *serial = "S/N 'x' & <y>"; /* the builder writes what it is given */
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_FILE, .path = path,
                          .bus = "virtio", .target = "vdb", .serial = serial };
    g_autofree char *xml = tv_diskxml_build(&spec);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the disk XML", &error);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext(doc);
    g_autofree char *back = tv_xml_string(ctx, "string(/disk/source/@file)");
    g_autofree char *serial_back = tv_xml_string(ctx, "string(/disk/serial)");
    assert_string_equal(back, path);
    assert_string_equal(serial_back, serial);
    assert_non_null(strstr(xml, "ñandú")); /* UTF-8 as is, not character references */
    assert_null(strstr(xml, "<?xml"));
}

/*
 * The schema check can fail: a value libvirt does not know is refused.  Run
 * with libxml2's validator here, as tv_check_schema fails the test itself.
 */
static void
test_schema_refuses_nonsense(void **state)
{
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_FILE, .path = "/a.img",
                          .cache = "sometimes", .bus = "virtio", .target = "vdb" };
    g_autofree char *xml = tv_diskxml_build(&spec);
    g_autofree char *whole = spliced(xml);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(whole, "the domain", &error);
    xmlRelaxNGParserCtxtPtr pctx;
    xmlRelaxNGPtr rng;
    xmlRelaxNGValidCtxtPtr vctx;
    int rc;

    if (!g_file_test(SCHEMA, G_FILE_TEST_EXISTS))
        skip();
    pctx = xmlRelaxNGNewParserCtxt(SCHEMA);
    rng = xmlRelaxNGParse(pctx);
    assert_non_null(rng);
    vctx = xmlRelaxNGNewValidCtxt(rng);
    xmlRelaxNGSetValidStructuredErrors(vctx, NULL, NULL);
    rc = xmlRelaxNGValidateDoc(vctx, doc);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(rng);
    xmlRelaxNGFreeParserCtxt(pctx);
    assert_int_not_equal(rc, 0);
}

static void
test_controller(void **state)
{
    g_autofree char *xml = tv_diskxml_controller("scsi", 0, "virtio-scsi");
    g_autofree char *whole = spliced(xml);
    tv_check_golden("diskxml", "controller-virtio-scsi.xml", xml);
    tv_check_schema(whole, "domain.rng");
}

static const char domain_with_devices[] =
    "<domain type='kvm'><name>web01</name><devices>"
    "<controller type='usb' index='0'/>"
    "<controller type='scsi' index='0' model='lsilogic'/>"
    "<controller type='scsi' index='2' model='virtio-scsi'/>"
    "<disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/>"
    "</disk>"
    "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>"
    "</devices></domain>";

static void
test_reads_controllers(void **state)
{
    g_autofree char *error = NULL;
    int next = -1;
    assert_int_equal(tv_diskxml_has_controller(domain_with_devices, "scsi", &next, &error), 1);
    assert_int_equal(next, 3);
    assert_int_equal(tv_diskxml_has_controller(domain_with_devices, "sata", &next, &error), 0);
    assert_int_equal(next, 0);
    assert_int_equal(tv_diskxml_has_controller("<domain><name>x</name></domain>", "scsi", NULL,
                                               &error),
                     0);
    assert_int_equal(tv_diskxml_has_controller("<volume/>", "scsi", NULL, &error), -1);
    assert_non_null(strstr(error, "not a domain"));
    g_clear_pointer(&error, g_free);
    assert_int_equal(tv_diskxml_has_controller("<domain", "scsi", NULL, &error), -1);
    assert_non_null(strstr(error, "not well-formed"));
}

static void
test_finds_disk_by_target(void **state)
{
    g_autofree char *vda = tv_diskxml_find_disk(domain_with_devices, "vda");
    g_autofree char *sda = tv_diskxml_find_disk(domain_with_devices, "sda");
    g_autofree char *none = tv_diskxml_find_disk(domain_with_devices, "vdb");
    g_autofree char *quote = tv_diskxml_find_disk(domain_with_devices, "vda' or '1'='1");
    assert_non_null(vda);
    assert_non_null(strstr(vda, "<source file=\"/a.img\"/>"));
    assert_non_null(sda);
    assert_non_null(strstr(sda, "device=\"cdrom\""));
    assert_null(none);
    assert_null(quote); /* a target is compared, never evaluated */
}

static void
test_driver_format(void **state)
{
    assert_string_equal(tv_diskxml_driver_format("qcow2"), "qcow2");
    assert_string_equal(tv_diskxml_driver_format("raw"), "raw");
    assert_string_equal(tv_diskxml_driver_format("iso"), "raw");
    assert_string_equal(tv_diskxml_driver_format("vmdk"), "vmdk");
    assert_null(tv_diskxml_driver_format("dir"));
    assert_null(tv_diskxml_driver_format(NULL));
}

/* ---- names --------------------------------------------------------------------------- */

static void
test_target_index(void **state)
{
    const char *prefix = NULL;
    const struct {
        const char *name;
        int index;
    } cases[] = {
        { "vda", 0 },   { "vdz", 25 },   { "vdaa", 26 }, { "vdaz", 51 }, { "vdba", 52 },
        { "vdzz", 701 }, { "vdaaa", 702 }, { "hdd", 3 },  { "xvdb", 1 },  { "sdb", 1 },
        { "vd", -1 },   { "vda1", -1 },  { "vdA", -1 },  { "nvme0", -1 }, { "", -1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int idx = tv_disk_target_index(cases[i].name, &prefix);
        if (idx != cases[i].index)
            fail_msg("%s: index %d, wanted %d", cases[i].name, idx, cases[i].index);
        if (idx >= 0) {
            g_autofree char *back = tv_disk_target_name(prefix, idx);
            assert_string_equal(back, cases[i].name);
        }
    }
    assert_int_equal(tv_disk_target_index("xvdc", &prefix), 2);
    assert_string_equal(prefix, "xvd");
    assert_null(tv_disk_target_name("vd", -1));
}

static void
test_next_target(void **state)
{
    const char *none[] = { NULL };
    const char *some[] = { "vda", "vdc", "sda", "hdc", NULL };
    const char *sata_cd[] = { "vda", "sda", "sdb", NULL };
    g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *a = tv_disk_next_target("virtio", none);
    g_autofree char *b = tv_disk_next_target("virtio", some);
    g_autofree char *c = tv_disk_next_target("scsi", sata_cd);
    g_autofree char *d = tv_disk_next_target("usb", sata_cd);
    g_autofree char *e = tv_disk_next_target("ide", some);
    g_autofree char *f = tv_disk_next_target("sata", NULL);
    g_autofree char *g = NULL;

    assert_string_equal(a, "vda");
    assert_string_equal(b, "vdb"); /* the first gap */
    assert_string_equal(c, "sdc"); /* SATA's names count for SCSI: one name space */
    assert_string_equal(d, "sdc");
    assert_string_equal(e, "hda");
    assert_string_equal(f, "sda");
    assert_null(tv_disk_next_target("fdc", none));
    assert_null(tv_disk_next_target(NULL, none));
    for (int i = 0; i < 26; i++)
        g_ptr_array_add(many, tv_disk_target_name("vd", i));
    g_ptr_array_add(many, NULL);
    g = tv_disk_next_target("virtio", (const char *const *)many->pdata);
    assert_string_equal(g, "vdaa");
}

static bool
taken_in(const char *name, void *data)
{
    return g_strv_contains((const char *const *)data, name);
}

static void
test_volume_names(void **state)
{
    const char *pool[] = { "web01-vdb.qcow2", "web01-vdb-2.qcow2", "db01-vdc.img", NULL };
    g_autofree char *a = tv_disk_volume_name("web01", "vdb", "qcow2", taken_in, pool);
    g_autofree char *b = tv_disk_volume_name("db01", "vdc", "raw", taken_in, pool);
    g_autofree char *c = tv_disk_volume_name("web01", "sda", "qcow2", taken_in, pool);
    g_autofree char *d = tv_disk_volume_name(NULL, "vda", "qcow2", NULL, NULL);
    g_autofree char *e = tv_disk_volume_name("my \"vm\" ñ", "vdb", "raw", NULL, NULL);
    assert_string_equal(a, "web01-vdb-3.qcow2");
    assert_string_equal(b, "db01-vdc-2.img");
    assert_string_equal(c, "web01-sda.qcow2");
    assert_string_equal(d, "disk-vda.qcow2");
    assert_string_equal(e, "my \"vm\" ñ-vdb.img");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_qcow2_virtio),
        cmocka_unit_test(test_every_option),
        cmocka_unit_test(test_volume_readonly),
        cmocka_unit_test(test_cdrom_empty_and_iso),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_schema_refuses_nonsense),
        cmocka_unit_test(test_controller),
        cmocka_unit_test(test_reads_controllers),
        cmocka_unit_test(test_finds_disk_by_target),
        cmocka_unit_test(test_driver_format),
        cmocka_unit_test(test_target_index),
        cmocka_unit_test(test_next_target),
        cmocka_unit_test(test_volume_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
