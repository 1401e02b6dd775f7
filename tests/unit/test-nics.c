/*
 * The NIC actions' parameters and worker side.  The tables are checked
 * as the form and --exec check them, against a hand-made snapshot: a
 * running, a shut-off and a transient domain, networks active and not,
 * and the running domain's parsed XML.  The schema is also checked the
 * way the create wizard embeds it (no target, no details, type "none").
 * The worker's checks run on libvirt's test driver, which has no device
 * hotplug: attaching there ends in libvirt's own refusal, which must be
 * what the user reads.
 */
#include "config.h"

#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "tv-test.h"
#include "actions/action-impl.h"
#include "actions/nic.h"
#include "model/domxml.h"
#include "model/host.h"
#include "model/mac-read.h"
#include "util/cleanup.h"

/* ---- a snapshot by hand ---------------------------------------------------------- */

typedef struct fixture {
    tv_host_snapshot snap;
    tv_domain domains[3];
    tv_domain_details *web01; /* its live XML: one NIC on lan */
    tv_domain_details *db01;  /* shut off: its saved XML, no NIC */
} fixture;

static const char *const web01_xml =
    "<domain type='kvm'><name>web01</name><uuid>11111111-0000-4000-8000-000000000001</uuid>"
    "<devices><interface type='network'><mac address='52:54:00:00:00:01'/>"
    "<source network='lan'/><model type='virtio'/><target dev='vnet0'/></interface>"
    "</devices></domain>";
static const char *const db01_xml =
    "<domain type='kvm'><name>db01</name><uuid>11111111-0000-4000-8000-000000000002</uuid>"
    "<devices/></domain>";

static void
set_domain(tv_domain *d, const char *name, const char *uuid, tv_dom_state st, bool persistent)
{
    d->name = g_strdup(name);
    g_strlcpy(d->uuid_str, uuid, sizeof(d->uuid_str));
    d->state = st;
    d->persistent = persistent;
    d->valid = TV_DOM_HAS_FLAGS;
}

static fixture *
fixture_new(void)
{
    fixture *f = g_new0(fixture, 1);
    g_autofree char *error = NULL;
    tv_network_list *nets = tv_network_list_new(3);

    set_domain(&f->domains[0], "web01", "11111111-0000-4000-8000-000000000001", TV_DOM_RUNNING,
               true);
    set_domain(&f->domains[1], "db01", "11111111-0000-4000-8000-000000000002", TV_DOM_SHUTOFF,
               true);
    set_domain(&f->domains[2], "scratch", "11111111-0000-4000-8000-000000000003",
               TV_DOM_RUNNING, false);
    /* In name order, as a refresh sorts them; the first active one is the default. */
    nets->networks[0].name = g_strdup("alpha");
    nets->networks[1].name = g_strdup("lan");
    nets->networks[1].active = true;
    nets->networks[2].name = g_strdup("quiet");
    f->snap.label = g_strdup("host-a");
    f->snap.state = TV_HOST_CONNECTED;
    f->snap.domains = f->domains;
    f->snap.n_domains = G_N_ELEMENTS(f->domains);
    f->snap.networks = nets;
    f->web01 = tv_domxml_parse(web01_xml, &error);
    f->db01 = tv_domxml_parse(db01_xml, &error);
    assert_non_null(f->web01);
    assert_non_null(f->db01);
    return f;
}

