/*
 * Column layout for tables: which columns fit the terminal's width and how
 * wide each is.  Pure maths, unit-tested at 80 and 200 columns.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef struct tv_column {
    const char *title;
    int min;    /* narrowest useful width */
    int pref;   /* width it grows to when there is room */
    int prio;   /* 0: always shown; higher numbers drop first when too narrow */
    bool right; /* right-aligned (numbers) */
    /* Results of tv_layout_columns. */
    bool shown;
    int x;
    int width;
} tv_column;

/*
 * Lays out cols in total columns with gap spaces between shown columns:
 * drops the highest-prio droppable columns until the minimums fit, then
 * grows columns towards their preferred width one column at a time.
 * Returns the width used.
 */
int tv_layout_columns(tv_column *cols, size_t n, int total, int gap);
