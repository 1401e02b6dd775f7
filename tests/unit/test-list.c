/*
 * The lists of the list screens (ui/list.c with the classes of Domains,
 * Storage, volumes and Networks) on hand-made snapshots: the order of rows
 * for each kind of column (missing values, the saved state, inactive IDs,
 * ties), flipping, what a filter matches, the sort column moving left and
 * right over the columns a layout shows, the header marker in UTF-8 and
 * ASCII, and the cursor staying on its item through a re-sort.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "ui/list.h"
#include "ui/text.h"

/* ---- fixtures ------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int id;
    tv_dom_state state;
    unsigned vcpus;
    double cpu_s;   /* < 0: no CPU time */
    long rss_mib;   /* < 0: no RSS */
    int flags;      /* -1: not read; else autostart | managed_save << 1 */
} dom_spec;

static void
fill_domain(tv_domain *d, const dom_spec *spec, int n)
{
    memset(d, 0, sizeof(*d));
    d->name = (char *)spec->name;
    g_snprintf(d->uuid_str, sizeof(d->uuid_str), "uuid-%s-%d", spec->name, n);
    d->id = spec->id;
    d->state = spec->state;
    d->vcpus = spec->vcpus;
    d->valid = TV_DOM_HAS_VCPUS;
    if (spec->cpu_s >= 0) {
        d->cpu_time_ns = (unsigned long long)(spec->cpu_s * 1e9);
        d->valid |= TV_DOM_RAW_CPU;
    }
    if (spec->rss_mib >= 0) {
        d->rss_kib = (unsigned long long)spec->rss_mib * 1024;
        d->valid |= TV_DOM_HAS_RSS;
    }
    if (spec->flags >= 0) {
        d->autostart = spec->flags & 1;
        d->managed_save = spec->flags & 2;
        d->persistent = true;
        d->valid |= TV_DOM_HAS_FLAGS;
    }
}

static const dom_spec specs_a[] = {
    { "web01", 1, TV_DOM_RUNNING, 2, 5.0, 300, 1 },
    { "db01", -1, TV_DOM_SHUTOFF, 4, -1, -1, 2 },  /* saved */
    { "cache01", 2, TV_DOM_PAUSED, 1, 0.5, -1, -1 },
};
static const dom_spec specs_b[] = {
    { "build", 1, TV_DOM_RUNNING, 8, 100.0, 1024, 0 },
    { "zeta", -1, TV_DOM_SHUTOFF, 1, -1, -1, 0 },
};

typedef struct {
    tv_host_snapshot a, b;
    tv_domain da[G_N_ELEMENTS(specs_a)], db[G_N_ELEMENTS(specs_b)];
} two_hosts;

static void
two_hosts_init(two_hosts *t)
{
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < G_N_ELEMENTS(specs_a); i++)
        fill_domain(&t->da[i], &specs_a[i], 1);
    for (size_t i = 0; i < G_N_ELEMENTS(specs_b); i++)
        fill_domain(&t->db[i], &specs_b[i], 2);
    t->a = (tv_host_snapshot){ .host_id = 1, .uri = (char *)"test:///a",
                               .label = (char *)"host-a", .domains = t->da,
                               .n_domains = G_N_ELEMENTS(specs_a) };
    t->b = (tv_host_snapshot){ .host_id = 2, .uri = (char *)"test:///b",
                               .label = (char *)"host-b", .domains = t->db,
                               .n_domains = G_N_ELEMENTS(specs_b) };
}

static void
rebuild_domains(tv_list *l, const two_hosts *t)
{
    tv_list_begin(l);
    for (size_t i = 0; i < t->a.n_domains; i++)
        tv_list_add(l, &t->a, i, 0);
    for (size_t i = 0; i < t->b.n_domains; i++)
        tv_list_add(l, &t->b, i, 0);
    tv_list_end(l, 20);
}

/* The list's rows as "name,name,...". */
static char *
domain_order(const tv_list *l)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < l->rows->len; i++) {
        const tv_row *r = tv_list_row(l, i);
        g_string_append_printf(s, "%s%s", i ? "," : "", r->snap->domains[r->index].name);
    }
    return g_string_free(s, FALSE);
}