static void
fixture_free(fixture *f)
{
    for (size_t i = 0; i < G_N_ELEMENTS(f->domains); i++)
        g_free(f->domains[i].name);
    g_free(f->snap.label);
    tv_network_list_unref(f->snap.networks);
    tv_domain_details_unref(f->web01);
    tv_domain_details_unref(f->db01);
    g_free(f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fixture, fixture_free)

static const tv_action *
attach(void)
{
    return tv_action_find("domain-attach-nic");
}

static const tv_action *
detach(void)
{
    return tv_action_find("domain-detach-nic");
}

static tv_param_values *
values_for(const tv_action *a)
{
    return tv_param_values_new(a->params, a->n_params);
}

static void
set(tv_param_values *v, const char *name, const char *text)
{
    g_autofree char *error = NULL;
    tv_param_values_set(v, name, text, &error);
}

/* The problems of a check on target (NULL: none) with its details, joined by " | ". */
static char *
check(tv_param_values *v, fixture *f, const char *target, const tv_domain_details *details)
{
    tv_param_ctx ctx = { .snap = f ? &f->snap : NULL, .target = target, .details = details };
    g_autoptr(GPtrArray) problems = tv_param_values_check(v, &ctx);
    g_ptr_array_add(problems, NULL);
    return g_strjoinv(" | ", (char **)problems->pdata);
}

static bool
visible(tv_param_values *v, fixture *f, const char *target, const char *name)
{
    tv_param_ctx ctx = { .snap = &f->snap, .target = target, .values = v };
    const tv_param *p = tv_param_values_find(v, name);
    return !p->visible || p->visible(&ctx);
}

/* ---- domain-attach-nic's table ---------------------------------------------------- */

static void
test_attach_defaults(void **state)
{
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = values_for(attach());
    g_autofree char *p1 = check(v, f, "web01", f->web01);
    g_autofree char *mac = g_strdup(tv_param_values_text(v, "mac"));
    g_autofree char *p2 = check(v, f, "web01", f->web01);

    assert_string_equal(p1, "");
    assert_string_equal(tv_param_values_text(v, "type"), "network");
    assert_string_equal(tv_param_values_text(v, "source"), "lan"); /* first active */
    assert_string_equal(tv_param_values_text(v, "model"), "virtio");
    assert_string_equal(tv_param_values_text(v, "link"), "up");
    assert_string_equal(tv_param_values_text(v, "live"), "yes");   /* it runs */
    assert_string_equal(tv_param_values_text(v, "config"), "yes"); /* it is persistent */
    assert_false(visible(v, f, "web01", "mode"));
    /* A new MAC in QEMU's range, not web01's own, and the same on every check. */
    assert_true(g_regex_match_simple("^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$", mac, 0,
                                     0));
    assert_string_not_equal(mac, "52:54:00:00:00:01");
    assert_string_equal(p2, "");
    assert_string_equal(tv_param_values_text(v, "mac"), mac);
    assert_false(tv_param_values_given(v, "mac"));
}

static void
test_attach_shut_off_and_transient(void **state)
{
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = values_for(attach());
    g_autoptr(tv_param_values) t = values_for(attach());
    g_autoptr(tv_param_values) n = values_for(attach());
    g_autofree char *p1 = check(v, f, "db01", f->db01);
    g_autofree char *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;

    assert_string_equal(p1, "");
    assert_string_equal(tv_param_values_text(v, "live"), "no");
    assert_string_equal(tv_param_values_text(v, "config"), "yes");
    set(v, "live", "yes");
    p2 = check(v, f, "db01", f->db01);
    assert_string_equal(p2, "live: 'db01' is not running (config=yes changes its next start)");

    p3 = check(t, f, "scratch", NULL);
    assert_string_equal(p3, "");
    assert_string_equal(tv_param_values_text(t, "config"), "no");
    set(t, "config", "yes");
    p4 = check(t, f, "scratch", NULL);
    assert_string_equal(p4, "config: 'scratch' is transient: it has no saved configuration");

    set(n, "live", "no");
    set(n, "config", "off");
    p5 = check(n, f, "web01", f->web01);
    assert_string_equal(p5, "config: live and config are both no: nothing would change");
}

static void
test_attach_sources(void **state)
{
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = values_for(attach());
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;
    g_autofree char *p7 = NULL, *p8 = NULL, *p9 = NULL;

    set(v, "source", "nosuch");
    p1 = check(v, f, "web01", f->web01);
    assert_string_equal(p1, "source: no network 'nosuch' on host-a");
    /* An inactive network takes a NIC for the next start, not a live one. */
    set(v, "source", "quiet");
    p2 = check(v, f, "web01", f->web01);
    assert_string_equal(p2, "source: network 'quiet' is not active (start it, or live=no)");
    set(v, "live", "no");
    p3 = check(v, f, "web01", f->web01);
    assert_string_equal(p3, "");

    /* A bridge has no default and takes a host device's name. */
    tv_param_values_unset(v, "source");
    set(v, "type", "bridge");
    p4 = check(v, f, "web01", f->web01);
    assert_string_equal(p4, "source: is required");
    assert_false(visible(v, f, "web01", "mode"));
    set(v, "source", "br/0");
    p5 = check(v, f, "web01", f->web01);
    assert_string_equal(p5, "source: 'br/0' is no device name (1-15 characters, no / : or "
                            "space)");
    set(v, "source", "a-very-long-bridge");
    p6 = check(v, f, "web01", f->web01);
    assert_true(g_str_has_prefix(p6, "source: 'a-very-long-bridge' is no device name"));
    /* A network's name is no bridge (the default of type network, left behind). */
    set(v, "source", "lan");
    p9 = check(v, f, "web01", f->web01);
    assert_string_equal(p9, "source: 'lan' is a network, not a bridge (type=network)");
    /* Mode is for direct NICs only: given for a bridge, it is refused. */
    set(v, "source", "br0");
    set(v, "mode", "vepa");
    p7 = check(v, f, "web01", f->web01);
    assert_string_equal(p7, "mode: does not apply here");
    set(v, "type", "direct");
    set(v, "source", "eth0");
    p8 = check(v, f, "web01", f->web01);
    assert_string_equal(p8, "");
    assert_true(visible(v, f, "web01", "mode"));
    assert_string_equal(tv_param_values_text(v, "mode"), "vepa");
}

static void
test_attach_macs(void **state)
{
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = values_for(attach());
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;

    set(v, "mac", "52:54:00:00:00:01");
    p1 = check(v, f, "web01", f->web01);
    assert_string_equal(p1, "mac: 52:54:00:00:00:01 is already used by 'web01'");
    /* Another domain's NIC counts too when the snapshot has its XML (Details shows it). */
    f->snap.details = f->web01;
    set(v, "mac", "52:54:00:00:00:01");
    p2 = check(v, f, "db01", f->db01);
    assert_string_equal(p2, "mac: 52:54:00:00:00:01 is already used by 'web01'");
    f->snap.details = NULL;
    set(v, "mac", "03:00:00:00:00:01");
    p3 = check(v, f, "web01", f->web01);
    assert_string_equal(p3, "mac: 03:00:00:00:00:01 is a multicast address; a NIC needs a "
                            "unicast one");
    set(v, "mac", "52:54:00:00:00");
    p4 = check(v, f, "web01", f->web01);
    assert_true(g_str_has_prefix(p4, "mac: '52:54:00:00:00' is not a MAC address"));
    set(v, "mac", "00:00:00:00:00:00");
    p5 = check(v, f, "web01", f->web01);
    assert_string_equal(p5, "mac: 00:00:00:00:00:00 is not a usable address");
    /* Typed in capitals: kept in libvirt's lowercase, and free. */
    set(v, "mac", "52:54:00:AB:CD:EF");
    p6 = check(v, f, "web01", f->web01);
    assert_string_equal(p6, "");
    assert_string_equal(tv_param_values_text(v, "mac"), "52:54:00:ab:cd:ef");
}

/* The wizard's view: the group in another table, no target, no details, a "none" type. */
static const tv_param wizard[] = {
    { .name = "name", .label = "Name", .help = "The new domain's name.", .kind = TV_PARAM_NAME,
      .flags = TV_PARAM_REQUIRED, .def = "new01" },
    { .name = "nic", .label = "NIC", .help = "The first NIC.", .kind = TV_PARAM_GROUP,
      .group = &tv_nic_group, .page = 1 },
};

static bool
field_shows(tv_param_values *v, fixture *f, const char *name)
{
    tv_param_ctx ctx = { .snap = f ? &f->snap : NULL };
    for (size_t i = 0; i < tv_param_values_count(v); i++) {
        if (strcmp(tv_param_values_param(v, i)->name, name) == 0)
            return tv_param_values_visible(v, i, &ctx);
    }
    fail_msg("no field %s", name);
    return false;
}

static void
test_group_for_the_wizard(void **state)
{
    static const char *const names[] = { "name",      "nic.type", "nic.source", "nic.mode",
                                         "nic.model", "nic.mac",  "nic.link" };
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = tv_param_values_new(wizard, G_N_ELEMENTS(wizard));
    g_autoptr(tv_param_values) bare = tv_param_values_new(wizard, G_N_ELEMENTS(wizard));
    g_autoptr(tv_param_values) none = tv_param_values_new(wizard, G_N_ELEMENTS(wizard));
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;
    tv_nic_spec spec;

    /* Expanded in order, live and config left out, type with "none". */
    assert_int_equal(tv_param_values_count(v), G_N_ELEMENTS(names));
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        assert_string_equal(tv_param_values_param(v, i)->name, names[i]);
    assert_string_equal(tv_param_values_param(v, 1)->choices[3], "none");

    /* Defaults that pass with no target: the first active network, a new MAC. */
    p1 = check(v, f, NULL, NULL);
    assert_string_equal(p1, "");
    assert_string_equal(tv_param_values_text(v, "nic.source"), "lan");
    assert_true(g_str_has_prefix(tv_param_values_text(v, "nic.mac"), "52:54:00:"));
    assert_false(field_shows(v, f, "nic.mode"));
    tv_nic_spec_from_values(v, "nic.", &spec);
    assert_string_equal(spec.type, "network");
    assert_string_equal(spec.source, "lan");
    assert_string_equal(spec.model, "virtio");
    assert_null(spec.mode);
    assert_false(spec.link_down);

    /* The validators see their siblings by short names: direct shows mode, and a
     * network's name is no host interface. */
    set(v, "nic.type", "direct");
    assert_true(field_shows(v, f, "nic.mode"));
    set(v, "nic.source", "lan");
    p2 = check(v, f, NULL, NULL);
    assert_string_equal(p2, "nic.source: 'lan' is a network, not a host device (type=network)");
    set(v, "nic.source", "eth0");
    set(v, "nic.mode", "vepa");
    p3 = check(v, f, NULL, NULL);
    assert_string_equal(p3, "");
    tv_nic_spec_from_values(v, "nic.", &spec);
    assert_string_equal(spec.mode, "vepa");

    /* "none": only type applies, nothing is required, and a source given with it is
     * refused as the rest of a table's hidden fields are. */
    set(v, "nic.type", "none");
    p4 = check(v, f, NULL, NULL);
    assert_string_equal(p4, "nic.source: does not apply here | nic.mode: does not apply here");
    assert_false(field_shows(v, f, "nic.source"));
    assert_false(field_shows(v, f, "nic.mac"));
    assert_false(field_shows(v, f, "nic.model"));
    assert_false(field_shows(v, f, "nic.link"));
    set(none, "nic.type", "none");
    p6 = check(none, f, NULL, NULL);
    assert_string_equal(p6, "");

    /* No snapshot at all (a ':' line typed before the host answered): no crash, and the
     * source is asked for. */
    p5 = check(bare, NULL, NULL, NULL);
    assert_string_equal(p5, "nic.source: is required");
}

static void
test_spec_with_prefix(void **state)
{
    static const tv_param prefixed[] = {
        { .name = "nic.type", .kind = TV_PARAM_STRING },
        { .name = "nic.source", .kind = TV_PARAM_STRING },
        { .name = "nic.mode", .kind = TV_PARAM_STRING },
        { .name = "nic.link", .kind = TV_PARAM_STRING },
    };
    g_autoptr(tv_param_values) v = tv_param_values_new(prefixed, G_N_ELEMENTS(prefixed));
    tv_nic_spec spec;
    set(v, "nic.type", "direct");
    set(v, "nic.source", "eth0");
    set(v, "nic.mode", "private");
    set(v, "nic.link", "down");
    tv_nic_spec_from_values(v, "nic.", &spec);
    assert_string_equal(spec.type, "direct");
    assert_string_equal(spec.source, "eth0");
    assert_string_equal(spec.mode, "private");
    assert_true(spec.link_down);
    assert_null(spec.mac);
}

/* ---- domain-detach-nic's table ---------------------------------------------------- */

static void
test_detach_checks(void **state)
{
    g_autoptr(fixture) f = fixture_new();
    g_autoptr(tv_param_values) v = values_for(detach());
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;

    p1 = check(v, f, "web01", f->web01);
    assert_string_equal(p1, "mac: is required");
    set(v, "mac", "52:54:00:00:00:01");
    p2 = check(v, f, "web01", f->web01);
    assert_string_equal(p2, "");
    assert_string_equal(tv_param_values_text(v, "live"), "yes");
    assert_string_equal(tv_param_values_text(v, "config"), "yes");

    /* Not plugged into the running domain: maybe saved only, so live defaults to no... */
    set(v, "mac", "52:54:00:00:00:09");
    p3 = check(v, f, "web01", f->web01);
    assert_string_equal(p3, "");
    assert_string_equal(tv_param_values_text(v, "live"), "no");
    /* ...and live=yes is wrong for sure. */
    set(v, "live", "yes");
    p4 = check(v, f, "web01", f->web01);
    assert_string_equal(p4, "mac: the running 'web01' has no such NIC (saved only? live=no)");

    /* A shut-off domain's XML is its saved configuration: the NIC is there or nowhere. */
    tv_param_values_unset(v, "live");
    p5 = check(v, f, "db01", f->db01);
    assert_string_equal(p5, "mac: 'db01' has no NIC with MAC 52:54:00:00:00:09");
}

/* ---- on the test driver's worker ---------------------------------------------------- */

static virConnectPtr conn;
static tv_host *host;

static void
silent(void *data, virErrorPtr err)
{
}

/*
 * Defines name (with uuid, or one libvirt picks when NULL) with a NIC for
 * each MAC given (NULL-terminated); returns its UUID.
 */
static char *
define_with_nics(const char *name, const char *uuid_in, const char *const *macs)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "actions", "domain.xml", NULL);
    g_autofree char *tmpl = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virDomain) dom = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];
    xmlChar *out = NULL;
    int len = 0;

    assert_true(g_file_get_contents(path, &tmpl, NULL, NULL));
    doc = xmlReadMemory(tmpl, (int)strlen(tmpl), NULL, NULL, 0);
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "name"))
            xmlNodeSetContent(n, BAD_CAST name);
        for (size_t i = 0; xmlStrEqual(n->name, BAD_CAST "devices") && macs && macs[i]; i++) {
            tv_nic_spec spec = { .type = "network", .source = "default", .mac = macs[i] };
            xmlAddChild(n, tv_nicxml_node(&spec));
        }
    }
    if (uuid_in)
        xmlNewTextChild(xmlDocGetRootElement(doc), NULL, BAD_CAST "uuid", BAD_CAST uuid_in);
    xmlDocDumpMemory(doc, &out, &len);
    dom = virDomainDefineXML(conn, (const char *)out);
    xmlFree(out);
    assert_non_null(dom);
    virDomainGetUUIDString(dom, uuid);
    return g_strdup(uuid);
}

