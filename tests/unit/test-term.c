/*
 * The console's terminal (libvterm underneath): colours and attributes of
 * cells, cursor addressing, clear screen and erase, line wrap, scrollback
 * and paging through it, UTF-8 and wide characters, resizing, the answers
 * to the guest's queries, and keys encoded as a terminal encodes them.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "tv-test.h"
#include "ui/term.h"

/* What the terminal sent to the guest. */
static GString *sent;

static void
collect(const char *bytes, size_t n, void *user)
{
    g_string_append_len(user, bytes, (gssize)n);
}

static tv_term *
new_term(int rows, int cols)
{
    if (!sent)
        sent = g_string_new(NULL);
    g_string_truncate(sent, 0);
    return tv_term_new(rows, cols, collect, sent);
}

static void
feed(tv_term *t, const char *s)
{
    tv_term_feed(t, s, strlen(s));
}

static void
assert_row(const tv_term *t, int row, const char *want)
{
    g_autofree char *got = tv_term_row_text(t, row);
    if (strcmp(got, want) != 0)
        fail_msg("row %d is \"%s\", expected \"%s\"", row, got, want);
}

static tv_term_cell
cell(const tv_term *t, int row, int col)
{
    tv_term_cell c;
    tv_term_cell_at(t, row, col, &c);
    return c;
}

static void
test_text_and_newlines(void **state)
{
    tv_term *t = new_term(5, 20);
    feed(t, "tvirt-heartbeat 1\r\ntvirt-heartbeat 2\r\n# ");
    assert_row(t, 0, "tvirt-heartbeat 1");
    assert_row(t, 1, "tvirt-heartbeat 2");
    assert_row(t, 2, "#");
    /* A bare line feed goes down without returning, as on a real terminal. */
    feed(t, "a\nb");
    assert_row(t, 2, "# a");
    assert_row(t, 3, "   b");
    /* Carriage-return overwrites, backspace erasing a typed character, tabs. */
    feed(t, "\r\nprogress 10%\rprogress 55%\r\nls -x\b \b\b");
    assert_row(t, 4, "ls -");
    feed(t, "\r\n\tx\x07");
    assert_row(t, 4, "        x");
    tv_term_free(t);
}

static void
test_colours_and_attributes(void **state)
{
    tv_term *t = new_term(4, 40);
    tv_term_cell c;

    feed(t, "\033[31mR\033[0mn\033[1;32;44mG\033[0;4;7mU\033[93mY\033[39;49m");
    c = cell(t, 0, 0);
    assert_int_equal(c.chars[0], 'R');
    assert_int_equal(c.fg, 1);
    assert_int_equal(c.bg, TV_TERM_COLOR_DEFAULT);
    assert_int_equal(c.attrs, 0);
    c = cell(t, 0, 1);
    assert_int_equal(c.fg, TV_TERM_COLOR_DEFAULT);
    c = cell(t, 0, 2);
    assert_int_equal(c.fg, 2);
    assert_int_equal(c.bg, 4);
    assert_int_equal(c.attrs, TV_TERM_BOLD);
    c = cell(t, 0, 3);
    assert_int_equal(c.attrs, TV_TERM_UNDERLINE | TV_TERM_REVERSE);
    assert_int_equal(c.fg, TV_TERM_COLOR_DEFAULT);
    c = cell(t, 0, 4);
    assert_int_equal(c.fg, 11); /* bright yellow */

    /* 256 colours and RGB (to the nearest of the 256). */
    feed(t, "\r\n\033[38;5;208mo\033[48;5;21mb\033[38;2;255;0;0mr\033[0m");
    assert_int_equal(cell(t, 1, 0).fg, 208);
    assert_int_equal(cell(t, 1, 1).bg, 21);
    assert_int_equal(cell(t, 1, 2).fg, 196);
    assert_int_equal(cell(t, 1, 2).bg, 21);

    /* Erasing with a background colour set paints it (as xterm does). */
    feed(t, "\r\n\033[41m\033[K\033[0m");
    assert_int_equal(cell(t, 2, 39).bg, 1);
    tv_term_free(t);
}

static void
test_cursor_addressing(void **state)
{
    tv_term *t = new_term(10, 30);
    int row, col;

    feed(t, "\033[5;10HX");
    assert_int_equal(cell(t, 4, 9).chars[0], 'X');
    assert_true(tv_term_cursor(t, &row, &col));
    assert_int_equal(row, 4);
    assert_int_equal(col, 10);
    feed(t, "\033[2A\033[3DY\033[B\033[2CZ\033[HH\033[10;30HE");
    assert_int_equal(cell(t, 2, 7).chars[0], 'Y');
    assert_int_equal(cell(t, 3, 10).chars[0], 'Z');
    assert_int_equal(cell(t, 0, 0).chars[0], 'H');
    assert_int_equal(cell(t, 9, 29).chars[0], 'E');
    /* Save and restore the cursor; hide and show it. */
    feed(t, "\0337\033[1;1H\0338W");
    assert_row(t, 9, "                             W");
    feed(t, "\033[?25l");
    assert_false(tv_term_cursor(t, &row, &col));
    feed(t, "\033[?25h");
    assert_true(tv_term_cursor(t, &row, &col));
    tv_term_free(t);
}

