/*
 * domain-edit: a domain's vCPUs, CPU model and topology, memory and boot
 * settings (e in Domains and Details).  The form starts from the domain as
 * the snapshot shows it and checks every field against it and the host.
 * On the worker the real XML is read again and checked again before
 * anything changes (domain-edit-exec.c).  This file holds the parameter
 * table, its defaults and its checks, all pure, and the descriptor.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/domain-edit.h"
#include "model/domedit.h"
#include "model/domxml.h"

#define KIB 1024ULL

/* ---- what the form knows -------------------------------------------------------- */

/* What the target's XML says, when the snapshot carries it; false otherwise. */
static bool
target_facts(const tv_param_ctx *ctx, tv_domedit_facts *f)
{
    g_autofree char *error = NULL;
    if (!ctx->details || !ctx->details->xml)
        return false;
    return tv_domedit_read(ctx->details->xml, f, &error) == 0;
}

static bool
target_active(const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    return d && tv_dom_state_active(d->state);
}

/* A yes/no field's value, or dflt when it has none (domain-edit.h). */
bool
tv_domain_edit_flag(const tv_param_values *v, const char *name, bool dflt)
{
    const tv_param_value *val = v ? tv_param_values_get(v, name) : NULL;
    return val && val->set ? val->number != 0 : dflt;
}

char *
tv_domain_edit_size_text(guint64 kib)
{
    return tv_param_format_size(kib * KIB);
}

/* ---- defaults: the domain as it is --------------------------------------------- */

static char *
default_vcpus(const tv_param *p, const tv_param_ctx *ctx)
{
    tv_domedit_facts f;
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (target_facts(ctx, &f)) {
        char *text = g_strdup_printf("%u", f.vcpus);
        tv_domedit_facts_clear(&f);
        return text;
    }
    return d && (d->valid & TV_DOM_HAS_VCPUS) ? g_strdup_printf("%u", d->vcpus) : NULL;
}

/* The other defaults need the XML; named by the parameter. */
static char *
default_from_xml(const tv_param *p, const tv_param_ctx *ctx)
{
    tv_domedit_facts f;
    char *text = NULL;
    if (!target_facts(ctx, &f))
        return NULL;
    if (strcmp(p->name, "maxvcpus") == 0)
        text = g_strdup_printf("%u", f.maxvcpus);
    else if (strcmp(p->name, "sockets") == 0 && f.sockets)
        text = g_strdup_printf("%u", f.sockets);
    else if (strcmp(p->name, "cores") == 0 && f.sockets)
        text = g_strdup_printf("%u", f.cores);
    else if (strcmp(p->name, "threads") == 0 && f.sockets)
        text = g_strdup_printf("%u", f.threads);
    else if (strcmp(p->name, "cpu") == 0)
        text = g_strdup(f.cpu);
    else if (strcmp(p->name, "boot") == 0)
        text = g_strdup(f.boot);
    else if (strcmp(p->name, "bootmenu") == 0)
        text = g_strdup(f.bootmenu ? "yes" : "no");
    tv_domedit_facts_clear(&f);
    return text;
}

static char *
default_memory(const tv_param *p, const tv_param_ctx *ctx)
{
    tv_domedit_facts f;
    const tv_domain *d = tv_param_ctx_domain(ctx);
    bool max = strcmp(p->name, "maxmemory") == 0;
    if (target_facts(ctx, &f)) {
        char *text = tv_domain_edit_size_text(max ? f.maxmemory_kib : f.memory_kib);
        tv_domedit_facts_clear(&f);
        return text;
    }
    if (d && (d->valid & TV_DOM_HAS_MEM))
        return tv_domain_edit_size_text(max ? d->max_mem_kib : d->mem_kib);
    return NULL;
}

static char *
default_live(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup(target_active(ctx) ? "yes" : "no");
}

static char *
default_config(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    bool transient = d && (d->valid & TV_DOM_HAS_FLAGS) && !d->persistent;
    return g_strdup(transient ? "no" : "yes");
}

/* ---- checks as the user types ------------------------------------------------------ */

/*
 * A setting that only the persistent config holds (the maximums, the
 * topology, the CPU model, boot): refused when only the live guest would
 * change and the value differs from what it has.
 */
static char *
config_only(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx,
            bool differs)
{
    if (tv_domain_edit_flag(ctx->values, "config", true) || !differs)
        return NULL;
    return g_strdup_printf("a running guest cannot change its %s: it changes in the config "
                           "(config=yes) and takes effect at the next boot", p->label);
}

