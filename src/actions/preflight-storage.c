/*
 * Reading where a guest's disks live, for the preflight (see
 * preflight-storage.h).  A path is placed by asking each host which
 * volume has it (virStorageVolLookupByPath): libvirt cannot statfs a path
 * for a remote client, but the pool holding it says what storage it is.
 * A dir pool lists only the volumes it has seen, so a volume the other
 * host made is missing until the pool is refreshed: on a miss the active
 * pool over the path's directory is refreshed once and asked again.
 */
#include "config.h"

#include <string.h>

#include "actions/preflight-storage.h"
#include "util/cleanup.h"
#include "util/xml.h"

/* A path's volume on one host. */
typedef struct where {
    bool found;
    char *pool, *pool_type;
    char *error;     /* why no pool has it (libvirt's words) */
    guint64 capacity;
} where;

static void
where_clear(where *w)
{
    g_free(w->pool);
    g_free(w->pool_type);
    g_free(w->error);
}

/* The pool's type from its XML (<pool type='dir'>), or NULL. */
static char *
pool_type(virStoragePoolPtr pool)
{
    tv_autovirstr *xml = virStoragePoolGetXMLDesc(pool, 0);
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = xml ? tv_xml_parse(xml, "the pool XML", &error) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc ? xmlXPathNewContext(doc) : NULL;
    return ctx ? tv_xml_string(ctx, "/pool/@type") : NULL;
}

static virStorageVolPtr
lookup(virConnectPtr conn, const char *path, GHashTable *refreshed, char **error)
{
    virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);
    g_autofree char *dir = NULL;
    g_autoptr(virStoragePool) pool = NULL;

    if (vol)
        return vol;
    *error = tv_vir_last_error("no pool has it");
    dir = g_path_get_dirname(path);
    pool = virStoragePoolLookupByTargetPath(conn, dir);
    /* Refreshing only rescans what the pool holds; once per pool is enough. */
    if (pool && virStoragePoolIsActive(pool) == 1 &&
        g_hash_table_add(refreshed, g_strdup(virStoragePoolGetName(pool))) &&
        virStoragePoolRefresh(pool, 0) == 0)
        vol = virStorageVolLookupByPath(conn, path);
    virResetLastError();
    if (vol)
        g_clear_pointer(error, g_free);
    return vol;
}

static void
locate(virConnectPtr conn, const char *path, GHashTable *refreshed, where *w)
{
    g_autoptr(virStorageVol) vol = lookup(conn, path, refreshed, &w->error);
    g_autoptr(virStoragePool) pool = vol ? virStoragePoolLookupByVolume(vol) : NULL;
    virStorageVolInfo info;

    if (!vol)
        return;
    w->found = true;
    if (pool) {
        w->pool = g_strdup(virStoragePoolGetName(pool));
        w->pool_type = pool_type(pool);
    }
    if (virStorageVolGetInfo(vol, &info) == 0)
        w->capacity = info.capacity;
    virResetLastError();
}

/* A <disk type='volume'>'s path: "pool/volume" looked up on the source. */
static char *
volume_path(virConnectPtr conn, const char *source, char **error)
{
    g_auto(GStrv) parts = g_strsplit(source, "/", 2);
    g_autoptr(virStoragePool) pool = parts[0] ? virStoragePoolLookupByName(conn, parts[0])
                                              : NULL;
    g_autoptr(virStorageVol) vol = pool && parts[1] ? virStorageVolLookupByName(pool, parts[1])
                                                    : NULL;
    tv_autovirstr *path = vol ? virStorageVolGetPath(vol) : NULL;
    if (!path)
        *error = tv_vir_last_error("no such pool or volume");
    virResetLastError();
    return path ? g_strdup(path) : NULL;
}

/* Where libvirt would create the copy: the destination's pool over the directory. */
static void
dest_pool(virConnectPtr dconn, const char *path, char **name, bool *active, guint64 *avail)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByTargetPath(dconn, dir);
    virStoragePoolInfo info;

    if (pool) {
        *name = g_strdup(virStoragePoolGetName(pool));
        *active = virStoragePoolIsActive(pool) == 1;
        if (virStoragePoolGetInfo(pool, &info) == 0)
            *avail = info.available;
    }
    virResetLastError();
}

static void
check_disk(GPtrArray *checks, virConnectPtr sconn, virConnectPtr dconn, const tv_disk_info *d,
           GHashTable *refreshed_src, GHashTable *refreshed_dst, tv_pf_disk_facts *f)
{
    where src = { 0 }, dst = { 0 };
    g_autofree char *path = NULL, *path_error = NULL, *dpool = NULL;
    bool file_like = g_strcmp0(d->type, "network") != 0 && d->source && *d->source;

    if (file_like && g_strcmp0(d->type, "volume") == 0)
        path = volume_path(sconn, d->source, &path_error);
    else if (file_like)
        path = g_strdup(d->source);
    if (path) {
        locate(sconn, path, refreshed_src, &src);
        locate(dconn, path, refreshed_dst, &dst);
        if (f->copy != TV_PF_COPY_NO && !dst.found)
            dest_pool(dconn, path, &dpool, &f->dest_pool_active, &f->dest_available);
        f->source = path;
    }
    f->pool = src.pool;
    f->pool_type = src.pool_type;
    f->pool_error = path_error ? path_error : src.error;
    f->capacity = src.capacity;
    f->dest_has_path = dst.found;
    f->dest_path_pool = dst.pool;
    f->dest_pool = dpool;
    tv_pf_disk_rule(checks, f);
    where_clear(&src);
    where_clear(&dst);
}

void
tv_preflight_check_disks(GPtrArray *checks, virConnectPtr sconn, virConnectPtr dconn,
                         const tv_domain_details *guest, tv_pf_copy copy, bool unsafe,
                         bool offline, bool running)
{
    g_autoptr(GHashTable) refreshed_src = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                                g_free, NULL);
    g_autoptr(GHashTable) refreshed_dst = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                                g_free, NULL);
    for (guint i = 0; i < guest->disks->len; i++) {
        const tv_disk_info *d = &g_array_index(guest->disks, tv_disk_info, i);
        tv_pf_disk_facts f = {
            .target = d->target,
            .type = d->type,
            .source = d->source,
            .readonly = d->readonly,
            .cache = d->cache,
            .copy = copy,
            .unsafe = unsafe,
            .offline = offline,
        };
        check_disk(checks, sconn, dconn, d, refreshed_src, refreshed_dst, &f);
        /* f's strings were check_disk's: the cache rule needs only these. */
        f = (tv_pf_disk_facts){ .target = d->target, .type = d->type, .source = d->source,
                                .readonly = d->readonly, .cache = d->cache, .copy = copy };
        /* Offline, nothing is in the source's page cache for the guest. */
        if (running && !offline)
            tv_pf_cache_rule(checks, &f);
    }
}
