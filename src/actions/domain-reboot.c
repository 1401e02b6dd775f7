/*
 * domain-reboot: asks the guest to reboot, as virsh reboot does.
 */
#include "config.h"

#include "actions/action-impl.h"

static int
reboot_exec(tv_action_ctx *ctx)
{
    if (virDomainReboot(ctx->dom, 0) < 0)
        return tv_action_fail(ctx, "could not reboot the domain");
    return 0;
}

const tv_action tv_action_domain_reboot = {
    .name = "domain-reboot",
    .key = "R",
    .label = "reboot",
    .help = "Ask the guest to reboot.",
    .done = "is rebooting",
    .done_many = "are rebooting",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED),
    .flags = TV_ACTION_WRITES,
    .exec = reboot_exec,
};
