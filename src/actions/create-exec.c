/*
 * domain-create's exec, on its job's thread: the OS detected from the ISO
 * when asked (the defaults worked out again for it), then every cheap
 * check (the name, the install ISO, the MAC and the network) before the
 * first thing is made, then the volume, the definition, autostart and the
 * start, each pushing how to undo it, so a failure at any step removes
 * what the steps before made and says so in libvirt's words.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/create-exec.h"
#include "actions/create-plan.h"
#include "actions/disk-params.h"
#include "actions/disk-volume.h"
#include "actions/nic.h"
#include "model/hostcaps-read.h"
#include "util/cleanup.h"

static char *
undefine_domain(virConnectPtr conn, void *data)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, data);
    if (!dom) {
        virErrorPtr err = virGetLastError();
        /* Its definition never reached the host (the link died on the way): nothing to do. */
        if (err && err->code == VIR_ERR_NO_DOMAIN)
            return NULL;
        return tv_vir_last_error("could not find it");
    }
    if (virDomainIsActive(dom) == 1 && virDomainDestroy(dom) < 0)
        return tv_vir_last_error("could not stop it");
    if (virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_NVRAM |
                                        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                        VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0 &&
        virDomainUndefine(dom) < 0)
        return tv_vir_last_error("could not undefine it");
    return NULL;
}

/* "NAME.qcow2", else "NAME-1.qcow2"...: virt-install's names for a new VM's image. */
static char *
volume_name(virConnectPtr conn, const char *pool_name, const char *name, const char *format)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(conn, pool_name);
    const char *ext = g_strcmp0(format, "qcow2") == 0 ? "qcow2" : "img";
    for (int i = 0;; i++) {
        char *candidate = i ? g_strdup_printf("%s-%d.%s", name, i, ext)
                            : g_strdup_printf("%s.%s", name, ext);
        virStorageVolPtr vol = pool ? virStorageVolLookupByName(pool, candidate) : NULL;
        virResetLastError();
        if (!vol)
            return candidate;
        virStorageVolFree(vol);
        g_free(candidate);
    }
}

/* Points the boot disk at its storage, making the new volume (with its undo). */
static int
resolve_disk(tv_action_ctx *ctx, const tv_param_values *values, tv_create_plan *pl,
             tv_disk_where *where)
{
    const tv_param_values *disk = tv_param_values_view(values, "disk.");
    g_autoptr(virStorageVol) vol = NULL;
    g_autofree char *error = NULL;

    if (!pl->has_disk)
        return 0;
    if (strcmp(pl->disk_source, "new") == 0) {
        const char *pool = tv_param_values_text(disk, "pool");
        const char *format = tv_param_values_text(disk, "format");
        g_autofree char *name = volume_name(ctx->conn, pool, pl->dom.name, format);
        tv_action_progress(ctx, "creating the volume", 0, 0);
        vol = tv_disk_volume_make(ctx->conn, pool, name,
                                  tv_param_values_get(disk, "size")->bytes, format, ctx);
        if (!vol)
            return -1;
        tv_action_result(ctx, "volume", false, "%s/%s", pool, name);
    } else if (strcmp(pl->disk_source, "volume") == 0) {
        vol = tv_disk_volume_find(ctx->conn, tv_param_values_text(disk, "volume"), &error);
        if (!vol) {
            ctx->error = g_strdup_printf("disk.volume: %s", error);
            return -1;
        }
    } else {
        tv_disk_where_path(ctx->conn, tv_param_values_text(disk, "path"), false, where);
    }
    if (vol && tv_disk_where_volume(vol, where, &error) < 0) {
        ctx->error = g_steal_pointer(&error);
        return -1;
    }
    tv_disk_where_apply(where, &pl->disk);
    return 0;
}

