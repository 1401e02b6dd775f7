/*
 * A host and its worker thread.  The worker alone touches the connection:
 * it connects and reconnects with back-off, registers the close callback
 * and domain events again on every connection, refreshes on a timer or when
 * kicked (events, jobs, the UI), and publishes a new immutable snapshot after
 * every change.  The UI thread only swaps snapshot references under the lock
 * and queues jobs, so it never waits on libvirt.
 */
#include "config.h"

#include <string.h>

#include "model/guestaddr-read.h"
#include "model/host.h"
#include "model/hostcaps-read.h"
#include "model/hoststats-remote.h"
#include "model/messages.h"
#include "model/refresh.h"
#include "model/stats.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Short enough that a host back from a long outage is seen within seconds;
 * one connection attempt every few seconds costs nothing. */
#define TV_BACKOFF_MAX_S 5
/* Pools and networks change rarely and cost a call per object: read them less often. */
#define TV_INVENTORY_PERIOD_US (10 * G_USEC_PER_SEC)
#define TV_DEMO_URI "test:///default"
#define TV_STABLE_LINK_US (30 * G_USEC_PER_SEC)
/* Guest addresses cost up to three calls: read them this often while Details is open. */
#define TV_ADDRS_PERIOD_US (5 * G_USEC_PER_SEC)
/* A guest agent that took this long is left alone for TV_AGENT_REST_US. */
#define TV_AGENT_SLOW_US (G_USEC_PER_SEC)
#define TV_AGENT_REST_US (60 * G_USEC_PER_SEC)

typedef struct host_job {
    tv_host_job_fn fn;
    void *data;
    GDestroyNotify free_data;
} host_job;

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

static unsigned next_host_id = 1;
static gint live_workers;

tv_host *
tv_host_new(const tv_host_config *cfg)
{
    static gsize xml_ready;
    tv_host *h;

    /* libxml2 sets its globals up lazily, and two workers parsing their
     * first XML at once race on it (a mutex leaks): do it here, once. */
    if (g_once_init_enter(&xml_ready)) {
        xmlInitParser();
        g_once_init_leave(&xml_ready, 1);
    }
    h = g_new0(tv_host, 1);
    tv_host_snapshot *snap = g_atomic_rc_box_new0(tv_host_snapshot);

    h->id = g_atomic_int_add(&next_host_id, 1);
    h->uri = g_strdup(cfg->uri);
    h->label = g_strdup(cfg->uri ? cfg->uri : "default");
    h->readonly = cfg->readonly;
    h->on_demand = cfg->on_demand;
    h->announce = cfg->announce;
    h->interval_s = cfg->interval_s;
    h->wants = cfg->wants;
    h->refs = 2;
    h->lifecycle_cb = -1;
    h->inventory_due = true;
    g_mutex_init(&h->lock);
    g_cond_init(&h->cond);
    g_cond_init(&h->conn_cond);
    g_queue_init(&h->jobs);
    h->stale = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    snap->host_id = h->id;
    snap->uri = g_strdup(h->label);
    snap->label = tv_uri_label(cfg->uri, NULL);
    snap->state = TV_HOST_CONNECTING;
    snap->retry_at_us = g_get_monotonic_time();
    snap->readonly = h->readonly;
    h->published = snap;
    return h;
}

unsigned
tv_host_id(const tv_host *h)
{
    return h->id;
}

const char *
tv_host_label(const tv_host *h)
{
    return h->label;
}

void
tv_host_set_name(tv_host *h, const char *name)
{
    g_mutex_lock(&h->lock);
    g_free(h->name);
    h->name = g_strdup(name);
    g_mutex_unlock(&h->lock);
}

char *
tv_host_name(tv_host *h)
{
    char *name;
    g_mutex_lock(&h->lock);
    name = g_strdup(h->name ? h->name : h->label);
    g_mutex_unlock(&h->lock);
    return name;
}

tv_host_snapshot *
tv_host_snapshot_get(tv_host *h)
{
    tv_host_snapshot *s;
    g_mutex_lock(&h->lock);
    s = tv_host_snapshot_ref(h->published);
    g_mutex_unlock(&h->lock);
    return s;
}

static void
kick_locked(tv_host *h)
{
    h->kicked = true;
    g_cond_signal(&h->cond);
}

void
tv_host_set_wants(tv_host *h, unsigned wants)
{
    g_mutex_lock(&h->lock);
    if ((wants & ~h->wants) & (TV_WANT_STORAGE | TV_WANT_NETWORKS | TV_WANT_VOL_USERS))
        h->inventory_due = true;
    if (wants != h->wants) {
        h->wants = wants;
        kick_locked(h);
    }
    g_mutex_unlock(&h->lock);
}

