/*
 * domain-edit: a domain's vCPUs, CPU model and topology, memory and boot
 * settings (e in Domains and Details).  The form starts from the domain as
 * the snapshot shows it and checks every field against it and the host.
 * On the worker the real XML is read again and checked again before
 * anything changes.  The persistent config is rewritten in one define
 * (model/domedit.c); a running guest gets vCPUs and memory live, within
 * the maximum it was started with.  Each step is undone if a later fails.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "actions/action-impl.h"
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

/* A yes/no field's value, or dflt when it has none. */
static bool
flag(const tv_param_values *v, const char *name, bool dflt)
{
    const tv_param_value *val = v ? tv_param_values_get(v, name) : NULL;
    return val && val->set ? val->number != 0 : dflt;
}

static char *
size_text(guint64 kib)
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
        char *text = size_text(max ? f.maxmemory_kib : f.memory_kib);
        tv_domedit_facts_clear(&f);
        return text;
    }
    if (d && (d->valid & TV_DOM_HAS_MEM))
        return size_text(max ? d->max_mem_kib : d->mem_kib);
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
    if (flag(ctx->values, "config", true) || !differs)
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
    if (flag(ctx->values, "live", false) && target_active(ctx) && target_facts(ctx, &f)) {
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
        g_autofree char *total = size_text(ctx->snap->mem_total_kib);
        return g_strdup_printf("%s is more than the %s of memory of host %s", v->text, total,
                               ctx->snap->label);
    }
    /* The balloon of a running guest goes up to the maximum it was started with. */
    if (flag(ctx->values, "live", false) && target_active(ctx) && target_facts(ctx, &f)) {
        if (v->bytes > f.maxmemory_kib * KIB) {
            g_autofree char *live_max = size_text(f.maxmemory_kib);
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
        g_autofree char *total = size_text(ctx->snap->mem_total_kib);
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
    if (!v->number && !flag(ctx->values, "live", false))
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

/* ---- on the worker ------------------------------------------------------------------- */

/* What the user asked, as the worker reads it: only what was given counts. */
typedef struct wanted {
    unsigned vcpus, maxvcpus;
    bool topology;
    unsigned sockets, cores, threads;
    const char *cpu;
    guint64 memory_kib, maxmemory_kib;
    char *boot; /* normalised: "cdrom,hd" */
    int bootmenu;
} wanted;

static bool
given(const tv_action_ctx *ctx, const char *name)
{
    return ctx->params && tv_param_values_given(ctx->params, name) &&
           tv_param_values_get(ctx->params, name)->set;
}

static unsigned
number(const tv_action_ctx *ctx, const char *name, unsigned dflt)
{
    const tv_param_value *v = ctx->params ? tv_param_values_get(ctx->params, name) : NULL;
    return v && v->set ? (unsigned)v->number : dflt;
}

static guint64
kib(const tv_action_ctx *ctx, const char *name)
{
    return (tv_param_values_get(ctx->params, name)->bytes + KIB - 1) / KIB;
}

static void
read_wanted(const tv_action_ctx *ctx, const tv_domedit_facts *cur, wanted *w)
{
    *w = (wanted){ .bootmenu = -1 };
    if (given(ctx, "vcpus"))
        w->vcpus = number(ctx, "vcpus", 0);
    if (given(ctx, "maxvcpus"))
        w->maxvcpus = number(ctx, "maxvcpus", 0);
    if (given(ctx, "sockets") || given(ctx, "cores") || given(ctx, "threads")) {
        w->topology = true;
        w->sockets = number(ctx, "sockets", cur->sockets ? cur->sockets : 1);
        w->cores = number(ctx, "cores", cur->sockets ? cur->cores : 1);
        w->threads = number(ctx, "threads", cur->sockets ? cur->threads : 1);
    }
    if (given(ctx, "cpu"))
        w->cpu = tv_param_values_text(ctx->params, "cpu");
    if (given(ctx, "memory"))
        w->memory_kib = kib(ctx, "memory");
    if (given(ctx, "maxmemory"))
        w->maxmemory_kib = kib(ctx, "maxmemory");
    if (given(ctx, "boot")) {
        g_autofree char *why = NULL;
        g_auto(GStrv) devices = tv_boot_parse(tv_param_values_text(ctx->params, "boot"), &why);
        w->boot = devices ? g_strjoinv(",", devices) : g_strdup("");
    }
    if (given(ctx, "bootmenu"))
        w->bootmenu = number(ctx, "bootmenu", 0) != 0;
}

/* The spec of what differs from cur; the words for it go to changes. */
static void
config_spec(const wanted *w, const tv_domedit_facts *cur, tv_domedit_spec *spec,
            GPtrArray *changes)
{
    *spec = (tv_domedit_spec)TV_DOMEDIT_SPEC_INIT;
    if (w->vcpus && w->vcpus != cur->vcpus) {
        spec->vcpus = w->vcpus;
        g_ptr_array_add(changes, g_strdup_printf("vcpus %u", w->vcpus));
    }
    if (w->maxvcpus && w->maxvcpus != cur->maxvcpus) {
        spec->maxvcpus = w->maxvcpus;
        g_ptr_array_add(changes, g_strdup_printf("maxvcpus %u", w->maxvcpus));
    }
    if (w->topology && (w->sockets != cur->sockets || w->cores != cur->cores ||
                        w->threads != cur->threads)) {
        spec->sockets = w->sockets;
        spec->cores = w->cores;
        spec->threads = w->threads;
        g_ptr_array_add(changes, g_strdup_printf("topology %u socket%s x %u core%s x %u "
                                                 "thread%s", w->sockets,
                                                 w->sockets == 1 ? "" : "s", w->cores,
                                                 w->cores == 1 ? "" : "s", w->threads,
                                                 w->threads == 1 ? "" : "s"));
    }
    if (w->cpu && g_strcmp0(w->cpu, cur->cpu) != 0) {
        spec->cpu = w->cpu;
        g_ptr_array_add(changes, g_strdup_printf("cpu %s", w->cpu));
    }
    if (w->memory_kib && w->memory_kib != cur->memory_kib) {
        g_autofree char *text = size_text(w->memory_kib);
        spec->memory_kib = w->memory_kib;
        g_ptr_array_add(changes, g_strdup_printf("memory %s", text));
    }
    if (w->maxmemory_kib && w->maxmemory_kib != cur->maxmemory_kib) {
        g_autofree char *text = size_text(w->maxmemory_kib);
        spec->maxmemory_kib = w->maxmemory_kib;
        g_ptr_array_add(changes, g_strdup_printf("maxmemory %s", text));
    }
    if (w->boot && (g_strcmp0(w->boot, cur->boot) != 0 || cur->device_boot)) {
        spec->boot = w->boot;
        g_ptr_array_add(changes, g_strdup_printf("boot %s", w->boot));
    }
    if (w->bootmenu >= 0 && (w->bootmenu != 0) != cur->bootmenu) {
        spec->bootmenu = w->bootmenu;
        g_ptr_array_add(changes, g_strdup_printf("boot menu %s", w->bootmenu ? "on" : "off"));
    }
}

/* The host's CPUs and memory bound what a guest may be given. */
static char *
check_host(tv_action_ctx *ctx, const wanted *w)
{
    virNodeInfo info;
    if (virNodeGetInfo(ctx->conn, &info) < 0) {
        virResetLastError();
        return NULL; /* a driver that cannot say: libvirt decides */
    }
    if (w->vcpus > info.cpus)
        return g_strdup_printf("vcpus: %u is more than the host's %u CPUs", w->vcpus,
                               info.cpus);
    if (w->maxvcpus > info.cpus)
        return g_strdup_printf("maxvcpus: %u is more than the host's %u CPUs", w->maxvcpus,
                               info.cpus);
    if (w->memory_kib > info.memory || w->maxmemory_kib > info.memory) {
        g_autofree char *total = size_text(info.memory);
        return g_strdup_printf("%s: more than the host's %s of memory",
                               w->memory_kib > info.memory ? "memory" : "maxmemory", total);
    }
    return NULL;
}

/* A custom CPU model must be one libvirt knows for the guest's architecture. */
static char *
check_model(tv_action_ctx *ctx, const char *cpu, const char *arch)
{
    char **models = NULL;
    int n;
    bool known = false;
    g_autofree char *why = tv_cpu_check(cpu);

    if (!cpu || why || g_str_has_prefix(cpu, "host-") || strcmp(cpu, "maximum") == 0)
        return why ? g_strdup_printf("cpu: %s", why) : NULL;
    n = arch ? virConnectGetCPUModelNames(ctx->conn, arch, &models, 0) : -1;
    if (n < 0) {
        virResetLastError();
        return NULL; /* the driver cannot list them: libvirt checks at start */
    }
    for (int i = 0; i < n; i++) {
        known = known || strcmp(models[i], cpu) == 0;
        free(models[i]);
    }
    free(models);
    return known ? NULL
                 : g_strdup_printf("cpu: libvirt knows no CPU model '%s' for %s "
                                   "(virsh cpu-models %s lists them)", cpu, arch, arch);
}

typedef struct redefine {
    char *xml; /* the config as it was */
} redefine;

static void
redefine_free(gpointer p)
{
    redefine *r = p;
    g_free(r->xml);
    g_free(r);
}

static char *
restore_config(virConnectPtr conn, void *data)
{
    redefine *r = data;
    g_autoptr(virDomain) dom = virDomainDefineXML(conn, r->xml);
    return dom ? NULL : tv_vir_last_error("could not define it again");
}

typedef struct live_setting {
    char *uuid;
    unsigned vcpus;     /* or 0 */
    guint64 memory_kib; /* or 0 */
} live_setting;

static void
live_setting_free(gpointer p)
{
    live_setting *s = p;
    g_free(s->uuid);
    g_free(s);
}

static char *
restore_live(virConnectPtr conn, void *data)
{
    live_setting *s = data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, s->uuid);
    int rc;
    if (!dom)
        return tv_vir_last_error("the domain is gone");
    rc = s->vcpus ? virDomainSetVcpusFlags(dom, s->vcpus, VIR_DOMAIN_AFFECT_LIVE)
                  : virDomainSetMemoryFlags(dom, s->memory_kib, VIR_DOMAIN_AFFECT_LIVE);
    return rc < 0 ? tv_vir_last_error("libvirt refused") : NULL;
}

static void
push_live_undo(tv_action_ctx *ctx, unsigned vcpus, guint64 memory_kib)
{
    live_setting *s = g_new0(live_setting, 1);
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *what = NULL;
    g_autofree char *mem = memory_kib ? size_text(memory_kib) : NULL;

    virDomainGetUUIDString(ctx->dom, uuid);
    s->uuid = g_strdup(uuid);
    s->vcpus = vcpus;
    s->memory_kib = memory_kib;
    what = vcpus ? g_strdup_printf("set the running guest back to %u vCPUs", vcpus)
                 : g_strdup_printf("set the running guest's memory back to %s", mem);
    tv_action_undo(ctx, what, restore_live, s, live_setting_free);
}

/* Reads the XML (flags) and its facts; false with ctx->error set. */
static bool
read_facts(tv_action_ctx *ctx, unsigned flags, char **xml, tv_domedit_facts *f)
{
    tv_autovirstr *text = virDomainGetXMLDesc(ctx->dom, flags);
    g_autofree char *error = NULL;
    if (!text) {
        tv_action_fail(ctx, "could not read the domain XML");
        return false;
    }
    if (tv_domedit_read(text, f, &error) < 0) {
        ctx->error = g_steal_pointer(&error);
        return false;
    }
    *xml = g_strdup(text);
    return true;
}

static void
join_into(GString *s, const char *sep, GPtrArray *parts)
{
    for (guint i = 0; i < parts->len; i++)
        g_string_append_printf(s, "%s%s", i ? sep : "", (const char *)parts->pdata[i]);
}

/*
 * Says what changed where: "vcpus 3, memory 768M (running and in its
 * config); ...".  Returns whether some change waits for the next boot.
 */
static bool
describe(tv_action_ctx *ctx, bool active, GPtrArray *live, GPtrArray *config)
{
    g_autoptr(GPtrArray) both = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) live_only = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) config_only_ = g_ptr_array_new_with_free_func(g_free);
    GString *note = ctx->note;

    for (guint i = 0; i < live->len; i++) {
        bool in_config = false;
        for (guint k = 0; k < config->len && !in_config; k++)
            in_config = strcmp(live->pdata[i], config->pdata[k]) == 0;
        g_ptr_array_add(in_config ? both : live_only, g_strdup(live->pdata[i]));
    }
    for (guint k = 0; k < config->len; k++) {
        bool in_both = false;
        for (guint i = 0; i < both->len && !in_both; i++)
            in_both = strcmp(both->pdata[i], config->pdata[k]) == 0;
        if (!in_both)
            g_ptr_array_add(config_only_, g_strdup(config->pdata[k]));
    }
    if (!live->len && !config->len) {
        g_string_append(note, "has these settings already: nothing changed");
        return false;
    }
    g_string_append(note, "now has ");
    if (both->len) {
        join_into(note, ", ", both);
        g_string_append(note, " (running and in its config)");
    }
    if (live_only->len) {
        g_string_append(note, both->len ? "; " : "");
        join_into(note, ", ", live_only);
        g_string_append(note, " while it runs (its config keeps the old values)");
    }
    if (config_only_->len) {
        g_string_append(note, both->len || live_only->len ? "; " : "");
        join_into(note, ", ", config_only_);
        if (active)
            g_string_append(note, " in its config, from its next boot");
    }
    return active && config_only_->len > 0;
}