static void
undefine(const char *uuid)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, uuid);
    if (virDomainIsActive(dom) == 1)
        virDomainDestroy(dom);
    virDomainUndefine(dom);
}

static void
test_host_macs(void **state)
{
    const char *a_macs[] = { "52:54:00:0a:00:01", NULL };
    const char *b_macs[] = { "52:54:00:0b:00:01", NULL };
    const char *b_saved[] = { "52:54:00:0b:00:02", NULL };
    g_autofree char *a = define_with_nics("macs-a", NULL, a_macs);
    g_autofree char *b = define_with_nics("macs-b", NULL, b_macs);
    g_autofree char *b2 = NULL, *error = NULL;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, b);
    g_autoptr(tv_mac_set) set = NULL;

    /* b runs with one NIC while its saved configuration has another. */
    assert_int_equal(virDomainCreate(dom), 0);
    b2 = define_with_nics("macs-b", b, b_saved);
    set = tv_mac_read_host(conn, &error);
    assert_non_null(set);
    assert_string_equal(tv_mac_set_owner(set, "52:54:00:0a:00:01"), "macs-a");
    assert_string_equal(tv_mac_set_owner(set, "52:54:00:0b:00:01"), "macs-b");
    assert_string_equal(tv_mac_set_owner(set, "52:54:00:0b:00:02"), "macs-b");
    undefine(a);
    undefine(b);
}

