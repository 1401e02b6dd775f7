/*
 * Width-aware text helpers.  Widths come from wcwidth() on each decoded
 * character, so CJK names take two columns and combining marks none; this
 * needs setlocale() done by main, which the UI always does first.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "ui/text.h"

static bool text_utf8 = true;

void
tv_text_set_utf8(bool utf8)
{
    text_utf8 = utf8;
}

bool
tv_text_utf8(void)
{
    return text_utf8;
}

/* Decodes one character at s; returns its byte length (>= 1) and width. */
static size_t
next_char(const char *s, int *width)
{
    if ((unsigned char)*s < 0x80) {
        *width = 1; /* control characters are shown as one "?" */
        return 1;
    }
    {
        gunichar c = g_utf8_get_char_validated(s, -1);
        if (c != (gunichar)-1 && c != (gunichar)-2) {
            /* Without UTF-8 on the terminal a character is one "?", whatever its bytes. */
            int w = text_utf8 ? wcwidth((wchar_t)c) : 1;
            *width = w < 0 ? 1 : w;
            return (size_t)(g_utf8_next_char(s) - s);
        }
    }
    *width = 1;
    return 1;
}

size_t
tv_text_next(const char *s, int *width)
{
    return next_char(s, width);
}

int
tv_text_width(const char *s)
{
    int total = 0;
    while (s && *s) {
        int w;
        s += next_char(s, &w);
        total += w;
    }
    return total;
}

static void
append_char(GString *out, const char *s, size_t len)
{
    unsigned char c = (unsigned char)*s;
    if (c < 0x20 || c == 0x7f)
        g_string_append_c(out, '?');
    else if (c >= 0x80 && (!text_utf8 || len == 1))
        g_string_append_c(out, '?'); /* one per character (len covers all its bytes) */
    else
        g_string_append_len(out, s, (gssize)len);
}

void
tv_text_fit(GString *out, const char *s, int width, tv_align align)
{
    int total = tv_text_width(s ? s : "");
    int used = 0;
    const char *p = s ? s : "";

    if (width <= 0)
        return;
    if (total <= width) {
        if (align == TV_ALIGN_RIGHT)
            for (int i = total; i < width; i++)
                g_string_append_c(out, ' ');
        while (*p) {
            int w;
            size_t len = next_char(p, &w);
            append_char(out, p, len);
            p += len;
        }
        if (align == TV_ALIGN_LEFT)
            for (int i = total; i < width; i++)
                g_string_append_c(out, ' ');
        return;
    }
    /* Too long: keep what fits in width - 1 columns and end with an ellipsis. */
    while (*p) {
        int w;
        size_t len = next_char(p, &w);
        if (used + w > width - 1)
            break;
        append_char(out, p, len);
        used += w;
        p += len;
    }
    for (; used < width - 1; used++)
        g_string_append_c(out, ' ');
    g_string_append(out, text_utf8 ? "\u2026" : "~");
}

void
tv_text_diff_span(const char *s, const char *const *others, size_t n, size_t *from,
                  size_t *to)
{
    size_t len = strlen(s);
    bool any = false;

    *from = *to = 0;
    for (size_t i = 0; i < n; i++) {
        const char *o = others[i];
        size_t olen, p = 0, q = 0;
        if (!o || strcmp(o, s) == 0)
            continue;
        olen = strlen(o);
        while (p < len && p < olen && s[p] == o[p])
            p++;
        while (q < len - p && q < olen - p && s[len - 1 - q] == o[olen - 1 - q])
            q++;
        if (!any || p > *from || (p == *from && len - q < *to)) {
            *from = p;
            *to = len - q;
            any = true;
        }
    }
}

/* Columns of the first bytes of s (up to its end). */
static int
width_to(const char *s, size_t bytes)
{
    int cols = 0;
    size_t i = 0;
    while (s[i] && i < bytes) {
        int w;
        i += next_char(s + i, &w);
        cols += w;
    }
    return cols;
}

