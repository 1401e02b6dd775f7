/*
 * domain-pause: pauses a running domain or resumes a paused one, so one
 * key toggles.  The state is read again on the worker, not trusted from
 * the snapshot the key was pressed on.
 */
#include "config.h"

#include "actions/action-impl.h"

static int
pause_exec(tv_action_ctx *ctx)
{
    int state = VIR_DOMAIN_NOSTATE;
    if (virDomainGetState(ctx->dom, &state, NULL, 0) < 0)
        return tv_action_fail(ctx, "could not read the domain state");
    if (state == VIR_DOMAIN_PAUSED) {
        if (virDomainResume(ctx->dom) < 0)
            return tv_action_fail(ctx, "could not resume the domain");
        g_string_assign(ctx->note, "resumed");
        return 0;
    }
    if (virDomainSuspend(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not pause the domain");
    g_string_assign(ctx->note, "paused");
    return 0;
}

const tv_action tv_action_domain_pause = {
    .name = "domain-pause",
    .key = "p",
    .label = "pause/resume",
    .help = "Pause a running domain, or resume a paused one.",
    .done = "",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED) |
                TV_STATE_BIT(TV_DOM_PAUSED),
    .flags = TV_ACTION_WRITES,
    .exec = pause_exec,
};
