/*
 * domain-detach-disk: a disk or CD-ROM drive taken off a domain (x on it in
 * Details, Hardware), live, from its configuration, or both; with
 * delete_volume, its volume deleted too, by domain-delete's rule (a
 * writable, unshared disk on a pool volume no other domain uses), checked
 * before anything is detached.  A live detach needs the guest's consent:
 * libvirt waits a few seconds for it, and a volume is deleted only once
 * the guest has let the disk go.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/disk-domain.h"
#include "actions/disk-params.h"
#include "actions/volume-users.h"
#include "model/diskxml.h"

/* How long a volume to delete waits for the guest to release its disk. */
#define RELEASE_WAIT_US (10 * G_USEC_PER_SEC)

/* Whether the running domain still has the disk target. */
static bool
still_attached(virDomainPtr dom, const char *target)
{
    tv_autovirstr *xml = virDomainGetXMLDesc(dom, 0);
    g_autofree char *disk = xml ? tv_diskxml_find_disk(xml, target) : NULL;
    virResetLastError();
    return disk != NULL;
}

/* Why the other definition keeps using k's volume after the detach, or NULL. */
static char *
kept_by(const tv_disk_domain *d, const tv_disk_info *in_live, const tv_disk_info *in_saved,
        const tv_disk_info *k)
{
    if (!d->live && in_live && g_strcmp0(in_live->source, k->source) == 0)
        return g_strdup_printf("the running domain still uses %s (say live=yes)", k->target);
    if (!d->config && in_saved && g_strcmp0(in_saved->source, k->source) == 0)
        return g_strdup_printf("its configuration still uses %s (say config=yes)", k->target);
    return NULL;
}

/* The volume to delete with the disk, or NULL with ctx->error: nothing is detached then. */
static virStorageVolPtr
volume_to_delete(tv_action_ctx *ctx, const tv_disk_domain *d, const tv_disk_info *in_live,
                 const tv_disk_info *in_saved, const tv_disk_info *k)
{
    g_autoptr(GHashTable) others = NULL;
    g_autofree char *reason = kept_by(d, in_live, in_saved, k);
    const char *why = NULL, *user = NULL;
    virStorageVolPtr vol;

    if (!reason) {
        others = tv_volume_users_others(ctx->conn, ctx->dom);
        if ((vol = tv_volume_own(ctx->conn, k, others, &why, &user)))
            return vol;
        if (user)
            reason = g_strdup_printf("'%s' uses the volume of %s too", user, k->target);
        else if (strcmp(why, "not a disk") == 0)
            reason = g_strdup_printf("%s is a %s: only a disk's volume is deleted", k->target,
                                     k->device);
        else if (strcmp(why, "not a pool volume") == 0)
            reason = g_strdup_printf("%s is not a pool's volume",
                                     k->source ? k->source : k->target);
        else
            reason = g_strdup_printf("%s is %s: its volume may be another domain's", k->target,
                                     why);
    }
    ctx->error = g_strdup_printf("%s; nothing was detached (delete_volume=no detaches it alone)",
                                 reason);
    return NULL;
}

