/*
 * The form as a modal over the screen: a box with one row per field
 * (label, value, and the field's problem beside it or under it), the
 * focused field's help on the line under the fields (as dialog(1) does),
 * and the keys.  Opening, feeding keys and running what the form holds are
 * the app's glue here too, so app.c only routes keys and draws.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/labels.h"
#include "ui/views.h"

/*
 * A domain's form checks fields against the domain's XML (its disks, its
 * NICs): while the form is open its host reads that domain's details.
 */
static void
want_details(tv_app *app, unsigned host_id, const char *uuid)
{
    tv_host *h = tv_app_host(app, host_id);
    if (h)
        tv_host_set_details(h, uuid);
}

/* The labels and URIs of the connected hosts, for a form's host fields. */
static void
connected_hosts(tv_app *app, tv_form *f)
{
    GPtrArray *labels = g_ptr_array_new(), *uris = g_ptr_array_new();
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (s->state == TV_HOST_CONNECTED) {
            g_ptr_array_add(labels, g_strdup(tv_labels_get(app->labels, s)));
            g_ptr_array_add(uris, g_strdup(s->uri ? s->uri : ""));
        }
    }
    g_ptr_array_add(labels, NULL);
    g_ptr_array_add(uris, NULL);
    g_strfreev(f->hosts);
    g_strfreev(f->host_uris);
    f->hosts = (GStrv)g_ptr_array_free(labels, FALSE);
    f->host_uris = (GStrv)g_ptr_array_free(uris, FALSE);
}

/*
 * A wizard on a host (domain-create) names its host in a field: when the
 * user picks another connected host there, the form goes on on that host.
 */
static void
follow_host_field(tv_app *app, tv_form *f)
{
    const char *want = tv_param_values_find(f->values, "host") &&
                               f->action->target == TV_TARGET_HOST
                           ? tv_param_values_text(f->values, "host")
                           : NULL;
    for (guint i = 0; want && i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (s->host_id != f->host_id && s->state == TV_HOST_CONNECTED &&
            strcmp(tv_labels_get(app->labels, s), want) == 0) {
            f->host_id = s->host_id;
            tv_form_check(f, s);
            app->dirty = true;
            return;
        }
    }
}

void
tv_app_open_form(tv_app *app, const tv_action *a, unsigned host_id, const char *target,
                 GPtrArray *target_keys, tv_param_values *values)
{
    const tv_host_snapshot *snap;
    const tv_domain *d;
    tv_app_close_form(app);
    app->form = tv_form_new(a, host_id, target, target_keys, values,
                            tv_app_snapshot(app, host_id));
    connected_hosts(app, app->form);
    app->form->keymap = app->keymap; /* the review scrolls with the user's moving keys */
    tv_form_check(app->form, tv_app_snapshot(app, host_id));
    follow_host_field(app, app->form); /* host= given on the ':' line */
    if (target_keys && target_keys->len == 1 &&
        tv_app_resolve_key(app, target_keys->pdata[0], &snap, &d))
        want_details(app, host_id, d->uuid_str);
    app->dirty = true;
}

void
tv_app_close_form(tv_app *app)
{
    if (app->form && app->form->target_keys) {
        /* Back to what the screen shows: the Details domain, or none. */
        bool details = app->view == TV_VIEW_DETAILS && app->det_host == app->form->host_id;
        want_details(app, app->form->host_id, details ? app->det_uuid : NULL);
    }
    g_clear_pointer(&app->form, tv_form_free);
    app->dirty = true;
}

void
tv_app_form_snapshots_changed(tv_app *app)
{
    if (app->form) {
        connected_hosts(app, app->form);
        tv_form_host_changed(app->form, tv_app_snapshot(app, app->form->host_id));
    }
}

/* Runs what the form holds on its target; the form closes. */
static void
run_form(tv_app *app)
{
    tv_form *f = app->form;
    tv_param_values *values = g_steal_pointer(&f->values);
    const tv_action *a = f->action;

    GPtrArray *keys = f->target_keys ? g_ptr_array_ref(f->target_keys) : NULL;
    unsigned host_id = f->host_id;
    g_autofree char *target = g_strdup(f->target);

    f->values = tv_param_values_new(a->params, 0);
    tv_app_close_form(app);
    if (a->target == TV_TARGET_DOMAIN)
        tv_dispatch_action(app, a, keys, values);
    else if (a->target == TV_TARGET_HOST)
        tv_dispatch_on(app, a, host_id, tv_param_values_text(values, "name"), values);
    else
        tv_dispatch_on(app, a, host_id, target, values);
}

