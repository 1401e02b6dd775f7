/*
 * The front end's state and its views.  One tv_app lives on the UI thread;
 * views are const descriptors (htop's class structs) with a rebuild pass
 * (recompute rows from snapshots), a draw pass, and a command handler that
 * returns whether it used the command.  Views read snapshots only.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "actions/action.h"
#include "model/host.h"
#include "ui/cmdline.h"
#include "ui/commands.h"
#include "ui/keymap.h"
#include "ui/labels.h"
#include "ui/layout.h"
#include "ui/lineedit.h"
#include "ui/msglog.h"
#include "ui/list.h"
#include "ui/pagerview.h"
#include "ui/table.h"
#include "ui/theme.h"

typedef enum {
    TV_VIEW_HOSTS,
    TV_VIEW_DOMAINS,
    TV_VIEW_STORAGE,
    TV_VIEW_NETWORKS,
    TV_VIEW_DETAILS,
    TV_VIEW_VOLUMES,
    TV_VIEW_HELP,
    TV_VIEW_CONSOLE,
    TV_VIEW_MESSAGES,
    TV_VIEW_MIGRATIONS,
    TV_VIEW_LAST
} tv_view_id;

typedef struct tv_app tv_app;

typedef struct tv_view {
    const char *title;
    /* Recomputes rows after snapshots, filter or sort changed. */
    void (*rebuild)(tv_app *app);
    /* Draws the body between the header lines and the status lines. */
    void (*draw)(tv_app *app, int y, int height);
    /* Handles a UI command; false leaves it to the global handler. */
    bool (*command)(tv_app *app, tv_cmd cmd);
    /* Key hints after the action hints, as command names. */
    const char *const *hints;
    /* Sees each key before the keymap (is_char as from get_wch); true when it used it. */
    bool (*key)(tv_app *app, int ch, bool is_char);
    /* Takes the text of a TV_EDIT_SEARCH prompt the user accepted with Enter. */
    void (*search)(tv_app *app, const char *text);
    /*
     * Keys the view handles itself, for help: NULL-terminated pairs of keys
     * and what they do; "{name}" stands for the keys bound to a command.
     */
    const char *const *own_keys;
    /* The view's list (rows, sort, filter), or NULL when it has none. */
    tv_list *(*list)(tv_app *app);
} tv_view;

extern const tv_view tv_view_hosts;
extern const tv_view tv_view_domains;
extern const tv_view tv_view_storage;
extern const tv_view tv_view_networks;
extern const tv_view tv_view_details;
extern const tv_view tv_view_volumes;
extern const tv_view tv_view_help;
extern const tv_view tv_view_console;
extern const tv_view tv_view_messages;
extern const tv_view tv_view_migrations;

typedef enum {
    TV_EDIT_OFF,
    TV_EDIT_FILTER,
    TV_EDIT_COMMAND,
    TV_EDIT_SEARCH, /* "/" prompt whose text goes to the view's search */
} tv_edit_mode;

typedef enum {
    TV_DIALOG_NONE,
    TV_DIALOG_CONFIRM, /* y / n for an action */
    TV_DIALOG_DELETE,  /* y / s / n */
    TV_DIALOG_SORT,    /* pick a column */
    TV_DIALOG_QUIT,
    TV_DIALOG_PICK_HOST, /* a name is on several hosts: which? */
} tv_dialog_kind;

/* An action waiting for the user's confirmation, on domains of one or more hosts. */
typedef struct tv_pending {
    const tv_action *action;
    GPtrArray *keys; /* "hostid/uuid" strings */
    struct tv_action_report *skipped; /* targets left out, with why */
    guint preview_request;            /* the worker's look at what it will do, or 0 */
    char *preview;                    /* its answer, once here */
    GPtrArray *names;                 /* the targets' names, parallel to keys */
    struct tv_param_values *params;   /* what the ':' line gave, or NULL */
    bool from_marks;                  /* the targets are the marks: clear them after */
} tv_pending;

struct tv_app {
    GPtrArray *hosts; /* tv_host*, shared with main */
    GPtrArray *snaps; /* tv_host_snapshot*, parallel to hosts */
    tv_labels *labels; /* what the screens call each host */
    tv_keymap *keymap;
    double interval_s;
    bool readonly; /* -r: also for hosts added with :connect */
    unsigned wants;      /* TV_WANT_* last given to the hosts */
    guint wants_hosts;   /* how many hosts had them */
    bool utf8;
    bool use_color;

    tv_view_id view;
    GArray *stack; /* tv_view_id: where Back returns to */
    bool dirty;
    bool clear_next;
    bool quit;
    int rows, cols;

