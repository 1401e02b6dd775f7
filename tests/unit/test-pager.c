/*
 * The Details screen's pure helpers: case-insensitive search in UTF-8
 * lines, next/previous with wrap-around, sideways scrolling and cutting a
 * line into the segments a row shows (with edge markers); the pager
 * widget's scrolling, keys, search messages and position; and graph rows
 * (current value, scale, span) in UTF-8 and ASCII, narrow and wide.
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <string.h>

#include "tv-test.h"
#include "ui/graph.h"
#include "ui/pager.h"
#include "ui/pagerview.h"
#include "ui/text.h"

static void
test_find(void **state)
{
    size_t s = 99, e = 99;
    assert_true(tv_text_find("<Memory unit='KiB'>", "memory", 0, &s, &e));
    assert_int_equal(s, 1);
    assert_int_equal(e, 7);
    /* Non-ASCII: any case, the byte offsets of the text itself. */
    assert_true(tv_text_find("/var/log/ñandú-console.log", "ÑANDÚ-CON", 0, &s, &e));
    assert_int_equal(s, 9);
    assert_int_equal(e, 9 + strlen("ñandú-con"));
    assert_true(tv_text_find("ÉCOLE école", "ÉCOLE", 1 + strlen("ÉCOLE"), &s, &e));
    assert_int_equal(s, strlen("ÉCOLE "));
    assert_false(tv_text_find("abc", "abcd", 0, &s, &e));
    assert_false(tv_text_find("abc", "", 0, &s, &e));
    assert_false(tv_text_find("abc", "b", 2, &s, &e));
    /* Invalid UTF-8 matches only itself and never stops the search. */
    assert_true(tv_text_find("a\xff" "bc", "BC", 0, &s, &e));
    assert_int_equal(s, 2);
    assert_true(tv_text_find_before("ab ab ab", "AB", 6, &s, &e));
    assert_int_equal(s, 3);
    assert_false(tv_text_find_before("ab ab ab", "AB", 0, &s, &e));
}

static void
test_col(void **state)
{
    tv_text_set_utf8(true);
    assert_int_equal(tv_text_col("ñandú x", strlen("ñandú ")), 6);
    assert_int_equal(tv_text_col("日本x", strlen("日本")), 4);
    tv_text_set_utf8(false); /* ASCII mode draws each character as one '?' */
    assert_int_equal(tv_text_col("ñx", strlen("ñ")), 1);
    tv_text_set_utf8(true);
}

static const char *const doc[] = {
    "<domain type='kvm'>",              /* 0 */
    "  <name>web01</name>",             /* 1 */
    "  <memory unit='KiB'>1024</memory>", /* 2 */
    "  <devices>",                      /* 3 */
    "    <disk/> <disk/>",              /* 4 */
    "  </devices>",                     /* 5 */
    "</domain>",                        /* 6 */
};
#define NDOC ((int)G_N_ELEMENTS(doc))

