/*
 * Tests of the config file reader: the settings it takes, and for every
 * kind of mistake the exact "FILE:LINE: reason" message and that nothing of
 * a bad file is applied.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/conffile.h"

#ifndef TV_TEST_DATADIR
#define TV_TEST_DATADIR "tests/data"
#endif
#define CONFDIR TV_TEST_DATADIR "/config"

static char *xdg_dir;

static void
assert_defaults(const tv_config *cfg)
{
    assert_null(cfg->connect);
    assert_true(cfg->interval_s < 0);
    assert_null(cfg->theme);
    assert_int_equal(cfg->key_names->len, 0);
    assert_int_equal(cfg->key_actions->len, 0);
}

/* Loads data, expecting exactly msg, and checks nothing was applied. */
static void
expect_error(const char *data, const char *msg)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *err = NULL;

    assert_int_equal(tv_config_load_data(cfg, "t.conf", data, &err), -1);
    assert_non_null(err);
    assert_string_equal(err, msg);
    assert_defaults(cfg);
}

static void
expect_ok(tv_config *cfg, const char *data)
{
    g_autofree char *err = NULL;
    int rc = tv_config_load_data(cfg, "t.conf", data, &err);
    if (rc != 0)
        fail_msg("unexpected error: %s", err);
    assert_null(err);
}

static void
test_defaults(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    assert_defaults(cfg);
    tv_config_free(NULL);
}

static void
test_default_path(void **state)
{
    g_autofree char *path = tv_config_default_path();
    g_autofree char *want = g_build_filename(xdg_dir, "tvirt", "config", NULL);
    assert_string_equal(path, want);
}

static void
test_load_valid_file(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *err = NULL;

    assert_int_equal(tv_config_load(cfg, CONFDIR "/valid.conf", &err), 0);
    assert_null(err);
    assert_non_null(cfg->connect);
    assert_int_equal(g_strv_length(cfg->connect), 2);
    assert_string_equal(cfg->connect[0], "qemu:///system");
    assert_string_equal(cfg->connect[1], "qemu+ssh://root@b/system");
    assert_true(cfg->interval_s == 1.5);
    assert_string_equal(cfg->theme, "light");

    assert_int_equal(cfg->key_names->len, 4);
    assert_int_equal(cfg->key_actions->len, 4);
    const char *names[] = { "F", "C-r", "?", "Enter" };
    const char *actions[] = { "domain-destroy", "domain-reboot", "help", "open" };
    for (guint i = 0; i < 4; i++) {
        assert_string_equal(g_ptr_array_index(cfg->key_names, i), names[i]);
        assert_string_equal(g_ptr_array_index(cfg->key_actions, i), actions[i]);
    }
}

static void
test_missing_file(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    char *err = NULL;

    assert_int_equal(tv_config_load(cfg, CONFDIR "/no-such-file.conf", &err), 1);
    assert_null(err);
    assert_defaults(cfg);
}

static void
test_unreadable_file(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *err = NULL;

    /* A directory, because permissions do not stop root. */
    assert_int_equal(tv_config_load(cfg, CONFDIR, &err), -1);
    assert_string_equal(err, CONFDIR ": Is a directory");
    assert_defaults(cfg);
}

