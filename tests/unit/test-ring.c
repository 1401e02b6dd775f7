/*
 * Ring buffer: order of samples, wrap-around at capacity, max and last.
 */
#include "config.h"

#include "tv-test.h"
#include "util/ring.h"

static void
test_empty(void **state)
{
    tv_ring r;
    tv_ring_clear(&r);
    assert_int_equal(r.len, 0);
    assert_true(tv_ring_last(&r) == 0.0f);
    assert_true(tv_ring_max(&r) == 0.0f);
}

static void
test_order(void **state)
{
    tv_ring r;
    tv_ring_clear(&r);
    for (int i = 1; i <= 5; i++)
        tv_ring_push(&r, (float)i);
    assert_int_equal(r.len, 5);
    for (int i = 0; i < 5; i++)
        assert_true(tv_ring_get(&r, (size_t)i) == (float)(i + 1));
    assert_true(tv_ring_last(&r) == 5.0f);
    assert_true(tv_ring_max(&r) == 5.0f);
}

static void
test_wrap(void **state)
{
    tv_ring r;
    tv_ring_clear(&r);
    for (int i = 0; i < TV_RING_CAP + 7; i++)
        tv_ring_push(&r, (float)i);
    assert_int_equal(r.len, TV_RING_CAP);
    /* The oldest kept sample is the 8th pushed. */
    assert_true(tv_ring_get(&r, 0) == 7.0f);
    assert_true(tv_ring_get(&r, TV_RING_CAP - 1) == (float)(TV_RING_CAP + 6));
    assert_true(tv_ring_last(&r) == (float)(TV_RING_CAP + 6));
}

static void
test_copy_is_independent(void **state)
{
    tv_ring a, b;
    tv_ring_clear(&a);
    tv_ring_push(&a, 1.0f);
    b = a;
    tv_ring_push(&b, 9.0f);
    assert_int_equal(a.len, 1);
    assert_int_equal(b.len, 2);
    assert_true(tv_ring_max(&a) == 1.0f);
    assert_true(tv_ring_max(&b) == 9.0f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_copy_is_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
