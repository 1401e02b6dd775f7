/*
 * The rows of a list screen with their sort and filter, one piece of code
 * for Domains, Storage, volumes and Networks.  Rows are rebuilt from the
 * snapshots on every change: filtered as they are added, sorted with the
 * class's comparison (flipped when descending, ties always ascending), and
 * the cursor put back on the item it was on, found by the class's key.
 * The second half is the glue the list screens share: their keys, the sort
 * dialog, and the header and filter lines they draw.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/labels.h"
#include "ui/list.h"
#include "ui/views.h"

void
tv_list_init(tv_list *l, const tv_list_class *cls)
{
    g_assert(cls->n_columns <= TV_LIST_MAX_COLUMNS);
    g_assert(cls->columns[cls->default_sort].sort_name);
    *l = (tv_list){
        .cls = cls,
        .rows = g_array_new(FALSE, FALSE, sizeof(tv_row)),
        .sort_col = cls->default_sort,
        .sort_desc = cls->columns[cls->default_sort].desc_first,
        .shown = G_MAXUINT64,
    };
}

void
tv_list_clear(tv_list *l)
{
    g_clear_pointer(&l->rows, g_array_unref);
    g_clear_pointer(&l->filter, g_free);
    g_clear_pointer(&l->folded, g_free);
    g_clear_pointer(&l->cursor_key, g_free);
}

const tv_row *
tv_list_row(const tv_list *l, guint i)
{
    return i < l->rows->len ? &g_array_index(l->rows, tv_row, i) : NULL;
}

const tv_row *
tv_list_current(const tv_list *l)
{
    return l->tbl.cursor >= 0 ? tv_list_row(l, (guint)l->tbl.cursor) : NULL;
}

void
tv_list_begin(tv_list *l)
{
    const tv_row *r = tv_list_current(l);
    if (!l->cursor_moved) {
        g_clear_pointer(&l->cursor_key, g_free); /* hosts answer in any order: stay on top */
    } else if (r) {
        g_free(l->cursor_key);
        l->cursor_key = l->cls->key(r);
    }
    g_array_set_size(l->rows, 0);
}

void
tv_list_add(tv_list *l, const tv_host_snapshot *snap, size_t index, size_t sub)
{
    tv_row r = { snap, index, sub };
    if (l->folded && !l->cls->matches(&r, l->folded))
        return;
    g_array_append_val(l->rows, r);
}

static gint
compare_rows(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const tv_list *l = data;
    int c = l->cls->compare(pa, pb, l->sort_col);
    if (l->sort_desc)
        c = -c;
    return c != 0 ? c : l->cls->tiebreak(pa, pb);
}

void
tv_list_end(tv_list *l, int page)
{
    int cursor = 0;
    if (l->rows->len > 1)
        g_array_sort_with_data(l->rows, compare_rows, l);
    if (l->cursor_key && l->rows->len > 0) {
        cursor = MIN(l->tbl.cursor, (int)l->rows->len - 1);
        for (guint i = 0; i < l->rows->len; i++) {
            g_autofree char *key = l->cls->key(tv_list_row(l, i));
            if (strcmp(key, l->cursor_key) == 0) {
                cursor = (int)i;
                break;
            }
        }
    }
    l->tbl.cursor = MAX(cursor, 0);
    tv_table_fit(&l->tbl, (int)l->rows->len, page);
}

void
tv_list_set_filter(tv_list *l, const char *text)
{
    g_clear_pointer(&l->filter, g_free);
    g_clear_pointer(&l->folded, g_free);
    if (text && *text) {
        l->filter = g_strdup(text);
        l->folded = g_utf8_casefold(text, -1);
    }
}

void
tv_list_sort_by(tv_list *l, int col)
{
    g_return_if_fail(col >= 0 && (size_t)col < l->cls->n_columns);
    g_return_if_fail(l->cls->columns[col].sort_name);
    if (col == l->sort_col) {
        l->sort_desc = !l->sort_desc;
    } else {
        l->sort_col = col;
        l->sort_desc = l->cls->columns[col].desc_first;
    }
}