void
tv_host_set_details(tv_host *h, const char *uuid_str)
{
    g_mutex_lock(&h->lock);
    if (g_strcmp0(uuid_str, h->details_uuid) != 0) {
        g_free(h->details_uuid);
        h->details_uuid = g_strdup(uuid_str);
        kick_locked(h);
    }
    g_mutex_unlock(&h->lock);
}

void
tv_host_refresh_now(tv_host *h)
{
    g_mutex_lock(&h->lock);
    h->inventory_due = true;
    kick_locked(h);
    g_mutex_unlock(&h->lock);
}

static void
job_free(host_job *job)
{
    if (job->free_data)
        job->free_data(job->data);
    g_free(job);
}

void
tv_host_run_inline(tv_host *h, tv_host_job_fn fn, void *data)
{
    fn(h, h->conn, data);
    virResetLastError();
}

void
tv_host_submit(tv_host *h, tv_host_job_fn fn, void *data, GDestroyNotify free_data)
{
    host_job *job = g_new0(host_job, 1);
    job->fn = fn;
    job->data = data;
    job->free_data = free_data;
    g_mutex_lock(&h->lock);
    g_queue_push_tail(&h->jobs, job);
    g_cond_signal(&h->cond);
    g_mutex_unlock(&h->lock);
}

/* ---- publishing ----------------------------------------------------------- */

/* A new snapshot carrying over everything but the domain list. */
static tv_host_snapshot *
snapshot_next(tv_host *h, const tv_host_snapshot *prev)
{
    tv_host_snapshot *s = g_atomic_rc_box_new0(tv_host_snapshot);
    s->host_id = h->id;
    s->uri = g_strdup(prev->uri);
    s->label = g_strdup(prev->label);
    s->state = prev->state;
    s->error = g_strdup(prev->error);
    s->retry_at_us = prev->retry_at_us;
    s->readonly = h->readonly;
    s->is_demo = h->is_demo;
    s->is_test_driver = prev->is_test_driver;
    s->is_local = h->is_local;
    s->has_node = prev->has_node;
    s->hostname = g_strdup(prev->hostname);
    s->hv_type = g_strdup(prev->hv_type);
    s->hv_version = prev->hv_version;
    s->lib_version = prev->lib_version;
    s->cpu_model = g_strdup(prev->cpu_model);
    s->cpus = prev->cpus;
    s->mhz = prev->mhz;
    s->mem_total_kib = prev->mem_total_kib;
    s->mem_free_kib = prev->mem_free_kib;
    s->hoststats = prev->hoststats;
    if (prev->storage)
        s->storage = g_atomic_rc_box_acquire(prev->storage);
    if (prev->networks)
        s->networks = g_atomic_rc_box_acquire(prev->networks);
    if (prev->caps)
        s->caps = tv_host_caps_ref(prev->caps);
    if (prev->details)
        s->details = tv_domain_details_ref(prev->details);
    s->addrs = tv_guest_addrs_ref(prev->addrs);
    return s;
}

static tv_host_snapshot *
current(tv_host *h)
{
    /* Only the worker replaces h->published, so it may read it unlocked. */
    return h->published;
}

static void
publish(tv_host *h, tv_host_snapshot *next)
{
    tv_host_snapshot *old;
    next->generation = ++h->generation;
    g_mutex_lock(&h->lock);
    old = h->published;
    h->published = next;
    g_mutex_unlock(&h->lock);
    tv_host_snapshot_unref(old);
    tv_notify_wake();
}

/* Publishes a snapshot without domains in the given connection state. */
static void
publish_state(tv_host *h, tv_host_state state, const char *error)
{
    tv_host_snapshot *s = snapshot_next(h, current(h));
    s->state = state;
    g_free(s->error);
    s->error = g_strdup(error);
    s->retry_at_us = h->retry_at_us;
    if (state != TV_HOST_CONNECTED) {
        tv_pool_list_unref(s->storage);
        tv_network_list_unref(s->networks);
        s->storage = NULL;
        s->networks = NULL;
        g_clear_pointer(&s->caps, tv_host_caps_unref);
        if (s->details)
            tv_domain_details_unref(s->details);
        s->details = NULL;
        g_clear_pointer(&s->addrs, tv_guest_addrs_unref);
    }
    publish(h, s);
}

/* ---- libvirt callbacks (event loop thread) -------------------------------- */