    char *status;
    bool status_error;
    /* While messages are taken in one pass, status texts collect here
     * (errors first) instead of replacing each other. */
    GString *status_errors, *status_infos;

    /* Requests sent to hosts and not fully answered (ui/dispatch.c). */
    GHashTable *requests; /* request id -> tv_ui_request* */
    GPtrArray *watches;   /* tv_settle_watch*: requests whose effect is awaited */
    guint next_request;
    /* A console to open once the host shows the domain (domain-create console=yes). */
    unsigned console_host;
    char *console_uuid;
    /* A ':' line on a host waiting for what its checks read (capabilities, the OS catalog). */
    const struct tv_action *deferred_action;
    unsigned deferred_host;
    struct tv_param_values *deferred_params;
    gint64 deferred_until_us;
    tv_msglog msglog;     /* the Messages screen */
    tv_table msg_tbl;
    guint64 msg_seen;     /* msglog.added when the screen was last shown */
    tv_history history;   /* of the ':' line */
    /* Names of a ':' line being resolved (ui/cmdline-run.c). */
    const tv_action *pick_action;
    unsigned pick_host_id;  /* host= given, or 0 */
    GPtrArray *pick_words;  /* the names, in order */
    guint pick_next;        /* the one being resolved */
    GPtrArray *pick_done;   /* keys of the names resolved so far */
    struct tv_param_values *pick_params; /* the line's NAME=VALUE words, or NULL */
    GPtrArray *pick_hosts;  /* TV_DIALOG_PICK_HOST: labels of the hosts to choose from */
    GPtrArray *pick_keys;   /* the domain on each of those hosts ("hostid/uuid") */
    bool help_all;         /* help lists every command, not one screen's keys */
    char *edit_hint;       /* shown above the ':' line (completion matches), or NULL */
    struct tv_form *form;  /* the form open over the screen, or NULL (ui/view-form.c) */

    tv_edit_mode edit_mode;
    tv_lineedit edit;

    tv_dialog_kind dialog;
    char *dialog_text;
    tv_pending pending;
    tv_table dialog_tbl;

    /* Domains */
    tv_list domains;
    unsigned host_filter; /* only this host's domains (Enter on Hosts), or 0 */
    GHashTable *marked; /* "hostid/uuid" */

    /* Hosts */
    tv_table host_tbl;

    /* Storage, volumes, networks */
    tv_list pools;
    unsigned vol_host;
    char *vol_pool;
    tv_list volumes; /* of pool vol_pool of host vol_host */
    tv_list networks;

    /* Migrations (ui/view-migrations.c) */
    struct tv_job_list *jobs;   /* the job records the screen shows */
    GPtrArray *mig_history;     /* tv_migration*: ended before this run (owned) */
    GPtrArray *mig_rows;        /* tv_migration*: the rows' migrations (borrowed) */
    GHashTable *migrating;      /* UUIDs of the domains a running migration moves */
    tv_list migrations;

    /* Details */
    unsigned det_host;
    char *det_uuid;
    char *det_name;
    int det_tab;
    int det_device; /* Hardware tab: the device under the cursor (n-th disk or NIC) */
    tv_pagerview det_page; /* the tab's lines; on XML also sideways scroll and search */

    /* Help */
    tv_view_id help_for;
    tv_pagerview help_page;

    /* Serial console: session, terminal, take-over question (view-console.c) */
    struct tv_console_screen *console;
    /* A domain's XML being edited in $EDITOR (ui/editor.c), or NULL. */
    struct tv_editor *editor;
};

const tv_view *tv_app_view(tv_view_id id);

/* The snapshot of the host with this id, or NULL. */
const tv_host_snapshot *tv_app_snapshot(const tv_app *app, unsigned host_id);
tv_host *tv_app_host(const tv_app *app, unsigned host_id);

/* "hostid/uuid" for a domain row (g_free). */
char *tv_app_domain_key(const tv_host_snapshot *snap, const tv_domain *d);
/* Resolves a key back to its snapshot and domain; false when gone. */
bool tv_app_resolve_key(const tv_app *app, const char *key, const tv_host_snapshot **snap,
                        const tv_domain **d);

