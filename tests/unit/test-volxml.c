/*
 * Volume XML from a spec: golden files, libvirt's own schema
 * (storagevol.rng), and names that must round-trip exactly.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "model/volxml.h"
#include "util/cleanup.h"
#include "util/xml.h"


static void
test_qcow2_sparse(void **state)
{
    tv_volume_spec spec = { .name = "web02.qcow2", .capacity = 10ULL << 30, .format = "qcow2" };
    g_autofree char *xml = tv_volxml_build(&spec);
    tv_check_golden("volxml", "qcow2-sparse.xml", xml);
    tv_check_schema(xml, "storagevol.rng");
}

static void
test_raw_full(void **state)
{
    tv_volume_spec spec = { .name = "db.img", .capacity = 3ULL << 29,
                            .allocation = 3ULL << 29, .format = "raw" };
    g_autofree char *xml = tv_volxml_build(&spec);
    tv_check_golden("volxml", "raw-full.xml", xml);
    tv_check_schema(xml, "storagevol.rng");
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