static void host_release(tv_host *h);

/*
 * Each registered callback holds a reference on the host: libvirt may be
 * running one (with its own lock dropped) while the worker deregisters it,
 * and it calls this only once no call can still come.
 */
static void
callback_release(void *opaque)
{
    host_release(opaque);
}

/*
 * Drivers without close callbacks (test, some local ones) accept the
 * registration but never call the free function: after unregistering, the
 * worker drops that reference itself unless libvirt already did.
 */
static void
close_callback_release(void *opaque)
{
    tv_host *h = opaque;
    g_atomic_int_set(&h->close_ref_dropped, 1);
    host_release(h);
}

static tv_host *
callback_ref(tv_host *h)
{
    g_atomic_int_inc(&h->refs);
    return h;
}

static const char *
close_reason_text(int reason)
{
    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_ERROR: return "connection error";
    case VIR_CONNECT_CLOSE_REASON_EOF: return "the daemon closed the connection";
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE: return "keepalive timeout (host not answering)";
    case VIR_CONNECT_CLOSE_REASON_CLIENT: return "closed by tvirt";
    default: return "connection lost";
    }
}

static void
on_close(virConnectPtr conn, int reason, void *opaque)
{
    tv_host *h = opaque;
    /* libvirt's own words, when this thread has them, say more than the code. */
    const char *detail = virGetLastErrorMessage();
    virErrorPtr err = virGetLastError();
    g_mutex_lock(&h->lock);
    if (!h->lost) {
        h->lost = true;
        g_free(h->lost_reason);
        h->lost_reason = err && detail ? g_strdup_printf("%s (%s)", close_reason_text(reason),
                                                         detail)
                                       : g_strdup(close_reason_text(reason));
    }
    kick_locked(h);
    g_mutex_unlock(&h->lock);
}

static int
on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    tv_host *h = opaque;
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (virDomainGetUUIDString(dom, uuid) < 0)
        return 0;
    g_mutex_lock(&h->lock);
    g_hash_table_add(h->stale, g_strdup(uuid));
    kick_locked(h);
    g_mutex_unlock(&h->lock);
    return 0;
}

/* ---- connection ----------------------------------------------------------- */

static int
no_interactive_auth(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    /* Prompting would write over the curses screen; credentials must come
     * from the environment (ssh keys, SASL config). */
    return -1;
}

static int auth_types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT,
                            VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL };
static virConnectAuth no_auth = { auth_types, G_N_ELEMENTS(auth_types), no_interactive_auth,
                                  NULL };

/*
 * Opens uri; on failure *error has libvirt's words and *permanent says
 * whether trying again could ever help (libvirt could not parse the URI).
 */
static virConnectPtr
open_connection(const char *uri, bool readonly, char **error, bool *permanent)
{
    g_autofree char *open_uri = uri ? tv_uri_for_open(uri) : NULL;
    virConnectPtr c = virConnectOpenAuth(open_uri, &no_auth, readonly ? VIR_CONNECT_RO : 0);
    if (!c) {
        virErrorPtr err = virGetLastError();
        *permanent = err && err->domain == VIR_FROM_URI;
        *error = tv_vir_last_error("could not connect");
    }
    return c;
}

static bool
uri_is_local(const char *uri)
{
    g_autoptr(GUri) parsed = g_uri_parse(uri, G_URI_FLAGS_NONE, NULL);
    const char *host = parsed ? g_uri_get_host(parsed) : NULL;
    return parsed && (!host || !*host);
}

static void
disconnect(tv_host *h)
{
    virConnectPtr shared;
    if (!h->conn)
        return;
    g_mutex_lock(&h->lock);
    shared = g_steal_pointer(&h->shared_conn);
    g_cond_broadcast(&h->conn_cond);
    g_mutex_unlock(&h->lock);
    if (shared)
        virConnectClose(shared);
    if (h->lifecycle_cb >= 0)
        virConnectDomainEventDeregisterAny(h->conn, h->lifecycle_cb);
    if (h->close_cb) {
        virConnectUnregisterCloseCallback(h->conn, on_close);
        if (!g_atomic_int_get(&h->close_ref_dropped))
            host_release(h);
    }
    h->lifecycle_cb = -1;
    h->close_cb = false;
    virResetLastError();
    virConnectClose(h->conn);
    h->conn = NULL;
    tv_remote_collector_free(h->remote_stats);
    h->remote_stats = NULL;
}

