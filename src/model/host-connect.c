/*
 * A host's connection, on its owner's thread (the worker, or the caller of
 * a host without one): opening it without prompts, keepalive, the close
 * callback and domain events registered again on every connection,
 * reconnecting with back-off after a loss, and the reference to it that
 * other threads share (tv_host_conn_ref, tv_host_reconnect), or a
 * connection of their own (tv_host_open).
 */
#include "config.h"

#include "model/host-impl.h"
#include "model/messages.h"
#include "model/refresh.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Short enough that a host back from a long outage is seen within seconds;
 * one connection attempt every few seconds costs nothing. */
#define TV_BACKOFF_MAX_S 5
#define TV_DEMO_URI "test:///default"
#define TV_STABLE_LINK_US (30 * G_USEC_PER_SEC)

/* ---- libvirt callbacks (event loop thread) -------------------------------- */

/*
 * Each registered callback holds a reference on the host: libvirt may be
 * running one (with its own lock dropped) while the worker deregisters it,
 * and it calls this only once no call can still come.
 */
static void
callback_release(void *opaque)
{
    tv_host_release(opaque);
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
    tv_host_release(h);
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
    tv_host_kick_locked(h);
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
    tv_host_kick_locked(h);
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

void
tv_host_disconnect(tv_host *h)
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
            tv_host_release(h);
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
    tv_host_publish_state(h, TV_HOST_DISCONNECTED, reason);
}

bool
tv_host_try_connect(tv_host *h)
{
    g_autofree char *error = NULL;
    tv_autovirstr *actual_uri = NULL;
    tv_host_snapshot *s;
    const char *type;
    bool permanent = false;

    /* Opening can hang on a frozen daemon: say so instead of "retrying in 0s". */
    h->retry_at_us = g_get_monotonic_time();
    if (tv_host_current(h)->state != TV_HOST_CONNECTING)
        tv_host_publish_state(h, TV_HOST_CONNECTING, tv_host_current(h)->error);
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
        tv_host_publish_state(h, TV_HOST_FAILED, error);
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
        tv_host_release(h);
    virResetLastError();
    h->lifecycle_cb = virConnectDomainEventRegisterAny(
        h->conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
        callback_ref(h), callback_release);
    if (h->lifecycle_cb < 0)
        tv_host_release(h);
    virResetLastError();

    actual_uri = virConnectGetURI(h->conn);
    h->is_local = uri_is_local(actual_uri ? actual_uri : (h->uri ? h->uri : ""));
    if (h->is_local && !h->local_stats)
        h->local_stats = tv_local_collector_new();
    if (!h->is_local)
        h->remote_stats = tv_remote_collector_new();

    s = tv_host_next_snapshot(h, tv_host_current(h));
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
    tv_host_publish(h, s);
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

void
tv_host_handle_lost(tv_host *h, const char *reason)
{
    g_autofree char *name = tv_host_name(h);
    tv_log("host %s: lost: %s", h->label, reason);
    tv_host_disconnect(h);
    /* A link that stayed up a while starts the back-off afresh; one that
     * keeps dropping right after connecting keeps backing off. */
    if (g_get_monotonic_time() - h->connected_at_us > TV_STABLE_LINK_US)
        h->backoff_s = 0;
    tv_message_post_host(TV_MSG_ERROR, h->id, "Host %s disconnected: %s", name, reason);
    h->was_lost = true;
    schedule_retry(h, reason);
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
        tv_host_handle_lost(h, reason ? reason : "connection lost");
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
            tv_host_try_connect(h);
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
