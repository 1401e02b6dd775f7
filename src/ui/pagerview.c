/*
 * The pager widget over pager.c's search and sideways logic: it keeps the
 * lines (text, element, styled columns), the scroll position and the
 * pager state together, so a screen that shows read-only text has one
 * thing to fill, draw and feed keys to.  Everything but tv_pagerview_draw
 * is free of curses drawing and unit-tested in tests/unit/test-pager.c.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/pagerview.h"
#include "ui/text.h"

/* Columns of one line drawn in an element of their own. */
typedef struct tv_pagerview_span {
    int line;
    int col, width;
    tv_el el;
} tv_pagerview_span;

/* ---- the lines ------------------------------------------------------------------ */

void
tv_pagerview_begin(tv_pagerview *pv)
{
    if (!pv->texts) {
        pv->texts = g_ptr_array_new_with_free_func(g_free);
        pv->els = g_array_new(FALSE, FALSE, sizeof(tv_el));
        pv->spans = g_array_new(FALSE, FALSE, sizeof(tv_pagerview_span));
    }
    g_ptr_array_set_size(pv->texts, 0);
    g_array_set_size(pv->els, 0);
    g_array_set_size(pv->spans, 0);
}

void
tv_pagerview_add(tv_pagerview *pv, tv_el el, const char *text)
{
    if (!pv->texts)
        tv_pagerview_begin(pv);
    g_ptr_array_add(pv->texts, g_strdup(text ? text : ""));
    g_array_append_val(pv->els, el);
}

void
tv_pagerview_style(tv_pagerview *pv, int col, int width, tv_el el)
{
    tv_pagerview_span s = { .line = tv_pagerview_count(pv) - 1, .col = col, .width = width,
                            .el = el };
    if (s.line >= 0 && width > 0)
        g_array_append_val(pv->spans, s);
}

void
tv_pagerview_add_wrapped(tv_pagerview *pv, tv_el el, const char *text, int width)
{
    g_auto(GStrv) paragraphs = g_strsplit(text ? text : "", "\n", -1);
    for (size_t i = 0; paragraphs[i]; i++) {
        g_autoptr(GPtrArray) wrapped = tv_text_wrap(paragraphs[i], MAX(width, 1));
        if (wrapped->len == 0)
            tv_pagerview_add(pv, el, "");
        for (guint k = 0; k < wrapped->len; k++)
            tv_pagerview_add(pv, el, wrapped->pdata[k]);
    }
}

int
tv_pagerview_count(const tv_pagerview *pv)
{
    return pv->texts ? (int)pv->texts->len : 0;
}

const char *
tv_pagerview_line(const tv_pagerview *pv, int i)
{
    return pv->texts->pdata[i];
}

/* The lines as pager.c takes them. */
static const char *const *
lines_of(const tv_pagerview *pv)
{
    return pv->texts ? (const char *const *)pv->texts->pdata : NULL;
}

void
tv_pagerview_reset(tv_pagerview *pv)
{
    pv->scroll.top = 0;
    tv_pager_reset(&pv->pager);
}

void
tv_pagerview_clear(tv_pagerview *pv)
{
    g_clear_pointer(&pv->texts, g_ptr_array_unref);
    g_clear_pointer(&pv->els, g_array_unref);
    g_clear_pointer(&pv->spans, g_array_unref);
    tv_pager_clear(&pv->pager);
    pv->scroll = (tv_table){ 0 };
}

/* ---- where the view stands ---------------------------------------------------------- */

/* Rows for text in a rectangle h rows high: the last one goes to the position when needed. */
static int
text_rows(const tv_pagerview *pv, int h)
{
    return tv_pagerview_count(pv) > h && h > 1 ? h - 1 : h;
}

void
tv_pagerview_layout(tv_pagerview *pv, int h, int w)
{
    tv_table *t = &pv->scroll;
    t->count = tv_pagerview_count(pv);
    t->page = MAX(text_rows(pv, h), 1);
    t->top = CLAMP(t->top, 0, MAX(t->count - t->page, 0));
    pv->width = MAX(w, 1);
}

