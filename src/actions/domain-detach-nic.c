/*
 * domain-detach-nic (x on a NIC in Details, Hardware): unplugs the NIC with
 * a MAC from the running domain, from its saved configuration, or both.
 * The worker finds the <interface> with that MAC in the live XML and in
 * the saved one and hands each to libvirt as the domain has it, so the
 * right device goes even when the two differ (address, alias).  The saved
 * one goes first: when the live unplug then fails, it is put back.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/nic.h"
#include "model/domxml.h"

static bool
details_have(const tv_domain_details *d, const char *mac)
{
    for (guint i = 0; d && d->nics && i < d->nics->len; i++) {
        const tv_nic_info *n = &g_array_index(d->nics, tv_nic_info, i);
        if (n->mac && g_ascii_strcasecmp(n->mac, mac) == 0)
            return true;
    }
    return false;
}

/*
 * Live by default when the domain runs and the NIC is plugged in (a NIC
 * only in the saved configuration is not, and virsh would fail on it).
 */
static char *
default_live(const tv_param *p, const tv_param_ctx *ctx)
{
    const char *mac = tv_param_values_text(ctx->values, "mac");
    char *live = tv_nic_default_live(p, ctx);
    if (live && strcmp(live, "yes") == 0 && mac && ctx->details &&
        !details_have(ctx->details, mac)) {
        g_free(live);
        return g_strdup("no");
    }
    return live;
}

/*
 * The NIC must be there.  The snapshot's XML of a shut-off domain is its
 * saved configuration; of a running one, what runs (a NIC may be in the
 * saved configuration alone: then only live=yes, said by the user, is
 * wrong).  The worker looks again in both.
 */
static char *
check_mac(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    const tv_param_value *live = tv_param_values_get(ctx->values, "live");

    if (!d || !ctx->details || details_have(ctx->details, v->text))
        return NULL;
    if (!tv_dom_state_active(d->state))
        return g_strdup_printf("'%s' has no NIC with MAC %s", d->name, v->text);
    if (live->number && tv_param_values_given(ctx->values, "live"))
        return g_strdup_printf("the running '%s' has no such NIC (saved only? live=no)",
                               d->name);
    return NULL;
}

static const tv_param detach_params[] = {
    { .name = "mac", .label = "MAC address",
      .help = "The MAC address of the NIC to unplug (the one under the cursor in Details, "
              "Hardware).",
      .kind = TV_PARAM_MAC, .flags = TV_PARAM_REQUIRED, .validate = check_mac },
    { .name = "live", .label = "Live",
      .help = "Unplug it from the running domain now (the default when it runs and has it).",
      .kind = TV_PARAM_BOOL, .compute_default = default_live, .validate = tv_nic_check_live },
    { .name = "config", .label = "Config",
      .help = "Take it out of the saved configuration too, so it is gone at the next start.",
      .kind = TV_PARAM_BOOL, .compute_default = tv_nic_default_config,
      .validate = tv_nic_check_config },
};

/*
 * The <interface> with mac in dom's XML (flags 0: live; INACTIVE: saved).
 * Returns 1 with *element, 0 when not there, -1 with *error.
 */
static int
find_nic(virDomainPtr dom, unsigned flags, const char *mac, char **element, char **error)
{
    tv_autovirstr *xml = virDomainGetXMLDesc(dom, flags);
    if (!xml) {
        *error = tv_vir_last_error("could not read the domain's XML");
        return -1;
    }
    return tv_nicxml_find(xml, mac, element, error);
}

typedef struct put_back {
    char *uuid;
    char *element;
} put_back;

static void
put_back_free(void *p)
{
    put_back *b = p;
    g_free(b->uuid);
    g_free(b->element);
    g_free(b);
}

/* Undo of the saved half: the element goes back into the saved configuration. */
static char *
put_back_config(virConnectPtr conn, void *data)
{
    put_back *b = data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, b->uuid);
    if (!dom || virDomainAttachDeviceFlags(dom, b->element, VIR_DOMAIN_AFFECT_CONFIG) < 0)
        return tv_vir_last_error("could not put it back");
    return NULL;
}

/*
 * Which halves to detach: one asked for by default is left out when the NIC
 * is not there (live-only or saved-only NICs); one the user asked for must be.
 */
