/*
 * One row of a live graph on the Details screen, as text: the label, the
 * current value, the scale (what the tallest bar stands for), the bars and
 * the time span they cover.  Pure (no curses), so the numbers are
 * unit-tested: the current value is the domain record's own rate, and the
 * scale never reads lower than it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

typedef enum { TV_GRAPH_PERCENT, TV_GRAPH_RATE } tv_graph_unit;

/* "12.3%" or "1.2M/s" (tv_fmt_pct, tv_fmt_size), "-" when not valid. */
void tv_graph_value(char *buf, size_t len, double value, bool valid, tv_graph_unit unit);

/*
 * The scale of bars over samples v[0..n): the largest sample, or the
 * current value when larger.  A sample that is the current value as
 * stored in the ring (a float) counts as the exact current value, so a
 * graph whose newest bar is the tallest shows the same number twice.
 */
double tv_graph_scale(const float *v, size_t n, double current, bool valid);

typedef struct tv_graph_row {
    char *text;      /* "  CPU          12.3%  max 38.2%  " up to the bars */
    int bars_col;    /* where the bars start */
    int bars_width;  /* columns for bars (shown ones are right-aligned in them) */
    size_t shown;    /* samples drawn: the newest min(n, bars_width) */
    double scale;    /* what a full bar stands for */
    char *bars;      /* the bars (tv_text_sparkline), or a note when there are no samples */
    char *span;      /* time the bars cover ("1m18s"), or "" */
    int span_col;
} tv_graph_row;

/*
 * Lays out a graph row cols wide for samples v[0..n) (oldest first) taken
 * every interval_s, with at most max_bars bars.  Clear with
 * tv_graph_row_clear.
 */
void tv_graph_row_build(tv_graph_row *row, const char *label, const float *v, size_t n,
                        double current, bool valid, tv_graph_unit unit, double interval_s,
                        int cols, int max_bars);
void tv_graph_row_clear(tv_graph_row *row);
