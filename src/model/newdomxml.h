/*
 * The XML of a new domain, built with libxml2's tree API from a spec in
 * which every choice is already made (defaults are the create action's
 * business, not this module's).  Devices made by other builders (disks,
 * interfaces) come in as nodes and are placed in <devices> in order.
 * Pure: tested against golden files and libvirt's domain.rng.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

typedef struct tv_new_domain {
    const char *virt_type; /* "kvm", "qemu", "test" */
    const char *name;
    const char *uuid;       /* chosen by the caller, or NULL: libvirt picks one */
    const char *os_full_id; /* libosinfo's id for <metadata>, or NULL */
    guint64 memory_kib, max_memory_kib;
    unsigned vcpus, max_vcpus;
    unsigned sockets, cores, threads; /* 0: no topology */
    /* NULL: libvirt's default CPU; "host-passthrough", "host-model"; else a model name. */
    const char *cpu;
    const char *arch;    /* "x86_64" */
    const char *machine; /* "q35", or NULL for the hypervisor's default */
    bool uefi;           /* firmware autoselection: <os firmware='efi'> */
    const char *kernel, *initrd, *cmdline; /* direct kernel boot, or NULL */
    const char *const *boot; /* "hd", "cdrom", "network" in order (NULL-terminated), or NULL */
    bool boot_menu;
    bool x86_features;       /* <acpi/> <apic/> */
    bool vmport_off;         /* <vmport state='off'/> */
    const char *clock_offset; /* "utc", "localtime" */
    bool x86_timers;         /* rtc catchup, pit delay, no hpet */
    bool hyperv_clock;       /* Windows: hypervclock timer */
    bool pm_off;             /* no suspend to memory or disk */
    const char *emulator;    /* or NULL */
    xmlNode **devices;       /* disks and interfaces, taken; n_devices of them */
    size_t n_devices;
    bool usb3;                 /* a qemu-xhci controller with 15 ports */
    bool virtio_scsi;          /* a virtio-scsi controller (for SCSI disks) */
    unsigned pcie_root_ports;  /* q35: how many pcie-root-port controllers (with pcie-root) */
    bool console;              /* a pty console (libvirt makes it a serial port too) */
    bool guest_agent;          /* the qemu guest agent's virtio channel */
    const char *graphics;      /* "vnc", "spice", or NULL */
    const char *graphics_listen; /* address, or NULL for libvirt's default */
    const char *video;         /* video model, or NULL */
    bool tablet;               /* a USB tablet (with graphics) */
    bool spice_agent;          /* spicevmc channel (with spice) */
    bool memballoon;           /* a virtio balloon */
    bool rng;                  /* a virtio RNG from /dev/urandom */
} tv_new_domain;

/* The <domain> document (caller frees); spec->devices are moved into it. */
xmlDoc *tv_newdomxml_build(const tv_new_domain *spec);
/* The same as text (g_free). */
char *tv_newdomxml_text(const tv_new_domain *spec);
