/*
 * Tests of themes without a terminal: the element table, the parser and
 * its warnings, loading by name and by path, the search path, the shipped
 * theme files (default.theme must equal the compiled-in default) and the
 * attribute table tv_theme_apply fills.  No test calls initscr.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <glib/gstdio.h>

#include "ui/theme.h"

#ifndef TV_TEST_DATADIR
#define TV_TEST_DATADIR "tests/data"
#endif
#define DATADIR TV_TEST_DATADIR "/themes"

#ifdef TV_SRC_THEMEDIR
#define SHIPPED_DIR TV_SRC_THEMEDIR
#else
#define SHIPPED_DIR TV_TEST_DATADIR "/../../themes"
#endif

static const char *const shipped[] = { "default", "light", "mono" };
static char *xdg_dir;

/* A theme in which nothing is set, to see what a parse sets. */
static void
init_unset(tv_theme *t)
{
    t->name = NULL;
    for (int i = 0; i < TV_EL_LAST; i++)
        t->el[i] = (tv_theme_entry){ 99, 99, A_BLINK };
}

static void
assert_entry(const tv_theme_entry *e, short fg, short bg, attr_t attrs)
{
    assert_int_equal(e->fg, fg);
    assert_int_equal(e->bg, bg);
    assert_int_equal(e->attrs, attrs);
}

static void
assert_same_entry(const tv_theme_entry *a, const tv_theme_entry *b)
{
    assert_entry(a, b->fg, b->bg, b->attrs);
}

static char *
read_shipped(const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/%s.theme", SHIPPED_DIR, name);
    char *text = NULL;
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

/* Must run first: nothing has called tv_theme_apply yet. */
static void
test_attr_before_apply(void **state)
{
    for (int i = 0; i < TV_EL_LAST; i++)
        assert_int_equal(tv_theme_attr((tv_el)i), A_NORMAL);
}

static void
test_element_names(void **state)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (int i = 0; i < TV_EL_LAST; i++) {
        const char *name = tv_el_name((tv_el)i);
        assert_non_null(name);
        assert_true(*name != '\0');
        assert_false(g_hash_table_contains(seen, name));
        g_hash_table_add(seen, (gpointer)name);
    }
    assert_string_equal(tv_el_name(TV_EL_DEFAULT), "default");
    assert_string_equal(tv_el_name(TV_EL_TAB_ACTIVE), "tab-active");
    assert_string_equal(tv_el_name(TV_EL_STATUS_ERROR), "status-error");
    assert_string_equal(tv_el_name(TV_EL_WARNING), "warning");
    assert_null(tv_el_name(TV_EL_LAST));
}

static void
test_default_theme(void **state)
{
    tv_theme t;

    tv_theme_init_default(&t);
    assert_string_equal(t.name, "default");
    assert_entry(&t.el[TV_EL_CURSOR], COLOR_BLACK, COLOR_CYAN, A_NORMAL);
    assert_entry(&t.el[TV_EL_HEADER], TV_COLOR_DEFAULT, TV_COLOR_DEFAULT, A_BOLD);
    assert_entry(&t.el[TV_EL_RUNNING], COLOR_GREEN, TV_COLOR_DEFAULT, A_NORMAL);
    assert_entry(&t.el[TV_EL_STATUS_ERROR], COLOR_WHITE, COLOR_RED, A_BOLD);
    assert_entry(&t.el[TV_EL_TITLE], COLOR_WHITE, COLOR_BLUE, A_BOLD);
    tv_theme_clear(&t);
    assert_null(t.name);
    tv_theme_clear(&t);
}