static int
detach_exec(tv_action_ctx *ctx)
{
    const tv_param_values *v = ctx->params;
    const char *target = tv_param_values_text(v, "target");
    bool delete = tv_param_values_get(v, "delete_volume")->number;
    tv_disk_domain d = { 0 };
    const tv_disk_info *in_live, *in_saved, *k;
    g_autofree char *xml = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    tv_autovirstr *vol_path = NULL;
    bool pending = false, cdrom;
    int rc = -1;

    if (tv_disk_domain_read(ctx, &d) < 0)
        goto out;
    in_live = tv_disk_find(d.live_def, target);
    in_saved = tv_disk_find(d.saved_def, target);
    /* A hot-plugged disk is only live, a disk added for the next start only saved: a
     * default that does not fit is dropped; a choice the user made is not. */
    if (d.live && !in_live) {
        if (d.live_given || !in_saved) {
            ctx->error = g_strdup_printf("'%s' has no disk %s%s", ctx->name, target,
                                         in_saved ? " while it runs (only its configuration "
                                                    "has it: say live=no)"
                                                  : "");
            goto out;
        }
        d.live = false;
    }
    if (d.config && !in_saved) {
        if (d.config_given || !in_live) {
            ctx->error = g_strdup_printf("'%s' has no disk %s in its configuration%s",
                                         ctx->name, target,
                                         in_live ? " (it was added live only: say config=no)"
                                                 : "");
            goto out;
        }
        d.config = false;
    }
    k = d.live ? in_live : in_saved;
    cdrom = g_strcmp0(k->device, "cdrom") == 0;
    xml = tv_diskxml_find_disk(d.live ? d.live_xml : d.saved_xml, target);
    if (!xml) {
        ctx->error = g_strdup_printf("could not find disk %s in the domain XML", target);
        goto out;
    }
    if (delete && !(vol = volume_to_delete(ctx, &d, in_live, in_saved, k)))
        goto out;
    if (virDomainDetachDeviceFlags(ctx->dom, xml, tv_disk_domain_flags(&d)) < 0) {
        tv_action_fail(ctx, "could not detach the disk");
        goto out;
    }
    if (d.live) {
        /* libvirt waited a little for the guest; a volume to delete waits a little more. */
        gint64 until = g_get_monotonic_time() + (delete ? RELEASE_WAIT_US : 0);
        while ((pending = still_attached(ctx->dom, target)) && g_get_monotonic_time() < until)
            g_usleep(200 * 1000);
    }
    if (vol)
        vol_path = virStorageVolGetPath(vol);
    if (pending && vol) {
        ctx->error = g_strdup_printf("the guest has not released %s yet (its detach is "
                                     "pending): its volume %s was kept",
                                     target, vol_path ? vol_path : virStorageVolGetName(vol));
        goto out;
    }
    if (vol && virStorageVolDelete(vol, 0) < 0) {
        g_autofree char *why = tv_vir_last_error("failed");
        ctx->error = g_strdup_printf("%s was detached, but its volume %s could not be "
                                     "deleted: %s",
                                     target, vol_path ? vol_path : virStorageVolGetName(vol),
                                     why);
        goto out;
    }

    g_string_append_printf(ctx->note, "no longer has %s %s%s", cdrom ? "CD-ROM drive" : "disk",
                           target, tv_disk_domain_where(&d, false));
    if (pending)
        g_string_append(ctx->note, "; the guest has not released it yet: it goes when the "
                                   "guest lets go");
    if (vol)
        g_string_append_printf(ctx->note, "; deleted its volume %s",
                               vol_path ? vol_path : virStorageVolGetName(vol));
    tv_action_result(ctx, "target", false, "%s", target);
    tv_action_result(ctx, "live", true, "%s", d.live ? "true" : "false");
    tv_action_result(ctx, "config", true, "%s", d.config ? "true" : "false");
    tv_action_result(ctx, "pending", true, "%s", pending ? "true" : "false");
    if (vol && vol_path)
        tv_action_result(ctx, "deleted", false, "%s", vol_path);
    rc = 0;
out:
    tv_disk_domain_clear(&d);
    return rc;
}

/* ---- parameters ------------------------------------------------------------------- */

static char *
check_target(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain *d = tv_param_ctx_domain(ctx);
    const tv_param_value *live = tv_param_values_get(ctx->values, "live");
    const tv_param_value *config = tv_param_values_get(ctx->values, "config");
    g_autoptr(GString) have = NULL;
    if (!ctx->details || tv_disk_find(ctx->details, v->text))
        return NULL;
    /* The XML of a running domain is its live one: a disk added for the next start only is
     * in its configuration, which the worker reads. */
    if (d && tv_dom_state_active(d->state) && config->set && config->number &&
        !(live->set && live->number && tv_param_values_given(ctx->values, "live")))
        return NULL;
    have = g_string_new(NULL);
    for (guint i = 0; i < ctx->details->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(ctx->details->disks, tv_disk_info, i);
        if (k->target)
            g_string_append_printf(have, "%s%s", have->len ? ", " : "", k->target);
    }
    return g_strdup_printf("'%s' has no disk %s (%s%s)", ctx->target ? ctx->target : "it",
                           v->text, have->len ? "it has " : "it has none",
                           have->str);
}

