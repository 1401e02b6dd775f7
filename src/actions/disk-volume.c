/*
 * New volumes for disks and the sources of existing ones.  A new volume is
 * built with volume-create's XML builder (model/volxml.c), sparse as
 * virt-manager makes them, and its undo deletes it by path.  An existing
 * volume is attached by its path when it has one (as virsh and virt-manager
 * do), with the driver type the pool detected, so a qcow2 image is never
 * read as raw.
 */
#include "config.h"

#include <string.h>

#include "actions/disk-volume.h"
#include "model/disktarget.h"
#include "model/volxml.h"
#include "util/xml.h"

static char *
delete_volume(virConnectPtr conn, void *data)
{
    const char *path = data;
    g_autoptr(virStorageVol) vol = virStorageVolLookupByPath(conn, path);
    if (!vol || virStorageVolDelete(vol, 0) < 0)
        return tv_vir_last_error("could not delete it");
    return NULL;
}

virStorageVolPtr
tv_disk_volume_make(virConnectPtr conn, const char *pool_name, const char *name, guint64 size,
                    const char *format, tv_action_ctx *ctx)
{
    tv_volume_spec spec = { .name = name, .capacity = size, .format = format };
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(conn, pool_name);
    g_autofree char *xml = NULL;
    virStorageVolPtr vol;
    tv_autovirstr *path = NULL;

    if (!pool) {
        tv_action_fail(ctx, "no such pool");
        return NULL;
    }
    xml = tv_volxml_build(&spec);
    if (!(vol = virStorageVolCreateXML(pool, xml, 0))) {
        g_autofree char *why = tv_vir_last_error("could not create the volume");
        ctx->error = g_strdup_printf("could not make the new volume '%s' in pool '%s': %s",
                                     name, pool_name, why);
        return NULL;
    }
    path = virStorageVolGetPath(vol);
    if (path) {
        g_autofree char *what = g_strdup_printf("deleted the new volume %s", path);
        tv_action_undo(ctx, what, delete_volume, g_strdup(path), g_free);
        tv_action_undo_left(ctx, "volume %s/%s", pool_name, name);
    }
    virResetLastError();
    return vol;
}

static bool
name_taken(const char *name, void *data)
{
    virStorageVolPtr vol = virStorageVolLookupByName(data, name);
    virResetLastError();
    if (vol)
        virStorageVolFree(vol);
    return vol != NULL;
}

char *
tv_disk_volume_pick_name(virConnectPtr conn, const char *pool_name, const char *domain,
                         const char *target, const char *format)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(conn, pool_name);
    virResetLastError();
    return tv_disk_volume_name(domain, target, format, pool ? name_taken : NULL, pool);
}

/* The volume called name in the only active pool that has one. */
static virStorageVolPtr
find_in_any_pool(virConnectPtr conn, const char *name, char **error)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    virStorageVolPtr found = NULL;
    g_autoptr(GString) where = g_string_new(NULL);
    int hits = 0;

    if (n < 0) {
        *error = tv_vir_last_error("could not list the pools");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        virStorageVolPtr vol = virStorageVolLookupByName(pools[i], name);
        if (vol) {
            g_string_append_printf(where, "%s'%s'", where->len ? " and " : "",
                                   virStoragePoolGetName(pools[i]));
            if (hits++ == 0)
                found = vol;
            else
                virStorageVolFree(vol);
        }
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    virResetLastError();
    if (hits == 1)
        return found;
    if (found)
        virStorageVolFree(found);
    *error = hits ? g_strdup_printf("pools %s both have a volume '%s': say which, as "
                                    "POOL/VOLUME",
                                    where->str, name)
                  : g_strdup_printf("no active pool has a volume '%s'", name);
    return NULL;
}

virStorageVolPtr
tv_disk_volume_find(virConnectPtr conn, const char *text, char **error)
{
    const char *slash = strchr(text, '/');
    g_autofree char *pool_name = NULL;
    g_autoptr(virStoragePool) pool = NULL;
    virStorageVolPtr vol;

    if (!slash)
        return find_in_any_pool(conn, text, error);
    pool_name = g_strndup(text, (gsize)(slash - text));
    if (!(pool = virStoragePoolLookupByName(conn, pool_name))) {
        *error = tv_vir_last_error("no such pool");
        return NULL;
    }
    if (!(vol = virStorageVolLookupByName(pool, slash + 1)))
        *error = tv_vir_last_error("no such volume");
    return vol;
}

void
tv_disk_where_clear(tv_disk_where *w)
{
    g_free(w->path);
    g_free(w->pool);
    g_free(w->volume);
    g_free(w->format);
    *w = (tv_disk_where){ 0 };
}

/* The format the pool detected for vol ("qcow2", "iso"...), or NULL. */
static char *
volume_format(virStorageVolPtr vol)
{
    tv_autovirstr *xml = virStorageVolGetXMLDesc(vol, 0);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = xml ? tv_xml_parse(xml, "the volume XML", &error) : NULL;
    g_autoptr(xmlXPathContext) xp = doc ? xmlXPathNewContext(doc) : NULL;
    virResetLastError();
    return xp ? tv_xml_string(xp, "string(/volume/target/format/@type)") : NULL;
}

int
tv_disk_where_volume(virStorageVolPtr vol, tv_disk_where *w, char **error)
{
    virStorageVolInfo info;
    g_autofree char *format = NULL;
    tv_autovirstr *path = NULL;

    if (virStorageVolGetInfo(vol, &info) < 0) {
        *error = tv_vir_last_error("could not read the volume");
        return -1;
    }
    format = volume_format(vol);
    w->format = g_strdup(tv_diskxml_driver_format(format));
    path = virStorageVolGetPath(vol);
    virResetLastError();
    if (path && (info.type == VIR_STORAGE_VOL_FILE || info.type == VIR_STORAGE_VOL_BLOCK)) {
        w->source = info.type == VIR_STORAGE_VOL_BLOCK ? TV_DISK_SOURCE_BLOCK
                                                       : TV_DISK_SOURCE_FILE;
        w->path = g_strdup(path);
        return 0;
    }
    /* No local path (a network pool's volume): libvirt resolves it by name. */
    {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByVolume(vol);
        if (!pool) {
            *error = tv_vir_last_error("could not find the volume's pool");
            return -1;
        }
        w->source = TV_DISK_SOURCE_VOLUME;
        w->pool = g_strdup(virStoragePoolGetName(pool));
        w->volume = g_strdup(virStorageVolGetName(vol));
    }
    return 0;
}

void
tv_disk_where_path(virConnectPtr conn, const char *path, bool cdrom, tv_disk_where *w)
{
    g_autoptr(virStorageVol) vol = virStorageVolLookupByPath(conn, path);
    g_autofree char *error = NULL;

    virResetLastError();
    if (vol && tv_disk_where_volume(vol, w, &error) == 0 && w->path) {
        /* Keep the path as the user wrote it (a symlink stays a symlink). */
        g_free(w->path);
        w->path = g_strdup(path);
        return;
    }
    tv_disk_where_clear(w);
    w->source = g_str_has_prefix(path, "/dev/") ? TV_DISK_SOURCE_BLOCK : TV_DISK_SOURCE_FILE;
    w->path = g_strdup(path);
    w->format = cdrom ? g_strdup("raw") : NULL;
}

void
tv_disk_where_apply(const tv_disk_where *w, tv_disk_spec *spec)
{
    spec->source = w->source;
    spec->path = w->path;
    spec->pool = w->pool;
    spec->volume = w->volume;
    if (!spec->format)
        spec->format = w->format;
}