static void
test_parse_values(void **state)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t;

    init_unset(&t);
    tv_theme_parse(&t, "x",
                   "# comment\n"
                   "\n"
                   "   default = default default\n"
                   "title = white blue bold # trailing comment\n"
                   "tab=red green\r\n"
                   "tab-active = bright-black bright-white reverse,bold\n"
                   "header = 0 255 underline, dim\n"
                   "cursor = BLACK Cyan Standout Italic\n"
                   "selected = magenta yellow normal\n"
                   "running = 17 default bold,,normal\n"
                   "paused\t=\tyellow\tdefault\n"
                   "shutoff = bright-red default\n"
                   "shutoff = white black\n",
                   warnings);
    assert_int_equal(warnings->len, 0);
    assert_entry(&t.el[TV_EL_DEFAULT], TV_COLOR_DEFAULT, TV_COLOR_DEFAULT, A_NORMAL);
    assert_entry(&t.el[TV_EL_TITLE], COLOR_WHITE, COLOR_BLUE, A_BOLD);
    assert_entry(&t.el[TV_EL_TAB], COLOR_RED, COLOR_GREEN, A_NORMAL);
    assert_entry(&t.el[TV_EL_TAB_ACTIVE], 8, 15, A_REVERSE | A_BOLD);
    assert_entry(&t.el[TV_EL_HEADER], 0, 255, A_UNDERLINE | A_DIM);
    assert_entry(&t.el[TV_EL_CURSOR], COLOR_BLACK, COLOR_CYAN, A_STANDOUT | A_ITALIC);
    assert_entry(&t.el[TV_EL_SELECTED], COLOR_MAGENTA, COLOR_YELLOW, A_NORMAL);
    assert_entry(&t.el[TV_EL_RUNNING], 17, TV_COLOR_DEFAULT, A_BOLD);
    assert_entry(&t.el[TV_EL_PAUSED], COLOR_YELLOW, TV_COLOR_DEFAULT, A_NORMAL);
    /* The last line for an element wins. */
    assert_entry(&t.el[TV_EL_SHUTOFF], COLOR_WHITE, COLOR_BLACK, A_NORMAL);
    /* Elements not mentioned keep their value. */
    assert_entry(&t.el[TV_EL_CRASHED], 99, 99, A_BLINK);
    assert_null(t.name);
}

static void
test_parse_warnings(void **state)
{
    static const char *const want[] = {
        "t:1: expected 'element = fg bg [attr,...]'",
        "t:2: unknown colour 'pink'",
        "t:3: unknown colour '256'",
        "t:4: unknown attribute 'blink'",
        "t:5: unknown element 'sidebar'",
        "t:6: expected 'element = fg bg [attr,...]'",
        "t:7: expected 'element = fg bg [attr,...]'",
        "t:8: unknown colour 'bright-pink'",
        "t:9: unknown colour '-1'",
        "t:10: unknown attribute 'extra'",
        "t:12: unknown colour 'bright-8'",
        "t:13: unknown element 'Cursor'",
    };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t;

    init_unset(&t);
    tv_theme_parse(&t, "t",
                   "cursor = black\n"
                   "paused = pink default\n"
                   "shutoff = default 256 dim\n"
                   "crashed = red default blink\n"
                   "sidebar = red default\n"
                   "running green default\n"
                   "= red blue\n"
                   "title = bright-pink default\n"
                   "title = -1 default\n"
                   "title = red blue bold,extra\n"
                   "tab = red blue # only this line is good\n"
                   "header = bright-8 default\n"
                   "Cursor = red blue\n",
                   warnings);
    assert_int_equal(warnings->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < warnings->len; i++)
        assert_string_equal(g_ptr_array_index(warnings, i), want[i]);
    /* Bad lines change nothing. */
    for (int i = 0; i < TV_EL_LAST; i++) {
        if (i != TV_EL_TAB)
            assert_entry(&t.el[i], 99, 99, A_BLINK);
    }
    assert_entry(&t.el[TV_EL_TAB], COLOR_RED, COLOR_BLUE, A_NORMAL);

    /* A NULL warnings array is allowed. */
    tv_theme_parse(&t, "t", "junk\ncursor = red blue\n", NULL);
    assert_entry(&t.el[TV_EL_CURSOR], COLOR_RED, COLOR_BLUE, A_NORMAL);
}