/* The install CD: a volume of a pool, or a path on the host. */
static int
resolve_iso(tv_action_ctx *ctx, tv_create_plan *pl, tv_disk_where *where)
{
    g_autofree char *error = NULL;
    if (!pl->has_cdrom)
        return 0;
    if (pl->iso[0] == '/') {
        tv_disk_where_path(ctx->conn, pl->iso, true, where);
    } else {
        g_autoptr(virStorageVol) vol = tv_disk_volume_find(ctx->conn, pl->iso, &error);
        if (!vol || tv_disk_where_volume(vol, where, &error) < 0) {
            ctx->error = g_strdup_printf("iso: %s", error);
            return -1;
        }
    }
    tv_disk_where_apply(where, &pl->cdrom);
    return 0;
}

static int
resolve_nic(tv_action_ctx *ctx, tv_create_plan *pl, char **mac)
{
    if (!pl->has_nic)
        return 0;
    *mac = tv_nic_pick_mac(ctx->conn, pl->nic.mac,
                           tv_param_values_given(ctx->params, "nic.mac"), &ctx->error);
    if (!*mac)
        return -1;
    pl->nic.mac = *mac;
    ctx->error = tv_nic_check_source_on_host(ctx->conn, &pl->nic,
                                             tv_param_values_get(ctx->params, "start")->number);
    return ctx->error ? -1 : 0;
}

/* The fields whose defaults follow the OS variant. */
static const char *const os_dependent[] = { "machine", "vcpus", "maxvcpus", "cpu", "memory",
                                            "maxmemory", "firmware", "disk.bus", "disk.size",
                                            "disk.discard", "nic.model", "graphics", NULL };

/*
 * os=detect: libosinfo reads the install ISO (a path this machine can
 * read: the host's own files when tvirt runs on it), then the defaults
 * the user left are worked out again for what it found.  Returns the
 * values to use (caller frees), or NULL with ctx->error.
 */
static tv_param_values *
detect_os(tv_action_ctx *ctx, const tv_host_snapshot *facts)
{
    const char *iso = tv_param_values_text(ctx->params, "iso");
    g_autofree char *why = NULL;
    g_autofree char *found = NULL;
    g_autoptr(tv_param_values) v = NULL;
    g_autoptr(GPtrArray) problems = NULL;

    if (!iso || iso[0] != '/' || !(found = tv_oscat_detect(iso, &why))) {
        ctx->error = g_strdup_printf("os: could not detect the OS of %s: %s; name it (os=...)",
                                     iso ? iso : "the install ISO",
                                     why ? why : "only an ISO path on this machine is read");
        return NULL;
    }
    v = tv_param_values_copy(ctx->params);
    for (size_t i = 0; os_dependent[i]; i++) {
        if (!tv_param_values_given(v, os_dependent[i]))
            tv_param_values_unset(v, os_dependent[i]);
    }
    tv_param_values_set(v, "os", found, &why);
    problems = tv_param_values_check(v, &(tv_param_ctx){ .snap = facts });
    if (problems->len) {
        ctx->error = g_strdup_printf("with the detected OS %s: %s", found,
                                     (char *)problems->pdata[0]);
        return NULL;
    }
    g_string_append_printf(ctx->note, "%s detected; ", found);
    return g_steal_pointer(&v);
}