/* Appends the characters of s that fit in width columns; returns the columns used. */
static int
append_cols(GString *out, const char *s, int width)
{
    int used = 0;
    while (*s) {
        int w;
        size_t len = next_char(s, &w);
        if (used + w > width)
            break;
        append_char(out, s, len);
        used += w;
        s += len;
    }
    return used;
}

/* Where a URI's path and query split into elements. */
static bool
is_element_sep(char c)
{
    return c == '/' || c == '?' || c == '&' || c == '=' || c == ';';
}

void
tv_text_fit_keep(GString *out, const char *s, int width, size_t from, size_t to)
{
    size_t len = s ? strlen(s) : 0, start, sep;
    int total, head_min, room, tail, used;

    if (!s || width < 8) {
        tv_text_fit(out, s, width, TV_ALIGN_LEFT);
        return;
    }
    from = MIN(from, len);
    to = MIN(MAX(to, from), len);
    /* Whole characters only: the span came from comparing bytes. */
    while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
        from--;
    while (s[to] && ((unsigned char)s[to] & 0xC0) == 0x80)
        to++;
    total = tv_text_width(s);
    head_min = MIN(width / 4, 12);
    if (total <= width || width_to(s, to) <= width - 1 || width_to(s, from) <= head_min) {
        tv_text_fit(out, s, width, TV_ALIGN_LEFT);
        return;
    }
    /*
     * A head, an ellipsis, then s from the span on to its end, taking in
     * whole elements before the span while the head keeps head_min columns:
     * the end of a path says more than the middle.
     */
    room = width - 1 - head_min;
    sep = from;
    while (sep > 0 && !is_element_sep(s[sep - 1]))
        sep--;
    if (total - width_to(s, from) <= room) {
        start = from;
        while (total - width_to(s, sep) <= room) {
            start = sep;
            if (sep == 0)
                break;
            sep--; /* onto the separator, then to the start of the element before it */
            while (sep > 0 && !is_element_sep(s[sep - 1]))
                sep--;
        }
    } else {
        /* Not even the span to the end fits: cut the end too. */
        start = width_to(s, to) - width_to(s, sep) <= room - 1 ? sep : from;
        used = append_cols(out, s, head_min);
        g_string_append(out, text_utf8 ? "\u2026" : "~");
        used += 1 + append_cols(out, s + start, room - 1);
        g_string_append(out, text_utf8 ? "\u2026" : "~");
        for (used++; used < width; used++)
            g_string_append_c(out, ' ');
        return;
    }
    tail = total - width_to(s, start);
    used = append_cols(out, s, width - 1 - tail);
    g_string_append(out, text_utf8 ? "\u2026" : "~");
    used += 1 + append_cols(out, s + start, tail);
    for (; used < width; used++)
        g_string_append_c(out, ' ');
}

void
tv_fmt_size(char *buf, size_t len, double value)
{
    static const char units[] = "KMGTPE";
    int u = -1;
    if (value < 0)
        value = 0;
    if (value < 1024) {
        g_snprintf(buf, len, "%.0f", value);
        return;
    }
    while (value >= 1024 && u < (int)sizeof(units) - 2) {
        value /= 1024;
        u++;
    }
    if (value < 9.95)
        g_snprintf(buf, len, "%.1f%c", value, units[u]);
    else if (value < 1023.5)
        g_snprintf(buf, len, "%.0f%c", value, units[u]);
    else
        g_snprintf(buf, len, "%.1f%c", value / 1024, units[u + 1]);
}

void
tv_fmt_kib(char *buf, size_t len, unsigned long long kib)
{
    tv_fmt_size(buf, len, (double)kib * 1024.0);
}

void
tv_fmt_pct(char *buf, size_t len, double pct)
{
    if (pct < 0)
        pct = 0;
    if (pct < 99.95)
        g_snprintf(buf, len, "%.1f", pct);
    else
        g_snprintf(buf, len, "%.0f", pct);
}

