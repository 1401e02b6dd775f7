/*
 * domain-delete: removes a domain for good — forced off if running, its
 * definition undefined (with managed save image, snapshot metadata and
 * NVRAM), and on request the storage volumes of its disks.
 *
 * Order keeps failures whole: volumes are resolved first (nothing deleted
 * yet), then the definition is removed, then the running guest is stopped;
 * if stopping fails the definition is put back.  Volumes go last, so a
 * failure there leaves an undefined domain and says which volume remains.
 * Disk paths that are no pool's volume are left in place and named.
 */
#include "config.h"

#include "actions/action-impl.h"
#include "model/domxml.h"

static void
volume_free(gpointer vol)
{
    virStorageVolFree(vol);
}

static GPtrArray *
lookup_volumes(tv_action_ctx *ctx, const char *xml, GString *not_volumes)
{
    g_autofree char *error = NULL;
    g_autoptr(tv_domain_details) details = tv_domxml_parse(xml, &error);
    g_auto(GStrv) paths = NULL;
    GPtrArray *vols = g_ptr_array_new_with_free_func(volume_free);

    if (!details)
        return vols;
    paths = tv_domain_details_disk_paths(details);
    for (size_t i = 0; paths && paths[i]; i++) {
        virStorageVolPtr vol = virStorageVolLookupByPath(ctx->conn, paths[i]);
        if (vol) {
            g_ptr_array_add(vols, vol);
        } else {
            virResetLastError();
            g_string_append_printf(not_volumes, "%s%s", not_volumes->len ? ", " : "", paths[i]);
        }
    }
    return vols;
}

static int
undefine(virDomainPtr dom)
{
    unsigned full = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                    VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    if (virDomainUndefineFlags(dom, full) == 0)
        return 0;
    /* Drivers without NVRAM or checkpoints reject those flags. */
    {
        virErrorPtr err = virGetLastError();
        if (!err || (err->code != VIR_ERR_INVALID_ARG && err->code != VIR_ERR_NO_SUPPORT))
            return -1;
    }
    virResetLastError();
    return virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                           VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
}

static int
delete_exec(tv_action_ctx *ctx)
{
    bool with_storage = ctx->opts & TV_OPT_DELETE_STORAGE;
    int persistent = virDomainIsPersistent(ctx->dom);
    int active = virDomainIsActive(ctx->dom);
    tv_autovirstr *xml = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autoptr(GString) not_volumes = g_string_new(NULL);
    size_t removed = 0;

    if (persistent < 0 || active < 0)
        return tv_action_fail(ctx, "could not read the domain's state");
    xml = virDomainGetXMLDesc(ctx->dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    if (!xml)
        return tv_action_fail(ctx, "could not read the domain XML");
    if (with_storage)
        vols = lookup_volumes(ctx, xml, not_volumes);

    if (persistent && undefine(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not undefine the domain");
    if (active && virDomainDestroy(ctx->dom) < 0) {
        tv_action_fail(ctx, "could not stop the domain");
        if (persistent) {
            virDomainPtr back = virDomainDefineXML(ctx->conn, xml);
            g_autofree char *stop_error = ctx->error;
            ctx->error = g_strdup_printf("%s (%s)", stop_error,
                                         back ? "its definition was restored"
                                              : "and its definition could not be restored");
            if (back)
                virDomainFree(back);
        }
        return -1;
    }

    for (guint i = 0; vols && i < vols->len; i++) {
        virStorageVolPtr vol = g_ptr_array_index(vols, i);
        if (virStorageVolDelete(vol, 0) < 0) {
            g_autofree char *msg = tv_vir_last_error("could not delete the volume");
            g_autofree char *done = g_strdup_printf(
                "the domain was deleted, but volume '%s' remains: %s",
                virStorageVolGetName(vol), msg);
            ctx->error = g_steal_pointer(&done);
            return -1;
        }
        removed++;
    }
    if (with_storage)
        g_string_append_printf(ctx->note, "with %zu volume%s", removed, removed == 1 ? "" : "s");
    if (not_volumes->len)
        g_string_append_printf(ctx->note, "%s(left in place, not pool volumes: %s)",
                               ctx->note->len ? " " : "", not_volumes->str);
    return 0;
}

const tv_action tv_action_domain_delete = {
    .name = "domain-delete",
    .key = "D",
    .label = "delete",
    .help = "Delete the domain for good; you are asked whether to delete its storage too.",
    .done = "deleted",
    .confirm = "Delete %s for good?",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_CONFIRM | TV_ACTION_ASK_STORAGE,
    .exec = delete_exec,
};
