/*
 * The live controls of a running migration (Migrations screen): bandwidth,
 * maximum downtime, the switch to post-copy, abort.  Each names the
 * migration by its domain (job=), which is how libvirt knows it, so they
 * work on any migration of the domain's source host, tvirt's own or one
 * started by virsh; the job's monitor reads the new values back.
 */
#include "config.h"

#include "actions/action-impl.h"

/* A migration is a job on an active domain: libvirt says whether one runs. */
#define MIGRATING_STATES TV_STATES_ACTIVE

static int
set_bandwidth_exec(tv_action_ctx *ctx)
{
    const tv_param_value *bw = tv_param_values_get(ctx->params, "bandwidth");
    /* 0 lifts the cap: libvirt's largest value is its "unlimited". */
    unsigned long value = bw->number > 0 ? (unsigned long)bw->number : (1ul << 53) / (1 << 20);
    if (virDomainMigrateSetMaxSpeed(ctx->dom, value, 0) < 0)
        return tv_action_fail(ctx, "could not change the bandwidth");
    if (bw->number > 0)
        g_string_printf(ctx->note, "bandwidth set to %lld MiB/s", bw->number);
    else
        g_string_assign(ctx->note, "bandwidth no longer capped");
    return 0;
}

static int
set_downtime_exec(tv_action_ctx *ctx)
{
    const tv_param_value *ms = tv_param_values_get(ctx->params, "max_downtime");
    if (virDomainMigrateSetMaxDowntime(ctx->dom, (unsigned long long)ms->number, 0) < 0)
        return tv_action_fail(ctx, "could not change the maximum downtime");
    g_string_printf(ctx->note, "maximum downtime set to %lld ms", ms->number);
    return 0;
}

static int
postcopy_exec(tv_action_ctx *ctx)
{
    if (virDomainMigrateStartPostCopy(ctx->dom, 0) < 0)
        return tv_action_fail(ctx, "could not switch to post-copy");
    g_string_assign(ctx->note, "switched to post-copy");
    return 0;
}

static int
abort_exec(tv_action_ctx *ctx)
{
    if (virDomainAbortJob(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not abort the migration");
    g_string_assign(ctx->note, "migration aborted: the guest stays on its source");
    return 0;
}

static const tv_param bandwidth_params[] = {
    { .name = "bandwidth", .label = "Bandwidth",
      .help = "The new cap in MiB/s (0: no cap); it applies at once.", .kind = TV_PARAM_INT,
      .flags = TV_PARAM_REQUIRED, .min = 0, .max = 1 << 30 },
};

static const tv_param downtime_params[] = {
    { .name = "max_downtime", .label = "Maximum downtime",
      .help = "How long, in ms, the guest may pause at the switch-over; a larger value lets "
              "a busy guest finish.",
      .kind = TV_PARAM_INT, .flags = TV_PARAM_REQUIRED, .min = 1, .max = 1 << 30 },
};

const tv_action tv_action_migration_set_bandwidth = {
    .name = "migration-set-bandwidth",
    .key = "b",
    .label = "bandwidth",
    .help = "Change a running migration's bandwidth cap (+ and - step it).",
    .done = "",
    .target = TV_TARGET_DOMAIN,
    .target_param = "job",
    .requires = MIGRATING_STATES,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM | TV_ACTION_NOW,
    .exec = set_bandwidth_exec,
    .params = bandwidth_params,
    .n_params = G_N_ELEMENTS(bandwidth_params),
};

const tv_action tv_action_migration_set_downtime = {
    .name = "migration-set-downtime",
    .key = "t",
    .label = "max downtime",
    .help = "Change a running migration's maximum downtime.",
    .done = "",
    .target = TV_TARGET_DOMAIN,
    .target_param = "job",
    .requires = MIGRATING_STATES,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM | TV_ACTION_NOW,
    .exec = set_downtime_exec,
    .params = downtime_params,
    .n_params = G_N_ELEMENTS(downtime_params),
};

const tv_action tv_action_migration_postcopy = {
    .name = "migration-postcopy",
    .key = "P",
    .label = "post-copy",
    .help = "Switch a running migration to post-copy: the guest runs on the destination "
            "at once (needs postcopy=yes when it started).",
    .done = "",
    .target = TV_TARGET_DOMAIN,
    .target_param = "job",
    .requires = MIGRATING_STATES,
    .flags = TV_ACTION_WRITES | TV_ACTION_NOW,
    .exec = postcopy_exec,
};

const tv_action tv_action_migration_abort = {
    .name = "migration-abort",
    .key = "A",
    .label = "abort",
    .help = "Abort a running migration; the guest keeps running on its source.",
    .done = "",
    .confirm = "Abort the migration of %s?",
    .target = TV_TARGET_DOMAIN,
    .target_param = "job",
    .requires = MIGRATING_STATES,
    .flags = TV_ACTION_WRITES | TV_ACTION_CONFIRM | TV_ACTION_NOW,
    .exec = abort_exec,
};
