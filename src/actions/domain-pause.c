/*
 * domain-pause: pauses a running domain or resumes a paused one, so one
 * key toggles.  On a selection the first domain decides the direction
 * (TV_OPT_TURN_ON = resume); the state is read again on the worker, and a
 * domain already in the wanted state is left as it is.
 */
#include "config.h"

#include "actions/action-impl.h"

static unsigned
pause_opts_for(const tv_domain *first)
{
    return first->state == TV_DOM_PAUSED ? TV_OPT_TURN_ON : 0;
}

static int
pause_exec(tv_action_ctx *ctx)
{
    int state = VIR_DOMAIN_NOSTATE;
    bool resume = ctx->opts & TV_OPT_TURN_ON;

    if (virDomainGetState(ctx->dom, &state, NULL, 0) < 0)
        return tv_action_fail(ctx, "could not read the domain state");
    if (resume && state == VIR_DOMAIN_PAUSED) {
        if (virDomainResume(ctx->dom) < 0)
            return tv_action_fail(ctx, "could not resume the domain");
    } else if (!resume && state != VIR_DOMAIN_PAUSED) {
        if (virDomainSuspend(ctx->dom) < 0)
            return tv_action_fail(ctx, "could not pause the domain");
    }
    g_string_assign(ctx->note, resume ? "resumed" : "paused");
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
    .opts_for = pause_opts_for,
};
