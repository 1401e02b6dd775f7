/*
 * domain-attach-disk: a disk or CD-ROM drive added to a domain (d on
 * Domains and Details), live, in its configuration, or both.  Up to three
 * steps, each undone when a later one fails, last first: the new volume
 * (when the source is new), a virtio-scsi controller (for a SCSI disk on a
 * domain without one), and the attach itself.  Everything the form checked
 * is looked at again here against the domain as it is now: the target
 * still free in both definitions, the volume still there.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/disk-domain.h"
#include "actions/disk-params.h"
#include "actions/disk-volume.h"
#include "model/disktarget.h"
#include "model/diskxml.h"

typedef struct controller_undo {
    char *uuid;
    char *xml;
    unsigned flags;
} controller_undo;

static void
controller_undo_free(gpointer p)
{
    controller_undo *u = p;
    g_free(u->uuid);
    g_free(u->xml);
    g_free(u);
}

static char *
remove_controller(virConnectPtr conn, void *data)
{
    controller_undo *u = data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, u->uuid);
    if (!dom || virDomainDetachDeviceFlags(dom, u->xml, u->flags) < 0)
        return tv_vir_last_error("could not remove it");
    return NULL;
}

/*
 * A SCSI disk needs a SCSI controller; without one libvirt would add its
 * default model, which guests often lack a driver for.  Adds virtio-scsi to
 * each definition the disk goes to that has none.  *added says whether it did.
 */
static int
ensure_scsi_controller(tv_action_ctx *ctx, const tv_disk_domain *d, bool *added)
{
    const char *xmls[] = { d->live ? d->live_xml : NULL, d->config ? d->saved_xml : NULL };
    const unsigned affect[] = { VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG };
    unsigned flags = 0;
    g_autofree char *xml = NULL;
    controller_undo *u;
    char uuid[VIR_UUID_STRING_BUFLEN];

    *added = false;
    for (size_t i = 0; i < G_N_ELEMENTS(xmls); i++) {
        g_autofree char *error = NULL;
        int has = xmls[i] ? tv_diskxml_has_controller(xmls[i], "scsi", NULL, &error) : 1;
        if (has < 0) {
            ctx->error = g_steal_pointer(&error);
            return -1;
        }
        if (!has)
            flags |= affect[i];
    }
    if (!flags)
        return 0;
    xml = tv_diskxml_controller("scsi", 0, "virtio-scsi");
    if (virDomainAttachDeviceFlags(ctx->dom, xml, flags) < 0) {
        g_autofree char *why = tv_vir_last_error("failed");
        ctx->error = g_strdup_printf("could not add a virtio-scsi controller for the disk: %s",
                                     why);
        return -1;
    }
    if (virDomainGetUUIDString(ctx->dom, uuid) == 0) {
        u = g_new0(controller_undo, 1);
        u->uuid = g_strdup(uuid);
        u->xml = g_steal_pointer(&xml);
        u->flags = flags;
        tv_action_undo(ctx, "removed the new virtio-scsi controller", remove_controller, u,
                       controller_undo_free);
    }
    *added = true;
    return 0;
}

/* Every disk target of both definitions, NULL-terminated (g_free the array only). */
static const char **
all_targets(const tv_disk_domain *d)
{
    GPtrArray *t = g_ptr_array_new();
    const tv_domain_details *defs[] = { d->live_def, d->saved_def };
    for (size_t x = 0; x < G_N_ELEMENTS(defs); x++) {
        for (guint i = 0; defs[x] && i < defs[x]->disks->len; i++) {
            const char *target = g_array_index(defs[x]->disks, tv_disk_info, i).target;
            if (target)
                g_ptr_array_add(t, (gpointer)target);
        }
    }
    g_ptr_array_add(t, NULL);
    return (const char **)g_ptr_array_free(t, FALSE);
}

/* The target the user gave, when a definition the disk goes to has it already. */
static int
check_target_free(tv_action_ctx *ctx, const tv_disk_domain *d, const char *target)
{
    const tv_disk_info *live = d->live ? tv_disk_find(d->live_def, target) : NULL;
    const tv_disk_info *saved = d->config ? tv_disk_find(d->saved_def, target) : NULL;
    const tv_disk_info *k = live ? live : saved;
    if (!k)
        return 0;
    ctx->error = g_strdup_printf("'%s' already has a %s %s (%s)%s", ctx->name, k->device, target,
                                 k->source ? k->source : "empty",
                                 live ? "" : " in its configuration");
    return -1;
}

/* What the new device is, for the message. */
static char *
describe(const tv_disk_spec *spec, const tv_param_values *v, const char *vol_name)
{
    const char *source = tv_param_values_text(v, "source");
    if (g_strcmp0(source, "new") == 0)
        return g_strdup_printf("new %s %s volume '%s' in pool '%s'",
                               tv_param_values_text(v, "size"), spec->format, vol_name,
                               tv_param_values_text(v, "pool"));
    if (spec->source == TV_DISK_SOURCE_EMPTY)
        return g_strdup("empty");
    if (spec->source == TV_DISK_SOURCE_VOLUME)
        return g_strdup_printf("volume '%s/%s'", spec->pool, spec->volume);
    if (g_strcmp0(source, "volume") == 0)
        return g_strdup_printf("volume '%s' (%s)", tv_param_values_text(v, "volume"),
                               spec->path);
    return g_strdup(spec->path);
}