int
tv_create_exec(tv_action_ctx *ctx)
{
    tv_create_plan pl;
    tv_disk_where disk_where = { 0 }, iso_where = { 0 };
    g_autofree char *mac = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomain) same = NULL;
    g_autoptr(tv_host_caps) caps = NULL;
    g_autofree char *undo_what = NULL;
    tv_host_snapshot facts = { 0 };
    g_autofree char *uuid = g_uuid_string_random();
    int rc = -1;
    g_autoptr(tv_param_values) detected = NULL;
    g_autofree char *caps_error = NULL;
    const tv_param_values *values = ctx->params;

    /* The plan needs what the form knew: the OS database and the capabilities it was
     * checked against (read now only by a worker that had none). */
    tv_oscat_wait();
    caps = ctx->caps ? tv_host_caps_ref((tv_host_caps *)ctx->caps)
                     : tv_host_caps_read(ctx->conn, &caps_error);
    facts.caps = caps;
    if (g_strcmp0(tv_param_values_text(values, "os"), "detect") == 0) {
        /* Defaults worked out again need the host's size and driver too. */
        virNodeInfo node;
        facts.is_test_driver = g_strcmp0(virConnectGetType(ctx->conn), "TEST") == 0;
        if (virNodeGetInfo(ctx->conn, &node) == 0) {
            facts.cpus = node.cpus;
            facts.mem_total_kib = node.memory;
        }
        virResetLastError();
        if (!(detected = detect_os(ctx, &facts)))
            return -1;
        values = detected;
    }
    tv_create_plan_init(&pl, values, &(tv_param_ctx){ .snap = &facts });

    tv_action_progress(ctx, "checking", 0, 0);
    same = virDomainLookupByName(ctx->conn, pl.dom.name);
    virResetLastError();
    if (same) {
        ctx->error = g_strdup_printf("name: the host already has a domain '%s'", pl.dom.name);
        goto out;
    }
    if (resolve_iso(ctx, &pl, &iso_where) < 0 || resolve_nic(ctx, &pl, &mac) < 0 ||
        resolve_disk(ctx, values, &pl, &disk_where) < 0)
        goto out;

    /*
     * The UUID is chosen here, so that a definition whose reply a dying
     * link lost (the host may have defined it all the same) is undone too.
     */
    tv_action_progress(ctx, "defining", 0, 0);
    pl.dom.uuid = uuid;
    xml = tv_create_plan_xml(&pl);
    dom = virDomainDefineXML(ctx->conn, xml);
    if (!dom)
        tv_action_fail(ctx, "could not define the domain");
    if (dom || virConnectIsAlive(ctx->conn) != 1) {
        undo_what = g_strdup_printf(dom ? "undefined the new domain '%s'"
                                        : "undefined the new domain '%s' if it was defined",
                                    pl.dom.name);
        tv_action_undo(ctx, undo_what, undefine_domain, g_strdup(uuid), g_free);
        tv_action_undo_left(ctx, dom ? "domain '%s'" : "domain '%s' (if it was defined)",
                            pl.dom.name);
    }
    virResetLastError();
    if (!dom)
        goto out;
    if (tv_param_values_get(ctx->params, "autostart")->number &&
        virDomainSetAutostart(dom, 1) < 0) {
        tv_action_fail(ctx, "could not mark it autostart");
        goto out;
    }
    if (tv_action_cancelled(ctx)) {
        ctx->error = g_strdup("cancelled");
        goto out;
    }
    if (tv_param_values_get(ctx->params, "start")->number) {
        tv_action_progress(ctx, "starting", 0, 0);
        if (virDomainCreate(dom) < 0) {
            tv_action_fail(ctx, "could not start it");
            goto out;
        }
    }
    g_string_append_printf(ctx->note, "was created%s%s%s%s",
                           disk_where.path ? " with " : "",
                           disk_where.path ? disk_where.path : "",
                           mac ? ", NIC " : "", mac ? mac : "");
    g_string_append(ctx->note, tv_param_values_get(ctx->params, "start")->number
                                   ? " and is running"
                                   : " (not started)");
    tv_action_result(ctx, "name", false, "%s", pl.dom.name);
    tv_action_result(ctx, "uuid", false, "%s", uuid);
    if (mac)
        tv_action_result(ctx, "mac", false, "%s", mac);
    if (disk_where.path)
        tv_action_result(ctx, "disk", false, "%s", disk_where.path);
    rc = 0;
out:
    tv_disk_where_clear(&disk_where);
    tv_disk_where_clear(&iso_where);
    tv_create_plan_clear(&pl);
    return rc;
}

