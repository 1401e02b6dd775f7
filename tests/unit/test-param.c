/*
 * Parameter values: every kind's parser (sizes with virsh's units and
 * decimals, booleans, MACs, bounds, choices, names kept exactly), and a
 * set of values checked at once: defaults, required fields, fields that do
 * not apply, validators, pools and networks looked up in a snapshot.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "actions/param.h"

static guint64
size_of(const char *text, const char *unit)
{
    guint64 b = 0;
    g_autofree char *error = NULL;
    if (!tv_param_parse_size(text, unit, &b, &error))
        fail_msg("'%s' did not parse: %s", text, error);
    return b;
}

static void
test_sizes(void **state)
{
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
    guint64 b;
    assert_true(size_of("10G", NULL) == 10ULL << 30);
    assert_true(size_of("10 GiB", NULL) == 10ULL << 30);
    assert_true(size_of("10g", NULL) == 10ULL << 30);
    assert_true(size_of("1.5T", NULL) == 3ULL << 39);
    assert_true(size_of("10GB", NULL) == 10000000000ULL);
    assert_true(size_of("10KB", NULL) == 10000);
    assert_true(size_of("1k", NULL) == 1024);
    assert_true(size_of("512", "MiB") == 512ULL << 20);
    assert_true(size_of("2", "GiB") == 2ULL << 30);
    assert_true(size_of("4096", NULL) == 4096);
    assert_false(tv_param_parse_size("abc", NULL, &b, &e1));
    assert_non_null(strstr(e1, "needs a number"));
    assert_false(tv_param_parse_size("-5G", NULL, &b, &e2));
    assert_false(tv_param_parse_size("10X", NULL, &b, &e3));
    assert_non_null(strstr(e3, "unknown unit 'X'"));
    assert_false(tv_param_parse_size("99999999E", NULL, &b, &e4));
    {
        g_autofree char *a = tv_param_format_size(10ULL << 30);
        g_autofree char *c = tv_param_format_size(1536ULL << 10);
        g_autofree char *d = tv_param_format_size(1000);
        assert_string_equal(a, "10G");
        assert_string_equal(c, "1536K");
        assert_string_equal(d, "1000");
    }
}

static void
test_kinds(void **state)
{
    static const char *const buses[] = { "virtio", "sata", "ide", NULL };
    const tv_param size = { .name = "size", .kind = TV_PARAM_SIZE, .min = 1, .unit = "GiB",
                            .max = 1LL << 40 };
    const tv_param count = { .name = "vcpus", .kind = TV_PARAM_INT, .min = 1, .max = 64 };
    const tv_param bus = { .name = "bus", .kind = TV_PARAM_CHOICE, .choices = buses };
    const tv_param flag = { .name = "live", .kind = TV_PARAM_BOOL };
    const tv_param mac = { .name = "mac", .kind = TV_PARAM_MAC };
    const tv_param name = { .name = "name", .kind = TV_PARAM_NAME };
    const tv_param path = { .name = "path", .kind = TV_PARAM_PATH };
    tv_param_value v = { 0 };
    char *error = NULL;

    assert_true(tv_param_parse(&size, "10", &v, &error));
    assert_true(v.bytes == 10ULL << 30);
    assert_string_equal(v.text, "10G");
    assert_false(tv_param_parse(&size, "0", &v, &error));
    assert_string_equal(error, "must be more than 0");
    g_clear_pointer(&error, g_free);
    assert_false(tv_param_parse(&size, "2T", &v, &error));
    assert_string_equal(error, "must be at most 1T");
    g_clear_pointer(&error, g_free);
    assert_true(tv_param_parse(&count, "4", &v, &error));
    assert_int_equal(v.number, 4);
    assert_false(tv_param_parse(&count, "65", &v, &error));
    assert_non_null(strstr(error, "out of range (1 to 64)"));
    g_clear_pointer(&error, g_free);
    assert_false(tv_param_parse(&count, "four", &v, &error));
    g_clear_pointer(&error, g_free);
    assert_true(tv_param_parse(&bus, "SATA", &v, &error));
    assert_string_equal(v.text, "sata");
    assert_int_equal(v.number, 1);
    assert_false(tv_param_parse(&bus, "scsi", &v, &error));
    assert_string_equal(error, "'scsi' is not one of virtio, sata, ide");
    g_clear_pointer(&error, g_free);
    for (const char *const *y = (const char *const[]){ "yes", "on", "TRUE", "1", NULL }; *y; y++) {
        assert_true(tv_param_parse(&flag, *y, &v, &error));
        assert_int_equal(v.number, 1);
    }
    assert_true(tv_param_parse(&flag, "off", &v, &error));
    assert_int_equal(v.number, 0);
    assert_false(tv_param_parse(&flag, "maybe", &v, &error));
    g_clear_pointer(&error, g_free);
    assert_true(tv_param_parse(&mac, "52:54:00:AB:cd:01", &v, &error));
    assert_string_equal(v.text, "52:54:00:ab:cd:01");
    assert_false(tv_param_parse(&mac, "01:00:5e:00:00:01", &v, &error));
    assert_non_null(strstr(error, "multicast"));
    g_clear_pointer(&error, g_free);
    assert_false(tv_param_parse(&mac, "52:54:00:ab:cd", &v, &error));
    g_clear_pointer(&error, g_free);
    /* Names are kept exactly: quotes, '<', '&', spaces and non-ASCII letters. */
    assert_true(tv_param_parse(&name, " q&a \"tools\" <ñandú> ", &v, &error));
    assert_string_equal(v.text, " q&a \"tools\" <ñandú> ");
    assert_false(tv_param_parse(&name, "", &v, &error));
    g_clear_pointer(&error, g_free);
    assert_false(tv_param_parse(&name, "a/b", &v, &error));
    g_clear_pointer(&error, g_free);
    assert_false(tv_param_parse(&path, "relative/x.img", &v, &error));
    g_clear_pointer(&error, g_free);
    tv_param_value_clear(&v);
}

