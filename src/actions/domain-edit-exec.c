/*
 * domain-edit's exec, on the worker: the domain's XML is read again (its
 * config and, when it runs, the live one) and what the user gave is checked
 * again against it and the host before anything changes.  The persistent
 * config is rewritten in one define (model/domedit.c); a running guest gets
 * vCPUs and memory live, within the maximum it was started with.  Each step
 * is undone if a later fails, and the note says what changed where.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "actions/action-impl.h"
#include "actions/domain-edit.h"
#include "model/domedit.h"

#define KIB 1024ULL

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
        g_autofree char *text = tv_domain_edit_size_text(w->memory_kib);
        spec->memory_kib = w->memory_kib;
        g_ptr_array_add(changes, g_strdup_printf("memory %s", text));
    }
    if (w->maxmemory_kib && w->maxmemory_kib != cur->maxmemory_kib) {
        g_autofree char *text = tv_domain_edit_size_text(w->maxmemory_kib);
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
        g_autofree char *total = tv_domain_edit_size_text(info.memory);
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
    g_autofree char *mem = memory_kib ? tv_domain_edit_size_text(memory_kib) : NULL;

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
    for (size_t i = 0; i < tv_action_domain_edit.n_params; i++) {
        const char *name = tv_action_domain_edit.params[i].name;
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
        g_autofree char *max = tv_domain_edit_size_text(cur->maxmemory_kib);
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

int
tv_domain_edit_exec(tv_action_ctx *ctx)
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
    live = tv_domain_edit_flag(ctx->params, "live", active);
    config = tv_domain_edit_flag(ctx->params, "config", persistent);
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
        g_autofree char *text = tv_domain_edit_size_text(live_spec.memory_kib);
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
