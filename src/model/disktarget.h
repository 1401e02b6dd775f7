/*
 * Names of a domain's disks as libvirt counts them: the target names a bus
 * hands out (vda, vdb ... vdz, vdaa for virtio; sd* for SCSI, SATA and
 * USB, which share one name space; hd* for IDE), the next one free on a
 * domain, and a name for a new volume that its pool does not hold yet.
 * Pure string work, unit-tested; the parameter checks and the worker both
 * use it.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* The name prefix of a bus: "vd", "sd", "hd", or NULL for a bus tvirt does not attach. */
const char *tv_disk_bus_prefix(const char *bus);

/*
 * The index of a target name as libvirt's virDiskNameToIndex reads it
 * ("vda" 0, "vdz" 25, "vdaa" 26), with its prefix in *prefix (static:
 * "vd", "sd", "hd", "xvd", "ubd", "fd"); -1 when it is not a disk name.
 */
int tv_disk_target_index(const char *target, const char **prefix);

/* The target name for prefix and index (g_free): ("vd", 26) gives "vdaa". */
char *tv_disk_target_name(const char *prefix, int index);

/*
 * The first target name of bus that none of used (NULL-terminated, may be
 * NULL) takes, as virt-manager picks it; NULL for an unknown bus.
 * Caller frees.
 */
char *tv_disk_next_target(const char *bus, const char *const *used);

/*
 * A name for a new volume of the disk target of domain: "DOMAIN-TARGET.EXT"
 * (EXT "qcow2", or "img" for raw and unknown formats), with "-2", "-3"...
 * before the extension while taken(name, data) says the pool has it.
 * domain NULL (a domain still to be made) gives "disk-TARGET.EXT".
 * Caller frees.
 */
char *tv_disk_volume_name(const char *domain, const char *target, const char *format,
                          bool (*taken)(const char *name, void *data), void *data);
