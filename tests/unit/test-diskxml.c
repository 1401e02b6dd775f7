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
#include "model/disktarget.h"
#include "model/diskxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"

/* A whole domain to splice devices into: the schema checks a device in its place. */
static const char domain_template[] =
    "<domain type='kvm'><name>t</name><memory unit='KiB'>262144</memory>"
    "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>";

static void
check_golden(const char *name, const char *got)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "diskxml", name, NULL);
    g_autofree char *want = NULL;
    if (g_getenv("TV_REGENERATE")) {
        assert_true(g_file_set_contents(path, got, -1, NULL));
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, NULL))
        fail_msg("missing golden file %s (TV_REGENERATE=1 writes it)", path);
    assert_string_equal(got, want);
}

static xmlRelaxNGPtr schema;

/* Validates doc against domain.rng; 0 when valid. */
static int
validate(xmlDoc *doc)
{
    xmlRelaxNGValidCtxtPtr vctx;
    int rc;
    if (!schema)
        return 0;
    vctx = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vctx, NULL, NULL);
    rc = xmlRelaxNGValidateDoc(vctx, doc);
    xmlRelaxNGFreeValidCtxt(vctx);
    return rc;
}

static xmlNode *
devices_of(xmlDoc *doc)
{
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "devices"))
            return n;
    }
    return NULL;
}

/* The device text parsed and spliced into the template's <devices>. */
static int
validate_spliced(const char *device_xml)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_template, "the template", &error);
    g_autoptr(xmlDoc) dev = tv_xml_parse(device_xml, "the device", &error);
    xmlNode *node;
    assert_non_null(doc);
    assert_non_null(dev);
    node = xmlDocCopyNode(xmlDocGetRootElement(dev), doc, 1);
    xmlAddChild(devices_of(doc), node);
    return validate(doc);
}

/* Builds spec's node straight into a domain document (as the wizard will) and validates it. */
static void
check_spec(const tv_disk_spec *spec, const char *golden)
{
    g_autofree char *xml = tv_diskxml_build(spec);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_template, "the template", &error);

    check_golden(golden, xml);
    assert_int_equal(validate_spliced(xml), 0);
    xmlAddChild(devices_of(doc), tv_diskxml_node(doc, spec));
    assert_int_equal(validate(doc), 0);
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

/* The schema check can fail: a value libvirt does not know is refused. */
static void
test_schema_refuses_nonsense(void **state)
{
    tv_disk_spec spec = { .device = "disk", .source = TV_DISK_SOURCE_FILE, .path = "/a.img",
                          .cache = "sometimes", .bus = "virtio", .target = "vdb" };
    g_autofree char *xml = tv_diskxml_build(&spec);
    if (!schema)
        skip();
    assert_int_not_equal(validate_spliced(xml), 0);
}

static void
test_controller(void **state)
{
    g_autofree char *xml = tv_diskxml_controller("scsi", 0, "virtio-scsi");
    check_golden("controller-virtio-scsi.xml", xml);
    assert_int_equal(validate_spliced(xml), 0);
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

static int
setup(void **state)
{
    xmlRelaxNGParserCtxtPtr pctx;
    if (!g_file_test(SCHEMA, G_FILE_TEST_EXISTS)) {
        print_message("no %s: schema checks skipped\n", SCHEMA);
        return 0;
    }
    pctx = xmlRelaxNGNewParserCtxt(SCHEMA);
    schema = xmlRelaxNGParse(pctx);
    xmlRelaxNGFreeParserCtxt(pctx);
    return schema ? 0 : -1;
}

static int
teardown(void **state)
{
    if (schema)
        xmlRelaxNGFree(schema);
    return 0;
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
    return cmocka_run_group_tests(tests, setup, teardown);
}