/* Whether the user gave any of the settings at all. */
static bool
any_given(const tv_action_ctx *ctx)
{
    for (size_t i = 0; i < G_N_ELEMENTS(edit_params); i++) {
        const char *name = edit_params[i].name;
        if (strcmp(name, "live") != 0 && strcmp(name, "config") != 0 && given(ctx, name))
            return true;
    }
    return false;
}

/* Checks what the running guest can take: its vCPUs and memory, within its maximums. */
static char *
check_live_spec(const tv_domedit_spec *s, const tv_domedit_facts *cur, bool config)
{
    if (!config && (s->maxvcpus || s->sockets || s->cpu || s->maxmemory_kib || s->boot ||
                    s->bootmenu >= 0))
        return g_strdup("config: a running guest changes only its vCPUs and memory; the "
                        "rest changes in its config (config=yes)");
    if (s->vcpus && s->vcpus > cur->maxvcpus)
        return g_strdup_printf("vcpus: %u is more than the running guest's maximum of %u, "
                               "which only changes at its next boot", s->vcpus, cur->maxvcpus);
    if (s->memory_kib && s->memory_kib > cur->maxmemory_kib) {
        g_autofree char *max = size_text(cur->maxmemory_kib);
        return g_strdup_printf("memory: more than the running guest's maximum of %s, which "
                               "only changes at its next boot", max);
    }
    return NULL;
}