/* The column of a class with this title. */
static int
col_of(const tv_list_class *cls, const char *title)
{
    for (size_t c = 0; c < cls->n_columns; c++) {
        if (strcmp(cls->columns[c].layout.title, title) == 0)
            return (int)c;
    }
    fail_msg("no column %s", title);
    return -1;
}

static void
assert_domain_order(tv_list *l, const two_hosts *t, const char *expected)
{
    g_autofree char *order = NULL;
    rebuild_domains(l, t);
    order = domain_order(l);
    assert_string_equal(order, expected);
}

/* ---- Domains -------------------------------------------------------------------- */

static void
test_state_word(void **state)
{
    two_hosts t;
    two_hosts_init(&t);
    assert_string_equal(tv_domain_state_word(&t.da[1]), "saved");
    assert_string_equal(tv_domain_state_word(&t.db[1]), "shutoff");
    assert_string_equal(tv_domain_state_word(&t.da[0]), "running");
    /* The image is only believed while the flags were read. */
    t.da[1].valid &= ~(unsigned)TV_DOM_HAS_FLAGS;
    assert_string_equal(tv_domain_state_word(&t.da[1]), "shutoff");
    /* A running domain never shows as saved. */
    t.da[0].managed_save = true;
    assert_string_equal(tv_domain_state_word(&t.da[0]), "running");
}

static void
test_domain_sort_orders(void **state)
{
    const tv_list_class *cls = &tv_domains_list;
    two_hosts t;
    tv_list l;

    two_hosts_init(&t);
    tv_list_init(&l, cls);
    /* By host, ties by name. */
    assert_domain_order(&l, &t, "cache01,db01,web01,build,zeta");
    assert_false(l.sort_desc);

    /* IDs ascending, ties by name, inactive domains (-1) last as in virsh list --all. */
    tv_list_sort_by(&l, col_of(cls, "ID"));
    assert_false(l.sort_desc);
    assert_domain_order(&l, &t, "build,web01,cache01,db01,zeta");

    /* Live states first, saved before plain shut off. */
    tv_list_sort_by(&l, col_of(cls, "STATE"));
    assert_domain_order(&l, &t, "build,web01,cache01,db01,zeta");
    tv_list_sort_by(&l, col_of(cls, "STATE"));
    assert_true(l.sort_desc);
    assert_domain_order(&l, &t, "zeta,db01,cache01,build,web01"); /* ties stay ascending */

    /* Numbers start largest first; missing values go last. */
    tv_list_sort_by(&l, col_of(cls, "TIME"));
    assert_true(l.sort_desc);
    assert_domain_order(&l, &t, "build,web01,cache01,db01,zeta");
    tv_list_sort_by(&l, col_of(cls, "TIME"));
    assert_domain_order(&l, &t, "db01,zeta,cache01,web01,build");
    tv_list_sort_by(&l, col_of(cls, "RSS"));
    assert_domain_order(&l, &t, "build,web01,cache01,db01,zeta");
    tv_list_sort_by(&l, col_of(cls, "CPUS"));
    assert_domain_order(&l, &t, "build,db01,web01,cache01,zeta");

    /* Autostart on first, then off, then not known. */
    tv_list_sort_by(&l, col_of(cls, "AUTO"));
    assert_true(l.sort_desc);
    assert_domain_order(&l, &t, "web01,build,db01,zeta,cache01");

    tv_list_sort_by(&l, col_of(cls, "NAME"));
    assert_false(l.sort_desc);
    assert_domain_order(&l, &t, "build,cache01,db01,web01,zeta");
    assert_string_equal(tv_list_sort_text(&l), "name, ascending");
    tv_list_clear(&l);
}