void
tv_pagerview_show_line(tv_pagerview *pv, int line, int h)
{
    int rows = MAX(text_rows(pv, h), 1);
    if (line < 0)
        return;
    if (line < pv->scroll.top)
        pv->scroll.top = line;
    if (line >= pv->scroll.top + rows)
        pv->scroll.top = line - rows + 1;
}

char *
tv_pagerview_position(const tv_pagerview *pv)
{
    const tv_table *t = &pv->scroll;
    if (t->page <= 0 || t->count <= t->page)
        return NULL;
    return g_strdup_printf("%d-%d/%d", t->top + 1, MIN(t->top + t->page, t->count), t->count);
}

/* ---- drawing -------------------------------------------------------------------------- */

static tv_el
seg_el(tv_seg_kind k)
{
    switch (k) {
    case TV_SEG_MATCH: return TV_EL_MATCH;
    case TV_SEG_CURRENT: return TV_EL_CURSOR;
    case TV_SEG_MORE: return TV_EL_LABEL;
    default: return TV_EL_DEFAULT;
    }
}

/* The element of column col of line: a span's, else the line's. */
static tv_el
el_at(const tv_pagerview *pv, int line, int col)
{
    for (guint i = 0; i < pv->spans->len; i++) {
        const tv_pagerview_span *s = &g_array_index(pv->spans, tv_pagerview_span, i);
        if (s->line == line && col >= s->col && col < s->col + s->width)
            return s->el;
    }
    return g_array_index(pv->els, tv_el, line);
}

/* Plain text of a line: drawn in runs of one element each, as its spans say. */
static void
draw_plain(const tv_pagerview *pv, int line, int y, int x, const tv_seg *sg)
{
    const char *s = sg->text;
    int col = sg->col; /* from the left of the page; the line's column is col + left */
    while (*s) {
        tv_el el = el_at(pv, line, col + pv->pager.left);
        const char *start = s;
        int run = 0, w;
        while (*s && el_at(pv, line, col + run + pv->pager.left) == el) {
            s += tv_text_next(s, &w);
            run += w;
        }
        {
            g_autofree char *part = g_strndup(start, (gsize)(s - start));
            tv_draw_text(y, x + col, run, part, TV_ALIGN_LEFT, el);
        }
        col += run;
    }
}

void
tv_pagerview_draw(tv_pagerview *pv, int y, int x, int h, int w, const char *typed)
{
    const char *pattern = typed ? typed : pv->pager.pattern;
    g_autofree char *position = NULL;

    tv_pagerview_layout(pv, h, w);
    if (h <= 0 || w <= 0)
        return;
    for (int i = 0; i < pv->scroll.page && pv->scroll.top + i < pv->scroll.count; i++) {
        int idx = pv->scroll.top + i;
        g_autoptr(GArray) segs = tv_pager_segments(&pv->pager, pattern, idx,
                                                   tv_pagerview_line(pv, idx), w);
        /* The whole row in the line's element: a cursor line shows as a bar. */
        tv_draw_fill(y + i, x, w, g_array_index(pv->els, tv_el, idx));
        for (guint k = 0; k < segs->len; k++) {
            const tv_seg *sg = &g_array_index(segs, tv_seg, k);
            if (sg->kind == TV_SEG_TEXT)
                draw_plain(pv, idx, y + i, x, sg);
            else
                tv_draw_text(y + i, x + sg->col, sg->width, sg->text, TV_ALIGN_LEFT,
                             seg_el(sg->kind));
        }
    }
    position = tv_pagerview_position(pv);
    if (position) {
        g_autofree char *shown = g_strdup_printf(" %s ", position);
        int pw = tv_text_width(shown);
        if (pw <= w)
            tv_draw_text(y + h - 1, x + w - pw, pw, shown, TV_ALIGN_LEFT, pv->position_el);
    }
}

/* ---- keys and search ---------------------------------------------------------------- */

bool
tv_pagerview_command(tv_pagerview *pv, tv_cmd cmd)
{
    tv_move move;
    if (!tv_cmd_move(cmd, &move))
        return false;
    tv_table_scroll(&pv->scroll, move);
    return true;
}