static void
schedule_retry(tv_host *h, const char *reason)
{
    h->backoff_s = h->backoff_s ? MIN(h->backoff_s * 2, TV_BACKOFF_MAX_S) : 1;
    h->retry_at_us = g_get_monotonic_time() + (gint64)h->backoff_s * G_USEC_PER_SEC;
    publish_state(h, TV_HOST_DISCONNECTED, reason);
}

static bool
try_connect(tv_host *h)
{
    g_autofree char *error = NULL;
    tv_autovirstr *actual_uri = NULL;
    tv_host_snapshot *s;
    const char *type;
    bool permanent = false;

    /* Opening can hang on a frozen daemon: say so instead of "retrying in 0s". */
    h->retry_at_us = g_get_monotonic_time();
    if (current(h)->state != TV_HOST_CONNECTING)
        publish_state(h, TV_HOST_CONNECTING, current(h)->error);
    h->conn = open_connection(h->uri, h->readonly, &error, &permanent);
    if (!h->conn && !h->uri && h->generation <= 1) {
        /* Nothing answers at libvirt's default URI: show the demo driver. */
        g_autofree char *demo_error = NULL;
        h->conn = open_connection(TV_DEMO_URI, h->readonly, &demo_error, &permanent);
        if (h->conn) {
            h->is_demo = true;
            g_free(h->uri);
            h->uri = g_strdup(TV_DEMO_URI);
            tv_message_post_host(TV_MSG_INFO, h->id,
                                 "No libvirt host answered (%s); showing libvirt's built-in "
                                 "demo driver %s", error, TV_DEMO_URI);
        }
    }
    if (!h->conn && permanent) {
        tv_log("host %s: cannot connect, not retrying: %s", h->label, error);
        tv_message_post_host(TV_MSG_ERROR, h->id, "Cannot connect to %s (not retrying): %s",
                             h->label, error);
        h->retry_at_us = G_MAXINT64;
        publish_state(h, TV_HOST_FAILED, error);
        return false;
    }
    if (!h->conn) {
        tv_log("host %s: connect failed: %s", h->label, error);
        /* Said once per run of failures; the screen keeps the countdown. */
        if (h->announce && !h->connect_failing)
            tv_message_post_host(TV_MSG_ERROR, h->id, "Could not connect to %s: %s", h->label,
                                 error);
        h->connect_failing = true;
        schedule_retry(h, error);
        return false;
    }
    h->connected_at_us = g_get_monotonic_time();
    h->revalidate = true;
    g_mutex_lock(&h->lock);
    h->lost = false;
    g_mutex_unlock(&h->lock);

    if (virConnectSetKeepAlive(h->conn, 5, 3) < 0)
        virResetLastError(); /* drivers without a network (test, local) have none */
    g_atomic_int_set(&h->close_ref_dropped, 0);
    if (virConnectRegisterCloseCallback(h->conn, on_close, callback_ref(h),
                                        close_callback_release) == 0)
        h->close_cb = true;
    else
        host_release(h);
    virResetLastError();
    h->lifecycle_cb = virConnectDomainEventRegisterAny(
        h->conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
        callback_ref(h), callback_release);
    if (h->lifecycle_cb < 0)
        host_release(h);
    virResetLastError();

    actual_uri = virConnectGetURI(h->conn);
    h->is_local = uri_is_local(actual_uri ? actual_uri : (h->uri ? h->uri : ""));
    if (h->is_local && !h->local_stats)
        h->local_stats = tv_local_collector_new();
    if (!h->is_local)
        h->remote_stats = tv_remote_collector_new();

    s = snapshot_next(h, current(h));
    s->state = TV_HOST_CONNECTED;
    g_free(s->error);
    s->error = NULL;
    type = virConnectGetType(h->conn);
    s->is_test_driver = type && g_ascii_strcasecmp(type, "test") == 0;
    if (h->is_demo || (!h->uri && actual_uri)) {
        g_free(s->uri);
        s->uri = g_strdup_printf("%s%s", actual_uri ? actual_uri : TV_DEMO_URI,
                                 h->is_demo ? " (demo)" : "");
    }
    g_clear_pointer(&error, g_free);
    /* The host behind the URI may have changed: nothing of the last one's node stands. */
    s->has_node = false;
    s->cpus = 0;
    if (tv_refresh_node_static(h->conn, s, &error) < 0) {
        tv_log("host %s: %s", h->label, error);
        g_clear_pointer(&s->hostname, g_free); /* the last connection's: maybe not this host */
    }
    /* Named once per connection: a URI without a host by libvirt's hostname. */
    g_free(s->label);
    s->label = tv_uri_label(h->uri ? h->uri : actual_uri ? actual_uri : TV_DEMO_URI,
                            s->hostname);
    publish(h, s);
    tv_log("host %s: connected", h->label);
    if (h->was_lost)
        tv_message_post_host(TV_MSG_INFO, h->id, "Reconnected to %s", h->label);
    else if (h->announce)
        tv_message_post_host(TV_MSG_INFO, h->id, "Connected to %s", h->label);
    h->was_lost = false;
    h->announce = false;
    h->connect_failing = false;
    g_mutex_lock(&h->lock);
    h->inventory_due = true;
    h->kicked = true; /* a first refresh at once, on-demand hosts included */
    g_hash_table_remove_all(h->stale);
    h->shared_conn = virConnectRef(h->conn) == 0 ? h->conn : NULL;
    g_cond_broadcast(&h->conn_cond);
    g_mutex_unlock(&h->lock);
    h->next_refresh_us = 0;
    return true;
}

