/*
 * The storage side of attaching a disk, on the host worker: making the new
 * volume (with the undo that deletes it again when a later step fails),
 * finding the volume a user named, and turning a volume or a path into
 * the <disk> source libvirt wants (file or block device, and the image
 * format the pool knows).  domain-attach-disk and the create-VM wizard
 * call the same steps.
 */
#pragma once

#include <libvirt/libvirt.h>
#include <glib.h>

#include "actions/action-impl.h"
#include "model/diskxml.h"

/*
 * Makes the volume name in pool (size bytes, format "qcow2"/"raw", sparse)
 * and pushes on ctx how to delete it again ("deleted the new volume
 * PATH").  Returns it (caller frees), or NULL with ctx->error set to
 * libvirt's words.
 */
virStorageVolPtr tv_disk_volume_make(virConnectPtr conn, const char *pool, const char *name,
                                     guint64 size, const char *format, tv_action_ctx *ctx);

/*
 * A name for a new volume of domain's disk target in pool, one the pool
 * does not hold: "web01-vdb.qcow2", "web01-vdb-2.qcow2"... (g_free).
 * domain may be NULL (a domain still to be made).
 */
char *tv_disk_volume_pick_name(virConnectPtr conn, const char *pool, const char *domain,
                               const char *target, const char *format);

/*
 * The volume text names: "POOL/VOLUME", or a volume name exactly one pool
 * has.  NULL with *error (a sentence) otherwise.  Caller frees.
 */
virStorageVolPtr tv_disk_volume_find(virConnectPtr conn, const char *text, char **error);

/* Where a disk's image is, resolved on the host (strings owned). */
typedef struct tv_disk_where {
    tv_disk_source source; /* FILE, BLOCK or VOLUME */
    char *path;
    char *pool;
    char *volume;
    char *format; /* the driver type, or NULL */
} tv_disk_where;

void tv_disk_where_clear(tv_disk_where *w);

/*
 * A volume as a disk source: its path as a file or block device, or by
 * pool and name for volumes without one (network pools), with the format
 * the pool detected.  -1 with *error when libvirt cannot say.
 */
int tv_disk_where_volume(virStorageVolPtr vol, tv_disk_where *w, char **error);

/*
 * A path as a disk source: a pool volume's type and format when a pool
 * has it, else a block device under /dev/ or a file (raw for a CD-ROM).
 */
void tv_disk_where_path(virConnectPtr conn, const char *path, bool cdrom, tv_disk_where *w);

/* Points spec's source fields (and its format, when it has none) at w. */
void tv_disk_where_apply(const tv_disk_where *w, tv_disk_spec *spec);
