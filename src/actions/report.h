/*
 * What one request did to each of its targets, and the one-line summary
 * the status line, the Messages screen and batch callers show: how many
 * succeeded, and every target that failed or was skipped, with the reason
 * ("2 started; could not start 'db01': <libvirt's words>; 'cache01'
 * skipped: the domain is paused").  A request on several hosts reports per host; the
 * front end merges the parts.  Libvirt-free and pure.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef struct tv_action tv_action;

typedef enum {
    TV_OUTCOME_OK,
    TV_OUTCOME_FAILED,  /* detail: libvirt's message */
    TV_OUTCOME_SKIPPED, /* detail: why it was not tried, e.g. "the domain is paused" */
} tv_outcome_kind;

/* One field of what an action made or measured, for --exec's JSON "result". */
typedef struct tv_result_field {
    char *key;    /* "uuid", "name", "time_elapsed"... */
    char *value;  /* as text */
    bool number;  /* JSON writes it bare, not quoted */
} tv_result_field;

typedef struct tv_outcome {
    tv_outcome_kind kind;
    char *host;   /* label of the target's host */
    char *name;   /* the target's name */
    char *detail; /* see tv_outcome_kind; on success an optional note ("paused") */
    GPtrArray *undone; /* what a failed multi-step action removed again, or NULL */
    GArray *result;    /* tv_result_field: what it made or measured, or NULL */
} tv_outcome;

typedef struct tv_action_report {
    const tv_action *action;
    guint request; /* the front end's request id, 0 for none */
    bool preview;  /* a look at what the action would do (its one outcome's detail), not a result */
    GArray *outcomes; /* tv_outcome, in the order the targets were given */
} tv_action_report;

tv_action_report *tv_action_report_new(const tv_action *action, guint request);
void tv_action_report_free(tv_action_report *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_action_report, tv_action_report_free)

void tv_action_report_add(tv_action_report *r, tv_outcome_kind kind, const char *host,
                          const char *name, const char *detail);
/*
 * The same with what was undone (strings, copied; may be NULL) and result
 * fields (copied; may be NULL).
 */
void tv_action_report_add_full(tv_action_report *r, tv_outcome_kind kind, const char *host,
                               const char *name, const char *detail, GPtrArray *undone,
                               GArray *result);

/* A result field list (GArray of tv_result_field) and adding to one. */
GArray *tv_result_fields_new(void);
void tv_result_add(GArray *fields, const char *key, bool number, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Appends from's outcomes to into's. */
void tv_action_report_merge(tv_action_report *into, const tv_action_report *from);

/* How many outcomes are of kind. */
size_t tv_action_report_count(const tv_action_report *r, tv_outcome_kind kind);

/*
 * The one-line summary (g_free).  One target: "'web01' started", "Could not
 * start 'web01': <libvirt>", "Cannot start 'web01': <why>".  Several: a
 * count of what succeeded, then each failure and each skipped target;
 * names carry their host when the targets span several hosts.
 */
char *tv_action_report_summary(const tv_action_report *r);
