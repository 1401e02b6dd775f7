/*
 * The ':' line's language: splitting with quotes, targets and NAME=VALUE
 * words, completion of the last word (quoted when needed), the history,
 * and the summary of a request's outcomes.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "actions/action.h"
#include "actions/report.h"
#include "ui/cmdline.h"
#include "ui/msglog.h"

static void
test_parse(void **state)
{
    g_autofree char *error = NULL;
    g_autoptr(tv_cmdline) c = tv_cmdline_parse("domain-pause web01 'q&a \"tools\" <x>' host=b",
                                               &error);
    g_autoptr(tv_cmdline) d = NULL;
    g_autoptr(tv_cmdline) e = NULL;

    assert_non_null(c);
    assert_string_equal(c->command, "domain-pause");
    assert_int_equal(c->args->len, 2);
    assert_string_equal(c->args->pdata[0], "web01");
    assert_string_equal(c->args->pdata[1], "q&a \"tools\" <x>");
    assert_string_equal(tv_cmdline_get(c, "host"), "b");
    assert_null(tv_cmdline_get(c, "pool"));
    /* A name with '=' whose left side is no parameter name is a target. */
    d = tv_cmdline_parse("domain-start A=B size=1G", &error);
    assert_string_equal(d->args->pdata[0], "A=B");
    assert_string_equal(tv_cmdline_get(d, "size"), "1G");
    assert_null(tv_cmdline_parse("domain-start 'open", &error));
    g_clear_pointer(&error, g_free);
    assert_null(tv_cmdline_parse("   ", &error));
    assert_string_equal(error, "empty command");
    e = tv_cmdline_parse("domain-start mail-ñandú", &error);
    assert_string_equal(e->args->pdata[0], "mail-ñandú");
}

static void
test_complete(void **state)
{
    const char *const words[] = { "domain-pause", "domain-start", "domain-shutdown",
                                  "web01", "q&a \"tools\"", "host=host-a" };
    g_autoptr(GPtrArray) matches = NULL;
    g_autofree char *a = tv_cmdline_complete("domain-pa", words, 3, &matches);
    g_autofree char *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

    assert_string_equal(a, "domain-pause ");
    assert_null(matches);
    b = tv_cmdline_complete("domain-s", words, 3, &matches);
    assert_string_equal(b, "domain-s"); /* two matches share only what was typed */
    assert_non_null(matches);
    assert_int_equal(matches->len, 2);
    g_clear_pointer(&matches, g_ptr_array_unref);
    c = tv_cmdline_complete("domain-pause q", words + 3, 3, NULL);
    assert_string_equal(c, "domain-pause 'q&a \"tools\"' ");
    d = tv_cmdline_complete("domain-pause web01 host=h", words + 3, 3, NULL);
    assert_string_equal(d, "domain-pause web01 host=host-a ");
    e = tv_cmdline_complete("domain-pause zz", words + 3, 3, NULL);
    assert_null(e);
    f = tv_cmdline_complete("domain-pause 'q&", words + 3, 3, NULL);
    assert_string_equal(f, "domain-pause 'q&a \"tools\"' ");
    assert_int_equal(tv_cmdline_word_index("dom"), 0);
    assert_int_equal(tv_cmdline_word_index("domain-pause "), 1);
    assert_int_equal(tv_cmdline_word_index("domain-pause 'a b' c"), 2);
}

static void
test_history(void **state)
{
    tv_history h;
    tv_history_init(&h);
    tv_history_add(&h, "one");
    tv_history_add(&h, "two");
    tv_history_add(&h, "two"); /* no repeats in a row */
    assert_string_equal(tv_history_move(&h, true, "draft"), "two");
    assert_string_equal(tv_history_move(&h, true, "two"), "one");
    assert_null(tv_history_move(&h, true, "one"));
    assert_string_equal(tv_history_move(&h, false, "one"), "two");
    assert_string_equal(tv_history_move(&h, false, "two"), "draft");
    assert_null(tv_history_move(&h, false, "draft"));
    tv_history_clear(&h);
}

