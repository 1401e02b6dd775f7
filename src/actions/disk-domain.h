/*
 * The domain a disk is attached to or detached from, as it is when the
 * worker acts (the snapshot the form checked against may be seconds old):
 * whether it runs and is persistent, its live and saved definitions, and
 * which of them the change applies to (live= and config=, worked out again
 * when the user did not give them).
 */
#pragma once

#include <stdbool.h>

#include "actions/action-impl.h"
#include "model/domxml.h"

typedef struct tv_disk_domain {
    bool active;           /* it runs (or is paused) */
    bool persistent;
    bool live, config;     /* what the change applies to */
    bool live_given, config_given; /* said by the user, not worked out */
    char *live_xml;        /* when active, else NULL */
    char *saved_xml;       /* when persistent, else NULL */
    tv_domain_details *live_def, *saved_def; /* the same, parsed */
    const char *driver;    /* "qemu" for QEMU and KVM domains (a <driver name>), or NULL */
} tv_disk_domain;

/*
 * Reads ctx->dom and ctx->params' live and config into d.  A live=yes on a
 * domain that is not running, config=yes on a transient one, or both no,
 * fail here with the reason (ctx->error), before anything changes.
 */
int tv_disk_domain_read(tv_action_ctx *ctx, tv_disk_domain *d);
void tv_disk_domain_clear(tv_disk_domain *d);

/* The VIR_DOMAIN_AFFECT_* flags for what d applies to. */
unsigned tv_disk_domain_flags(const tv_disk_domain *d);

/*
 * Where a change went, for the message: "" when live and saved agree,
 * else " (live only: ...)" or " (in its configuration: ...)"; adding says
 * whether a device came or went.
 */
const char *tv_disk_domain_where(const tv_disk_domain *d, bool adding);
