/*
 * A host and its worker thread.  The worker alone touches the connection
 * (host-connect.c opens and closes it), refreshes on a timer or when kicked
 * (events, jobs, the UI; host-refresh.c), and publishes a new immutable
 * snapshot after every change.  The UI thread only swaps snapshot
 * references under the lock and queues jobs, so it never waits on libvirt.
 * This file owns the host's lifecycle, the job queue, publishing and the
 * worker's loop.
 */
#include "config.h"

#include "model/domxml.h"
#include "model/guestaddr.h"
#include "model/host-impl.h"
#include "model/hostcaps.h"
#include "model/messages.h"
#include "util/cleanup.h"

/* Pools and networks change rarely and cost a call per object: read them less often. */
#define TV_INVENTORY_PERIOD_US (10 * G_USEC_PER_SEC)

typedef struct host_job {
    tv_host_job_fn fn;
    void *data;
    GDestroyNotify free_data;
} host_job;

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

void
tv_host_kick_locked(tv_host *h)
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
        tv_host_kick_locked(h);
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
        tv_host_kick_locked(h);
    }
    g_mutex_unlock(&h->lock);
}

void
tv_host_refresh_now(tv_host *h)
{
    g_mutex_lock(&h->lock);
    h->inventory_due = true;
    tv_host_kick_locked(h);
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
tv_host_snapshot *
tv_host_next_snapshot(tv_host *h, const tv_host_snapshot *prev)
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


void
tv_host_publish(tv_host *h, tv_host_snapshot *next)
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
void
tv_host_publish_state(tv_host *h, tv_host_state state, const char *error)
{
    tv_host_snapshot *s = tv_host_next_snapshot(h, tv_host_current(h));
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
    tv_host_publish(h, s);
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
        if (g_get_monotonic_time() < h->retry_at_us || !tv_host_try_connect(h))
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
        tv_host_handle_lost(h, lost_reason ? lost_reason : "connection lost");
        return;
    }
    /* Pools and networks once, when wanted (--exec checks parameters against them). */
    {
        g_autofree char *details_uuid = NULL;
        g_mutex_lock(&h->lock);
        details_uuid = g_strdup(h->details_uuid);
        g_mutex_unlock(&h->lock);
        tv_host_refresh(h, h->wants, details_uuid, stale, h->inventory_due);
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
            tv_host_handle_lost(h, lost_reason ? lost_reason : "connection lost");
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
            tv_host_kick_locked(h);
            g_mutex_unlock(&h->lock);
            continue;
        }
        if (!h->conn && now >= h->retry_at_us) {
            tv_host_try_connect(h);
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
            tv_host_refresh(h, wants, details_uuid, stale, inventory_due);
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

    tv_host_disconnect(h);
    while (!g_queue_is_empty(&h->jobs)) {
        host_job *job = g_queue_pop_head(&h->jobs);
        job_free(job);
    }
    g_mutex_lock(&h->lock);
    h->exited = true;
    g_cond_broadcast(&h->cond);
    g_mutex_unlock(&h->lock);
    tv_host_release(h);
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

void
tv_host_release(tv_host *h)
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
        tv_host_release(h);
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
        tv_host_disconnect(h);
        tv_host_release(h); /* and the worker's reference */
    }
    tv_host_release(h);
}
