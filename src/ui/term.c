/*
 * Console output into lines.  Columns are byte offsets: overwriting after a
 * carriage return is exact for ASCII, which is what consoles redraw.
 */
#include "config.h"

#include "ui/term.h"

enum { ESC_NONE, ESC_SEEN, ESC_CSI };

void
tv_term_init(tv_term *t)
{
    t->lines = g_ptr_array_new();
    g_ptr_array_add(t->lines, g_string_new(NULL));
    t->col = 0;
    t->esc = ESC_NONE;
}

void
tv_term_clear(tv_term *t)
{
    if (!t->lines)
        return;
    for (guint i = 0; i < t->lines->len; i++)
        g_string_free(t->lines->pdata[i], TRUE);
    g_ptr_array_unref(t->lines);
    t->lines = NULL;
}

static GString *
current(tv_term *t)
{
    return t->lines->pdata[t->lines->len - 1];
}

static void
new_line(tv_term *t)
{
    g_ptr_array_add(t->lines, g_string_new(NULL));
    t->col = 0;
    if (t->lines->len > TV_TERM_MAX_LINES) {
        g_string_free(t->lines->pdata[0], TRUE);
        g_ptr_array_remove_index(t->lines, 0);
    }
}

static void
put(tv_term *t, char c)
{
    GString *l = current(t);
    if (t->col < l->len)
        l->str[t->col] = c;
    else
        g_string_append_c(l, c);
    t->col++;
}

void
tv_term_feed(tv_term *t, const char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (t->esc == ESC_SEEN) {
            t->esc = c == '[' ? ESC_CSI : ESC_NONE;
            continue;
        }
        if (t->esc == ESC_CSI) {
            if (c >= 0x40 && c <= 0x7e) { /* final byte */
                if (c == 'K')
                    g_string_truncate(current(t), t->col);
                t->esc = ESC_NONE;
            }
            continue;
        }
        switch (c) {
        case 27:
            t->esc = ESC_SEEN;
            break;
        case '\n':
            new_line(t);
            break;
        case '\r':
            t->col = 0;
            break;
        case '\b':
            if (t->col > 0)
                t->col--;
            break;
        case '\t':
            do
                put(t, ' ');
            while (t->col % 8);
            break;
        case 7: /* bell */
            break;
        default:
            if (c >= 0x20 || c >= 0x80)
                put(t, (char)c);
            break;
        }
    }
}

const char *
tv_term_line_from_end(const tv_term *t, size_t i)
{
    if (i >= t->lines->len)
        return NULL;
    return ((GString *)t->lines->pdata[t->lines->len - 1 - i])->str;
}