/*
 * The review of an action with a preview (domain-migrate) asks the host to
 * check the values as they stand, once per set of values.
 */
static void
request_preview(tv_app *app, tv_form *f)
{
    g_autofree char *key = tv_form_preview_key(f);
    const tv_host_snapshot *snap;
    const tv_domain *d;
    tv_param_values *values;

    if (!key || g_strcmp0(key, f->preview_for) == 0 || !f->target_keys ||
        f->target_keys->len != 1 || !tv_app_resolve_key(app, f->target_keys->pdata[0], &snap, &d))
        return;
    g_free(f->preview_for);
    f->preview_for = g_steal_pointer(&key);
    g_clear_pointer(&f->preview, g_free);
    f->preview_request = ++app->next_request;
    values = tv_param_values_copy(f->values);
    tv_dispatch_labels_to_uris(app, values);
    {
        /* Defaults filled in as for a run: the checks read every value. */
        tv_param_ctx ctx = { .snap = snap, .target = d->name, .values = values };
        g_autoptr(GPtrArray) problems = tv_param_values_check(values, &ctx);
    }
    tv_action_preview(tv_app_host(app, snap->host_id), f->action, f->preview_request,
                      tv_labels_get(app->labels, snap), d->uuid_str, d->name, values);
    tv_form_check(f, snap); /* the review says it is checking */
}

bool
tv_app_form_key(tv_app *app, int ch, bool is_char)
{
    tv_form *f = app->form;
    if (!f)
        return false;
    app->dirty = true;
    tv_form_key result = tv_form_key_press(f, tv_app_snapshot(app, f->host_id), ch, is_char);
    follow_host_field(app, f);
    switch (result) {
    case TV_FORM_KEY_SUBMIT:
        run_form(app);
        break;
    case TV_FORM_KEY_CANCEL:
        tv_app_status(app, false, "%s: cancelled, nothing changed", f->action->label);
        tv_app_close_form(app);
        break;
    default:
        request_preview(app, f);
        break;
    }
    return true; /* a form takes every key while it is open */
}

/*
 * The review page: its text wrapped to the box in the pager, and under it
 * the "/" prompt while it is open, else what the last search found.
 * *cursor_y and *cursor_x get where the user types, or -1 with no prompt.
 */
static void
draw_review(tv_form *f, int y, int x, int h, int w, int *cursor_y, int *cursor_x)
{
    tv_pagerview *pv = &f->review_page;
    int search_row = y + h - 3;

    tv_pagerview_begin(pv);
    tv_pagerview_add_wrapped(pv, TV_EL_DIALOG, f->review, w - 4);
    tv_pagerview_draw(pv, y + 1, x + 2, h - 4, w - 4,
                      f->review_searching ? f->review_search.text->str : NULL);
    if (f->review_searching) {
        g_autofree char *prompt = g_strdup_printf("/%s", f->review_search.text->str);
        tv_draw_text(search_row, x + 2, w - 4, prompt, TV_ALIGN_LEFT, TV_EL_DIALOG);
        *cursor_y = search_row;
        *cursor_x = MIN(x + 3 + tv_lineedit_cursor_col(&f->review_search), x + w - 3);
        return;
    }
    *cursor_y = -1;
    if (f->review_says)
        tv_draw_text(search_row, x + 2, w - 4, f->review_says, TV_ALIGN_LEFT,
                     f->review_says_error ? TV_EL_ERROR : TV_EL_DIALOG);
}

/*
 * The pick list under (or over) the focused field: one row per value with
 * its description, the cursor's row highlighted, a count when it scrolls.
 */
static void
draw_pick(tv_app *app, tv_form *f, int field_row, int x, int w)
{
    int n = (int)f->pick->len;
    int rows = MIN(MAX(n, 1), 10);
    int h = rows + 2;
    int y = field_row + 1 + h <= app->rows - 1 ? field_row + 1 : MAX(field_row - h, 0);
    g_autofree char *title = g_strdup_printf("%d match%s", n, n == 1 ? "" : "es");

    if (f->pick_cursor < f->pick_top)
        f->pick_top = f->pick_cursor;
    if (f->pick_cursor >= f->pick_top + rows)
        f->pick_top = f->pick_cursor - rows + 1;
    tv_draw_box(y, x, h, w, title, TV_EL_DIALOG);
    if (n == 0)
        tv_draw_text(y + 1, x + 1, w - 2, "nothing matches: edit the text, or Esc",
                     TV_ALIGN_LEFT, TV_EL_DISABLED);
    for (int r = 0; r < rows && f->pick_top + r < n; r++) {
        const char *item = f->pick->pdata[f->pick_top + r];
        const char *tab = strchr(item, '\t');
        g_autofree char *value = tab ? g_strndup(item, (gsize)(tab - item)) : g_strdup(item);
        g_autofree char *line = g_strdup_printf("%-16s %s", value, tab ? tab + 1 : "");
        bool cursor = f->pick_top + r == f->pick_cursor;
        tv_draw_text(y + 1 + r, x + 1, w - 2, line, TV_ALIGN_LEFT,
                     cursor ? TV_EL_CURSOR : TV_EL_DIALOG);
    }
}

