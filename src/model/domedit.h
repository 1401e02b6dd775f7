/*
 * Changing a domain's processors, memory and boot settings, and the media
 * in one of its CD-ROM drives, in its XML with libxml2's tree API: what the
 * XML says now (facts), a whole <domain> document with a spec of changes
 * applied, and one CD-ROM <disk> element rebuilt with new media.  Also the
 * pure checks that the domain-edit form and its worker share (boot lists,
 * CPU topology, CPU models, media sources).  No libvirt here: tested on XML
 * text alone, against golden files and libvirt's domain schema.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* What a domain's XML says about the settings domain-edit changes. */
typedef struct tv_domedit_facts {
    char *name;
    char *uuid;             /* or NULL when the XML has none */
    char *arch;             /* <os><type arch=...>, or NULL */
    unsigned vcpus;         /* the running count: <vcpu current=...>, else <vcpu> */
    unsigned maxvcpus;      /* <vcpu> */
    /* <cpu><topology>: 0 when there is none (dies is 1 then, and when left out). */
    unsigned sockets, dies, cores, threads;
    char *cpu;              /* host-model, host-passthrough, maximum, a model name, or NULL */
    guint64 memory_kib;     /* <currentMemory>, else <memory> */
    guint64 maxmemory_kib;  /* <memory> */
    char *boot;             /* <os><boot dev=...> in order, joined by ',', or NULL */
    bool device_boot;       /* some device has its own <boot order=...> */
    bool bootmenu;          /* <bootmenu enable='yes'> */
} tv_domedit_facts;

/* Reads xml into *out (cleared first).  Returns 0, or -1 with *error (a sentence, g_free). */
int tv_domedit_read(const char *xml, tv_domedit_facts *out, char **error)
    G_GNUC_WARN_UNUSED_RESULT;
void tv_domedit_facts_clear(tv_domedit_facts *f);

/* What to change; a zero, NULL or -1 field leaves the setting as it is. */
typedef struct tv_domedit_spec {
    unsigned vcpus;
    unsigned maxvcpus;
    unsigned sockets, cores, threads; /* all three, or none */
    const char *cpu;         /* host-model, host-passthrough, maximum or a model name */
    guint64 memory_kib;
    guint64 maxmemory_kib;
    const char *boot;        /* a list tv_boot_parse accepts: "cdrom,hd" */
    int bootmenu;            /* -1 as it is, 0 off, 1 on */
} tv_domedit_spec;

#define TV_DOMEDIT_SPEC_INIT { .bootmenu = -1 }

/*
 * The whole domain XML with spec applied (g_free), formatted, names and
 * text kept exactly; NULL with *error when xml is not a domain or the
 * result would not hold together (more vCPUs than the maximum, a topology
 * that does not give the maximum, more memory than the maximum).  A new
 * boot order replaces the devices' own boot orders, which libvirt does not
 * take together with <os><boot>.
 */
char *tv_domedit_apply(const char *xml, const tv_domedit_spec *spec, char **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* ---- checks shared by the form and the worker -------------------------------- */

/*
 * Parses an ordered boot list ("cdrom,hd", spaces allowed) into its
 * devices (hd, cdrom, network), returned NULL-terminated (g_strfreev), or
 * NULL with *error: an unknown device, one given twice, or nothing.
 */
char **tv_boot_parse(const char *text, char **error);

/*
 * Whether sockets x dies x cores x threads gives maxvcpus: NULL, or why
 * not (g_free), e.g. "2 sockets x 2 cores x 1 thread make 4 vCPUs, not the
 * maximum of 6".
 */
char *tv_topology_check(unsigned sockets, unsigned dies, unsigned cores, unsigned threads,
                        unsigned maxvcpus);

/* Checks a cpu value's spelling: a mode word or a model name.  NULL or why not (g_free). */
char *tv_cpu_check(const char *text);

/* ---- CD-ROM media -------------------------------------------------------------- */

/* New media: a path, or a pool's volume, or nothing at all (eject). */
typedef struct tv_media_source {
    char *path;
    char *pool;
    char *volume;
} tv_media_source;

void tv_media_source_clear(tv_media_source *s);

/*
 * Reads what a user gave as media: "" ejects, "/srv/a.iso" is a path,
 * "isos/a.iso" a volume of a pool.  False with *error otherwise.
 */
bool tv_media_source_parse(const char *text, tv_media_source *out, char **error);

/*
 * The <disk> element of the CD-ROM drive target in the domain XML, with
 * src as its media (the rest of the element as it was), as text for
 * virDomainUpdateDeviceFlags (g_free); NULL with *error when the domain
 * has no such drive or it is not a CD-ROM.
 */
char *tv_domedit_media(const char *xml, const char *target, const tv_media_source *src,
                       char **error) G_GNUC_WARN_UNUSED_RESULT;
