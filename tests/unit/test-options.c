/*
 * Command-line parsing: every option, and every usage error with the
 * message main prints before exiting with status 2.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "options.h"

/* Parses a NULL-terminated list of arguments after the program name. */
static int
parse(tv_options *o, char **error, ...)
{
    char *argv[32] = { "tvirt" };
    int argc = 1;
    va_list ap;
    const char *a;
    va_start(ap, error);
    while ((a = va_arg(ap, const char *)) && argc < 31)
        argv[argc++] = (char *)a;
    va_end(ap);
    *error = NULL;
    return tv_options_parse(o, argc, argv, error);
}

static void
test_defaults(void **state)
{
    tv_options o;
    char *error;
    assert_int_equal(parse(&o, &error, NULL), 0);
    assert_null(o.uris);
    assert_false(o.readonly);
    assert_true(o.interval_s < 0);
    assert_false(o.batch);
    assert_int_equal(o.iterations, 0);
    assert_int_equal(o.format, TV_FORMAT_CSV);
    tv_options_clear(&o);
}

static void
test_everything(void **state)
{
    tv_options o;
    char *error;
    assert_int_equal(parse(&o, &error, "-c", "qemu:///system", "--connect", "test:///default",
                           "-r", "-d", "0.5", "--theme", "light", "--batch", "--iterations",
                           "3", "--format", "json", NULL),
                     0);
    assert_non_null(o.uris);
    assert_string_equal(o.uris[0], "qemu:///system");
    assert_string_equal(o.uris[1], "test:///default");
    assert_null(o.uris[2]);
    assert_true(o.readonly);
    assert_true(o.interval_s == 0.5);
    assert_string_equal(o.theme, "light");
    assert_true(o.batch);
    assert_int_equal(o.iterations, 3);
    assert_int_equal(o.format, TV_FORMAT_JSON);
    tv_options_clear(&o);

    assert_int_equal(parse(&o, &error, "-d", "0", "-b", "-n", "1", NULL), 0);
    assert_true(o.interval_s == 0.0);
    tv_options_clear(&o);
    assert_int_equal(parse(&o, &error, "--help", NULL), 0);
    assert_true(o.help);
    tv_options_clear(&o);
    assert_int_equal(parse(&o, &error, "-V", NULL), 0);
    assert_true(o.version);
    tv_options_clear(&o);

    /* --exec takes the NAME=VALUE words that follow, wherever the options are. */
    assert_int_equal(parse(&o, &error, "-c", "test:///default", "--exec", "domain-delete",
                           "domain=web01", "--format", "json", "storage=yes", NULL),
                     0);
    assert_string_equal(o.exec, "domain-delete");
    assert_string_equal(o.exec_args[0], "domain=web01");
    assert_string_equal(o.exec_args[1], "storage=yes");
    assert_null(o.exec_args[2]);
    assert_int_equal(o.format, TV_FORMAT_JSON);
    tv_options_clear(&o);
    assert_int_equal(parse(&o, &error, "--exec", "domain-start", NULL), 0);
    assert_int_equal(o.format, TV_FORMAT_TEXT);
    assert_non_null(o.exec_args);
    assert_null(o.exec_args[0]);
    tv_options_clear(&o);
    assert_int_equal(parse(&o, &error, "--exec", "domain-start", "--help", NULL), 0);
    assert_true(o.help);
    tv_options_clear(&o);
}

static void
expect_usage_error(const char *expected, ...)
{
    tv_options o;
    char *argv[16] = { "tvirt" };
    int argc = 1;
    char *error = NULL;
    const char *a;
    va_list ap;
    va_start(ap, expected);
    while ((a = va_arg(ap, const char *)))
        argv[argc++] = (char *)a;
    va_end(ap);
    assert_int_equal(tv_options_parse(&o, argc, argv, &error), -1);
    assert_non_null(error);
    assert_string_equal(error, expected);
    assert_null(o.uris);
    g_free(error);
}

static void
test_errors(void **state)
{
    expect_usage_error("unknown option '--bogus'", "--bogus", NULL);
    expect_usage_error("unknown option '-z'", "-z", NULL);
    expect_usage_error("option '-x' needs a value", "-x", NULL);
    expect_usage_error("--batch does not go with --exec", "--exec", "domain-start", "--batch",
                       NULL);
    expect_usage_error("--format with --exec must be text or json, not 'csv'", "--exec",
                       "domain-start", "--format", "csv", NULL);
    expect_usage_error("unexpected argument 'domain=x'", "domain=x", NULL);
    expect_usage_error("option '-c' needs a value", "-c", NULL);
    expect_usage_error("-d needs a number of seconds from 0 to 3600, not '-1'", "-d", "-1", NULL);
    expect_usage_error("-d needs a number of seconds from 0 to 3600, not 'soon'", "-d", "soon",
                       NULL);
    expect_usage_error("--iterations needs a whole number above 0, not '0'", "--batch",
                       "--iterations", "0", NULL);
    expect_usage_error("--format must be csv or json, not 'xml'", "--batch", "--format", "xml",
                       NULL);
    expect_usage_error("--iterations only goes with --batch", "--iterations", "2", NULL);
    expect_usage_error("--format only goes with --batch", "--format", "csv", NULL);
    expect_usage_error("unexpected argument 'extra'", "-c", "test:///default", "extra", NULL);
    expect_usage_error("-c needs a URI", "-c", "", NULL);
}

static void
test_usage_mentions_every_option(void **state)
{
    const char *u = tv_options_usage();
    const char *needles[] = { "-c", "--readonly", "-d", "--theme", "--batch", "--iterations",
                              "--format", "--help", "--version" };
    for (size_t i = 0; i < G_N_ELEMENTS(needles); i++)
        assert_non_null(strstr(u, needles[i]));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_usage_mentions_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
