/*
 * Interface XML and MACs: <interface> elements from specs against golden
 * files and libvirt's own domain.rng (each spliced into a full domain
 * document, as the create wizard will splice it), names that must
 * round-trip exactly, finding an interface by MAC in a domain's XML, and
 * new MACs that stay clear of the ones in use.
 */
#include "config.h"

#include <string.h>
#include <libxml/relaxng.h>

#include "tv-test.h"
#include "tv-xmlcheck.h"
#include "model/domxml.h"
#include "model/mac.h"
#include "model/nicxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"

/* A whole domain with the spec's interface in its <devices>, as a document. */
static xmlDoc *
domain_with(const tv_nic_spec *spec)
{
    xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *root = xmlNewNode(NULL, BAD_CAST "domain");
    xmlNode *os, *type, *devices;

    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "type", BAD_CAST "kvm");
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST "nic-test");
    xmlNewTextChild(root, NULL, BAD_CAST "memory", BAD_CAST "262144");
    os = xmlNewChild(root, NULL, BAD_CAST "os", NULL);
    type = xmlNewTextChild(os, NULL, BAD_CAST "type", BAD_CAST "hvm");
    xmlNewProp(type, BAD_CAST "arch", BAD_CAST "x86_64");
    devices = xmlNewChild(root, NULL, BAD_CAST "devices", NULL);
    xmlAddChild(devices, tv_nicxml_node(spec));
    return doc;
}

/* The spec's interface, spliced into a domain, is valid by libvirt's domain.rng. */
static void
check_schema(const tv_nic_spec *spec)
{
    g_autoptr(xmlDoc) doc = domain_with(spec);
    xmlChar *text = NULL;
    int len = 0;
    g_autofree char *xml = NULL;

    xmlDocDumpMemory(doc, &text, &len);
    xml = g_strndup((const char *)text, len);
    xmlFree(text);
    tv_check_schema(xml, "domain.rng");
}

static void
quiet(void *data, const xmlError *err)
{
}

/* Whether domain.rng refuses the document (tv_check_schema can only accept). */
static bool
schema_refuses(xmlDoc *doc)
{
    xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewParserCtxt(SCHEMA);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pctx);
    xmlRelaxNGValidCtxtPtr vctx;
    int rc;

    assert_non_null(schema);
    vctx = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vctx, (xmlStructuredErrorFunc)quiet, NULL);
    rc = xmlRelaxNGValidateDoc(vctx, doc);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctx);
    return rc != 0;
}

static void
test_network_virtio(void **state)
{
    tv_nic_spec spec = { .type = "network", .source = "default", .model = "virtio",
                         .mac = "52:54:00:12:34:56" };
    g_autofree char *xml = tv_nicxml_build(&spec);
    tv_check_golden("nicxml", "network-virtio.xml", xml);
    check_schema(&spec);
}

static void
test_bridge_link_down(void **state)
{
    tv_nic_spec spec = { .type = "bridge", .source = "br0", .model = "e1000e",
                         .mac = "52:54:00:ab:cd:ef", .link_down = true };
    g_autofree char *xml = tv_nicxml_build(&spec);
    tv_check_golden("nicxml", "bridge-e1000e-down.xml", xml);
    check_schema(&spec);
}

static void
test_direct_modes(void **state)
{
    static const char *const modes[] = { "bridge", "vepa", "private", "passthrough" };
    tv_nic_spec spec = { .type = "direct", .source = "eth0", .mode = "vepa", .model = "rtl8139",
                         .mac = "52:54:00:00:00:02" };
    g_autofree char *xml = tv_nicxml_build(&spec);
    tv_check_golden("nicxml", "direct-vepa.xml", xml);
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        spec.mode = modes[i];
        check_schema(&spec);
    }
}

static void
test_defaults_left_to_libvirt(void **state)
{
    /* No MAC, no model: libvirt picks them; the element is still valid. */
    tv_nic_spec spec = { .type = "network", .source = "lan" };
    g_autofree char *xml = tv_nicxml_build(&spec);
    tv_check_golden("nicxml", "network-bare.xml", xml);
    check_schema(&spec);
    assert_null(strstr(xml, "<mac"));
    assert_null(strstr(xml, "<model"));
    assert_null(strstr(xml, "<link"));
}

static void
test_schema_catches_a_bad_element(void **state)
{
    /* The schema check can fail: a mode libvirt does not know is refused. */
    tv_nic_spec spec = { .type = "direct", .source = "eth0", .mode = "sideways" };
    g_autoptr(xmlDoc) doc = NULL;
    if (!g_file_test(SCHEMA, G_FILE_TEST_EXISTS))
        skip();
    doc = domain_with(&spec);
    assert_true(schema_refuses(doc));
}

static void
test_names_round_trip(void **state)
{
    static const char *const names[] = { "q&a \"lab\" <ñandú>", "it's 'quoted'", "a b" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        tv_nic_spec spec = { .type = "network", .source = names[i], .mac = "52:54:00:00:00:03" };
        g_autofree char *xml = tv_nicxml_build(&spec);
        g_autofree char *error = NULL;
        g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the interface XML", &error);
        g_autoptr(xmlXPathContext) ctx = NULL;
        g_autofree char *back = NULL;
        assert_non_null(doc);
        ctx = xmlXPathNewContext(doc);
        back = tv_xml_string(ctx, "string(/interface/source/@network)");
        assert_string_equal(back, names[i]);
    }
}

