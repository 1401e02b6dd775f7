/*
 * The OS variants a new VM can be made for, from libosinfo's database (as
 * virt-install and virt-manager read it): loaded once on a thread of its
 * own, off the UI thread, then published as a plain, immutable catalog
 * that any thread reads without locks or GObjects.  Each variant carries
 * what the create wizard's defaults come from: recommended resources, the
 * devices the OS has drivers for, whether it needs UEFI.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* Devices an OS has drivers for (libosinfo device ids, as virt-install checks them). */
enum {
    TV_OS_VIRTIO_BLK = 1 << 0,
    TV_OS_VIRTIO_SCSI = 1 << 1,
    TV_OS_VIRTIO_NET = 1 << 2,
    TV_OS_VIRTIO1 = 1 << 3, /* virtio 1.0 (the virtio1.0-net device stands for it) */
    TV_OS_Q35 = 1 << 4,     /* the q35 chipset */
    TV_OS_USB3 = 1 << 5,    /* qemu-xhci */
    TV_OS_VIRTIO_RNG = 1 << 6,
    TV_OS_VIRTIO_BALLOON = 1 << 7,
    TV_OS_VIRTIO_SERIAL = 1 << 8,
    TV_OS_VIRTIO_INPUT = 1 << 9,
    TV_OS_VIRTIO_GPU = 1 << 10,
    TV_OS_E1000E = 1 << 11,
};

/* What a variant needs and has drivers for: worked out on first use (tv_oscat_needs). */
typedef struct tv_os_needs {
    /* Resources for x86_64 (or "all"); 0 when the database has none. The
     * recommended ones fall back to twice the minimum, as virt-install's. */
    guint64 min_ram, rec_ram, rec_storage;
    int rec_cpus;
    unsigned devices;  /* TV_OS_* */
    bool requires_efi; /* supports UEFI but not BIOS on x86_64 */
} tv_os_needs;

typedef struct tv_os_variant {
    char *short_id;     /* "debian11" */
    char *id;           /* "http://debian.org/debian/11" (NULL for generic) */
    char *name;         /* "Debian 11" */
    char *vendor;       /* "Debian Project", or NULL */
    char *family;       /* "linux", "winnt"..., or NULL */
    char *release_date; /* "2021-08-14", or NULL */
    bool eol;           /* past its end of life (or released over ten years ago) */
    /* Private: libosinfo's object (the catalog keeps its database) and its needs. */
    void *os;
    tv_os_needs *needs;
} tv_os_variant;

typedef struct tv_os_catalog {
    tv_os_variant *variants; /* sorted by short id; "generic" included */
    size_t n;
    GHashTable *by_id; /* short id -> tv_os_variant* */
} tv_os_catalog;

/* Starts loading the database on its thread, once; later calls do nothing. */
void tv_oscat_load(void);
/* The catalog once loaded, else NULL (still loading, or failed: see tv_oscat_error). */
const tv_os_catalog *tv_oscat_ready(void);
/* Loads if needed and waits: for --exec and worker threads, never the UI thread. */
const tv_os_catalog *tv_oscat_wait(void);
/* Why loading failed, or NULL. */
const char *tv_oscat_error(void);
/* Frees everything (at exit; waits for a load in progress). */
void tv_oscat_shutdown(void);

const tv_os_variant *tv_oscat_find(const tv_os_catalog *c, const char *short_id);
/*
 * What v needs (resources, drivers, firmware), read from libosinfo on first
 * use and kept: reading it for all 800 variants would double the time the
 * catalog takes to load, and a wizard asks about one or two.  Any thread.
 */
const tv_os_needs *tv_oscat_needs(const tv_os_variant *v);
/* Up to max short ids nearest to an unknown one (edit distance, newest first on ties). */
GPtrArray *tv_oscat_suggest(const tv_os_catalog *c, const char *unknown, size_t max);
/*
 * The variants whose short id or name contains every word of query (case
 * folded), newest release first, end-of-life ones last: borrowed pointers.
 */
GPtrArray *tv_oscat_search(const tv_os_catalog *c, const char *query);

/*
 * Identifies the OS on an install ISO readable from this machine, as
 * `virt-install --osinfo detect=on` does: its short id (g_free), or NULL
 * with *error saying why (unreadable, or not known to the database).
 * Blocks: call it off the UI thread.
 */
char *tv_oscat_detect(const char *iso_path, char **error);
