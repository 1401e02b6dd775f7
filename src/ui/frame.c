/*
 * The frame around the current view: the title bar with the screens and
 * the totals, the status lines, the key hints (only what can run here),
 * the host pick-list and the dialogs, and below the minimum size a request
 * to enlarge the terminal.  Drawing only: app.c's loop decides when.
 */
#include "config.h"

#include <string.h>
#include <curses.h>

#include "model/job.h"
#include "ui/app.h"
#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/editor.h"
#include "ui/form.h"
#include "ui/layout.h"
#include "ui/views.h"

#define TV_MIN_COLS 50
#define TV_MIN_ROWS 12

static void
draw_title(tv_app *app)
{
    static const struct {
        tv_view_id id;
        const char *label;
    } tabs[] = { { TV_VIEW_HOSTS, "1 Hosts" }, { TV_VIEW_DOMAINS, "2 Domains" },
                 { TV_VIEW_STORAGE, "3 Storage" }, { TV_VIEW_NETWORKS, "4 Networks" },
                 { TV_VIEW_MIGRATIONS, "5 Migrations" } };
    tv_view_id active = app->view;
    unsigned n_dom = 0, n_run = 0, n_up = 0;
    char summary[96];
    int x;

    if (active == TV_VIEW_HELP)
        active = app->help_for;
    if (active == TV_VIEW_DETAILS)
        active = TV_VIEW_DOMAINS;
    if (active == TV_VIEW_VOLUMES)
        active = TV_VIEW_STORAGE;
    tv_draw_fill(0, 0, app->cols, TV_EL_TITLE);
    tv_draw_text(0, 1, 6, "tvirt", TV_ALIGN_LEFT, TV_EL_TITLE);
    x = 8;
    for (size_t i = 0; i < G_N_ELEMENTS(tabs); i++) {
        int w = (int)strlen(tabs[i].label) + 2;
        if (x + w > app->cols)
            break;
        g_autofree char *t = g_strdup_printf(" %s ", tabs[i].label);
        tv_draw_text(0, x, w, t, TV_ALIGN_LEFT,
                     tabs[i].id == active ? TV_EL_TAB_ACTIVE : TV_EL_TAB);
        x += w + 1;
    }
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        unsigned r, p, off;
        if (s->state != TV_HOST_CONNECTED)
            continue;
        n_up++;
        tv_host_snapshot_count(s, &r, &p, &off);
        n_run += r;
        n_dom += (unsigned)s->n_domains;
    }
    /* Read-only mode changes what every key does: say so where the eye goes first. */
    if (app->readonly && x + 11 <= app->cols) {
        tv_draw_text(0, x, 11, " READ-ONLY ", TV_ALIGN_LEFT, TV_EL_WARNING);
        x += 12;
    }
    g_snprintf(summary, sizeof(summary), "%u/%u hosts  %u VMs  %u running ", n_up,
               app->snaps->len, n_dom, n_run);
    {
        int w = tv_text_width(summary);
        if (app->cols - w > x)
            tv_draw_text(0, app->cols - w, w, summary, TV_ALIGN_RIGHT, TV_EL_TITLE);
    }
}

/* One "key label" hint; returns the next x, or -1 when it did not fit. */
static int
draw_hint(tv_app *app, int x, const char *command, const char *label, bool enabled)
{
    int key = tv_keymap_key_for(app->keymap, command);
    const char *kname;
    int kw, lw;
    if (key < 0)
        return x;
    kname = tv_key_name(key);
    kw = tv_text_width(kname);
    lw = tv_text_width(label);
    if (x + kw + lw + 2 > app->cols)
        return -1;
    tv_draw_text(app->rows - 1, x, kw, kname, TV_ALIGN_LEFT,
                 enabled ? TV_EL_KEY : TV_EL_DISABLED);
    tv_draw_text(app->rows - 1, x + kw + 1, lw, label, TV_ALIGN_LEFT,
                 enabled ? TV_EL_KEY_LABEL : TV_EL_DISABLED);
    return x + kw + lw + 3;
}

