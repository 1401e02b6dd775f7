/*
 * The modal dialogs over a screen: a confirmation (with the delete dialog's
 * storage choice and what the worker found for it), the quit question,
 * the host pick-list when a name is on several hosts, and the sort dialog
 * of the screen's list.  Their keys and their drawing; what a choice does
 * is dispatch.c's.
 */
#include "config.h"

#include <curses.h>

#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/views.h"

void
tv_app_dialog_key(tv_app *app, int ch, bool is_char)
{
    int c = is_char ? (int)g_unichar_tolower((gunichar)ch) : ch;
    switch (app->dialog) {
    case TV_DIALOG_CONFIRM:
    case TV_DIALOG_DELETE:
        if (c == 'y' || (c == 's' && app->dialog == TV_DIALOG_DELETE))
            tv_dispatch_confirm(app, c == 's' ? TV_OPT_DELETE_STORAGE : 0);
        else if (c == 'n' || c == 27 || c == 'q')
            tv_dispatch_cancel(app);
        break;
    case TV_DIALOG_PICK_HOST:
        if (c == KEY_UP || c == 'k')
            tv_table_move(&app->dialog_tbl, TV_MOVE_UP);
        else if (c == KEY_DOWN || c == 'j')
            tv_table_move(&app->dialog_tbl, TV_MOVE_DOWN);
        else if (c == '\n' || c == '\r' || c == KEY_ENTER)
            tv_app_pick_host(app, app->dialog_tbl.cursor);
        else if (c == 27 || c == 'q')
            tv_app_pick_host(app, -1);
        break;
    case TV_DIALOG_QUIT:
        if (c == 'y' || c == 'q')
            app->quit = true;
        g_clear_pointer(&app->dialog_text, g_free);
        app->dialog = TV_DIALOG_NONE;
        break;
    case TV_DIALOG_SORT:
        if (tv_app_view_list(app))
            tv_list_sort_dialog_key(app, tv_app_view_list(app), c);
        else
            app->dialog = TV_DIALOG_NONE;
        break;
    default:
        break;
    }
    app->dirty = true;
}

/* "'web01' is on 2 hosts. Which one?" and the hosts to choose from. */
static void
draw_pick_host(tv_app *app, int w)
{
    g_autoptr(GPtrArray) lines = tv_text_wrap(app->dialog_text ? app->dialog_text : "", w - 4);
    guint n = app->pick_hosts ? app->pick_hosts->len : 0;
    int h = (int)lines->len + (int)n + 4, y, x;

    y = MAX((app->rows - h) / 2, 1);
    x = MAX((app->cols - w) / 2, 0);
    tv_draw_box(y, x, h, w, "Which host?", TV_EL_DIALOG);
    for (guint i = 0; i < lines->len; i++)
        tv_draw_text(y + 1 + (int)i, x + 2, w - 4, lines->pdata[i], TV_ALIGN_LEFT, TV_EL_DIALOG);
    for (guint i = 0; i < n; i++) {
        g_autofree char *item = g_strdup_printf("  %s", (const char *)app->pick_hosts->pdata[i]);
        tv_draw_text(y + 2 + (int)lines->len + (int)i, x + 2, w - 4, item, TV_ALIGN_LEFT,
                     (int)i == app->dialog_tbl.cursor ? TV_EL_CURSOR : TV_EL_DIALOG);
    }
    tv_draw_text(y + h - 2, x + 2, w - 4, "[Enter] choose   [Esc] cancel", TV_ALIGN_LEFT,
                 TV_EL_DIALOG_TITLE);
}

void
tv_app_dialog_draw(tv_app *app)
{
    g_autoptr(GPtrArray) lines = NULL;
    const char *title = "Confirm";
    const char *choices = "[y] yes   [n] no";
    int w = MIN(app->cols - 4, 70), h, y, x;

    if (app->dialog == TV_DIALOG_SORT) {
        if (tv_app_view_list(app))
            tv_list_sort_dialog_draw(app, tv_app_view_list(app));
        return;
    }
    if (app->dialog == TV_DIALOG_PICK_HOST) {
        draw_pick_host(app, w);
        return;
    }
    if (app->dialog == TV_DIALOG_DELETE)
        choices = "[y] delete, keep storage   [s] delete with storage   [n] cancel";
    if (app->dialog == TV_DIALOG_QUIT)
        title = "Quit";
    lines = tv_text_wrap(app->dialog_text ? app->dialog_text : "Quit tvirt?", w - 4);
    {
        g_autoptr(GPtrArray) choice_lines = tv_text_wrap(choices, w - 4);
        h = (int)lines->len + (int)choice_lines->len + 3;
        y = MAX((app->rows - h) / 2, 1);
        x = MAX((app->cols - w) / 2, 0);
        tv_draw_box(y, x, h, w, title, TV_EL_DIALOG);
        for (guint i = 0; i < lines->len; i++)
            tv_draw_text(y + 1 + (int)i, x + 2, w - 4, lines->pdata[i], TV_ALIGN_LEFT,
                         TV_EL_DIALOG);
        for (guint i = 0; i < choice_lines->len; i++)
            tv_draw_text(y + 2 + (int)lines->len + (int)i, x + 2, w - 4, choice_lines->pdata[i],
                         TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
    }
}
