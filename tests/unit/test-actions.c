/*
 * The action table and the actions themselves, run through a real host
 * worker on libvirt's test driver.  test:///default keeps one shared state
 * per process, so the test checks each outcome on its own connection,
 * against libvirt, not against tvirt's snapshot.
 */
#include "config.h"

#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "tv-test.h"
#include "tv-fixtures.h"
#include "actions/action-impl.h"
#include "actions/action.h"
#include "actions/param.h"
#include "actions/report.h"
#include "model/events.h"
#include "model/messages.h"
#include "ui/commands.h"
#include "ui/keymap.h"
#include "util/cleanup.h"

static virConnectPtr check_conn;
static tv_host *host;
static tv_host *ro_host;

static void
silent(void *data, virErrorPtr err)
{
}

/* ---- the table ----------------------------------------------------------- */

/*
 * Every parameter of an action's table: a name as ACTIONS.md spells them, a
 * label, help, a kind, choices for a choice, and a default that parses.
 */
static void
check_params(const tv_action *a)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    assert_true(a->n_params == 0 || a->params != NULL);
    /* Groups expanded: every field a form or --exec shows. */
    g_autoptr(tv_param_values) fields = tv_param_values_new(a->params, a->n_params);
    for (size_t k = 0; k < tv_param_values_count(fields); k++) {
        const tv_param *p = tv_param_values_param(fields, k);
        tv_param_value v = { 0 };
        g_autofree char *error = NULL;
        assert_true(g_regex_match_simple("^[a-z][a-z0-9]*([._][a-z0-9]+)*$", p->name, 0, 0));
        assert_true(g_hash_table_add(seen, (gpointer)p->name));
        assert_non_null(p->label);
        assert_true(p->help && strlen(p->help) > 10);
        assert_true(p->kind < TV_PARAM_GROUP);
        assert_int_equal(p->kind == TV_PARAM_CHOICE, p->choices != NULL);
        if (p->def) {
            if (!tv_param_parse(p, p->def, &v, &error))
                fail_msg("%s: %s: default '%s' does not parse: %s", a->name, p->name, p->def,
                         error);
            tv_param_value_clear(&v);
        }
        /* A target is named by the framework, never by the table; an action on a host may
         * show its host as a field (the wizard's), which host= on the line fills. */
        assert_true(strcmp(p->name, "domain") != 0);
        if (strcmp(p->name, "host") == 0) {
            assert_int_equal(a->target, TV_TARGET_HOST);
            assert_int_equal(p->kind, TV_PARAM_HOST);
        }
    }
}

static void
test_table_is_sound(void **state)
{
    size_t n;
    const tv_action *const *t = tv_action_table(&n);
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);

    assert_true(n >= 8);
    for (size_t i = 0; i < n; i++) {
        const tv_action *a = t[i];
        assert_non_null(a->name);
        assert_true(g_regex_match_simple("^[a-z]+(-[a-z]+)+$", a->name, 0, 0));
        assert_true(g_hash_table_add(names, (gpointer)a->name)); /* unique */
        assert_non_null(a->label);
        assert_non_null(a->help);
        assert_true(strlen(a->help) > 10);
        assert_non_null(a->done); /* "" allowed: exec's note says what happened */
        /* Every action runs on a worker, except those that open a screen. */
        assert_int_equal(a->exec != NULL, !(a->flags & TV_ACTION_VIEW));
        assert_true(a->target < TV_TARGET_LAST);
        assert_true(a->requires != 0);
        /* A confirmation question exactly when the flag asks for one, with one %s. */
        assert_int_equal(a->confirm != NULL, (a->flags & TV_ACTION_CONFIRM) != 0);
        if (a->confirm) {
            const char *p = strstr(a->confirm, "%s");
            assert_non_null(p);
            assert_null(strchr(p + 2, '%'));
        }
        check_params(a);
        if (a->key) {
            g_autofree char *error = NULL;
            assert_true(tv_key_parse(a->key, &error) >= 0);
            assert_true(g_hash_table_add(keys, (gpointer)a->key));
        }
        assert_ptr_equal(tv_action_find(a->name), a);
    }
    assert_null(tv_action_find("no-such-action"));
}

typedef struct binding_check {
    int count;
} binding_check;

static void
check_binding(int key, const char *command, void *data)
{
    binding_check *bc = data;
    /* Every default key names a real action or UI command. */
    assert_true(tv_command_exists(command));
    bc->count++;
}

