/*
 * Tests of key spellings and keymaps: every documented spelling, the
 * errors, that tv_key_name and tv_key_parse are inverses for every code,
 * and binding, lookup (with Enter and Backspace folded) and reverse lookup.
 * curses.h is only used for its KEY_* constants; no terminal is needed.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <string.h>

#include "ui/keymap.h"

static int
parse_ok(const char *spelling)
{
    char *err = NULL;
    int key = tv_key_parse(spelling, &err);
    if (key < 0)
        fail_msg("'%s' did not parse: %s", spelling, err);
    assert_null(err);
    return key;
}

static void
expect_parse_error(const char *spelling, const char *msg)
{
    g_autofree char *err = NULL;

    assert_int_equal(tv_key_parse(spelling, &err), -1);
    assert_non_null(err);
    assert_string_equal(err, msg);
}

static void
test_parse_printable(void **state)
{
    char s[2] = { 0, 0 };

    for (int c = '!'; c <= '~'; c++) {
        s[0] = (char)c;
        assert_int_equal(parse_ok(s), c);
    }
    assert_int_equal(parse_ok(" "), ' ');
    /* Single letters are case-sensitive: "S" is shutdown, "s" start. */
    assert_int_equal(parse_ok("S"), 'S');
    assert_int_equal(parse_ok("s"), 's');
}