static void
handle_lost(tv_host *h, const char *reason)
{
    g_autofree char *name = tv_host_name(h);
    tv_log("host %s: lost: %s", h->label, reason);
    disconnect(h);
    /* A link that stayed up a while starts the back-off afresh; one that
     * keeps dropping right after connecting keeps backing off. */
    if (g_get_monotonic_time() - h->connected_at_us > TV_STABLE_LINK_US)
        h->backoff_s = 0;
    tv_message_post_host(TV_MSG_ERROR, h->id, "Host %s disconnected: %s", name, reason);
    h->was_lost = true;
    schedule_retry(h, reason);
}

/* ---- refresh -------------------------------------------------------------- */

/*
 * The addresses of the domain on the Details screen, into s: read at once
 * for a new domain or a new run of it, then every TV_ADDRS_PERIOD_US while
 * it runs; an inactive domain gets a record saying so, without a call.
 */
static void
refresh_addresses(tv_host *h, tv_host_snapshot *s, const char *uuid_str)
{
    const tv_domain *d = NULL;
    tv_guest_addrs *old = s->addrs;
    gint64 now = g_get_monotonic_time(), agent_us = 0;
    bool same;

    for (size_t i = 0; i < s->n_domains && !d; i++) {
        if (strcmp(s->domains[i].uuid_str, uuid_str) == 0)
            d = &s->domains[i];
    }
    same = old && strcmp(old->uuid_str, uuid_str) == 0;
    if (!d) {
        g_clear_pointer(&s->addrs, tv_guest_addrs_unref);
        return;
    }
    if (d->id < 0) {
        if (!same || old->active) {
            tv_guest_addrs_unref(old);
            s->addrs = tv_guest_addrs_new(uuid_str);
        }
        return;
    }
    if (same && old->active && old->dom_id == d->id && now < h->addrs_due_us)
        return;
    {
        g_autoptr(virDomain) dom = virDomainLookupByUUIDString(h->conn, uuid_str);
        tv_guestaddr_query q = {
            .uuid_str = uuid_str,
            .dom_id = d->id,
            .paused = d->state == TV_DOM_PAUSED || d->state == TV_DOM_PMSUSPENDED,
            .readonly = h->readonly,
            .agent_quiet = now < h->agent_rest_us,
        };
        if (!dom) {
            virResetLastError();
            return; /* gone since the domain list was read: the next refresh drops it */
        }
        tv_guest_addrs_unref(old);
        s->addrs = tv_guestaddr_read(dom, &q, &agent_us);
    }
    if (agent_us >= TV_AGENT_SLOW_US) {
        tv_log("host %s: guest agent of %s took %" G_GINT64_FORMAT " ms; not asked for %d s",
               h->label, uuid_str, agent_us / 1000, (int)(TV_AGENT_REST_US / G_USEC_PER_SEC));
        h->agent_rest_us = now + TV_AGENT_REST_US;
    }
    h->addrs_due_us = g_get_monotonic_time() + TV_ADDRS_PERIOD_US;
}

