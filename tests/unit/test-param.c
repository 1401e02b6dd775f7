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

/* ---- groups: one table embedded in another under a prefix ------------------------- */

static const char *const inner_sources[] = {"new", "path", NULL};
static const char *const outer_sources[] = {"new", "path", "none", NULL};

static bool
inner_is_new(const tv_param_ctx *ctx)
{
    return g_strcmp0(tv_param_values_text(ctx->values, "source"), "new") == 0;
}

static char *
inner_size_default(const tv_param *p, const tv_param_ctx *ctx)
{
    (void)p;
    /* Reads a sibling by its short name, through the group's view. */
    return g_strdup(g_strcmp0(tv_param_values_text(ctx->values, "format"), "raw") == 0 ? "2G"
                                                                                      : "1G");
}

static char *
inner_path_check(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    (void)p;
    (void)ctx;
    return g_str_has_prefix(v->text, "/tmp") ? g_strdup("must not be in /tmp") : NULL;
}

static const tv_param inner[] = {
    {.name = "source", .label = "Source", .help = "Where the disk comes from.",
     .kind = TV_PARAM_CHOICE, .choices = inner_sources, .def = "new"},
    {.name = "format", .label = "Format", .help = "The volume format.", .kind = TV_PARAM_STRING,
     .def = "qcow2", .visible = inner_is_new},
    {.name = "size", .label = "Size", .help = "The new volume's size.", .kind = TV_PARAM_SIZE,
     .unit = "GiB", .compute_default = inner_size_default, .visible = inner_is_new},
    {.name = "path", .label = "Path", .help = "An existing image on the host.",
     .kind = TV_PARAM_PATH, .validate = inner_path_check},
    {.name = "live", .label = "Live", .help = "Attach to the running domain.",
     .kind = TV_PARAM_BOOL, .def = "yes"},
};
static const size_t n_inner = G_N_ELEMENTS(inner);
static const char *const inner_omit[] = {"live", NULL};
static const tv_param inner_overrides[] = {
    {.name = "source", .label = "Source", .help = "Where the disk comes from, or none.",
     .kind = TV_PARAM_CHOICE, .choices = outer_sources, .def = "new"},
};
static const tv_param_group disk_group = {
    .params = inner, .n_params = &n_inner, .omit = inner_omit,
    .overrides = inner_overrides, .n_overrides = G_N_ELEMENTS(inner_overrides),
    .switch_name = "source", .off_value = "none",
};
static const tv_param outer[] = {
    {.name = "name", .label = "Name", .help = "The new domain's name.", .kind = TV_PARAM_NAME,
     .flags = TV_PARAM_REQUIRED},
    {.name = "disk", .label = "Disk", .help = "The boot disk.", .kind = TV_PARAM_GROUP,
     .group = &disk_group, .page = 2},
};

static bool
field_shows(tv_param_values *v, const char *name)
{
    tv_param_ctx ctx = {0};
    for (size_t i = 0; i < tv_param_values_count(v); i++) {
        if (strcmp(tv_param_values_param(v, i)->name, name) == 0)
            return tv_param_values_visible(v, i, &ctx);
    }
    fail_msg("no field %s", name);
    return false;
}

static void
test_groups(void **state)
{
    (void)state;
    g_autoptr(tv_param_values) v = tv_param_values_new(outer, G_N_ELEMENTS(outer));
    tv_param_ctx ctx = {0};
    g_autofree char *error = NULL;

    /* Expanded in order, prefixed, the omitted field left out, pages from the group. */
    const char *const want[] = {"name", "disk.source", "disk.format", "disk.size", "disk.path"};
    assert_int_equal(tv_param_values_count(v), G_N_ELEMENTS(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        assert_string_equal(tv_param_values_param(v, i)->name, want[i]);
    assert_int_equal(tv_param_values_param(v, 3)->page, 2);
    assert_null(tv_param_values_find(v, "disk.live"));
    /* The override replaced the field: "none" is a choice here only. */
    assert_true(tv_param_values_set(v, "name", "a", &error));
    g_autoptr(GPtrArray) p1 = tv_param_values_check(v, &ctx);
    assert_int_equal(p1->len, 0);
    /* Defaults computed through the view: raw makes the size 2G. */
    assert_string_equal(tv_param_values_text(v, "disk.size"), "1G");
    assert_true(tv_param_values_set(v, "disk.format", "raw", &error));
    g_autoptr(GPtrArray) p2 = tv_param_values_check(v, &ctx);
    assert_string_equal(tv_param_values_text(v, "disk.size"), "2G");
    /* Visibility through the view; the switch hides the rest of the group. */
    assert_true(field_shows(v, "disk.size"));
    assert_true(tv_param_values_set(v, "disk.source", "path", &error));
    assert_false(field_shows(v, "disk.size"));
    assert_true(field_shows(v, "disk.path"));
    assert_true(tv_param_values_set(v, "disk.source", "none", &error));
    assert_true(field_shows(v, "disk.source"));
    assert_false(field_shows(v, "disk.path"));
    /* Validators report under the full name. */
    assert_true(tv_param_values_set(v, "disk.source", "path", &error));
    assert_true(tv_param_values_set(v, "disk.path", "/tmp/x.img", &error));
    g_autoptr(GPtrArray) p3 = tv_param_values_check(v, &ctx);
    assert_int_equal(p3->len, 2);
    assert_string_equal(p3->pdata[0], "disk.format: does not apply here");
    assert_string_equal(p3->pdata[1], "disk.path: must not be in /tmp");
    /* A copy has the same fields and what was given. */
    g_autoptr(tv_param_values) c = tv_param_values_copy(v);
    assert_string_equal(tv_param_values_typed(c, "disk.path"), "/tmp/x.img");
    assert_int_equal(tv_param_values_count(c), G_N_ELEMENTS(want));
    /* Short names do not leak out of the group. */
    assert_false(tv_param_values_set(v, "size", "1G", &error));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
