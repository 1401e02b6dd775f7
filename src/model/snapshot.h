/*
 * The published picture of one host: what its worker read from libvirt on
 * its last refresh.  Snapshots are immutable once published and reference
 * counted, so the UI thread draws from them without locks while the worker
 * builds the next one.  This header is libvirt-free: views include it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "util/ring.h"
#include "model/hoststats.h"

#define TV_UUID_LEN 16
#define TV_UUID_STRLEN 37

typedef enum {
    TV_DOM_NOSTATE,
    TV_DOM_RUNNING,
    TV_DOM_BLOCKED,
    TV_DOM_PAUSED,
    TV_DOM_SHUTDOWN,
    TV_DOM_SHUTOFF,
    TV_DOM_CRASHED,
    TV_DOM_PMSUSPENDED,
    TV_DOM_STATE_LAST
} tv_dom_state;

/* Bit masks of tv_dom_state, for action requirements. */
#define TV_STATE_BIT(s) (1u << (s))
#define TV_STATES_ACTIVE                                                                  \
    (TV_STATE_BIT(TV_DOM_RUNNING) | TV_STATE_BIT(TV_DOM_BLOCKED) |                        \
     TV_STATE_BIT(TV_DOM_PAUSED) | TV_STATE_BIT(TV_DOM_SHUTDOWN) |                        \
     TV_STATE_BIT(TV_DOM_PMSUSPENDED) | TV_STATE_BIT(TV_DOM_CRASHED))
#define TV_STATES_INACTIVE (TV_STATE_BIT(TV_DOM_SHUTOFF) | TV_STATE_BIT(TV_DOM_NOSTATE))
#define TV_STATES_ANY ((1u << TV_DOM_STATE_LAST) - 1)

const char *tv_dom_state_name(tv_dom_state s);

/* Whether a domain in this state has a process (any state but shut off). */
static inline bool
tv_dom_state_active(tv_dom_state s)
{
    return s != TV_DOM_SHUTOFF && s != TV_DOM_NOSTATE;
}

/* Which measured fields of a tv_domain hold a value (nvtop's validity bits). */
enum {
    TV_DOM_HAS_VCPUS = 1 << 0,
    TV_DOM_HAS_MEM = 1 << 1,
    TV_DOM_HAS_CPU = 1 << 2,   /* cpu_pct */
    TV_DOM_HAS_DISK = 1 << 3,  /* rd_bps, wr_bps */
    TV_DOM_HAS_NET = 1 << 4,   /* rx_bps, tx_bps */
    TV_DOM_HAS_FLAGS = 1 << 5, /* persistent, autostart, managed_save */
    TV_DOM_HAS_RSS = 1 << 6,   /* rss_kib: memory the guest's process uses */
    /* The sample held these cumulative counters (rates need two such samples). */
    TV_DOM_RAW_CPU = 1 << 8,
    TV_DOM_RAW_DISK = 1 << 9,
    TV_DOM_RAW_NET = 1 << 10,
};

/*
 * Where a domain's next rates measure from: the counters of an earlier
 * sample of the same run of the domain, and when each group was taken.
 * valid holds the TV_DOM_RAW_* bits of the groups it has.  See model/stats.h.
 */
typedef struct tv_rate_base {
    unsigned valid;
    /* When each group was sampled: the middle of the call that read it, give
     * or take half its length (libvirt reads somewhere in between). */
    gint64 cpu_us, disk_us, net_us;
    guint32 cpu_unc_us, disk_unc_us, net_unc_us;
    unsigned long long cpu_ns, rd, wr, rx, tx;
} tv_rate_base;

/* Recent rates for sparklines; only kept when the front end draws them. */
typedef struct tv_domain_history {
    tv_ring cpu;
    tv_ring disk; /* read + write B/s */
    tv_ring net;  /* rx + tx B/s */
} tv_domain_history;

typedef struct tv_domain {
    unsigned char uuid[TV_UUID_LEN];
    char uuid_str[TV_UUID_STRLEN];
    char *name; /* GRefString, shared between snapshots */
    int id;     /* -1 when inactive */
    tv_dom_state state;
    int reason;
    unsigned valid;
    bool persistent;
    bool autostart;
    bool managed_save;
    unsigned vcpus;
    unsigned long long mem_kib;
    unsigned long long max_mem_kib;
    unsigned long long rss_kib;
    /*
     * Cumulative counters of the latest sample (TV_DOM_RAW_*): CPU time in
     * ns and bytes summed over all disks and NICs.  Only a running domain
     * has them: libvirt reports counters for shut-off domains too, and on a
     * host without cgroups they are not the domain's (they keep rising).
     */
    unsigned long long cpu_time_ns;
    unsigned long long rd_bytes, wr_bytes, rx_bytes, tx_bytes;
    tv_rate_base base;
    double cpu_pct;
    double rd_bps, wr_bps, rx_bps, tx_bps;
    /* Into the snapshot's histories, or NULL when history is not wanted
     * (batch mode: keeping records small keeps a refresh cache-friendly). */
    tv_domain_history *hist;
} tv_domain;

typedef struct tv_volume {
    char *name;
    char *path;
    char *type; /* file, block, dir, ... */
    unsigned long long capacity, allocation;
    /* Names of the domains with a disk on it (by path, or by pool and volume), sorted;
     * NULL-terminated, or NULL when the list's has_users is false. */
    char **used_by;
} tv_volume;