/* ---- finding an interface by MAC -------------------------------------------------- */

static const char *const domain_xml =
    "<domain type='kvm'><name>web01</name><devices>"
    "<interface type='network'><mac address='52:54:00:00:00:01'/>"
    "<source network='lan'/><target dev='vnet0'/><alias name='net0'/>"
    "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>"
    "</interface>"
    "<interface type='bridge'><mac address='52:54:00:AA:BB:CC'/>"
    "<source bridge='br &amp; co'/></interface>"
    "</devices></domain>";

static void
test_find_by_mac(void **state)
{
    g_autofree char *element = NULL, *error = NULL, *again = NULL;
    g_autofree char *bridge = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;

    assert_int_equal(tv_nicxml_find(domain_xml, "52:54:00:00:00:01", &element, &error), 1);
    /* The device as the domain has it, whole: libvirt matches its address and alias. */
    assert_non_null(strstr(element, "<alias name=\"net0\"/>"));
    assert_non_null(strstr(element, "slot=\"0x03\""));
    assert_null(strstr(element, "aa:bb:cc"));
    doc = tv_xml_parse(element, "the element", &error);
    assert_non_null(doc);
    ctx = xmlXPathNewContext(doc);
    bridge = tv_xml_string(ctx, "string(/interface/target/@dev)");
    assert_string_equal(bridge, "vnet0");

    /* Any case, and names with '&' come back escaped as they went in. */
    assert_int_equal(tv_nicxml_find(domain_xml, "52:54:00:aa:bb:cc", &again, &error), 1);
    assert_non_null(strstr(again, "br &amp; co"));
}

static void
test_find_absent_and_broken(void **state)
{
    g_autofree char *element = NULL, *error = NULL, *error2 = NULL;
    assert_int_equal(tv_nicxml_find(domain_xml, "52:54:00:00:00:99", &element, &error), 0);
    assert_null(element);
    assert_null(error);
    assert_int_equal(tv_nicxml_find("<domain><devices>", "52:54:00:00:00:01", &element, &error),
                     -1);
    assert_non_null(strstr(error, "not well-formed"));
    assert_int_equal(tv_nicxml_find("<network/>", "52:54:00:00:00:01", &element, &error2), -1);
    assert_string_equal(error2, "the XML describes a network, not a domain");
}

/* ---- MACs ------------------------------------------------------------------------- */

static void
test_generated_macs(void **state)
{
    GRand *rand = g_rand_new_with_seed(7);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < 200; i++) {
        char *mac = tv_mac_generate(NULL, rand);
        assert_true(g_regex_match_simple("^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$", mac,
                                         0, 0));
        g_hash_table_add(seen, mac);
    }
    assert_true(g_hash_table_size(seen) > 190); /* random, not one address */
    g_rand_free(rand);
}

static void
test_generated_mac_avoids_used(void **state)
{
    g_autoptr(tv_mac_set) used = tv_mac_set_new();
    g_autofree char *first = tv_mac_generate_seeded(used, "host\nweb01\n");
    g_autofree char *same = tv_mac_generate_seeded(used, "host\nweb01\n");
    g_autofree char *next = NULL, *upper = NULL;

    /* The same seed gives the same default, as long as the address is free... */
    assert_string_equal(first, same);
    /* ...and another one once it is taken (in any case). */
    upper = g_ascii_strup(first, -1);
    tv_mac_set_add(used, upper, "web01");
    next = tv_mac_generate_seeded(used, "host\nweb01\n");
    assert_string_not_equal(next, first);
    assert_string_equal(tv_mac_set_owner(used, first), "web01");
}

static void
test_set_from_details(void **state)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "domxml", "qemu-kvm.xml", NULL);
    g_autofree char *xml = NULL, *error = NULL;
    g_autoptr(tv_domain_details) d = NULL;
    g_autoptr(tv_mac_set) set = tv_mac_set_new();
    const tv_nic_info *nic;

    assert_true(g_file_get_contents(path, &xml, NULL, NULL));
    d = tv_domxml_parse(xml, &error);
    assert_non_null(d);
    assert_true(d->nics->len > 0);
    tv_mac_set_add_domain(set, d);
    tv_mac_set_add(set, NULL, "nobody");
    assert_int_equal(tv_mac_set_count(set), d->nics->len);
    nic = &g_array_index(d->nics, tv_nic_info, 0);
    assert_string_equal(tv_mac_set_owner(set, nic->mac), d->name);
    /* The first owner stays. */
    tv_mac_set_add(set, nic->mac, "other");
    assert_string_equal(tv_mac_set_owner(set, nic->mac), d->name);
    assert_null(tv_mac_set_owner(set, "52:54:00:de:ad:00"));
    assert_null(tv_mac_set_owner(NULL, nic->mac));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_virtio),
        cmocka_unit_test(test_bridge_link_down),
        cmocka_unit_test(test_direct_modes),
        cmocka_unit_test(test_defaults_left_to_libvirt),
        cmocka_unit_test(test_schema_catches_a_bad_element),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_find_by_mac),
        cmocka_unit_test(test_find_absent_and_broken),
        cmocka_unit_test(test_generated_macs),
        cmocka_unit_test(test_generated_mac_avoids_used),
        cmocka_unit_test(test_set_from_details),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