static void
refresh(tv_host *h, unsigned wants, const char *details_uuid, GHashTable *stale,
        bool inventory_due)
{
    tv_host_snapshot *prev = current(h);
    tv_host_snapshot *s = snapshot_next(h, prev);
    g_autofree char *error = NULL;

    tv_refresh_params params = {
        .stale = stale,
        .trust_prev = !h->revalidate,
        .wants = wants,
        .min_interval_us = tv_stats_min_interval_us(h->interval_s),
        .host_cpus = prev->has_node ? prev->cpus : 0,
    };

    if (tv_refresh_domains(h->conn, prev, s, &params, &error) < 0) {
        tv_host_snapshot_unref(s);
        if (virConnectIsAlive(h->conn) != 1) {
            handle_lost(h, error);
            return;
        }
        /* Keep what events marked for the next try, and say it once. */
        tv_log("host %s: refresh failed: %s", h->label, error);
        if (stale) {
            GHashTableIter it;
            gpointer key;
            g_mutex_lock(&h->lock);
            g_hash_table_iter_init(&it, stale);
            while (g_hash_table_iter_next(&it, &key, NULL))
                g_hash_table_add(h->stale, g_strdup(key));
            g_mutex_unlock(&h->lock);
        }
        if (!h->refresh_failing) {
            g_autofree char *name = tv_host_name(h);
            tv_message_post_host(TV_MSG_ERROR, h->id, "Host %s: could not refresh: %s", name,
                                 error);
        }
        h->refresh_failing = true;
        return;
    }
    h->refresh_failing = false;
    h->revalidate = false;
    if (wants & TV_WANT_NODE)
        tv_refresh_node_dynamic(h->conn, s, &error);
    if (wants & TV_WANT_HOSTSTATS) {
        if (h->local_stats)
            tv_local_collector_sample(h->local_stats, &s->hoststats);
        else if (h->remote_stats)
            tv_remote_collector_sample(h->remote_stats, h->conn, &s->hoststats);
    }
    if (inventory_due && (wants & TV_WANT_STORAGE)) {
        g_clear_pointer(&error, g_free);
        tv_pool_list *pools = tv_refresh_storage(h->conn, wants & TV_WANT_VOL_USERS, &error);
        if (pools) {
            tv_pool_list_unref(s->storage);
            s->storage = pools;
        }
    }
    if (inventory_due && (wants & TV_WANT_NETWORKS)) {
        g_clear_pointer(&error, g_free);
        tv_network_list *nets = tv_refresh_networks(h->conn, &error);
        if (nets) {
            tv_network_list_unref(s->networks);
            s->networks = nets;
        }
    }
    if ((wants & TV_WANT_CAPS) && !s->caps) {
        g_clear_pointer(&error, g_free);
        s->caps = tv_host_caps_read(h->conn, &error);
        if (!s->caps)
            tv_log("host %s: %s", h->label, error);
    }
    if (details_uuid) {
        tv_domain_details *old = s->details;
        g_clear_pointer(&error, g_free);
        s->details = tv_refresh_details(h->conn, details_uuid,
                                        old && g_strcmp0(old->uuid_str, details_uuid) == 0 ? old
                                                                                           : NULL,
                                        &error);
        if (old)
            tv_domain_details_unref(old);
        refresh_addresses(h, s, details_uuid);
    } else {
        if (s->details)
            tv_domain_details_unref(s->details);
        s->details = NULL;
        g_clear_pointer(&s->addrs, tv_guest_addrs_unref);
    }
    publish(h, s);
}

/* ---- the worker ----------------------------------------------------------- */

static void
silent_xml_error(void *ctx, const char *msg, ...)
{
}