static void
test_default_keys_name_real_commands(void **state)
{
    g_autoptr(tv_keymap) km = tv_default_keymap();
    binding_check bc = { 0 };
    tv_keymap_foreach(km, check_binding, &bc);
    assert_true(bc.count > 20);
    /* The keys DESIGN.md promises. */
    assert_string_equal(tv_keymap_lookup(km, 's'), "domain-start");
    assert_string_equal(tv_keymap_lookup(km, 'S'), "domain-shutdown");
    assert_string_equal(tv_keymap_lookup(km, 'F'), "domain-destroy");
    assert_string_equal(tv_keymap_lookup(km, 'D'), "domain-delete");
    assert_string_equal(tv_keymap_lookup(km, 'p'), "domain-pause");
    assert_string_equal(tv_keymap_lookup(km, 'w'), "domain-managed-save");
    assert_string_equal(tv_keymap_lookup(km, '?'), "help");
    assert_string_equal(tv_keymap_lookup(km, 'q'), "quit");
    assert_string_equal(tv_keymap_lookup(km, '/'), "filter");
    assert_string_equal(tv_keymap_lookup(km, ' '), "select");
}

static void
test_can_run(void **state)
{
    tv_host_snapshot snap = { .state = TV_HOST_CONNECTED };
    tv_domain d = { .state = TV_DOM_RUNNING, .valid = TV_DOM_HAS_FLAGS, .persistent = true };
    const char *why = NULL;

    assert_false(tv_action_can_run(tv_action_find("domain-start"), &snap, &d, &why));
    assert_string_equal(why, "the domain is running");
    assert_true(tv_action_can_run(tv_action_find("domain-shutdown"), &snap, &d, &why));
    d.state = TV_DOM_SHUTOFF;
    assert_false(tv_action_can_run(tv_action_find("domain-shutdown"), &snap, &d, &why));
    assert_string_equal(why, "the domain is not running");
    assert_true(tv_action_can_run(tv_action_find("domain-start"), &snap, &d, &why));

    d.persistent = false;
    assert_false(tv_action_can_run(tv_action_find("domain-autostart"), &snap, &d, &why));
    assert_string_equal(why, "a transient domain has no autostart setting");

    snap.readonly = true;
    assert_false(tv_action_can_run(tv_action_find("domain-start"), &snap, &d, &why));
    assert_string_equal(why, "the connection is read-only (-r)");
    snap.readonly = false;
    snap.state = TV_HOST_DISCONNECTED;
    assert_false(tv_action_can_run(tv_action_find("domain-start"), &snap, &d, &why));
    assert_string_equal(why, "the host is not connected");
}

/* ---- running actions ----------------------------------------------------- */

static char *
define_domain_full(const char *name, const char *disk_path, const char *pool, const char *volume)
{
    return tv_test_define_domain(check_conn, name, NULL, disk_path, pool, volume);
}

static char *
define_domain(const char *name, const char *disk_path)
{
    return define_domain_full(name, disk_path, NULL, NULL);
}

static int
state_of(const char *uuid)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(check_conn, uuid);
    int st = -1;
    if (!dom)
        return -1;
    virDomainGetState(dom, &st, NULL, 0);
    return st;
}

static int
run(tv_host *h, const char *action, const char *uuid, const char *name, unsigned opts,
    char **summary)
{
    const char *uuids[] = { uuid };
    const char *names[] = { name };
    return tv_action_run_sync(h, tv_action_find(action), uuids, names, 1, opts, summary);
}

