/*
 * Network interface XML, both ways, with libxml2's tree API: an
 * <interface> element built from a spec (what a user chose in the NIC
 * form, or the create wizard's nic.* page), and the <interface> of a
 * domain's XML that carries a given MAC, as libvirt wants it back to
 * detach the device.  Pure: no libvirt; tested against golden files and
 * libvirt's domain.rng.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

typedef struct tv_nic_spec {
    const char *type;   /* "network", "bridge" or "direct" */
    const char *source; /* the libvirt network, the host bridge or the host interface */
    const char *mode;   /* direct: "bridge", "vepa", "private", "passthrough"; else NULL */
    const char *model;  /* "virtio", "e1000e", "e1000", "rtl8139", or NULL: the default */
    const char *mac;    /* "52:54:00:12:34:56", or NULL: libvirt picks one */
    bool link_down;     /* the virtual cable starts unplugged (<link state='down'/>) */
} tv_nic_spec;

/*
 * A new <interface> element for spec, not in any document: the caller owns
 * it and either adds it to a tree (xmlAddChild on a <devices> element hands
 * it over) or frees it with xmlFreeNode.
 */
xmlNode *tv_nicxml_node(const tv_nic_spec *spec);

/* The same element as text, for virDomainAttachDeviceFlags (g_free). */
char *tv_nicxml_build(const tv_nic_spec *spec);

/*
 * Looks in domain_xml for the <interface> whose MAC is mac (any case) and
 * gives it as text in *element (g_free), exactly as the domain has it
 * (alias, address, target and all), so libvirt finds the very device.
 * Returns 1 when found, 0 when no interface has that MAC, -1 with *error
 * when domain_xml is not a domain.
 */
int tv_nicxml_find(const char *domain_xml, const char *mac, char **element, char **error)
    G_GNUC_WARN_UNUSED_RESULT;