void
tv_host_poll(tv_host *h)
{
    g_autoptr(GHashTable) stale = NULL;
    bool lost;
    g_autofree char *lost_reason = NULL;

    if (!h->conn) {
        if (g_get_monotonic_time() < h->retry_at_us || !try_connect(h))
            return;
    }
    g_mutex_lock(&h->lock);
    lost = h->lost;
    lost_reason = g_steal_pointer(&h->lost_reason);
    h->lost = false;
    h->kicked = false;
    if (g_hash_table_size(h->stale) > 0) {
        stale = h->stale;
        h->stale = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    g_mutex_unlock(&h->lock);
    if (lost) {
        handle_lost(h, lost_reason ? lost_reason : "connection lost");
        return;
    }
    /* Pools and networks once, when wanted (--exec checks parameters against them). */
    {
        g_autofree char *details_uuid = NULL;
        g_mutex_lock(&h->lock);
        details_uuid = g_strdup(h->details_uuid);
        g_mutex_unlock(&h->lock);
        refresh(h, h->wants, details_uuid, stale, h->inventory_due);
    }
    h->inventory_due = false;
}

static gpointer
worker_main(gpointer opaque)
{
    tv_host *h = opaque;

    h->worker = g_thread_self();
    /* libxml2's error handler is per thread; libvirt's parsers (test driver
     * node files) would otherwise print warnings over the screen. */
    xmlSetGenericErrorFunc(NULL, silent_xml_error);

    for (;;) {
        gint64 now = g_get_monotonic_time();
        host_job *job = NULL;
        bool lost, kicked, inventory_due = false;
        g_autofree char *lost_reason = NULL;
        g_autofree char *details_uuid = NULL;
        g_autoptr(GHashTable) stale = NULL;
        unsigned wants;
        double interval_s;

        g_mutex_lock(&h->lock);
        if (h->quit) {
            g_mutex_unlock(&h->lock);
            break;
        }
        job = g_queue_pop_head(&h->jobs);
        h->running_job = job != NULL;
        lost = h->lost;
        lost_reason = g_steal_pointer(&h->lost_reason);
        h->lost = false;
        kicked = h->kicked;
        wants = h->wants;
        interval_s = h->interval_s;
        g_mutex_unlock(&h->lock);

        if (h->conn && lost) {
            handle_lost(h, lost_reason ? lost_reason : "connection lost");
            if (job) {
                g_mutex_lock(&h->lock);
                g_queue_push_head(&h->jobs, job);
                g_mutex_unlock(&h->lock);
            }
            continue;
        }
        if (job) {
            job->fn(h, h->conn, job->data);
            job_free(job);
            g_mutex_lock(&h->lock);
            h->running_job = false;
            h->inventory_due = true;
            kick_locked(h);
            g_mutex_unlock(&h->lock);
            continue;
        }
        if (!h->conn && now >= h->retry_at_us) {
            try_connect(h);
            continue;
        }
        if (h->conn && (kicked || (!h->on_demand && now >= h->next_refresh_us))) {
            g_mutex_lock(&h->lock);
            h->kicked = false;
            if (g_hash_table_size(h->stale) > 0) {
                stale = h->stale;
                h->stale = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            }
            if (h->inventory_due || now >= h->inventory_at_us) {
                inventory_due = true;
                h->inventory_due = false;
            }
            details_uuid = g_strdup(h->details_uuid);
            g_mutex_unlock(&h->lock);
            if (inventory_due)
                h->inventory_at_us = now + TV_INVENTORY_PERIOD_US;
            refresh(h, wants, details_uuid, stale, inventory_due);
            h->next_refresh_us = g_get_monotonic_time() + (gint64)(interval_s * G_USEC_PER_SEC);
            continue;
        }

        g_mutex_lock(&h->lock);
        if (!h->conn)
            h->kicked = false; /* nothing to refresh until connected */
        if (!h->quit && !h->kicked && !h->lost && g_queue_is_empty(&h->jobs)) {
            gint64 until = h->conn ? h->next_refresh_us : h->retry_at_us;
            if (h->on_demand && h->conn)
                until = G_MAXINT64;
            if (until == G_MAXINT64)
                g_cond_wait(&h->cond, &h->lock);
            else
                g_cond_wait_until(&h->cond, &h->lock, until);
        }
        g_mutex_unlock(&h->lock);
    }

    disconnect(h);
    while (!g_queue_is_empty(&h->jobs)) {
        host_job *job = g_queue_pop_head(&h->jobs);
        job_free(job);
    }
    g_mutex_lock(&h->lock);
    h->exited = true;
    g_cond_broadcast(&h->cond);
    g_mutex_unlock(&h->lock);
    host_release(h);
    g_atomic_int_add(&live_workers, -1);
    return NULL;
}

void
tv_host_start(tv_host *h)
{
    g_autofree char *name = g_strdup_printf("tv-host-%u", h->id);
    g_atomic_int_inc(&live_workers);
    h->thread = g_thread_new(name, worker_main, h);
}

void
tv_host_stop(tv_host *h)
{
    g_mutex_lock(&h->lock);
    h->quit = true;
    g_cond_broadcast(&h->cond);
    g_cond_broadcast(&h->conn_cond);
    g_mutex_unlock(&h->lock);
}

bool
tv_host_wait_stopped(tv_host *h, gint64 timeout_us)
{
    gint64 until = g_get_monotonic_time() + timeout_us;
    bool exited;
    g_mutex_lock(&h->lock);
    while (!h->exited && h->thread) {
        if (!g_cond_wait_until(&h->cond, &h->lock, until))
            break;
    }
    exited = h->exited || !h->thread;
    g_mutex_unlock(&h->lock);
    return exited;
}

static void
host_release(tv_host *h)
{
    if (!g_atomic_int_dec_and_test(&h->refs))
        return;
    /* Jobs of a host that never ran a worker (or was polled inline) are dropped here. */
    while (!g_queue_is_empty(&h->jobs))
        job_free(g_queue_pop_head(&h->jobs));
    tv_host_snapshot_unref(h->published);
    g_free(h->uri);
    g_free(h->label);
    g_free(h->name);
    g_free(h->lost_reason);
    g_free(h->details_uuid);
    g_hash_table_destroy(h->stale);
    tv_local_collector_free(h->local_stats);
    tv_remote_collector_free(h->remote_stats);
    if (h->shared_conn)
        virConnectClose(h->shared_conn);
    g_mutex_clear(&h->lock);
    g_cond_clear(&h->cond);
    g_cond_clear(&h->conn_cond);
    g_free(h);
}

tv_host *
tv_host_ref(tv_host *h)
{
    g_atomic_int_inc(&h->refs);
    return h;
}

void
tv_host_unref(tv_host *h)
{
    if (h)
        host_release(h);
}

/*
 * The owner of the connection (the worker, or the caller of a host without
 * one) reconnects itself: the lost connection is closed and said as the
 * worker says it, then attempts follow the usual back-off until until_us.
 */
static virConnectPtr
reconnect_here(tv_host *h, virConnectPtr dead, gint64 until_us)
{
    if (h->conn && h->conn == dead) {
        g_autofree char *reason = NULL;
        g_mutex_lock(&h->lock);
        reason = g_steal_pointer(&h->lost_reason);
        h->lost = false; /* said here: the worker must not close the next connection */
        g_mutex_unlock(&h->lock);
        handle_lost(h, reason ? reason : "connection lost");
    }
    while (!h->conn) {
        gint64 now = g_get_monotonic_time();
        bool quit;
        g_mutex_lock(&h->lock);
        quit = h->quit;
        if (!quit && now < h->retry_at_us && now < until_us)
            g_cond_wait_until(&h->cond, &h->lock, MIN(h->retry_at_us, until_us));
        g_mutex_unlock(&h->lock);
        now = g_get_monotonic_time();
        if (quit || now >= until_us)
            return NULL;
        if (now >= h->retry_at_us)
            try_connect(h);
    }
    return virConnectRef(h->conn) == 0 ? h->conn : NULL;
}

virConnectPtr
tv_host_open(tv_host *h, char **error)
{
    bool permanent;
    virConnectPtr c = open_connection(h->uri, h->readonly, error, &permanent);
    if (c && virConnectSetKeepAlive(c, 5, 3) < 0)
        virResetLastError();
    return c;
}

/* The worker's connection is of no use to a waiter while it is the dead one or dead too. */
static bool
shared_usable(tv_host *h, virConnectPtr dead)
{
    return h->shared_conn && h->shared_conn != dead && virConnectIsAlive(h->shared_conn) == 1;
}

virConnectPtr
tv_host_reconnect(tv_host *h, virConnectPtr dead, gint64 until_us)
{
    virConnectPtr c = NULL;
    if (!h->worker || h->worker == g_thread_self())
        return reconnect_here(h, dead, until_us);
    g_mutex_lock(&h->lock);
    while (!h->quit && !h->exited && !shared_usable(h, dead)) {
        if (!g_cond_wait_until(&h->conn_cond, &h->lock, until_us))
            break;
    }
    if (!h->quit && shared_usable(h, dead) && virConnectRef(h->shared_conn) == 0)
        c = h->shared_conn;
    virResetLastError();
    g_mutex_unlock(&h->lock);
    return c;
}

int
tv_host_live_workers(void)
{
    return g_atomic_int_get(&live_workers);
}

unsigned
tv_host_pending_jobs(tv_host *h)
{
    unsigned n;
    g_mutex_lock(&h->lock);
    n = g_queue_get_length(&h->jobs) + (h->running_job ? 1 : 0);
    g_mutex_unlock(&h->lock);
    return n;
}

void
tv_host_free(tv_host *h)
{
    if (!h)
        return;
    tv_host_stop(h);
    if (h->thread) {
        if (tv_host_wait_stopped(h, 0))
            g_thread_join(h->thread);
        else
            g_thread_unref(h->thread); /* stuck in libvirt: it frees the host itself */
        h->thread = NULL;
    } else {
        /* Never started (or polled inline): this thread owns the connection. */
        disconnect(h);
        host_release(h); /* and the worker's reference */
    }
    host_release(h);
}

virConnectPtr
tv_host_conn_ref(tv_host *h)
{
    virConnectPtr c;
    g_mutex_lock(&h->lock);
    c = h->shared_conn;
    if (c)
        virConnectRef(c);
    g_mutex_unlock(&h->lock);
    return c;
}
