/*
 * The disk parameters and their pure rules.  Each check refuses, before
 * anything is made, what libvirt or QEMU would refuse halfway through (a
 * CD-ROM on virtio, a SATA disk hot-plugged, a writable shared qcow2, a
 * serial with characters QEMU cannot take...), names the field, and says
 * why in a sentence.  Checks that need the host (the pool's size, the
 * volume's existence, the free target) look at the snapshot and the
 * domain's parsed XML when the context has them, and stay silent when it
 * does not: the worker checks the real thing again before it acts.
 */
#include "config.h"

#include <string.h>

#include "actions/disk-params.h"
#include "model/disktarget.h"

static const char *const devices[] = { "disk", "cdrom", NULL };
static const char *const sources[] = { "new", "volume", "path", "empty", NULL };
static const char *const formats[] = { "qcow2", "raw", NULL };
static const char *const buses[] = { "virtio", "scsi", "sata", "ide", "usb", NULL };
static const char *const caches[] = { "default",    "none",   "writethrough", "writeback",
                                      "directsync", "unsafe", NULL };
static const char *const ios[] = { "default", "native", "threads", "io_uring", NULL };
static const char *const discards[] = { "default", "ignore", "unmap", NULL };
static const char *const zeroes[] = { "default", "off", "on", "unmap", NULL };

/* Characters libvirt's QEMU driver lets through in a disk serial. */
#define SERIAL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .+"

bool
tv_disk_value_is(const tv_param_values *v, const char *name, const char *text)
{
    return v && g_strcmp0(tv_param_values_text(v, name), text) == 0;
}

static bool
is(const tv_param_ctx *ctx, const char *name, const char *text)
{
    return tv_disk_value_is(ctx->values, name, text);
}

static bool
yes(const tv_param_ctx *ctx, const char *name)
{
    const tv_param_value *v = ctx->values ? tv_param_values_get(ctx->values, name) : NULL;
    return v && v->set && v->number;
}

const tv_disk_info *
tv_disk_find(const tv_domain_details *details, const char *target)
{
    for (guint i = 0; details && target && i < details->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(details->disks, tv_disk_info, i);
        if (g_strcmp0(k->target, target) == 0)
            return k;
    }
    return NULL;
}

static const tv_pool *
find_pool(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; s && s->storage && name && i < s->storage->n; i++) {
        if (strcmp(s->storage->pools[i].name, name) == 0)
            return &s->storage->pools[i];
    }
    return NULL;
}

static const tv_volume *
find_volume(const tv_pool *p, const char *name)
{
    for (size_t i = 0; p && i < p->n_volumes; i++) {
        if (strcmp(p->volumes[i].name, name) == 0)
            return &p->volumes[i];
    }
    return NULL;
}

/* ---- visibility ------------------------------------------------------------------- */

/* The wizard's source=none: no disk at all, so nothing else of it applies. */
static bool
attached(const tv_param_ctx *ctx)
{
    return !is(ctx, "source", "none");
}

static bool
show_new(const tv_param_ctx *ctx)
{
    return is(ctx, "source", "new");
}

static bool
show_volume(const tv_param_ctx *ctx)
{
    return is(ctx, "source", "volume");
}

static bool
show_path(const tv_param_ctx *ctx)
{
    return is(ctx, "source", "path");
}

static bool
show_device(const tv_param_ctx *ctx)
{
    return attached(ctx);
}

/* Read-only, sharing and what happens to writes: a CD-ROM is read-only anyway. */
static bool
show_disk_only(const tv_param_ctx *ctx)
{
    return attached(ctx) && !is(ctx, "device", "cdrom");
}

/* ---- defaults --------------------------------------------------------------------- */

static char *
default_source(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup(is(ctx, "device", "cdrom") ? "empty" : "new");
}

/*
 * virt-manager's choice: the pool called default, else the first one that
 * runs; "default" too while the host's pools are not read (the worker
 * finds out).
 */
static char *
default_pool(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_pool *def = find_pool(ctx->snap, "default");
    if (!ctx->snap || !ctx->snap->storage)
        return g_strdup("default");
    if (def && def->active)
        return g_strdup(def->name);
    for (size_t i = 0; ctx->snap && ctx->snap->storage && i < ctx->snap->storage->n; i++) {
        if (ctx->snap->storage->pools[i].active)
            return g_strdup(ctx->snap->storage->pools[i].name);
    }
    return NULL;
}