/* Resolves the source on the host into where (a new volume is made here). */
static int
find_source(tv_action_ctx *ctx, const tv_disk_spec *spec, tv_disk_where *where,
            char **vol_name)
{
    const tv_param_values *v = ctx->params;
    const char *source = tv_param_values_text(v, "source");
    g_autoptr(virStorageVol) vol = NULL;
    g_autofree char *error = NULL;

    if (g_strcmp0(source, "new") == 0) {
        const char *pool = tv_param_values_text(v, "pool");
        *vol_name = tv_disk_volume_pick_name(ctx->conn, pool, ctx->name, spec->target,
                                             spec->format);
        vol = tv_disk_volume_make(ctx->conn, pool, *vol_name,
                                  tv_param_values_get(v, "size")->bytes, spec->format, ctx);
        if (!vol)
            return -1;
    } else if (g_strcmp0(source, "volume") == 0) {
        vol = tv_disk_volume_find(ctx->conn, tv_param_values_text(v, "volume"), &error);
        if (!vol) {
            ctx->error = g_strdup_printf("volume: %s", error);
            return -1;
        }
    } else if (g_strcmp0(source, "path") == 0) {
        tv_disk_where_path(ctx->conn, tv_param_values_text(v, "path"),
                           g_strcmp0(spec->device, "cdrom") == 0, where);
        return 0;
    } else {
        where->source = TV_DISK_SOURCE_EMPTY;
        return 0;
    }
    if (tv_disk_where_volume(vol, where, &error) < 0) {
        ctx->error = g_steal_pointer(&error);
        return -1;
    }
    return 0;
}

static int
attach_exec(tv_action_ctx *ctx)
{
    const tv_param_values *v = ctx->params;
    tv_disk_domain d = { 0 };
    tv_disk_spec spec = { 0 };
    tv_disk_where where = { 0 };
    g_autofree char *target = NULL;
    g_autofree char *vol_name = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *what = NULL;
    bool cdrom, controller = false;
    int rc = -1;

    if (tv_disk_domain_read(ctx, &d) < 0)
        goto out;
    tv_disk_spec_from_values(&spec, v);
    cdrom = strcmp(spec.device, "cdrom") == 0;
    spec.driver = d.driver;
    if (tv_param_values_given(v, "target")) {
        target = g_strdup(spec.target);
        if (check_target_free(ctx, &d, target) < 0)
            goto out;
    } else {
        /* The form's default came from a snapshot: the free name is worked out again. */
        g_autofree const char **used = all_targets(&d);
        target = tv_disk_next_target(spec.bus, used);
    }
    spec.target = target;
    if (find_source(ctx, &spec, &where, &vol_name) < 0)
        goto out;
    tv_disk_where_apply(&where, &spec);
    if (g_strcmp0(spec.bus, "scsi") == 0 && ensure_scsi_controller(ctx, &d, &controller) < 0)
        goto out;
    xml = tv_diskxml_build(&spec);
    if (virDomainAttachDeviceFlags(ctx->dom, xml, tv_disk_domain_flags(&d)) < 0) {
        tv_action_fail(ctx, "could not attach the disk");
        goto out;
    }

    what = describe(&spec, v, vol_name);
    g_string_append_printf(ctx->note, "has a new %s %s: %s%s%s",
                           cdrom ? "CD-ROM drive" : "disk", target, what,
                           tv_disk_domain_where(&d, true),
                           controller ? "; added a virtio-scsi controller for it" : "");
    tv_action_result(ctx, "target", false, "%s", target);
    tv_action_result(ctx, "device", false, "%s", spec.device);
    tv_action_result(ctx, "bus", false, "%s", spec.bus);
    if (spec.path)
        tv_action_result(ctx, "path", false, "%s", spec.path);
    if (vol_name) {
        tv_action_result(ctx, "pool", false, "%s", tv_param_values_text(v, "pool"));
        tv_action_result(ctx, "volume", false, "%s", vol_name);
    } else if (spec.pool) {
        tv_action_result(ctx, "pool", false, "%s", spec.pool);
        tv_action_result(ctx, "volume", false, "%s", spec.volume);
    }
    tv_action_result(ctx, "live", true, "%s", d.live ? "true" : "false");
    tv_action_result(ctx, "config", true, "%s", d.config ? "true" : "false");
    tv_action_result(ctx, "controller_added", true, "%s", controller ? "true" : "false");
    rc = 0;
out:
    tv_disk_where_clear(&where);
    tv_disk_domain_clear(&d);
    return rc;
}

const tv_action tv_action_domain_attach_disk = {
    .name = "domain-attach-disk",
    .key = "d",
    .label = "attach a disk to",
    .help = "Attach a disk or CD-ROM drive: a new volume, a volume, a path, or an empty drive.",
    .done = "", /* the note says it: "'web01' has a new disk vdb: ..." */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = attach_exec,
    .params = tv_disk_params,
    .n_params = TV_DISK_N_PARAMS,
};