static char *
check_vcpus(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_param_value *max = tv_param_values_get(ctx->values, "maxvcpus");
    tv_domedit_facts f;
    char *why = NULL;

    if (max->set && v->number > max->number)
        return g_strdup_printf("%lld is more than the maximum of %lld (maxvcpus)", v->number,
                               max->number);
    if (ctx->snap && ctx->snap->has_node && ctx->snap->cpus && v->number > ctx->snap->cpus)
        return g_strdup_printf("%lld is more than the %u CPUs of host %s", v->number,
                               ctx->snap->cpus, ctx->snap->label);
    /* A running guest takes more vCPUs only up to the maximum it was started with. */
    if (tv_domain_edit_flag(ctx->values, "live", false) && target_active(ctx) &&
        target_facts(ctx, &f)) {
        if (v->number > f.maxvcpus)
            why = g_strdup_printf("%lld is more than the running guest's maximum of %u, which "
                                  "only changes at its next boot (live=no changes the config "
                                  "alone)", v->number, f.maxvcpus);
        tv_domedit_facts_clear(&f);
    }
    return why;
}

static char *
check_maxvcpus(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_domedit_facts f;
    bool differs = false;
    if (ctx->snap && ctx->snap->has_node && ctx->snap->cpus && v->number > ctx->snap->cpus)
        return g_strdup_printf("%lld is more than the %u CPUs of host %s", v->number,
                               ctx->snap->cpus, ctx->snap->label);
    if (target_facts(ctx, &f)) {
        differs = (unsigned)v->number != f.maxvcpus;
        tv_domedit_facts_clear(&f);
    }
    return config_only(p, v, ctx, differs);
}

/* The topology fields as they stand: unset ones count as 1. */
static unsigned
topology_value(const tv_param_ctx *ctx, const char *name)
{
    const tv_param_value *v = tv_param_values_get(ctx->values, name);
    return v->set ? (unsigned)v->number : 1;
}

/* The one field a topology problem is said on: the first the user gave, else sockets. */
static const char *
topology_owner(const tv_param_ctx *ctx)
{
    static const char *const names[] = { "sockets", "cores", "threads" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (tv_param_values_given(ctx->values, names[i]))
            return names[i];
    }
    return "sockets";
}

static char *
check_topology(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_param_value *max = tv_param_values_get(ctx->values, "maxvcpus");
    tv_domedit_facts f = { 0 };
    bool known = target_facts(ctx, &f);
    unsigned s = topology_value(ctx, "sockets"), c = topology_value(ctx, "cores"),
             t = topology_value(ctx, "threads");
    bool differs = known && (s != f.sockets || c != f.cores || t != f.threads);
    char *why = NULL;

    if (strcmp(topology_owner(ctx), p->name) == 0) {
        if (max->set)
            why = tv_topology_check(s, known ? f.dies : 1, c, t, (unsigned)max->number);
        if (!why)
            why = config_only(p, v, ctx, differs);
    }
    tv_domedit_facts_clear(&f);
    return why;
}

static char *
check_cpu(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_domedit_facts f = { 0 };
    bool differs = true;
    char *why = tv_cpu_check(v->text);
    if (why)
        return why;
    if (target_facts(ctx, &f))
        differs = g_strcmp0(f.cpu, v->text) != 0;
    tv_domedit_facts_clear(&f);
    return config_only(p, v, ctx, differs);
}

static char *
check_memory(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_param_value *max = tv_param_values_get(ctx->values, "maxmemory");
    tv_domedit_facts f;
    char *why = NULL;

    if (max->set && v->bytes > max->bytes)
        return g_strdup_printf("%s is more than the maximum of %s (maxmemory)", v->text,
                               max->text);
    if (ctx->snap && ctx->snap->has_node && ctx->snap->mem_total_kib &&
        v->bytes > ctx->snap->mem_total_kib * KIB) {
        g_autofree char *total = tv_domain_edit_size_text(ctx->snap->mem_total_kib);
        return g_strdup_printf("%s is more than the %s of memory of host %s", v->text, total,
                               ctx->snap->label);
    }
    /* The balloon of a running guest goes up to the maximum it was started with. */
    if (tv_domain_edit_flag(ctx->values, "live", false) && target_active(ctx) &&
        target_facts(ctx, &f)) {
        if (v->bytes > f.maxmemory_kib * KIB) {
            g_autofree char *live_max = tv_domain_edit_size_text(f.maxmemory_kib);
            why = g_strdup_printf("%s is more than the running guest's maximum of %s, which "
                                  "only changes at its next boot (live=no changes the config "
                                  "alone)", v->text, live_max);
        }
        tv_domedit_facts_clear(&f);
    }
    return why;
}