/* The snapshot's volume behind a disk source (a path, or "pool/volume"), or NULL. */
static const tv_volume *
snapshot_volume(const tv_host_snapshot *s, const char *source)
{
    for (size_t i = 0; s && s->storage && source && i < s->storage->n; i++) {
        const tv_pool *p = &s->storage->pools[i];
        for (size_t j = 0; j < p->n_volumes; j++) {
            g_autofree char *by_name = g_strdup_printf("%s/%s", p->name, p->volumes[j].name);
            if (g_strcmp0(p->volumes[j].path, source) == 0 || strcmp(by_name, source) == 0)
                return &p->volumes[j];
        }
    }
    return NULL;
}

static char *
check_delete_volume(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_disk_info *k = tv_disk_find(ctx->details, tv_param_values_text(ctx->values,
                                                                            "target"));
    const tv_volume *vol;
    if (!v->number || !k)
        return NULL;
    if (g_strcmp0(k->device, "disk") != 0)
        return g_strdup_printf("%s is a %s: only a disk's volume is deleted", k->target,
                               k->device);
    if (k->readonly || k->shareable)
        return g_strdup_printf("%s is %s: its volume may be another domain's, so it stays",
                               k->target, k->readonly ? "read-only" : "shareable");
    if (!k->source)
        return g_strdup_printf("%s has no volume", k->target);
    if (!ctx->snap || !ctx->snap->storage)
        return NULL;
    if (!(vol = snapshot_volume(ctx->snap, k->source)))
        return g_strdup_printf("%s is not a pool's volume: tvirt deletes only volumes",
                               k->source);
    for (size_t i = 0; ctx->snap->storage->has_users && vol->used_by && vol->used_by[i]; i++) {
        if (g_strcmp0(vol->used_by[i], ctx->target) != 0)
            return g_strdup_printf("'%s' uses its volume too, so it stays", vol->used_by[i]);
    }
    return NULL;
}

static const tv_param detach_params[] = {
    { .name = "target", .label = "Target",
      .help = "The disk or CD-ROM drive to detach, by its target name (vdb, sda...).",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED, .validate = check_target },
    { .name = "live", .label = "Live",
      .help = "Take it off the running domain now (yes by default when it runs).",
      .kind = TV_PARAM_BOOL, .compute_default = tv_disk_live_default,
      .validate = tv_disk_check_live },
    { .name = "config", .label = "Config",
      .help = "Take it out of the domain's configuration too (yes when it is persistent).",
      .kind = TV_PARAM_BOOL, .compute_default = tv_disk_config_default,
      .validate = tv_disk_check_config },
    { .name = "delete_volume", .label = "Delete volume",
      .help = "Delete its volume too, when no other domain uses it.", .kind = TV_PARAM_BOOL,
      .def = "no", .validate = check_delete_volume },
};

const tv_action tv_action_domain_detach_disk = {
    .name = "domain-detach-disk",
    .key = NULL, /* x on a disk in Details, Hardware (device-detach) */
    .label = "detach a disk from",
    .help = "Detach the disk or CD-ROM drive under the cursor, and on request delete its "
            "volume.",
    .done = "", /* the note says it: "'web01' no longer has disk vdb" */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = detach_exec,
    .params = detach_params,
    .n_params = G_N_ELEMENTS(detach_params),
    .devices = TV_DEVICE_BIT(TV_DEVICE_DISK) | TV_DEVICE_BIT(TV_DEVICE_CDROM),
    .device_param = "target",
};
