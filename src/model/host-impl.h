/*
 * What the host's files share: struct tv_host and the worker's steps that
 * cross them.  host.c owns the host's lifecycle, the job queue, publishing
 * and the worker loop; host-connect.c opening, reconnecting and closing the
 * connection (libvirt's callbacks, the connection shared with other
 * threads); host-refresh.c one refresh into a new snapshot.  Model-internal:
 * it pulls in libvirt, so only src/model/host*.c include it.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libvirt/libvirt.h>

#include "model/host.h"
#include "model/hoststats-remote.h"
#include "model/snapshot.h"

struct tv_host {
    unsigned id;
    char *uri;   /* NULL: libvirt's default */
    char *label; /* the URI as given, for logs and for matching a URI */
    bool readonly;
    bool on_demand;
    gint refs;   /* the owner's, the worker's and one per libvirt callback */
    GThread *thread;
    GThread *worker; /* set by the worker as it starts (jobs come after): only compared */

    GMutex lock; /* guards everything below up to the worker-only part */
    GCond cond;
    tv_host_snapshot *published;
    bool quit;
    bool exited;
    bool kicked;
    bool lost;
    char *lost_reason;
    bool inventory_due;
    double interval_s;
    unsigned wants;
    char *details_uuid;
    GQueue jobs;
    bool running_job;
    GHashTable *stale; /* uuid strings marked by events */
    char *name;        /* what the front end calls the host, or NULL */
    /* The worker's connection for other threads (a reference), NULL while down;
     * conn_cond is broadcast when it changes or the host stops. */
    virConnectPtr shared_conn;
    GCond conn_cond;

    /* Worker-only state. */
    virConnectPtr conn;
    int lifecycle_cb;
    bool close_cb;
    bool is_demo;
    bool is_local;
    bool revalidate; /* re-read every domain's identity: the host may have changed */
    bool announce;   /* say how the first connection attempt went (added at run time) */
    bool was_lost;   /* a connection was lost: say when it is back */
    bool connect_failing; /* a failed attempt was already said */
    gint64 connected_at_us;
    bool refresh_failing; /* reported once per run of failures */
    gint close_ref_dropped; /* libvirt called the close callback's free function */
    unsigned backoff_s;
    gint64 retry_at_us;
    gint64 next_refresh_us;
    gint64 inventory_at_us;
    guint64 generation;
    tv_local_collector *local_stats;
    tv_remote_collector *remote_stats;
    gint64 addrs_due_us;   /* next read of the details domain's addresses */
    gint64 agent_rest_us;  /* until then its guest agent is not asked */
};

/* ---- host.c ---------------------------------------------------------------- */

/* Wakes the worker for a refresh; h->lock held. */
void tv_host_kick_locked(tv_host *h);
/* Drops one reference (the owner's, the worker's or a callback's); the last frees h. */
void tv_host_release(tv_host *h);

/* A new snapshot carrying over everything but the domain list. */
tv_host_snapshot *tv_host_next_snapshot(tv_host *h, const tv_host_snapshot *prev);

static inline tv_host_snapshot *
tv_host_current(tv_host *h)
{
    /* Only the worker replaces h->published, so it may read it unlocked. */
    return h->published;
}

/* Publishes next (taking it) and wakes the front end. */
void tv_host_publish(tv_host *h, tv_host_snapshot *next);
/* Publishes a snapshot without domains in the given connection state. */
void tv_host_publish_state(tv_host *h, tv_host_state state, const char *error);

/* ---- host-connect.c (the connection's owner: the worker, or a host's poller) - */

/* One connection attempt; false when it failed (a retry is scheduled unless it never can). */
bool tv_host_try_connect(tv_host *h);
/* The connection is gone: close it, say so, and schedule a retry with back-off. */
void tv_host_handle_lost(tv_host *h, const char *reason);
/* Closes the connection, its callbacks and the reference other threads share (nothing
 * when not connected). */
void tv_host_disconnect(tv_host *h);

/* ---- host-refresh.c -------------------------------------------------------- */

/*
 * Refreshes what wants asks for (pools and networks only when inventory_due,
 * the domains stale marks re-read in full) and publishes the result; a lost
 * connection is handled, a failed refresh keeps the stale marks for the next.
 */
void tv_host_refresh(tv_host *h, unsigned wants, const char *details_uuid, GHashTable *stale,
                     bool inventory_due);