static void
test_default_file_matches_builtin(void **state)
{
    g_autofree char *text = read_shipped("default");
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme builtin, parsed;

    tv_theme_init_default(&builtin);
    init_unset(&parsed);
    tv_theme_parse(&parsed, "default.theme", text, warnings);
    assert_int_equal(warnings->len, 0);
    for (int i = 0; i < TV_EL_LAST; i++) {
        if (parsed.el[i].fg != builtin.el[i].fg || parsed.el[i].bg != builtin.el[i].bg ||
            parsed.el[i].attrs != builtin.el[i].attrs)
            fail_msg("themes/default.theme and the compiled-in default differ on '%s'",
                     tv_el_name((tv_el)i));
    }
    tv_theme_clear(&builtin);
}

/* Every shipped theme sets every element and has no mistakes. */
static void
test_shipped_themes_complete(void **state)
{
    for (size_t n = 0; n < G_N_ELEMENTS(shipped); n++) {
        g_autofree char *text = read_shipped(shipped[n]);
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        tv_theme t;

        init_unset(&t);
        tv_theme_parse(&t, shipped[n], text, warnings);
        if (warnings->len > 0)
            fail_msg("%s", (char *)g_ptr_array_index(warnings, 0));
        for (int i = 0; i < TV_EL_LAST; i++) {
            if (t.el[i].fg == 99 || t.el[i].attrs == A_BLINK)
                fail_msg("%s.theme does not set '%s'", shipped[n], tv_el_name((tv_el)i));
        }
        /* Text must stay readable where the row is marked. */
        assert_true(t.el[TV_EL_CURSOR].fg != t.el[TV_EL_CURSOR].bg ||
                    (t.el[TV_EL_CURSOR].attrs & A_REVERSE));
    }
}

/* mono.theme spells out the compiled-in monochrome set. */
static void
test_mono_file_matches_mono_set(void **state)
{
    g_autofree char *text = read_shipped("mono");
    tv_theme t;

    tv_theme_init_default(&t);
    tv_theme_parse(&t, "mono", text, NULL);
    tv_theme_apply(&t, false);
    for (int i = 0; i < TV_EL_LAST; i++) {
        assert_int_equal(t.el[i].fg, TV_COLOR_DEFAULT);
        assert_int_equal(t.el[i].bg, TV_COLOR_DEFAULT);
        if (t.el[i].attrs != tv_theme_attr((tv_el)i))
            fail_msg("mono.theme and the monochrome set differ on '%s'", tv_el_name((tv_el)i));
    }
    tv_theme_clear(&t);
}

static void
test_apply_mono(void **state)
{
    tv_theme t;

    tv_theme_init_default(&t);
    tv_theme_apply(&t, false);
    assert_int_equal(tv_theme_attr(TV_EL_CURSOR), A_REVERSE);
    assert_int_equal(tv_theme_attr(TV_EL_SELECTED), A_BOLD);
    assert_int_equal(tv_theme_attr(TV_EL_HEADER), A_BOLD | A_UNDERLINE);
    assert_int_equal(tv_theme_attr(TV_EL_TAB_ACTIVE), A_REVERSE);
    assert_int_equal(tv_theme_attr(TV_EL_STATUS_ERROR), A_BOLD);
    assert_int_equal(tv_theme_attr(TV_EL_DISABLED), A_DIM);
    assert_int_equal(tv_theme_attr(TV_EL_DEFAULT), A_NORMAL);
    assert_int_equal(tv_theme_attr(TV_EL_LAST), A_NORMAL);

    /*
     * Without initscr, init_pair fails; apply then falls back to the
     * monochrome set plus the theme's own attributes.
     */
    tv_theme_apply(&t, true);
    assert_int_equal(tv_theme_attr(TV_EL_CURSOR), A_REVERSE);
    assert_int_equal(tv_theme_attr(TV_EL_STATUS_ERROR), A_BOLD);
    assert_int_equal(tv_theme_attr(TV_EL_SHUTOFF), A_DIM);
    tv_theme_clear(&t);
}

