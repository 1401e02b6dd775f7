/*
 * The migrate wizard's review page before the preflight's answer: where
 * the domain goes, the settings in words, and the `virsh migrate` command
 * line that does the same (with `virsh migrate-setmaxdowntime` for the
 * maximum downtime, which virsh sets while the migration runs).  Pure.
 */
#include "config.h"

#include <string.h>

#include "actions/migrate-review.h"

/* virsh's option for each yes/no parameter, in virsh's order. */
static const struct {
    const char *param;
    const char *option;
    const char *words;
} switches[] = {
    { "live", "--live", "live (the guest keeps running)" },
    { "offline", "--offline", "offline (the definition only)" },
    { "p2p", "--p2p", "peer to peer (the source daemon drives it)" },
    { "tunnelled", "--tunnelled", "tunnelled through libvirtd" },
    { "persistent", "--persistent", "defined on the destination" },
    { "undefinesource", "--undefinesource", "undefined on the source" },
    { "suspend", "--suspend", "paused on arrival" },
    { "compressed", "--compressed", "compressed" },
    { "auto_converge", "--auto-converge", "auto-converge" },
    { "postcopy", "--postcopy", "post-copy allowed" },
    { "tls", "--tls", "TLS" },
    { "abort_on_error", "--abort-on-error", "aborts on an I/O error" },
    { "unsafe", "--unsafe", "unsafe allowed" },
};

static bool
yes(const tv_param_values *v, const char *name)
{
    const tv_param_value *x = tv_param_values_get(v, name);
    return x->set && x->number;
}

/* The URI a destination label stands for among the connected hosts, or the text itself. */
static const char *
dest_uri(const char *dest, const tv_param_ctx *ctx)
{
    for (size_t i = 0; dest && ctx->hosts && ctx->host_uris && ctx->hosts[i]; i++) {
        if (strcmp(ctx->hosts[i], dest) == 0 && ctx->host_uris[i] && *ctx->host_uris[i])
            return ctx->host_uris[i];
    }
    return dest;
}

static void
arg(GString *line, const char *word)
{
    g_autofree char *quoted = g_shell_quote(word);
    g_string_append_c(line, ' ');
    /* Plain words stay plain, as one would type them. */
    g_string_append(line, strpbrk(word, " \t'\"\\$`!*?[]{}()<>|&;#~") ? quoted : word);
}

char *
tv_migrate_virsh_line(const tv_param_values *v, const tv_param_ctx *ctx)
{
    GString *line = g_string_new("virsh");
    const char *copy = tv_param_values_text(v, "copy_storage");
    const tv_param_value *bw = tv_param_values_get(v, "bandwidth");
    const tv_param_value *par = tv_param_values_get(v, "parallel");
    const tv_param_value *down = tv_param_values_get(v, "max_downtime");
    const char *dname = tv_param_values_text(v, "dname");
    const char *uri = tv_param_values_text(v, "migrate_uri");
    const char *methods = tv_param_values_text(v, "comp_methods");
    const char *target = ctx->target ? ctx->target : "DOMAIN";
    const char *source = ctx->snap && ctx->snap->uri ? ctx->snap->uri : NULL;
    const char *dest;

    if (source) {
        g_string_append(line, " -c");
        arg(line, source);
    }
    g_string_append(line, " migrate");
    for (size_t i = 0; i < G_N_ELEMENTS(switches); i++) {
        if (yes(v, switches[i].param))
            g_string_append_printf(line, " %s", switches[i].option);
    }
    if (g_strcmp0(copy, "all") == 0)
        g_string_append(line, " --copy-storage-all");
    else if (g_strcmp0(copy, "inc") == 0)
        g_string_append(line, " --copy-storage-inc");
    if (yes(v, "compressed") && methods && *methods) {
        g_string_append(line, " --comp-methods");
        arg(line, methods);
    }
    if (par->set && par->number > 0)
        g_string_append_printf(line, " --parallel --parallel-connections %lld", par->number);
    if (bw->set && bw->number > 0)
        g_string_append_printf(line, " --bandwidth %lld", bw->number);
    if (dname && *dname) {
        g_string_append(line, " --dname");
        arg(line, dname);
    }
    if (uri && *uri) {
        g_string_append(line, " --migrateuri");
        arg(line, uri);
    }
    arg(line, target);
    dest = dest_uri(tv_param_values_text(v, "dest"), ctx);
    arg(line, dest ? dest : "DEST");
    if (down->set) {
        g_string_append(line, "\n  and while it runs: virsh");
        if (source) {
            g_string_append(line, " -c");
            arg(line, source);
        }
        g_string_append(line, " migrate-setmaxdowntime");
        arg(line, target);
        g_string_append_printf(line, " %lld", down->number);
    }
    return g_string_free(line, FALSE);
}

char *
tv_migrate_review(const tv_param_values *v, const tv_param_ctx *ctx)
{
    GString *s = g_string_new(NULL);
    const char *dest = tv_param_values_text(v, "dest");
    const char *copy = tv_param_values_text(v, "copy_storage");
    const tv_param_value *bw = tv_param_values_get(v, "bandwidth");
    const tv_param_value *down = tv_param_values_get(v, "max_downtime");
    g_autofree char *virsh = tv_migrate_virsh_line(v, ctx);
    bool first = true;

    g_string_append_printf(s, "Migrate %s from %s to %s\n", ctx->target ? ctx->target : "?",
                           ctx->snap && ctx->snap->label ? ctx->snap->label : "?",
                           dest ? dest : "?");
    g_string_append(s, "  ");
    for (size_t i = 0; i < G_N_ELEMENTS(switches); i++) {
        if (yes(v, switches[i].param)) {
            g_string_append_printf(s, "%s%s", first ? "" : ", ", switches[i].words);
            first = false;
        }
    }
    g_string_append_printf(s, "%sstorage %s\n", first ? "" : "; ",
                           g_strcmp0(copy, "all") == 0   ? "copied whole"
                           : g_strcmp0(copy, "inc") == 0 ? "copied incrementally"
                                                         : "shared");
    if (bw->set && bw->number > 0)
        g_string_append_printf(s, "  bandwidth capped at %lld MiB/s", bw->number);
    else
        g_string_append(s, "  no bandwidth cap");
    if (down->set)
        g_string_append_printf(s, "; maximum downtime %lld ms\n", down->number);
    else
        g_string_append(s, "; QEMU's maximum downtime (300 ms)\n");
    g_string_append_printf(s, "\nThe same with virsh:\n  %s\n", virsh);
    return g_string_free(s, FALSE);
}