typedef struct tv_pool {
    char *name;
    char uuid_str[TV_UUID_STRLEN];
    char *type; /* dir, logical, ... */
    char *target_path;
    bool active;
    bool autostart;
    bool persistent;
    unsigned long long capacity, allocation, available;
    tv_volume *volumes;
    size_t n_volumes;
} tv_pool;

typedef struct tv_network {
    char *name;
    char uuid_str[TV_UUID_STRLEN];
    char *forward_mode; /* "isolated" when the XML has no <forward> */
    char *bridge;
    bool active;
    bool autostart;
    bool persistent;
} tv_network;

/* Reference counted (g_atomic_rc_box); see tv_pool_list_unref. */
typedef struct tv_pool_list {
    tv_pool *pools;
    size_t n;
    bool has_users; /* volumes' used_by were read (TV_WANT_VOL_USERS) */
} tv_pool_list;

typedef struct tv_network_list {
    tv_network *networks;
    size_t n;
} tv_network_list;

tv_pool_list *tv_pool_list_new(size_t n);
void tv_pool_list_unref(tv_pool_list *l);
tv_network_list *tv_network_list_new(size_t n);
void tv_network_list_unref(tv_network_list *l);

typedef enum {
    TV_HOST_CONNECTING,
    TV_HOST_CONNECTED,
    TV_HOST_DISCONNECTED, /* lost or refused; will retry */
    TV_HOST_FAILED,       /* a URI libvirt cannot parse: retrying cannot help */
    TV_HOST_STATE_LAST
} tv_host_state;

const char *tv_host_state_name(tv_host_state s);

typedef struct tv_domain_details tv_domain_details; /* model/domxml.h */
typedef struct tv_guest_addrs tv_guest_addrs;       /* model/guestaddr.h */
typedef struct tv_host_caps tv_host_caps;           /* model/hostcaps.h */

typedef struct tv_host_snapshot {
    unsigned host_id;   /* stable id of the tv_host that made it */
    char *uri;          /* as given by the user */
    char *label;        /* short name: see tv_uri_label; the front end makes it unique */
    tv_host_state state;
    char *error;        /* last connection error, or NULL */
    gint64 retry_at_us; /* disconnected: time of the next try; connecting: when it began */
    bool readonly;
    bool is_demo;       /* test:///default opened as the fallback */
    bool is_test_driver;
    bool is_local;
    guint64 generation; /* increments with each publish */
    gint64 taken_at_us; /* monotonic time of the domain sample (the call's end) */
    gint64 sample_started_us; /* when the call that took it began */

    /* Node facts; has_node says they were read at least once. */
    bool has_node;
    char *hostname;
    char *hv_type;
    unsigned long hv_version;
    unsigned long lib_version;
    char *cpu_model;
    unsigned cpus;
    unsigned mhz;
    unsigned long long mem_total_kib;
    unsigned long long mem_free_kib;

    tv_domain *domains;
    size_t n_domains;
    tv_domain_history *histories; /* parallel to domains, or NULL */
    /* uuid_str -> tv_domain*, built on the first lookup (refreshes never need it). */
    GHashTable *by_uuid;
    gsize by_uuid_once;

    /* Read on a slower cadence and shared between snapshots; NULL until read. */
    tv_pool_list *storage;
    tv_network_list *networks;
    /* What new VMs can be (TV_WANT_CAPS); read once per connection. */
    tv_host_caps *caps;

    tv_hoststats hoststats; /* valid bits say what is there */

    /* Parsed XML of the domain the UI asked details for, or NULL. */
    tv_domain_details *details;
    /* That domain's IP addresses (read every few seconds while it runs), or NULL. */
    tv_guest_addrs *addrs;
} tv_host_snapshot;

/*
 * Short name of a host for narrow columns: the URI's host ("hostb" for
 * qemu+ssh://root@hostb/system), the node file's name for
 * test:///path/name.xml, "default" for test:///default.  A URI without a
 * host (qemu:///system, qemu+unix:///system?socket=...) is named by
 * libvirt's hostname when one is known (NULL: not connected yet), else
 * "localhost"; a session URI adds " (session)".  Caller frees.
 */
char *tv_uri_label(const char *uri, const char *hostname);

/*
 * Labels for a set of hosts that tell them apart: each snapshot's label,
 * except that when several share one (compared without case) the one with
 * the lowest host id keeps it and the others get "#2", "#3"... in host id
 * order, skipping any that another host already has.  So the result does
 * not depend on the order of snaps, and a host's label stays put as others
 * refresh.  Returns a NULL-terminated array parallel to snaps (g_strfreev).
 */
char **tv_host_labels_unique(const tv_host_snapshot *const *snaps, size_t n);

/*
 * The URI to open: ssh transports get no_tty=1 unless the user set it, so
 * ssh never asks for a password on the terminal (it would write over the
 * screen and eat keys); credentials must come from keys or an agent.
 */
char *tv_uri_for_open(const char *uri);

tv_host_snapshot *tv_host_snapshot_ref(tv_host_snapshot *snap);
void tv_host_snapshot_unref(tv_host_snapshot *snap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_host_snapshot, tv_host_snapshot_unref)

/*
 * The word for a domain's state on screen: "saved" for a shut-off domain
 * with a managed-save image (virsh's "shut off (saved)"), else
 * tv_dom_state_name.
 */
const char *tv_domain_state_word(const tv_domain *d);

const tv_domain *tv_host_snapshot_find(const tv_host_snapshot *snap, const char *uuid_str);

/* Counts of domains by coarse state, for the Hosts screen. */
void tv_host_snapshot_count(const tv_host_snapshot *snap, unsigned *running, unsigned *paused,
                            unsigned *inactive);