static void
test_fit(void **state)
{
    tv_theme_entry e = { 8 + COLOR_GREEN, 8 + COLOR_BLUE, A_UNDERLINE };
    tv_theme_entry r;

    /* 8 colours: bright foreground is bold, bright background the base colour. */
    r = tv_theme_fit(e, 8);
    assert_entry(&r, COLOR_GREEN, COLOR_BLUE, A_UNDERLINE | A_BOLD);
    /* 16 and 256 colours: as written. */
    r = tv_theme_fit(e, 16);
    assert_same_entry(&r, &e);
    r = tv_theme_fit((tv_theme_entry){ 200, 15, A_NORMAL }, 256);
    assert_entry(&r, 200, 15, A_NORMAL);
    /* Colours the terminal lacks become the terminal's own. */
    r = tv_theme_fit((tv_theme_entry){ 200, 100, A_NORMAL }, 8);
    assert_entry(&r, TV_COLOR_DEFAULT, TV_COLOR_DEFAULT, A_NORMAL);
    r = tv_theme_fit((tv_theme_entry){ 200, COLOR_RED, A_NORMAL }, 16);
    assert_entry(&r, TV_COLOR_DEFAULT, COLOR_RED, A_NORMAL);
    r = tv_theme_fit((tv_theme_entry){ TV_COLOR_DEFAULT, COLOR_WHITE, A_DIM }, 8);
    assert_entry(&r, TV_COLOR_DEFAULT, COLOR_WHITE, A_DIM);
    /* No colours at all (before start_color): nothing but defaults. */
    r = tv_theme_fit((tv_theme_entry){ COLOR_RED, COLOR_BLACK, A_NORMAL }, 0);
    assert_entry(&r, TV_COLOR_DEFAULT, TV_COLOR_DEFAULT, A_NORMAL);
}

static void
test_load_by_name(void **state)
{
    const char *dirs[] = { "/nonexistent", DATADIR, NULL };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t, def;

    tv_theme_init_default(&def);
    assert_int_equal(tv_theme_load(&t, "custom", dirs, warnings), 0);
    assert_int_equal(warnings->len, 0);
    assert_string_equal(t.name, "custom");
    assert_entry(&t.el[TV_EL_CURSOR], 15, 25, A_BOLD | A_UNDERLINE);
    assert_entry(&t.el[TV_EL_RUNNING], 8 + COLOR_GREEN, TV_COLOR_DEFAULT, A_NORMAL);
    /* What the file leaves out comes from the default theme. */
    assert_same_entry(&t.el[TV_EL_HEADER], &def.el[TV_EL_HEADER]);
    tv_theme_clear(&t);
    tv_theme_clear(&def);
}

static void
test_load_first_dir_wins(void **state)
{
    const char *dirs[] = { DATADIR "/first", DATADIR "/second", NULL };
    tv_theme t;

    assert_int_equal(tv_theme_load(&t, "pick", dirs, NULL), 0);
    assert_int_equal(t.el[TV_EL_CURSOR].fg, COLOR_RED);
    tv_theme_clear(&t);
    assert_int_equal(tv_theme_load(&t, "only-second", dirs, NULL), 0);
    assert_int_equal(t.el[TV_EL_CURSOR].fg, COLOR_YELLOW);
    tv_theme_clear(&t);
}

static void
assert_is_default(const tv_theme *t)
{
    tv_theme def;

    tv_theme_init_default(&def);
    assert_string_equal(t->name, "default");
    for (int i = 0; i < TV_EL_LAST; i++)
        assert_same_entry(&t->el[i], &def.el[i]);
    tv_theme_clear(&def);
}