/* Whether key is among a command's default spellings ("Up k"). */
static bool
default_key_of(tv_cmd cmd, int key)
{
    g_auto(GStrv) spellings = g_strsplit(tv_ui_command_get(cmd)->keys, " ", -1);
    for (size_t i = 0; spellings[i]; i++) {
        if (*spellings[i] && tv_key_parse(spellings[i], NULL) == key)
            return true;
    }
    return false;
}

/* The command key stands for: through the keymap, or the table's defaults without one. */
static tv_cmd
command_of_key(const tv_keymap *keymap, int key)
{
    if (keymap) {
        const char *name = tv_keymap_lookup(keymap, key);
        return name ? tv_ui_command_find(name) : TV_CMD_LAST;
    }
    for (int c = TV_CMD_UP; c <= TV_CMD_BOTTOM; c++) {
        if (default_key_of((tv_cmd)c, key))
            return (tv_cmd)c;
    }
    return TV_CMD_LAST;
}

/* Says where the current match is, or that there is none, and brings it into view. */
static char *
report(tv_pagerview *pv, tv_pager_result r, bool forward, bool *error)
{
    tv_pager *p = &pv->pager;
    const char *what = pv->what ? pv->what : "the text";
    int index = 0, count;

    *error = r == TV_PAGER_NOT_FOUND;
    if (r == TV_PAGER_NOT_FOUND) {
        if (p->pattern)
            return g_strdup_printf("Not found in %s: %s", what, p->pattern);
        return g_strdup_printf("No search yet: / searches %s", what);
    }
    count = tv_pager_count(p, lines_of(pv), tv_pagerview_count(pv), &index);
    tv_pager_show_match(p, tv_pagerview_line(pv, p->match_line), &pv->scroll.top,
                        pv->scroll.page, pv->width);
    return g_strdup_printf("/%s: match %d of %d, line %d%s", p->pattern, index, count,
                           p->match_line + 1,
                           r != TV_PAGER_WRAPPED ? ""
                           : forward             ? " (went on from the top)"
                                                 : " (went on from the bottom)");
}

char *
tv_pagerview_search(tv_pagerview *pv, const char *text, bool *error)
{
    tv_pager_result r;
    if (!text || !*text) /* an empty search repeats the last one, as in less */
        r = tv_pager_next(&pv->pager, true, lines_of(pv), tv_pagerview_count(pv),
                          pv->scroll.top);
    else
        r = tv_pager_search(&pv->pager, text, lines_of(pv), tv_pagerview_count(pv),
                            pv->scroll.top);
    return report(pv, r, true, error);
}

bool
tv_pagerview_key(tv_pagerview *pv, const tv_keymap *keymap, int ch, bool is_char, char **say,
                 bool *error)
{
    int widest;

    *say = NULL;
    *error = false;
    if (is_char && (ch == 'n' || ch == 'N')) {
        tv_pager_result r = tv_pager_next(&pv->pager, ch == 'n', lines_of(pv),
                                          tv_pagerview_count(pv), pv->scroll.top);
        *say = report(pv, r, ch == 'n', error);
        return true;
    }
    widest = tv_pager_max_width(lines_of(pv), tv_pagerview_count(pv));
    if ((is_char && ch == 'h') || (!is_char && ch == KEY_LEFT)) {
        tv_pager_side_scroll(&pv->pager, TV_PAGER_LEFT, pv->width, widest);
        return true;
    }
    if ((is_char && ch == 'l') || (!is_char && ch == KEY_RIGHT)) {
        if (!tv_pager_side_scroll(&pv->pager, TV_PAGER_RIGHT, pv->width, widest) &&
            pv->pager.left == 0)
            *say = g_strdup("Every line fits the screen: nothing to the right");
        return true;
    }
    if (!is_char && ch == KEY_HOME && pv->pager.left > 0) {
        /* Back to column 1 first; Home again goes to the top. */
        tv_pager_side_scroll(&pv->pager, TV_PAGER_HOME, pv->width, 0);
        return true;
    }
    if (is_char && ch > 0x7f)
        return false; /* characters share numbers with curses' function-key codes */
    return tv_pagerview_command(pv, command_of_key(keymap, ch == '\r' ? '\n' : ch));
}
