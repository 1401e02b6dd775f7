/*
 * What a host can run, for new VMs: the guest architecture, the
 * hypervisor types it offers (kvm, qemu), its machine types, and per
 * hypervisor type and chipset what libvirt's domain capabilities say
 * (vCPU limit, UEFI loaders, CPU modes and models, disk buses, graphics).
 * Parsed from libvirt's capabilities XML (pure, tested on captured
 * documents); read once per connection when a create form asks for it.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* One <domainCapabilities>: a hypervisor type on one machine type. */
typedef struct tv_virt_caps {
    char *virt_type; /* "kvm", "qemu" */
    char *machine;   /* canonical: "pc-q35-7.2" */
    char *emulator;  /* "/usr/bin/qemu-system-x86_64" */
    unsigned max_vcpus; /* 0: unknown */
    bool efi;        /* a UEFI firmware is offered (firmware autoselection has efi) */
    bool host_passthrough, host_model, custom_cpu;
    char *host_model_name; /* the CPU model host-model expands to ("EPYC"), or NULL */
    /* Lists are never NULL (empty when the host says nothing). */
    GStrv cpu_models;      /* usable custom models */
    GStrv disk_buses;      /* "virtio", "sata", "scsi"... */
    GStrv graphics;        /* "vnc", "spice"... */
    GStrv video_models;
} tv_virt_caps;

typedef struct tv_host_caps {
    char *arch;       /* the guest architecture new VMs get: the host's when it offers hvm */
    GStrv virt_types; /* offered for arch, kvm first when offered */
    GStrv machines;   /* every machine type name and alias for arch */
    /* Canonical names of the "q35" and "pc" aliases, or NULL when absent. */
    char *q35, *pc;
    tv_virt_caps *virt;
    size_t n_virt;
} tv_host_caps;

/*
 * Parses <capabilities> (arch, virt types, machines) and any number of
 * <domainCapabilities> documents.  NULL with *error when caps_xml is not
 * usable; a domain capabilities document that does not parse is skipped.
 */
tv_host_caps *tv_host_caps_parse(const char *caps_xml, const char *const *domcaps_xml,
                                 size_t n_domcaps, char **error);
tv_host_caps *tv_host_caps_ref(tv_host_caps *c);
void tv_host_caps_unref(tv_host_caps *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_host_caps, tv_host_caps_unref)

/* The canonical name of a machine type or alias ("q35" -> "pc-q35-7.2"), or NULL if unknown. */
const char *tv_host_caps_machine(const tv_host_caps *c, const char *name);
/* Whether a machine type is a q35 one. */
bool tv_machine_is_q35(const char *machine);
/* The domain capabilities for a hypervisor type and machine (alias or canonical), or NULL. */
const tv_virt_caps *tv_host_caps_find(const tv_host_caps *c, const char *virt_type,
                                      const char *machine);
