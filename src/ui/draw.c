/*
 * Drawing primitives.  All text goes through tv_text_fit so nothing spills
 * past its column, whatever the name's characters or the locale.
 */
#include "config.h"

#include "ui/draw.h"

void
tv_draw_text_attr(int y, int x, int width, const char *s, tv_align align, attr_t attr)
{
    g_autoptr(GString) buf = NULL;
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + width > COLS)
        width = COLS - x;
    buf = g_string_sized_new((gsize)width + 8);
    tv_text_fit(buf, s, width, align);
    attrset(attr);
    mvaddstr(y, x, buf->str);
    attrset(A_NORMAL);
}

void
tv_draw_text(int y, int x, int width, const char *s, tv_align align, tv_el el)
{
    tv_draw_text_attr(y, x, width, s, align, tv_theme_attr(el));
}

void
tv_draw_fill_attr(int y, int x, int width, attr_t attr)
{
    tv_draw_text_attr(y, x, width, "", TV_ALIGN_LEFT, attr);
}

void
tv_draw_fill(int y, int x, int width, tv_el el)
{
    tv_draw_fill_attr(y, x, width, tv_theme_attr(el));
}

void
tv_draw_box(int y, int x, int h, int w, const char *title, tv_el el)
{
    attr_t attr = tv_theme_attr(el);
    if (h < 2 || w < 2)
        return;
    for (int row = y + 1; row < y + h - 1; row++)
        tv_draw_fill_attr(row, x + 1, w - 2, attr);
    attrset(attr);
    mvaddch(y, x, ACS_ULCORNER);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
    if (title && *title) {
        g_autofree char *t = g_strdup_printf(" %s ", title);
        int tw = MIN(tv_text_width(t), w - 4);
        tv_draw_text(y, x + 2, tw, t, TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
    }
}

void
tv_draw_sparkline(int y, int x, int width, const float *v, size_t n, float max, attr_t attr)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    if (width <= 0)
        return;
    if (max <= 0) {
        for (size_t i = 0; i < n; i++)
            max = MAX(max, v[i]);
    }
    tv_text_sparkline(buf, v, n, max, width);
    attrset(attr);
    mvaddstr(y, x, buf->str);
    attrset(A_NORMAL);
}
