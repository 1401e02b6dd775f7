/*
 * The migration preflight's decisions, apart from the reading: each rule
 * takes facts that migrate-preflight.c read from the two hosts (plain
 * values, libvirt's words as text, the destination's capabilities as an
 * xmlDoc) and adds its check to a list made by tv_preflight_new.  Nothing
 * here calls libvirt, so every verdict is unit-tested on made-up facts.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

#include "actions/migrate-preflight.h"

typedef enum { TV_PF_COPY_NO, TV_PF_COPY_ALL, TV_PF_COPY_INC } tv_pf_copy;

/* How a storage pool type is shared between hosts. */
typedef enum {
    TV_PF_STORAGE_UNKNOWN, /* no pool, or a type whose sharing depends on the site (scsi) */
    TV_PF_STORAGE_SHARED,  /* netfs, gluster, rbd, iscsi, iscsi-direct, sheepdog, mpath... */
    TV_PF_STORAGE_LOCAL,   /* dir, fs, logical, disk, zfs */
} tv_pf_storage;

/* A pool type ("netfs") as shared, local or unknown (NULL: unknown). */
tv_pf_storage tv_pf_pool_storage(const char *pool_type);

/* "1.5 GiB", "300 MiB", "12 KiB": sizes in the checks' sentences (g_free). */
char *tv_pf_size(guint64 bytes);
/* libvirt's version numbers (major * 1000000 + minor * 1000 + release) as "9.0.0" (g_free). */
char *tv_pf_version(unsigned long long v);

/* 1. The destination: its host UUID against the source's (either may be NULL: unknown). */
void tv_pf_destination_rule(GPtrArray *checks, const char *dest, const char *src_uuid,
                            const char *dst_uuid);

/*
 * 2, 3. The guest's architecture, hypervisor type and machine type against
 * the destination's <capabilities> (caps; NULL with caps_error when it
 * could not be read).  Adds "architecture" and "machine".
 */
void tv_pf_caps_rules(GPtrArray *checks, const char *dest, xmlDoc *caps, const char *caps_error,
                      const char *arch, const char *virt_type, const char *machine);

/* The <cpu> element of a domain XML as text (g_free) and its mode, or NULL for none. */
char *tv_pf_cpu_element(const char *domain_xml, char **mode);

/*
 * 4. The CPU: mode and whether the guest has a <cpu> (cpu_xml), and
 * virConnectCompareHypervisorCPU's answer (compare: a virCPUCompareResult,
 * or -1 with compare_error in libvirt's words; ignored for host-passthrough,
 * maximum and no <cpu>, which are not compared).
 */
void tv_pf_cpu_rule(GPtrArray *checks, const char *dest, const char *mode, bool has_cpu,
                    int compare, const char *compare_error);

/* What the reading found about one disk, on both hosts. */
typedef struct tv_pf_disk_facts {
    const char *target;     /* "vda" */
    const char *type;       /* file, block, network, volume, dir */
    const char *source;     /* its path ("pool/volume" for type volume), or NULL: no medium */
    bool readonly;
    const char *cache;      /* the driver's cache mode, or NULL: the hypervisor's default */
    /* On the source: the pool holding the path, its type, or why none was found. */
    const char *pool, *pool_type, *pool_error;
    guint64 capacity;       /* the volume's size in bytes, 0 when unknown */
    /* On the destination: a volume at the same path (and its pool's name)... */
    bool dest_has_path;
    const char *dest_path_pool;
    /* ...or the pool over the path's directory that libvirt would create it in. */
    const char *dest_pool;  /* NULL: none */
    bool dest_pool_active;
    guint64 dest_available; /* bytes free there */
    tv_pf_copy copy;
    bool unsafe;
    bool offline;           /* only the definition moves: the disk stays where it is */
} tv_pf_disk_facts;

/* 5. "disk vda": shared, copyable, or refused (libvirt's own rule, see the .c). */
void tv_pf_disk_rule(GPtrArray *checks, const tv_pf_disk_facts *f);
/* 6. "cache vda" for a migration of a running guest (the caller skips offline ones). */
void tv_pf_cache_rule(GPtrArray *checks, const tv_pf_disk_facts *f);

/* 8. Free memory on the destination against the guest's current memory. */
void tv_pf_memory_rule(GPtrArray *checks, const char *dest, guint64 free_bytes,
                       guint64 guest_bytes);

/* What the destination has under the guest's UUID and under its name there. */
typedef struct tv_pf_name_facts {
    const char *name;       /* the name it will have there (dname, or its own) */
    const char *uuid;
    const char *uuid_name;  /* the name of the destination's domain with this UUID, or NULL */
    bool uuid_active;       /* that domain runs */
    const char *name_uuid;  /* the UUID of the destination's domain with that name, or NULL */
} tv_pf_name_facts;

/* 9. Name and UUID clashes on the destination. */
void tv_pf_name_rule(GPtrArray *checks, const char *dest, const tv_pf_name_facts *f);

/* 10. libvirt's and the hypervisor's versions (0: unknown). */
void tv_pf_version_rule(GPtrArray *checks, const char *dest, unsigned long long src_lib,
                        unsigned long long dst_lib, unsigned long long src_hv,
                        unsigned long long dst_hv);

/*
 * 11. The measured dirty rate (MiB/s) against the bandwidth cap (MiB/s,
 * 0: none), with post-copy and auto-converge as the way out.
 */
void tv_pf_convergence_rule(GPtrArray *checks, guint64 dirty_mib, guint64 bandwidth_mib,
                            bool postcopy, bool auto_converge);