static void
test_domain_filter(void **state)
{
    two_hosts t;
    tv_list l;

    two_hosts_init(&t);
    tv_list_init(&l, &tv_domains_list);
    tv_list_set_filter(&l, "saved");
    assert_domain_order(&l, &t, "db01");
    tv_list_set_filter(&l, "SHUT"); /* any case; a saved domain is not "shutoff" */
    assert_domain_order(&l, &t, "zeta");
    tv_list_set_filter(&l, "host-b");
    assert_domain_order(&l, &t, "build,zeta");
    tv_list_set_filter(&l, "test:///a");
    assert_domain_order(&l, &t, "cache01,db01,web01");
    tv_list_set_filter(&l, "ZEt");
    assert_domain_order(&l, &t, "zeta");
    assert_string_equal(l.filter, "ZEt"); /* as typed */
    tv_list_set_filter(&l, "nothing");
    assert_domain_order(&l, &t, "");
    assert_null(tv_list_current(&l));
    tv_list_set_filter(&l, "");
    assert_null(l.filter);
    assert_domain_order(&l, &t, "cache01,db01,web01,build,zeta");
    tv_list_clear(&l);
}

static void
test_sort_neighbours(void **state)
{
    const tv_list_class *cls = &tv_domains_list;
    tv_column cols[TV_LIST_MAX_COLUMNS];
    char title[32];
    tv_list l;

    tv_list_init(&l, cls);
    /* Wide: every column shows; > goes to the next column, < back; none past the ends. */
    tv_list_layout(&l, cols, 200);
    assert_true(cols[col_of(cls, "ID")].shown);
    assert_true(cols[col_of(cls, "RSS")].shown);
    assert_int_equal(tv_list_sort_neighbour(&l, 1), col_of(cls, "ID"));
    assert_int_equal(tv_list_sort_neighbour(&l, -1), -1);
    tv_list_sort_by(&l, col_of(cls, "TX/s"));
    assert_int_equal(tv_list_sort_neighbour(&l, 1), -1); /* the graph does not sort */
    assert_int_equal(tv_list_sort_neighbour(&l, -1), col_of(cls, "RX/s"));

    /* 80 columns: the essential ones stay, the new ones are skipped. */
    tv_list_layout(&l, cols, 80);
    assert_true(cols[col_of(cls, "HOST")].shown);
    assert_true(cols[col_of(cls, "NAME")].shown);
    assert_true(cols[col_of(cls, "STATE")].shown);
    assert_true(cols[col_of(cls, "%CPU")].shown);
    assert_false(cols[col_of(cls, "ID")].shown);
    assert_false(cols[col_of(cls, "AUTO")].shown);
    assert_false(cols[col_of(cls, "TIME")].shown);
    assert_false(cols[col_of(cls, "RSS")].shown);
    tv_list_sort_by(&l, col_of(cls, "HOST"));
    assert_int_equal(tv_list_sort_neighbour(&l, 1), col_of(cls, "NAME"));
    tv_list_sort_by(&l, col_of(cls, "MEM"));
    assert_int_equal(tv_list_sort_neighbour(&l, 1), col_of(cls, "RD/s"));
    assert_int_equal(tv_list_sort_neighbour(&l, -1), col_of(cls, "%CPU"));
    /* From a column the layout hides (chosen in the dialog), to its shown neighbours. */
    tv_list_sort_by(&l, col_of(cls, "TIME"));
    assert_int_equal(tv_list_sort_neighbour(&l, 1), col_of(cls, "MEM"));
    assert_int_equal(tv_list_sort_neighbour(&l, -1), col_of(cls, "%CPU"));

    /* Sortable titles have room for the marker: the column never changes width. */
    assert_true(cols[col_of(cls, "CPUS")].width >= 5);

    tv_text_set_utf8(true);
    tv_list_header_title(&l, col_of(cls, "TIME"), title, sizeof(title));
    assert_string_equal(title, "TIME\u25bc");
    tv_list_header_title(&l, col_of(cls, "NAME"), title, sizeof(title));
    assert_string_equal(title, "NAME");
    tv_list_sort_by(&l, col_of(cls, "NAME"));
    tv_list_header_title(&l, col_of(cls, "NAME"), title, sizeof(title));
    assert_string_equal(title, "NAME\u25b2");
    tv_text_set_utf8(false);
    tv_list_header_title(&l, col_of(cls, "NAME"), title, sizeof(title));
    assert_string_equal(title, "NAME^");
    tv_list_sort_by(&l, col_of(cls, "NAME"));
    tv_list_header_title(&l, col_of(cls, "NAME"), title, sizeof(title));
    assert_string_equal(title, "NAMEv");
    tv_text_set_utf8(true);
    tv_list_clear(&l);
}

