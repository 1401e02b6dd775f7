/*
 * The colour-pair pool of the console: pairs handed out once per colour
 * combination, init_pair asked for only when a pair changes colours, and a
 * pool that ran out starting afresh at the next frame instead of failing
 * for ever.
 */
#include "config.h"

#include "tv-test.h"
#include "ui/pairs.h"

static void
test_on_demand(void **state)
{
    tv_pairs *p = tv_pairs_new(26, 30);
    bool fresh;

    assert_int_equal(tv_pairs_get(p, 1, -1, &fresh), 26);
    assert_true(fresh);
    assert_int_equal(tv_pairs_get(p, 2, 4, &fresh), 27);
    assert_true(fresh);
    /* The same colours again: the same pair, nothing to set up. */
    assert_int_equal(tv_pairs_get(p, 1, -1, &fresh), 26);
    assert_false(fresh);
    assert_int_equal(tv_pairs_used(p), 2);
    /* A new frame that did not run out keeps every pair. */
    tv_pairs_frame(p);
    assert_int_equal(tv_pairs_get(p, 2, 4, &fresh), 27);
    assert_false(fresh);
    /* Colour 255 on default and default on 255 are different pairs. */
    assert_int_equal(tv_pairs_get(p, 255, -1, &fresh), 28);
    assert_int_equal(tv_pairs_get(p, -1, 255, &fresh), 29);
    tv_pairs_free(p);
}

static void
test_running_out(void **state)
{
    tv_pairs *p = tv_pairs_new(10, 12);
    bool fresh;

    assert_int_equal(tv_pairs_get(p, 1, 0, &fresh), 10);
    assert_int_equal(tv_pairs_get(p, 2, 0, &fresh), 11);
    assert_int_equal(tv_pairs_get(p, 3, 0, &fresh), -1);
    assert_false(fresh);
    /* Still full within the frame; pairs already given stay valid. */
    assert_int_equal(tv_pairs_get(p, 1, 0, &fresh), 10);
    assert_int_equal(tv_pairs_get(p, 4, 0, &fresh), -1);
    /* The next frame hands them out in the order asked. */
    tv_pairs_frame(p);
    assert_int_equal(tv_pairs_used(p), 0);
    assert_int_equal(tv_pairs_get(p, 3, 0, &fresh), 10);
    assert_true(fresh);
    /* Pair 11 gets back the colours it had: no init_pair needed. */
    assert_int_equal(tv_pairs_get(p, 2, 0, &fresh), 11);
    assert_false(fresh);
    tv_pairs_free(p);
}

static void
test_no_pairs(void **state)
{
    /* A terminal with fewer pairs than the theme uses leaves none. */
    tv_pairs *p = tv_pairs_new(26, 8);
    bool fresh;
    assert_int_equal(tv_pairs_get(p, 1, 2, &fresh), -1);
    tv_pairs_frame(p);
    assert_int_equal(tv_pairs_get(p, 1, 2, &fresh), -1);
    tv_pairs_free(p);
    tv_pairs_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on_demand),
        cmocka_unit_test(test_running_out),
        cmocka_unit_test(test_no_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
