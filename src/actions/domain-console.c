/*
 * domain-console: the guest's serial console, full screen inside tvirt,
 * through a libvirt stream (model/console.c), so it works over remote
 * connections and needs no other program.  It opens a screen rather than
 * running a one-shot exec; can_run keeps it to running domains.
 */
#include "config.h"

#include "actions/action-impl.h"

const tv_action tv_action_domain_console = {
    .name = "domain-console",
    .key = "c",
    .label = "console",
    .help = "Open the serial console (Ctrl+] returns).",
    .done = "console opened",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED) |
                TV_STATE_BIT(TV_DOM_PAUSED),
    .flags = TV_ACTION_VIEW,
};
