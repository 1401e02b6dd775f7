/*
 * Screen text: widths of UTF-8, fitting into columns with an ellipsis (and
 * around what tells similar strings apart), the ASCII fallback, unit
 * formatting, sparklines, and column layout.
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
    /* One "?" per character, not one per byte. */
    assert_string_equal(a, "?and?  ");
    assert_int_equal(tv_text_width("mail-ñandú"), 10);
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

/* s fitted into width columns, keeping what tells it from the others in view. */
static char *
fit_apart(const char *s, const char *const *others, size_t n, int width)
{
    GString *out = g_string_new(NULL);
    size_t from, to;
    tv_text_diff_span(s, others, n, &from, &to);
    tv_text_fit_keep(out, s, width, from, to);
    assert_int_equal(tv_text_width(out->str), width);
    return g_string_free(out, FALSE);
}

static void
test_diff_span(void **state)
{
    const char *const uris[] = { "qemu+unix:///system?socket=/srv/a/sock",
                                 "qemu+unix:///system?socket=/srv/b/sock",
                                 "qemu+unix:///system?socket=/srv/a/sock" /* equal: skipped */,
                                 "qemu+tcp://b/system" };
    const char *const labels[] = { "host", "host#2", "other" };
    size_t from, to;
    tv_text_diff_span(uris[0], uris, 4, &from, &to);
    assert_int_equal(from, 32);
    assert_int_equal(to, 33);
    tv_text_diff_span(labels[0], labels, 3, &from, &to);
    assert_int_equal(from, 4); /* a prefix of "host#2": nothing of its own but its end */
    assert_int_equal(to, 4);
    tv_text_diff_span(labels[1], labels, 3, &from, &to);
    assert_int_equal(from, 4);
    assert_int_equal(to, 6);
    tv_text_diff_span(labels[2], NULL, 0, &from, &to);
    assert_int_equal(from, 0);
    assert_int_equal(to, 0);
}

static void
test_fit_keep(void **state)
{
    const char *const sock[] = {
        "qemu+unix:///system?socket=/var/lib/tvirt-lab/a/run/libvirt/libvirt-sock",
        "qemu+unix:///system?socket=/var/lib/tvirt-lab/b/run/libvirt/libvirt-sock",
    };
    const char *const file[] = {
        "test:///tmp/tvui.AbCdEf/some/deeper/place/aaaaaaaa-long-directory-name-one/host.xml",
        "test:///tmp/tvui.AbCdEf/some/deeper/place/aaaaaaaa-long-directory-name-two/host.xml",
    };
    const char *const names[] = { "very-long-hostname-1", "very-long-hostname-2" };
    g_autofree char *a = fit_apart(sock[0], sock, 2, 80);
    g_autofree char *b = fit_apart(sock[0], sock, 2, 59);
    g_autofree char *c = fit_apart(sock[1], sock, 2, 40);
    g_autofree char *d = fit_apart(file[0], file, 2, 60);
    g_autofree char *e = fit_apart(file[1], file, 2, 30);
    g_autofree char *f = fit_apart(names[1], names, 2, 12);
    g_autofree char *g = fit_apart(file[0], NULL, 0, 30);
    g_autofree char *h = NULL;
    g_autofree char *i = NULL;

    /* Whole when it fits; an end cut when that shows the difference. */
    assert_true(g_str_has_prefix(a, sock[0]));
    assert_string_equal(b, "qemu+unix:///system?socket=/var/lib/tvirt-lab/a/run/libvir\u2026");
    /* Otherwise the middle goes, from the element where they differ... */
    assert_string_equal(c, "qemu+unix:///\u2026b/run/libvirt/libvirt-sock");
    assert_string_equal(d, "test:///tmp/\u2026place/aaaaaaaa-long-directory-name-one/host.xml");
    /* ...or from the difference itself when the element is too long. */
    assert_string_equal(e, "test:///tmp/tvui.\u2026two/host.xml");
    assert_string_equal(f, "very-long-\u20262");
    /* Nothing to tell apart from: a plain end cut. */
    assert_string_equal(g, "test:///tmp/tvui.AbCdEf/some/\u2026");
    /* Both ends cut when even the difference to the end is too long. */
    h = fit_apart(file[0], file, 2, 12);
    assert_string_equal(h, "tes\u2026one/hos\u2026");
    /* One daemon's socket twice (a/run/ and a/run/./) beside another's: each row keeps
     * what tells it from the one most like it, and as much of its end as fits. */
    {
        const char *const socks[] = {
            "qemu+unix:///system?socket=/var/tmp/tvirt-lab/hosts/a/run/libvirt-sock",
            "qemu+unix:///system?socket=/var/tmp/tvirt-lab/hosts/b/run/libvirt-sock",
            "qemu+unix:///system?socket=/var/tmp/tvirt-lab/hosts/a/run/./libvirt-sock",
        };
        g_autofree char *x = fit_apart(socks[0], socks, 3, 56);
        g_autofree char *y = fit_apart(socks[1], socks, 3, 56);
        g_autofree char *z = fit_apart(socks[2], socks, 3, 56);
        assert_string_equal(x, "qemu+unix://\u2026/var/tmp/tvirt-lab/hosts/a/run/libvirt-sock");
        assert_string_equal(y, "qemu+unix:///system?socket=/var/tmp/tvirt-lab/hosts/b/r\u2026");
        assert_string_equal(z, "qemu+unix:///sy\u2026tmp/tvirt-lab/hosts/a/run/./libvirt-sock");
    }
    tv_text_set_utf8(false);
    i = fit_apart(file[0], file, 2, 30);
    tv_text_set_utf8(true);
    assert_string_equal(i, "test:///tmp/tvui.~one/host.xml");
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
        cmocka_unit_test(test_wrap),      cmocka_unit_test(test_diff_span),
        cmocka_unit_test(test_fit_keep),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