static void
draw_hints(tv_app *app)
{
    const tv_view *v = tv_app_view(app->view);
    int x = 0;
    tv_draw_fill(app->rows - 1, 0, app->cols, TV_EL_KEY_LABEL);
    /* Help and quit first: on a narrow terminal they must not be what falls off. */
    x = draw_hint(app, x, "help", tv_ui_command_get(TV_CMD_HELP)->label, true);
    if (app->view != TV_VIEW_HELP)
        x = draw_hint(app, x, "quit", tv_ui_command_get(TV_CMD_QUIT)->label, true);
    if (app->view == TV_VIEW_DOMAINS || app->view == TV_VIEW_DETAILS) {
        const tv_host_snapshot *snap = NULL;
        const tv_domain *d = tv_app_current_domain(app, &snap);
        size_t n;
        const tv_action *const *actions = tv_action_table(&n);
        /* Only what can run now: the help (?) lists the rest with the reason. */
        for (size_t i = 0; i < n && x >= 0; i++) {
            if (actions[i]->target == TV_TARGET_DOMAIN && d &&
                tv_action_can_run(actions[i], snap, d, NULL))
                x = draw_hint(app, x, actions[i]->name, actions[i]->label, true);
        }
    }
    for (size_t i = 0; v->hints && v->hints[i] && x >= 0; i++) {
        tv_cmd cmd = tv_ui_command_find(v->hints[i]);
        if (cmd != TV_CMD_LAST && cmd != TV_CMD_HELP && cmd != TV_CMD_QUIT)
            x = draw_hint(app, x, v->hints[i], tv_ui_command_get(cmd)->label, true);
    }
}

/* The views draw before the status line, so the prompt's text is here for their highlighting. */
const char *
tv_app_typed_search(const tv_app *app)
{
    return app->edit_mode == TV_EDIT_SEARCH && app->edit.text ? app->edit.text->str : NULL;
}

static void
draw_status(tv_app *app)
{
    int n = tv_app_status_lines(app);
    int y = app->rows - 1 - n;
    if (app->edit_mode != TV_EDIT_OFF) {
        const char *prompt = app->edit_mode == TV_EDIT_COMMAND ? ":" : "/";
        int col;
        if (app->edit_hint && y > 1) {
            /* Completion matches, over the last line of the screen's body. */
            tv_draw_fill(y - 1, 0, app->cols, TV_EL_STATUS);
            tv_draw_text(y - 1, 0, app->cols, app->edit_hint, TV_ALIGN_LEFT, TV_EL_STATUS);
        }
        tv_draw_fill(y, 0, app->cols, TV_EL_STATUS);
        tv_draw_text(y, 0, 1, prompt, TV_ALIGN_LEFT, TV_EL_STATUS);
        tv_draw_text(y, 1, app->cols - 1, app->edit.text->str, TV_ALIGN_LEFT, TV_EL_STATUS);
        col = 1 + tv_lineedit_cursor_col(&app->edit);
        move(y, MIN(col, app->cols - 1));
        return;
    }
    if (n == 1) {
        tv_draw_text(y, 0, app->cols, app->status ? app->status : "", TV_ALIGN_LEFT,
                     app->status_error ? TV_EL_STATUS_ERROR : TV_EL_STATUS);
        return;
    }
    {
        g_autoptr(GPtrArray) lines = tv_text_wrap(app->status, app->cols);
        for (int i = 0; i < n; i++)
            tv_draw_text(y + i, 0, app->cols, lines->pdata[i], TV_ALIGN_LEFT,
                         app->status_error ? TV_EL_STATUS_ERROR : TV_EL_STATUS);
    }
}


void
tv_app_draw_frame(tv_app *app)
{
    const tv_view *v = tv_app_view(app->view);
    erase();
    if (app->cols < TV_MIN_COLS || app->rows < TV_MIN_ROWS) {
        g_autofree char *msg = g_strdup_printf("enlarge the terminal (%dx%d, need %dx%d)",
                                               app->cols, app->rows, TV_MIN_COLS, TV_MIN_ROWS);
        int w = MIN(tv_text_width(msg), app->cols);
        tv_draw_text(app->rows / 2, MAX((app->cols - w) / 2, 0), w, msg, TV_ALIGN_LEFT,
                     TV_EL_WARNING);
        curs_set(0);
        return;
    }
    if (app->view == TV_VIEW_CONSOLE) {
        v->draw(app, 0, app->rows); /* full screen; places and shows the guest's cursor */
        return;
    }
    draw_title(app);
    v->draw(app, 1, app->rows - 2 - tv_app_status_lines(app));
    draw_status(app);
    draw_hints(app);
    if (app->edit_mode == TV_EDIT_OFF)
        curs_set(0);
    else
        curs_set(1);
    if (app->form)
        tv_app_form_draw(app); /* leaves the cursor in the field being typed */
    if (app->dialog != TV_DIALOG_NONE)
        tv_app_dialog_draw(app);
    tv_app_editor_draw(app);
    if (app->edit_mode != TV_EDIT_OFF)
        draw_status(app); /* leaves the cursor in the line editor */
}