static void
test_cursor_follows_item(void **state)
{
    two_hosts t;
    tv_list l;
    const tv_row *r;

    two_hosts_init(&t);
    tv_list_init(&l, &tv_domains_list);
    rebuild_domains(&l, &t);
    /* Until the user moves, every rebuild starts on the first row. */
    l.tbl.cursor = 2;
    rebuild_domains(&l, &t);
    assert_int_equal(l.tbl.cursor, 0);

    l.tbl.cursor = 2; /* web01 */
    l.cursor_moved = true;
    tv_list_sort_by(&l, col_of(&tv_domains_list, "NAME"));
    rebuild_domains(&l, &t);
    r = tv_list_current(&l);
    assert_non_null(r);
    assert_string_equal(r->snap->domains[r->index].name, "web01");
    assert_int_equal(l.tbl.cursor, 3);
    /* Filtered away: the cursor stays in range, and comes back to it with the filter gone. */
    tv_list_set_filter(&l, "host-b");
    rebuild_domains(&l, &t);
    assert_int_equal(l.tbl.cursor, 1);
    tv_list_set_filter(&l, NULL);
    l.tbl.cursor = 3;
    rebuild_domains(&l, &t);
    r = tv_list_current(&l);
    assert_string_equal(r->snap->domains[r->index].name, "web01");
    tv_list_clear(&l);
}

/* ---- Storage, volumes, Networks ---------------------------------------------------- */

static tv_pool_list *
make_pools(void)
{
    tv_pool_list *pl = tv_pool_list_new(2);
    tv_pool *p = &pl->pools[0];
    static const char *const users_a[] = { "cache01", "db01", NULL };
    static const char *const users_b[] = { "web01", NULL };

    pl->has_users = true;
    p->name = g_strdup("images");
    p->type = g_strdup("dir");
    p->target_path = g_strdup("/var/lib/libvirt/images");
    p->active = true;
    p->n_volumes = 4;
    p->volumes = g_new0(tv_volume, 4);
    p->volumes[0] = (tv_volume){ g_strdup("b.img"), g_strdup("/i/b.img"), g_strdup("file"), 10,
                                 5, g_strdupv((char **)users_a) };
    p->volumes[1] = (tv_volume){ g_strdup("a.qcow2"), g_strdup("/i/a.qcow2"), g_strdup("file"),
                                 20, 1, g_strdupv((char **)users_b) };
    p->volumes[2] = (tv_volume){ g_strdup("free.img"), g_strdup("/i/free.img"),
                                 g_strdup("file"), 30, 9, g_new0(char *, 1) };
    p->volumes[3] = (tv_volume){ g_strdup("c.raw"), g_strdup("/i/c.raw"), g_strdup("file"), 5,
                                 2, g_strdupv((char **)users_b) };
    p = &pl->pools[1];
    p->name = g_strdup("isos");
    p->type = g_strdup("dir");
    p->target_path = g_strdup("/srv/isos");
    p->active = false;
    return pl;
}

static char *
row_names(const tv_list *l, bool volumes)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < l->rows->len; i++) {
        const tv_row *r = tv_list_row(l, i);
        const tv_pool *p = &r->snap->storage->pools[r->index];
        g_string_append_printf(s, "%s%s", i ? "," : "",
                               volumes ? p->volumes[r->sub].name : p->name);
    }
    return g_string_free(s, FALSE);
}

static void
rebuild_volumes(tv_list *l, const tv_host_snapshot *s)
{
    tv_list_begin(l);
    for (size_t k = 0; k < s->storage->pools[0].n_volumes; k++)
        tv_list_add(l, s, 0, k);
    tv_list_end(l, 20);
}

static void
assert_volume_order(tv_list *l, const tv_host_snapshot *s, const char *expected)
{
    g_autofree char *names = NULL;
    rebuild_volumes(l, s);
    names = row_names(l, true);
    assert_string_equal(names, expected);
}

