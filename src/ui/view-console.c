/*
 * The serial console screen: the guest's output drawn from a line terminal
 * (ui/term.c) fed by the console session (model/console.c), and every key
 * sent to the guest except Ctrl+], which returns to where the user was.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "model/console.h"
#include "ui/draw.h"
#include "ui/views.h"

#define TV_KEY_CONSOLE_EXIT 0x1d /* Ctrl+], as in virsh console */

void
tv_app_open_console(tv_app *app, const tv_host_snapshot *snap, const tv_domain *d)
{
    tv_host *host = tv_app_host(app, snap->host_id);
    if (!host)
        return;
    if (app->console) {
        tv_console_close(app->console);
        tv_console_unref(app->console);
    }
    tv_term_clear(&app->term);
    tv_term_init(&app->term);
    app->console = tv_console_open(host, d->uuid_str, false);
    g_free(app->console_title);
    app->console_title = g_strdup_printf("Console of %s on %s", d->name,
                                         tv_labels_get(app->labels, snap));
    tv_app_show(app, TV_VIEW_CONSOLE, true);
}

static void
end_console(tv_app *app, const char *why)
{
    g_autofree char *title = g_strdup(app->console_title);
    tv_console_close(app->console);
    tv_console_unref(app->console);
    app->console = NULL;
    tv_term_clear(&app->term);
    if (app->view == TV_VIEW_CONSOLE)
        tv_app_back(app);
    app->clear_next = true; /* the guest may have left anything on the screen */
    if (why)
        tv_app_status(app, true, "%s ended: %s", title, why);
    else
        tv_app_status(app, false, "%s closed", title);
}

bool
tv_app_pump_console(tv_app *app)
{
    char buf[8192];
    size_t n;
    const char *reason = NULL;
    tv_console_state st;

    if (!app->console)
        return false;
    while ((n = tv_console_read(app->console, buf, sizeof(buf))) > 0) {
        tv_term_feed(&app->term, buf, n);
        app->dirty = true;
    }
    st = tv_console_get_state(app->console, &reason);
    if (st == TV_CONSOLE_CLOSED) {
        g_autofree char *why = g_strdup(reason ? reason : "closed");
        end_console(app, why);
        return false;
    }
    return true;
}

/* Bytes a key sends to a serial console, as a terminal would. */
static const char *
key_sequence(int ch)
{
    switch (ch) {
    case KEY_UP: return "\033[A";
    case KEY_DOWN: return "\033[B";
    case KEY_RIGHT: return "\033[C";
    case KEY_LEFT: return "\033[D";
    case KEY_HOME: return "\033[H";
    case KEY_END: return "\033[F";
    case KEY_DC: return "\033[3~";
    case KEY_PPAGE: return "\033[5~";
    case KEY_NPAGE: return "\033[6~";
    case KEY_BACKSPACE: return "\177";
    case KEY_ENTER: return "\r";
    default: return NULL;
    }
}

void
tv_app_console_key(tv_app *app, int ch, bool is_char)
{
    if (!app->console)
        return;
    if (is_char && ch == TV_KEY_CONSOLE_EXIT) {
        end_console(app, NULL);
        return;
    }
    if (is_char) {
        char utf8[8];
        int len;
        if (ch == '\n')
            ch = '\r'; /* a terminal's Enter */
        len = g_unichar_to_utf8((gunichar)ch, utf8);
        tv_console_write(app->console, utf8, (size_t)len);
    } else {
        const char *seq = key_sequence(ch);
        if (seq)
            tv_console_write(app->console, seq, strlen(seq));
    }
}

static void
console_draw(tv_app *app, int y, int height)
{
    const char *reason = NULL;
    tv_console_state st = app->console ? tv_console_get_state(app->console, &reason)
                                       : TV_CONSOLE_CLOSED;
    g_autofree char *title = g_strdup_printf("%s%s  (Ctrl+] returns)",
                                             app->console_title ? app->console_title : "Console",
                                             st == TV_CONSOLE_OPENING ? ": connecting..." : "");
    tv_draw_text(y, 0, app->cols, title, TV_ALIGN_LEFT, TV_EL_HEADER);
    /* The newest lines at the bottom, like a terminal. */
    for (int i = 0; i < height - 1; i++) {
        const char *line = tv_term_line_from_end(&app->term, (size_t)i);
        int row = y + height - 1 - i;
        if (!line)
            break;
        tv_draw_text(row, 0, app->cols, line, TV_ALIGN_LEFT, TV_EL_DEFAULT);
    }
    {
        const char *last = tv_term_line_from_end(&app->term, 0);
        g_autofree char *head = last ? g_strndup(last, app->term.col) : NULL;
        int col = head ? tv_text_width(head) : 0;
        move(y + height - 1, MIN(col, app->cols - 1));
    }
}

const tv_view tv_view_console = {
    .title = "Console",
    .draw = console_draw,
};
