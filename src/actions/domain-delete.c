/*
 * domain-delete: removes a domain for good — forced off if running, its
 * definition undefined (with managed save image, snapshot metadata and
 * NVRAM), and on request the storage volumes of its disks.
 *
 * Order keeps failures whole: the guest is stopped first (a failure there
 * changes nothing), then undefined (a failure leaves it stopped but fully
 * defined, NVRAM and snapshots intact), and volumes go last, each tried and
 * reported.  Only volumes that are this domain's alone are deleted:
 * read-only and shareable disks, disks another domain also uses, and paths
 * that are no pool's volume stay, and the message names them.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "actions/volume-users.h"
#include "model/domxml.h"

static void
volume_free(gpointer vol)
{
    virStorageVolFree(vol);
}

static void
note_append(GString *s, const char *what)
{
    g_string_append_printf(s, "%s%s", s->len ? ", " : "", what);
}

/*
 * The volumes this domain alone uses, from its live and inactive XML (a
 * hot-plugged disk is only in the first).  Disks left alone are named in kept.
 */
static GPtrArray *
choose_volumes(tv_action_ctx *ctx, const char *live_xml, const char *inactive_xml,
               GString *kept)
{
    GPtrArray *vols = g_ptr_array_new_with_free_func(volume_free);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) others = tv_volume_users_others(ctx->conn, ctx->dom);
    const char *xmls[] = { live_xml, inactive_xml };

    for (size_t x = 0; x < G_N_ELEMENTS(xmls); x++) {
        g_autoptr(tv_domain_details) d = xmls[x] ? tv_domxml_parse(xmls[x], NULL) : NULL;
        for (guint i = 0; d && i < d->disks->len; i++) {
            const tv_disk_info *k = &g_array_index(d->disks, tv_disk_info, i);
            const char *why = NULL;
            virStorageVolPtr vol;

            if (!k->source || g_strcmp0(k->device, "disk") != 0 ||
                !g_hash_table_add(seen, g_strdup(k->source)))
                continue;
            if ((vol = tv_volume_own(ctx->conn, k, others, &why, NULL))) {
                g_ptr_array_add(vols, vol);
            } else {
                g_autofree char *kept_one = g_strdup_printf("%s (%s)", k->source, why);
                note_append(kept, kept_one);
            }
        }
    }
    return vols;
}

static int
undefine(virDomainPtr dom)
{
    unsigned full = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                    VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    virErrorPtr err;
    if (virDomainUndefineFlags(dom, full) == 0)
        return 0;
    /* Drivers without NVRAM or checkpoints reject those flags. */
    err = virGetLastError();
    if (!err || (err->code != VIR_ERR_INVALID_ARG && err->code != VIR_ERR_NO_SUPPORT))
        return -1;
    virResetLastError();
    return virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                           VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
}

/* The volumes a delete with storage would remove, and the disks it would keep. */
static GPtrArray *
volumes_to_delete(tv_action_ctx *ctx, GString *kept)
{
    int persistent = virDomainIsPersistent(ctx->dom);
    tv_autovirstr *live_xml = virDomainGetXMLDesc(ctx->dom, 0);
    tv_autovirstr *inactive_xml =
        persistent == 1 ? virDomainGetXMLDesc(ctx->dom, VIR_DOMAIN_XML_INACTIVE) : NULL;
    if (!live_xml) {
        tv_action_fail(ctx, "could not read the domain XML");
        return NULL;
    }
    return choose_volumes(ctx, live_xml, inactive_xml, kept);
}

/* A volume's path for messages, or its name when the path is unknown. */
static char *
volume_label(virStorageVolPtr vol)
{
    tv_autovirstr *path = virStorageVolGetPath(vol);
    virResetLastError();
    return g_strdup(path ? path : virStorageVolGetName(vol));
}

