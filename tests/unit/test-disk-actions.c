/*
 * domain-attach-disk and domain-detach-disk on a real host worker over
 * libvirt's test driver (test:///default).  The test driver refuses
 * device attach and detach, which makes it the place to prove the undo:
 * a new volume made before the refused attach is gone again, and the
 * message names it.  The worker's own checks run here too, with the
 * form's checks left out (no parsed XML in the context): a taken target,
 * a missing disk, a volume another domain uses, live=yes on a domain that
 * is off; each refused before anything is made.  Outcomes are read back
 * from libvirt on a connection of the test's own.
 */
#include "config.h"

#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "tv-test.h"
#include "tv-fixtures.h"
#include "actions/action.h"
#include "actions/param.h"
#include "actions/report.h"
#include "model/events.h"
#include "model/messages.h"
#include "util/cleanup.h"

#define POOL "default-pool"

static virConnectPtr check_conn;
static tv_host *host;
static bool blind; /* run() checks without the snapshot either: only the worker looks */

static void
silent(void *data, virErrorPtr err)
{
}

static int
volume_count(void)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(check_conn, POOL);
    return pool ? virStoragePoolNumOfVolumes(pool) : -1;
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

/*
 * Runs action on domain with name=value pairs (NULL-terminated), after the
 * parameters' own check fills the defaults; the context has the snapshot
 * but no parsed XML, so every check that needs the domain's devices is the
 * worker's.  Returns the one outcome's report.
 */
static tv_action_report *
run(const char *action, const char *domain, const char *uuid, ...)
{
    const tv_action *a = tv_action_find(action);
    tv_param_values *v = tv_param_values_new(a->params, a->n_params);
    g_autoptr(tv_host_snapshot) snap = tv_host_snapshot_get(host);
    tv_param_ctx ctx = { .snap = blind ? NULL : snap, .target = domain };
    g_autoptr(GPtrArray) problems = NULL;
    const char *name;
    va_list ap;

    va_start(ap, uuid);
    while ((name = va_arg(ap, const char *))) {
        g_autofree char *error = NULL;
        if (!tv_param_values_set(v, name, va_arg(ap, const char *), &error))
            fail_msg("%s", error);
    }
    va_end(ap);
    problems = tv_param_values_check(v, &ctx);
    if (problems->len)
        fail_msg("%s", (const char *)problems->pdata[0]);
    return tv_action_exec_sync(host, a, uuid, domain, v, false);
}

static const tv_outcome *
outcome(const tv_action_report *r)
{
    assert_int_equal(r->outcomes->len, 1);
    return &g_array_index(r->outcomes, tv_outcome, 0);
}

static void
assert_has(const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("'%s' does not say '%s'", text ? text : "(null)", part);
}

static char *
test_uuid(void)
{
    g_autoptr(virDomain) dom = virDomainLookupByName(check_conn, "test");
    char uuid[VIR_UUID_STRING_BUFLEN];
    assert_non_null(dom);
    assert_int_equal(virDomainGetUUIDString(dom, uuid), 0);
    return g_strdup(uuid);
}

static void
test_new_volume_is_undone(void **state)
{
    g_autofree char *uuid = test_uuid();
    int before = volume_count();
    g_autoptr(tv_action_report) r = run("domain-attach-disk", "test", uuid, "pool", POOL, "size",
                                        "64M", NULL);
    const tv_outcome *o = outcome(r);
    g_autofree char *summary = tv_action_report_summary(r);

    assert_int_equal(o->kind, TV_OUTCOME_FAILED);
    assert_has(o->detail, "virDomainAttachDeviceFlags"); /* libvirt's own words */
    assert_int_equal(o->undone->len, 1);
    assert_string_equal(o->undone->pdata[0], "deleted the new volume /" POOL "/test-vdb.qcow2");
    assert_true(g_str_has_prefix(summary, "Could not attach a disk to 'test': "));
    assert_has(summary, "(undone: deleted the new volume /" POOL "/test-vdb.qcow2)");
    assert_false(volume_exists("/" POOL "/test-vdb.qcow2"));
    assert_int_equal(volume_count(), before);
}

static void
test_scsi_controller_first(void **state)
{
    g_autofree char *uuid = test_uuid();
    int before = volume_count();
    g_autoptr(tv_action_report) r = run("domain-attach-disk", "test", uuid, "pool", POOL, "size",
                                        "64M", "bus", "scsi", "format", "raw", NULL);
    const tv_outcome *o = outcome(r);

    /* The domain has no SCSI controller: adding one is the step that fails here. */
    assert_int_equal(o->kind, TV_OUTCOME_FAILED);
    assert_has(o->detail, "could not add a virtio-scsi controller for the disk: ");
    assert_int_equal(o->undone->len, 1);
    assert_string_equal(o->undone->pdata[0], "deleted the new volume /" POOL "/test-sda.img");
    assert_int_equal(volume_count(), before);
}