static void
test_report(void **state)
{
    const tv_action *start = tv_action_find("domain-start");
    const tv_action *pause = tv_action_find("domain-pause");
    const tv_action *shutdown = tv_action_find("domain-shutdown");
    g_autoptr(tv_action_report) r = tv_action_report_new(start, 7);
    g_autoptr(tv_action_report) one = tv_action_report_new(start, 0);
    g_autoptr(tv_action_report) t = tv_action_report_new(pause, 0);
    g_autoptr(tv_action_report) two = tv_action_report_new(shutdown, 0);
    g_autoptr(tv_action_report) hosts = tv_action_report_new(start, 0);
    g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL, *s6 = NULL;

    tv_action_report_add(r, TV_OUTCOME_SKIPPED, "a", "cache01", "the domain is paused");
    tv_action_report_add(r, TV_OUTCOME_OK, "a", "db01", NULL);
    tv_action_report_add(r, TV_OUTCOME_FAILED, "a", "web01", "operation failed: no");
    tv_action_report_add(r, TV_OUTCOME_OK, "a", "x", NULL);
    s1 = tv_action_report_summary(r);
    assert_string_equal(s1, "2 started; could not start 'web01': operation failed: no; "
                            "'cache01' skipped: the domain is paused");
    tv_action_report_add(one, TV_OUTCOME_FAILED, "a", "web01", "no");
    s2 = tv_action_report_summary(one);
    assert_string_equal(s2, "Could not start 'web01': no");
    /* Toggles count with what they did. */
    tv_action_report_add(t, TV_OUTCOME_OK, "a", "p1", "paused");
    tv_action_report_add(t, TV_OUTCOME_OK, "a", "p2", "paused");
    s3 = tv_action_report_summary(t);
    assert_string_equal(s3, "2 paused");
    tv_action_report_add(two, TV_OUTCOME_OK, "a", "p1", NULL);
    tv_action_report_add(two, TV_OUTCOME_OK, "a", "p2", NULL);
    s4 = tv_action_report_summary(two);
    assert_string_equal(s4, "2 are shutting down");
    /* Across hosts, names carry their host; nothing done says so. */
    tv_action_report_add(hosts, TV_OUTCOME_SKIPPED, "a", "web01", "the domain is running");
    tv_action_report_add(hosts, TV_OUTCOME_SKIPPED, "b", "web01", "the domain is running");
    s5 = tv_action_report_summary(hosts);
    assert_string_equal(s5, "start: none done; 'web01' on a skipped: the domain is running; "
                            "'web01' on b skipped: the domain is running");
    assert_int_equal(tv_action_report_count(r, TV_OUTCOME_OK), 2);
    tv_action_report_merge(one, r);
    assert_int_equal(one->outcomes->len, 5);
    s6 = tv_action_report_summary(one);
    assert_true(g_str_has_prefix(s6, "2 started; could not start 'web01': no; "));
}

static void
test_msglog(void **state)
{
    tv_msglog log;
    tv_msglog_init(&log);
    for (int i = 0; i < TV_MSGLOG_MAX + 20; i++) {
        g_autofree char *t = g_strdup_printf("m%d", i);
        tv_msglog_add(&log, i, i % 2 ? "h" : NULL, i % 3 == 0, t);
    }
    assert_int_equal(tv_msglog_len(&log), TV_MSGLOG_MAX);
    assert_string_equal(tv_msglog_get(&log, 0)->text, "m20"); /* the oldest were dropped */
    assert_string_equal(tv_msglog_get(&log, TV_MSGLOG_MAX - 1)->text, "m519");
    assert_null(tv_msglog_get(&log, TV_MSGLOG_MAX));
    assert_int_equal(log.added, TV_MSGLOG_MAX + 20);
    tv_msglog_clear(&log);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),   cmocka_unit_test(test_complete),
        cmocka_unit_test(test_history), cmocka_unit_test(test_report),
        cmocka_unit_test(test_msglog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
