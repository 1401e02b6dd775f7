/*
 * domain-migrate (m): moves a domain to another host as virsh migrate
 * does, with its options as parameters (ACTIONS.md).  A long action: the
 * migration runs as a job whose figures the Migrations screen shows
 * (migrate-exec.c).  Defaults are virsh's, except that a running domain
 * goes live and the move is complete (persistent on the destination,
 * undefined on the source), as an operator moving a VM means it.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/migrate-exec.h"
#include "actions/migrate-review.h"
#include "model/job.h"
#include "model/migpolicy.h"

static const char *const copy_storage_modes[] = { "no", "all", "inc", NULL };

static bool
flag(const tv_param_ctx *ctx, const char *name)
{
    const tv_param_value *v = ctx->values ? tv_param_values_get(ctx->values, name) : NULL;
    return v && v->set && v->number;
}

static bool
domain_running(const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    return d && (TV_STATE_BIT(d->state) & TV_STATES_ACTIVE);
}

/* live for a running domain, offline (the definition only) for one that is off. */
static char *
default_live(const tv_param *p, const tv_param_ctx *ctx)
{
    (void)p;
    return g_strdup(domain_running(ctx) || !tv_param_ctx_domain(ctx) ? "yes" : "no");
}

static char *
default_offline(const tv_param *p, const tv_param_ctx *ctx)
{
    (void)p;
    return g_strdup(tv_param_ctx_domain(ctx) && !domain_running(ctx) ? "yes" : "no");
}

/* The destination: a connected host's label or a URI, never the source itself. */
static char *
check_dest(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    if (ctx->snap && (g_strcmp0(v->text, ctx->snap->label) == 0 ||
                      g_strcmp0(v->text, ctx->snap->uri) == 0))
        return g_strdup_printf("'%s' is the host the domain is on: choose another", v->text);
    if (strstr(v->text, ":/"))
        return NULL; /* a URI: connected for the job */
    for (size_t i = 0; ctx->hosts && ctx->hosts[i]; i++) {
        if (strcmp(ctx->hosts[i], v->text) == 0)
            return NULL;
    }
    return ctx->hosts ? g_strdup_printf("no connected host '%s': give a connected host's label "
                                        "(F4 lists them) or a URI such as "
                                        "qemu+ssh://host/system",
                                        v->text)
                      : NULL;
}

static char *
check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    if (v->number && !domain_running(ctx) && tv_param_ctx_domain(ctx))
        return g_strdup("the domain is not running: only offline migration moves it");
    return NULL;
}

static char *
check_offline(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    if (!v->number)
        return tv_param_ctx_domain(ctx) && !domain_running(ctx)
                   ? g_strdup("the domain is shut off: it can only move offline")
                   : NULL;
    if (flag(ctx, "live"))
        return g_strdup("offline and live exclude each other");
    if (!flag(ctx, "persistent"))
        return g_strdup("an offline migration moves the definition: it needs persistent=yes");
    if (g_strcmp0(tv_param_values_text(ctx->values, "copy_storage"), "no") != 0)
        return g_strdup("an offline migration copies no storage: set copy_storage=no");
    return NULL;
}

static char *
check_tunnelled(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    return v->number && !flag(ctx, "p2p")
               ? g_strdup("a tunnelled migration goes through the daemons: it needs p2p=yes")
               : NULL;
}

static char *
check_postcopy(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    return v->number && !flag(ctx, "live")
               ? g_strdup("post-copy needs a live migration (live=yes)")
               : NULL;
}

static char *
check_comp_methods(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    static const char *const methods[] = { "xbzrle", "mt", "zlib", "zstd", NULL };
    g_auto(GStrv) names = g_strsplit(v->text, ",", -1);
    (void)p;
    (void)ctx;
    for (size_t i = 0; names[i]; i++) {
        if (!g_strv_contains(methods, g_strstrip(names[i])))
            return g_strdup_printf("'%s' is no compression method: xbzrle, mt, zlib or zstd",
                                   names[i]);
    }
    return NULL;
}

