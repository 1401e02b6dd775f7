/*
 * Whose is a disk's volume?  domain-delete (with storage) and
 * domain-detach-disk (with delete_volume) delete a volume only when it is
 * the domain's alone: a writable, unshared disk (not a CD-ROM) on a pool
 * volume that no other domain names in its live or inactive XML.  This is
 * that one rule, on the host worker (it calls libvirt).
 */
#pragma once

#include <libvirt/libvirt.h>
#include <glib.h>

#include "model/domxml.h"

/*
 * Every disk source ("path" or "pool/volume", as tv_disk_info has them) of
 * every domain on conn but self, live and inactive: a table from source to
 * the name of one domain using it (both owned by the table).
 */
GHashTable *tv_volume_users_others(virConnectPtr conn, virDomainPtr self);

/* The pool volume behind disk k (by pool and name, or by path), or NULL. */
virStorageVolPtr tv_volume_of_disk(virConnectPtr conn, const tv_disk_info *k);

/*
 * The volume of disk k when deleting it with the domain is safe, else NULL
 * with *why set ("not a disk", "read-only", "shareable", "not a pool
 * volume", "used by another domain") and, for the last, *user (may be
 * NULL) naming one such domain (owned by others).  Caller frees the volume.
 */
virStorageVolPtr tv_volume_own(virConnectPtr conn, const tv_disk_info *k, GHashTable *others,
                               const char **why, const char **user);
