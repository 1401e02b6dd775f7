/*
 * A libvirt host: one connection and the worker thread that owns it.  The
 * worker connects (and reconnects with back-off), refreshes the host on a
 * timer or when an event or action asks, publishes immutable snapshots,
 * and runs queued jobs with the connection.  Every function here is safe to
 * call from the UI thread and never blocks on libvirt.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/snapshot.h"

struct _virConnect; /* libvirt's connection; only jobs see it */

typedef struct tv_host tv_host;

/* What the front end needs refreshed besides the domain list. */
enum {
    TV_WANT_NODE = 1 << 0,      /* node info and free memory */
    TV_WANT_FLAGS = 1 << 1,     /* persistent / autostart / managed save */
    TV_WANT_STORAGE = 1 << 2,   /* pools and volumes */
    TV_WANT_NETWORKS = 1 << 3,
    TV_WANT_HOSTSTATS = 1 << 4, /* load, CPU, memory, NIC rates */
    TV_WANT_INFO = 1 << 5,      /* vCPUs and memory when stats lack them */
    TV_WANT_HISTORY = 1 << 6,   /* rate history for sparklines */
    TV_WANT_VOL_USERS = 1 << 7, /* with STORAGE: which domains use each volume */
    TV_WANT_ALL = (1 << 8) - 1,
    /* What new VMs can be (hostcaps.h): read once per connection, not part of ALL. */
    TV_WANT_CAPS = 1 << 8,
};

typedef struct tv_host_config {
    const char *uri;   /* NULL: libvirt's default, falling back to the demo driver */
    bool readonly;
    double interval_s; /* refresh interval; 0 refreshes back to back */
    bool on_demand;    /* refresh only when asked (batch mode paces itself) */
    bool announce;     /* post a message saying how the first connection went */
    unsigned wants;
} tv_host_config;

/* A job runs on the worker; conn is NULL when the host is not connected. */
typedef void (*tv_host_job_fn)(tv_host *host, struct _virConnect *conn, void *data);

tv_host *tv_host_new(const tv_host_config *cfg);
void tv_host_start(tv_host *h);

/*
 * Without a worker thread: connects if needed and refreshes once, on the
 * caller's thread, then returns.  For batch mode with a single host, where
 * handing each refresh to a worker and back costs more than the refresh
 * (two thread wake-ups against one remote call).  Do not mix with
 * tv_host_start on the same host.
 */
void tv_host_poll(tv_host *h);

unsigned tv_host_id(const tv_host *h);
/* The URI as the user gave it ("default" when none). */
const char *tv_host_label(const tv_host *h);
/*
 * The name messages about the host use: the front end sets it to the label
 * it shows (unique among its hosts); until then it is the URI.  tv_host_name
 * returns a copy (g_free); both are safe from any thread.
 */
void tv_host_set_name(tv_host *h, const char *name);
char *tv_host_name(tv_host *h);

/* The latest snapshot (new reference; never NULL once created). */
tv_host_snapshot *tv_host_snapshot_get(tv_host *h);

void tv_host_set_wants(tv_host *h, unsigned wants);
/* Asks for the parsed XML of one domain in each snapshot (NULL: none). */
void tv_host_set_details(tv_host *h, const char *uuid_str);
void tv_host_refresh_now(tv_host *h);

/*
 * Runs a job at once on the calling thread, for a host without a worker
 * (polled with tv_host_poll); data stays the caller's.
 */
void tv_host_run_inline(tv_host *h, tv_host_job_fn fn, void *data);

/*
 * References for a thread that outlives the job that started it (a long
 * action's own thread): the host stays valid, stopped or not, until unref.
 */
tv_host *tv_host_ref(tv_host *h);
void tv_host_unref(tv_host *h);

/*
 * A live connection for a caller whose connection dead died under it (an
 * undo list still to run), as a new reference (virConnectClose it), or
 * NULL when the host did not come back by until_us (monotonic) or stops.
 * On the worker's thread, or for a host without a worker (--exec), it
 * reconnects on this thread, as the worker would; elsewhere it waits for
 * the worker to.  Blocks: never the UI thread.
 */
struct _virConnect *tv_host_reconnect(tv_host *h, struct _virConnect *dead, gint64 until_us);

/*
 * A connection of its own to h's host, with the worker's keepalive, for a
 * long job's thread (caller closes it), or NULL with *error.  libvirt's
 * client must not see two threads in calls on one connection when
 * keepalive closes it: the second stays in its call and crashes when the
 * daemon answers later.  Blocks: never the UI thread.
 */
struct _virConnect *tv_host_open(tv_host *h, char **error);

/*
 * A new reference to the host's connection (virConnectClose it), or NULL
 * while it is not connected: for work that must not wait in the worker's
 * queue, such as the live controls of a migration.  Never on the UI thread.
 */
struct _virConnect *tv_host_conn_ref(tv_host *h);

/* Queues a job; data is freed with free_data after it ran (or was dropped). */
void tv_host_submit(tv_host *h, tv_host_job_fn fn, void *data, GDestroyNotify free_data);

/*
 * Shutting down: tv_host_stop asks the worker to finish (never blocks);
 * tv_host_wait_stopped waits up to timeout_us for it.  tv_host_free frees a
 * stopped host, or, if the worker is stuck inside libvirt (a hung daemon),
 * leaves the worker to free the host when it returns.
 */
void tv_host_stop(tv_host *h);
bool tv_host_wait_stopped(tv_host *h, gint64 timeout_us);
void tv_host_free(tv_host *h);

/* Workers still running, detached ones included: main must not tear down under them. */
int tv_host_live_workers(void);

/* Jobs queued or running on the host (for "quit while actions run?"). */
unsigned tv_host_pending_jobs(tv_host *h);
