/*
 * The disk parameters' pure rules, on a hand-made snapshot: defaults that
 * follow the device, the bus and the domain's state; fields that show only
 * when they apply; every refusal named by its field and said with why, all
 * at once; checks that need a domain or its XML stay quiet without them
 * (the create-VM wizard's case); and domain-detach-disk's table.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "actions/action.h"
#include "actions/disk-params.h"
#include "model/domxml.h"

static const char web01_xml[] =
    "<domain type='kvm'><name>web01</name><uuid>11111111-0000-4000-8000-000000000001</uuid>"
    "<memory>1048576</memory><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>"
    "<devices>"
    "<disk type='file' device='disk'><source file='/pool/default/base.qcow2'/>"
    "<target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>"
    "<disk type='file' device='disk'><source file='/srv/plain.img'/>"
    "<target dev='vdc' bus='virtio'/></disk>"
    "<disk type='volume' device='disk'><source pool='default' volume='shared.img'/>"
    "<target dev='vdd' bus='virtio'/></disk>"
    "</devices></domain>";

static tv_host_snapshot snap;
static tv_domain doms[3];
static tv_domain_details *web01;

static void
add_volume(tv_pool *p, const char *name, const char **users)
{
    tv_volume *v = &p->volumes[p->n_volumes++];
    v->name = g_strdup(name);
    v->path = g_strdup_printf("/pool/%s/%s", p->name, name);
    v->used_by = g_strdupv((char **)users);
}

static int
setup(void **state)
{
    const char *by_web[] = { "web01", NULL };
    const char *by_both[] = { "db01", "web01", NULL };
    const char *by_none[] = { NULL };
    tv_pool *p;

    doms[0] = (tv_domain){ .name = "web01", .state = TV_DOM_RUNNING, .valid = TV_DOM_HAS_FLAGS,
                           .persistent = true };
    doms[1] = (tv_domain){ .name = "db01", .state = TV_DOM_SHUTOFF, .valid = TV_DOM_HAS_FLAGS,
                           .persistent = true };
    doms[2] = (tv_domain){ .name = "tmp01", .state = TV_DOM_RUNNING, .valid = TV_DOM_HAS_FLAGS,
                           .persistent = false };
    g_strlcpy(doms[0].uuid_str, "11111111-0000-4000-8000-000000000001", TV_UUID_STRLEN);
    snap.label = "host-a";
    snap.domains = doms;
    snap.n_domains = G_N_ELEMENTS(doms);
    snap.storage = tv_pool_list_new(3);
    snap.storage->has_users = true;
    p = &snap.storage->pools[0];
    p->name = g_strdup("default");
    p->active = true;
    p->capacity = 100ULL << 30;
    p->volumes = g_new0(tv_volume, 3);
    add_volume(p, "base.qcow2", by_web);
    add_volume(p, "shared.img", by_both);
    add_volume(p, "debian.iso", by_none);
    p = &snap.storage->pools[1];
    p->name = g_strdup("isos");
    p->active = true;
    p->volumes = g_new0(tv_volume, 1);
    add_volume(p, "base.qcow2", by_none);
    p = &snap.storage->pools[2];
    p->name = g_strdup("off");
    p->volumes = g_new0(tv_volume, 1);
    add_volume(p, "x.img", by_none);
    web01 = tv_domxml_parse(web01_xml, NULL);
    return web01 ? 0 : -1;
}

static int
teardown(void **state)
{
    tv_pool_list_unref(snap.storage);
    tv_domain_details_unref(web01);
    return 0;
}

/* Sets name=value pairs (NULL-terminated) and checks; returns the problems joined by "\n". */
static char *
check(tv_param_values *v, const char *target, const tv_domain_details *details, ...)
{
    tv_param_ctx ctx = { .snap = &snap, .target = target, .details = details };
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GString) all = g_string_new(NULL);
    va_list ap;
    const char *name;

    va_start(ap, details);
    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);
        g_autofree char *error = NULL;
        tv_param_values_set(v, name, value, &error);
    }
    va_end(ap);
    problems = tv_param_values_check(v, &ctx);
    for (guint i = 0; i < problems->len; i++)
        g_string_append_printf(all, "%s%s", i ? "\n" : "", (const char *)problems->pdata[i]);
    return g_strdup(all->str);
}

static tv_param_values *
attach_values(void)
{
    return tv_param_values_new(tv_disk_params, TV_DISK_N_PARAMS);
}

