/*
 * Golden files and RelaxNG validation for the XML builders' tests.  The
 * schema is libvirt's own, installed with libvirt; a missing schema fails
 * the test under CI=true rather than passing silently.
 */
#include "config.h"

#include <libxml/relaxng.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "util/cleanup.h"
#include "util/xml.h"

void
tv_check_golden(const char *dir, const char *name, const char *got)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, dir, name, NULL);
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
collect_error(void *ctx, const xmlError *err)
{
    GString *out = ctx;
    if (out->len == 0 && err && err->message)
        g_string_append(out, err->message);
}

void
tv_check_schema(const char *xml, const char *schema)
{
    g_autofree char *path = g_build_filename("/usr/share/libvirt/schemas", schema, NULL);
    g_autofree char *error = NULL;
    g_autoptr(GString) why = g_string_new(NULL);

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        if (g_strcmp0(g_getenv("CI"), "true") == 0)
            fail_msg("no %s: install libvirt's schemas", path);
        print_message("no %s: schema check skipped\n", path);
        return;
    }
    g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the XML", &error);
    if (!doc)
        fail_msg("%s", error);
    xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGPtr rng = xmlRelaxNGParse(pctx);
    assert_non_null(rng);
    xmlRelaxNGValidCtxtPtr vctx = xmlRelaxNGNewValidCtxt(rng);
    xmlRelaxNGSetValidStructuredErrors(vctx, (xmlStructuredErrorFunc)collect_error, why);
    int rc = xmlRelaxNGValidateDoc(vctx, doc);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(rng);
    xmlRelaxNGFreeParserCtxt(pctx);
    if (rc != 0)
        fail_msg("not valid by %s: %s\n%s", schema, why->str, xml);
}