static void
test_lifecycle(void **state)
{
    g_autofree char *uuid = define_domain("lc1", NULL);
    g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL, *s6 = NULL;
    g_autofree char *s7 = NULL, *s8 = NULL, *s9 = NULL, *s10 = NULL;
    int autostart = -1;
    g_autoptr(virDomain) dom = NULL;

    assert_int_equal(state_of(uuid), VIR_DOMAIN_SHUTOFF);
    assert_int_equal(run(host, "domain-start", uuid, "lc1", 0, &s1), 0);
    assert_string_equal(s1, "'lc1' started");
    assert_int_equal(state_of(uuid), VIR_DOMAIN_RUNNING);

    assert_int_equal(run(host, "domain-pause", uuid, "lc1", 0, &s2), 0);
    assert_string_equal(s2, "'lc1' paused");
    assert_int_equal(state_of(uuid), VIR_DOMAIN_PAUSED);
    assert_int_equal(run(host, "domain-pause", uuid, "lc1", TV_OPT_TURN_ON, &s3), 0);
    assert_string_equal(s3, "'lc1' resumed");
    assert_int_equal(state_of(uuid), VIR_DOMAIN_RUNNING);

    assert_int_equal(run(host, "domain-reboot", uuid, "lc1", 0, &s4), 0);
    assert_int_equal(state_of(uuid), VIR_DOMAIN_RUNNING);

    assert_int_equal(run(host, "domain-managed-save", uuid, "lc1", 0, &s5), 0);
    assert_int_equal(state_of(uuid), VIR_DOMAIN_SHUTOFF);
    dom = virDomainLookupByUUIDString(check_conn, uuid);
    assert_int_equal(virDomainHasManagedSaveImage(dom, 0), 1);
    assert_int_equal(run(host, "domain-start", uuid, "lc1", 0, &s6), 0);
    assert_int_equal(state_of(uuid), VIR_DOMAIN_RUNNING);
    assert_int_equal(virDomainHasManagedSaveImage(dom, 0), 0); /* restored from it */

    assert_int_equal(run(host, "domain-autostart", uuid, "lc1", TV_OPT_TURN_ON, &s7), 0);
    assert_string_equal(s7, "'lc1' will start with its host");
    virDomainGetAutostart(dom, &autostart);
    assert_int_equal(autostart, 1);

    assert_int_equal(run(host, "domain-shutdown", uuid, "lc1", 0, &s8), 0);
    assert_int_equal(state_of(uuid), VIR_DOMAIN_SHUTOFF);

    /* Failure carries libvirt's own message. */
    assert_int_equal(run(host, "domain-destroy", uuid, "lc1", 0, &s9), 1);
    assert_true(g_str_has_prefix(s9, "Could not force off 'lc1': "));
    assert_non_null(strstr(s9, "not running"));

    assert_int_equal(run(host, "domain-delete", uuid, "lc1", 0, &s10), 0);
    assert_string_equal(s10, "'lc1' deleted");
    assert_int_equal(state_of(uuid), -1);
}

static void
test_bulk_reports_each_failure(void **state)
{
    g_autofree char *a = define_domain("bulk-a", NULL);
    g_autofree char *b = define_domain("bulk-b", NULL);
    g_autofree char *s = NULL, *s2 = NULL;
    const char *uuids[] = { a, b, "00000000-0000-4000-8000-00000000dead" };
    const char *names[] = { "bulk-a", "bulk-b", "ghost" };
    g_autofree char *d1 = NULL, *d2 = NULL;

    assert_int_equal(tv_action_run_sync(host, tv_action_find("domain-start"), uuids, names, 2, 0,
                                        &s),
                     0);
    assert_string_equal(s, "2 started");
    assert_int_equal(tv_action_run_sync(host, tv_action_find("domain-destroy"), uuids, names, 3,
                                        0, &s2),
                     1);
    assert_true(g_str_has_prefix(s2, "2 forced off; could not force off 'ghost': "
                                     "the domain no longer exists"));
    assert_int_equal(state_of(a), VIR_DOMAIN_SHUTOFF);
    assert_int_equal(state_of(b), VIR_DOMAIN_SHUTOFF);
    run(host, "domain-delete", a, "bulk-a", 0, &d1);
    run(host, "domain-delete", b, "bulk-b", 0, &d2);
}

static void
test_toggle_goes_one_way(void **state)
{
    g_autofree char *a = define_domain("tog-a", NULL);
    g_autofree char *b = define_domain("tog-b", NULL);
    const char *uuids[] = { a, b };
    const char *names[] = { "tog-a", "tog-b" };
    const tv_action *pause = tv_action_find("domain-pause");
    tv_domain paused = { .state = TV_DOM_PAUSED }, running = { .state = TV_DOM_RUNNING };
    g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *d1 = NULL, *d2 = NULL;

    assert_int_equal(pause->opts_for(&paused), TV_OPT_TURN_ON);
    assert_int_equal(pause->opts_for(&running), 0);
    tv_action_run_sync(host, tv_action_find("domain-start"), uuids, names, 2, 0, &s1);
    run(host, "domain-pause", a, "tog-a", 0, &s2); /* a paused, b running */
    /* A mixed selection whose first is running: everything ends up paused. */
    assert_int_equal(tv_action_run_sync(host, pause, uuids + 1, names + 1, 1, 0, &s3), 0);
    assert_int_equal(tv_action_run_sync(host, pause, uuids, names, 2, 0, &s4), 0);
    assert_int_equal(state_of(a), VIR_DOMAIN_PAUSED);
    assert_int_equal(state_of(b), VIR_DOMAIN_PAUSED);
    run(host, "domain-delete", a, "tog-a", 0, &d1);
    run(host, "domain-delete", b, "tog-b", 0, &d2);
}