static void
test_pick_mac(void **state)
{
    const char *macs[] = { "52:54:00:0c:00:01", NULL };
    g_autofree char *uuid = define_with_nics("pick-a", NULL, macs);
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;
    g_autofree char *taken = tv_nic_pick_mac(conn, "52:54:00:0c:00:01", true, &e1);
    g_autofree char *moved = tv_nic_pick_mac(conn, "52:54:00:0c:00:01", false, &e2);
    g_autofree char *free_one = tv_nic_pick_mac(conn, "52:54:00:0c:00:02", true, &e3);
    g_autofree char *fresh = tv_nic_pick_mac(conn, NULL, false, &e3);

    /* Typed by the user: refused, naming who has it. */
    assert_null(taken);
    assert_string_equal(e1, "mac: 52:54:00:0c:00:01 is already used by 'pick-a'");
    /* A default that is taken gives way to a new one. */
    assert_non_null(moved);
    assert_string_not_equal(moved, "52:54:00:0c:00:01");
    assert_true(g_str_has_prefix(moved, "52:54:00:"));
    assert_string_equal(free_one, "52:54:00:0c:00:02");
    assert_true(g_str_has_prefix(fresh, "52:54:00:"));
    undefine(uuid);
}

static void
test_source_on_host(void **state)
{
    tv_nic_spec net = { .type = "network", .source = "default" };
    tv_nic_spec nosuch = { .type = "network", .source = "nosuch" };
    tv_nic_spec eth_as_bridge = { .type = "bridge", .source = "eth1" };
    tv_nic_spec no_bridge = { .type = "bridge", .source = "br9" };
    tv_nic_spec direct = { .type = "direct", .source = "eth1", .mode = "bridge" };
    g_autofree char *w1 = tv_nic_check_source_on_host(conn, &net, true);
    g_autofree char *w2 = tv_nic_check_source_on_host(conn, &nosuch, false);
    g_autofree char *w3 = tv_nic_check_source_on_host(conn, &eth_as_bridge, true);
    g_autofree char *w4 = tv_nic_check_source_on_host(conn, &no_bridge, false);
    g_autofree char *w5 = tv_nic_check_source_on_host(conn, &direct, true);

    assert_null(w1);
    /* libvirt's own words, after the field's name. */
    assert_true(g_str_has_prefix(w2, "source: "));
    assert_non_null(strstr(w2, "nosuch"));
    assert_string_equal(w3, "source: 'eth1' is an interface of type ethernet, not a bridge "
                            "(type=direct?)");
    assert_string_equal(w4, "source: the host has no bridge 'br9'");
    assert_null(w5);
}

