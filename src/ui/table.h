/*
 * Cursor and scrolling of a list: pure state and key logic, no drawing.
 * Views own one per list and draw the rows top..top+page themselves.
 */
#pragma once

#include <stdbool.h>

typedef enum {
    TV_MOVE_UP,
    TV_MOVE_DOWN,
    TV_MOVE_PAGE_UP,
    TV_MOVE_PAGE_DOWN,
    TV_MOVE_TOP,
    TV_MOVE_BOTTOM,
} tv_move;

typedef struct tv_table {
    int cursor;
    int top;
    int count; /* rows in the list */
    int page;  /* rows visible */
} tv_table;

/* Sets count and page and keeps cursor and top valid and the cursor visible. */
void tv_table_fit(tv_table *t, int count, int page);
/* Moves the cursor; returns true when it moved. */
bool tv_table_move(tv_table *t, tv_move how);
/* Scrolls a view without a cursor (text): top moves, cursor ignored. */
bool tv_table_scroll(tv_table *t, tv_move how);
