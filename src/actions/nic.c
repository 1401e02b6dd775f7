/*
 * Shared ground of domain-attach-nic and domain-detach-nic: live= and
 * config= (defaults as virsh takes them, checks against the snapshot's
 * domain), and what the worker checks again before it changes anything:
 * the state of the domain, every MAC on the host, and the source the new
 * NIC plugs into.  The checks on the worker say which field is wrong in
 * the same "name: why" words as the form and --exec.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "actions/nic.h"
#include "model/mac-read.h"
#include "util/cleanup.h"
#include "util/xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virInterface, virInterfaceFree)

void
tv_nic_spec_from_values(const tv_param_values *v, const char *prefix, tv_nic_spec *spec)
{
    g_autofree char *type = g_strconcat(prefix, "type", NULL);
    g_autofree char *source = g_strconcat(prefix, "source", NULL);
    g_autofree char *mode = g_strconcat(prefix, "mode", NULL);
    g_autofree char *model = g_strconcat(prefix, "model", NULL);
    g_autofree char *mac = g_strconcat(prefix, "mac", NULL);
    g_autofree char *link = g_strconcat(prefix, "link", NULL);

    *spec = (tv_nic_spec){ 0 };
    spec->type = tv_param_values_text(v, type);
    if (!spec->type)
        spec->type = "network";
    spec->source = tv_param_values_text(v, source);
    if (strcmp(spec->type, "direct") == 0)
        spec->mode = tv_param_values_text(v, mode);
    spec->model = tv_param_values_text(v, model);
    spec->mac = tv_param_values_text(v, mac);
    spec->link_down = g_strcmp0(tv_param_values_text(v, link), "down") == 0;
}

/* ---- live and config ------------------------------------------------------------- */

char *
tv_nic_default_live(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (!d)
        return NULL; /* the worker decides, from the domain as it is then */
    return g_strdup(tv_dom_state_active(d->state) ? "yes" : "no");
}

char *
tv_nic_default_config(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (!d || !(d->valid & TV_DOM_HAS_FLAGS))
        return NULL;
    return g_strdup(d->persistent ? "yes" : "no");
}

char *
tv_nic_check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (v->number && d && !tv_dom_state_active(d->state))
        return g_strdup_printf("'%s' is not running (config=yes changes its next start)",
                               d->name);
    return NULL;
}

char *
tv_nic_check_config(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    const tv_param_value *live = tv_param_values_get(ctx->values, "live");
    if (v->number && d && (d->valid & TV_DOM_HAS_FLAGS) && !d->persistent)
        return g_strdup_printf("'%s' is transient: it has no saved configuration", d->name);
    if (!v->number && live->set && !live->number)
        return g_strdup("live and config are both no: nothing would change");
    return NULL;
}

/* ---- on the worker ------------------------------------------------------------------- */

int
tv_nic_where_read(virDomainPtr dom, const tv_param_values *params, tv_nic_where *w,
                  char **error)
{
    const tv_param_value *live = tv_param_values_get(params, "live");
    const tv_param_value *config = tv_param_values_get(params, "config");
    int active = virDomainIsActive(dom);
    int persistent = virDomainIsPersistent(dom);

    if (active < 0 || persistent < 0) {
        *error = tv_vir_last_error("could not read the domain's state");
        return -1;
    }
    *w = (tv_nic_where){ .active = active == 1, .persistent = persistent == 1 };
    w->live = live->set ? live->number != 0 : w->active;
    w->config = config->set ? config->number != 0 : w->persistent;
    w->live_given = tv_param_values_given(params, "live");
    w->config_given = tv_param_values_given(params, "config");
    if (!w->live && !w->config) {
        *error = g_strdup("config: live and config are both no: nothing would change");
        return -1;
    }
    return 0;
}

unsigned
tv_nic_where_flags(const tv_nic_where *w)
{
    return (w->live ? VIR_DOMAIN_AFFECT_LIVE : 0) | (w->config ? VIR_DOMAIN_AFFECT_CONFIG : 0);
}

const char *
tv_nic_where_words(const tv_nic_where *w)
{
    if (w->live && w->config)
        return "live and config";
    return w->live ? "live only" : "config only";
}

char *
tv_nic_pick_mac(virConnectPtr conn, const char *mac, bool given, char **error)
{
    g_autoptr(tv_mac_set) used = tv_mac_read_host(conn, error);
    const char *owner;

    if (!used)
        return NULL;
    owner = mac ? tv_mac_set_owner(used, mac) : NULL;
    if (owner && given) {
        *error = g_strdup_printf("mac: %s is already used by '%s'", mac, owner);
        return NULL;
    }
    if (mac && !owner)
        return g_strdup(mac);
    {
        GRand *rand = g_rand_new();
        char *fresh = tv_mac_generate(used, rand);
        g_rand_free(rand);
        return fresh;
    }
}

/* The type of a host interface ("bridge", "ethernet"...) from its XML, or NULL. */
static char *
interface_type(virInterfacePtr iface)
{
    tv_autovirstr *xml = virInterfaceGetXMLDesc(iface, 0);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = xml ? tv_xml_parse(xml, "the interface XML", &error) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc ? xmlXPathNewContext(doc) : NULL;
    return ctx ? tv_xml_string(ctx, "string(/interface/@type)") : NULL;
}

char *
tv_nic_check_source_on_host(virConnectPtr conn, const tv_nic_spec *spec, bool live)
{
    virInterfacePtr *ifaces = NULL;
    int n;
    char *why = NULL;
    bool bridge = g_strcmp0(spec->type, "bridge") == 0;

    if (g_strcmp0(spec->type, "network") == 0) {
        g_autoptr(virNetwork) net = virNetworkLookupByName(conn, spec->source);
        if (!net) {
            g_autofree char *vir = tv_vir_last_error("no such network");
            return g_strdup_printf("source: %s", vir);
        }
        if (live && virNetworkIsActive(net) == 0)
            return g_strdup_printf("source: network '%s' is not active (start it, or live=no)",
                                   spec->source);
        return NULL;
    }
    /* A host without libvirt's interface driver cannot say: libvirt or QEMU will. */
    n = virConnectListAllInterfaces(conn, &ifaces, 0);
    if (n < 0) {
        virResetLastError();
        return NULL;
    }
    why = g_strdup_printf("source: the host has no %s '%s'", bridge ? "bridge" : "interface",
                          spec->source);
    for (int i = 0; i < n; i++) {
        g_autoptr(virInterface) iface = ifaces[i];
        if (!why || g_strcmp0(virInterfaceGetName(iface), spec->source) != 0)
            continue;
        g_clear_pointer(&why, g_free);
        if (bridge) {
            g_autofree char *type = interface_type(iface);
            if (type && strcmp(type, "bridge") != 0)
                why = g_strdup_printf("source: '%s' is an interface of type %s, not a bridge "
                                      "(type=direct?)",
                                      spec->source, type);
        }
    }
    free(ifaces);
    virResetLastError();
    return why;
}
