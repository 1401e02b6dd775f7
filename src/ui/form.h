/*
 * A form over an action's parameter table: one field per visible
 * parameter, the focused one edited in place, every field checked as the
 * user types with all problems shown at once, and submit allowed only when
 * there are none.  The logic is pure (no drawing): keys in, state out, so
 * it is unit-tested; view-form.c draws it as a modal over the screen.
 * Choices and yes/no fields cycle with Left/Right or Space; text fields
 * use the line editor.  F4 or Ctrl+O lists what a field can take (the
 * host's pools, networks and volumes, OS variants, choices): typing
 * narrows the list, Enter takes the value under its cursor.  A wizard is a form in pages (the action's page
 * titles): Enter on a page's last field, PgDn or Ctrl+N go on once the
 * page has no problem; PgUp or Ctrl+P go back; a review page comes last.
 * The review is a pager (pagerview.h): it scrolls with the moving keys and
 * "/" searches it, with a prompt of its own under the text (Esc there ends
 * the search, not the wizard), n and N going from match to match.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "actions/action.h"
#include "actions/param.h"
#include "ui/keymap.h"
#include "ui/lineedit.h"
#include "ui/pagerview.h"

typedef struct tv_form {
    const tv_action *action;
    tv_param_values *values; /* owned */
    unsigned host_id;        /* the target's host */
    char *target;            /* the target's name (pool, domain) */
    GPtrArray *target_keys;  /* domain targets ("hostid/uuid"), or NULL */
    GArray *fields;          /* size_t: indexes of the visible parameters of the page, in order */
    int page;                /* the page shown (wizards; 0 for a form) */
    int n_pages;             /* parameter pages, plus the review page when the action has one */
    char *review;            /* the review page's text while it shows, else NULL */
    tv_pagerview review_page; /* that text as the drawing wrapped it: scrolling and search */
    bool review_searching;   /* the review's "/" prompt is open, its text in review_search */
    tv_lineedit review_search;
    char *review_says;       /* what the last search or n/N found, shown under the review */
    bool review_says_error;
    const tv_keymap *keymap; /* the user's keys for moving (not owned), or NULL: the defaults */
    int focus;               /* index into fields */
    tv_lineedit edit;        /* the focused field's text */
    char *edit_loaded;       /* what the editor was loaded with: untouched while it holds it */
    GPtrArray *problems;     /* "name: why", from the last check */
    /* The focused field's pick list while it is open (F4 or Ctrl+O): "value\tdescription"
     * strings that match what the field holds, else NULL; its cursor and first row shown. */
    char *notice;            /* why the form opened again (the run failed), shown atop it */
    GStrv hosts;             /* labels of the connected hosts, for a host field */
    GStrv host_uris;         /* their URIs, parallel to hosts */
    GPtrArray *pick;
    int pick_cursor, pick_top;
    /*
     * An action with a preview (domain-migrate's preflight) checks on the host before the
     * review offers to run it: the request out for the values in preview_for, and the
     * answer once here (preview_failed: a check failed, so the review does not run it).
     */
    guint preview_request;
    char *preview_for;
    char *preview;
    bool preview_failed;
    bool submitted;          /* the user asked to run it (and nothing was wrong) */
    bool cancelled;
} tv_form;

/*
 * A form for a on target (its host and name; target_keys for domain
 * actions, taken), starting from values the user already gave (taken; NULL
 * for none).  snap is the target's host as it stands, for defaults,
 * choices and checks.
 */
tv_form *tv_form_new(const tv_action *a, unsigned host_id, const char *target,
                     GPtrArray *target_keys, tv_param_values *values,
                     const tv_host_snapshot *snap);
void tv_form_free(tv_form *f);

/* Checks every field again against snap (a new snapshot came, or a field changed). */
void tv_form_check(tv_form *f, const tv_host_snapshot *snap);
/*
 * A new snapshot of the form's host came: checks again, and the focused
 * field, when it shows a default the user has not touched, shows the
 * default as it is now (a host back from an outage has its facts again).
 */
void tv_form_host_changed(tv_form *f, const tv_host_snapshot *snap);

typedef enum {
    TV_FORM_KEY_IGNORED,
    TV_FORM_KEY_USED,
    TV_FORM_KEY_SUBMIT, /* Enter on the last field or page, or Ctrl+S / F10 anywhere: run if valid */
    TV_FORM_KEY_CANCEL, /* Esc */
} tv_form_key;

/* Feeds a key (is_char: a character, else a curses KEY_* code). */
tv_form_key tv_form_key_press(tv_form *f, const tv_host_snapshot *snap, int ch, bool is_char);

/* The parameter of field i, and the text the field shows (typed, or the default). */
const tv_param *tv_form_field_param(const tv_form *f, int i);
const char *tv_form_field_text(const tv_form *f, int i, bool *is_default);
/* The problem of field i ("why", without the name), or NULL. */
const char *tv_form_field_problem(const tv_form *f, int i);
int tv_form_field_count(const tv_form *f);

/*
 * The values as one string (what a preview was asked for: a change asks
 * again), or NULL when the review page does not show or the action has no
 * preview.  g_free.
 */
char *tv_form_preview_key(const tv_form *f);
/* The preview's answer came (text; failed: it refuses to run). */
void tv_form_take_preview(tv_form *f, const tv_host_snapshot *snap, const char *text,
                          bool failed);

/* Wizards: whether the review page shows, the title of the page, problems on other pages. */
bool tv_form_on_review(const tv_form *f);
const char *tv_form_page_title(const tv_form *f);
int tv_form_problems_elsewhere(const tv_form *f);