static void
test_delete_with_storage(void **state)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(check_conn, "default-pool");
    g_autofree char *vol_xml_path = g_build_filename(TV_TEST_DATADIR, "actions", "volume.xml",
                                                     NULL);
    g_autofree char *vol_xml = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    tv_autovirstr *vol_path = NULL;
    g_autofree char *uuid = NULL, *s = NULL, *s2 = NULL;
    g_autoptr(virStorageVol) gone = NULL;

    assert_non_null(pool);
    assert_true(g_file_get_contents(vol_xml_path, &vol_xml, NULL, NULL));
    vol = virStorageVolCreateXML(pool, vol_xml, 0);
    assert_non_null(vol);
    vol_path = virStorageVolGetPath(vol);
    uuid = define_domain("withdisk", vol_path);
    assert_int_equal(run(host, "domain-start", uuid, "withdisk", 0, &s2), 0);

    assert_int_equal(run(host, "domain-delete", uuid, "withdisk", TV_OPT_DELETE_STORAGE, &s), 0);
    assert_string_equal(s, "'withdisk' deleted with 1 volume (/default-pool/withdisk.img)");
    assert_int_equal(state_of(uuid), -1);
    gone = virStorageVolLookupByPath(check_conn, vol_path);
    assert_null(gone);
    virResetLastError();
}

/* Creates a 64 MiB volume called name in test:///default's pool; returns its path. */
static char *
create_volume(const char *name)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(check_conn, "default-pool");
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "actions", "volume.xml", NULL);
    g_autofree char *text = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    xmlChar *out = NULL;
    int len = 0;

    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    doc = xmlReadMemory(text, (int)strlen(text), NULL, NULL, 0);
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "name"))
            xmlNodeSetContent(n, BAD_CAST name);
    }
    xmlDocDumpMemory(doc, &out, &len);
    vol = virStorageVolCreateXML(pool, (const char *)out, 0);
    xmlFree(out);
    assert_non_null(vol);
    {
        tv_autovirstr *p = virStorageVolGetPath(vol);
        return g_strdup(p);
    }
}

static bool
volume_exists(const char *path)
{
    virStorageVolPtr vol = virStorageVolLookupByPath(check_conn, path);
    virResetLastError();
    if (vol)
        virStorageVolFree(vol);
    return vol != NULL;
}

static void
test_delete_keeps_volumes_of_others(void **state)
{
    g_autofree char *path = create_volume("shared.img");
    g_autofree char *a = define_domain("user-a", path);
    g_autofree char *b = define_domain("user-b", path);
    g_autofree char *s = NULL, *s2 = NULL;

    assert_int_equal(run(host, "domain-delete", a, "user-a", TV_OPT_DELETE_STORAGE, &s), 0);
    assert_true(g_str_has_prefix(s, "'user-a' deleted with 0 volumes (kept: "));
    assert_non_null(strstr(s, "(used by another domain)"));
    assert_true(volume_exists(path));
    assert_int_equal(state_of(a), -1);
    /* The last user takes it with it. */
    assert_int_equal(run(host, "domain-delete", b, "user-b", TV_OPT_DELETE_STORAGE, &s2), 0);
    assert_string_equal(s2, "'user-b' deleted with 1 volume (/default-pool/shared.img)");
    assert_false(volume_exists(path));
}

static void
test_delete_resolves_volume_disks(void **state)
{
    g_autofree char *path = create_volume("byname.img");
    g_autofree char *uuid = define_domain_full("voldisk", NULL, "default-pool", "byname.img");
    g_autofree char *s = NULL;
    assert_int_equal(run(host, "domain-delete", uuid, "voldisk", TV_OPT_DELETE_STORAGE, &s), 0);
    assert_string_equal(s, "'voldisk' deleted with 1 volume (/default-pool/byname.img)");
    assert_false(volume_exists(path));
}

