/*
 * The pager widget: read-only lines of text shown in a rectangle, scrolled
 * up and down (a tv_table without a cursor) and sideways, searched with "/",
 * n and N (the tv_pager logic of pager.c), with an "N-M/T" position on its
 * last row when the lines do not all fit.  Each line has a theme element,
 * and columns of it may have their own (Help's keys and command names).
 * The owner refills the lines whenever its text may have changed (each
 * frame, from a snapshot); the positions survive that.  The Details screen,
 * Help and the wizard's review page all show their text through it.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "ui/commands.h"
#include "ui/keymap.h"
#include "ui/pager.h"
#include "ui/table.h"
#include "ui/theme.h"

typedef struct tv_pagerview {
    GPtrArray *texts;  /* char*, owned: the lines, each without its newline */
    GArray *els;       /* tv_el per line */
    GArray *spans;     /* tv_pagerview_span: columns styled apart from their line */
    tv_table scroll;   /* top line; count and page as the last layout found them */
    int width;         /* columns of the last layout */
    tv_pager pager;    /* sideways scroll and search */
    const char *what;  /* what messages call the text ("the XML"), static; NULL: "the text" */
    tv_el position_el; /* element of the "N-M/T" position */
} tv_pagerview;

/* Empties the lines, keeping the positions and the last search (the owner refills them). */
void tv_pagerview_begin(tv_pagerview *pv);
/* Appends a line (text copied) drawn in element el. */
void tv_pagerview_add(tv_pagerview *pv, tv_el el, const char *text);
/* Draws columns [col, col + width) of the line added last in element el instead. */
void tv_pagerview_style(tv_pagerview *pv, int col, int width, tv_el el);
/*
 * Appends text wrapped to width columns, every paragraph (newline) on a
 * line of its own and empty paragraphs as empty lines.
 */
void tv_pagerview_add_wrapped(tv_pagerview *pv, tv_el el, const char *text, int width);
int tv_pagerview_count(const tv_pagerview *pv);
/* Line i's text (0 <= i < count). */
const char *tv_pagerview_line(const tv_pagerview *pv, int i);

/* Back to the first line and column, no current match; the pattern stays for n and N. */
void tv_pagerview_reset(tv_pagerview *pv);
/* Frees the lines and the pattern: the state a zeroed tv_pagerview starts in. */
void tv_pagerview_clear(tv_pagerview *pv);

/*
 * Fits the view to a rectangle h rows by w columns: the rows for text (one
 * fewer than h when the lines do not fit, for the position) and the top
 * line kept in range.  tv_pagerview_draw does it; logic tests call it.
 */
void tv_pagerview_layout(tv_pagerview *pv, int h, int w);
/* Scrolls so that line shows in a rectangle h rows high (a cursor the owner draws). */
void tv_pagerview_show_line(tv_pagerview *pv, int line, int h);
/* "N-M/T": the lines shown and how many there are (g_free), or NULL when all fit. */
char *tv_pagerview_position(const tv_pagerview *pv);

/*
 * Draws the lines from the top line into rows y..y+h-1, columns x..x+w-1,
 * matches of the pattern highlighted (typed: what the "/" prompt holds
 * while the user types, else NULL for the last search).
 */
void tv_pagerview_draw(tv_pagerview *pv, int y, int x, int h, int w, const char *typed);

/* Up, down, pages, top and bottom; false for other commands. */
bool tv_pagerview_command(tv_pagerview *pv, tv_cmd cmd);
/*
 * A key for the pager: the keys keymap (NULL: the default keys) binds to
 * moving up, down, by pages, to the top and the bottom; Left/Right and h/l
 * scroll sideways (Home first goes back to column 1); n and N go to the
 * next and previous match.  Returns whether it used the key; *say gets a
 * status text for the user (g_free) or NULL, *error whether it is one.
 */
bool tv_pagerview_key(tv_pagerview *pv, const tv_keymap *keymap, int ch, bool is_char,
                      char **say, bool *error);
/*
 * The "/" prompt's text: searches from the top line (an empty text repeats
 * the last search, as in less) and brings the match into view.  Returns
 * the status text (g_free); *error when nothing was found.
 */
char *tv_pagerview_search(tv_pagerview *pv, const char *text, bool *error);
