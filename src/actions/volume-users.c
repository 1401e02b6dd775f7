/*
 * The rule for deleting a disk's volume with its domain or its detach:
 * only a writable, unshared disk on a pool volume that no other domain
 * names.  Other domains are read live and inactive, since a hot-plugged
 * disk is only in the live XML and a shut-off domain only has the other.
 */
#include "config.h"

#include <string.h>

#include "actions/volume-users.h"
#include "util/cleanup.h"

/* Disk sources of one domain's XML, into users (source -> domain name). */
static void
add_disk_sources(const char *xml, GHashTable *users)
{
    g_autoptr(tv_domain_details) d = tv_domxml_parse(xml, NULL);
    for (guint i = 0; d && i < d->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(d->disks, tv_disk_info, i);
        if (k->source && !g_hash_table_contains(users, k->source))
            g_hash_table_insert(users, g_strdup(k->source), g_strdup(d->name));
    }
}

GHashTable *
tv_volume_users_others(virConnectPtr conn, virDomainPtr self)
{
    GHashTable *users = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    virDomainPtr *doms = NULL;
    unsigned char self_uuid[VIR_UUID_BUFLEN] = { 0 };
    int n = virConnectListAllDomains(conn, &doms, 0);

    if (self)
        virDomainGetUUID(self, self_uuid);
    for (int i = 0; i < n; i++) {
        unsigned char uuid[VIR_UUID_BUFLEN];
        if (virDomainGetUUID(doms[i], uuid) == 0 &&
            (!self || memcmp(uuid, self_uuid, sizeof(uuid)) != 0)) {
            const unsigned flags[] = { 0, VIR_DOMAIN_XML_INACTIVE };
            for (size_t f = 0; f < G_N_ELEMENTS(flags); f++) {
                tv_autovirstr *xml = virDomainGetXMLDesc(doms[i], flags[f]);
                if (xml)
                    add_disk_sources(xml, users);
            }
        }
        virDomainFree(doms[i]);
    }
    free(doms);
    virResetLastError();
    return users;
}

virStorageVolPtr
tv_volume_of_disk(virConnectPtr conn, const tv_disk_info *k)
{
    virStorageVolPtr vol = NULL;
    if (!k->source)
        return NULL;
    if (g_strcmp0(k->type, "volume") == 0) {
        const char *slash = strchr(k->source, '/');
        g_autofree char *pool_name = slash ? g_strndup(k->source, slash - k->source) : NULL;
        g_autoptr(virStoragePool) pool = pool_name ? virStoragePoolLookupByName(conn, pool_name)
                                                   : NULL;
        if (pool)
            vol = virStorageVolLookupByName(pool, slash + 1);
    } else {
        vol = virStorageVolLookupByPath(conn, k->source);
    }
    virResetLastError();
    return vol;
}

virStorageVolPtr
tv_volume_own(virConnectPtr conn, const tv_disk_info *k, GHashTable *others, const char **why,
              const char **user)
{
    virStorageVolPtr vol;
    tv_autovirstr *vol_path = NULL;
    const char *other;

    if (user)
        *user = NULL;
    if (g_strcmp0(k->device, "disk") != 0) {
        *why = "not a disk";
        return NULL;
    }
    if (k->readonly || k->shareable) {
        *why = k->readonly ? "read-only" : "shareable";
        return NULL;
    }
    if (!(vol = tv_volume_of_disk(conn, k))) {
        *why = "not a pool volume";
        return NULL;
    }
    /* Another domain may name the same volume by path or by pool and name. */
    vol_path = virStorageVolGetPath(vol);
    virResetLastError();
    other = g_hash_table_lookup(others, k->source);
    if (!other && vol_path)
        other = g_hash_table_lookup(others, vol_path);
    if (!other) {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByVolume(vol);
        g_autofree char *by_name =
            pool ? g_strdup_printf("%s/%s", virStoragePoolGetName(pool), virStorageVolGetName(vol))
                 : NULL;
        virResetLastError();
        if (by_name)
            other = g_hash_table_lookup(others, by_name);
    }
    if (other) {
        *why = "used by another domain";
        if (user)
            *user = other;
        virStorageVolFree(vol);
        return NULL;
    }
    return vol;
}
