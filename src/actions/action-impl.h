/*
 * What an action's exec sees: the connection, the target domain, options,
 * and the error slot.  Only src/actions includes this (it pulls in libvirt).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "actions/action.h"
#include "util/cleanup.h"

struct tv_action_ctx {
    virConnectPtr conn;
    virDomainPtr dom;  /* looked up by UUID before exec */
    const char *name;  /* the domain's name for messages */
    unsigned opts;     /* TV_OPT_* */
    char *error;       /* set by exec on failure (g_free) */
    GString *note;     /* extra words for the success message, e.g. "and 2 volumes" */
};

/* Records libvirt's last error (or fallback) as the failure; returns -1. */
int tv_action_fail(tv_action_ctx *ctx, const char *fallback);

/* Each action file defines one descriptor. */
extern const tv_action tv_action_domain_start;
extern const tv_action tv_action_domain_shutdown;
extern const tv_action tv_action_domain_reboot;
extern const tv_action tv_action_domain_destroy;
extern const tv_action tv_action_domain_pause;
extern const tv_action tv_action_domain_autostart;
extern const tv_action tv_action_domain_managed_save;
extern const tv_action tv_action_domain_delete;
extern const tv_action tv_action_domain_console;
