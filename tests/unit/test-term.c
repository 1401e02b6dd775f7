/*
 * The console's line terminal: newlines, carriage-return overwrites,
 * backspace erasing, tabs, escape sequences dropped, erase to end of line,
 * and the scrollback limit.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "ui/term.h"

static void
feed(tv_term *t, const char *s)
{
    tv_term_feed(t, s, strlen(s));
}

static void
test_lines(void **state)
{
    tv_term t;
    tv_term_init(&t);
    feed(&t, "tvirt-heartbeat 1\r\ntvirt-heartbeat 2\r\n# ");
    assert_string_equal(tv_term_line_from_end(&t, 0), "# ");
    assert_string_equal(tv_term_line_from_end(&t, 1), "tvirt-heartbeat 2");
    assert_string_equal(tv_term_line_from_end(&t, 2), "tvirt-heartbeat 1");
    assert_null(tv_term_line_from_end(&t, 3));
    tv_term_clear(&t);
}

static void
test_overwrite_and_erase(void **state)
{
    tv_term t;
    tv_term_init(&t);
    feed(&t, "progress 10%\rprogress 55%");
    assert_string_equal(tv_term_line_from_end(&t, 0), "progress 55%");
    feed(&t, "\rdone\033[K");
    assert_string_equal(tv_term_line_from_end(&t, 0), "done");
    /* A shell erasing a typed character: backspace, space, backspace. */
    feed(&t, "\nls -x\b \b");
    assert_string_equal(tv_term_line_from_end(&t, 0), "ls - ");
    assert_int_equal(t.col, 4);
    feed(&t, "l");
    assert_string_equal(tv_term_line_from_end(&t, 0), "ls -l");
    tv_term_clear(&t);
}

static void
test_escapes_and_tabs(void **state)
{
    tv_term t;
    tv_term_init(&t);
    feed(&t, "\033[1;32mgreen\033[0m\033[6n\ta\x07");
    assert_string_equal(tv_term_line_from_end(&t, 0), "green   a");
    /* A sequence split across two reads still parses. */
    feed(&t, "\n\033[");
    feed(&t, "31mred");
    assert_string_equal(tv_term_line_from_end(&t, 0), "red");
    tv_term_clear(&t);
}

static void
test_scrollback_limit(void **state)
{
    tv_term t;
    tv_term_init(&t);
    for (int i = 0; i < TV_TERM_MAX_LINES + 50; i++) {
        char line[32];
        g_snprintf(line, sizeof(line), "line %d\n", i);
        feed(&t, line);
    }
    assert_int_equal(t.lines->len, TV_TERM_MAX_LINES);
    assert_string_equal(tv_term_line_from_end(&t, 1), "line 2049");
    tv_term_clear(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_overwrite_and_erase),
        cmocka_unit_test(test_escapes_and_tabs),
        cmocka_unit_test(test_scrollback_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
