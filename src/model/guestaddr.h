/*
 * A guest's IP addresses for the Details screen, as libvirt's
 * virDomainInterfaceAddresses reports them from one of its sources (DHCP
 * leases of libvirt networks, the QEMU guest agent, the host's ARP table),
 * with what each source answered so the screen can say in plain words why
 * none is known.  Records are reference counted (g_atomic_rc_box) and shared
 * between snapshots while they are current.  This header is libvirt-free:
 * views include it; the reader is in guestaddr-read.h.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TV_ADDR_SRC_LEASE,
    TV_ADDR_SRC_AGENT,
    TV_ADDR_SRC_ARP,
    TV_ADDR_SRC_LAST
} tv_addr_source;

/* "lease", "agent", "arp" (as the screen shows them next to an address). */
const char *tv_addr_source_name(tv_addr_source s);

/* What one source answered. */
typedef enum {
    TV_ADDR_NOT_ASKED,   /* an earlier source had the addresses */
    TV_ADDR_EMPTY,       /* it answered: no address */
    TV_ADDR_FOUND,       /* it answered with addresses */
    TV_ADDR_NO_AGENT,    /* guest agent not configured or not connected */
    TV_ADDR_NO_ANSWER,   /* guest agent connected but did not answer in time */
    TV_ADDR_PAUSED,      /* not asked: a paused guest's agent cannot answer */
    TV_ADDR_READONLY,    /* not asked: a read-only connection may not use it */
    TV_ADDR_UNSUPPORTED, /* the host's driver does not offer this source */
    TV_ADDR_FAILED,      /* another error; its message is in failure[] */
    TV_ADDR_OUTCOME_LAST
} tv_addr_outcome;

typedef struct tv_guest_addr {
    char *ifname; /* interface name as the source reports it (vnet0, eth0), or NULL */
    char *mac;    /* lower case, or NULL */
    char *addr;   /* "192.0.2.10", "2001:db8::5" */
    int prefix;   /* 0 when the source does not know it (ARP) */
    bool ipv6;
} tv_guest_addr;

typedef struct tv_guest_addrs {
    char *uuid_str;
    int dom_id;            /* the domain's ID when read: a restart reads again */
    bool active;           /* false: the domain was not running, nothing was asked */
    tv_addr_source source; /* which source gave addrs (when addrs->len > 0) */
    GArray *addrs;         /* of tv_guest_addr, loopback addresses left out */
    tv_addr_outcome outcome[TV_ADDR_SRC_LAST];
    char *failure[TV_ADDR_SRC_LAST]; /* libvirt's message for TV_ADDR_FAILED, or NULL */
} tv_guest_addrs;

/* A new empty record (one reference) for the domain with this UUID. */
tv_guest_addrs *tv_guest_addrs_new(const char *uuid_str);
tv_guest_addrs *tv_guest_addrs_ref(tv_guest_addrs *a);
void tv_guest_addrs_unref(tv_guest_addrs *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_guest_addrs, tv_guest_addrs_unref)

/* Appends an address (copies the strings); MACs are kept in lower case. */
void tv_guest_addrs_add(tv_guest_addrs *a, const char *ifname, const char *mac,
                        const char *addr, int prefix, bool ipv6);

/* 127.0.0.0/8, ::1 and ::ffff:127.x: not worth showing. */
bool tv_guest_addr_is_loopback(const char *addr);

/* "192.0.2.10/24 (lease)", "192.0.2.10 (arp)" when the prefix is unknown (g_free). */
char *tv_guest_addr_format(const tv_guest_addr *ad, tv_addr_source src);

/*
 * The addresses of the NIC with this MAC (compared without regard to case),
 * formatted and joined with ", ", or NULL when the record has none for it.
 */
char *tv_guest_addrs_for_mac(const tv_guest_addrs *a, const char *mac);

/*
 * Why the record holds no address, in plain words for the screen: "the
 * domain is not running", "no DHCP lease, no guest agent and no ARP entry",
 * "the host's driver does not report guest addresses"... (g_free).
 */
char *tv_guest_addrs_why_none(const tv_guest_addrs *a);

/*
 * Why a NIC has no address in the record: when other NICs have some, "no
 * DHCP lease for this NIC" and the like after the source that gave them;
 * otherwise tv_guest_addrs_why_none (g_free).
 */
char *tv_guest_addrs_why_none_for_nic(const tv_guest_addrs *a);
