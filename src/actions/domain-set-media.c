/*
 * domain-set-media: inserts, changes or ejects the disc of a CD-ROM drive
 * (M on a CD-ROM in Details, Hardware).  The drive's <disk> element is
 * taken from the domain's XML and rebuilt with the new source
 * (model/domedit.c), then handed to virDomainUpdateDeviceFlags: for the
 * running guest and, when the domain is persistent, its config too, so
 * the disc stays in across a restart.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "model/domedit.h"
#include "model/domxml.h"

/* The CD-ROM drives of the target's XML, joined: "hdc, sdb". */
static char *
cdrom_list(const tv_domain_details *x)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < x->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(x->disks, tv_disk_info, i);
        if (g_strcmp0(k->device, "cdrom") == 0 && k->target)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", k->target);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* The only CD-ROM drive, when the domain has exactly one. */
static char *
default_target(const tv_param *p, const tv_param_ctx *ctx)
{
    g_autofree char *list = ctx->details ? cdrom_list(ctx->details) : NULL;
    return list && *list && !strchr(list, ',') ? g_steal_pointer(&list) : NULL;
}

static char *
check_target(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_domain_details *x = ctx->details;
    g_autofree char *list = NULL;
    if (!x)
        return NULL; /* not read yet: the worker looks at the XML itself */
    for (guint i = 0; i < x->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(x->disks, tv_disk_info, i);
        if (g_strcmp0(k->target, v->text) != 0)
            continue;
        if (g_strcmp0(k->device, "cdrom") != 0)
            return g_strdup_printf("'%s' is a %s, not a CD-ROM drive", v->text, k->device);
        return NULL;
    }
    list = cdrom_list(x);
    return *list ? g_strdup_printf("'%s' has no drive '%s' (its CD-ROM drives: %s)", x->name,
                                   v->text, list)
                 : g_strdup_printf("'%s' has no CD-ROM drive", x->name);
}

static const tv_pool *
find_pool(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
        if (strcmp(s->storage->pools[i].name, name) == 0)
            return &s->storage->pools[i];
    }
    return NULL;
}

static char *
check_source(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_media_source src = { 0 };
    char *why = NULL;
    const tv_pool *pool;

    if (!tv_media_source_parse(v->text, &src, &why))
        return why;
    /* Pools are checked when the snapshot has read them; the worker asks libvirt anyway. */
    if (src.pool && ctx->snap && ctx->snap->storage) {
        pool = find_pool(ctx->snap, src.pool);
        if (!pool) {
            why = g_strdup_printf("no pool '%s' on %s", src.pool, ctx->snap->label);
        } else if (!pool->active) {
            why = g_strdup_printf("pool '%s' is not active", src.pool);
        } else {
            bool found = false;
            for (size_t i = 0; i < pool->n_volumes && !found; i++)
                found = strcmp(pool->volumes[i].name, src.volume) == 0;
            if (!found)
                why = g_strdup_printf("pool '%s' has no volume '%s'", src.pool, src.volume);
        }
    }
    tv_media_source_clear(&src);
    return why;
}

static const tv_param media_params[] = {
    { .name = "target", .label = "Drive",
      .help = "The CD-ROM drive, by its target: hdc, sda...",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED, .compute_default = default_target,
      .validate = check_target },
    { .name = "source", .label = "Disc",
      .help = "A volume POOL/VOLUME or a path on the host; leave it empty to eject the disc.",
      .kind = TV_PARAM_STRING, .validate = check_source },
};

static int
media_exec(tv_action_ctx *ctx)
{
    const char *target = ctx->params ? tv_param_values_text(ctx->params, "target") : NULL;
    const char *text = ctx->params ? tv_param_values_text(ctx->params, "source") : NULL;
    int active = virDomainIsActive(ctx->dom);
    int persistent = virDomainIsPersistent(ctx->dom);
    tv_media_source src = { 0 };
    tv_autovirstr *xml = NULL;
    g_autofree char *why = NULL;
    g_autofree char *disk = NULL;
    unsigned flags;
    int rc = -1;

    if (!target) {
        ctx->error = g_strdup("target: is required (the CD-ROM drive, e.g. hdc)");
        return -1;
    }
    if (active < 0 || persistent < 0)
        return tv_action_fail(ctx, "could not read the domain's state");
    if (!tv_media_source_parse(text, &src, &why)) {
        ctx->error = g_strdup_printf("source: %s", why);
        return -1;
    }
    if (src.pool) {
        /* libvirt says which of the two it cannot find. */
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(ctx->conn, src.pool);
        g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName(pool, src.volume) : NULL;
        if (!vol) {
            g_autofree char *err = tv_vir_last_error("no such volume");
            ctx->error = g_strdup_printf("source: %s", err);
            goto out;
        }
    }
    /* The running guest's drive, and the config's too when there is one. */
    flags = active ? VIR_DOMAIN_AFFECT_LIVE | (persistent ? VIR_DOMAIN_AFFECT_CONFIG : 0)
                   : VIR_DOMAIN_AFFECT_CONFIG;
    xml = virDomainGetXMLDesc(ctx->dom, active ? 0 : VIR_DOMAIN_XML_INACTIVE);
    if (!xml) {
        tv_action_fail(ctx, "could not read the domain XML");
        goto out;
    }
    disk = tv_domedit_media(xml, target, &src, &why);
    if (!disk) {
        ctx->error = g_strdup_printf("target: %s", why);
        goto out;
    }
    if (virDomainUpdateDeviceFlags(ctx->dom, disk, flags) < 0) {
        tv_action_fail(ctx, "could not change the media");
        goto out;
    }
    if (src.pool || src.path)
        g_string_append_printf(ctx->note, "has %s in %s", text, target);
    else
        g_string_append_printf(ctx->note, "has nothing in %s (ejected)", target);
    if (active && persistent)
        g_string_append(ctx->note, ", now and in its config");
    tv_action_result(ctx, "target", false, "%s", target);
    tv_action_result(ctx, "source", false, "%s", src.pool || src.path ? text : "");
    rc = 0;

out:
    tv_media_source_clear(&src);
    return rc;
}

const tv_action tv_action_domain_set_media = {
    .name = "domain-set-media",
    .key = "M",
    .label = "change media",
    .help = "Insert, change or eject the disc in a CD-ROM drive (Details, Hardware).",
    .done = "", /* the note says what the drive holds now */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_FORM,
    .exec = media_exec,
    .params = media_params,
    .n_params = G_N_ELEMENTS(media_params),
    .devices = TV_DEVICE_BIT(TV_DEVICE_CDROM),
    .device_param = "target",
};
