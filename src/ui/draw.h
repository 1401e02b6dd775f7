/*
 * Drawing primitives over stdscr with theme attributes: fitted text,
 * filled bars, boxes, sparklines.  Views build screens from these, and
 * only the UI thread calls them.
 */
#pragma once

#include <curses.h>

#include "ui/text.h"
#include "ui/theme.h"

/* Draws s fitted into width columns at (y, x) with the element's attribute. */
void tv_draw_text(int y, int x, int width, const char *s, tv_align align, tv_el el);
/* Same with an explicit attribute (for combined attributes such as cursor rows). */
void tv_draw_text_attr(int y, int x, int width, const char *s, tv_align align, attr_t attr);
/* Fills width columns with spaces in the element's attribute. */
void tv_draw_fill(int y, int x, int width, tv_el el);
void tv_draw_fill_attr(int y, int x, int width, attr_t attr);
/* A box outline with an optional title in the top border. */
void tv_draw_box(int y, int x, int h, int w, const char *title, tv_el el);
/* A sparkline of v[0..n) scaled to max (0: to the largest value). */
void tv_draw_sparkline(int y, int x, int width, const float *v, size_t n, float max, attr_t attr);