static tv_action_report *
run(const tv_action *a, const char *uuid, const char *name, tv_param_values *v)
{
    return tv_action_exec_sync(host, a, uuid, name, v, false);
}

static const tv_outcome *
outcome(const tv_action_report *r)
{
    assert_int_equal(r->outcomes->len, 1);
    return &g_array_index(r->outcomes, tv_outcome, 0);
}

static void
test_exec_reaches_libvirt(void **state)
{
    const char *a_macs[] = { "52:54:00:0d:00:01", NULL };
    g_autofree char *a = define_with_nics("exec-a", NULL, a_macs);
    g_autofree char *b = define_with_nics("exec-b", NULL, NULL);
    tv_param_values *v1 = values_for(attach()), *v2 = values_for(attach());
    tv_param_values *v3 = values_for(detach()), *v4 = values_for(detach());
    tv_param_values *v5 = values_for(attach());
    g_autoptr(tv_action_report) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;

    /* A MAC another domain has is refused on the worker, before libvirt is asked. */
    set(v1, "source", "default");
    set(v1, "mac", "52:54:00:0d:00:01");
    r1 = run(attach(), b, "exec-b", v1);
    assert_int_equal(outcome(r1)->kind, TV_OUTCOME_FAILED);
    assert_string_equal(outcome(r1)->detail, "mac: 52:54:00:0d:00:01 is already used by "
                                             "'exec-a'");

    /* Everything right: the test driver has no hotplug, and says so in its words. */
    set(v2, "source", "default");
    r2 = run(attach(), b, "exec-b", v2);
    assert_int_equal(outcome(r2)->kind, TV_OUTCOME_FAILED);
    assert_non_null(strstr(outcome(r2)->detail, "virDomainAttachDeviceFlags"));

    /* Detach: the NIC is found in the saved XML of the shut-off domain and handed over. */
    set(v3, "mac", "52:54:00:0D:00:01");
    r3 = run(detach(), a, "exec-a", v3);
    assert_int_equal(outcome(r3)->kind, TV_OUTCOME_FAILED);
    assert_non_null(strstr(outcome(r3)->detail, "virDomainDetachDeviceFlags"));
    /* A MAC it does not have is said before libvirt is asked. */
    set(v4, "mac", "52:54:00:0d:00:09");
    r4 = run(detach(), a, "exec-a", v4);
    assert_string_equal(outcome(r4)->detail, "mac: 'exec-a' has no NIC with MAC "
                                             "52:54:00:0d:00:09");

    /* A network that is not there: the field and libvirt's words. */
    set(v5, "source", "nosuch");
    r5 = run(attach(), b, "exec-b", v5);
    assert_true(g_str_has_prefix(outcome(r5)->detail, "source: "));
    assert_non_null(strstr(outcome(r5)->detail, "nosuch"));
    undefine(a);
    undefine(b);
}