/*
 * Atop the form while its host is not connected: why nothing can run now,
 * and that nothing typed is lost (the form goes on once the host is back).
 */
static char *
host_notice(tv_app *app, const tv_host_snapshot *s)
{
    if (!s || s->state == TV_HOST_CONNECTED)
        return NULL;
    return g_strdup_printf("Host %s is not connected: this runs once it is back; what you gave "
                           "stays.", tv_labels_get(app->labels, s));
}

/* The keys line: what Enter does here and how to leave. */
static const char *
keys_hint(const tv_form *f)
{
    bool wizard = f->n_pages > 1;
    if (f->review_searching)
        return "type the text to find  [Enter] search  [Esc] back to the review";
    if (tv_form_on_review(f) && f->action->preview && !(f->problems && f->problems->len)) {
        /* Enter runs it once the host's checks passed. */
        static char hint[128];
        g_autofree char *key = tv_form_preview_key(f);
        bool answered = f->preview && g_strcmp0(key, f->preview_for) == 0;
        g_snprintf(hint, sizeof(hint), "[Up/Down] scroll  [/] search  [Ctrl+P] back  %s%s  [Esc] cancel",
                   !answered ? "(checking...)" : f->preview_failed ? "(refused: go back)" : "[Enter] ",
                   answered && !f->preview_failed ? f->action->label : "");
        return hint;
    }
    if (tv_form_on_review(f))
        return f->problems && f->problems->len
                   ? "[Up/Down] scroll  [/] search  [Ctrl+P] back  [Enter] fix it  [Esc] cancel"
                   : "[Up/Down] scroll  [/] search  [Ctrl+P] back  [Enter] create  [Esc] cancel";
    if (f->pick)
        return "[Up/Down] choose  [Enter] take it  type to narrow  [Esc] close the list";
    if (wizard)
        return "[Tab] field  [F4] list  [PgDn/PgUp] page  [Ctrl+S] run  [Esc] cancel";
    return f->problems && f->problems->len
               ? "[Tab] next field  [Esc] cancel  (fix the fields in red to run)"
               : "[Tab] next field  [Enter on the last] or [Ctrl+S] run  [Esc] cancel";
}