static void
add_result(tv_action_ctx *ctx, const char *key, GPtrArray *changes)
{
    g_autoptr(GString) s = g_string_new(NULL);
    if (!changes->len)
        return;
    join_into(s, ", ", changes);
    tv_action_result(ctx, key, false, "%s", s->str);
}

static int
edit_exec(tv_action_ctx *ctx)
{
    int active = virDomainIsActive(ctx->dom);
    int persistent = virDomainIsPersistent(ctx->dom);
    g_autofree char *cfg_xml = NULL, *live_xml = NULL, *new_xml = NULL;
    tv_domedit_facts cfg = { 0 }, cur = { 0 };
    g_autoptr(GPtrArray) cfg_changes = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) live_words = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) live_changes = g_ptr_array_new_with_free_func(g_free);
    tv_domedit_spec spec, live_spec = TV_DOMEDIT_SPEC_INIT;
    wanted w = { .bootmenu = -1 };
    bool live, config, waits;
    int rc = -1;

    if (active < 0 || persistent < 0)
        return tv_action_fail(ctx, "could not read the domain's state");
    if (!any_given(ctx)) {
        g_string_append(ctx->note, "kept its settings: none was given to change");
        return 0;
    }
    live = flag(ctx->params, "live", active);
    config = flag(ctx->params, "config", persistent);
    /* Checked again here, on the domain as it is now, before anything changes. */
    if (live && !active) {
        ctx->error = g_strdup_printf("live: '%s' is not running: nothing can change live",
                                     ctx->name);
        return -1;
    }
    if (config && !persistent) {
        ctx->error = g_strdup_printf("config: '%s' is transient: it has no config to change "
                                     "(config=no)", ctx->name);
        return -1;
    }
    if (!live && !config) {
        ctx->error = g_strdup("config: live and config are both no: nothing would change");
        return -1;
    }
    if (config && !read_facts(ctx, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE, &cfg_xml,
                              &cfg))
        goto out;
    if (live && !read_facts(ctx, 0, &live_xml, &cur))
        goto out;
    read_wanted(ctx, config ? &cfg : &cur, &w);
    if ((ctx->error = check_host(ctx, &w)) ||
        (ctx->error = check_model(ctx, w.cpu, config ? cfg.arch : cur.arch)))
        goto out;
    if (config) {
        config_spec(&w, &cfg, &spec, cfg_changes);
        if (cfg_changes->len && !(new_xml = tv_domedit_apply(cfg_xml, &spec, &ctx->error)))
            goto out;
    }
    if (live) {
        config_spec(&w, &cur, &live_spec, live_words);
        if ((ctx->error = check_live_spec(&live_spec, &cur, config)))
            goto out;
    }

    /* Every check passed: the config first, then the running guest, each undone on failure. */
    if (new_xml) {
        g_autoptr(virDomain) dom = virDomainDefineXML(ctx->conn, new_xml);
        redefine *r;
        if (!dom) {
            tv_action_fail(ctx, "could not define the new config");
            goto out;
        }
        r = g_new0(redefine, 1);
        r->xml = g_steal_pointer(&cfg_xml);
        tv_action_undo(ctx, "put the previous config back", restore_config, r, redefine_free);
    }
    if (live_spec.vcpus) {
        if (virDomainSetVcpusFlags(ctx->dom, live_spec.vcpus, VIR_DOMAIN_AFFECT_LIVE) < 0) {
            tv_action_fail(ctx, "could not change the vCPUs");
            goto out;
        }
        push_live_undo(ctx, cur.vcpus, 0);
        g_ptr_array_add(live_changes, g_strdup_printf("vcpus %u", live_spec.vcpus));
    }
    if (live_spec.memory_kib) {
        g_autofree char *text = size_text(live_spec.memory_kib);
        if (virDomainSetMemoryFlags(ctx->dom, live_spec.memory_kib, VIR_DOMAIN_AFFECT_LIVE) < 0) {
            tv_action_fail(ctx, "could not change the memory");
            goto out;
        }
        push_live_undo(ctx, 0, cur.memory_kib);
        g_ptr_array_add(live_changes, g_strdup_printf("memory %s", text));
    }
    waits = describe(ctx, active, live_changes, cfg_changes);
    add_result(ctx, "config", cfg_changes);
    add_result(ctx, "live", live_changes);
    /* Whether some change waits for the running guest's next boot. */
    tv_action_result(ctx, "next_boot", true, "%s", waits ? "true" : "false");
    rc = 0;

out:
    g_free(w.boot);
    tv_domedit_facts_clear(&cfg);
    tv_domedit_facts_clear(&cur);
    return rc;
}

const tv_action tv_action_domain_edit = {
    .name = "domain-edit",
    .key = "e",
    .label = "edit",
    .help = "Change the vCPUs, CPU model, memory and boot order (now and in the config).",
    .done = "", /* the note says what changed where */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = edit_exec,
    .params = edit_params,
    .n_params = G_N_ELEMENTS(edit_params),
};