static void
test_file_errors(void **state)
{
    static const struct {
        const char *file, *msg;
    } cases[] = {
        { "bad-interval.conf",
          "bad-interval.conf:4: 'interval' must be a number of seconds >= 0, not 'soon'" },
        { "unknown-setting.conf", "unknown-setting.conf:4: unknown setting 'refresh'" },
        { "syntax.conf",
          "syntax.conf:5: expected 'key = value' or '[group]', not 'this line is nonsense'" },
        { "crlf-error.conf",
          "crlf-error.conf:4: expected 'key = value' or '[group]', not 'bogus'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(tv_config) cfg = tv_config_new();
        g_autofree char *path = g_build_filename(CONFDIR, cases[i].file, NULL);
        g_autofree char *want = g_strdup_printf(CONFDIR "/%s", cases[i].msg);
        g_autofree char *err = NULL;

        assert_int_equal(tv_config_load(cfg, path, &err), -1);
        assert_string_equal(err, want);
        assert_defaults(cfg);
    }
}

static void
test_syntax_errors(void **state)
{
    expect_error("[tvirt]\ninterval = 2\nfoo\n",
                 "t.conf:3: expected 'key = value' or '[group]', not 'foo'");
    expect_error("# comment\n\ninterval = 2\n",
                 "t.conf:3: setting 'interval' comes before any [group]");
    expect_error("[tvirt\n", "t.conf:1: invalid group header '[tvirt'");
    expect_error("[tvirt]\n[]\n", "t.conf:2: invalid group header '[]'");
    expect_error("[tvirt] x\n", "t.conf:1: invalid group header '[tvirt] x'");
    expect_error("[keys]\nq = quit\nC-] = console-leave\n",
                 "t.conf:3: invalid key name 'C-]'");
    expect_error("[keys]\nC-[ = back\n", "t.conf:2: invalid key name 'C-['");
    expect_error("[keys]\n= = zoom\n", "t.conf:2: missing key name before '='");
    /* The last line, without a newline. */
    expect_error("[tvirt]\ntheme = x\n  junk",
                 "t.conf:3: expected 'key = value' or '[group]', not 'junk'");
}

static void
test_unknown_names(void **state)
{
    expect_error("[tvirt]\ntheme = x\n[colours]\nfoo = 1\n", "t.conf:3: unknown group '[colours]'");
    expect_error("[tvirt]\n\nfoo = 1\n", "t.conf:3: unknown setting 'foo'");
    /* Case matters, as in every GKeyFile. */
    expect_error("[tvirt]\nTheme = x\n", "t.conf:2: unknown setting 'Theme'");
    expect_error("[Tvirt]\n", "t.conf:1: unknown group '[Tvirt]'");
    /* GKeyFile would drop these as translations outside a German locale. */
    expect_error("[tvirt]\ntheme[de] = x\n", "t.conf:2: unknown setting 'theme[de]'");
    expect_error("[keys]\na[de] = x\n", "t.conf:2: invalid key name 'a[de]'");
}

static void
test_interval(void **state)
{
    static const char *bad[] = { "abc", "-1", "nan", "inf", "2s", "1,5", "0x" };
    g_autoptr(tv_config) cfg = tv_config_new();

    expect_ok(cfg, "[tvirt]\ninterval = 0\n");
    assert_true(cfg->interval_s == 0.0);
    expect_ok(cfg, "[tvirt]\ninterval=1e1\t \n");
    assert_true(cfg->interval_s == 10.0);
    expect_ok(cfg, "[tvirt]\ninterval = 0.25\n");
    assert_true(cfg->interval_s == 0.25);

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *data = g_strdup_printf("[tvirt]\n# c\ninterval = %s\n", bad[i]);
        g_autofree char *msg = g_strdup_printf(
            "t.conf:3: 'interval' must be a number of seconds >= 0, not '%s'", bad[i]);
        expect_error(data, msg);
    }
    expect_error("[tvirt]\ninterval =\n",
                 "t.conf:2: 'interval' must be a number of seconds >= 0, not ''");
}

static void
test_connect(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();

    expect_ok(cfg, "[tvirt]\nconnect = test:///default\n");
    assert_int_equal(g_strv_length(cfg->connect), 1);
    assert_string_equal(cfg->connect[0], "test:///default");

    /* Spaces and empty items are dropped; "\;" keeps a ';' in a URI. */
    expect_ok(cfg, "[tvirt]\nconnect = a ;; b\\;c ; \n");
    assert_int_equal(g_strv_length(cfg->connect), 2);
    assert_string_equal(cfg->connect[0], "a");
    assert_string_equal(cfg->connect[1], "b;c");

    expect_error("[tvirt]\nconnect = ;\n", "t.conf:2: 'connect' needs at least one URI");
    expect_error("[tvirt]\nconnect =\n", "t.conf:2: 'connect' needs at least one URI");
}

static void
test_theme_value(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *err = NULL;

    expect_ok(cfg, "[tvirt]\ntheme =   mono  \n");
    assert_string_equal(cfg->theme, "mono");
    expect_error("[tvirt]\ntheme =\n", "t.conf:2: 'theme' needs a theme name");
    expect_error("[tvirt]\ntheme = caf\xe9\n", "t.conf:2: the value of 'theme' is not valid UTF-8");

    /* GKeyFile's escapes: \s, \t, \\ ... and nothing else. */
    expect_ok(cfg, "[tvirt]\ntheme = my\\\\theme\n");
    assert_string_equal(cfg->theme, "my\\theme");
    assert_int_equal(tv_config_load_data(cfg, "t.conf", "[tvirt]\ntheme = a\\x\n", &err), -1);
    assert_string_equal(err, "t.conf:2: the value of 'theme' has a bad escape sequence "
                             "(write \\\\ for a backslash)");
    assert_string_equal(cfg->theme, "my\\theme");
    expect_error("[tvirt]\nconnect = a;b\\\n",
                 "t.conf:2: the value of 'connect' has a bad escape sequence "
                 "(write \\\\ for a backslash)");
    expect_error("[keys]\nq = qu\\it\n",
                 "t.conf:2: the value of 'q' has a bad escape sequence "
                 "(write \\\\ for a backslash)");
}