static void
test_search_and_next(void **state)
{
    tv_pager p = { 0 };
    int index;

    /* From the top line, inclusive; the first match below it. */
    assert_int_equal(tv_pager_search(&p, "MEMORY", doc, NDOC, 0), TV_PAGER_FOUND);
    assert_int_equal(p.match_line, 2);
    assert_int_equal(p.match_start, 3);
    assert_int_equal(tv_pager_count(&p, doc, NDOC, &index), 2);
    assert_int_equal(index, 1);
    assert_int_equal(tv_pager_next(&p, true, doc, NDOC, 0), TV_PAGER_FOUND);
    assert_int_equal(p.match_line, 2);
    assert_int_equal(p.match_start, strlen("  <memory unit='KiB'>1024</"));
    assert_int_equal(tv_pager_count(&p, doc, NDOC, &index), 2);
    assert_int_equal(index, 2);
    /* Past the last one: round to the first, and say so. */
    assert_int_equal(tv_pager_next(&p, true, doc, NDOC, 0), TV_PAGER_WRAPPED);
    assert_int_equal(p.match_start, 3);
    assert_int_equal(tv_pager_next(&p, false, doc, NDOC, 0), TV_PAGER_WRAPPED);
    assert_int_equal(p.match_start, strlen("  <memory unit='KiB'>1024</"));
    assert_int_equal(tv_pager_next(&p, false, doc, NDOC, 0), TV_PAGER_FOUND);
    assert_int_equal(p.match_start, 3);

    /* Two on one line, stepped through one by one. */
    assert_int_equal(tv_pager_search(&p, "<disk", doc, NDOC, 3), TV_PAGER_FOUND);
    assert_int_equal(p.match_line, 4);
    assert_int_equal(p.match_start, 4);
    assert_int_equal(tv_pager_next(&p, true, doc, NDOC, 3), TV_PAGER_FOUND);
    assert_int_equal(p.match_start, 12);

    /* A search from below the only match goes round the end. */
    assert_int_equal(tv_pager_search(&p, "web01", doc, NDOC, 5), TV_PAGER_WRAPPED);
    assert_int_equal(p.match_line, 1);
    /* The only match, again: found where it is, after going round. */
    assert_int_equal(tv_pager_next(&p, true, doc, NDOC, 0), TV_PAGER_WRAPPED);
    assert_int_equal(p.match_line, 1);

    assert_int_equal(tv_pager_search(&p, "nowhere", doc, NDOC, 0), TV_PAGER_NOT_FOUND);
    assert_false(p.has_match);
    assert_string_equal(p.pattern, "nowhere");
    assert_int_equal(tv_pager_count(&p, doc, NDOC, NULL), 0);
    tv_pager_clear(&p);
    assert_null(p.pattern);
    assert_int_equal(tv_pager_next(&p, true, doc, NDOC, 0), TV_PAGER_NOT_FOUND);
}

static void
test_side_scroll(void **state)
{
    tv_pager p = { 0 };
    assert_false(tv_pager_side_scroll(&p, TV_PAGER_LEFT, 80, 200));
    assert_true(tv_pager_side_scroll(&p, TV_PAGER_RIGHT, 80, 200));
    assert_int_equal(p.left, 40);
    tv_pager_side_scroll(&p, TV_PAGER_RIGHT, 80, 200);
    tv_pager_side_scroll(&p, TV_PAGER_RIGHT, 80, 200);
    assert_int_equal(p.left, 120); /* no further than the widest line's end */
    assert_false(tv_pager_side_scroll(&p, TV_PAGER_RIGHT, 80, 200));
    tv_pager_side_scroll(&p, TV_PAGER_LEFT, 80, 200);
    assert_int_equal(p.left, 80);
    assert_true(tv_pager_side_scroll(&p, TV_PAGER_HOME, 80, 200));
    assert_int_equal(p.left, 0);
    /* Everything fits: nothing to scroll. */
    assert_false(tv_pager_side_scroll(&p, TV_PAGER_RIGHT, 80, 60));
    assert_int_equal(tv_pager_max_width(doc, NDOC), (int)strlen(doc[2]));
}

/* The row as text: markers as [ ], matches as { }, the current one as ( ). */
static char *
row(const tv_pager *p, const char *pattern, int line_no, const char *line, int width)
{
    g_autoptr(GArray) segs = tv_pager_segments(p, pattern, line_no, line, width);
    GString *out = g_string_new(NULL);
    int col = 0;
    for (guint i = 0; i < segs->len; i++) {
        const tv_seg *s = &g_array_index(segs, tv_seg, i);
        const char *open = "", *close = "";
        assert_int_equal(s->col, col); /* segments tile the row from the left */
        assert_int_equal(tv_text_width(s->text), s->width);
        switch (s->kind) {
        case TV_SEG_MORE: open = "["; close = "]"; break;
        case TV_SEG_MATCH: open = "{"; close = "}"; break;
        case TV_SEG_CURRENT: open = "("; close = ")"; break;
        default: break;
        }
        g_string_append_printf(out, "%s%s%s", open, s->text, close);
        col += s->width;
    }
    assert_true(col <= width);
    return g_string_free(out, FALSE);
}

