/*
 * The OS catalog read from the installed libosinfo database: what the
 * create wizard's defaults rest on (virtio drivers, q35, resources), the
 * suggestions for an unknown id and the search of the variant list.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "model/oscat.h"

static const tv_os_catalog *
catalog(void)
{
    const tv_os_catalog *c = tv_oscat_wait();
    if (!c)
        fail_msg("%s", tv_oscat_error());
    return c;
}

static void
test_modern_linux(void **state)
{
    (void)state;
    const tv_os_variant *v = tv_oscat_find(catalog(), "debian11");
    assert_non_null(v);
    assert_string_equal(v->name, "Debian 11");
    assert_string_equal(v->family, "linux");
    unsigned want = TV_OS_VIRTIO_BLK | TV_OS_VIRTIO_NET | TV_OS_VIRTIO1 | TV_OS_Q35;
    assert_int_equal(tv_oscat_needs(v)->devices & want, want);
    assert_true(tv_oscat_needs(v)->rec_ram >= 512ull << 20);
    assert_true(tv_oscat_needs(v)->rec_cpus >= 1);
    assert_false(tv_oscat_needs(v)->requires_efi);
    assert_string_equal(v->release_date, "2021-08-14");
}

static void
test_windows_has_no_virtio(void **state)
{
    (void)state;
    const tv_os_variant *v = tv_oscat_find(catalog(), "win10");
    assert_non_null(v);
    assert_string_equal(v->family, "winnt");
    assert_int_equal(tv_oscat_needs(v)->devices & (TV_OS_VIRTIO_BLK | TV_OS_VIRTIO_NET), 0);
    assert_true(tv_oscat_needs(v)->devices & TV_OS_E1000E);
}

static void
test_generic_and_unknown(void **state)
{
    (void)state;
    const tv_os_catalog *c = catalog();
    const tv_os_variant *g = tv_oscat_find(c, "generic");
    assert_non_null(g);
    assert_int_equal(tv_oscat_needs(g)->devices, 0);
    assert_null(tv_oscat_find(c, "debian12"));
    assert_null(tv_oscat_find(c, NULL));
    assert_non_null(tv_oscat_find(c, "linux2022"));
}

static void
test_suggestions(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) s = tv_oscat_suggest(catalog(), "debian12", 3);
    assert_int_equal(s->len, 3);
    /* One edit away, newest release first. */
    assert_string_equal(s->pdata[0], "debian11");
    assert_string_equal(s->pdata[1], "debian10");
    g_autoptr(GPtrArray) none = tv_oscat_suggest(catalog(), "zzzzzzzzzzzzzz", 3);
    assert_int_equal(none->len, 0);
    g_autoptr(GPtrArray) upper = tv_oscat_suggest(catalog(), "Win10", 1);
    assert_string_equal(upper->pdata[0], "win10");
}

static void
test_search(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) r = tv_oscat_search(catalog(), "debian 11");
    assert_true(r->len >= 1);
    const tv_os_variant *first = r->pdata[0];
    assert_string_equal(first->short_id, "debian11");
    g_autoptr(GPtrArray) all = tv_oscat_search(catalog(), "");
    assert_int_equal(all->len, catalog()->n);
    /* End-of-life variants come after the supported ones. */
    bool seen_eol = false;
    for (guint i = 0; i < all->len; i++) {
        const tv_os_variant *v = all->pdata[i];
        if (v->eol)
            seen_eol = true;
        else
            assert_false(seen_eol);
    }
    g_autoptr(GPtrArray) names = tv_oscat_search(catalog(), "WINDOWS server 2019");
    assert_true(names->len >= 1);
    assert_string_equal(((const tv_os_variant *)names->pdata[0])->short_id, "win2k19");
}

static void
test_detect_unreadable(void **state)
{
    (void)state;
    g_autofree char *error = NULL;
    g_autofree char *id = tv_oscat_detect("/nonexistent/install.iso", &error);
    assert_null(id);
    assert_non_null(strstr(error, "/nonexistent/install.iso"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modern_linux),
        cmocka_unit_test(test_windows_has_no_virtio),
        cmocka_unit_test(test_generic_and_unknown),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_detect_unreadable),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tv_oscat_shutdown();
    return rc;
}