static bool
sortable_shown(const tv_list *l, int col)
{
    return l->cls->columns[col].sort_name && (l->shown & (G_GUINT64_CONSTANT(1) << col));
}

int
tv_list_sort_neighbour(const tv_list *l, int dir)
{
    int n = (int)l->cls->n_columns;
    for (int c = l->sort_col + (dir < 0 ? -1 : 1); c >= 0 && c < n; c += dir < 0 ? -1 : 1) {
        if (sortable_shown(l, c))
            return c;
    }
    return -1;
}

const char *
tv_list_sort_text(const tv_list *l)
{
    static char buf[64];
    g_snprintf(buf, sizeof(buf), "%s, %s", l->cls->columns[l->sort_col].sort_name,
               l->sort_desc ? "descending" : "ascending");
    return buf;
}

void
tv_list_layout(tv_list *l, tv_column *cols, int width)
{
    l->shown = 0;
    for (size_t c = 0; c < l->cls->n_columns; c++) {
        cols[c] = l->cls->columns[c].layout;
        if (l->fit[c] > 0)
            cols[c].pref = l->fit[c];
        if (l->cls->columns[c].sort_name) {
            /* A column does not change width when the marker comes and goes. */
            cols[c].min = MAX(cols[c].min, tv_text_width(cols[c].title) + 1);
            cols[c].pref = MAX(cols[c].pref, cols[c].min);
        }
    }
    tv_layout_columns(cols, l->cls->n_columns, width, 1);
    for (size_t c = 0; c < l->cls->n_columns; c++) {
        if (cols[c].shown)
            l->shown |= G_GUINT64_CONSTANT(1) << c;
    }
}

void
tv_list_header_title(const tv_list *l, int col, char *buf, size_t len)
{
    const char *marker = "";
    if (col == l->sort_col) {
        if (tv_text_utf8())
            marker = l->sort_desc ? "\u25bc" : "\u25b2";
        else
            marker = l->sort_desc ? "v" : "^";
    }
    g_snprintf(buf, len, "%s%s", l->cls->columns[col].layout.title, marker);
}

/* ---- helpers for the classes ------------------------------------------------------------ */

bool
tv_list_text_matches(const char *text, const char *folded)
{
    g_autofree char *f = text ? g_utf8_casefold(text, -1) : NULL;
    return f && strstr(f, folded);
}

static const tv_labels *list_labels;

void
tv_list_use_labels(const tv_labels *labels)
{
    list_labels = labels;
}

const char *
tv_list_host_label(const tv_row *r)
{
    return list_labels ? tv_labels_get(list_labels, r->snap) : r->snap->label;
}

bool
tv_list_host_matches(const tv_row *r, const char *folded)
{
    return tv_list_text_matches(tv_list_host_label(r), folded) ||
           tv_list_text_matches(r->snap->uri, folded);
}

int
tv_list_cmp_ull(unsigned long long a, unsigned long long b)
{
    return a < b ? -1 : a > b;
}

