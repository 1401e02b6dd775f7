/*
 * Pager logic for read-only text: search and sideways scrolling.  Lines are
 * plain UTF-8 strings owned by the caller; the pager keeps only positions
 * (a line number and byte offsets) and the pattern, so it survives the text
 * being rebuilt from a new snapshot on every frame.  Columns are counted
 * with tv_text_next, the same way tv_text_fit draws, so what is cut here
 * lines up with what reaches the screen.
 */
#include "config.h"

#include <string.h>

#include "ui/pager.h"
#include "ui/text.h"

/* ---- case-insensitive search ------------------------------------------------ */

/* The character at s folded for comparison; raw bytes of invalid UTF-8 stand for themselves. */
static gunichar
fold_at(const char *s, size_t *len)
{
    gunichar c = g_utf8_get_char_validated(s, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *len = 1;
        return 0x110000u + (unsigned char)*s; /* outside Unicode: equal only to itself */
    }
    *len = (size_t)(g_utf8_next_char(s) - s);
    return g_unichar_tolower(c);
}

/* Length in bytes of the match of needle at hay, or 0. */
static size_t
match_at(const char *hay, const char *needle)
{
    const char *h = hay, *n = needle;
    while (*n) {
        size_t hl, nl;
        if (!*h || fold_at(h, &hl) != fold_at(n, &nl))
            return 0;
        h += hl;
        n += nl;
    }
    return (size_t)(h - hay);
}

/* The byte after the character at s. */
static size_t
char_len(const char *s)
{
    size_t len;
    fold_at(s, &len);
    return len;
}

bool
tv_text_find(const char *hay, const char *needle, size_t from, size_t *start, size_t *end)
{
    size_t len = hay ? strlen(hay) : 0;
    if (!hay || !needle || !*needle || from > len)
        return false;
    for (size_t i = from; hay[i]; i += char_len(hay + i)) {
        size_t m = match_at(hay + i, needle);
        if (m > 0) {
            *start = i;
            *end = i + m;
            return true;
        }
    }
    return false;
}

bool
tv_text_find_before(const char *hay, const char *needle, size_t before, size_t *start,
                    size_t *end)
{
    size_t s, e, from = 0;
    bool found = false;
    while (tv_text_find(hay, needle, from, &s, &e) && s < before) {
        *start = s;
        *end = e;
        found = true;
        from = e; /* matches do not overlap, as they are highlighted */
    }
    return found;
}

int
tv_text_col(const char *s, size_t byte)
{
    int col = 0;
    for (size_t i = 0; s && s[i] && i < byte;) {
        int w;
        i += tv_text_next(s + i, &w);
        col += w;
    }
    return col;
}

/* ---- pager state --------------------------------------------------------------- */

void
tv_pager_reset(tv_pager *p)
{
    p->left = 0;
    p->has_match = false;
    p->match_line = 0;
    p->match_start = p->match_end = 0;
}

void
tv_pager_clear(tv_pager *p)
{
    g_clear_pointer(&p->pattern, g_free);
    tv_pager_reset(p);
}

int
tv_pager_max_width(const char *const *lines, int n)
{
    int max = 0;
    for (int i = 0; i < n; i++)
        max = MAX(max, tv_text_width(lines[i]));
    return max;
}

bool
tv_pager_side_scroll(tv_pager *p, tv_pager_side how, int width, int max_width)
{
    int old = p->left, step = MAX(width / 2, 1);
    int most = MAX(max_width - width, 0);
    switch (how) {
    case TV_PAGER_LEFT: p->left = MAX(p->left - step, 0); break;
    case TV_PAGER_RIGHT: p->left = MIN(p->left + step, most); break;
    case TV_PAGER_HOME: p->left = 0; break;
    }
    p->left = MAX(p->left, 0);
    return p->left != old;
}

static void
set_match(tv_pager *p, int line, size_t start, size_t end)
{
    p->has_match = true;
    p->match_line = line;
    p->match_start = start;
    p->match_end = end;
}

/* First match at or after (line, from), going down and round to the top. */
static tv_pager_result
find_forward(tv_pager *p, const char *const *lines, int n, int line, size_t from)
{
    size_t s, e;
    line = CLAMP(line, 0, MAX(n - 1, 0));
    for (int k = 0; k <= n; k++) {
        int i = (line + k) % MAX(n, 1);
        size_t at = k == 0 ? from : 0;
        if (i >= n)
            break;
        if (!tv_text_find(lines[i], p->pattern, at, &s, &e))
            continue;
        if (k == n && s >= from)
            break; /* back where it started: nothing before it */
        set_match(p, i, s, e);
        return k > 0 && i <= line ? TV_PAGER_WRAPPED : TV_PAGER_FOUND;
    }
    p->has_match = false;
    return TV_PAGER_NOT_FOUND;
}

/* Last match before (line, before), going up and round to the bottom. */
static tv_pager_result
find_backward(tv_pager *p, const char *const *lines, int n, int line, size_t before)
{
    size_t s, e;
    line = CLAMP(line, 0, MAX(n - 1, 0));
    for (int k = 0; k <= n && n > 0; k++) {
        int i = ((line - k) % n + n) % n;
        size_t limit = k == 0 ? before : strlen(lines[i]) + 1;
        if (!tv_text_find_before(lines[i], p->pattern, limit, &s, &e))
            continue;
        if (k == n && s < before)
            break;
        set_match(p, i, s, e);
        return k > 0 && i >= line ? TV_PAGER_WRAPPED : TV_PAGER_FOUND;
    }
    p->has_match = false;
    return TV_PAGER_NOT_FOUND;
}