/* Whether the field applies with the values as they stand. */
static bool
shows(tv_param_values *v, const char *name, const char *target)
{
    tv_param_ctx ctx = { .snap = &snap, .target = target, .details = web01, .values = v };
    const tv_param *p = tv_param_values_find(v, name);
    return !p->visible || p->visible(&ctx);
}

static void
assert_problems(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("problems:\n%s\n--- wanted:\n%s", got, want);
}

static void
test_defaults_for_a_running_domain(void **state)
{
    g_autoptr(tv_param_values) v = attach_values();
    g_autofree char *p = check(v, "web01", web01, NULL);

    assert_problems(p, "size: is required");
    assert_string_equal(tv_param_values_text(v, "device"), "disk");
    assert_string_equal(tv_param_values_text(v, "source"), "new");
    assert_string_equal(tv_param_values_text(v, "pool"), "default");
    assert_string_equal(tv_param_values_text(v, "format"), "qcow2");
    assert_string_equal(tv_param_values_text(v, "bus"), "virtio");
    assert_string_equal(tv_param_values_text(v, "target"), "vdb"); /* vda and vdc are taken */
    assert_string_equal(tv_param_values_text(v, "readonly"), "no");
    assert_string_equal(tv_param_values_text(v, "live"), "yes");
    assert_string_equal(tv_param_values_text(v, "config"), "yes");
    assert_true(shows(v, "size", "web01") && shows(v, "pool", "web01"));
    assert_false(shows(v, "volume", "web01") || shows(v, "path", "web01"));
}

static void
test_fields_follow_the_source(void **state)
{
    g_autoptr(tv_param_values) v = attach_values();
    g_autofree char *p1 = check(v, "web01", web01, "source", "volume", NULL);
    g_autofree char *p2 = NULL, *p3 = NULL;

    assert_problems(p1, "volume: is required");
    assert_true(shows(v, "volume", "web01"));
    assert_false(shows(v, "size", "web01") || shows(v, "pool", "web01") ||
                 shows(v, "format", "web01"));
    p2 = check(v, "web01", web01, "source", "path", NULL);
    assert_problems(p2, "path: is required");
    assert_true(shows(v, "path", "web01"));
    assert_false(shows(v, "volume", "web01"));
    /* A field that does not apply may not be given. */
    p3 = check(v, "web01", web01, "path", "/srv/a.img", "size", "1G", NULL);
    assert_problems(p3, "size: does not apply here");
}

static void
test_cdrom_defaults(void **state)
{
    g_autoptr(tv_param_values) running = attach_values();
    g_autoptr(tv_param_values) image = attach_values();
    g_autoptr(tv_param_values) off = attach_values();
    g_autoptr(tv_param_values) forced = attach_values();
    g_autofree char *p1 = check(running, "web01", web01, "device", "cdrom", NULL);
    g_autofree char *p2 = check(image, "web01", web01, "device", "cdrom", "source", "path",
                                "path", "/srv/isos/debian.iso", NULL);
    g_autofree char *p3 = check(off, "db01", NULL, "device", "cdrom", NULL);
    g_autofree char *p4 = check(forced, "web01", web01, "device", "cdrom", "live", "yes", NULL);

    /* libvirt cannot hot-plug an empty drive: it goes to the configuration, on SATA. */
    assert_problems(p1, "");
    assert_string_equal(tv_param_values_text(running, "source"), "empty");
    assert_string_equal(tv_param_values_text(running, "live"), "no");
    assert_string_equal(tv_param_values_text(running, "config"), "yes");
    assert_string_equal(tv_param_values_text(running, "bus"), "sata");
    assert_string_equal(tv_param_values_text(running, "target"), "sdb"); /* sda: the SATA CD */
    assert_false(shows(running, "readonly", "web01") || shows(running, "shareable", "web01") ||
                 shows(running, "discard", "web01"));
    /* With an image it is plugged in now, and SATA cannot be hot-plugged: SCSI. */
    assert_problems(p2, "");
    assert_string_equal(tv_param_values_text(image, "live"), "yes");
    assert_string_equal(tv_param_values_text(image, "bus"), "scsi");
    assert_problems(p3, "");
    assert_string_equal(tv_param_values_text(off, "bus"), "sata");
    assert_string_equal(tv_param_values_text(off, "live"), "no");
    assert_problems(p4, "source: libvirt cannot plug an empty CD-ROM drive into a running "
                        "domain: give it an image (volume or path), or live=no to add it from "
                        "the next start\n"
                        "bus: SATA devices cannot be plugged into a running domain (live=yes): "
                        "choose scsi or usb, or live=no to add it from the next start");
}

