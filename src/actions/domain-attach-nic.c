/*
 * domain-attach-nic (i): a new network interface on a domain, on a libvirt
 * network, a host bridge or a host interface (macvtap), live, saved, or
 * both.  Its parameter table minus live and config is the NIC schema that
 * the create wizard embeds as nic.*, so every callback here reads other
 * fields by their plain names and copes without a target domain.  The
 * worker reads every MAC of the host before it picks or checks one, and
 * the source again, because the snapshot knows neither for sure.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/nic.h"
#include "model/domxml.h"
#include "model/mac.h"

static const char *const types[] = { "network", "bridge", "direct", NULL };
static const char *const modes[] = { "bridge", "vepa", "private", "passthrough", NULL };
static const char *const models[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };
static const char *const links[] = { "up", "down", NULL };

static const char *
type_of(const tv_param_ctx *ctx)
{
    const char *t = tv_param_values_text(ctx->values, "type");
    return t ? t : "network";
}

/* Everything but type applies unless the wizard's type is "none". */
static bool
has_nic(const tv_param_ctx *ctx)
{
    return strcmp(type_of(ctx), "none") != 0;
}

static bool
is_direct(const tv_param_ctx *ctx)
{
    return strcmp(type_of(ctx), "direct") == 0;
}

static const tv_network *
find_network(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; s && s->networks && i < s->networks->n; i++) {
        if (strcmp(s->networks->networks[i].name, name) == 0)
            return &s->networks->networks[i];
    }
    return NULL;
}

/* A network NIC goes on the host's first active network (in name order). */
/* F4 on the source: the host's libvirt networks, for a NIC on a network. */
static GPtrArray *
source_candidates(const tv_param *p, const tv_param_ctx *ctx)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const tv_host_snapshot *s = ctx->snap;
    if (strcmp(type_of(ctx), "network") != 0 || !s || !s->networks)
        return out;
    for (size_t i = 0; i < s->networks->n; i++) {
        const tv_network *n = &s->networks->networks[i];
        g_ptr_array_add(out, g_strdup_printf("%s\t%s%s", n->name, n->forward_mode,
                                             n->active ? "" : ", inactive"));
    }
    return out;
}

static char *
source_default(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_host_snapshot *s = ctx->snap;
    if (strcmp(type_of(ctx), "network") != 0 || !s || !s->networks)
        return NULL;
    for (size_t i = 0; i < s->networks->n; i++) {
        if (s->networks->networks[i].active)
            return g_strdup(s->networks->networks[i].name);
    }
    return NULL;
}

/* A name the kernel takes for a network device: 1 to 15 bytes, no '/', ':' or space. */
static bool
is_ifname(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 15 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return false;
    for (const char *c = name; *c; c++) {
        if (*c == '/' || *c == ':' || g_ascii_isspace(*c))
            return false;
    }
    return true;
}

static char *
check_source(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *type = type_of(ctx);
    const tv_network *net;
    const tv_param_value *live;

    if (strcmp(type, "network") != 0) {
        if (!is_ifname(v->text))
            return g_strdup_printf("'%s' is no device name (1-15 characters, no / : or space)",
                                   v->text);
        /* A network's name where its bridge was meant (or a form's stale default). */
        if ((net = find_network(ctx->snap, v->text)) && g_strcmp0(net->bridge, v->text) != 0)
            return g_strdup_printf("'%s' is a network, not a %s (type=network)", v->text,
                                   strcmp(type, "bridge") == 0 ? "bridge" : "host device");
        return NULL;
    }
    if (!ctx->snap || !ctx->snap->networks)
        return NULL; /* not read yet: the worker looks it up */
    if (!(net = find_network(ctx->snap, v->text)))
        return g_strdup_printf("no network '%s' on %s", v->text, ctx->snap->label);
    live = tv_param_values_get(ctx->values, "live");
    if (live->set && live->number && !net->active)
        return g_strdup_printf("network '%s' is not active (start it, or live=no)", v->text);
    return NULL;
}

/* The NIC of a domain's details with mac, or NULL. */
static const tv_nic_info *
nic_with_mac(const tv_domain_details *d, const char *mac)
{
    for (guint i = 0; d && d->nics && i < d->nics->len; i++) {
        const tv_nic_info *n = &g_array_index(d->nics, tv_nic_info, i);
        if (n->mac && g_ascii_strcasecmp(n->mac, mac) == 0)
            return n;
    }
    return NULL;
}