static void
test_worker_checks_again(void **state)
{
    g_autofree char *uuid = test_uuid();
    int before = volume_count();
    g_autoptr(tv_action_report) taken = run("domain-attach-disk", "test", uuid, "pool", POOL,
                                            "size", "64M", "target", "vda", NULL);
    g_autoptr(tv_action_report) novol = NULL;
    g_autoptr(tv_action_report) nodisk = run("domain-detach-disk", "test", uuid, "target",
                                             "vdz", NULL);

    blind = true;
    novol = run("domain-attach-disk", "test", uuid, "source", "volume", "volume",
                POOL "/nosuch.img", NULL);
    blind = false;
    assert_int_equal(outcome(taken)->kind, TV_OUTCOME_FAILED);
    assert_string_equal(outcome(taken)->detail,
                        "'test' already has a disk vda (/guest/diskimage1)");
    assert_null(outcome(taken)->undone); /* refused before anything was made */
    assert_int_equal(volume_count(), before);
    assert_int_equal(outcome(novol)->kind, TV_OUTCOME_FAILED);
    assert_has(outcome(novol)->detail, "volume: ");
    assert_has(outcome(novol)->detail, "nosuch.img");
    assert_int_equal(outcome(nodisk)->kind, TV_OUTCOME_FAILED);
    assert_string_equal(outcome(nodisk)->detail, "'test' has no disk vdz");
}

static void
test_live_needs_a_running_domain(void **state)
{
    g_autofree char *uuid = tv_test_define_domain(check_conn, "disk-off", NULL, "/nowhere.img",
                                                  NULL, NULL);
    g_autoptr(tv_action_report) r = NULL;
    g_autoptr(virDomain) dom = NULL;
    /* The context names no domain, so only the worker knows it is off. */
    const tv_action *a = tv_action_find("domain-attach-disk");
    tv_param_values *v = tv_param_values_new(a->params, a->n_params);
    g_autoptr(tv_host_snapshot) snap = tv_host_snapshot_get(host);
    tv_param_ctx ctx = { .snap = snap };
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *error = NULL;

    assert_true(tv_param_values_set(v, "size", "1G", &error));
    assert_true(tv_param_values_set(v, "live", "yes", &error));
    problems = tv_param_values_check(v, &ctx);
    assert_int_equal(problems->len, 0);
    r = tv_action_exec_sync(host, a, uuid, "disk-off", v, false);
    assert_int_equal(outcome(r)->kind, TV_OUTCOME_FAILED);
    assert_string_equal(outcome(r)->detail, "'disk-off' is not running: only its configuration "
                                            "can change (config=yes)");
    dom = virDomainLookupByUUIDString(check_conn, uuid);
    virDomainUndefine(dom);
}

static void
test_detach_keeps_a_shared_volume(void **state)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(check_conn, POOL);
    g_autoptr(virStorageVol) vol = virStorageVolCreateXML(
        pool, "<volume><name>both.img</name><capacity>1048576</capacity></volume>", 0);
    tv_autovirstr *path = vol ? virStorageVolGetPath(vol) : NULL;
    g_autofree char *a = NULL, *b = NULL;
    g_autoptr(tv_action_report) r = NULL;
    g_autoptr(virDomain) da = NULL, db = NULL;

    assert_non_null(path);
    a = tv_test_define_domain(check_conn, "disk-a", NULL, path, NULL, NULL);
    /* The other names it by pool and volume, not by path. */
    b = tv_test_define_domain(check_conn, "disk-b", NULL, NULL, POOL, "both.img");
    r = run("domain-detach-disk", "disk-a", a, "target", "vda", "delete_volume", "yes", NULL);
    assert_int_equal(outcome(r)->kind, TV_OUTCOME_FAILED);
    assert_string_equal(outcome(r)->detail, "'disk-b' uses the volume of vda too; nothing was "
                                            "detached (delete_volume=no detaches it alone)");
    assert_true(volume_exists(path));
    da = virDomainLookupByUUIDString(check_conn, a);
    db = virDomainLookupByUUIDString(check_conn, b);
    virDomainUndefine(da);
    virDomainUndefine(db);
    virStorageVolDelete(vol, 0);
}

static void
test_detach_says_libvirts_words(void **state)
{
    g_autofree char *uuid = test_uuid();
    g_autoptr(tv_action_report) r = run("domain-detach-disk", "test", uuid, "target", "vda",
                                        NULL);
    g_autofree char *summary = tv_action_report_summary(r);
    assert_int_equal(outcome(r)->kind, TV_OUTCOME_FAILED);
    assert_true(g_str_has_prefix(summary, "Could not detach a disk from 'test': "));
    assert_has(summary, "virDomainDetachDeviceFlags");
}

static bool
connected(tv_host *h)
{
    for (int i = 0; i < 500; i++) {
        g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(h);
        if (s->state == TV_HOST_CONNECTED && s->storage)
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
    return check_conn && connected(host) ? 0 : -1;
}

static int
teardown(void **state)
{
    tv_host_free(host);
    virConnectClose(check_conn);
    tv_events_stop();
    tv_notify_shutdown();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_volume_is_undone),
        cmocka_unit_test(test_scsi_controller_first),
        cmocka_unit_test(test_worker_checks_again),
        cmocka_unit_test(test_live_needs_a_running_domain),
        cmocka_unit_test(test_detach_keeps_a_shared_volume),
        cmocka_unit_test(test_detach_says_libvirts_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