static void
test_volumes(void **state)
{
    const tv_list_class *cls = &tv_volumes_list;
    tv_host_snapshot s = { .host_id = 1, .uri = (char *)"test:///a", .label = (char *)"a" };
    tv_list l;

    s.storage = make_pools();
    tv_list_init(&l, cls);
    /* By name by default. */
    assert_volume_order(&l, &s, "a.qcow2,b.img,c.raw,free.img");
    tv_list_sort_by(&l, col_of(cls, "ALLOC"));
    assert_volume_order(&l, &s, "free.img,b.img,c.raw,a.qcow2");
    /* By users: the names in order, unused volumes after the used ones. */
    tv_list_sort_by(&l, col_of(cls, "USED BY"));
    assert_false(l.sort_desc);
    assert_volume_order(&l, &s, "b.img,a.qcow2,c.raw,free.img");
    /* Users not read yet sort after unused ones. */
    g_clear_pointer(&s.storage->pools[0].volumes[2].used_by, g_strfreev);
    g_clear_pointer(&s.storage->pools[0].volumes[1].used_by, g_strfreev);
    assert_volume_order(&l, &s, "b.img,c.raw,a.qcow2,free.img");
    /* The filter matches names, paths and users. */
    tv_list_set_filter(&l, "CACHE");
    assert_volume_order(&l, &s, "b.img");
    tv_list_set_filter(&l, "web01");
    assert_volume_order(&l, &s, "c.raw");
    tv_list_set_filter(&l, "/i/f");
    assert_volume_order(&l, &s, "free.img");
    tv_list_clear(&l);
    tv_pool_list_unref(s.storage);
}

static void
test_pools_and_networks(void **state)
{
    tv_host_snapshot s = { .host_id = 1, .uri = (char *)"test:///a", .label = (char *)"a" };
    tv_list l;
    g_autofree char *names = NULL;

    s.storage = make_pools();
    tv_list_init(&l, &tv_pools_list);
    tv_list_sort_by(&l, col_of(&tv_pools_list, "VOLS"));
    assert_true(l.sort_desc);
    tv_list_begin(&l);
    tv_list_add(&l, &s, 1, 0);
    tv_list_add(&l, &s, 0, 0);
    tv_list_end(&l, 10);
    names = row_names(&l, false);
    assert_string_equal(names, "images,isos");
    /* The state word: "inactive" finds only the inactive pool. */
    tv_list_set_filter(&l, "inactive");
    tv_list_begin(&l);
    tv_list_add(&l, &s, 0, 0);
    tv_list_add(&l, &s, 1, 0);
    tv_list_end(&l, 10);
    g_free(names);
    names = row_names(&l, false);
    assert_string_equal(names, "isos");
    tv_list_clear(&l);
    tv_pool_list_unref(s.storage);

    s.storage = NULL;
    s.networks = tv_network_list_new(3);
    s.networks->networks[0] = (tv_network){ .name = g_strdup("lan"),
                                            .forward_mode = g_strdup("nat"),
                                            .bridge = g_strdup("virbr1"), .active = true };
    s.networks->networks[1] = (tv_network){ .name = g_strdup("backend"),
                                            .forward_mode = g_strdup("route"),
                                            .bridge = g_strdup("br-back"), .active = true };
    s.networks->networks[2] = (tv_network){ .name = g_strdup("isolated"),
                                            .forward_mode = g_strdup("isolated"),
                                            .bridge = g_strdup("virbr2") };
    tv_list_init(&l, &tv_networks_list);
    tv_list_sort_by(&l, col_of(&tv_networks_list, "FORWARD"));
    tv_list_set_filter(&l, "VIRBR");
    tv_list_begin(&l);
    for (size_t i = 0; i < 3; i++)
        tv_list_add(&l, &s, i, 0);
    tv_list_end(&l, 10);
    assert_int_equal(l.rows->len, 2);
    assert_string_equal(s.networks->networks[tv_list_row(&l, 0)->index].name, "isolated");
    assert_string_equal(s.networks->networks[tv_list_row(&l, 1)->index].name, "lan");
    tv_list_clear(&l);
    tv_network_list_unref(s.networks);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_word),
        cmocka_unit_test(test_domain_sort_orders),
        cmocka_unit_test(test_domain_filter),
        cmocka_unit_test(test_sort_neighbours),
        cmocka_unit_test(test_cursor_follows_item),
        cmocka_unit_test(test_volumes),
        cmocka_unit_test(test_pools_and_networks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
