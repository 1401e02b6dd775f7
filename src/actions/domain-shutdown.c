/*
 * domain-shutdown: asks the guest to power off (ACPI or agent, as the
 * hypervisor chooses).  The guest may ignore it; force off is separate.
 */
#include "config.h"

#include "actions/action-impl.h"

static int
shutdown_exec(tv_action_ctx *ctx)
{
    if (virDomainShutdown(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not request a shutdown");
    return 0;
}

static bool
shutdown_settled(const tv_domain *d)
{
    return !tv_dom_state_active(d->state);
}

const tv_action tv_action_domain_shutdown = {
    .name = "domain-shutdown",
    .key = "S",
    .label = "shutdown",
    .help = "Ask the guest to shut down (ACPI power button).",
    .done = "is shutting down",
    .done_many = "are shutting down",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED) |
                TV_STATE_BIT(TV_DOM_PAUSED),
    .flags = TV_ACTION_WRITES,
    .exec = shutdown_exec,
    .settled = shutdown_settled,
    .unsettled = "is still running %u s after the shutdown request: the guest may ignore ACPI",
    .settled_text = "is shut off",
    .forced_by = "domain-destroy",
};