static void
test_parse_names(void **state)
{
    static const struct {
        const char *spelling;
        int key;
    } cases[] = {
        { "Enter", '\n' },
        { "Esc", 27 },
        { "Tab", '\t' },
        { "BTab", KEY_BTAB },
        { "Space", ' ' },
        { "Backspace", KEY_BACKSPACE },
        { "Del", KEY_DC },
        { "Up", KEY_UP },
        { "Down", KEY_DOWN },
        { "Left", KEY_LEFT },
        { "Right", KEY_RIGHT },
        { "PgUp", KEY_PPAGE },
        { "PgDn", KEY_NPAGE },
        { "Home", KEY_HOME },
        { "End", KEY_END },
        { "Ins", KEY_IC },
        { "KP-Enter", KEY_ENTER },
        /* Names ignore case. */
        { "enter", '\n' },
        { "ESC", 27 },
        { "pgdn", KEY_NPAGE },
        { "f5", KEY_F(5) },
        /* Aliases. */
        { "Return", '\n' },
        { "Escape", 27 },
        { "S-Tab", KEY_BTAB },
        { "Delete", KEY_DC },
        { "Insert", KEY_IC },
        { "PageUp", KEY_PPAGE },
        { "PageDown", KEY_NPAGE },
        { "C-Space", 0 },
        { "C-@", 0 },
        { "<416>", 416 },
        { "<0>", 0 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (parse_ok(cases[i].spelling) != cases[i].key)
            fail_msg("'%s' gave %d, not %d", cases[i].spelling,
                     tv_key_parse(cases[i].spelling, NULL), cases[i].key);
    }
}

static void
test_parse_control(void **state)
{
    char s[4] = "C-?";

    for (int c = 'a'; c <= 'z'; c++) {
        s[2] = (char)c;
        assert_int_equal(parse_ok(s), c - 'a' + 1);
        s[2] = (char)g_ascii_toupper((char)c);
        assert_int_equal(parse_ok(s), c - 'a' + 1);
    }
    assert_int_equal(parse_ok("c-x"), 24);
    /* Terminals cannot tell these apart. */
    assert_int_equal(parse_ok("C-i"), parse_ok("Tab"));
    assert_int_equal(parse_ok("C-j"), parse_ok("Enter"));
    assert_int_equal(parse_ok("C-m"), '\r');
    assert_int_equal(parse_ok("C-["), parse_ok("Esc"));
    assert_int_equal(parse_ok("C-\\"), 28);
    assert_int_equal(parse_ok("C-]"), 29);
    assert_int_equal(parse_ok("C-^"), 30);
    assert_int_equal(parse_ok("C-_"), 31);
}

static void
test_parse_function_keys(void **state)
{
    char s[8];

    for (int n = 1; n <= 12; n++) {
        g_snprintf(s, sizeof(s), "F%d", n);
        assert_int_equal(parse_ok(s), KEY_F(n));
    }
    assert_int_equal(parse_ok("F63"), KEY_F(63));
    /* A lone F is the letter. */
    assert_int_equal(parse_ok("F"), 'F');
}

static void
test_parse_errors(void **state)
{
    expect_parse_error("", "empty key name");
    expect_parse_error(NULL, "empty key name");
    expect_parse_error("foo", "unknown key 'foo'");
    expect_parse_error("C-", "unknown key 'C-'");
    expect_parse_error("C-1", "unknown key 'C-1'");
    expect_parse_error("C-ab", "unknown key 'C-ab'");
    expect_parse_error("M-x", "unknown key 'M-x'");
    expect_parse_error("F0", "unknown key 'F0'");
    expect_parse_error("F64", "unknown key 'F64'");
    expect_parse_error("F1x", "unknown key 'F1x'");
    expect_parse_error("F+1", "unknown key 'F+1'");
    expect_parse_error("<>", "unknown key '<>'");
    expect_parse_error("<-1>", "unknown key '<-1>'");
    expect_parse_error("<+1>", "unknown key '<+1>'");
    expect_parse_error("<1x>", "unknown key '<1x>'");
    expect_parse_error("<99999999999>", "unknown key '<99999999999>'");
    expect_parse_error("Enter ", "unknown key 'Enter '");
    expect_parse_error("\x01", "unknown key '\x01'");
    expect_parse_error("\t", "unknown key '\t'");
    /* Keys are curses codes: a wide character has none. */
    expect_parse_error("\xc3\xa9", "unknown key '\xc3\xa9'");
    /* error may be NULL. */
    assert_int_equal(tv_key_parse("nope", NULL), -1);
}

static void
test_names(void **state)
{
    assert_string_equal(tv_key_name('\n'), "Enter");
    assert_string_equal(tv_key_name(27), "Esc");
    assert_string_equal(tv_key_name('\t'), "Tab");
    assert_string_equal(tv_key_name(' '), "Space");
    assert_string_equal(tv_key_name('a'), "a");
    assert_string_equal(tv_key_name('?'), "?");
    assert_string_equal(tv_key_name(1), "C-a");
    assert_string_equal(tv_key_name(12), "C-l");
    assert_string_equal(tv_key_name('\r'), "C-m");
    assert_string_equal(tv_key_name(29), "C-]");
    assert_string_equal(tv_key_name(0), "C-Space");
    assert_string_equal(tv_key_name(KEY_F(1)), "F1");
    assert_string_equal(tv_key_name(KEY_F(12)), "F12");
    assert_string_equal(tv_key_name(KEY_UP), "Up");
    assert_string_equal(tv_key_name(KEY_NPAGE), "PgDn");
    assert_string_equal(tv_key_name(KEY_BACKSPACE), "Backspace");
    assert_string_equal(tv_key_name(KEY_DC), "Del");
    assert_string_equal(tv_key_name(KEY_BTAB), "BTab");
    assert_string_equal(tv_key_name(KEY_ENTER), "KP-Enter");
    assert_string_equal(tv_key_name(127), "<127>");
    assert_string_equal(tv_key_name(KEY_RESIZE), "<410>");
    /* Interned: the same pointer every time, kept as long as the caller likes. */
    assert_ptr_equal(tv_key_name('x'), tv_key_name('x'));
    assert_ptr_equal(tv_key_name(600), tv_key_name(600));
}

static void
test_round_trip(void **state)
{
    for (int key = 0; key <= KEY_MAX + 100; key++) {
        const char *name = tv_key_name(key);
        char *err = NULL;
        int back = tv_key_parse(name, &err);
        if (back != key)
            fail_msg("key %d is named '%s', which parses as %d (%s)", key, name, back,
                     err ? err : "no error");
    }
}

static void
test_bind_lookup(void **state)
{
    g_autoptr(tv_keymap) km = tv_keymap_new();
    char command[] = "domain-start";

    assert_null(tv_keymap_lookup(km, 's'));
    tv_keymap_bind(km, 's', command);
    /* The name is copied. */
    command[0] = 'X';
    assert_string_equal(tv_keymap_lookup(km, 's'), "domain-start");
    assert_null(tv_keymap_lookup(km, 'S'));

    tv_keymap_bind(km, 's', "domain-shutdown");
    assert_string_equal(tv_keymap_lookup(km, 's'), "domain-shutdown");

    tv_keymap_bind(km, 0, "mark");
    assert_string_equal(tv_keymap_lookup(km, 0), "mark");

    tv_keymap_unbind(km, 's');
    assert_null(tv_keymap_lookup(km, 's'));
    tv_keymap_unbind(km, 's');
    tv_keymap_bind(km, 0, NULL);
    assert_null(tv_keymap_lookup(km, 0));
    tv_keymap_free(NULL);
}

static void
test_normalise(void **state)
{
    g_autoptr(tv_keymap) km = tv_keymap_new();

    tv_keymap_bind(km, '\n', "open");
    assert_string_equal(tv_keymap_lookup(km, '\n'), "open");
    assert_string_equal(tv_keymap_lookup(km, '\r'), "open");
    assert_string_equal(tv_keymap_lookup(km, KEY_ENTER), "open");

    /* Binding C-m (from the config file) binds Enter. */
    tv_keymap_bind(km, parse_ok("C-m"), "open-2");
    assert_string_equal(tv_keymap_lookup(km, '\n'), "open-2");
    assert_int_equal(tv_keymap_key_for(km, "open-2"), '\n');
    tv_keymap_bind(km, KEY_ENTER, "open-3");
    assert_string_equal(tv_keymap_lookup(km, '\r'), "open-3");

    tv_keymap_bind(km, KEY_BACKSPACE, "back");
    assert_string_equal(tv_keymap_lookup(km, 127), "back");
    tv_keymap_unbind(km, 127);
    assert_null(tv_keymap_lookup(km, KEY_BACKSPACE));

    /* C-h stays its own key. */
    tv_keymap_bind(km, 8, "help");
    assert_null(tv_keymap_lookup(km, KEY_BACKSPACE));

    tv_keymap_unbind(km, '\r');
    assert_null(tv_keymap_lookup(km, '\n'));
}

static void
test_key_for(void **state)
{
    g_autoptr(tv_keymap) km = tv_keymap_new();

    assert_int_equal(tv_keymap_key_for(km, "quit"), -1);
    tv_keymap_bind(km, 'q', "quit");
    tv_keymap_bind(km, KEY_F(10), "quit");
    tv_keymap_bind(km, 'Q', "quit");
    tv_keymap_bind(km, 'j', "down");
    assert_int_equal(tv_keymap_key_for(km, "quit"), 'Q');
    tv_keymap_unbind(km, 'Q');
    assert_int_equal(tv_keymap_key_for(km, "quit"), 'q');
    tv_keymap_bind(km, 'q', "other");
    assert_int_equal(tv_keymap_key_for(km, "quit"), KEY_F(10));
    assert_int_equal(tv_keymap_key_for(km, "down"), 'j');
    assert_int_equal(tv_keymap_key_for(km, "nothing"), -1);
    assert_int_equal(tv_keymap_key_for(km, "qui"), -1);
}

typedef struct {
    GString *out;
} collect_ctx;

static void
collect(int key, const char *command, void *data)
{
    collect_ctx *ctx = data;
    g_string_append_printf(ctx->out, "%s=%s ", tv_key_name(key), command);
}

static void
test_foreach(void **state)
{
    g_autoptr(tv_keymap) km = tv_keymap_new();
    collect_ctx ctx = { g_string_new(NULL) };

    tv_keymap_foreach(km, collect, &ctx);
    assert_string_equal(ctx.out->str, "");
    tv_keymap_bind(km, KEY_UP, "up");
    tv_keymap_bind(km, 'k', "up");
    tv_keymap_bind(km, '\r', "open");
    tv_keymap_bind(km, 'A', "abort");
    tv_keymap_foreach(km, collect, &ctx);
    assert_string_equal(ctx.out->str, "Enter=open A=abort k=up Up=up ");
    g_string_free(ctx.out, TRUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_printable),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_parse_control),
        cmocka_unit_test(test_parse_function_keys),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bind_lookup),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_key_for),
        cmocka_unit_test(test_foreach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
