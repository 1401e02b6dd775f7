/*
 * The action table: every operation a user can run, one file each, one
 * descriptor each (tmux's cmd-*.c model).  The UI looks actions up by name,
 * greys them out with can_run on a snapshot, asks for confirmation when
 * flagged, and queues them on the owning host's worker with tv_action_run.
 * This header is libvirt-free; exec's context is in action-impl.h.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/host.h"
#include "model/snapshot.h"

typedef enum {
    TV_TARGET_HOST,
    TV_TARGET_DOMAIN,
    TV_TARGET_POOL,
    TV_TARGET_VOLUME,
    TV_TARGET_NETWORK,
    TV_TARGET_LAST
} tv_target_kind;

enum {
    TV_ACTION_CONFIRM = 1 << 0, /* ask before running */
    TV_ACTION_LONG = 1 << 1,    /* runs in a thread of its own */
    TV_ACTION_WRITES = 1 << 2,  /* changes the host: unavailable read-only */
    TV_ACTION_ASK_STORAGE = 1 << 3, /* the confirmation offers TV_OPT_DELETE_STORAGE */
    TV_ACTION_VIEW = 1 << 4,        /* opens a screen of the front end; no exec */
    TV_ACTION_STOPS = 1 << 5,       /* forces a running domain off first (the dialog says so) */
    TV_ACTION_FORM = 1 << 6,        /* its key opens the form of its parameters first */
    TV_ACTION_NOW = 1 << 7,         /* runs at once on a thread of its own, not in the host's
                                     * queue (the live controls of a migration) */
    TV_ACTION_LOCAL = 1 << 8,       /* works on this machine only: no connection needed */
};

/* A domain's device that an action applies to (Details, Hardware, the cursor's device). */
typedef enum {
    TV_DEVICE_NONE,
    TV_DEVICE_DISK,
    TV_DEVICE_CDROM,
    TV_DEVICE_NIC,
} tv_device_kind;
#define TV_DEVICE_BIT(k) (1u << (k))

/* Options collected by the UI before running. */
enum {
    TV_OPT_DELETE_STORAGE = 1 << 0, /* domain-delete: remove the disks' volumes too */
    TV_OPT_TURN_ON = 1 << 1,        /* toggles: the direction for every target */
};

typedef struct tv_action_ctx tv_action_ctx;
typedef struct tv_action tv_action;
struct tv_param_values;
struct tv_param_ctx;

struct tv_action {
    const char *name;    /* kebab-case, unique: "domain-start" */
    const char *key;     /* default key spelling (keymap.h), or NULL */
    const char *label;   /* short, for key hints: "start" */
    const char *help;    /* one sentence for the help screen */
    const char *done;    /* past tense for the status bar: "started"; "" when exec's
                          * note says it all (toggles: "paused" / "resumed") */
    const char *done_many; /* the same after a count ("2 are rebooting"), when it differs */
    const char *confirm; /* question when TV_ACTION_CONFIRM; %s is what it applies to */
    tv_target_kind target;
    unsigned requires;   /* TV_STATE_BIT mask of domain states it runs in */
    unsigned flags;
    /* Extra pure check on a snapshot; NULL when requires says it all. */
    bool (*can_run)(const tv_host_snapshot *snap, const tv_domain *d, const char **why);
    /* Runs on the host worker with ctx holding the connection and target. */
    int (*exec)(tv_action_ctx *ctx);
    /*
     * Toggles: options chosen from the first target, so a mixed selection
     * goes one way (all paused, or all resumed).  NULL for other actions.
     */
    unsigned (*opts_for)(const tv_domain *first);
    /*
     * What the confirmation should also say, found on the worker (the
     * volumes a delete with storage removes), or NULL.  Returns text
     * (g_free) or NULL with ctx->error set.
     */
    char *(*preview)(tv_action_ctx *ctx);
    /*
     * For requests the guest may ignore (an ACPI shutdown): whether d shows
     * the effect, and what to say when it does not within the wait the
     * front end allows ("is still running %u s after the shutdown request:
     * the guest may ignore ACPI"), with the action that forces it.  NULL
     * when success is immediate.
     */
    bool (*settled)(const tv_domain *d);
    const char *unsettled; /* format: %u is the seconds waited */
    const char *settled_text; /* what the status says once it shows: "is shut off" */
    const char *forced_by;    /* the action that does it for sure: "domain-destroy" */
    /* What it takes besides its target (actions/param.h), in form order. */
    const struct tv_param *params;
    size_t n_params;
    /*
     * Device actions (detach, change media): the TV_DEVICE_BIT mask of the
     * devices they apply to, and the parameter the device under the
     * Hardware tab's cursor fills ("target" for a disk, "mac" for a NIC).
     */
    unsigned devices;
    const char *device_param;
    /* What the target's parameter is called when not after its kind ("job"), or NULL. */
    const char *target_param;
    /*
     * Wizards: the title of each page of the parameters (tv_param.page
     * indexes it; NULL-terminated), and the last page's text, worked out
     * from the values as they stand (pure, no libvirt; g_free).  NULL for
     * a one-page form.
     */
    const char *const *pages;
    char *(*review)(const struct tv_param_values *v, const struct tv_param_ctx *ctx);
};

