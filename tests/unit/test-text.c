/*
 * Screen text: widths of UTF-8, fitting into columns with an ellipsis,
 * the ASCII fallback, unit formatting, sparklines, and column layout.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tv-test.h"
#include "ui/layout.h"
#include "ui/text.h"

static char *
fit(const char *s, int width, tv_align align)
{
    GString *out = g_string_new(NULL);
    tv_text_fit(out, s, width, align);
    return g_string_free(out, FALSE);
}

static void
test_width(void **state)
{
    tv_text_set_utf8(true);
    assert_int_equal(tv_text_width("abc"), 3);
    assert_int_equal(tv_text_width("ñandú"), 5);
    assert_int_equal(tv_text_width("日本"), 4); /* wide characters take two columns */
    assert_int_equal(tv_text_width(""), 0);
}

static void
test_fit_utf8(void **state)
{
    g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    tv_text_set_utf8(true);
    a = fit("web01", 8, TV_ALIGN_LEFT);
    assert_string_equal(a, "web01   ");
    b = fit("42", 5, TV_ALIGN_RIGHT);
    assert_string_equal(b, "   42");
    c = fit("a-very-long-name", 6, TV_ALIGN_LEFT);
    assert_string_equal(c, "a-ver\u2026");
    d = fit("日本語", 5, TV_ALIGN_LEFT); /* 6 columns into 5: two kept, ellipsis */
    assert_string_equal(d, "日本\u2026");
    assert_int_equal(tv_text_width(d), 5);
    e = fit("tab\there", 8, TV_ALIGN_LEFT); /* control characters never reach the screen */
    assert_string_equal(e, "tab?here");
}

static void
test_fit_ascii(void **state)
{
    g_autofree char *a = NULL, *b = NULL;
    tv_text_set_utf8(false);
    a = fit("ñandú", 7, TV_ALIGN_LEFT);
    for (const char *p = a; *p; p++)
        assert_true((unsigned char)*p < 0x80);
    assert_int_equal(strlen(a), 7);
    b = fit("a-very-long-name", 6, TV_ALIGN_LEFT);
    assert_string_equal(b, "a-ver~");
    tv_text_set_utf8(true);
}

static void
test_units(void **state)
{
    char buf[16];
    tv_fmt_size(buf, sizeof(buf), 0);
    assert_string_equal(buf, "0");
    tv_fmt_size(buf, sizeof(buf), 1023);
    assert_string_equal(buf, "1023");
    tv_fmt_size(buf, sizeof(buf), 1536);
    assert_string_equal(buf, "1.5K");
    tv_fmt_size(buf, sizeof(buf), 12.0 * 1024 * 1024);
    assert_string_equal(buf, "12M");
    tv_fmt_size(buf, sizeof(buf), 1023.9 * 1024 * 1024);
    assert_string_equal(buf, "1.0G");
    tv_fmt_kib(buf, sizeof(buf), 2097152);
    assert_string_equal(buf, "2.0G");
    tv_fmt_pct(buf, sizeof(buf), 12.345);
    assert_string_equal(buf, "12.3");
    tv_fmt_pct(buf, sizeof(buf), 812.0);
    assert_string_equal(buf, "812");
    tv_fmt_duration(buf, sizeof(buf), 42);
    assert_string_equal(buf, "42s");
    tv_fmt_duration(buf, sizeof(buf), 185);
    assert_string_equal(buf, "3m05s");
    tv_fmt_duration(buf, sizeof(buf), 3720);
    assert_string_equal(buf, "1h02m");
}

/* CPU time as top's TIME+: truncated, widening to hours and days, never past 8 columns. */
static void
test_cputime(void **state)
{
    static const struct {
        unsigned long long ns;
        const char *text;
    } cases[] = {
        { 0, "0:00.00" },
        { 9999999ULL, "0:00.00" },                 /* 9.99 ms: not a hundredth yet */
        { 10000000ULL, "0:00.01" },
        { 83450000000ULL, "1:23.45" },
        { 83459999999ULL, "1:23.45" },             /* truncated, not rounded */
        { 3599990000000ULL, "59:59.99" },
        { 3600000000000ULL, "1h00m" },
        { 43380000000000ULL, "12h03m" },
        { 359999000000000ULL, "99h59m" },
        { 360000000000000ULL, "4d04h" },           /* 100 hours */
        { 8639999000000000ULL, "99d23h" },
        { 8640000000000000ULL, "100d" },
        { 18446744073709551615ULL, "213503d" },    /* the largest counter fits too */
    };
    char buf[16];
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        tv_fmt_cputime(buf, sizeof(buf), cases[i].ns);
        assert_string_equal(buf, cases[i].text);
        assert_true(strlen(buf) <= 8);
    }
}