static void
test_keys(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();

    /* Spellings are not checked here; the caller checks them against the keymap. */
    expect_ok(cfg, "[keys]\nzz = a\nC-r = domain-reboot\nzz = b\n\\s = c\n");
    assert_int_equal(cfg->key_names->len, 3);
    /* A repeated key counts where it was last written, as it would if bound in order. */
    assert_string_equal(g_ptr_array_index(cfg->key_names, 0), "C-r");
    assert_string_equal(g_ptr_array_index(cfg->key_actions, 0), "domain-reboot");
    assert_string_equal(g_ptr_array_index(cfg->key_names, 1), "zz");
    assert_string_equal(g_ptr_array_index(cfg->key_actions, 1), "b");
    assert_string_equal(g_ptr_array_index(cfg->key_names, 2), "\\s");
    assert_string_equal(g_ptr_array_index(cfg->key_actions, 2), "c");
}

static void
test_repeated_keys(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();

    /* GKeyFile keeps the last value, so only the last line is judged. */
    expect_ok(cfg, "[tvirt]\ninterval = x\ninterval = 3\n");
    assert_true(cfg->interval_s == 3.0);
    expect_error("[tvirt]\ninterval = 3\ninterval = x\n",
                 "t.conf:3: 'interval' must be a number of seconds >= 0, not 'x'");
    /* A group may come back. */
    expect_ok(cfg, "[tvirt]\ntheme = a\n[keys]\nq = quit\n[tvirt]\ntheme = b\n");
    assert_string_equal(cfg->theme, "b");
}

static void
test_nothing_partially_applied(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *err = NULL;

    expect_error("[tvirt]\ntheme = x\ninterval = 2\nconnect = a\n[keys]\nq = quit\n[bad]\n",
                 "t.conf:7: unknown group '[bad]'");

    /* Values set earlier survive a bad file untouched. */
    expect_ok(cfg, "[tvirt]\ntheme = keep\n[keys]\nq = quit\n");
    assert_int_equal(tv_config_load_data(cfg, "t.conf",
                                         "[tvirt]\ntheme = lost\n[keys]\nx = y\n"
                                         "[tvirt]\ninterval = -2\n",
                                         &err), -1);
    assert_string_equal(err, "t.conf:6: 'interval' must be a number of seconds >= 0, not '-2'");
    assert_string_equal(cfg->theme, "keep");
    assert_true(cfg->interval_s < 0);
    assert_int_equal(cfg->key_names->len, 1);

    /* A good file replaces the settings it names and appends its keys. */
    expect_ok(cfg, "[tvirt]\ninterval = 4\n[keys]\nx = y\n");
    assert_string_equal(cfg->theme, "keep");
    assert_true(cfg->interval_s == 4.0);
    assert_int_equal(cfg->key_names->len, 2);
    assert_string_equal(g_ptr_array_index(cfg->key_names, 1), "x");
}

static void
test_empty_and_null_error(void **state)
{
    g_autoptr(tv_config) cfg = tv_config_new();

    expect_ok(cfg, "");
    expect_ok(cfg, "# only a comment\n\n");
    expect_ok(cfg, "[tvirt]\n[keys]\n");
    assert_defaults(cfg);
    /* error may be NULL. */
    assert_int_equal(tv_config_load_data(cfg, "t.conf", "junk\n", NULL), -1);
    assert_int_equal(tv_config_load(cfg, CONFDIR "/syntax.conf", NULL), -1);
    assert_defaults(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_load_valid_file),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_connect),
        cmocka_unit_test(test_theme_value),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_repeated_keys),
        cmocka_unit_test(test_nothing_partially_applied),
        cmocka_unit_test(test_empty_and_null_error),
    };
    int rc;

    /* GLib reads XDG_CONFIG_HOME once, on first use: set it before any test. */
    xdg_dir = g_strdup("/nonexistent/tvirt-test-xdg");
    g_setenv("XDG_CONFIG_HOME", xdg_dir, TRUE);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(xdg_dir);
    return rc;
}