void
tv_fmt_duration(char *buf, size_t len, long seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds >= 3600)
        g_snprintf(buf, len, "%ldh%02ldm", seconds / 3600, (seconds / 60) % 60);
    else if (seconds >= 60)
        g_snprintf(buf, len, "%ldm%02lds", seconds / 60, seconds % 60);
    else
        g_snprintf(buf, len, "%lds", seconds);
}

void
tv_fmt_cputime(char *buf, size_t len, unsigned long long ns)
{
    /* Truncated, never rounded up: a clock must not show a second before it has passed. */
    unsigned long long cs = ns / 10000000ULL; /* hundredths of a second */
    unsigned long long s = cs / 100, m = s / 60, h = m / 60, d = h / 24;

    if (m < 60)
        g_snprintf(buf, len, "%llu:%02llu.%02llu", m, s % 60, cs % 100);
    else if (h < 100)
        g_snprintf(buf, len, "%lluh%02llum", h, m % 60);
    else if (d < 100)
        g_snprintf(buf, len, "%llud%02lluh", d, h % 24);
    else
        g_snprintf(buf, len, "%llud", d);
}

/* Appends word to lines/line, breaking it when it alone is wider than width. */
static void
wrap_word(GPtrArray *lines, GString *line, size_t indent, const char *word, int width)
{
    int ww = tv_text_width(word);
    if (line->len > indent && tv_text_width(line->str) + 1 + ww > width) {
        g_ptr_array_add(lines, g_strdup(line->str));
        g_string_truncate(line, 0);
    }
    if (line->len > indent)
        g_string_append_c(line, ' ');
    while (*word) {
        int w;
        size_t len = next_char(word, &w);
        if (line->len && tv_text_width(line->str) + w > width) {
            g_ptr_array_add(lines, g_strdup(line->str));
            g_string_truncate(line, 0);
        }
        g_string_append_len(line, word, (gssize)len);
        word += len;
    }
}

GPtrArray *
tv_text_wrap(const char *text, int width)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) paras = g_strsplit(text ? text : "", "\n", -1);
    width = MAX(width, 1);
    for (size_t p = 0; paras[p]; p++) {
        g_auto(GStrv) words = g_strsplit(paras[p], " ", -1);
        g_autoptr(GString) line = g_string_new(NULL);
        /* A paragraph's indentation is kept (XML, aligned columns) when it leaves room. */
        size_t indent = strspn(paras[p], " ");
        size_t first = words[indent] ? indent : 0;
        if (first && indent < (size_t)width / 2)
            g_string_append_len(line, paras[p], (gssize)indent);
        for (size_t w = first; words[w]; w++) {
            if (*words[w])
                wrap_word(lines, line, w == first ? line->len : 0, words[w], width);
            else if (line->len && w > 0)
                g_string_append_c(line, ' '); /* runs of spaces are kept */
        }
        g_ptr_array_add(lines, g_strdup(line->str));
    }
    if (lines->len == 0) /* g_strsplit gives no part for "" */
        g_ptr_array_add(lines, g_strdup(""));
    return lines;
}

void
tv_text_sparkline(GString *out, const float *v, size_t n, float max, int width)
{
    static const char *const bars[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
                                        "\u2585", "\u2586", "\u2587", "\u2588" };
    static const char ascii[] = " .:-=+*#@";
    size_t shown = MIN(n, (size_t)MAX(width, 0));
    for (int i = (int)shown; i < width; i++)
        g_string_append_c(out, ' ');
    for (size_t i = n - shown; i < n; i++) {
        int level = 0;
        if (max > 0 && v[i] > 0) {
            level = (int)(v[i] / max * 8.0f + 0.999f);
            level = CLAMP(level, 1, 8);
        }
        if (text_utf8)
            g_string_append(out, bars[level]);
        else
            g_string_append_c(out, ascii[level]);
    }
}