static void
test_where(void **state)
{
    g_autofree char *uuid = define_with_nics("where-a", NULL, NULL);
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, uuid);
    g_autoptr(tv_param_values) v = values_for(attach());
    g_autofree char *error = NULL, *error2 = NULL;
    tv_nic_where w;

    /* Nothing said: virsh's choice from the domain as it is now. */
    assert_int_equal(tv_nic_where_read(dom, v, &w, &error), 0);
    assert_false(w.live);
    assert_true(w.config);
    assert_int_equal(tv_nic_where_flags(&w), VIR_DOMAIN_AFFECT_CONFIG);
    assert_string_equal(tv_nic_where_words(&w), "config only");
    assert_int_equal(virDomainCreate(dom), 0);
    assert_int_equal(tv_nic_where_read(dom, v, &w, &error), 0);
    assert_true(w.live && w.config && !w.live_given);
    assert_string_equal(tv_nic_where_words(&w), "live and config");
    set(v, "config", "no");
    set(v, "live", "no");
    assert_int_equal(tv_nic_where_read(dom, v, &w, &error2), -1);
    assert_string_equal(error2, "config: live and config are both no: nothing would change");
    undefine(uuid);
}

static int
setup(void **state)
{
    tv_host_config cfg = { .uri = "test:///default", .interval_s = 60 };
    virSetErrorFunc(NULL, silent);
    conn = virConnectOpen("test:///default");
    host = tv_host_new(&cfg);
    tv_host_start(host);
    for (int i = 0; i < 500; i++) {
        g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(host);
        if (s->state == TV_HOST_CONNECTED)
            return conn ? 0 : -1;
        g_usleep(10000);
    }
    return -1;
}

static int
teardown(void **state)
{
    tv_host_free(host);
    virConnectClose(conn);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attach_defaults),
        cmocka_unit_test(test_attach_shut_off_and_transient),
        cmocka_unit_test(test_attach_sources),
        cmocka_unit_test(test_attach_macs),
        cmocka_unit_test(test_group_for_the_wizard),
        cmocka_unit_test(test_spec_with_prefix),
        cmocka_unit_test(test_detach_checks),
        cmocka_unit_test(test_host_macs),
        cmocka_unit_test(test_pick_mac),
        cmocka_unit_test(test_source_on_host),
        cmocka_unit_test(test_exec_reaches_libvirt),
        cmocka_unit_test(test_where),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