int
tv_list_cmp_double(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

int
tv_list_cmp_names(const char *name_a, const tv_row *ra, const char *name_b, const tv_row *rb)
{
    int c = g_utf8_collate(name_a, name_b);
    return c ? c : g_strcmp0(ra->snap->uri, rb->snap->uri);
}

/* ---- the list screens' shared keys and lines ---------------------------------------- */

void
tv_list_back_keeps_filter(tv_app *app)
{
    int key = tv_keymap_key_for(app->keymap, "cancel");
    if (key >= 0)
        tv_app_status(app, false, "Nothing to go back to; the filter stays (%s clears it)",
                      tv_key_name(key));
    else
        tv_app_status(app, false, "Nothing to go back to; the filter stays");
}

static void
rebuild_view(tv_app *app)
{
    const tv_view *v = tv_app_view(app->view);
    if (v->rebuild)
        v->rebuild(app);
    app->dirty = true;
}

static void
sort_and_say(tv_app *app, tv_list *l, int col)
{
    tv_list_sort_by(l, col);
    rebuild_view(app);
    tv_app_status(app, false, "Sorted by %s", tv_list_sort_text(l));
}

bool
tv_list_command(tv_app *app, tv_list *l, tv_cmd cmd)
{
    int col;
    if (tv_app_move(&l->tbl, cmd, false)) {
        l->cursor_moved = true;
        return true;
    }
    switch (cmd) {
    case TV_CMD_FILTER:
        tv_app_open_edit(app, TV_EDIT_FILTER, l->filter);
        return true;
    case TV_CMD_SORT:
        tv_list_sort_dialog_open(app, l);
        return true;
    case TV_CMD_SORT_LEFT:
    case TV_CMD_SORT_RIGHT:
        col = tv_list_sort_neighbour(l, cmd == TV_CMD_SORT_LEFT ? -1 : 1);
        if (col < 0)
            tv_app_status(app, false, "Sorted by %s: no column to sort by further %s",
                          tv_list_sort_text(l), cmd == TV_CMD_SORT_LEFT ? "left" : "right");
        else
            sort_and_say(app, l, col);
        return true;
    case TV_CMD_CANCEL:
        if (!l->filter)
            return false; /* back */
        tv_list_set_filter(l, NULL);
        rebuild_view(app);
        tv_app_status(app, false, "Filter cleared");
        return true;
    case TV_CMD_BACK:
        if (!l->filter || app->stack->len > 0)
            return false;
        tv_list_back_keeps_filter(app);
        return true;
    default:
        return false;
    }
}

static void
draw_header(const tv_list *l, int y, const tv_column *cols, int width)
{
    tv_draw_fill(y, 0, width, TV_EL_HEADER);
    for (size_t c = 0; c < l->cls->n_columns; c++) {
        char title[64];
        if (!cols[c].shown)
            continue;
        tv_list_header_title(l, (int)c, title, sizeof(title));
        tv_draw_text(y, cols[c].x, cols[c].width, title,
                     cols[c].right ? TV_ALIGN_RIGHT : TV_ALIGN_LEFT, TV_EL_HEADER);
    }
}

/* "KEY what" for a hint, or "" when the command has no key. */
static char *
key_hint(const tv_app *app, const char *command, const char *what)
{
    int key = tv_keymap_key_for(app->keymap, command);
    return key < 0 ? g_strdup("") : g_strdup_printf("%s %s", tv_key_name(key), what);
}

static void
draw_filter(const tv_app *app, const tv_list *l, int y, const char *prefix)
{
    g_autofree char *badge = g_strdup_printf(" filter: %s%s%s (%u) ", prefix ? prefix : "",
                                             prefix && l->filter ? ", " : "",
                                             l->filter ? l->filter : "", l->rows->len);
    g_autofree char *edit = key_hint(app, "filter", "edits");
    g_autofree char *clear = key_hint(app, "cancel", "clears");
    g_autofree char *hint = g_strdup_printf("%s%s%s", edit, *edit && *clear ? ", " : "", clear);
    int w = MIN(tv_text_width(badge), app->cols);

    tv_draw_fill(y, 0, app->cols, TV_EL_DEFAULT);
    tv_draw_text(y, 0, w, badge, TV_ALIGN_LEFT, TV_EL_WARNING);
    if (app->cols - w > 2)
        tv_draw_text(y, w + 1, app->cols - w - 1, hint, TV_ALIGN_LEFT, TV_EL_LABEL);
}

int
tv_list_draw_top(const tv_app *app, tv_list *l, tv_column *cols, int y, const char *prefix)
{
    tv_list_layout(l, cols, app->cols);
    if (l->filter || prefix)
        draw_filter(app, l, y++, prefix);
    draw_header(l, y, cols, app->cols);
    return y + 1;
}

void
tv_list_draw_cells(const tv_app *app, int y, const tv_column *cols, size_t n,
                   const char *const *cells, bool cursor)
{
    attr_t attr = tv_theme_attr(cursor ? TV_EL_CURSOR : TV_EL_DEFAULT);
    tv_draw_fill_attr(y, 0, app->cols, attr);
    for (size_t c = 0; c < n; c++) {
        if (cols[c].shown)
            tv_draw_text_attr(y, cols[c].x, cols[c].width, cells[c],
                              cols[c].right ? TV_ALIGN_RIGHT : TV_ALIGN_LEFT, attr);
    }
}

/* Index of a column among the sortable ones (the dialog's rows), or -1. */
static int
sortable_index(const tv_list *l, int col)
{
    int i = 0;
    for (int c = 0; c < (int)l->cls->n_columns; c++) {
        if (!l->cls->columns[c].sort_name)
            continue;
        if (c == col)
            return i;
        i++;
    }
    return -1;
}

/* The column of the dialog's row i. */
static int
sortable_column(const tv_list *l, int i)
{
    for (int c = 0; c < (int)l->cls->n_columns; c++) {
        if (l->cls->columns[c].sort_name && i-- == 0)
            return c;
    }
    return -1;
}

static int
sortable_count(const tv_list *l)
{
    int n = 0;
    for (size_t c = 0; c < l->cls->n_columns; c++)
        n += l->cls->columns[c].sort_name != NULL;
    return n;
}

void
tv_list_sort_dialog_open(tv_app *app, tv_list *l)
{
    int n = sortable_count(l);
    app->dialog = TV_DIALOG_SORT;
    app->dialog_tbl = (tv_table){ .cursor = MAX(sortable_index(l, l->sort_col), 0) };
    tv_table_fit(&app->dialog_tbl, n, n);
    app->dirty = true;
}

void
tv_list_sort_dialog_draw(tv_app *app, const tv_list *l)
{
    int n = sortable_count(l);
    int h = MIN(n, app->rows - 4) + 2, w = 30;
    int y = MAX((app->rows - h) / 2, 1), x = MAX((app->cols - w) / 2, 0);

    /* A short terminal shows part of the list, scrolled to the cursor. */
    tv_table_fit(&app->dialog_tbl, n, h - 2);
    tv_draw_box(y, x, h, w, "Sort by", TV_EL_DIALOG);
    for (int i = 0; i < h - 2; i++) {
        int row = app->dialog_tbl.top + i;
        int col = sortable_column(l, row);
        g_autofree char *t = NULL;
        if (col < 0)
            break;
        t = g_strdup_printf("%s%s", l->cls->columns[col].sort_name,
                            col != l->sort_col ? "" : l->sort_desc ? "  (desc)" : "  (asc)");
        tv_draw_text(y + 1 + i, x + 2, w - 4, t, TV_ALIGN_LEFT,
                     row == app->dialog_tbl.cursor ? TV_EL_CURSOR : TV_EL_DIALOG);
    }
}

void
tv_list_sort_dialog_key(tv_app *app, tv_list *l, int c)
{
    if (c == KEY_UP || c == 'k') {
        tv_table_move(&app->dialog_tbl, TV_MOVE_UP);
    } else if (c == KEY_DOWN || c == 'j') {
        tv_table_move(&app->dialog_tbl, TV_MOVE_DOWN);
    } else if (c == KEY_HOME || c == 'g') {
        tv_table_move(&app->dialog_tbl, TV_MOVE_TOP);
    } else if (c == KEY_END || c == 'G') {
        tv_table_move(&app->dialog_tbl, TV_MOVE_BOTTOM);
    } else if (c == '\n' || c == '\r' || c == KEY_ENTER) {
        int col = sortable_column(l, app->dialog_tbl.cursor);
        app->dialog = TV_DIALOG_NONE;
        if (col >= 0)
            sort_and_say(app, l, col);
    } else if (c == 27 || c == 'q') {
        app->dialog = TV_DIALOG_NONE;
    }
    app->dirty = true;
}