static void
test_clear_and_erase(void **state)
{
    tv_term *t = new_term(4, 20);

    feed(t, "one\r\ntwo\r\nthree");
    feed(t, "\033[H\033[2J");
    for (int r = 0; r < 4; r++)
        assert_row(t, r, "");
    /* busybox clear: home, erase below; then text placed by position. */
    feed(t, "old stuff\r\nmore\033[H\033[Jnew\033[3;5Hat-3-5");
    assert_row(t, 0, "new");
    assert_row(t, 1, "");
    assert_row(t, 2, "    at-3-5");

    feed(t, "\033[1;1Habcdef\033[1;4H\033[K");
    assert_row(t, 0, "abc");
    feed(t, "\033[3;7H\033[1K");
    assert_row(t, 2, "       3-5");
    feed(t, "\033[3;1H\033[2K");
    assert_row(t, 2, "");
    feed(t, "\033[1;1Hxyz\033[1;2H\033[1P");
    assert_row(t, 0, "xz");
    tv_term_free(t);
}

static void
test_line_wrap(void **state)
{
    tv_term *t = new_term(3, 10);
    feed(t, "0123456789abcde");
    assert_row(t, 0, "0123456789");
    assert_row(t, 1, "abcde");
    /* Exactly a line's worth waits at the margin: no empty line in between. */
    feed(t, "\r\n9876543210\r\nx");
    assert_row(t, 2, "x");
    assert_row(t, 1, "9876543210");
    tv_term_free(t);
}

static void
test_scrollback(void **state)
{
    tv_term *t = new_term(5, 20);
    int row, col;

    for (int i = 1; i <= 20; i++) {
        char line[32];
        g_snprintf(line, sizeof(line), "line %d\r\n", i);
        feed(t, line);
    }
    /* Lines 1..16 scrolled off; 17..20 and the empty line are on screen. */
    assert_int_equal(tv_term_scrollback_lines(t), 16);
    assert_row(t, 0, "line 17");
    assert_int_equal(tv_term_scroll_offset(t), 0);

    tv_term_scroll(t, 3);
    assert_int_equal(tv_term_scroll_offset(t), 3);
    assert_row(t, 0, "line 14");
    assert_row(t, 3, "line 17");
    assert_false(tv_term_cursor(t, &row, &col)); /* scrolled out of view */

    /* New output while reading old lines: the view stays on them. */
    feed(t, "line 21\r\n");
    assert_int_equal(tv_term_scroll_offset(t), 4);
    assert_row(t, 0, "line 14");

    /* Clamped at both ends. */
    tv_term_scroll(t, 1000);
    assert_int_equal(tv_term_scroll_offset(t), 17);
    assert_row(t, 0, "line 1");
    tv_term_scroll(t, -1000);
    assert_int_equal(tv_term_scroll_offset(t), 0);
    assert_row(t, 0, "line 18");
    assert_true(tv_term_cursor(t, &row, &col));

    /* The oldest lines go past the limit. */
    for (int i = 0; i < TV_TERM_SCROLLBACK + 50; i++)
        feed(t, "more\r\n");
    assert_int_equal(tv_term_scrollback_lines(t), TV_TERM_SCROLLBACK);
    tv_term_scroll(t, TV_TERM_SCROLLBACK);
    assert_row(t, 0, "more");
    tv_term_free(t);
}

static void
test_scrollback_keeps_colours(void **state)
{
    tv_term *t = new_term(2, 20);
    feed(t, "\033[31mred\033[0m plain\r\nx\r\ny\r\n");
    tv_term_scroll(t, 2);
    assert_row(t, 0, "red plain");
    assert_int_equal(cell(t, 0, 0).fg, 1);
    assert_int_equal(cell(t, 0, 4).fg, TV_TERM_COLOR_DEFAULT);
    /* Past the end of a stored line: blank. */
    assert_int_equal(cell(t, 0, 15).chars[0], 0);
    tv_term_free(t);
}

