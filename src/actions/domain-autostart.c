/*
 * domain-autostart: toggles whether the host starts the domain when it
 * boots.  Only persistent domains have the setting.
 */
#include "config.h"

#include "actions/action-impl.h"

static bool
autostart_can_run(const tv_host_snapshot *snap, const tv_domain *d, const char **why)
{
    if ((d->valid & TV_DOM_HAS_FLAGS) && !d->persistent) {
        *why = "a transient domain has no autostart setting";
        return false;
    }
    return true;
}

/* On a selection the first domain decides: all on, or all off. */
static unsigned
autostart_opts_for(const tv_domain *first)
{
    return (first->valid & TV_DOM_HAS_FLAGS) && first->autostart ? 0 : TV_OPT_TURN_ON;
}

static int
autostart_exec(tv_action_ctx *ctx)
{
    bool on = ctx->opts & TV_OPT_TURN_ON;
    if (virDomainSetAutostart(ctx->dom, on) < 0)
        return tv_action_fail(ctx, "could not change the autostart setting");
    g_string_assign(ctx->note, on ? "will start with its host" : "will not start with its host");
    return 0;
}

const tv_action tv_action_domain_autostart = {
    .name = "domain-autostart",
    .key = "a",
    .label = "autostart",
    .help = "Turn starting the domain with its host on or off.",
    .done = "",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES,
    .can_run = autostart_can_run,
    .exec = autostart_exec,
    .opts_for = autostart_opts_for,
};