static bool
is_x86(const char *arch)
{
    return !arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

/*
 * Whether the device goes into the running domain by default: when it
 * runs, except an empty CD-ROM drive, which libvirt 9.0 cannot hot-plug
 * ("argument key 'filename' must not have null value").
 */
static bool
hotplug_by_default(const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    return d && tv_dom_state_active(d->state) &&
           !(is(ctx, "device", "cdrom") && is(ctx, "source", "empty"));
}

/*
 * virtio for a disk.  A CD-ROM cannot be on virtio: SATA works on both pc
 * and q35 machines, but SATA cannot be hot-plugged, so a CD-ROM plugged
 * into a running domain goes on SCSI, as does one of another architecture.
 */
static char *
default_bus(const tv_param *p, const tv_param_ctx *ctx)
{
    if (!is(ctx, "device", "cdrom"))
        return g_strdup("virtio");
    if (hotplug_by_default(ctx) || (ctx->details && !is_x86(ctx->details->arch)))
        return g_strdup("scsi");
    return g_strdup("sata");
}

/* The targets of the domain's disks, NULL-terminated (g_free the array only). */
static const char **
used_targets(const tv_domain_details *details)
{
    guint n = details ? details->disks->len : 0;
    const char **used = g_new0(const char *, n + 1);
    for (guint i = 0; i < n; i++)
        used[i] = g_array_index(details->disks, tv_disk_info, i).target;
    return used;
}

static char *
default_target(const tv_param *p, const tv_param_ctx *ctx)
{
    g_autofree const char **used = used_targets(ctx->details);
    return tv_disk_next_target(tv_param_values_text(ctx->values, "bus"), used);
}

static char *
default_readonly(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup(is(ctx, "device", "cdrom") ? "yes" : "no");
}

char *
tv_disk_live_default(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    return g_strdup(d && tv_dom_state_active(d->state) ? "yes" : "no");
}

static char *
default_live(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup(hotplug_by_default(ctx) ? "yes" : "no");
}

char *
tv_disk_config_default(const tv_param *p, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    bool transient = d && (d->valid & TV_DOM_HAS_FLAGS) && !d->persistent;
    return g_strdup(transient ? "no" : "yes");
}

/* ---- checks ----------------------------------------------------------------------- */

static char *
check_source(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    bool cdrom = is(ctx, "device", "cdrom");
    if (strcmp(v->text, "empty") == 0 && !cdrom)
        return g_strdup("only a CD-ROM drive can be empty: a disk needs a new volume, a "
                        "volume or a path");
    if (strcmp(v->text, "new") == 0 && cdrom)
        return g_strdup("a CD-ROM reads an image that exists: choose volume, path or empty");
    if (strcmp(v->text, "empty") == 0 && yes(ctx, "live"))
        return g_strdup("libvirt cannot plug an empty CD-ROM drive into a running domain: "
                        "give it an image (volume or path), or live=no to add it from the "
                        "next start");
    return NULL;
}

/* The disk of the domain that already uses source (a path, or "pool/volume"), or NULL. */
static const tv_disk_info *
disk_using(const tv_param_ctx *ctx, const char *path, const char *pool_volume)
{
    for (guint i = 0; ctx->details && i < ctx->details->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(ctx->details->disks, tv_disk_info, i);
        if (k->source && ((path && strcmp(k->source, path) == 0) ||
                          (pool_volume && strcmp(k->source, pool_volume) == 0)))
            return k;
    }
    return NULL;
}

static char *
already_has(const tv_param_ctx *ctx, const tv_disk_info *k)
{
    return g_strdup_printf("'%s' already has it as %s", ctx->target ? ctx->target : "the domain",
                           k->target ? k->target : "a disk");
}

/* The pools holding a volume called name, as "a, b", and how many. */
static size_t
pools_with(const tv_host_snapshot *s, const char *name, const tv_pool **first, GString *list)
{
    size_t n = 0;
    for (size_t i = 0; i < s->storage->n; i++) {
        const tv_pool *p = &s->storage->pools[i];
        if (!find_volume(p, name))
            continue;
        if (n++ == 0)
            *first = p;
        g_string_append_printf(list, "%s'%s'", list->len ? " and " : "", p->name);
    }
    return n;
}

static char *
check_volume(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_host_snapshot *s = ctx->snap;
    const char *slash = strchr(v->text, '/');
    g_autofree char *pool_name = slash ? g_strndup(v->text, (gsize)(slash - v->text)) : NULL;
    const char *vol_name = slash ? slash + 1 : v->text;
    const tv_pool *pool = NULL;
    const tv_volume *vol;
    const tv_disk_info *k;
    g_autofree char *pool_volume = NULL;

    if (!*vol_name || (pool_name && !*pool_name))
        return g_strdup("say which volume, as POOL/VOLUME or a volume name");
    if (!s || !s->storage)
        return NULL; /* not read yet: the worker looks it up */
    if (pool_name) {
        if (!(pool = find_pool(s, pool_name)))
            return g_strdup_printf("no pool '%s' on %s", pool_name, s->label);
    } else {
        g_autoptr(GString) list = g_string_new(NULL);
        size_t n = pools_with(s, vol_name, &pool, list);
        if (n == 0)
            return g_strdup_printf("no pool on %s has a volume '%s'", s->label, vol_name);
        if (n > 1)
            return g_strdup_printf("pools %s both have a volume '%s': say which, as "
                                   "POOL/VOLUME",
                                   list->str, vol_name);
    }
    if (!pool->active)
        return g_strdup_printf("pool '%s' is not active", pool->name);
    if (!(vol = find_volume(pool, vol_name)))
        return g_strdup_printf("pool '%s' has no volume '%s'", pool->name, vol_name);
    pool_volume = g_strdup_printf("%s/%s", pool->name, vol->name);
    if ((k = disk_using(ctx, vol->path, pool_volume)))
        return already_has(ctx, k);
    return NULL;
}

static char *
check_path(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_disk_info *k = disk_using(ctx, v->text, NULL);
    if (g_str_has_suffix(v->text, "/"))
        return g_strdup_printf("'%s' names a directory, not an image", v->text);
    return k ? already_has(ctx, k) : NULL;
}

static char *
check_size(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_pool *pool = find_pool(ctx->snap, tv_param_values_text(ctx->values, "pool"));
    /* Sparse, as virt-manager makes them: it may exceed what is free, not the whole pool. */
    if (pool && pool->active && pool->capacity > 0 && v->bytes > pool->capacity) {
        g_autofree char *cap = tv_param_format_size(pool->capacity);
        return g_strdup_printf("%s is more than the whole pool '%s' holds (%s)", v->text,
                               pool->name, cap);
    }
    return NULL;
}

static char *
check_bus(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *bus = v->text;
    bool hotplug = yes(ctx, "live");
    if (is(ctx, "device", "cdrom") && strcmp(bus, "virtio") == 0)
        return g_strdup("a CD-ROM cannot be on virtio (virtio-blk has no removable media): "
                        "choose sata, scsi, ide or usb");
    if (strcmp(bus, "ide") == 0 && ctx->details && ctx->details->machine &&
        strstr(ctx->details->machine, "q35"))
        return g_strdup_printf("a %s machine has no IDE bus: choose sata", ctx->details->machine);
    if (hotplug && (strcmp(bus, "sata") == 0 || strcmp(bus, "ide") == 0))
        return g_strdup_printf("%s devices cannot be plugged into a running domain "
                               "(live=yes): choose %s, or live=no to add it from the next start",
                               strcmp(bus, "ide") == 0 ? "IDE" : "SATA",
                               is(ctx, "device", "cdrom") ? "scsi or usb"
                                                          : "virtio, scsi or usb");
    return NULL;
}

static char *
check_target(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *bus = tv_param_values_text(ctx->values, "bus");
    const char *want = tv_disk_bus_prefix(bus);
    const char *prefix = NULL;
    int idx = tv_disk_target_index(v->text, &prefix);
    const tv_disk_info *k;
    const tv_domain *d;

    if (idx < 0)
        return g_strdup_printf("'%s' is not a disk name (like vdb, sdc or hdd)", v->text);
    if (want && strcmp(prefix, want) != 0) {
        g_autofree char *example = tv_disk_target_name(want, idx);
        return g_strdup_printf("a %s disk's name starts with %s (%s)", bus, want, example);
    }
    if (bus && strcmp(bus, "ide") == 0 && idx > 3)
        return g_strdup("an IDE bus has room for hda to hdd only");
    /* A running domain's XML is its live one: what its configuration holds is the worker's
     * to check. */
    d = tv_param_ctx_domain(ctx);
    if ((!d || !tv_dom_state_active(d->state) || yes(ctx, "live")) &&
        (k = tv_disk_find(ctx->details, v->text)))
        return g_strdup_printf("'%s' already has a %s %s (%s)",
                               ctx->target ? ctx->target : "the domain", k->device, v->text,
                               k->source ? k->source : "empty");
    return NULL;
}

static char *
check_io(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (strcmp(v->text, "native") == 0 && !is(ctx, "cache", "none") &&
        !is(ctx, "cache", "directsync"))
        return g_strdup("io=native needs cache=none or cache=directsync (QEMU refuses it "
                        "otherwise)");
    return NULL;
}

static char *
check_readonly(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *bus = tv_param_values_text(ctx->values, "bus");
    if (v->number && (g_strcmp0(bus, "ide") == 0 || g_strcmp0(bus, "sata") == 0))
        return g_strdup_printf("libvirt supports no read-only %s disks: choose virtio or scsi",
                               strcmp(bus, "ide") == 0 ? "IDE" : "SATA");
    return NULL;
}

static char *
check_shareable(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (v->number && !yes(ctx, "readonly") && is(ctx, "source", "new") &&
        is(ctx, "format", "qcow2"))
        return g_strdup("a qcow2 image cannot be shared writable: choose format=raw, or "
                        "readonly=yes");
    return NULL;
}

static char *
check_serial(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (strspn(v->text, SERIAL_CHARS) != strlen(v->text))
        return g_strdup("libvirt takes letters, digits, spaces and - _ . + only");
    return NULL;
}

char *
tv_disk_check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (v->number && d && !tv_dom_state_active(d->state))
        return g_strdup_printf("'%s' is not running: only its configuration can change "
                               "(config=yes)",
                               d->name);
    return NULL;
}