/*
 * A typed MAC must be usable and free.  The snapshot knows the NICs of the
 * target domain (and of the domain Details shows); the worker checks every
 * domain of the host again before it attaches.
 */
static char *
check_mac(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain_details *known[] = { ctx->details, ctx->snap ? ctx->snap->details : NULL };

    if (strcmp(v->text, "00:00:00:00:00:00") == 0)
        return g_strdup("00:00:00:00:00:00 is not a usable address");
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        if (nic_with_mac(known[i], v->text))
            return g_strdup_printf("%s is already used by '%s'", v->text, known[i]->name);
    }
    return NULL;
}

/*
 * A new MAC that stays the same while the form is open: drawn from a seed
 * of the host, the target and what the snapshot knows of them, away from
 * the MACs the snapshot shows.  The worker replaces it if it is taken.
 */
static char *
mac_default(const tv_param *p, const tv_param_ctx *ctx)
{
    g_autoptr(tv_mac_set) used = tv_mac_set_new();
    g_autoptr(GString) seed = g_string_new(ctx->snap ? ctx->snap->label : "");
    const tv_domain_details *known[] = { ctx->details, ctx->snap ? ctx->snap->details : NULL };

    g_string_append_printf(seed, "\n%s\n", ctx->target ? ctx->target : "");
    for (size_t i = 0; ctx->snap && i < ctx->snap->n_domains; i++)
        g_string_append(seed, ctx->snap->domains[i].uuid_str);
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        tv_mac_set_add_domain(used, known[i]);
        for (guint k = 0; known[i] && k < known[i]->nics->len; k++)
            g_string_append_printf(seed, " %s",
                                   g_array_index(known[i]->nics, tv_nic_info, k).mac);
    }
    return tv_mac_generate_seeded(used, seed->str);
}

static const tv_param attach_params[] = {
    { .name = "type", .label = "Type",
      .help = "What it plugs into: a libvirt network, a host bridge, or a host interface "
              "directly (macvtap).",
      .kind = TV_PARAM_CHOICE, .choices = types, .def = "network" },
    { .name = "source", .label = "Source",
      .help = "The libvirt network (type network), the host's bridge (bridge) or the host's "
              "interface (direct).",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED | TV_PARAM_READS_NETWORKS,
      .compute_default = source_default, .visible = has_nic, .validate = check_source,
      .candidates = source_candidates },
    { .name = "mode", .label = "Mode",
      .help = "How a direct NIC shares the host interface: bridge (guests on it see each "
              "other), vepa, private or passthrough.",
      .kind = TV_PARAM_CHOICE, .choices = modes, .def = "bridge", .visible = is_direct },
    { .name = "model", .label = "Model",
      .help = "The device the guest sees: virtio (fastest, needs its driver), e1000e, e1000 "
              "or rtl8139.",
      .kind = TV_PARAM_CHOICE, .choices = models, .def = "virtio", .visible = has_nic },
    { .name = "mac", .label = "MAC address",
      .help = "Its MAC address: by default a new one in 52:54:00:xx:xx:xx, unused on the host.",
      .kind = TV_PARAM_MAC, .compute_default = mac_default, .visible = has_nic,
      .validate = check_mac },
    { .name = "link", .label = "Link",
      .help = "Whether its virtual cable starts plugged in (up) or pulled out (down).",
      .kind = TV_PARAM_CHOICE, .choices = links, .def = "up", .visible = has_nic },
    /* The wizard's nic.* group leaves out live and config (tv_nic_group). */
    { .name = "live", .label = "Live",
      .help = "Plug it into the running domain now (the default when it runs).",
      .kind = TV_PARAM_BOOL, .compute_default = tv_nic_default_live,
      .validate = tv_nic_check_live },
    { .name = "config", .label = "Config",
      .help = "Save it in the domain's configuration, so it is there at the next start.",
      .kind = TV_PARAM_BOOL, .compute_default = tv_nic_default_config,
      .validate = tv_nic_check_config },
};