static char *
check_maxmemory(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_domedit_facts f;
    bool differs = false;
    if (ctx->snap && ctx->snap->has_node && ctx->snap->mem_total_kib &&
        v->bytes > ctx->snap->mem_total_kib * KIB) {
        g_autofree char *total = tv_domain_edit_size_text(ctx->snap->mem_total_kib);
        return g_strdup_printf("%s is more than the %s of memory of host %s", v->text, total,
                               ctx->snap->label);
    }
    if (target_facts(ctx, &f)) {
        differs = (v->bytes + KIB - 1) / KIB != f.maxmemory_kib;
        tv_domedit_facts_clear(&f);
    }
    return config_only(p, v, ctx, differs);
}

static char *
check_boot(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    char *why = NULL;
    g_auto(GStrv) devices = tv_boot_parse(v->text, &why);
    g_autofree char *joined = NULL;
    tv_domedit_facts f = { 0 };
    bool differs = true;

    if (!devices)
        return why;
    joined = g_strjoinv(",", devices);
    if (target_facts(ctx, &f))
        differs = g_strcmp0(joined, f.boot) != 0 || f.device_boot;
    tv_domedit_facts_clear(&f);
    return config_only(p, v, ctx, differs);
}

static char *
check_bootmenu(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_domedit_facts f = { 0 };
    bool differs = true;
    if (target_facts(ctx, &f))
        differs = (v->number != 0) != f.bootmenu;
    tv_domedit_facts_clear(&f);
    return config_only(p, v, ctx, differs);
}

static char *
check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (v->number && d && !tv_dom_state_active(d->state))
        return g_strdup_printf("'%s' is not running: nothing can change live", d->name);
    return NULL;
}

static char *
check_config(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (v->number && d && (d->valid & TV_DOM_HAS_FLAGS) && !d->persistent)
        return g_strdup_printf("'%s' is transient: it has no config to change (config=no)",
                               d->name);
    if (!v->number && !tv_domain_edit_flag(ctx->values, "live", false))
        return g_strdup("live and config are both no: nothing would change");
    return NULL;
}

static const tv_param edit_params[] = {
    { .name = "vcpus", .label = "vCPUs",
      .help = "How many virtual CPUs the guest runs with, up to the maximum.",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_vcpus,
      .validate = check_vcpus },
    { .name = "maxvcpus", .label = "Maximum vCPUs",
      .help = "The most vCPUs it can have (hot-plug up to this); changes at the next boot.",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_from_xml,
      .validate = check_maxvcpus },
    { .name = "sockets", .label = "Sockets",
      .help = "CPU topology: sockets x cores x threads must make the maximum vCPUs.",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_from_xml,
      .validate = check_topology },
    { .name = "cores", .label = "Cores",
      .help = "Cores per socket (1 when left out with sockets given).",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_from_xml,
      .validate = check_topology },
    { .name = "threads", .label = "Threads",
      .help = "Threads per core (1 when left out with sockets given).",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_from_xml,
      .validate = check_topology },
    { .name = "cpu", .label = "CPU model",
      .help = "host-model, host-passthrough, or a model name such as Skylake-Client.",
      .kind = TV_PARAM_STRING, .compute_default = default_from_xml, .validate = check_cpu },
    { .name = "memory", .label = "Memory",
      .help = "Memory the guest has now: 2G, 1536M (a bare number is in MiB).",
      .kind = TV_PARAM_SIZE, .min = 1024, .unit = "MiB", .compute_default = default_memory,
      .validate = check_memory },
    { .name = "maxmemory", .label = "Maximum memory",
      .help = "The most memory it can have (a bare number is in MiB); changes at the next "
              "boot.",
      .kind = TV_PARAM_SIZE, .min = 1024, .unit = "MiB", .compute_default = default_memory,
      .validate = check_maxmemory },
    { .name = "boot", .label = "Boot order",
      .help = "Devices to boot from, in order: hd, cdrom, network (e.g. cdrom,hd).",
      .kind = TV_PARAM_STRING, .compute_default = default_from_xml, .validate = check_boot },
    { .name = "bootmenu", .label = "Boot menu",
      .help = "Offer the firmware's boot menu at start-up.",
      .kind = TV_PARAM_BOOL, .compute_default = default_from_xml, .validate = check_bootmenu },
    { .name = "live", .label = "Change now",
      .help = "Apply vCPUs and memory to the running guest now.",
      .kind = TV_PARAM_BOOL, .compute_default = default_live, .validate = check_live },
    { .name = "config", .label = "Change config",
      .help = "Keep the changes in the domain's config (they last across reboots).",
      .kind = TV_PARAM_BOOL, .compute_default = default_config, .validate = check_config },
};

const tv_action tv_action_domain_edit = {
    .name = "domain-edit",
    .key = "e",
    .label = "edit",
    .help = "Change the vCPUs, CPU model, memory and boot order (now and in the config).",
    .done = "", /* the note says what changed where */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = tv_domain_edit_exec,
    .params = edit_params,
    .n_params = G_N_ELEMENTS(edit_params),
};
