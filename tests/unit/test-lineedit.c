/*
 * The line editor: typing UTF-8, moving, deleting by character and word,
 * accept and cancel.
 */
#include "config.h"

#include <curses.h>

#include "tv-test.h"
#include "ui/lineedit.h"

static void
type(tv_lineedit *e, const char *utf8)
{
    for (const char *p = utf8; *p; p = g_utf8_next_char(p))
        assert_int_equal(tv_lineedit_key(e, (int)g_utf8_get_char(p), true), TV_EDIT_CHANGED);
}

static void
test_typing_and_moving(void **state)
{
    tv_lineedit e;
    tv_lineedit_init(&e, NULL);
    type(&e, "wéb");
    assert_string_equal(e.text->str, "wéb");
    assert_int_equal(tv_lineedit_cursor_col(&e), 3);
    tv_lineedit_key(&e, KEY_LEFT, false);
    tv_lineedit_key(&e, KEY_LEFT, false);
    assert_int_equal(tv_lineedit_cursor_col(&e), 1);
    type(&e, "X");
    assert_string_equal(e.text->str, "wXéb");
    tv_lineedit_key(&e, KEY_DC, false); /* deletes the two-byte é whole */
    assert_string_equal(e.text->str, "wXb");
    tv_lineedit_key(&e, 127, true);
    assert_string_equal(e.text->str, "wb");
    tv_lineedit_key(&e, KEY_HOME, false);
    tv_lineedit_key(&e, KEY_BACKSPACE, false); /* nothing before the cursor */
    assert_string_equal(e.text->str, "wb");
    tv_lineedit_key(&e, 5, true); /* C-e */
    type(&e, "!");
    assert_string_equal(e.text->str, "wb!");
    tv_lineedit_clear(&e);
}

static void
test_kills(void **state)
{
    tv_lineedit e;
    tv_lineedit_init(&e, "connect  test:///default");
    tv_lineedit_key(&e, 23, true); /* C-w */
    assert_string_equal(e.text->str, "connect  ");
    tv_lineedit_key(&e, 23, true);
    assert_string_equal(e.text->str, "");
    tv_lineedit_clear(&e);

    tv_lineedit_init(&e, "abcdef");
    tv_lineedit_key(&e, KEY_LEFT, false);
    tv_lineedit_key(&e, KEY_LEFT, false);
    tv_lineedit_key(&e, 11, true); /* C-k */
    assert_string_equal(e.text->str, "abcd");
    tv_lineedit_key(&e, KEY_LEFT, false);
    tv_lineedit_key(&e, 21, true); /* C-u */
    assert_string_equal(e.text->str, "d");
    tv_lineedit_clear(&e);
}

static void
test_accept_cancel(void **state)
{
    tv_lineedit e;
    tv_lineedit_init(&e, "x");
    assert_int_equal(tv_lineedit_key(&e, '\r', true), TV_EDIT_ACCEPT);
    assert_int_equal(tv_lineedit_key(&e, '\n', true), TV_EDIT_ACCEPT);
    assert_int_equal(tv_lineedit_key(&e, KEY_ENTER, false), TV_EDIT_ACCEPT);
    assert_int_equal(tv_lineedit_key(&e, 27, true), TV_EDIT_CANCEL);
    assert_int_equal(tv_lineedit_key(&e, KEY_F(5), false), TV_EDIT_NONE);
    assert_int_equal(tv_lineedit_key(&e, 2, true), TV_EDIT_NONE); /* other control keys */
    assert_string_equal(e.text->str, "x");
    tv_lineedit_clear(&e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typing_and_moving),
        cmocka_unit_test(test_kills),
        cmocka_unit_test(test_accept_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