static void
test_segments(void **state)
{
    tv_pager p = { 0 };
    g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;
    g_autofree char *g = NULL, *h = NULL, *i = NULL;
    const char *line = "0123456789abcdefghij"; /* 20 columns */

    tv_text_set_utf8(true);
    a = row(&p, NULL, 0, line, 30);
    assert_string_equal(a, "0123456789abcdefghij");
    /* Cut on the right: the last column says the line goes on. */
    b = row(&p, NULL, 0, line, 10);
    assert_string_equal(b, "012345678[\u00bb]");
    /* Scrolled: a marker on the left too, the columns under the markers hidden. */
    p.left = 5;
    c = row(&p, NULL, 0, line, 10);
    assert_string_equal(c, "[\u00ab]6789abcd[\u00bb]");
    p.left = 12;
    d = row(&p, NULL, 0, line, 10);
    assert_string_equal(d, "[\u00ab]defghij");
    /* A short line scrolled out of view entirely still says there is text to the left. */
    e = row(&p, NULL, 0, "short", 10);
    assert_string_equal(e, "[\u00ab]");
    f = row(&p, NULL, 0, "", 10);
    assert_string_equal(f, "");

    /* Matches, any case; the current one apart. */
    p.left = 0;
    tv_pager_search(&p, "ab", (const char *const[]){ "xxABxxab" }, 1, 0);
    g = row(&p, p.pattern, 0, "xxABxxab", 20);
    assert_string_equal(g, "xx(AB)xx{ab}");
    h = row(&p, p.pattern, 1, "xxABxxab", 20); /* another line: no current match there */
    assert_string_equal(h, "xx{AB}xx{ab}");

    /* Wide characters cut by an edge become spaces; ASCII mode marks with $. */
    p.left = 1;
    i = row(&p, NULL, 0, "日本語です", 6);
    assert_string_equal(i, "[\u00ab]本語[\u00bb]");
    p.left = 2;
    {
        g_autofree char *cut = row(&p, NULL, 0, "日本語です", 6);
        assert_string_equal(cut, "[\u00ab] 語 [\u00bb]");
    }
    tv_text_set_utf8(false);
    {
        g_autofree char *j = row(&p, NULL, 0, line, 10);
        assert_string_equal(j, "[$]3456789a[$]");
    }
    tv_text_set_utf8(true);
    tv_pager_clear(&p);
}

static void
test_show_match(void **state)
{
    tv_pager p = { 0 };
    char wide[301];
    const char *lines[1];
    int top = 0;

    memset(wide, 'x', 300);
    wide[300] = '\0';
    memcpy(wide + 250, "TARGET", 6);
    lines[0] = wide;
    /* Off to the right: scrolled so the match is in view, past the left marker. */
    assert_int_equal(tv_pager_search(&p, "target", lines, 1, 0), TV_PAGER_FOUND);
    tv_pager_show_match(&p, wide, &top, 20, 80);
    assert_int_equal(p.left, 250 - 20);
    assert_int_equal(top, 0);
    /* Below the page: it becomes the top line; on the page: nothing moves. */
    p.match_line = 40;
    tv_pager_show_match(&p, wide, &top, 20, 80);
    assert_int_equal(top, 40);
    p.match_line = 45;
    tv_pager_show_match(&p, wide, &top, 20, 80);
    assert_int_equal(top, 40);
    /* Near the start of a line: back to column 0. */
    p.left = 100;
    p.match_start = 3;
    p.match_end = 9;
    tv_pager_show_match(&p, wide, &top, 20, 80);
    assert_int_equal(p.left, 0);
    tv_pager_clear(&p);
}

static void
test_graph_scale(void **state)
{
    const float v[] = { 1.0f, 38.2f, 5.0f };
    const float with_now[] = { 1.0f, 2.0f, (float)38.149999 };
    char buf[32];

    assert_true(tv_graph_scale(v, 3, 5.0, true) == (double)38.2f);
    /* The current value counts even above every sample. */
    assert_true(tv_graph_scale(v, 3, 50.0, true) == 50.0);
    /* The newest sample is the current value: the scale is its exact value,
     * so both print the same (38.1, not 38.2 from the float). */
    assert_true(tv_graph_scale(with_now, 3, 38.149999, true) == 38.149999);
    tv_graph_value(buf, sizeof(buf), tv_graph_scale(with_now, 3, 38.149999, true), true,
                   TV_GRAPH_PERCENT);
    assert_string_equal(buf, "38.1%");
    assert_true(tv_graph_scale(v, 3, 0, false) == (double)38.2f);
    assert_true(tv_graph_scale(NULL, 0, 0, false) == 0.0);

    tv_graph_value(buf, sizeof(buf), 1258291.2, true, TV_GRAPH_RATE);
    assert_string_equal(buf, "1.2M/s");
    tv_graph_value(buf, sizeof(buf), 12.34, false, TV_GRAPH_RATE);
    assert_string_equal(buf, "-");
}