static void
test_alternate_screen(void **state)
{
    tv_term *t = new_term(4, 20);
    feed(t, "shell$ vi\r\n");
    feed(t, "\033[?1049h\033[H\033[2J~\r\n~\033[4;1H\"f\" 0L");
    assert_row(t, 0, "~");
    assert_row(t, 3, "\"f\" 0L");
    /* Full-screen programs leave no lines in the scrollback. */
    feed(t, "\r\n\r\n\r\n\r\n");
    assert_int_equal(tv_term_scrollback_lines(t), 0);
    feed(t, "\033[?1049l");
    assert_row(t, 0, "shell$ vi");
    tv_term_free(t);
}

static void
test_utf8(void **state)
{
    tv_term *t = new_term(3, 20);
    tv_term_cell c;
    char u[16];

    feed(t, "w\xc3\xa9"
            "b \xe6\x97\xa5\xe6\x9c\xac!");
    assert_row(t, 0, "wéb 日本!");
    c = cell(t, 0, 4);
    assert_int_equal(c.chars[0], 0x65e5);
    assert_int_equal(c.width, 2);
    assert_int_equal(cell(t, 0, 5).width, 0);
    assert_int_equal(cell(t, 0, 8).chars[0], '!');
    /* A character split across two reads; a combining accent joins its letter. */
    feed(t, "\r\n\xc3");
    feed(t, "\xa0"
            "e\xcc\x81|");
    c = cell(t, 1, 1);
    assert_int_equal(c.chars[0], 'e');
    assert_int_equal(c.chars[1], 0x301);
    tv_term_cell_utf8(&c, u, sizeof(u));
    assert_string_equal(u, "e\xcc\x81");
    assert_int_equal(cell(t, 1, 2).chars[0], '|');
    /* DEC line drawing comes out as Unicode box drawing. */
    feed(t, "\r\n\033(0lqk\033(B");
    assert_row(t, 2, "┌─┐");
    tv_term_free(t);
}

static void
test_resize(void **state)
{
    tv_term *t = new_term(6, 20);
    int rows, cols;

    feed(t, "a\r\nb\r\nc\r\nd\r\ne\r\nf");
    tv_term_resize(t, 3, 20);
    tv_term_get_size(t, &rows, &cols);
    assert_int_equal(rows, 3);
    assert_int_equal(cols, 20);
    /* The cursor's line stays; the ones above it that no longer fit went to the scrollback. */
    assert_row(t, 2, "f");
    assert_row(t, 0, "d");
    assert_int_equal(tv_term_scrollback_lines(t), 3);
    /* Growing brings them back. */
    tv_term_resize(t, 6, 20);
    assert_row(t, 0, "a");
    assert_row(t, 5, "f");
    assert_int_equal(tv_term_scrollback_lines(t), 0);
    /* Narrower, then typing past the new margin wraps there. */
    tv_term_resize(t, 6, 5);
    feed(t, "\033[1;1H123456");
    assert_row(t, 0, "12345");
    assert_row(t, 1, "6");
    /* Out-of-range cells read blank; a size below 1 x 1 is 1 x 1. */
    assert_int_equal(cell(t, 10, 10).chars[0], 0);
    tv_term_resize(t, 0, -3);
    tv_term_get_size(t, &rows, &cols);
    assert_int_equal(rows, 1);
    assert_int_equal(cols, 1);
    tv_term_free(t);
}

static void
test_replies(void **state)
{
    tv_term *t = new_term(24, 80);
    feed(t, "\033[5;12H\033[6n");
    assert_string_equal(sent->str, "\033[5;12R");
    g_string_truncate(sent, 0);
    /* busybox vi and ash ask for the size this way. */
    feed(t, "\0337\033[r\033[999;999H\033[6n\0338");
    assert_string_equal(sent->str, "\033[24;80R");
    g_string_truncate(sent, 0);
    feed(t, "\033[c");
    assert_true(g_str_has_prefix(sent->str, "\033[?"));
    tv_term_free(t);
}

static const char *
key_bytes(tv_term *t, tv_term_key key, unsigned mods)
{
    g_string_truncate(sent, 0);
    tv_term_send_key(t, key, mods);
    return sent->str;
}

static const char *
char_bytes(tv_term *t, uint32_t ch, unsigned mods)
{
    g_string_truncate(sent, 0);
    tv_term_send_char(t, ch, mods);
    return sent->str;
}