static char *
check_postcopy_after(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_mig_policy policy = { 0 };
    char *error = NULL;
    (void)p;
    if (!tv_mig_policy_parse_postcopy_after(v->text, &policy, &error))
        return error;
    return flag(ctx, "postcopy") ? NULL
                                 : g_strdup("the switch to post-copy needs postcopy=yes");
}

static char *
check_ramp(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_mig_policy policy = { 0 };
    char *error = NULL;
    (void)p;
    (void)ctx;
    return tv_mig_policy_parse_ramp(v->text, &policy, &error) ? NULL : error;
}

static bool
show_comp_methods(const tv_param_ctx *ctx)
{
    return flag(ctx, "compressed");
}

enum { PAGE_WHERE, PAGE_TUNING };

static const char *const pages[] = { "Destination and storage", "Transport and tuning", NULL };

static const tv_param migrate_params[] = {
    { .name = "dest", .label = "Destination",
      .help = "Where it goes: a connected host (F4 lists them) or a URI, "
              "e.g. qemu+tcp://10.0.0.2/system.",
      .kind = TV_PARAM_HOST, .flags = TV_PARAM_REQUIRED, .validate = check_dest },
    { .name = "live", .label = "Live",
      .help = "Keep the guest running while its memory is copied (pre-copy).",
      .kind = TV_PARAM_BOOL, .compute_default = default_live, .validate = check_live },
    { .name = "offline", .label = "Offline",
      .help = "Move only the definition of a shut-off domain.", .kind = TV_PARAM_BOOL,
      .compute_default = default_offline, .validate = check_offline },
    { .name = "suspend", .label = "Arrive paused",
      .help = "Leave the guest paused on the destination.", .kind = TV_PARAM_BOOL,
      .def = "no" },
    { .name = "persistent", .label = "Persistent",
      .help = "Define the domain on the destination (not only run it there).",
      .kind = TV_PARAM_BOOL, .def = "yes" },
    { .name = "undefinesource", .label = "Undefine source",
      .help = "Remove the definition from the source once it has moved.",
      .kind = TV_PARAM_BOOL, .def = "yes" },
    { .name = "copy_storage", .label = "Copy storage",
      .help = "no: the disks are shared; all: copy them whole; inc: copy what differs "
              "from a shared base image.",
      .kind = TV_PARAM_CHOICE, .choices = copy_storage_modes, .def = "no" },
    { .name = "unsafe", .label = "Unsafe",
      .help = "Migrate even where libvirt calls it unsafe (disks on storage it cannot tell "
              "is shared).",
      .kind = TV_PARAM_BOOL, .def = "no" },
    { .name = "p2p", .label = "Peer to peer",
      .help = "The source daemon drives the migration (it notices a dead link); no: tvirt "
              "drives it, as virsh does by default.",
      .kind = TV_PARAM_BOOL, .def = "no", .page = PAGE_TUNING },
    { .name = "tunnelled", .label = "Tunnelled",
      .help = "Send the data through the libvirt connection (needs p2p).",
      .kind = TV_PARAM_BOOL, .def = "no", .validate = check_tunnelled, .page = PAGE_TUNING },
    { .name = "compressed", .label = "Compressed",
      .help = "Compress the memory pages sent.", .kind = TV_PARAM_BOOL, .def = "no", .page = PAGE_TUNING },
    { .name = "comp_methods", .label = "Compression",
      .help = "Methods, comma-separated: xbzrle, mt, zlib, zstd (empty: QEMU's default).",
      .kind = TV_PARAM_STRING, .visible = show_comp_methods,
      .validate = check_comp_methods, .page = PAGE_TUNING },
    { .name = "auto_converge", .label = "Auto-converge",
      .help = "Slow the guest's CPUs down when its memory changes faster than it is sent.",
      .kind = TV_PARAM_BOOL, .def = "no", .page = PAGE_TUNING },
    { .name = "postcopy", .label = "Allow post-copy",
      .help = "Allow switching to post-copy (P on the Migrations screen): the guest runs on "
              "the destination while the rest of its memory follows.",
      .kind = TV_PARAM_BOOL, .def = "no", .validate = check_postcopy, .page = PAGE_TUNING },
    { .name = "parallel", .label = "Connections",
      .help = "Parallel connections for the memory (0: one, the default).",
      .kind = TV_PARAM_INT, .min = 0, .max = 255, .def = "0", .page = PAGE_TUNING },
    { .name = "tls", .label = "TLS", .help = "Encrypt the migration stream with TLS.",
      .kind = TV_PARAM_BOOL, .def = "no", .page = PAGE_TUNING },
    { .name = "bandwidth", .label = "Bandwidth",
      .help = "Cap in MiB/s (0: no cap); + and - change it while it runs.",
      .kind = TV_PARAM_INT, .min = 0, .max = 1 << 30, .def = "0", .page = PAGE_TUNING },
    { .name = "max_downtime", .label = "Maximum downtime",
      .help = "How long, in ms, the guest may pause at the switch-over (empty: QEMU's 300).",
      .kind = TV_PARAM_INT, .min = 1, .max = 1 << 30, .page = PAGE_TUNING },
    { .name = "abort_on_error", .label = "Abort on error",
      .help = "Cancel the migration when the guest hits a disk I/O error.",
      .kind = TV_PARAM_BOOL, .def = "no", .page = PAGE_TUNING },
    { .name = "postcopy_after", .label = "Post-copy after",
      .help = "Policy: switch to post-copy after this many seconds (30) or from this memory "
              "iteration on (5i); empty: only with P.",
      .kind = TV_PARAM_STRING, .validate = check_postcopy_after, .page = PAGE_TUNING },
    { .name = "downtime_ramp", .label = "Downtime ramp",
      .help = "Policy: raise the maximum downtime to MAX ms in STEPS steps, one every SECONDS "
              "(MAX/STEPS/SECONDS, e.g. 2000/5/10), as OpenStack's downtime steps.",
      .kind = TV_PARAM_STRING, .validate = check_ramp, .page = PAGE_TUNING },
    { .name = "stall_abort", .label = "Abort when stalled",
      .help = "Policy: abort when no data has moved for this many seconds (a cut link); the "
              "guest stays on its source.",
      .kind = TV_PARAM_INT, .min = 1, .max = 86400, .page = PAGE_TUNING },
    { .name = "dname", .label = "New name",
      .help = "The domain's name on the destination (empty: the same).",
      .kind = TV_PARAM_NAME, .page = PAGE_TUNING },
    { .name = "migrate_uri", .label = "Migration URI",
      .help = "Where the destination receives the data, e.g. tcp://10.0.0.2 (empty: "
              "the destination's own choice).",
      .kind = TV_PARAM_STRING, .page = PAGE_TUNING },
};

static bool
can_migrate(const tv_host_snapshot *snap, const tv_domain *d, const char **why)
{
    (void)snap;
    if (tv_jobs_migrating(d->uuid_str)) {
        *why = "it is migrating already";
        return false;
    }
    return true;
}

const tv_action tv_action_domain_migrate = {
    .name = "domain-migrate",
    .key = "m",
    .label = "migrate",
    .help = "Move the domain to another host, live or offline, watched on the Migrations "
            "screen (5).",
    .done = "migrated",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_LONG | TV_ACTION_FORM,
    .can_run = can_migrate,
    .exec = tv_migrate_exec,
    .preview = tv_migrate_preview,
    .params = migrate_params,
    .n_params = G_N_ELEMENTS(migrate_params),
    .pages = pages,
    .review = tv_migrate_review,
};