char *
tv_disk_check_config(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    if (v->number && d && (d->valid & TV_DOM_HAS_FLAGS) && !d->persistent)
        return g_strdup_printf("'%s' is transient: it has no configuration to change", d->name);
    if (!v->number && !yes(ctx, "live"))
        return g_strdup("live and config are both no: nothing would change");
    return NULL;
}

/* ---- the table -------------------------------------------------------------------- */

const tv_param tv_disk_params[TV_DISK_N_PARAMS] = {
    { .name = "device", .label = "Device", .help = "A hard disk, or a CD-ROM drive.",
      .kind = TV_PARAM_CHOICE, .choices = devices, .def = "disk", .visible = show_device },
    { .name = "source", .label = "Source",
      .help = "A new volume in a pool, a volume that exists, a path on the host, or an "
              "empty CD-ROM drive.",
      .kind = TV_PARAM_CHOICE, .choices = sources, .compute_default = default_source,
      .validate = check_source },
    { .name = "pool", .label = "Pool", .help = "The pool the new volume is made in.",
      .kind = TV_PARAM_POOL, .flags = TV_PARAM_REQUIRED, .compute_default = default_pool,
      .visible = show_new },
    { .name = "volume", .label = "Volume",
      .help = "The volume to attach: POOL/VOLUME, or a volume name one pool has.",
      .kind = TV_PARAM_VOLUME, .flags = TV_PARAM_REQUIRED, .visible = show_volume,
      .validate = check_volume },
    { .name = "path", .label = "Path",
      .help = "An image file or block device on the host, by its absolute path.",
      .kind = TV_PARAM_PATH, .flags = TV_PARAM_REQUIRED, .visible = show_path,
      .validate = check_path },
    { .name = "size", .label = "Size",
      .help = "The new volume's capacity: 10G, 512M (a bare number is in GiB); it grows "
              "as the guest writes.",
      .kind = TV_PARAM_SIZE, .flags = TV_PARAM_REQUIRED, .min = 1024 * 1024, .unit = "GiB",
      .visible = show_new, .validate = check_size },
    { .name = "format", .label = "Format",
      .help = "qcow2 (grows as written, snapshots) or raw (plain, fastest).",
      .kind = TV_PARAM_CHOICE, .choices = formats, .def = "qcow2", .visible = show_new },
    { .name = "bus", .label = "Bus",
      .help = "How the guest sees it: virtio (fastest), scsi, sata, ide or usb.",
      .kind = TV_PARAM_CHOICE, .choices = buses, .compute_default = default_bus,
      .visible = show_device, .validate = check_bus },
    { .name = "target", .label = "Target",
      .help = "The device name in the domain's XML (vdb, sdc...): the next free one for "
              "the bus unless you say.",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED, .compute_default = default_target,
      .visible = show_device, .validate = check_target },
    { .name = "cache", .label = "Cache",
      .help = "The host's page cache for the image: default is the hypervisor's choice.",
      .kind = TV_PARAM_CHOICE, .choices = caches, .def = "default", .visible = show_device },
    { .name = "io", .label = "I/O mode",
      .help = "How QEMU does I/O: native (with cache=none), threads, io_uring, or default.",
      .kind = TV_PARAM_CHOICE, .choices = ios, .def = "default", .visible = show_device,
      .validate = check_io },
    { .name = "discard", .label = "Discard",
      .help = "Whether the guest's discard (TRIM) requests free space in the image (unmap).",
      .kind = TV_PARAM_CHOICE, .choices = discards, .def = "default",
      .visible = show_disk_only },
    { .name = "detect_zeroes", .label = "Detect zeroes",
      .help = "Whether writes of zeroes are turned into holes (on; unmap with "
              "discard=unmap).",
      .kind = TV_PARAM_CHOICE, .choices = zeroes, .def = "default", .visible = show_disk_only },
    { .name = "readonly", .label = "Read-only",
      .help = "The guest may read the disk but not write it.", .kind = TV_PARAM_BOOL,
      .compute_default = default_readonly, .visible = show_disk_only,
      .validate = check_readonly },
    { .name = "shareable", .label = "Shareable",
      .help = "Several domains may use the disk at once (raw images only, unless "
              "read-only).",
      .kind = TV_PARAM_BOOL, .def = "no", .visible = show_disk_only,
      .validate = check_shareable },
    { .name = "serial", .label = "Serial",
      .help = "A serial number the guest sees (/dev/disk/by-id); empty for none.",
      .kind = TV_PARAM_STRING, .visible = show_device, .validate = check_serial },
    { .name = "live", .label = "Live",
      .help = "Add it to the running domain now (yes by default when it runs).",
      .kind = TV_PARAM_BOOL, .compute_default = default_live, .visible = show_device,
      .validate = tv_disk_check_live },
    { .name = "config", .label = "Config",
      .help = "Keep it in the domain's configuration, for every next start (yes when it is "
              "persistent).",
      .kind = TV_PARAM_BOOL, .compute_default = tv_disk_config_default,
      .visible = show_device, .validate = tv_disk_check_config },
};

void
tv_disk_spec_from_values(tv_disk_spec *spec, const tv_param_values *v)
{
    bool cdrom = tv_disk_value_is(v, "device", "cdrom");
    const char *serial = tv_param_values_text(v, "serial");

    spec->device = cdrom ? "cdrom" : "disk";
    spec->bus = tv_param_values_text(v, "bus");
    spec->target = tv_param_values_text(v, "target");
    spec->format = tv_disk_value_is(v, "source", "new") ? tv_param_values_text(v, "format")
                                                        : NULL;
    spec->cache = tv_param_values_text(v, "cache");
    spec->io = tv_param_values_text(v, "io");
    spec->discard = cdrom ? NULL : tv_param_values_text(v, "discard");
    spec->detect_zeroes = cdrom ? NULL : tv_param_values_text(v, "detect_zeroes");
    /* A CD-ROM is read-only whatever the field said; it shares nothing. */
    spec->readonly = cdrom || tv_param_values_get(v, "readonly")->number;
    spec->shareable = !cdrom && tv_param_values_get(v, "shareable")->number;
    spec->serial = serial && *serial ? serial : NULL;
}