static const size_t n_attach_params = G_N_ELEMENTS(attach_params);
static const char *const group_omit[] = { "live", "config", NULL };
static const char *const types_or_none[] = { "network", "bridge", "direct", "none", NULL };
static const tv_param group_overrides[] = {
    { .name = "type", .label = "Type",
      .help = "What it plugs into: a libvirt network, a host bridge, a host interface "
              "directly (macvtap), or none: no NIC.",
      .kind = TV_PARAM_CHOICE, .choices = types_or_none, .def = "network" },
};

const tv_param_group tv_nic_group = {
    .params = attach_params,
    .n_params = &n_attach_params,
    .omit = group_omit,
    .overrides = group_overrides,
    .n_overrides = G_N_ELEMENTS(group_overrides),
    .switch_name = "type",
    .off_value = "none",
};

/* The host device of the new NIC (vnet3...) once it runs, or NULL. */
static char *
target_dev(virDomainPtr dom, const char *mac)
{
    tv_autovirstr *xml = virDomainGetXMLDesc(dom, 0);
    g_autofree char *error = NULL;
    g_autoptr(tv_domain_details) d = xml ? tv_domxml_parse(xml, &error) : NULL;
    const tv_nic_info *n = nic_with_mac(d, mac);
    virResetLastError();
    return n && n->target_dev ? g_strdup(n->target_dev) : NULL;
}

static int
attach_exec(tv_action_ctx *ctx)
{
    tv_nic_spec spec;
    tv_nic_where where;
    g_autofree char *mac = NULL, *xml = NULL, *dev = NULL;

    tv_nic_spec_from_values(ctx->params, "", &spec);
    if (tv_nic_where_read(ctx->dom, ctx->params, &where, &ctx->error) < 0)
        return -1;
    mac = tv_nic_pick_mac(ctx->conn, spec.mac, tv_param_values_given(ctx->params, "mac"),
                          &ctx->error);
    if (!mac)
        return -1;
    spec.mac = mac;
    if ((ctx->error = tv_nic_check_source_on_host(ctx->conn, &spec, where.live)))
        return -1;
    xml = tv_nicxml_build(&spec);
    if (virDomainAttachDeviceFlags(ctx->dom, xml, tv_nic_where_flags(&where)) < 0)
        return tv_action_fail(ctx, "could not attach the NIC");
    if (where.live)
        dev = target_dev(ctx->dom, mac);
    g_string_append_printf(ctx->note, "has a new %s%sNIC %s on ", spec.model ? spec.model : "",
                           spec.model ? " " : "", mac);
    if (spec.mode)
        g_string_append_printf(ctx->note, "host interface '%s' (macvtap, %s mode)", spec.source,
                               spec.mode);
    else
        g_string_append_printf(ctx->note, "%s '%s'", spec.type, spec.source);
    g_string_append_printf(ctx->note, "%s%s%s (%s)", dev ? ", host device " : "",
                           dev ? dev : "", spec.link_down ? ", link down" : "",
                           tv_nic_where_words(&where));
    tv_action_result(ctx, "mac", false, "%s", mac);
    tv_action_result(ctx, "type", false, "%s", spec.type);
    tv_action_result(ctx, "source", false, "%s", spec.source);
    if (spec.mode)
        tv_action_result(ctx, "mode", false, "%s", spec.mode);
    if (spec.model)
        tv_action_result(ctx, "model", false, "%s", spec.model);
    tv_action_result(ctx, "link", false, "%s", spec.link_down ? "down" : "up");
    tv_action_result(ctx, "live", false, "%s", where.live ? "yes" : "no");
    tv_action_result(ctx, "config", false, "%s", where.config ? "yes" : "no");
    if (dev)
        tv_action_result(ctx, "dev", false, "%s", dev);
    return 0;
}

const tv_action tv_action_domain_attach_nic = {
    .name = "domain-attach-nic",
    .key = "i",
    .label = "attach a NIC to",
    .help = "Add a network interface: on a libvirt network, a host bridge or a host "
            "interface.",
    .done = "", /* the note says it: "'web01' has a new virtio NIC 52:54:00:..." */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = attach_exec,
    .params = attach_params,
    .n_params = G_N_ELEMENTS(attach_params),
};