static void
test_keys(void **state)
{
    tv_term *t = new_term(24, 80);

    assert_string_equal(key_bytes(t, TV_TERM_KEY_ENTER, 0), "\r");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_TAB, 0), "\t");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_TAB, TV_TERM_MOD_SHIFT), "\033[Z");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_BACKSPACE, 0), "\177");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_ESCAPE, 0), "\033");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_UP, 0), "\033[A");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_DOWN, 0), "\033[B");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_RIGHT, 0), "\033[C");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_LEFT, 0), "\033[D");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_HOME, 0), "\033[H");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_END, 0), "\033[F");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_INSERT, 0), "\033[2~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_DELETE, 0), "\033[3~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_PAGE_UP, 0), "\033[5~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_PAGE_DOWN, 0), "\033[6~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_F1, 0), "\033OP");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_F1 + 3, 0), "\033OS");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_F1 + 4, 0), "\033[15~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_F12, 0), "\033[24~");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_UP, TV_TERM_MOD_CTRL), "\033[1;5A");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_LAST, 0), "");

    /* vi and less switch the cursor keys to application mode; so do the keys. */
    feed(t, "\033[?1h");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_UP, 0), "\033OA");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_LEFT, 0), "\033OD");
    feed(t, "\033[?1l");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_UP, 0), "\033[A");
    /* Newline mode: Enter sends CR LF. */
    feed(t, "\033[20h");
    assert_string_equal(key_bytes(t, TV_TERM_KEY_ENTER, 0), "\r\n");
    feed(t, "\033[20l");

    assert_string_equal(char_bytes(t, 'a', 0), "a");
    assert_string_equal(char_bytes(t, 0xe9, 0), "\xc3\xa9");
    assert_string_equal(char_bytes(t, 0x03, 0), "\x03"); /* Ctrl+C as curses gives it */
    assert_string_equal(char_bytes(t, 'c', TV_TERM_MOD_CTRL), "\x03");
    assert_string_equal(char_bytes(t, 'x', TV_TERM_MOD_ALT), "\033x");
    tv_term_free(t);
}

static void
test_colour_fitting(void **state)
{
    bool bright;

    assert_int_equal(tv_term_rgb_to_256(255, 0, 0), 196);
    assert_int_equal(tv_term_rgb_to_256(0, 0, 0), 16);
    assert_int_equal(tv_term_rgb_to_256(255, 255, 255), 231);
    assert_int_equal(tv_term_rgb_to_256(128, 128, 128), 244);
    assert_int_equal(tv_term_rgb_to_256(0, 135, 255), 33);

    assert_int_equal(tv_term_color_fit(196, 256, &bright), 196);
    assert_false(bright);
    assert_int_equal(tv_term_color_fit(1, 8, &bright), 1);
    assert_false(bright);
    assert_int_equal(tv_term_color_fit(9, 16, &bright), 9);
    assert_false(bright);
    assert_int_equal(tv_term_color_fit(9, 8, &bright), 1);
    assert_true(bright);
    assert_int_equal(tv_term_color_fit(196, 16, &bright), 9);
    assert_int_equal(tv_term_color_fit(196, 8, &bright), 1);
    assert_true(bright);
    assert_int_equal(tv_term_color_fit(22, 16, NULL), 2);  /* dark green */
    assert_int_equal(tv_term_color_fit(234, 16, NULL), 0); /* near black */
    assert_int_equal(tv_term_color_fit(242, 16, NULL), 8); /* dark grey */
    assert_int_equal(tv_term_color_fit(250, 16, NULL), 7); /* light grey */
    assert_int_equal(tv_term_color_fit(187, 16, NULL), 7); /* pale yellow is a grey */
    assert_int_equal(tv_term_color_fit(61, 16, NULL), 12); /* slate blue: light blue */
    assert_int_equal(tv_term_color_fit(TV_TERM_COLOR_DEFAULT, 256, &bright),
                     TV_TERM_COLOR_DEFAULT);
    assert_int_equal(tv_term_color_fit(3, 2, NULL), TV_TERM_COLOR_DEFAULT);
}

static void
test_ascii_stand_ins(void **state)
{
    assert_int_equal(tv_term_ascii('a'), 'a');
    assert_int_equal(tv_term_ascii(0x2500), '-');
    assert_int_equal(tv_term_ascii(0x2551), '|');
    assert_int_equal(tv_term_ascii(0x250c), '+');
    assert_int_equal(tv_term_ascii(0x2588), '#');
    assert_int_equal(tv_term_ascii(0xe9), '?');
    assert_int_equal(tv_term_ascii(0x65e5), '?');
}

static int
teardown(void **state)
{
    if (sent)
        g_string_free(sent, TRUE);
    sent = NULL;
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_newlines),
        cmocka_unit_test(test_colours_and_attributes),
        cmocka_unit_test(test_cursor_addressing),
        cmocka_unit_test(test_clear_and_erase),
        cmocka_unit_test(test_line_wrap),
        cmocka_unit_test(test_scrollback),
        cmocka_unit_test(test_scrollback_keeps_colours),
        cmocka_unit_test(test_alternate_screen),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_resize),
        cmocka_unit_test(test_replies),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_colour_fitting),
        cmocka_unit_test(test_ascii_stand_ins),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
