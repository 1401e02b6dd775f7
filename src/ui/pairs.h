/*
 * Curses colour pairs handed out on demand, for screens whose colours come
 * from outside (the serial console).  Pairs first..limit-1 are the pool;
 * each (fg, bg) keeps its pair while it is in use.  When a frame asks for
 * more combinations than the pool holds, the cells that find none are drawn
 * without colour and the next frame hands the pairs out afresh, so a busy
 * screen never exhausts the terminal's pairs.  No curses here: the caller
 * runs init_pair when told a pair is new.
 */
#pragma once

#include <stdbool.h>

typedef struct tv_pairs tv_pairs;

/* A pool of pairs first..limit-1 (empty when limit <= first). */
tv_pairs *tv_pairs_new(int first, int limit);
void tv_pairs_free(tv_pairs *p);

/* Starts a frame: after a frame that ran out, every pair is free again. */
void tv_pairs_frame(tv_pairs *p);

/*
 * The pair for (fg, bg), or -1 when none is left in this frame.  *fresh
 * says the pair now stands for other colours than before: init_pair it.
 */
int tv_pairs_get(tv_pairs *p, int fg, int bg, bool *fresh);

/* Pairs in use now. */
int tv_pairs_used(const tv_pairs *p);