static void
test_load_unknown(void **state)
{
    const char *dirs[] = { DATADIR, NULL };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t;

    assert_int_equal(tv_theme_load(&t, "nosuch", dirs, warnings), -1);
    assert_int_equal(warnings->len, 1);
    assert_string_equal(g_ptr_array_index(warnings, 0),
                        "unknown theme 'nosuch'; using the default theme");
    assert_is_default(&t);
    tv_theme_clear(&t);

    g_ptr_array_set_size(warnings, 0);
    assert_int_equal(tv_theme_load(&t, "", dirs, warnings), -1);
    assert_string_equal(g_ptr_array_index(warnings, 0),
                        "unknown theme ''; using the default theme");
    tv_theme_clear(&t);

    g_ptr_array_set_size(warnings, 0);
    assert_int_equal(tv_theme_load(&t, DATADIR "/nosuch.theme", dirs, warnings), -1);
    assert_string_equal(g_ptr_array_index(warnings, 0),
                        "unknown theme '" DATADIR "/nosuch.theme'; using the default theme");
    assert_is_default(&t);
    tv_theme_clear(&t);

    /* No dirs at all. */
    assert_int_equal(tv_theme_load(&t, "custom", NULL, NULL), -1);
    assert_is_default(&t);
    tv_theme_clear(&t);
}

static void
test_load_default_without_file(void **state)
{
    const char *dirs[] = { "/nonexistent", NULL };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t;

    /* An uninstalled build with no theme dir still gets its default theme. */
    assert_int_equal(tv_theme_load(&t, "default", dirs, warnings), 0);
    assert_int_equal(warnings->len, 0);
    assert_is_default(&t);
    tv_theme_clear(&t);
}

static void
test_load_by_path_with_warnings(void **state)
{
    static const char *const want[] = {
        DATADIR "/warnings.theme:2: expected 'element = fg bg [attr,...]'",
        DATADIR "/warnings.theme:3: unknown colour 'pink'",
        DATADIR "/warnings.theme:4: unknown colour '256'",
        DATADIR "/warnings.theme:5: unknown attribute 'blink'",
        DATADIR "/warnings.theme:6: unknown element 'sidebar'",
        DATADIR "/warnings.theme:7: expected 'element = fg bg [attr,...]'",
        DATADIR "/warnings.theme:8: expected 'element = fg bg [attr,...]'",
    };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t, def;

    /* A theme with mistakes still loads: warnings are never fatal. */
    assert_int_equal(tv_theme_load(&t, DATADIR "/warnings.theme", NULL, warnings), 0);
    assert_string_equal(t.name, "warnings");
    assert_int_equal(warnings->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < warnings->len; i++)
        assert_string_equal(g_ptr_array_index(warnings, i), want[i]);
    assert_entry(&t.el[TV_EL_TITLE], COLOR_RED, TV_COLOR_DEFAULT, A_BOLD);
    tv_theme_init_default(&def);
    assert_same_entry(&t.el[TV_EL_CURSOR], &def.el[TV_EL_CURSOR]);
    assert_same_entry(&t.el[TV_EL_PAUSED], &def.el[TV_EL_PAUSED]);
    tv_theme_clear(&def);
    tv_theme_clear(&t);
}

static void
test_load_unreadable(void **state)
{
    g_autofree char *tmp = g_dir_make_tmp("tvirt-theme-XXXXXX", NULL);
    g_autofree char *dir = g_build_filename(tmp, "broken.theme", NULL);
    const char *dirs[] = { tmp, SHIPPED_DIR, NULL };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    tv_theme t;

    assert_non_null(tmp);
    /* A directory where the file should be: found, but it cannot be read. */
    assert_int_equal(g_mkdir(dir, 0700), 0);
    assert_int_equal(tv_theme_load(&t, "broken", dirs, warnings), -1);
    assert_int_equal(warnings->len, 1);
    assert_true(g_str_has_suffix(g_ptr_array_index(warnings, 0), "; using the default theme"));
    assert_non_null(strstr(g_ptr_array_index(warnings, 0), "broken.theme"));
    assert_is_default(&t);
    tv_theme_clear(&t);
    assert_int_equal(g_rmdir(dir), 0);
    assert_int_equal(g_rmdir(tmp), 0);
}

