/*
 * domain-start: boots a defined, inactive domain (restoring its managed
 * save image when it has one, as virsh start does).
 */
#include "config.h"

#include "actions/action-impl.h"

static int
start_exec(tv_action_ctx *ctx)
{
    if (virDomainCreate(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not start the domain");
    return 0;
}

const tv_action tv_action_domain_start = {
    .name = "domain-start",
    .key = "s",
    .label = "start",
    .help = "Start the domain (restores its managed save image if it has one).",
    .done = "started",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_INACTIVE,
    .flags = TV_ACTION_WRITES,
    .exec = start_exec,
};
