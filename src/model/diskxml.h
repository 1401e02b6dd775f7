/*
 * Disk device XML, built with libxml2's tree API from a spec (what the
 * user chose, with the source resolved on the host), never as text, so
 * any path or name round-trips.  Pure: tested against golden files and
 * libvirt's domain.rng with the device spliced into a whole domain.  The
 * attach action sends the text; the create-VM wizard adds the node to the
 * <devices> of the domain it builds.  Also what a domain's XML says about
 * its controllers, for the SCSI disk that needs one.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

typedef enum {
    TV_DISK_SOURCE_EMPTY,  /* no medium (a CD-ROM drive) */
    TV_DISK_SOURCE_FILE,   /* <disk type='file'>, path */
    TV_DISK_SOURCE_BLOCK,  /* <disk type='block'>, path */
    TV_DISK_SOURCE_VOLUME, /* <disk type='volume'>, pool and volume */
    TV_DISK_SOURCE_LAST
} tv_disk_source;

typedef struct tv_disk_spec {
    const char *device;   /* "disk" or "cdrom" */
    tv_disk_source source;
    const char *path;     /* FILE and BLOCK */
    const char *pool;     /* VOLUME */
    const char *volume;   /* VOLUME */
    /* <driver>: each NULL or "default" is left out; no attribute, no element. */
    const char *driver;   /* "qemu", or NULL */
    const char *format;   /* the image format: qcow2, raw... */
    const char *cache;
    const char *io;
    const char *discard;
    const char *detect_zeroes;
    const char *bus;      /* virtio, scsi, sata, ide, usb */
    const char *target;   /* vdb, sda, ... */
    bool readonly;
    bool shareable;
    const char *serial;   /* or NULL */
} tv_disk_spec;

/*
 * A new <disk> element for spec, created in doc (NULL: in no document yet;
 * adding it to a document's <devices> with xmlAddChild moves it there).
 * The caller owns it until it is added (xmlFreeNode).
 */
xmlNode *tv_diskxml_node(xmlDoc *doc, const tv_disk_spec *spec);

/* The <disk> element as text, without an XML declaration (g_free). */
char *tv_diskxml_build(const tv_disk_spec *spec);

/*
 * The driver type for an image a pool reports in format ("qcow2", "iso",
 * "raw"...): the format itself when QEMU reads it, "raw" for an ISO image,
 * NULL (the hypervisor's default, raw) for anything else.
 */
const char *tv_diskxml_driver_format(const char *format);

/* <controller type='TYPE' index='INDEX' model='MODEL'/> as text (g_free); model may be NULL. */
char *tv_diskxml_controller(const char *type, int index, const char *model);

/*
 * Whether domain_xml has a controller of type ("scsi"); *next_index (may
 * be NULL) gets one more than the highest index of that type (0 when there
 * is none).  Returns -1 with *error when the text is not a domain's XML.
 */
int tv_diskxml_has_controller(const char *domain_xml, const char *type, int *next_index,
                              char **error);

/*
 * The <disk> element of domain_xml whose target is target, as text
 * (g_free), for a detach; NULL when it has none (or the text is not XML).
 */
char *tv_diskxml_find_disk(const char *domain_xml, const char *target);