static void
test_sparkline(void **state)
{
    const float v[] = { 0, 50, 100 };
    g_autoptr(GString) out = g_string_new(NULL);
    tv_text_set_utf8(true);
    tv_text_sparkline(out, v, 3, 100, 5);
    assert_string_equal(out->str, "   \u2584\u2588");
    assert_int_equal(tv_text_width(out->str), 5);
    g_string_truncate(out, 0);
    tv_text_set_utf8(false);
    tv_text_sparkline(out, v, 3, 100, 3);
    assert_string_equal(out->str, " =@");
    tv_text_set_utf8(true);
}

static void
test_wrap(void **state)
{
    g_autoptr(GPtrArray) a =
        tv_text_wrap("Config file ignored: /a/very/long/path/x.conf:5: bad", 20);
    g_autoptr(GPtrArray) b = tv_text_wrap("one\ntwo three", 80);
    g_autoptr(GPtrArray) c = tv_text_wrap("", 10);
    g_autoptr(GPtrArray) d = tv_text_wrap("[y] yes   [n] no", 40);
    tv_text_set_utf8(true);
    assert_int_equal(a->len, 3);
    assert_string_equal(a->pdata[0], "Config file ignored:");
    assert_string_equal(a->pdata[1], "/a/very/long/path/x.");
    assert_string_equal(a->pdata[2], "conf:5: bad");
    for (guint i = 0; i < a->len; i++)
        assert_true(tv_text_width(a->pdata[i]) <= 20);
    assert_int_equal(b->len, 2);
    assert_string_equal(b->pdata[1], "two three");
    assert_int_equal(c->len, 1);
    assert_string_equal(c->pdata[0], "");
    assert_int_equal(d->len, 1);
    assert_string_equal(d->pdata[0], "[y] yes   [n] no");
}

static void
test_layout(void **state)
{
    tv_column cols[] = {
        { "HOST", 10, 24, 3, false, false, 0, 0 },
        { "NAME", 12, 32, 0, false, false, 0, 0 },
        { "STATE", 7, 7, 0, false, false, 0, 0 },
        { "GRAPH", 16, 30, 4, false, false, 0, 0 },
        { "RX", 5, 5, 2, true, false, 0, 0 },
    };
    /* Wide: everything shown, grown to preferred widths. */
    tv_layout_columns(cols, 5, 200, 1);
    for (int i = 0; i < 5; i++)
        assert_true(cols[i].shown);
    assert_int_equal(cols[0].width, 24);
    assert_int_equal(cols[1].width, 32);
    assert_int_equal(cols[3].width, 30);
    assert_int_equal(cols[1].x, 25);
    /* 40 columns: the graph (prio 4) goes first, then the host (3). */
    tv_layout_columns(cols, 5, 40, 1);
    assert_false(cols[3].shown);
    assert_true(cols[0].shown);
    tv_layout_columns(cols, 5, 30, 1);
    assert_false(cols[0].shown);
    assert_true(cols[1].shown && cols[2].shown && cols[4].shown);
    assert_true(cols[1].width + cols[2].width + cols[4].width + 2 <= 30);
    /* Too narrow for the columns that never drop: they stay at minimum. */
    tv_layout_columns(cols, 5, 10, 1);
    assert_true(cols[1].shown);
    assert_int_equal(cols[1].width, 12);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),     cmocka_unit_test(test_fit_utf8),
        cmocka_unit_test(test_fit_ascii), cmocka_unit_test(test_units),
        cmocka_unit_test(test_cputime),
        cmocka_unit_test(test_sparkline), cmocka_unit_test(test_layout),
        cmocka_unit_test(test_wrap),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
