/*
 * Reading one host's state from libvirt into a snapshot under
 * construction.  Runs on the host worker only.  Steady-state domain reads
 * use one bulk call (virConnectGetAllDomainStats) per refresh; per-domain
 * calls happen only for domains that are new or that an event marked.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "model/snapshot.h"
#include "model/domxml.h"
#include "model/host.h"

/* What a refresh of the domain list works with. */
typedef struct tv_refresh_params {
    /* Events marked these UUIDs (strings): re-read their identity.  May be NULL. */
    GHashTable *stale;
    /* false re-reads everything and pairs no samples (after a reconnect). */
    bool trust_prev;
    unsigned wants;          /* TV_WANT_* */
    gint64 min_interval_us;  /* shortest span of a rate (tv_stats_min_interval_us) */
    unsigned host_cpus;      /* the host's CPUs, 0 when unknown */
    /* Monotonic times just before and just after the stats call (set by
     * tv_refresh_domains; given by tests to tv_refresh_domains_from). */
    gint64 started_us, taken_us;
} tv_refresh_params;

/*
 * Reads all domains into next (domains, n_domains), carrying history and
 * cached facts from prev (may be NULL).  Domains are matched to prev by
 * name, so steady refreshes make no per-domain libvirt call (each public
 * call formats the UUID for its debug log: ~7k instructions a call).  UUID,
 * ID and info are re-read for new names, state changes between active and
 * inactive, and the UUIDs in params->stale.  Rates pair two samples only
 * of the same run of a domain (model/stats.h).  Returns 0, or -1 with
 * *error set.
 */
int tv_refresh_domains(virConnectPtr conn, const tv_host_snapshot *prev, tv_host_snapshot *next,
                       const tv_refresh_params *params, char **error);

/* The same from records already read (tests feed synthetic counters here). */
int tv_refresh_domains_from(virDomainStatsRecordPtr *recs, int n, const tv_host_snapshot *prev,
                            tv_host_snapshot *next, const tv_refresh_params *params);

/* Node facts that change (free memory); static ones are read at connect. */
int tv_refresh_node_static(virConnectPtr conn, tv_host_snapshot *next, char **error);
int tv_refresh_node_dynamic(virConnectPtr conn, tv_host_snapshot *next, char **error);

/*
 * Pools and their volumes.  With users, each volume's used_by names the
 * domains whose XML has a disk on it: by path (file and block disks), or by
 * pool and volume name (<disk type='volume'>).  That reads every domain's
 * XML, so the front end asks for it only while a volume list shows.
 */
tv_pool_list *tv_refresh_storage(virConnectPtr conn, bool users, char **error);
tv_network_list *tv_refresh_networks(virConnectPtr conn, char **error);

/*
 * Parsed XML of a domain; returns prev (with a new reference) when the XML is
 * unchanged.  NULL with *error when the domain is gone or unreadable.
 */
tv_domain_details *tv_refresh_details(virConnectPtr conn, const char *uuid_str,
                                      tv_domain_details *prev, char **error);

tv_dom_state tv_refresh_map_state(int vir_state);
