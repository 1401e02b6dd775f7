/*
 * Line editing on a GString of UTF-8 text.  Editing keys follow readline's
 * defaults, the ones ssh users' fingers already know.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ui/lineedit.h"
#include "ui/text.h"

void
tv_lineedit_init(tv_lineedit *e, const char *initial)
{
    e->text = g_string_new(initial ? initial : "");
    e->cursor = e->text->len;
}

void
tv_lineedit_clear(tv_lineedit *e)
{
    if (e->text)
        g_string_free(e->text, TRUE);
    e->text = NULL;
    e->cursor = 0;
}

static size_t
prev_boundary(const tv_lineedit *e, size_t at)
{
    if (at == 0)
        return 0;
    return (size_t)(g_utf8_find_prev_char(e->text->str, e->text->str + at) - e->text->str);
}

static size_t
next_boundary(const tv_lineedit *e, size_t at)
{
    if (at >= e->text->len)
        return e->text->len;
    {
        const char *end = e->text->str + e->text->len;
        const char *next = g_utf8_find_next_char(e->text->str + at, end);
        return next ? (size_t)(next - e->text->str) : e->text->len;
    }
}

tv_edit_result
tv_lineedit_key(tv_lineedit *e, int ch, bool is_char)
{
    size_t at;

    if (is_char) {
        switch (ch) {
        case '\n':
        case '\r':
            return TV_EDIT_ACCEPT;
        case 27:
        case 7: /* C-g */
            return TV_EDIT_CANCEL;
        case 8:
        case 127:
            if (e->cursor == 0)
                return TV_EDIT_CHANGED;
            at = prev_boundary(e, e->cursor);
            g_string_erase(e->text, (gssize)at, (gssize)(e->cursor - at));
            e->cursor = at;
            return TV_EDIT_CHANGED;
        case 1: /* C-a */
            e->cursor = 0;
            return TV_EDIT_CHANGED;
        case 5: /* C-e */
            e->cursor = e->text->len;
            return TV_EDIT_CHANGED;
        case 11: /* C-k */
            g_string_truncate(e->text, e->cursor);
            return TV_EDIT_CHANGED;
        case 21: /* C-u */
            g_string_erase(e->text, 0, (gssize)e->cursor);
            e->cursor = 0;
            return TV_EDIT_CHANGED;
        case 23: /* C-w: back over spaces, then over the word */
            at = e->cursor;
            while (at > 0 && e->text->str[at - 1] == ' ')
                at--;
            while (at > 0 && e->text->str[at - 1] != ' ')
                at--;
            g_string_erase(e->text, (gssize)at, (gssize)(e->cursor - at));
            e->cursor = at;
            return TV_EDIT_CHANGED;
        default:
            if (ch < 0x20 || ch == 0x7f)
                return TV_EDIT_NONE;
            {
                char buf[8];
                int len = g_unichar_to_utf8((gunichar)ch, buf);
                g_string_insert_len(e->text, (gssize)e->cursor, buf, len);
                e->cursor += (size_t)len;
            }
            return TV_EDIT_CHANGED;
        }
    }
    switch (ch) {
    case KEY_ENTER:
        return TV_EDIT_ACCEPT;
    case KEY_BACKSPACE:
        return tv_lineedit_key(e, 127, true);
    case KEY_DC:
        if (e->cursor < e->text->len) {
            at = next_boundary(e, e->cursor);
            g_string_erase(e->text, (gssize)e->cursor, (gssize)(at - e->cursor));
        }
        return TV_EDIT_CHANGED;
    case KEY_LEFT:
        e->cursor = prev_boundary(e, e->cursor);
        return TV_EDIT_CHANGED;
    case KEY_RIGHT:
        e->cursor = next_boundary(e, e->cursor);
        return TV_EDIT_CHANGED;
    case KEY_HOME:
        e->cursor = 0;
        return TV_EDIT_CHANGED;
    case KEY_END:
        e->cursor = e->text->len;
        return TV_EDIT_CHANGED;
    default:
        return TV_EDIT_NONE;
    }
}

int
tv_lineedit_cursor_col(const tv_lineedit *e)
{
    g_autofree char *head = g_strndup(e->text->str, e->cursor);
    return tv_text_width(head);
}
