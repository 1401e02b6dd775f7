/*
 * A list screen's rows and its own sort and filter.  Domains, Storage, a
 * pool's volumes and Networks each keep one tv_list; a const class says
 * what the list shows (columns, how two rows compare on a column, what a
 * filter matches, what identifies a row across snapshots).  The state and
 * its rules are pure and unit-tested; the functions that take a tv_app are
 * the glue every list screen shares (keys, the sort dialog, the header
 * with its sort marker, the filter line).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "model/snapshot.h"
#include "ui/commands.h"
#include "ui/layout.h"
#include "ui/table.h"

/* A row of a list: an item of one host's snapshot. */
typedef struct tv_row {
    const tv_host_snapshot *snap;
    size_t index; /* domain, pool or network of snap */
    size_t sub;   /* volume of pool index, for volume rows */
} tv_row;

typedef struct tv_list_column {
    tv_column layout;      /* title, widths, priority, alignment */
    const char *sort_name; /* in the sort dialog and messages; NULL: does not sort */
    bool desc_first;       /* largest first when chosen (counts, rates) */
} tv_list_column;

#define TV_LIST_MAX_COLUMNS 64

typedef struct tv_list_class {
    const tv_list_column *columns;
    size_t n_columns; /* at most TV_LIST_MAX_COLUMNS */
    int default_sort; /* a sortable column, ascending unless desc_first */
    /* Orders a before b on column col, ascending (<0, 0, >0). */
    int (*compare)(const tv_row *a, const tv_row *b, int col);
    /* Orders rows compare calls equal, always ascending: a total order. */
    int (*tiebreak)(const tv_row *a, const tv_row *b);
    /* Whether the row matches a filter, given case-folded (g_utf8_casefold). */
    bool (*matches)(const tv_row *r, const char *folded);
    /* What identifies the row's item in later snapshots (g_free), for the cursor. */
    char *(*key)(const tv_row *r);
} tv_list_class;

typedef struct tv_list {
    const tv_list_class *cls;
    GArray *rows; /* tv_row: the filtered, sorted rows */
    tv_table tbl;
    char *filter; /* as typed, or NULL */
    char *folded; /* filter case-folded, or NULL */
    int sort_col;
    bool sort_desc;
    guint64 shown; /* bit per column the last tv_list_layout showed */
    /* Preferred widths a view measured from its rows, or 0 for the class's. */
    int fit[TV_LIST_MAX_COLUMNS];
    /* The item the cursor is on; the cursor stays on row 0 until the user moves it. */
    char *cursor_key;
    bool cursor_moved;
} tv_list;

void tv_list_init(tv_list *l, const tv_list_class *cls);
void tv_list_clear(tv_list *l);

/*
 * Rebuilding from snapshots: begin (remembers the item under the cursor;
 * the rows must still point into live snapshots), add every candidate row
 * (rows the filter does not match are dropped), end (sorts, puts the cursor
 * back on its item, fits the table to page rows).
 */
void tv_list_begin(tv_list *l);
void tv_list_add(tv_list *l, const tv_host_snapshot *snap, size_t index, size_t sub);
void tv_list_end(tv_list *l, int page);

/* The row under the cursor, or NULL when the list is empty. */
const tv_row *tv_list_current(const tv_list *l);
const tv_row *tv_list_row(const tv_list *l, guint i);

/* Sets the filter (NULL or "" clears it); the caller rebuilds. */
void tv_list_set_filter(tv_list *l, const char *text);

/* Sorts by col: a new column in its own direction, the same column flipped. */
void tv_list_sort_by(tv_list *l, int col);
/*
 * The nearest sortable column the last layout showed left (dir < 0) or
 * right (dir > 0) of the sort column, or -1 when there is none.
 */
int tv_list_sort_neighbour(const tv_list *l, int dir);
/* "vCPUs, descending" (static storage until the next call). */
const char *tv_list_sort_text(const tv_list *l);

/*
 * Lays out the class's columns (cols holds n_columns) in width columns,
 * with room on every sortable title for the sort marker, growing a column
 * with a fit width no further than that, and remembers which columns show.
 */
void tv_list_layout(tv_list *l, tv_column *cols, int width);
/* Column col's header: its title and, when the list sorts by it, ▲ or ▼ (^ or v in ASCII). */
void tv_list_header_title(const tv_list *l, int col, char *buf, size_t len);

/* ---- helpers for the classes' callbacks --------------------------------------- */

/* Whether text (may be NULL), case-folded, holds the case-folded filter. */
bool tv_list_text_matches(const char *text, const char *folded);
/*
 * The host labels the lists sort and filter by (ui/labels.h): the front
 * end's, set once; the UI is single-threaded and the classes' callbacks see
 * only rows.  Without them, the snapshots' own labels.
 */
struct tv_labels;
void tv_list_use_labels(const struct tv_labels *labels);
/* The row's host as the screen names it. */
const char *tv_list_host_label(const tv_row *r);
/* Whether the row's host (its label or URI) matches. */
bool tv_list_host_matches(const tv_row *r, const char *folded);
int tv_list_cmp_ull(unsigned long long a, unsigned long long b);
int tv_list_cmp_double(double a, double b);
/* The usual tie-break: by item name (as the locale collates), then by host URI. */
int tv_list_cmp_names(const char *name_a, const tv_row *ra, const char *name_b,
                      const tv_row *rb);

/* ---- shared by the list screens (they pass the app) --------------------------- */

struct tv_app;

/*
 * The commands every list handles alike: moving, / (filter), o (sort
 * dialog), < and > (sort column left and right), Esc (cancel: clears the
 * filter) and Left (back: never clears it, and says so).  Rebuilds the
 * current view when the order or the filter changed.  True when it used cmd.
 */
bool tv_list_command(struct tv_app *app, tv_list *l, tv_cmd cmd);

/* Says that back (Left) had nowhere to go and left the filter alone. */
void tv_list_back_keeps_filter(struct tv_app *app);

/*
 * Lays out the columns (tv_list_layout) and draws from line y: when the
 * list is filtered (or prefix names another filter, such as a host), the
 * line "filter: [prefix, ]TEXT (N)" with how to edit and clear it, on its
 * own so it never covers a title; then the header with the sort marker.
 * Returns the line of the first row.
 */
int tv_list_draw_top(const struct tv_app *app, tv_list *l, tv_column *cols, int y,
                     const char *prefix);
/* Draws one row of plain cells (one per column), as the cursor row when cursor. */
void tv_list_draw_cells(const struct tv_app *app, int y, const tv_column *cols, size_t n,
                        const char *const *cells, bool cursor);

/* The sort dialog (app->dialog == TV_DIALOG_SORT) over list l. */
void tv_list_sort_dialog_open(struct tv_app *app, tv_list *l);
void tv_list_sort_dialog_draw(struct tv_app *app, const tv_list *l);
void tv_list_sort_dialog_key(struct tv_app *app, tv_list *l, int c);

/* The classes of the list screens (in their view files), for tests. */
extern const tv_list_class tv_domains_list;
extern const tv_list_class tv_pools_list;
extern const tv_list_class tv_volumes_list;
extern const tv_list_class tv_networks_list;
extern const tv_list_class tv_migrations_list;
