/*
 * A read-only text pager's logic, without curses: case-insensitive search
 * in UTF-8 lines (less-like: a pattern, a current match, next and previous
 * with wrap-around), sideways scrolling by columns, and cutting a line into
 * the segments one screen row shows (plain text, matches, the current match,
 * and markers where the line goes on past the left or right edge).  The
 * pager widget (pagerview.h) is built on it; unit-tested on plain strings.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/*
 * Finds needle in hay at or after byte from (a character boundary),
 * comparing characters without regard to case (Unicode simple case
 * mapping, so "ÑANDÚ" finds "ñandú").  Returns true with the match's bytes
 * in [*start, *end).  An empty needle never matches.
 */
bool tv_text_find(const char *hay, const char *needle, size_t from, size_t *start, size_t *end);
/* The last match that starts before byte before. */
bool tv_text_find_before(const char *hay, const char *needle, size_t before, size_t *start,
                         size_t *end);

/* Display column at which byte offset `byte` of s starts (as tv_text_width counts). */
int tv_text_col(const char *s, size_t byte);

typedef struct tv_pager {
    int left;       /* first column shown: the sideways scroll */
    char *pattern;  /* the last search, or NULL */
    bool has_match; /* a current match is set */
    int match_line;
    size_t match_start, match_end; /* bytes of the current match in its line */
} tv_pager;

/* Back to column 0 and no current match; the pattern stays for n and N. */
void tv_pager_reset(tv_pager *p);
/* Frees the pattern and resets. */
void tv_pager_clear(tv_pager *p);

/* Sideways scrolling in a page width columns wide over lines at most max_width wide. */
typedef enum { TV_PAGER_LEFT, TV_PAGER_RIGHT, TV_PAGER_HOME } tv_pager_side;
/* Moves half a page (or to column 0); returns whether left changed. */
bool tv_pager_side_scroll(tv_pager *p, tv_pager_side how, int width, int max_width);
/* The widest of lines[0..n) in columns. */
int tv_pager_max_width(const char *const *lines, int n);

typedef enum {
    TV_PAGER_FOUND,
    TV_PAGER_WRAPPED,   /* found after going past the end (or the start, backwards) */
    TV_PAGER_NOT_FOUND, /* no line holds the pattern; the current match is cleared */
} tv_pager_result;

/*
 * Sets pattern (copied) and finds its first match at or after the start of
 * line from_line, wrapping around to the top.
 */
tv_pager_result tv_pager_search(tv_pager *p, const char *pattern, const char *const *lines,
                                int n, int from_line);
/*
 * The next (forward) or previous match of the pattern after or before the
 * current one (or from from_line when there is none), wrapping around.
 * TV_PAGER_NOT_FOUND also when there is no pattern.
 */
tv_pager_result tv_pager_next(tv_pager *p, bool forward, const char *const *lines, int n,
                              int from_line);

/*
 * How many matches of the pattern lines[0..n) hold; *index (may be NULL)
 * gets the 1-based number of the current match among them, or 0.
 */
int tv_pager_count(const tv_pager *p, const char *const *lines, int n, int *index);

/*
 * Brings the current match into view: *top changes only when the match
 * line is not among the page rows shown (it becomes the top line), and left
 * only when the match's columns are not within the width shown.
 */
void tv_pager_show_match(tv_pager *p, const char *line, int *top, int page, int width);

typedef enum {
    TV_SEG_TEXT,
    TV_SEG_MATCH,   /* a match of the pattern */
    TV_SEG_CURRENT, /* the current match */
    TV_SEG_MORE,    /* marker: the line goes on past this edge */
} tv_seg_kind;

typedef struct tv_seg {
    int col; /* screen column from the left of the page */
    int width;
    tv_seg_kind kind;
    char *text;
} tv_seg;

/*
 * The row for line number line_no (text line) in a page width columns
 * wide scrolled to p->left: a GArray of tv_seg (freed with g_array_unref)
 * covering the line's visible part, with matches of pattern (may be NULL or
 * empty) marked.  Where the line goes on past the left or right edge, the
 * edge column shows a TV_SEG_MORE marker instead of text: "«" and "»", or
 * "$" in ASCII mode (as nano does: "<" and ">" would read as XML).  A wide
 * character cut by an edge shows as spaces.
 */
GArray *tv_pager_segments(const tv_pager *p, const char *pattern, int line_no, const char *line,
                          int width);
