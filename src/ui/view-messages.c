/*
 * Messages (key !): the last few hundred results, errors and warnings with
 * their time and host, newest at the bottom, each wrapped whole: the
 * status line shows one message and this keeps them all.  It opens at the
 * newest entry and scrolls like a pager.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/views.h"

typedef struct msg_line {
    char *text;
    tv_el el;
    bool first;  /* the line that carries the time and host */
    guint entry; /* index of its entry in the log */
} msg_line;

static void
msg_line_free(gpointer p)
{
    msg_line *l = p;
    g_free(l->text);
    g_free(l);
}

/* Every entry wrapped to the text column's width. */
static GPtrArray *
message_lines(const tv_app *app, int text_w)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(msg_line_free);
    for (guint i = 0; i < tv_msglog_len(&app->msglog); i++) {
        const tv_msglog_entry *e = tv_msglog_get(&app->msglog, i);
        g_autoptr(GPtrArray) wrapped = tv_text_wrap(e->text, MAX(text_w, 10));
        for (guint k = 0; k < wrapped->len; k++) {
            msg_line *l = g_new0(msg_line, 1);
            l->text = g_strdup(wrapped->pdata[k]);
            l->el = e->error ? TV_EL_ERROR : TV_EL_DEFAULT;
            l->first = k == 0;
            l->entry = i;
            g_ptr_array_add(lines, l);
        }
    }
    return lines;
}

static void
messages_draw(tv_app *app, int y, int height)
{
    const int time_w = 8, host_w = MIN(16, app->cols / 6);
    int text_x = time_w + host_w + 3, text_w = app->cols - text_x;
    g_autoptr(GPtrArray) lines = message_lines(app, text_w);
    int body = MAX(height - 1, 1);
    tv_table *t = &app->msg_tbl;

    tv_draw_fill(y, 0, app->cols, TV_EL_HEADER);
    tv_draw_text(y, 0, time_w, "TIME", TV_ALIGN_LEFT, TV_EL_HEADER);
    tv_draw_text(y, time_w + 1, host_w, "HOST", TV_ALIGN_LEFT, TV_EL_HEADER);
    tv_draw_text(y, text_x, text_w, "MESSAGE", TV_ALIGN_LEFT, TV_EL_HEADER);
    if (lines->len == 0) {
        tv_draw_text(y + 1, 1, app->cols - 2, "No messages yet.", TV_ALIGN_LEFT, TV_EL_DISABLED);
        return;
    }
    t->count = (int)lines->len;
    t->page = body;
    if (app->msg_seen != app->msglog.added) {
        t->top = t->count; /* news: show the newest */
        app->msg_seen = app->msglog.added;
    }
    t->top = CLAMP(t->top, 0, MAX(t->count - t->page, 0));
    for (int i = 0; i < body && t->top + i < (int)lines->len; i++) {
        const msg_line *l = lines->pdata[t->top + i];
        int row = y + 1 + i;
        if (l->first) {
            const tv_msglog_entry *e = tv_msglog_get(&app->msglog, l->entry);
            g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(e->time_us / 1000000);
            g_autofree char *hms = when ? g_date_time_format(when, "%H:%M:%S") : g_strdup("");
            tv_draw_text(row, 0, time_w, hms, TV_ALIGN_LEFT, TV_EL_LABEL);
            tv_draw_text(row, time_w + 1, host_w, e->host ? e->host : "", TV_ALIGN_LEFT,
                         TV_EL_LABEL);
        }
        tv_draw_text(row, text_x, text_w, l->text, TV_ALIGN_LEFT, l->el);
    }
}

static bool
messages_command(tv_app *app, tv_cmd cmd)
{
    if (tv_app_move(&app->msg_tbl, cmd, true))
        return true;
    if (cmd == TV_CMD_SCREEN_MESSAGES || cmd == TV_CMD_BACK) {
        tv_app_back(app);
        return true;
    }
    return false;
}

static const char *const messages_hints[] = { "back", NULL };

const tv_view tv_view_messages = {
    .title = "Messages",
    .draw = messages_draw,
    .command = messages_command,
    .hints = messages_hints,
};
