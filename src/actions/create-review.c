/*
 * The review page of the create wizard, built from the values as they
 * stand: a summary in a few lines, the defaults with their reasons (the
 * fields the user did not give), the domain XML from the same plan the
 * worker defines (storage paths as the snapshot shows them), and the
 * virt-install command line an operator could run instead: every choice
 * spelled as virt-install's options take it.
 */
#include "config.h"

#include <string.h>

#include "actions/create-plan.h"
#include "actions/create-review.h"

#define MIB (1024 * 1024)

static const char *
text(const tv_param_values *v, const char *name)
{
    const char *t = tv_param_values_text(v, name);
    return t && *t ? t : NULL;
}

static bool
is(const tv_param_values *v, const char *name, const char *value)
{
    return g_strcmp0(text(v, name), value) == 0;
}

static const tv_pool *
find_pool(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; s && s->storage && name && i < s->storage->n; i++) {
        if (strcmp(s->storage->pools[i].name, name) == 0)
            return &s->storage->pools[i];
    }
    return NULL;
}

/* The path of POOL/VOLUME as the snapshot shows it, or NULL. */
static const char *
volume_path(const tv_host_snapshot *s, const char *pool_volume)
{
    const char *slash = pool_volume ? strchr(pool_volume, '/') : NULL;
    g_autofree char *pool_name = slash ? g_strndup(pool_volume, (gsize)(slash - pool_volume))
                                       : NULL;
    const tv_pool *pool = find_pool(s, pool_name);
    for (size_t i = 0; pool && i < pool->n_volumes; i++) {
        if (strcmp(pool->volumes[i].name, slash + 1) == 0)
            return pool->volumes[i].path;
    }
    return NULL;
}

/* Points the plan's disks at where the storage is or will be, for the XML shown. */
static void
place_storage(tv_create_plan *pl, const tv_param_values *v, const tv_host_snapshot *s)
{
    const tv_param_values *disk = tv_param_values_view(v, "disk.");
    if (pl->has_disk) {
        const tv_pool *pool = find_pool(s, text(disk, "pool"));
        const char *ext = is(disk, "format", "qcow2") ? "qcow2" : "img";
        pl->disk.source = TV_DISK_SOURCE_FILE;
        pl->disk.path = NULL;
        if (is(disk, "source", "new") && pool && pool->target_path) {
            char *path = g_strdup_printf("%s/%s.%s", pool->target_path, text(v, "name"), ext);
            g_ptr_array_add(pl->strings, path);
            pl->disk.path = path;
        } else if (is(disk, "source", "volume")) {
            pl->disk.path = volume_path(s, text(disk, "volume"));
        } else if (is(disk, "source", "path")) {
            pl->disk.path = text(disk, "path");
        }
        if (!pl->disk.path)
            pl->disk.path = "(made when created)";
    }
    if (pl->has_cdrom && pl->iso[0] != '/')
        pl->cdrom.path = volume_path(s, pl->iso) ? volume_path(s, pl->iso) : pl->iso;
}

static void
summary(GString *out, const tv_param_values *v, const tv_param_ctx *ctx,
        const tv_create_plan *pl)
{
    const tv_param_values *disk = tv_param_values_view(v, "disk.");
    const char *install = text(v, "install");
    const tv_new_domain *d = &pl->dom;

    g_string_append_printf(out, "Create '%s' on %s\n\n", d->name ? d->name : "?",
                           ctx->snap ? ctx->snap->label : "the host");
    g_string_append(out, "  Install    ");
    if (g_strcmp0(install, "iso") == 0)
        g_string_append_printf(out, "from the CD %s\n", text(v, "iso"));
    else if (g_strcmp0(install, "kernel") == 0)
        g_string_append_printf(out, "kernel %s%s%s%s%s%s\n", text(v, "kernel"),
                               text(v, "initrd") ? ", initrd " : "",
                               text(v, "initrd") ? text(v, "initrd") : "",
                               text(v, "cmdline") ? ", command line \"" : "",
                               text(v, "cmdline") ? text(v, "cmdline") : "",
                               text(v, "cmdline") ? "\"" : "");
    else if (g_strcmp0(install, "pxe") == 0)
        g_string_append(out, "from the network (PXE)\n");
    else if (g_strcmp0(install, "import") == 0)
        g_string_append(out, "boots the existing disk\n");
    else
        g_string_append(out, "nothing: install it later\n");
    if (is(v, "os", "detect"))
        g_string_append(out, "  OS         detected from the ISO when created (the defaults "
                             "below are a generic OS's until then)\n");
    else
        g_string_append_printf(out, "  OS         %s (%s)\n",
                               pl->env.os ? pl->env.os->name : "unknown yet", text(v, "os"));
    g_string_append_printf(out, "  Platform   %s, machine %s, %s firmware\n", d->virt_type,
                           d->machine ? d->machine : "the hypervisor's default",
                           d->uefi ? "UEFI" : "BIOS");
    g_string_append_printf(out, "  CPUs       %u (up to %u)", d->vcpus, d->max_vcpus);
    if (d->sockets)
        g_string_append_printf(out, ", %u socket(s) x %u core(s) x %u thread(s)", d->sockets,
                               d->cores, d->threads);
    g_string_append_printf(out, ", CPU %s\n", d->cpu ? d->cpu : "the hypervisor's default");
    g_string_append_printf(out, "  Memory     %s (up to %s)\n", text(v, "memory"),
                           text(v, "maxmemory") ? text(v, "maxmemory") : text(v, "memory"));
    if (!pl->has_disk)
        g_string_append(out, "  Disk       none\n");
    else if (is(disk, "source", "new"))
        g_string_append_printf(out, "  Disk       a new %s %s volume in pool '%s', %s as %s\n",
                               text(disk, "size"), text(disk, "format"), text(disk, "pool"),
                               pl->disk.bus, pl->disk.target);
    else
        g_string_append_printf(out, "  Disk       %s, %s as %s\n",
                               text(disk, is(disk, "source", "volume") ? "volume" : "path"),
                               pl->disk.bus, pl->disk.target);
    if (pl->has_nic)
        g_string_append_printf(out, "  NIC        %s '%s', %s, MAC %s%s\n", pl->nic.type,
                               pl->nic.source ? pl->nic.source : "?",
                               pl->nic.model ? pl->nic.model : "default model",
                               pl->nic.mac ? pl->nic.mac : "new", pl->nic.link_down
                                                                      ? ", link down"
                                                                      : "");
    else
        g_string_append(out, "  NIC        none\n");
    g_string_append_printf(out, "  Display    %s%s\n", d->graphics ? d->graphics : "none",
                           d->console ? ", serial console" : ", no serial console");
    g_string_append_printf(out, "  Then       define it%s%s%s\n",
                           tv_param_values_get(v, "autostart")->number ? ", autostart" : "",
                           tv_param_values_get(v, "start")->number ? ", start it" : "",
                           tv_param_values_get(v, "start")->number &&
                                   tv_param_values_get(v, "console")->number
                               ? ", open its console"
                               : "");
}