static void
test_load_shipped(void **state)
{
    g_auto(GStrv) dirs = tv_theme_dirs();

    for (size_t n = 0; n < G_N_ELEMENTS(shipped); n++) {
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        const char *only[] = { SHIPPED_DIR, NULL };
        tv_theme t;

        assert_int_equal(tv_theme_load(&t, shipped[n], only, warnings), 0);
        assert_int_equal(warnings->len, 0);
        assert_string_equal(t.name, shipped[n]);
        tv_theme_clear(&t);
#ifdef TV_SRC_THEMEDIR
        /* The built-in search path finds the source tree's themes too. */
        assert_int_equal(tv_theme_load(&t, shipped[n], (const char *const *)dirs, warnings), 0);
        assert_int_equal(warnings->len, 0);
        tv_theme_clear(&t);
#endif
    }
}

static void
test_dirs(void **state)
{
    g_autofree char *user = g_build_filename(xdg_dir, "tvirt", "themes", NULL);
    g_auto(GStrv) dirs = NULL;
    guint n = 0;

    g_setenv("TVIRT_THEMEDIR", "/opt/my-themes", TRUE);
    dirs = tv_theme_dirs();
    assert_string_equal(dirs[n++], user);
    assert_string_equal(dirs[n++], "/opt/my-themes");
#ifdef TV_THEMEDIR
    assert_string_equal(dirs[n++], TV_THEMEDIR);
#else
    assert_string_equal(dirs[n++], "/usr/local/share/tvirt/themes");
#endif
#ifdef TV_SRC_THEMEDIR
    assert_string_equal(dirs[n++], TV_SRC_THEMEDIR);
#endif
    assert_null(dirs[n]);
    g_strfreev(dirs);

    /* Unset or empty: left out. */
    g_setenv("TVIRT_THEMEDIR", "", TRUE);
    dirs = tv_theme_dirs();
    assert_string_equal(dirs[0], user);
    assert_string_not_equal(dirs[1], "");
    assert_int_equal(g_strv_length(dirs), n - 1);
    g_strfreev(dirs);
    g_unsetenv("TVIRT_THEMEDIR");
    dirs = tv_theme_dirs();
    assert_int_equal(g_strv_length(dirs), n - 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attr_before_apply),
        cmocka_unit_test(test_element_names),
        cmocka_unit_test(test_default_theme),
        cmocka_unit_test(test_parse_values),
        cmocka_unit_test(test_parse_warnings),
        cmocka_unit_test(test_default_file_matches_builtin),
        cmocka_unit_test(test_shipped_themes_complete),
        cmocka_unit_test(test_mono_file_matches_mono_set),
        cmocka_unit_test(test_apply_mono),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_load_by_name),
        cmocka_unit_test(test_load_first_dir_wins),
        cmocka_unit_test(test_load_unknown),
        cmocka_unit_test(test_load_default_without_file),
        cmocka_unit_test(test_load_by_path_with_warnings),
        cmocka_unit_test(test_load_unreadable),
        cmocka_unit_test(test_load_shipped),
        cmocka_unit_test(test_dirs),
    };
    int rc;

    /* GLib reads XDG_CONFIG_HOME once, on first use: set it before any test. */
    xdg_dir = g_strdup("/nonexistent/tvirt-test-xdg");
    g_setenv("XDG_CONFIG_HOME", xdg_dir, TRUE);
    g_unsetenv("TVIRT_THEMEDIR");
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(xdg_dir);
    return rc;
}
