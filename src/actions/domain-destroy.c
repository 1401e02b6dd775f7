/*
 * domain-destroy: force off, like pulling the power cord.  Confirmed first
 * because the guest loses whatever it had not written.
 */
#include "config.h"

#include "actions/action-impl.h"

static int
destroy_exec(tv_action_ctx *ctx)
{
    if (virDomainDestroy(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not force the domain off");
    return 0;
}

const tv_action tv_action_domain_destroy = {
    .name = "domain-destroy",
    .key = "F",
    .label = "force off",
    .help = "Force the domain off at once, like pulling the power cord.",
    .done = "forced off",
    .confirm = "Force off %s? Unsaved guest data is lost.",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ACTIVE,
    .flags = TV_ACTION_WRITES | TV_ACTION_CONFIRM,
    .exec = destroy_exec,
};