static bool
only_for_new(const tv_param_ctx *ctx)
{
    return g_strcmp0(tv_param_values_text(ctx->values, "source"), "new") == 0;
}

static char *
not_web(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    return strcmp(v->text, "web01") == 0 ? g_strdup("'web01' is taken") : NULL;
}

static char *
default_pool(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup("images");
}

static const char *const sources[] = { "new", "path", NULL };
static const tv_param table[] = {
    { .name = "name", .label = "Name", .help = "The name.", .kind = TV_PARAM_NAME,
      .flags = TV_PARAM_REQUIRED, .validate = not_web },
    { .name = "source", .label = "Source", .help = "Where from.", .kind = TV_PARAM_CHOICE,
      .choices = sources, .def = "new" },
    { .name = "size", .label = "Size", .help = "How big.", .kind = TV_PARAM_SIZE, .min = 1,
      .unit = "GiB", .def = "10", .visible = only_for_new },
    { .name = "pool", .label = "Pool", .help = "Which pool.", .kind = TV_PARAM_POOL,
      .compute_default = default_pool, .visible = only_for_new },
};

static void
test_values(void **state)
{
    g_autoptr(tv_param_values) v = tv_param_values_new(table, G_N_ELEMENTS(table));
    tv_pool_list *pools = tv_pool_list_new(2);
    tv_host_snapshot snap = { .label = "host-a", .storage = pools };
    tv_param_ctx ctx = { .snap = &snap };
    g_autoptr(GPtrArray) p1 = NULL, p2 = NULL, p3 = NULL;
    char *error = NULL;

    pools->pools[0].name = g_strdup("images");
    pools->pools[0].active = true;
    pools->pools[1].name = g_strdup("isos");

    /* Nothing given: the name is required, the rest comes from defaults. */
    p1 = tv_param_values_check(v, &ctx);
    assert_int_equal(p1->len, 1);
    assert_string_equal(p1->pdata[0], "name: is required");
    assert_string_equal(tv_param_values_text(v, "size"), "10G");
    assert_string_equal(tv_param_values_text(v, "pool"), "images");
    assert_false(tv_param_values_given(v, "size"));

    /* Every problem at once, in table order, each naming its field. */
    assert_false(tv_param_values_set(v, "bogus", "1", &error));
    assert_string_equal(error, "bogus: no such parameter");
    g_clear_pointer(&error, g_free);
    assert_true(tv_param_values_set(v, "name", "web01", &error));
    assert_false(tv_param_values_set(v, "size", "ten", &error));
    g_clear_pointer(&error, g_free);
    assert_true(tv_param_values_set(v, "pool", "isos", &error));
    p2 = tv_param_values_check(v, &ctx);
    assert_int_equal(p2->len, 3);
    assert_string_equal(p2->pdata[0], "name: 'web01' is taken");
    assert_true(g_str_has_prefix(p2->pdata[1], "size: "));
    assert_string_equal(p2->pdata[2], "pool: pool 'isos' is not active");

    /* Fixed: a field that does not apply may not be given. */
    assert_true(tv_param_values_set(v, "name", "db02", &error));
    assert_true(tv_param_values_set(v, "source", "path", &error));
    tv_param_values_unset(v, "pool");
    p3 = tv_param_values_check(v, &ctx);
    assert_int_equal(p3->len, 1);
    assert_string_equal(p3->pdata[0], "size: does not apply here");
    tv_pool_list_unref(pools);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