static void
test_graph_rows(void **state)
{
    float v[60];
    tv_graph_row r = { 0 };

    for (int i = 0; i < 60; i++)
        v[i] = (float)i;
    tv_text_set_utf8(true);
    /* 80 columns: fewer bars than samples; the span is bars times the interval. */
    tv_graph_row_build(&r, "CPU", v, 60, 59.0, true, TV_GRAPH_PERCENT, 2.0, 80, 60);
    assert_string_equal(r.text, "  CPU         59.0%  max 59.0%   ");
    assert_int_equal(r.bars_col, (int)strlen(r.text));
    assert_int_equal(r.bars_width, 39);
    assert_int_equal(r.shown, 39);
    assert_int_equal(tv_text_width(r.bars), 39);
    assert_true(g_str_has_suffix(r.bars, "\u2588")); /* the newest is the tallest */
    assert_string_equal(r.span, "1m18s");
    assert_true(r.span_col + tv_text_width(r.span) <= 80);
    tv_graph_row_clear(&r);

    /* Wide: every sample, capped at the ring's size. */
    tv_graph_row_build(&r, "Net rx+tx", v, 60, 1024.0 * 1024.0, true, TV_GRAPH_RATE, 2.0, 200,
                       60);
    assert_string_equal(r.text, "  Net rx+tx  1.0M/s  max 1.0M/s  ");
    assert_int_equal(r.shown, 60);
    assert_string_equal(r.span, "2m00s");
    tv_graph_row_clear(&r);

    /* ASCII: the bars are ASCII. */
    tv_text_set_utf8(false);
    tv_graph_row_build(&r, "Disk r+w", v, 10, 0.0, true, TV_GRAPH_RATE, 1.0, 80, 60);
    assert_string_equal(r.text, "  Disk r+w      0/s  max 9/s     ");
    for (const char *c = r.bars; *c; c++)
        assert_true((unsigned char)*c < 0x80);
    assert_true(g_str_has_suffix(r.bars, "@"));
    assert_string_equal(r.span, "10s");
    tv_graph_row_clear(&r);
    tv_text_set_utf8(true);

    /* No samples yet. */
    tv_graph_row_build(&r, "CPU", v, 0, 0.0, false, TV_GRAPH_PERCENT, 2.0, 80, 60);
    assert_string_equal(r.text, "  CPU             -  max -       ");
    assert_string_equal(r.bars, "no samples yet");
    assert_string_equal(r.span, "");
    tv_graph_row_clear(&r);

    /* The narrowest screen still has a bar. */
    tv_graph_row_build(&r, "CPU", v, 60, 1.0, true, TV_GRAPH_PERCENT, 2.0, 50, 60);
    assert_int_equal(r.bars_width, 9);
    assert_true(r.span_col + 6 <= 50);
    tv_graph_row_clear(&r);
}

/* ---- the pager widget --------------------------------------------------------- */

/* A pager of n lines "line 1".."line n". */
static void
fill(tv_pagerview *pv, int n)
{
    tv_pagerview_begin(pv);
    for (int i = 1; i <= n; i++) {
        g_autofree char *text = g_strdup_printf("line %d", i);
        tv_pagerview_add(pv, TV_EL_DEFAULT, text);
    }
}

static void
assert_position(const tv_pagerview *pv, const char *want)
{
    g_autofree char *got = tv_pagerview_position(pv);
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
}