/* Every field the user left to its default, with the reason where the rule gives one. */
static void
defaults(GString *out, const tv_param_values *v, const tv_param_ctx *ctx,
         const tv_create_plan *pl)
{
    size_t n = tv_param_values_count(v);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const tv_param *p = tv_param_values_param(v, i);
        g_autofree char *why = NULL;
        g_autofree char *value = NULL;
        if (tv_param_values_given(v, p->name) || !tv_param_values_visible(v, i, ctx) ||
            !text(v, p->name))
            continue;
        value = tv_create_default(p->name, &pl->env, &why);
        if (!why)
            continue; /* a fixed default: nothing to explain */
        if (!any)
            g_string_append(out, "\nDefaults, and where they came from:\n");
        any = true;
        g_string_append_printf(out, "  %-12s %s: %s\n", p->name, text(v, p->name), why);
    }
}

char *
tv_create_review(const tv_param_values *v, const tv_param_ctx *ctx)
{
    GString *out = g_string_new(NULL);
    tv_create_plan pl;
    g_autofree char *xml = NULL;
    g_autofree char *cmd = NULL;

    tv_create_plan_init(&pl, v, ctx);
    place_storage(&pl, v, ctx->snap);
    summary(out, v, ctx, &pl);
    defaults(out, v, ctx, &pl);
    xml = tv_create_plan_xml(&pl);
    g_string_append_printf(out, "\nDomain XML:\n%s", xml);
    cmd = tv_create_virt_install(v, ctx);
    g_string_append_printf(out, "\nThe same with virt-install:\n%s\n", cmd);
    tv_create_plan_clear(&pl);
    return g_string_free(out, FALSE);
}

/* ---- the virt-install command line ----------------------------------------------------- */

static void
arg(GPtrArray *words, const char *option, const char *value)
{
    g_ptr_array_add(words, g_strdup(option));
    if (value)
        g_ptr_array_add(words, g_strdup(value));
}

/* Appends ",key=value" (a comma in value doubled, as virt-install reads it). */
static void
opt_always(GString *s, const char *key, const char *value)
{
    g_auto(GStrv) parts = g_strsplit(value, ",", -1);
    g_autofree char *escaped = g_strjoinv(",,", parts);
    g_string_append_printf(s, "%s%s=%s", s->len ? "," : "", key, escaped);
}

/* The same when value is set and not "default" (the hypervisor's choice). */
static void
opt(GString *s, const char *key, const char *value)
{
    if (value && strcmp(value, "default") != 0)
        opt_always(s, key, value);
}

