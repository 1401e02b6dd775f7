/*
 * Volume XML from a spec: golden files, libvirt's own schema
 * (storagevol.rng), and names that must round-trip exactly.
 */
#include "config.h"

#include <string.h>
#include <libxml/relaxng.h>

#include "tv-test.h"
#include "model/volxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

#define SCHEMA "/usr/share/libvirt/schemas/storagevol.rng"

static void
check_golden(const char *name, const char *got)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "volxml", name, NULL);
    g_autofree char *want = NULL;
    if (g_getenv("TV_REGENERATE")) {
        assert_true(g_file_set_contents(path, got, -1, NULL));
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, NULL))
        fail_msg("missing golden file %s (TV_REGENERATE=1 writes it)", path);
    assert_string_equal(got, want);
}

static void
check_schema(const char *xml)
{
    xmlRelaxNGParserCtxtPtr pctx;
    xmlRelaxNGPtr schema;
    xmlRelaxNGValidCtxtPtr vctx;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *error = NULL;

    if (!g_file_test(SCHEMA, G_FILE_TEST_EXISTS)) {
        print_message("no %s: schema check skipped\n", SCHEMA);
        return;
    }
    doc = tv_xml_parse(xml, "the volume XML", &error);
    assert_non_null(doc);
    pctx = xmlRelaxNGNewParserCtxt(SCHEMA);
    schema = xmlRelaxNGParse(pctx);
    assert_non_null(schema);
    vctx = xmlRelaxNGNewValidCtxt(schema);
    assert_int_equal(xmlRelaxNGValidateDoc(vctx, doc), 0);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctx);
}

static void
test_qcow2_sparse(void **state)
{
    tv_volume_spec spec = { .name = "web02.qcow2", .capacity = 10ULL << 30, .format = "qcow2" };
    g_autofree char *xml = tv_volxml_build(&spec);
    check_golden("qcow2-sparse.xml", xml);
    check_schema(xml);
}

static void
test_raw_full(void **state)
{
    tv_volume_spec spec = { .name = "db.img", .capacity = 3ULL << 29,
                            .allocation = 3ULL << 29, .format = "raw" };
    g_autofree char *xml = tv_volxml_build(&spec);
    check_golden("raw-full.xml", xml);
    check_schema(xml);
}

static void
test_name_round_trips(void **state)
{
    const char *name = "q&a \"tools\" <ñandú>.img";
    tv_volume_spec spec = { .name = name, .capacity = 1 << 20 };
    g_autofree char *xml = tv_volxml_build(&spec);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the volume XML", &error);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext(doc);
    g_autofree char *back = tv_xml_string(ctx, "string(/volume/name)");
    assert_string_equal(back, name);
    assert_null(strstr(xml, "<target>")); /* no format chosen: the pool's default */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qcow2_sparse),
        cmocka_unit_test(test_raw_full),
        cmocka_unit_test(test_name_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
