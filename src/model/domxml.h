/*
 * A domain's XML read into a model of its devices, for the Details screen:
 * overview facts, disks, NICs, character devices (serial/console) and
 * graphics.  Parsed with libxml2 XPath; nothing here calls libvirt, so it is
 * unit-tested on XML text alone.  Details records are reference counted
 * (g_atomic_rc_box) because consecutive snapshots share an unchanged one.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

typedef struct tv_disk_info {
    char *device;  /* disk, cdrom, floppy, lun */
    char *type;    /* file, block, network, volume, dir */
    char *bus;     /* virtio, sata, scsi, ide, usb, ... or NULL */
    char *target;  /* vda, sda, ... */
    char *format;  /* driver type: qcow2, raw, ... or NULL */
    char *cache;   /* driver cache mode or NULL (hypervisor default) */
    char *source;  /* file path, block device, "pool/volume", "proto://host/name",
                    * or NULL (an empty drive) */
    bool readonly;
    bool shareable;
} tv_disk_info;

typedef struct tv_nic_info {
    char *type;       /* network, bridge, direct, user, ... */
    char *mac;
    char *model;      /* virtio, e1000, ... or NULL */
    char *source;     /* network name, bridge name or host device, or NULL */
    char *target_dev; /* vnet0 ... when running, or NULL */
} tv_nic_info;

typedef struct tv_chardev_info {
    char *kind;        /* serial, console, channel, parallel */
    char *type;        /* pty, file, unix, tcp, ... */
    char *target_type; /* isa-serial, serial, virtio, ... or NULL */
    int port;          /* target port, -1 when absent */
    char *path;        /* pty path, file path or socket, or NULL */
} tv_chardev_info;

typedef struct tv_graphics_info {
    char *type;   /* vnc, spice, ... */
    char *listen; /* address or NULL */
    int port;     /* -1 when autoport and not running */
} tv_graphics_info;

typedef struct tv_domain_details {
    char *uuid_str;
    char *name;
    char *xml; /* the full XML text as read */
    char *domain_type; /* kvm, qemu, test, ... */
    char *os_type;     /* hvm, ... */
    char *arch;
    char *machine;
    char *emulator;
    char *boot;        /* boot devices in order, comma separated, or NULL */
    char *kernel;      /* direct kernel boot path, or NULL */
    char *cmdline;
    char *description;
    unsigned vcpus;
    unsigned long long mem_kib;     /* currentMemory in KiB */
    unsigned long long max_mem_kib; /* memory in KiB */
    GArray *disks;     /* of tv_disk_info */
    GArray *nics;      /* of tv_nic_info */
    GArray *chardevs;  /* of tv_chardev_info */
    GArray *graphics;  /* of tv_graphics_info */
} tv_domain_details;

/*
 * Parses domain XML.  Returns a new reference, or NULL with *error set to a
 * sentence saying what is wrong (caller frees with g_free).
 */
tv_domain_details *tv_domxml_parse(const char *xml, char **error) G_GNUC_WARN_UNUSED_RESULT;
tv_domain_details *tv_domain_details_ref(tv_domain_details *d);
void tv_domain_details_unref(tv_domain_details *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_domain_details, tv_domain_details_unref)

/*
 * Source paths of the domain's disks that are files or block devices
 * (device disk only, not cdrom/floppy), in document order; for storage
 * deletion.  Returns a NULL-terminated array (g_strfreev).
 */
char **tv_domain_details_disk_paths(const tv_domain_details *d);
