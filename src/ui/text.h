/*
 * Text for the screen: display width of UTF-8 strings, fitting them into
 * columns, the ASCII fallback for non-UTF-8 locales, number formatting with
 * units, and sparklines.  Pure functions (no curses), unit-tested.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* Whether the terminal takes UTF-8; decides ellipsis, sparklines and lines. */
void tv_text_set_utf8(bool utf8);
bool tv_text_utf8(void);

/* Columns the string takes on screen (invalid bytes count one each). */
int tv_text_width(const char *s);

/*
 * Byte length (>= 1) of the character at s (not at its end) and, in *width,
 * the columns tv_text_fit gives it: so code that cuts text by columns agrees
 * with what is drawn, in UTF-8 and in ASCII mode.
 */
size_t tv_text_next(const char *s, int *width);

typedef enum { TV_ALIGN_LEFT, TV_ALIGN_RIGHT } tv_align;

/*
 * Appends s to out in exactly width columns: cut with an ellipsis when
 * longer, padded with spaces when shorter.  In ASCII mode characters
 * outside ASCII become '?'.  Control characters become '?' always.
 */
void tv_text_fit(GString *out, const char *s, int width, tv_align align);

/*
 * The bytes [*from, *to) of s that tell it from the most alike of the n
 * strings in others (the one sharing the longest start with s; strings
 * equal to s are skipped): where they part, up to where their common end
 * begins.  Both are 0 when no other string is given.
 */
void tv_text_diff_span(const char *s, const char *const *others, size_t n, size_t *from,
                       size_t *to);

/*
 * tv_text_fit (left-aligned) that, when s is too long, keeps its bytes
 * [from, to) in view: the end is cut when that shows them, otherwise an
 * ellipsis takes the place of a middle part ("test:///tmp/…/dir-two/x.xml"):
 * what follows it starts at a path or query element before the span, as
 * far back as leaves a quarter of the width (up to 12 columns) to the
 * start of s.  Exactly width columns are appended.
 */
void tv_text_fit_keep(GString *out, const char *s, int width, size_t from, size_t to);

/* "0", "512", "1.5K", "12K", "3.4M", "120G": at most 5 columns, 1024-based. */
void tv_fmt_size(char *buf, size_t len, double value);
/* tv_fmt_size of a KiB amount counted in bytes. */
void tv_fmt_kib(char *buf, size_t len, unsigned long long kib);
/* "12.3" for values below 100, "123" above; at most 5 columns. */
void tv_fmt_pct(char *buf, size_t len, double pct);
/* "1h02m", "3m05s", "42s". */
void tv_fmt_duration(char *buf, size_t len, long seconds);

/*
 * Cumulative CPU time as top's TIME+ shows it: "1:23.45" (minutes, seconds
 * and hundredths) below an hour, then "12h03m", "5d07h" from 100 hours and
 * "123d" from 100 days; at most 8 columns.
 */
void tv_fmt_cputime(char *buf, size_t len, unsigned long long ns);

/*
 * Wraps text into lines of at most width columns at spaces, breaking words
 * longer than a line, and at newlines.  Returns a GPtrArray of new strings.
 */
GPtrArray *tv_text_wrap(const char *text, int width);

/*
 * Appends a sparkline of the last width values of v[0..n) scaled to max
 * (values above clip), left-padded with spaces to width columns.
 */
void tv_text_sparkline(GString *out, const float *v, size_t n, float max, int width);