static void
test_every_refusal_at_once(void **state)
{
    g_autoptr(tv_param_values) v = attach_values();
    g_autofree char *p = check(v, "web01", web01, "device", "cdrom", "source", "new", "size", "0",
                               "bus", "virtio", "target", "vda", "io", "native", "serial",
                               "a/b", NULL);
    assert_problems(p,
                    "source: a CD-ROM reads an image that exists: choose volume, path or empty\n"
                    "size: must be more than 0\n"
                    "bus: a CD-ROM cannot be on virtio (virtio-blk has no removable media): "
                    "choose sata, scsi, ide or usb\n"
                    "target: 'web01' already has a disk vda (/pool/default/base.qcow2)\n"
                    "io: io=native needs cache=none or cache=directsync (QEMU refuses it "
                    "otherwise)\n"
                    "serial: libvirt takes letters, digits, spaces and - _ . + only");
}

static void
test_bus_target_and_sharing(void **state)
{
    g_autoptr(tv_param_values) a = attach_values();
    g_autoptr(tv_param_values) b = attach_values();
    g_autoptr(tv_param_values) c = attach_values();
    g_autofree char *p1 = check(a, "web01", web01, "size", "200G", "bus", "sata", "readonly",
                                "yes", "target", "vdz", NULL);
    g_autofree char *p2 = check(b, "web01", web01, "size", "1G", "bus", "ide", "live", "no",
                                "target", "hde", "shareable", "yes", NULL);
    g_autofree char *p3 = check(c, "web01", web01, "size", "1G", "format", "raw", "shareable",
                                "yes", "target", "vd1", "cache", "none", "io", "native", NULL);

    assert_problems(p1, "size: 200G is more than the whole pool 'default' holds (100G)\n"
                        "bus: SATA devices cannot be plugged into a running domain (live=yes): "
                        "choose virtio, scsi or usb, or live=no to add it from the next start\n"
                        "target: a sata disk's name starts with sd (sdz)\n"
                        "readonly: libvirt supports no read-only SATA disks: choose virtio or "
                        "scsi");
    assert_problems(p2, "bus: a pc-q35-7.2 machine has no IDE bus: choose sata\n"
                        "target: an IDE bus has room for hda to hdd only\n"
                        "shareable: a qcow2 image cannot be shared writable: choose format=raw, "
                        "or readonly=yes");
    /* raw may be shared; native I/O is fine with cache=none. */
    assert_problems(p3, "target: 'vd1' is not a disk name (like vdb, sdc or hdd)");
}