static int
pick(tv_action_ctx *ctx, const char *mac, tv_nic_where *w, char **live_elem,
     char **config_elem)
{
    int found;
    if (w->live && !w->active) {
        if (w->live_given) {
            ctx->error = g_strdup_printf("live: '%s' is not running", ctx->name);
            return -1;
        }
        w->live = false;
    }
    if (w->live) {
        if ((found = find_nic(ctx->dom, 0, mac, live_elem, &ctx->error)) < 0)
            return -1;
        if (!found && w->live_given) {
            ctx->error = g_strdup_printf("mac: the running '%s' has no NIC with MAC %s",
                                         ctx->name, mac);
            return -1;
        }
        w->live = found;
    }
    if (w->config && w->persistent) {
        if ((found = find_nic(ctx->dom, VIR_DOMAIN_XML_INACTIVE, mac, config_elem,
                              &ctx->error)) < 0)
            return -1;
        if (!found && w->config_given) {
            ctx->error = g_strdup_printf("mac: the saved configuration of '%s' has no NIC "
                                         "with MAC %s",
                                         ctx->name, mac);
            return -1;
        }
        w->config = found;
    } else if (w->config && w->config_given) {
        ctx->error = g_strdup_printf("config: '%s' is transient: it has no saved "
                                     "configuration",
                                     ctx->name);
        return -1;
    } else {
        w->config = false;
    }
    if (!w->live && !w->config) {
        ctx->error = g_strdup_printf("mac: '%s' has no NIC with MAC %s", ctx->name, mac);
        return -1;
    }
    return 0;
}

static int
detach_exec(tv_action_ctx *ctx)
{
    const char *mac = tv_param_values_text(ctx->params, "mac");
    tv_nic_where where;
    g_autofree char *live_elem = NULL, *config_elem = NULL, *still = NULL, *error = NULL;
    bool pending = false;

    if (tv_nic_where_read(ctx->dom, ctx->params, &where, &ctx->error) < 0 ||
        pick(ctx, mac, &where, &live_elem, &config_elem) < 0)
        return -1;
    if (where.config) {
        put_back *b = g_new0(put_back, 1);
        char uuid[VIR_UUID_STRING_BUFLEN];
        if (virDomainDetachDeviceFlags(ctx->dom, config_elem, VIR_DOMAIN_AFFECT_CONFIG) < 0) {
            g_free(b);
            return tv_action_fail(ctx, "could not detach the NIC");
        }
        virDomainGetUUIDString(ctx->dom, uuid);
        b->uuid = g_strdup(uuid);
        b->element = g_strdup(config_elem);
        tv_action_undo(ctx, "put the NIC back in the saved configuration", put_back_config, b,
                       put_back_free);
    }
    if (where.live) {
        if (virDomainDetachDeviceFlags(ctx->dom, live_elem, VIR_DOMAIN_AFFECT_LIVE) < 0)
            return tv_action_fail(ctx, "could not detach the NIC");
        /* libvirt waits a few seconds for the guest to let go, then returns anyway. */
        pending = find_nic(ctx->dom, 0, mac, &still, &error) == 1;
        virResetLastError();
    }
    g_string_append_printf(ctx->note, "%s NIC %s (%s)",
                           pending ? "asked the guest to release" : "no longer has", mac,
                           tv_nic_where_words(&where));
    if (pending)
        g_string_append(ctx->note, ": it stays plugged in until the guest lets go");
    tv_action_result(ctx, "mac", false, "%s", mac);
    tv_action_result(ctx, "live", false, "%s", where.live ? "yes" : "no");
    tv_action_result(ctx, "config", false, "%s", where.config ? "yes" : "no");
    tv_action_result(ctx, "pending", false, "%s", pending ? "yes" : "no");
    return 0;
}

const tv_action tv_action_domain_detach_nic = {
    .name = "domain-detach-nic",
    .key = NULL, /* x on a NIC in Details, Hardware (device-detach) */
    .label = "detach a NIC from",
    .help = "Remove a network interface, by its MAC address, from the running domain, its "
            "saved configuration, or both.",
    .done = "", /* the note says it: "'web01' no longer has NIC 52:54:00:..." */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = detach_exec,
    .params = detach_params,
    .n_params = G_N_ELEMENTS(detach_params),
    .devices = TV_DEVICE_BIT(TV_DEVICE_NIC),
    .device_param = "mac",
};
