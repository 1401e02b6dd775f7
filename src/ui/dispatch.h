/*
 * From the front end to the hosts and back: an action on targets becomes
 * one request (an id), sent to each host that holds targets, and the
 * results that come back tagged with that id are merged into one report
 * whose summary goes to the status line and the Messages screen.  Targets
 * that cannot run are reported as skipped, with why.  Only dispatch.c and
 * app.c use this.
 */
#pragma once

#include "actions/report.h"
#include "ui/views.h"

/* One outstanding request: what came back so far. */
typedef struct tv_ui_request {
    guint id;
    const tv_action *action;
    unsigned parts_left;        /* hosts that have not answered yet */
    tv_action_report *report;   /* skipped targets first, then each host's outcomes */
    GPtrArray *keys;            /* "hostid/uuid" of the targets sent (for settle watches) */
    unsigned console_host;      /* console=yes: the host whose new domain's console opens */
    /* A wizard on a host (domain-create): what the user gave, for the wizard to open
     * again with it when the action fails, as virt-manager's stays open. */
    struct tv_param_values *retry;
    unsigned retry_host;
} tv_ui_request;

/*
 * A request the guest may ignore (ACPI shutdown), sent and accepted: the
 * front end watches whether its effect shows within a while, and says so
 * either way, so the status line never keeps a claim the facts outlived.
 */
typedef struct tv_settle_watch {
    const tv_action *action;
    char *key;      /* "hostid/uuid" */
    char *name;
    char *host;
    gint64 deadline_us;
    char *summary;  /* the status text the request left, to extend while it stands */
} tv_settle_watch;

/* Seconds a guest gets to act on a request before the front end says it did not. */
unsigned tv_dispatch_settle_wait_s(void);

/* Checks the watches against the latest snapshots (each loop pass). */
void tv_dispatch_check_watches(tv_app *app);

/*
 * Runs a on targets: keys ("hostid/uuid", taken) when given, else the
 * marked visible domains, else the one under the cursor.  Checks each can
 * run, asks for confirmation when the action says so, and reports skipped
 * targets by name with the reason.  params: the action's parameters,
 * checked (taken; NULL when none were given).
 */
struct tv_param_values;
void tv_dispatch_action(tv_app *app, const tv_action *a, GPtrArray *keys,
                        struct tv_param_values *params);

/* The user answered the confirmation: runs the pending action with opts. */
void tv_dispatch_confirm(tv_app *app, unsigned opts);
/*
 * Runs a on a target that is not a domain (a pool: target is its name) of
 * host host_id, with params (taken).  The answer comes like any request's.
 */
/*
 * An action on a host (domain-create): on the host under the cursor
 * (Hosts, Domains, Details) or the only one connected.  Its form opens
 * with params (taken; NULL for none) unless they are complete and valid
 * and from_line (the ':' line gave them), in which case it runs.
 */
void tv_dispatch_host_action(tv_app *app, const tv_action *a, unsigned host_id,
                             struct tv_param_values *params, bool from_line);
/* How long a ':' line waits for its host's facts before its form opens instead. */
#define TV_DEFER_US (30 * G_USEC_PER_SEC)
/* A deferred ':' line runs (or opens its form) once its host has read what it needs. */
void tv_dispatch_deferred(tv_app *app);
/* A new domain's console asked for (console=yes) opens once the host's snapshot shows it. */
void tv_dispatch_console_pending(tv_app *app);
/* The host the cursor is on, or the first connected one; 0 when none. */
unsigned tv_app_current_host(tv_app *app);

/*
 * Host parameters besides a wizard's own host= (domain-migrate's dest)
 * that name a connected host by its label get its URI.
 */
struct tv_param_values;
void tv_dispatch_labels_to_uris(tv_app *app, struct tv_param_values *values);

void tv_dispatch_on(tv_app *app, const tv_action *a, unsigned host_id, const char *target,
                    struct tv_param_values *params);

/* Says the confirmation's question again from the newest snapshots. */
void tv_dispatch_refresh_dialog(tv_app *app);
/* Drops the pending action (dialog cancelled). */
void tv_dispatch_cancel(tv_app *app);

/* Takes every queued message: results complete requests, others go straight to the log. */
void tv_dispatch_take_messages(tv_app *app);

/* Adds a line to the Messages screen (and, when show, to the status line). */
void tv_app_log(tv_app *app, bool error, const char *host, bool show, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* The label a host's messages and outcomes carry. */
const char *tv_app_host_label(const tv_app *app, unsigned host_id);

/* The table of outstanding requests, for a new tv_app. */
GHashTable *tv_dispatch_requests_new(void);
GPtrArray *tv_dispatch_watches_new(void);
void tv_dispatch_free(tv_app *app);