tv_pager_result
tv_pager_search(tv_pager *p, const char *pattern, const char *const *lines, int n,
                int from_line)
{
    g_free(p->pattern);
    p->pattern = pattern && *pattern ? g_strdup(pattern) : NULL;
    p->has_match = false;
    if (!p->pattern || n <= 0)
        return TV_PAGER_NOT_FOUND;
    return find_forward(p, lines, n, from_line, 0);
}

tv_pager_result
tv_pager_next(tv_pager *p, bool forward, const char *const *lines, int n, int from_line)
{
    if (!p->pattern || n <= 0)
        return TV_PAGER_NOT_FOUND;
    if (!p->has_match || p->match_line >= n)
        return forward ? find_forward(p, lines, n, from_line, 0)
                       : find_backward(p, lines, n, from_line, strlen(lines[MIN(from_line,
                                                                             n - 1)]) + 1);
    if (forward)
        return find_forward(p, lines, n, p->match_line, p->match_end);
    return find_backward(p, lines, n, p->match_line, p->match_start);
}

int
tv_pager_count(const tv_pager *p, const char *const *lines, int n, int *index)
{
    int count = 0;
    if (index)
        *index = 0;
    if (!p->pattern)
        return 0;
    for (int i = 0; i < n; i++) {
        size_t s, e, from = 0;
        while (tv_text_find(lines[i], p->pattern, from, &s, &e)) {
            count++;
            if (index && p->has_match && p->match_line == i && p->match_start == s)
                *index = count;
            from = e;
        }
    }
    return count;
}

void
tv_pager_show_match(tv_pager *p, const char *line, int *top, int page, int width)
{
    int c0, c1;
    if (!p->has_match)
        return;
    if (p->match_line < *top || p->match_line >= *top + MAX(page, 1))
        *top = p->match_line;
    c0 = tv_text_col(line, p->match_start);
    c1 = tv_text_col(line, p->match_end);
    /* Shown: columns left+1 .. left+width-2 for sure (the edges may hold markers). */
    if (c0 >= p->left + (p->left > 0) && c1 <= p->left + width - 1)
        return;
    if (c1 <= width - 1)
        p->left = 0;
    else
        p->left = MAX(c0 - width / 4, 0);
}

/* ---- drawing segments ------------------------------------------------------------ */

static void
seg_clear(gpointer data)
{
    tv_seg *s = data;
    g_free(s->text);
}

static void
seg_add(GArray *segs, int col, int width, tv_seg_kind kind, const char *text, size_t len)
{
    tv_seg *last = segs->len ? &g_array_index(segs, tv_seg, segs->len - 1) : NULL;
    if (width <= 0)
        return;
    if (last && last->kind == kind && last->col + last->width == col && kind != TV_SEG_MORE) {
        char *joined = g_strdup_printf("%s%.*s", last->text, (int)len, text);
        g_free(last->text);
        last->text = joined;
        last->width += width;
        return;
    }
    {
        tv_seg s = { .col = col, .width = width, .kind = kind, .text = g_strndup(text, len) };
        g_array_append_val(segs, s);
    }
}

static void
seg_spaces(GArray *segs, int col, int width, tv_seg_kind kind)
{
    for (int i = 0; i < width; i++)
        seg_add(segs, col + i, 1, kind, " ", 1);
}

GArray *
tv_pager_segments(const tv_pager *p, const char *pattern, int line_no, const char *line,
                  int width)
{
    GArray *segs = g_array_new(FALSE, TRUE, sizeof(tv_seg));
    g_autoptr(GArray) matches = g_array_new(FALSE, FALSE, sizeof(size_t));
    int total, lo, hi, col = 0;
    bool more_left, more_right;
    size_t m = 0;

    g_array_set_clear_func(segs, seg_clear);
    if (width <= 0)
        return segs;
    line = line ? line : "";
    total = tv_text_width(line);
    more_left = p->left > 0 && total > 0;
    more_right = total > p->left + width;
    /* Content columns [lo, hi) of the line fill the page between the markers. */
    lo = p->left + (more_left ? 1 : 0);
    hi = p->left + width - (more_right ? 1 : 0);
    if (pattern && *pattern) {
        size_t s, e, from = 0;
        while (tv_text_find(line, pattern, from, &s, &e)) {
            g_array_append_val(matches, s);
            g_array_append_val(matches, e);
            from = e;
        }
    }
    if (more_left)
        seg_add(segs, 0, 1, TV_SEG_MORE, tv_text_utf8() ? "\u00ab" : "$",
                tv_text_utf8() ? 2 : 1);
    for (size_t i = 0; line[i] && col < hi;) {
        int w;
        size_t len = tv_text_next(line + i, &w);
        tv_seg_kind kind = TV_SEG_TEXT;
        while (m + 1 < matches->len && g_array_index(matches, size_t, m + 1) <= i)
            m += 2;
        if (m + 1 < matches->len && g_array_index(matches, size_t, m) <= i) {
            bool current = p->has_match && p->match_line == line_no &&
                           p->match_start == g_array_index(matches, size_t, m);
            kind = current ? TV_SEG_CURRENT : TV_SEG_MATCH;
        }
        if (col + w <= lo) {
            /* hidden on the left */
        } else if (col < lo || col + w > hi) {
            /* a wide character cut by an edge: the part on the page as spaces */
            int from = MAX(col, lo), to = MIN(col + w, hi);
            seg_spaces(segs, from - p->left, to - from, kind);
        } else {
            seg_add(segs, col - p->left, w, kind, line + i, len);
        }
        col += w;
        i += len;
    }
    if (more_right)
        seg_add(segs, width - 1, 1, TV_SEG_MORE, tv_text_utf8() ? "\u00bb" : "$",
                tv_text_utf8() ? 2 : 1);
    return segs;
}
