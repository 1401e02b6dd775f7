/*
 * domain-managed-save: saves the running guest's memory to a file libvirt
 * manages and stops it; the next start restores it.
 */
#include "config.h"

#include "actions/action-impl.h"

static bool
managed_save_can_run(const tv_host_snapshot *snap, const tv_domain *d, const char **why)
{
    if ((d->valid & TV_DOM_HAS_FLAGS) && !d->persistent) {
        *why = "a transient domain cannot have a managed save image";
        return false;
    }
    return true;
}

static int
managed_save_exec(tv_action_ctx *ctx)
{
    if (virDomainManagedSave(ctx->dom, 0) < 0)
        return tv_action_fail(ctx, "could not save the domain");
    return 0;
}

const tv_action tv_action_domain_managed_save = {
    .name = "domain-managed-save",
    .key = "w",
    .label = "save",
    .help = "Save the guest's memory and stop it; starting it again restores it.",
    .done = "saved",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED) |
                TV_STATE_BIT(TV_DOM_PAUSED),
    .flags = TV_ACTION_WRITES,
    .can_run = managed_save_can_run,
    .exec = managed_save_exec,
};