void
tv_app_form_draw(tv_app *app)
{
    tv_form *f = app->form;
    const tv_host_snapshot *s = f ? tv_app_snapshot(app, f->host_id) : NULL;
    int n = f ? tv_form_field_count(f) : 0;
    int w = MIN(app->cols - 2, 90), label_w = 16, value_w, x, y, h, row;
    const tv_param *focused;
    int cursor_y = -1, cursor_x = 0, focus_row = -1;
    g_autofree char *title = NULL;
    g_autoptr(GPtrArray) help = NULL;
    g_autoptr(GPtrArray) notice = NULL;
    g_autofree char *offline = NULL;
    bool wizard;

    if (!f)
        return;
    wizard = f->n_pages > 1;
    value_w = MAX(w - label_w - 5, 10);
    focused = tv_form_field_param(f, f->focus);
    help = tv_text_wrap(focused ? focused->help : "", w - 4);
    /* Fields, each error on its own line under its field, the help, the keys. */
    notice = tv_text_wrap(f->notice ? f->notice : "", w - 4);
    if (!f->notice)
        g_ptr_array_set_size(notice, 0);
    else if (notice->len > 3)
        g_ptr_array_set_size(notice, 3); /* Messages (!) keeps it whole */
    if ((offline = host_notice(app, s))) {
        g_autoptr(GPtrArray) lines = tv_text_wrap(offline, w - 4);
        for (guint i = lines->len; i > 0; i--)
            g_ptr_array_insert(notice, 0, g_strdup(lines->pdata[i - 1]));
    }
    h = 2 + n + 1 + (int)MIN(help->len, 2) + 2 + (wizard ? 1 : 0) + (int)notice->len;
    for (int i = 0; i < n; i++)
        h += tv_form_field_problem(f, i) != NULL;
    if (tv_form_on_review(f))
        h = app->rows;
    h = MIN(h, app->rows - 2);
    y = MAX((app->rows - h) / 2, 1);
    x = MAX((app->cols - w) / 2, 0);
    title = g_strdup_printf("%s%s%s%s%s", f->action->label, f->target ? ": " : "",
                            f->target ? f->target : "", s ? " on " : "",
                            s ? tv_labels_get(app->labels, s) : "");
    tv_draw_box(y, x, h, w, title, TV_EL_DIALOG);
    row = y + 1;
    if (wizard) {
        int elsewhere = tv_form_problems_elsewhere(f);
        g_autofree char *step = g_strdup_printf(
            "Step %d of %d: %s%s", f->page + 1, f->n_pages, tv_form_page_title(f),
            elsewhere ? (elsewhere == 1 ? "  (1 problem on another page)"
                                        : "  (problems on other pages)")
                      : "");
        tv_draw_text(row++, x + 2, w - 4, step, TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
    }
    for (guint i = 0; i < notice->len; i++)
        tv_draw_text(row++, x + 2, w - 4, notice->pdata[i], TV_ALIGN_LEFT, TV_EL_ERROR);
    if (tv_form_on_review(f)) {
        draw_review(f, row - 1, x, h - (row - 1 - y), w, &cursor_y, &cursor_x);
        tv_draw_text(y + h - 2, x + 2, w - 4, keys_hint(f), TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
        if (cursor_y >= 0) /* on the "/" prompt */
            move(cursor_y, cursor_x);
        curs_set(cursor_y >= 0 ? 1 : 0);
        return;
    }
    /* Rows for fields: scroll so that the focused field and its problem show. */
    int field_rows = y + h - 3 - (int)MIN(help->len, 2) - row;
    int first = 0, used = 0;
    for (int i = f->focus; i >= 0; i--) {
        int need = 1 + (tv_form_field_problem(f, i) != NULL);
        if (used + need > field_rows)
            break;
        used += need;
        first = i;
    }
    for (int i = first; i < n && row < y + h - 3 - (int)MIN(help->len, 2); i++) {
        const tv_param *p = tv_form_field_param(f, i);
        const char *problem = tv_form_field_problem(f, i);
        bool is_default = false;
        const char *text = tv_form_field_text(f, i, &is_default);
        bool focus = i == f->focus;
        g_autofree char *shown = NULL;
        if (focus)
            focus_row = row;

        tv_draw_text(row, x + 2, label_w, p->label, TV_ALIGN_RIGHT,
                     focus ? TV_EL_KEY : TV_EL_LABEL);
        if (p->kind == TV_PARAM_CHOICE || p->kind == TV_PARAM_BOOL)
            shown = g_strdup_printf("< %s >", text);
        else
            shown = g_strdup(text);
        tv_draw_text(row, x + 3 + label_w, value_w, shown, TV_ALIGN_LEFT,
                     focus ? TV_EL_CURSOR : is_default ? TV_EL_DISABLED : TV_EL_DIALOG);
        if (focus && p->kind != TV_PARAM_CHOICE && p->kind != TV_PARAM_BOOL) {
            cursor_y = row;
            cursor_x = MIN(x + 3 + label_w + tv_lineedit_cursor_col(&f->edit), app->cols - 1);
        }
        row++;
        if (problem && row < y + h - 3 - (int)MIN(help->len, 2)) {
            tv_draw_text(row, x + 3 + label_w, value_w, problem, TV_ALIGN_LEFT, TV_EL_ERROR);
            row++;
        }
    }
    row = y + h - 2 - (int)MIN(help->len, 2);
    for (guint i = 0; i < help->len && i < 2; i++)
        tv_draw_text(row++, x + 2, w - 4, help->pdata[i], TV_ALIGN_LEFT, TV_EL_DIALOG);
    tv_draw_text(y + h - 2, x + 2, w - 4, keys_hint(f), TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
    if (f->pick && focus_row >= 0)
        draw_pick(app, f, focus_row, x + 2 + label_w, MIN(value_w + 2, app->cols - x - 2 - label_w));
    /* The terminal's cursor goes where the user types (none on a choice). */
    if (cursor_y >= 0) {
        move(cursor_y, cursor_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
}