/* Sets the status line. */
void tv_app_status(tv_app *app, bool error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Switches to a view, pushing the current one for Back when push is true. */
void tv_app_show(tv_app *app, tv_view_id id, bool push);
void tv_app_back(tv_app *app);

/*
 * The device under the cursor of the Details view's Hardware tab, and its
 * id (*id: target "vda" or MAC, g_free); TV_DEVICE_NONE elsewhere.
 */
tv_device_kind tv_app_current_device(const tv_app *app, char **id);

/* Domain under the cursor in the Domains or Details view, or NULL. */
const tv_domain *tv_app_current_domain(const tv_app *app, const tv_host_snapshot **snap);

/*
 * Applies a movement command (up, down, pages, top, bottom) to a list's
 * cursor, or with scroll to a text page's top line; false for any other
 * command.
 */
bool tv_app_move(tv_table *t, tv_cmd cmd, bool scroll);

/* Draws the titles of laid-out columns as a header line at y. */
void tv_app_draw_header(const tv_app *app, int y, const tv_column *cols, size_t n);

/* Takes the newest job records (the Migrations screen); rebuilds when they changed. */
void tv_app_sync_jobs(tv_app *app);
/* Reads the migration history kept across runs. */
void tv_app_load_mig_history(tv_app *app);
/*
 * Runs a live control of a migration (migration-*) on the running
 * migration under the Migrations screen's cursor; values are taken (NULL:
 * its form opens when it has parameters).
 */
struct tv_param_values;
void tv_app_migration_action(tv_app *app, const tv_action *a, struct tv_param_values *values);
/* The cap + or - sets from now_mib (0: none) and the transfer rate now. */
guint64 tv_migration_bandwidth_step(guint64 now_mib, guint64 rate_bps, bool up);

/* Seconds a connected host has not answered well past its refresh, or 0. */
long tv_app_silent_for(const tv_app *app, const tv_host_snapshot *s);

/* Whether a connected host has not yet read its pools (storage) or networks. */
bool tv_app_inventory_pending(const tv_app *app, bool storage);

/* Rows helpers for list views with a cursor-by-identity. */
int tv_app_body_rows(const tv_app *app);

/* Opens the serial console of d on its host, full screen. */
void tv_app_open_console(tv_app *app, const tv_host_snapshot *snap, const tv_domain *d);
/* Console: takes what arrived; false when the session ended (and left the screen). */
bool tv_app_pump_console(tv_app *app);
/* Console: a key the user typed. */
void tv_app_console_key(tv_app *app, int ch, bool is_char);
/* Console: ends the session, if any, and frees the console screen's state. */
void tv_app_console_free(tv_app *app);

/* Takes the newest snapshot of every host and rebuilds the views; true when any changed. */
bool tv_app_sync_snapshots(tv_app *app);
/* Runs a UI command as its key would. */
void tv_app_run_command(tv_app *app, tv_cmd cmd);
/* Runs a ':' line (ui/cmdline-run.c). */
void tv_app_run_line(tv_app *app, const char *line);
/* Tab on the ':' line. */
void tv_app_complete_line(tv_app *app);
/* The host dialog's answer: index into app->pick_hosts, or -1 to cancel. */
void tv_app_pick_host(tv_app *app, int choice);
void tv_app_pick_free(tv_app *app);
/* Help listing every command and action, with keys and names (":?"). */
void tv_app_show_all_commands(tv_app *app);

/* Forms (ui/view-form.c): open one for a on a target, values (taken) pre-filled. */
struct tv_param_values;
void tv_app_open_form(tv_app *app, const tv_action *a, unsigned host_id, const char *target,
                      GPtrArray *target_keys, struct tv_param_values *values);
void tv_app_close_form(tv_app *app);
/* Keys go to the open form first; true when one is open. */
bool tv_app_form_key(tv_app *app, int ch, bool is_char);
void tv_app_form_draw(tv_app *app);
/* New snapshots: the open form checks its fields again (pick lists, free space). */
void tv_app_form_snapshots_changed(tv_app *app);

/* Opens the status-line editor in a mode, with initial text (may be NULL). */
void tv_app_open_edit(tv_app *app, tv_edit_mode mode, const char *initial);
/* What the "/" prompt holds while the user types a search, for pagers to highlight; or NULL
 * (ui/frame.c). */
const char *tv_app_typed_search(const tv_app *app);
/* The list of the current view (its filter and sort), or NULL. */
tv_list *tv_app_view_list(tv_app *app);
/* Lines the status takes at the bottom (it wraps long messages). */
int tv_app_status_lines(const tv_app *app);
/* The open dialog's keys and its drawing (ui/dialog.c). */
void tv_app_dialog_key(tv_app *app, int ch, bool is_char);
void tv_app_dialog_draw(tv_app *app);
/* Draws the whole screen: title, the current view, status, hints, dialogs (ui/frame.c). */
void tv_app_draw_frame(tv_app *app);

/* Theme element of a domain state (the word is tv_dom_state_name). */
tv_el tv_app_state_el(tv_dom_state s);