static void
test_view_scroll(void **state)
{
    tv_pagerview pv = { 0 };

    /* 30 lines in 10 rows: 9 for text, the last for the position. */
    fill(&pv, 30);
    tv_pagerview_layout(&pv, 10, 40);
    assert_int_equal(pv.scroll.page, 9);
    assert_position(&pv, "1-9/30");
    assert_true(tv_pagerview_command(&pv, TV_CMD_DOWN));
    assert_int_equal(pv.scroll.top, 1);
    tv_pagerview_command(&pv, TV_CMD_PAGE_DOWN);
    assert_int_equal(pv.scroll.top, 10);
    tv_pagerview_command(&pv, TV_CMD_BOTTOM);
    assert_int_equal(pv.scroll.top, 21);
    assert_position(&pv, "22-30/30");
    tv_pagerview_command(&pv, TV_CMD_DOWN); /* no scrolling past the last line */
    assert_int_equal(pv.scroll.top, 21);
    tv_pagerview_command(&pv, TV_CMD_TOP);
    tv_pagerview_command(&pv, TV_CMD_PAGE_UP);
    assert_int_equal(pv.scroll.top, 0);
    assert_false(tv_pagerview_command(&pv, TV_CMD_OPEN));

    /* A line below the page comes into view at the bottom; one above, at the top. */
    tv_pagerview_show_line(&pv, 20, 10);
    assert_int_equal(pv.scroll.top, 12);
    tv_pagerview_show_line(&pv, 3, 10);
    assert_int_equal(pv.scroll.top, 3);

    /* The text shrinks (a new snapshot): the top line stays in range. */
    tv_pagerview_command(&pv, TV_CMD_BOTTOM);
    fill(&pv, 12);
    tv_pagerview_layout(&pv, 10, 40);
    assert_int_equal(pv.scroll.top, 3);
    assert_position(&pv, "4-12/12");

    /* Everything fits: every row for text, no position, nothing scrolls. */
    fill(&pv, 5);
    tv_pagerview_layout(&pv, 10, 40);
    assert_int_equal(pv.scroll.page, 10);
    assert_int_equal(pv.scroll.top, 0);
    assert_position(&pv, NULL);
    tv_pagerview_command(&pv, TV_CMD_PAGE_DOWN);
    assert_int_equal(pv.scroll.top, 0);
    tv_pagerview_clear(&pv);
    assert_int_equal(tv_pagerview_count(&pv), 0);
}

static void
test_view_wrapped(void **state)
{
    tv_pagerview pv = { 0 };
    tv_pagerview_add_wrapped(&pv, TV_EL_DIALOG, "aaa bbb\n\nccc", 3);
    assert_int_equal(tv_pagerview_count(&pv), 4);
    assert_string_equal(tv_pagerview_line(&pv, 0), "aaa");
    assert_string_equal(tv_pagerview_line(&pv, 1), "bbb");
    assert_string_equal(tv_pagerview_line(&pv, 2), "");
    assert_string_equal(tv_pagerview_line(&pv, 3), "ccc");
    tv_pagerview_clear(&pv);
}

/* Feeds a key; returns whether the pager used it, and takes what it said. */
static bool
key(tv_pagerview *pv, const tv_keymap *km, int ch, bool is_char, char **say, bool *error)
{
    g_free(*say);
    *say = NULL;
    return tv_pagerview_key(pv, km, ch, is_char, say, error);
}