static void
test_volume_and_path(void **state)
{
    const struct {
        const char *volume, *want;
    } cases[] = {
        { "base.qcow2", "volume: pools 'default' and 'isos' both have a volume 'base.qcow2': say "
                        "which, as POOL/VOLUME" },
        { "default/base.qcow2", "volume: 'web01' already has it as vda" },
        { "default/nosuch", "volume: pool 'default' has no volume 'nosuch'" },
        { "off/x.img", "volume: pool 'off' is not active" },
        { "nowhere/x", "volume: no pool 'nowhere' on host-a" },
        { "nosuch.img", "volume: no pool on host-a has a volume 'nosuch.img'" },
        { "default/", "volume: say which volume, as POOL/VOLUME or a volume name" },
        { "debian.iso", "" },
        { "isos/base.qcow2", "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(tv_param_values) v = attach_values();
        g_autofree char *p = check(v, "web01", web01, "source", "volume", "volume",
                                   cases[i].volume, NULL);
        assert_problems(p, cases[i].want);
    }
    {
        g_autoptr(tv_param_values) v = attach_values();
        g_autofree char *p1 = check(v, "web01", web01, "source", "path", "path", "/srv/plain.img",
                                    NULL);
        g_autofree char *p2 = check(v, "web01", web01, "path", "images/x.img", NULL);
        g_autofree char *p3 = check(v, "web01", web01, "path", "/srv/", NULL);
        g_autofree char *p4 = check(v, "web01", web01, "path", "/srv/new \"disk\".img", NULL);
        assert_problems(p1, "path: 'web01' already has it as vdc");
        assert_problems(p2, "path: 'images/x.img' is not an absolute path");
        assert_problems(p3, "path: '/srv/' names a directory, not an image");
        assert_problems(p4, "");
    }
}

static void
test_live_and_config(void **state)
{
    g_autoptr(tv_param_values) off = attach_values();
    g_autoptr(tv_param_values) transient = attach_values();
    g_autoptr(tv_param_values) neither = attach_values();
    g_autofree char *p1 = check(off, "db01", NULL, "size", "1G", "live", "yes", NULL);
    g_autofree char *p2 = check(transient, "tmp01", NULL, "size", "1G", NULL);
    g_autofree char *p3 = NULL, *p4 = NULL;

    assert_problems(p1, "live: 'db01' is not running: only its configuration can change "
                        "(config=yes)");
    /* A transient domain: config defaults to no, and yes is refused. */
    assert_problems(p2, "");
    assert_string_equal(tv_param_values_text(transient, "config"), "no");
    p3 = check(transient, "tmp01", NULL, "config", "yes", NULL);
    assert_problems(p3, "config: 'tmp01' is transient: it has no configuration to change");
    p4 = check(neither, "web01", web01, "size", "1G", "live", "no", "config", "no", NULL);
    assert_problems(p4, "config: live and config are both no: nothing would change");
}

/* The wizard's case: no domain yet, no XML, and its source may say none. */
static void
test_without_a_domain(void **state)
{
    static const char *const with_none[] = { "new", "volume", "path", "none", NULL };
    tv_param table[TV_DISK_N_PARAMS];
    g_autoptr(tv_param_values) v = attach_values();
    g_autoptr(tv_param_values) w = NULL;
    g_autofree char *p1 = check(v, NULL, NULL, "size", "20G", NULL);
    g_autofree char *p2 = NULL;

    assert_problems(p1, "");
    assert_string_equal(tv_param_values_text(v, "target"), "vda");
    assert_string_equal(tv_param_values_text(v, "live"), "no");
    assert_string_equal(tv_param_values_text(v, "config"), "yes");

    memcpy(table, tv_disk_params, sizeof(table));
    for (size_t i = 0; i < TV_DISK_N_PARAMS; i++) {
        if (strcmp(table[i].name, "source") == 0)
            table[i].choices = with_none;
    }
    w = tv_param_values_new(table, TV_DISK_N_PARAMS);
    p2 = check(w, NULL, NULL, "source", "none", NULL);
    assert_problems(p2, "");
    for (size_t i = 0; i < TV_DISK_N_PARAMS; i++) {
        if (strcmp(table[i].name, "source") != 0 && shows(w, table[i].name, NULL))
            fail_msg("%s shows for source=none", table[i].name);
    }
}

static void
test_detach_table(void **state)
{
    const tv_action *a = tv_action_find("domain-detach-disk");
    g_autoptr(tv_param_values) v = NULL;
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;
    g_autofree char *p7 = NULL;

    assert_non_null(a);
    assert_string_equal(a->device_param, "target");
    assert_true(a->devices & TV_DEVICE_BIT(TV_DEVICE_DISK));
    assert_true(a->devices & TV_DEVICE_BIT(TV_DEVICE_CDROM));
    assert_false(a->devices & TV_DEVICE_BIT(TV_DEVICE_NIC));
    v = tv_param_values_new(a->params, a->n_params);
    p1 = check(v, "web01", web01, NULL);
    assert_problems(p1, "target: is required");
    /* Running: a disk only its configuration has is not in this XML; the worker looks. */
    p2 = check(v, "web01", web01, "target", "vdz", NULL);
    assert_problems(p2, "");
    p7 = check(v, "web01", web01, "live", "yes", NULL);
    assert_problems(p7, "target: 'web01' has no disk vdz (it has vda, sda, vdc, vdd)");
    tv_param_values_unset(v, "live");
    p3 = check(v, "web01", web01, "target", "sda", "delete_volume", "yes", NULL);
    assert_problems(p3, "delete_volume: sda is a cdrom: only a disk's volume is deleted");
    p4 = check(v, "web01", web01, "target", "vdc", NULL);
    assert_problems(p4, "delete_volume: /srv/plain.img is not a pool's volume: tvirt deletes "
                        "only volumes");
    p5 = check(v, "web01", web01, "target", "vdd", NULL);
    assert_problems(p5, "delete_volume: 'db01' uses its volume too, so it stays");
    p6 = check(v, "web01", web01, "target", "vda", NULL);
    assert_problems(p6, "");
    assert_string_equal(tv_param_values_text(v, "live"), "yes");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_for_a_running_domain),
        cmocka_unit_test(test_fields_follow_the_source),
        cmocka_unit_test(test_cdrom_defaults),
        cmocka_unit_test(test_every_refusal_at_once),
        cmocka_unit_test(test_bus_target_and_sharing),
        cmocka_unit_test(test_volume_and_path),
        cmocka_unit_test(test_live_and_config),
        cmocka_unit_test(test_without_a_domain),
        cmocka_unit_test(test_detach_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