static char *
disk_option(const tv_param_values *v, const tv_create_plan *pl)
{
    const tv_param_values *disk = tv_param_values_view(v, "disk.");
    GString *s = g_string_new(NULL);
    if (!pl->has_disk) {
        g_string_append(s, "none");
        return g_string_free(s, FALSE);
    }
    if (is(disk, "source", "new")) {
        guint64 bytes = tv_param_values_get(disk, "size")->bytes;
        g_autofree char *gib = g_strdup_printf("%g", (double)bytes / (1024.0 * 1024 * 1024));
        opt_always(s, "pool", text(disk, "pool") ? text(disk, "pool") : "");
        opt(s, "size", gib);
        opt(s, "format", text(disk, "format"));
    } else if (is(disk, "source", "volume")) {
        opt_always(s, "vol", text(disk, "volume") ? text(disk, "volume") : "");
    } else {
        opt_always(s, "path", text(disk, "path") ? text(disk, "path") : "");
    }
    opt(s, "bus", pl->disk.bus);
    opt(s, "cache", pl->disk.cache);
    opt(s, "io", pl->disk.io);
    opt(s, "discard", pl->disk.discard);
    opt(s, "detect_zeroes", pl->disk.detect_zeroes);
    if (pl->disk.readonly)
        opt(s, "readonly", "on");
    if (pl->disk.shareable)
        opt(s, "shareable", "on");
    opt(s, "serial", pl->disk.serial);
    return g_string_free(s, FALSE);
}

static char *
nic_option(const tv_create_plan *pl)
{
    GString *s = g_string_new(NULL);
    const tv_nic_spec *n = &pl->nic;
    if (!pl->has_nic) {
        g_string_append(s, "none");
        return g_string_free(s, FALSE);
    }
    if (g_strcmp0(n->type, "direct") == 0) {
        opt_always(s, "type", "direct");
        opt_always(s, "source", n->source ? n->source : "");
        opt(s, "source.mode", n->mode);
    } else {
        opt_always(s, n->type, n->source ? n->source : "");
    }
    opt(s, "model", n->model);
    opt(s, "mac", n->mac);
    if (n->link_down)
        opt(s, "link.state", "down");
    return g_string_free(s, FALSE);
}

char *
tv_create_virt_install(const tv_param_values *v, const tv_param_ctx *ctx)
{
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
    tv_create_plan pl;
    const tv_new_domain *d = &pl.dom;
    const char *install = text(v, "install");
    g_autoptr(GString) s = g_string_new(NULL);
    g_autofree char *disk = NULL;
    g_autofree char *nic = NULL;

    tv_create_plan_init(&pl, v, ctx);
    arg(words, "virt-install", NULL);
    if (ctx->snap)
        arg(words, "--connect", ctx->snap->uri);
    arg(words, "--name", d->name ? d->name : "");
    g_string_printf(s, "%" G_GUINT64_FORMAT, d->memory_kib * 1024 / MIB);
    if (d->max_memory_kib != d->memory_kib)
        g_string_append_printf(s, ",maxmemory=%" G_GUINT64_FORMAT, d->max_memory_kib * 1024 / MIB);
    arg(words, "--memory", s->str);
    g_string_printf(s, "%u", d->vcpus);
    if (d->max_vcpus != d->vcpus)
        g_string_append_printf(s, ",maxvcpus=%u", d->max_vcpus);
    if (d->sockets)
        g_string_append_printf(s, ",sockets=%u,cores=%u,threads=%u", d->sockets, d->cores,
                               d->threads);
    arg(words, "--vcpus", s->str);
    if (d->cpu)
        arg(words, "--cpu", d->cpu);
    arg(words, "--virt-type", d->virt_type);
    if (d->machine)
        arg(words, "--machine", d->machine);
    arg(words, "--osinfo", is(v, "os", "detect") ? "detect=on" : text(v, "os"));
    g_string_truncate(s, 0);
    if (d->uefi)
        g_string_append(s, "uefi");
    if (g_strcmp0(install, "kernel") == 0) {
        opt(s, "kernel", d->kernel);
        opt(s, "initrd", d->initrd);
        opt(s, "kernel_args", d->cmdline);
    }
    if (s->len)
        arg(words, "--boot", s->str);
    if (g_strcmp0(install, "iso") == 0)
        arg(words, "--cdrom", text(v, "iso"));
    else if (g_strcmp0(install, "pxe") == 0)
        arg(words, "--pxe", NULL);
    else if (g_strcmp0(install, "kernel") != 0)
        arg(words, "--import", NULL);
    disk = disk_option(v, &pl);
    arg(words, "--disk", disk);
    nic = nic_option(&pl);
    arg(words, "--network", nic);
    g_string_assign(s, d->graphics ? d->graphics : "none");
    if (d->graphics)
        opt(s, "listen", d->graphics_listen);
    arg(words, "--graphics", s->str);
    if (!d->console)
        arg(words, "--console", "none");
    if (tv_param_values_get(v, "autostart")->number)
        arg(words, "--autostart", NULL);
    arg(words, "--noautoconsole", NULL);
    tv_create_plan_clear(&pl);

    g_string_truncate(s, 0);
    for (guint i = 0; i < words->len; i++) {
        const char *w = words->pdata[i];
        g_autofree char *quoted = NULL;
        bool plain = *w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789-_=.,:/+@") == strlen(w);
        if (!plain)
            quoted = g_shell_quote(w);
        g_string_append_printf(s, "%s%s", i ? " " : "", plain ? w : quoted);
    }
    return g_strdup(s->str);
}