static void
test_view_keys(void **state)
{
    tv_pagerview pv = { 0 };
    tv_keymap *km = tv_keymap_new();
    g_autofree char *say = NULL;
    bool error;

    fill(&pv, 30);
    tv_pagerview_layout(&pv, 10, 40);
    /* Without a keymap, the moving commands' default keys. */
    assert_true(key(&pv, NULL, 'j', true, &say, &error));
    assert_true(key(&pv, NULL, KEY_DOWN, false, &say, &error));
    assert_int_equal(pv.scroll.top, 2);
    key(&pv, NULL, 'k', true, &say, &error);
    assert_int_equal(pv.scroll.top, 1);
    key(&pv, NULL, 6, true, &say, &error); /* C-f */
    assert_int_equal(pv.scroll.top, 10);
    key(&pv, NULL, 'G', true, &say, &error);
    assert_int_equal(pv.scroll.top, 21);
    key(&pv, NULL, KEY_HOME, false, &say, &error);
    assert_int_equal(pv.scroll.top, 0);
    key(&pv, NULL, KEY_END, false, &say, &error);
    key(&pv, NULL, 'g', true, &say, &error);
    assert_int_equal(pv.scroll.top, 0);
    assert_false(key(&pv, NULL, 'q', true, &say, &error));
    assert_null(say);

    /* With one, its bindings: a remapped key moves, an unbound one does not. */
    tv_keymap_bind(km, 'x', "move-down");
    assert_true(key(&pv, km, 'x', true, &say, &error));
    assert_int_equal(pv.scroll.top, 1);
    assert_false(key(&pv, km, 'j', true, &say, &error));
    assert_int_equal(pv.scroll.top, 1);

    /* n before any search says how to search. */
    assert_true(key(&pv, km, 'n', true, &say, &error));
    assert_true(error);
    assert_string_equal(say, "No search yet: / searches the text");

    /* Sideways: nothing to the right says so; a wide line scrolls by half a page. */
    assert_true(key(&pv, km, 'l', true, &say, &error));
    assert_false(error);
    assert_string_equal(say, "Every line fits the screen: nothing to the right");
    tv_pagerview_add(&pv, TV_EL_DEFAULT, "0123456789012345678901234567890123456789012345678901234");
    assert_true(key(&pv, km, KEY_RIGHT, false, &say, &error));
    assert_null(say);
    assert_int_equal(pv.pager.left, 15); /* as far as the widest line goes */
    key(&pv, km, 'h', true, &say, &error);
    assert_int_equal(pv.pager.left, 0);
    key(&pv, km, 'l', true, &say, &error);
    /* Home: column 1 first, then (through the keymap) the top. */
    tv_keymap_bind(km, KEY_HOME, "move-top");
    assert_true(key(&pv, km, KEY_HOME, false, &say, &error));
    assert_int_equal(pv.pager.left, 0);
    assert_int_equal(pv.scroll.top, 1);
    key(&pv, km, KEY_HOME, false, &say, &error);
    assert_int_equal(pv.scroll.top, 0);
    tv_keymap_free(km);
    tv_pagerview_clear(&pv);
}

static void
test_view_search(void **state)
{
    tv_pagerview pv = { .what = "the XML" };
    g_autofree char *say = NULL;
    bool error;

    tv_pagerview_begin(&pv);
    for (int i = 0; i < NDOC; i++)
        tv_pagerview_add(&pv, TV_EL_DEFAULT, doc[i]);
    tv_pagerview_layout(&pv, 3, 40); /* 2 rows of text and the position */

    /* Across lines, from the top line; the match is brought into view. */
    say = tv_pagerview_search(&pv, "DISK", &error);
    assert_false(error);
    assert_string_equal(say, "/DISK: match 1 of 2, line 5");
    assert_int_equal(pv.scroll.top, 4);
    g_free(say);
    say = NULL;
    assert_true(key(&pv, NULL, 'n', true, &say, &error));
    assert_string_equal(say, "/DISK: match 2 of 2, line 5");
    key(&pv, NULL, 'n', true, &say, &error);
    assert_string_equal(say, "/DISK: match 1 of 2, line 5 (went on from the top)");
    key(&pv, NULL, 'N', true, &say, &error);
    assert_string_equal(say, "/DISK: match 2 of 2, line 5 (went on from the bottom)");
    g_free(say);

    /* An empty search repeats the last one, from where it stands. */
    say = tv_pagerview_search(&pv, "", &error);
    assert_string_equal(say, "/DISK: match 1 of 2, line 5 (went on from the top)");
    g_free(say);

    /* From the top line: what is above it is found last. */
    tv_pagerview_command(&pv, TV_CMD_BOTTOM);
    say = tv_pagerview_search(&pv, "domain", &error);
    assert_string_equal(say, "/domain: match 2 of 2, line 7");
    g_free(say);
    say = tv_pagerview_search(&pv, "zzz", &error);
    assert_true(error);
    assert_string_equal(say, "Not found in the XML: zzz");
    tv_pagerview_clear(&pv);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_col),
        cmocka_unit_test(test_search_and_next),
        cmocka_unit_test(test_side_scroll),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_show_match),
        cmocka_unit_test(test_view_scroll),
        cmocka_unit_test(test_view_wrapped),
        cmocka_unit_test(test_view_keys),
        cmocka_unit_test(test_view_search),
        cmocka_unit_test(test_graph_scale),
        cmocka_unit_test(test_graph_rows),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
