/*
 * What an action's exec sees: the connection, the target domain, options,
 * and the error slot.  Only src/actions includes this (it pulls in libvirt).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "actions/action.h"
#include "actions/param.h"
#include "actions/report.h"
#include "util/cleanup.h"

struct tv_action_ctx {
    virConnectPtr conn;
    virDomainPtr dom;  /* domain actions: looked up by UUID before exec */
    const char *name;  /* the target's name for messages */
    const char *host;  /* what the front end calls the target's host */
    unsigned opts;     /* TV_OPT_* */
    const tv_param_values *params; /* the action's parameters, checked; NULL when none */
    char *error;       /* set by exec on failure (g_free) */
    GString *note;     /* extra words for the success message, e.g. "and 2 volumes" */
    GPtrArray *undone; /* what a failed multi-step exec removed again (strings) */
    GPtrArray *undo;   /* how to revert each step done so far (tv_action_undo) */
    GArray *result;    /* tv_result_field: what it made ("uuid", "name"...) */
    struct tv_job *job; /* a long action's job (progress, cancel, undo), or NULL */
    /* What the host offers new VMs as its worker last read it (TV_WANT_CAPS), or NULL. */
    const struct tv_host_caps *caps;
};

/* A long action's progress (nothing for a short one). */
void tv_action_progress(tv_action_ctx *ctx, const char *phase, guint64 done, guint64 total);
/* Whether the user asked a long action to stop. */
bool tv_action_cancelled(tv_action_ctx *ctx);

/*
 * Undo for multi-step actions: after each step, push how to revert it
 * (fn returns NULL, or why it could not (g_free)); what says it in the past
 * tense ("deleted volume images/a.qcow2").  When a later step fails, the
 * runner reverts every step, last first, and the report lists them; when
 * exec succeeds they are dropped.  When the connection died, the runner
 * waits (bounded) for the host to come back and reverts them on the new
 * connection, so fn must find what it undoes by name, path or UUID.
 */
typedef char *(*tv_action_undo_fn)(virConnectPtr conn, void *data);
void tv_action_undo(tv_action_ctx *ctx, const char *what, tv_action_undo_fn fn, void *data,
                    GDestroyNotify free_data);
/*
 * What the last step pushed leaves on the host if its undo cannot run (the
 * host did not come back in time): "volume images/a.qcow2".  The report
 * then says "left: volume images/a.qcow2" for it.
 */
void tv_action_undo_left(tv_action_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Adds a result field (report.h's tv_result_add on ctx->result). */
#define tv_action_result(ctx, key, number, ...)                                            \
    tv_result_add((ctx)->result, key, number, __VA_ARGS__)

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
extern const tv_action tv_action_volume_create;
extern const tv_action tv_action_domain_attach_disk;
extern const tv_action tv_action_domain_detach_disk;
extern const tv_action tv_action_domain_edit;
extern const tv_action tv_action_domain_set_media;
extern const tv_action tv_action_domain_edit_xml;
extern const tv_action tv_action_domain_attach_nic;
extern const tv_action tv_action_domain_detach_nic;
extern const tv_action tv_action_domain_create;
extern const tv_action tv_action_domain_migrate;
extern const tv_action tv_action_migration_set_bandwidth;
extern const tv_action tv_action_migration_set_downtime;
extern const tv_action tv_action_migration_postcopy;
extern const tv_action tv_action_migration_abort;
extern const tv_action tv_action_migration_export;