static void
test_delete_keeps_unmanaged_disks(void **state)
{
    g_autofree char *uuid = define_domain("plainfile", "/nonexistent/plain.img");
    g_autofree char *s = NULL;
    assert_int_equal(run(host, "domain-delete", uuid, "plainfile", TV_OPT_DELETE_STORAGE, &s), 0);
    assert_string_equal(s, "'plainfile' deleted with 0 volumes (kept: /nonexistent/plain.img "
                           "(not a pool volume))");
}

static void
test_readonly_connection_refuses(void **state)
{
    g_autofree char *uuid = define_domain("ro1", NULL);
    g_autofree char *s = NULL, *d = NULL;
    assert_int_equal(run(ro_host, "domain-start", uuid, "ro1", 0, &s), 1);
    assert_true(g_str_has_prefix(s, "Could not start 'ro1': "));
    assert_non_null(strstr(s, "read only"));
    assert_int_equal(state_of(uuid), VIR_DOMAIN_SHUTOFF);
    run(host, "domain-delete", uuid, "ro1", 0, &d);
}

static void
test_messages_posted(void **state)
{
    /* A run the front end queues answers with a message: its summary and report. */
    g_autofree char *uuid = define_domain("posted", NULL);
    const char *name = "posted";
    const char *uuids[] = { uuid };
    g_autofree char *d = NULL;
    gint64 until = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    bool seen = false;
    tv_message m;

    while (tv_message_pop(&m))
        tv_message_clear(&m);
    tv_action_run(host, tv_action_find("domain-start"), 7, "h", uuids, &name, 1, 0, NULL);
    while (!seen && g_get_monotonic_time() < until) {
        if (!tv_message_pop(&m)) {
            g_usleep(5000);
            continue;
        }
        if (m.request == 7) {
            const tv_action_report *r = m.payload;
            seen = true;
            assert_string_equal(m.text, "'posted' started");
            assert_int_equal(r->outcomes->len, 1);
            assert_int_equal(g_array_index(r->outcomes, tv_outcome, 0).kind, TV_OUTCOME_OK);
        }
        tv_message_clear(&m);
    }
    assert_true(seen);
    run(host, "domain-delete", uuid, "posted", 0, &d);
}

static void
test_dropped_part_still_answers(void **state)
{
    /* A host dropped before its worker ran the job: the request gets an answer
     * naming each target as skipped, so the front end's request completes. */
    tv_host_config cfg = { .uri = "test:///default", .interval_s = 60 };
    tv_host *h = tv_host_new(&cfg); /* never started: its queue is never run */
    const char *uuid = "00000000-0000-4000-8000-0000000000d1";
    const char *name = "dropped";
    tv_message m;
    bool seen = false;

    while (tv_message_pop(&m))
        tv_message_clear(&m);
    tv_action_run(h, tv_action_find("domain-start"), 42, "host-x", &uuid, &name, 1, 0, NULL);
    tv_host_free(h);
    while (tv_message_pop(&m)) {
        const tv_action_report *r = m.payload;
        if (m.request == 42 && r) {
            const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, 0);
            seen = true;
            assert_false(r->preview);
            assert_int_equal(o->kind, TV_OUTCOME_SKIPPED);
            assert_string_equal(o->name, "dropped");
            assert_string_equal(o->host, "host-x");
            assert_non_null(strstr(o->detail, "disconnected before it ran"));
        }
        tv_message_clear(&m);
    }
    assert_true(seen);
}

/* ---- undo, last step first --------------------------------------------------- */

static GString *undo_log;

static char *
undo_step(virConnectPtr conn, void *data)
{
    g_string_append_printf(undo_log, "%s ", (const char *)data);
    return strcmp(data, "2") == 0 ? g_strdup("it was gone") : NULL;
}

/* Three steps succeed, the fourth fails: the runner reverts 3, 2, 1. */
static int
three_steps_then_fail(tv_action_ctx *ctx)
{
    for (int i = 1; i <= 3; i++) {
        g_autofree char *what = g_strdup_printf("removed step %d", i);
        tv_action_undo(ctx, what, undo_step, g_strdup_printf("%d", i), g_free);
    }
    ctx->error = g_strdup("step 4 failed");
    return -1;
}

static int
three_steps_then_succeed(tv_action_ctx *ctx)
{
    for (int i = 1; i <= 3; i++)
        tv_action_undo(ctx, "removed", undo_step, g_strdup("x"), g_free);
    tv_action_result(ctx, "uuid", false, "%s", "1234");
    return 0;
}