/*
 * What a host must read for a set of parameters' defaults and checks
 * (TV_WANT_* bits): pools with their volumes' users, networks, the
 * capabilities a new VM is made from.  Loads libosinfo's catalog (off this
 * thread) when a field names an OS variant.
 */
unsigned tv_action_wants(const struct tv_param_values *v);

/* The table, in help order. */
const tv_action *const *tv_action_table(size_t *n);
const tv_action *tv_action_find(const char *name);
/* The parameter that names an action's target ("domain", "pool"...), or NULL for a host. */
const char *tv_action_target_name(const tv_action *a);

/*
 * May a run on d of snap?  Checks the connection, read-only mode, the state
 * mask and the action's own can_run.  *why gets a reason when not.
 */
bool tv_action_can_run(const tv_action *a, const tv_host_snapshot *snap, const tv_domain *d,
                       const char **why);

/*
 * Queues a on the domains uuids[0..n) of host; names are for messages.
 * The result is posted with tv_message_post_result: a summary line and a
 * tv_action_report (actions/report.h) tagged with request, the front end's
 * id for it (0: none), with host_label (NULL: the host's URI) as each
 * outcome's host.  params: the action's parameters, checked (taken; NULL
 * when it takes none).
 */
struct tv_param_values;
void tv_action_run(tv_host *host, const tv_action *a, guint request, const char *host_label,
                   const char *const *uuids, const char *const *names, size_t n,
                   unsigned opts, struct tv_param_values *params);

/*
 * Runs a's preview for one domain with its parameters (taken; NULL for
 * none) on host's worker (a long action's on a thread of its own) and
 * posts the text as a result tagged with request: a report with one
 * outcome whose detail is the text (or libvirt's error).
 */
void tv_action_preview(tv_host *host, const tv_action *a, guint request, const char *host_label,
                       const char *uuid, const char *name, struct tv_param_values *params);

/*
 * Runs a on one target with its parameters (taken; NULL when it takes
 * none) and blocks until the worker ran it: for --exec and tests, never
 * the UI thread.  uuid is NULL for an action whose target is not a domain
 * (name then says what it works on).  inline_host: host has no worker
 * (tv_host_poll): the action runs on this thread.  Returns the report
 * (caller frees).
 */
struct tv_action_report;
struct tv_param_values;
struct tv_action_report *tv_action_exec_sync(tv_host *host, const tv_action *a,
                                             const char *uuid, const char *name,
                                             struct tv_param_values *params,
                                             bool inline_host);

/*
 * Same, and blocks until the worker ran it (for batch use and tests, never
 * the UI thread).  Returns the number of targets that failed; *summary gets
 * the message that was posted.
 */
int tv_action_run_sync(tv_host *host, const tv_action *a, const char *const *uuids,
                       const char *const *names, size_t n, unsigned opts, char **summary);