static char *
delete_preview(tv_action_ctx *ctx)
{
    g_autoptr(GString) kept = g_string_new(NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GPtrArray) vols = volumes_to_delete(ctx, kept);

    if (!vols)
        return NULL;
    if (vols->len == 0) {
        g_string_append(text, "With storage: it has no volume of its own to delete.");
    } else {
        g_string_append(text, "With storage, also deleted: ");
        for (guint i = 0; i < vols->len; i++) {
            g_autofree char *label = volume_label(vols->pdata[i]);
            g_string_append_printf(text, "%s%s", i ? ", " : "", label);
        }
        g_string_append_c(text, '.');
    }
    if (kept->len)
        g_string_append_printf(text, "\nKept either way: %s.", kept->str);
    return g_string_free(g_steal_pointer(&text), FALSE);
}

static int
delete_exec(tv_action_ctx *ctx)
{
    /* The screen's dialog says it with a key; --exec and ':' with storage=yes. */
    bool with_storage = (ctx->opts & TV_OPT_DELETE_STORAGE) ||
                        (ctx->params && tv_param_values_get(ctx->params, "storage")->number);
    int persistent, active;
    g_autoptr(GPtrArray) vols = NULL;
    g_autoptr(GString) kept = g_string_new(NULL);
    g_autoptr(GString) deleted = g_string_new(NULL);
    g_autoptr(GString) failed = g_string_new(NULL);
    size_t removed = 0;

    if ((persistent = virDomainIsPersistent(ctx->dom)) < 0)
        return tv_action_fail(ctx, "could not read whether the domain is persistent");
    if ((active = virDomainIsActive(ctx->dom)) < 0)
        return tv_action_fail(ctx, "could not read whether the domain is running");
    if (with_storage && !(vols = volumes_to_delete(ctx, kept)))
        return -1;

    if (active && virDomainDestroy(ctx->dom) < 0)
        return tv_action_fail(ctx, "could not stop the domain");
    if (persistent && undefine(ctx->dom) < 0) {
        g_autofree char *why = tv_vir_last_error("could not undefine the domain");
        ctx->error = g_strdup_printf("%s%s", active ? "it was stopped but is still defined: " : "",
                                     why);
        return -1;
    }

    for (guint i = 0; vols && i < vols->len; i++) {
        virStorageVolPtr vol = g_ptr_array_index(vols, i);
        g_autofree char *label = volume_label(vol);
        if (virStorageVolDelete(vol, 0) < 0) {
            g_autofree char *msg = tv_vir_last_error("could not delete the volume");
            g_autofree char *what = g_strdup_printf("'%s': %s", label, msg);
            note_append(failed, what);
        } else {
            note_append(deleted, label);
            removed++;
        }
    }
    if (failed->len) {
        ctx->error = g_strdup_printf("the domain was deleted, but some volumes remain: %s%s%s",
                                     failed->str, deleted->len ? "; deleted: " : "",
                                     deleted->str);
        return -1;
    }
    if (with_storage)
        g_string_append_printf(ctx->note, "with %zu volume%s%s%s%s", removed,
                               removed == 1 ? "" : "s", removed ? " (" : "", deleted->str,
                               removed ? ")" : "");
    if (kept->len)
        g_string_append_printf(ctx->note, "%s(kept: %s)", ctx->note->len ? " " : "", kept->str);
    return 0;
}

static const tv_param delete_params[] = {
    { .name = "storage", .label = "Delete its storage",
      .help = "Also delete the volumes of its disks that no other domain uses.",
      .kind = TV_PARAM_BOOL, .def = "no" },
};

const tv_action tv_action_domain_delete = {
    .name = "domain-delete",
    .key = "D",
    .label = "delete",
    .help = "Delete the domain for good; you are asked whether to delete its storage too.",
    .done = "deleted",
    .confirm = "Delete %s for good?",
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_CONFIRM | TV_ACTION_ASK_STORAGE | TV_ACTION_STOPS,
    .exec = delete_exec,
    .preview = delete_preview,
    .params = delete_params,
    .n_params = G_N_ELEMENTS(delete_params),
};