static void
test_undo_last_first(void **state)
{
    const tv_action failing = { .name = "test-steps", .label = "make", .done = "made",
                                .target = TV_TARGET_HOST, .requires = TV_STATES_ANY,
                                .exec = three_steps_then_fail };
    const tv_action working = { .name = "test-steps", .label = "make", .done = "made",
                                .target = TV_TARGET_HOST, .requires = TV_STATES_ANY,
                                .exec = three_steps_then_succeed };
    g_autoptr(tv_action_report) r1 = NULL, r2 = NULL;
    g_autofree char *summary = NULL;
    const tv_outcome *o;

    undo_log = g_string_new(NULL);
    r1 = tv_action_exec_sync(host, &failing, NULL, "thing", NULL, false);
    o = &g_array_index(r1->outcomes, tv_outcome, 0);
    assert_int_equal(o->kind, TV_OUTCOME_FAILED);
    assert_string_equal(undo_log->str, "3 2 1 ");
    assert_int_equal(o->undone->len, 3);
    assert_string_equal(o->undone->pdata[0], "removed step 3");
    assert_string_equal(o->undone->pdata[1], "could not undo (removed step 2): it was gone");
    assert_string_equal(o->undone->pdata[2], "removed step 1");
    summary = tv_action_report_summary(r1);
    assert_string_equal(summary, "Could not make 'thing': step 4 failed (undone: removed step 3; "
                                 "could not undo (removed step 2): it was gone; removed step 1)");

    /* A host that stayed away: what each step left comes after what was undone. */
    {
        g_autoptr(tv_action_report) r = tv_action_report_new(&failing, 0);
        g_autoptr(GPtrArray) undone = g_ptr_array_new_with_free_func(g_free);
        g_autofree char *text = NULL;
        g_ptr_array_add(undone, g_strdup("left: volume pool/thing.qcow2"));
        tv_action_report_add_full(r, TV_OUTCOME_FAILED, NULL, "thing", "link lost", undone,
                                  NULL);
        text = tv_action_report_summary(r);
        assert_string_equal(text, "Could not make 'thing': link lost "
                                  "(left: volume pool/thing.qcow2)");
    }

    /* Success keeps what the steps made: nothing is reverted. */
    g_string_truncate(undo_log, 0);
    r2 = tv_action_exec_sync(host, &working, NULL, "thing", NULL, false);
    o = &g_array_index(r2->outcomes, tv_outcome, 0);
    assert_int_equal(o->kind, TV_OUTCOME_OK);
    assert_string_equal(undo_log->str, "");
    assert_null(o->undone);
    assert_string_equal(g_array_index(o->result, tv_result_field, 0).key, "uuid");
    g_string_free(undo_log, TRUE);
}

static bool
connected(tv_host *h)
{
    for (int i = 0; i < 500; i++) {
        g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(h);
        if (s->state == TV_HOST_CONNECTED)
            return true;
        g_usleep(10000);
    }
    return false;
}

static int
setup(void **state)
{
    tv_host_config cfg = { .uri = "test:///default", .interval_s = 60, .wants = TV_WANT_ALL };
    virSetErrorFunc(NULL, silent);
    tv_notify_init();
    tv_events_start();
    check_conn = virConnectOpen("test:///default");
    host = tv_host_new(&cfg);
    tv_host_start(host);
    cfg.readonly = true;
    ro_host = tv_host_new(&cfg);
    tv_host_start(ro_host);
    return check_conn && connected(host) && connected(ro_host) ? 0 : -1;
}

static int
teardown(void **state)
{
    tv_host_free(host);
    tv_host_free(ro_host);
    virConnectClose(check_conn);
    tv_events_stop();
    tv_notify_shutdown();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sound),
        cmocka_unit_test(test_default_keys_name_real_commands),
        cmocka_unit_test(test_can_run),
        cmocka_unit_test(test_lifecycle),
        cmocka_unit_test(test_bulk_reports_each_failure),
        cmocka_unit_test(test_toggle_goes_one_way),
        cmocka_unit_test(test_delete_with_storage),
        cmocka_unit_test(test_delete_keeps_unmanaged_disks),
        cmocka_unit_test(test_delete_keeps_volumes_of_others),
        cmocka_unit_test(test_delete_resolves_volume_disks),
        cmocka_unit_test(test_readonly_connection_refuses),
        cmocka_unit_test(test_messages_posted),
        cmocka_unit_test(test_dropped_part_still_answers),
        cmocka_unit_test(test_undo_last_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
