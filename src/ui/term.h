/*
 * A small line terminal for the serial console: feeds guest output into
 * lines, honouring newline, carriage return, backspace, tab and erase to
 * end of line, and dropping other escape sequences (colours, cursor
 * queries).  Not a VT100: enough for boot logs, shells and heartbeats.
 * Pure (no curses), unit-tested.
 */
#pragma once

#include <stddef.h>
#include <glib.h>

#define TV_TERM_MAX_LINES 2000

typedef struct tv_term {
    GPtrArray *lines; /* GString*, the last one is being written */
    size_t col;       /* byte offset in the last line */
    int esc;          /* escape parser state */
} tv_term;

void tv_term_init(tv_term *t);
void tv_term_clear(tv_term *t);
void tv_term_feed(tv_term *t, const char *bytes, size_t n);
/* Line i from the end: 0 is the line being written. NULL past the start. */
const char *tv_term_line_from_end(const tv_term *t, size_t i);
