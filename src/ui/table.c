/*
 * List cursor maths, shared by every table and scrollable text view.
 */
#include "config.h"

#include <glib.h>

#include "ui/table.h"

void
tv_table_fit(tv_table *t, int count, int page)
{
    t->count = MAX(count, 0);
    t->page = MAX(page, 1);
    t->cursor = CLAMP(t->cursor, 0, MAX(t->count - 1, 0));
    if (t->cursor < t->top)
        t->top = t->cursor;
    if (t->cursor >= t->top + t->page)
        t->top = t->cursor - t->page + 1;
    t->top = CLAMP(t->top, 0, MAX(t->count - t->page, 0));
}

bool
tv_table_move(tv_table *t, tv_move how)
{
    int before = t->cursor;
    switch (how) {
    case TV_MOVE_UP: t->cursor--; break;
    case TV_MOVE_DOWN: t->cursor++; break;
    case TV_MOVE_PAGE_UP: t->cursor -= t->page; break;
    case TV_MOVE_PAGE_DOWN: t->cursor += t->page; break;
    case TV_MOVE_TOP: t->cursor = 0; break;
    case TV_MOVE_BOTTOM: t->cursor = t->count - 1; break;
    }
    tv_table_fit(t, t->count, t->page);
    return t->cursor != before;
}

bool
tv_table_scroll(tv_table *t, tv_move how)
{
    int before = t->top;
    int last = MAX(t->count - t->page, 0);
    switch (how) {
    case TV_MOVE_UP: t->top--; break;
    case TV_MOVE_DOWN: t->top++; break;
    case TV_MOVE_PAGE_UP: t->top -= t->page; break;
    case TV_MOVE_PAGE_DOWN: t->top += t->page; break;
    case TV_MOVE_TOP: t->top = 0; break;
    case TV_MOVE_BOTTOM: t->top = last; break;
    }
    t->top = CLAMP(t->top, 0, last);
    t->cursor = t->top;
    return t->top != before;
}
