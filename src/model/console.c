/*
 * Console sessions.  Three threads meet here: the host worker opens the
 * stream (a job), libvirt's event loop thread receives (a stream callback)
 * and sends (a 20 ms timer, only while the session lives), and the UI
 * thread reads and writes the buffers under the session lock.  The timer
 * and the stream callback each hold a reference until they are removed, so
 * a session outlives every callback that can still reach it.
 */
#include "config.h"

#include <string.h>

#include "model/console.h"
#include "model/messages.h"
#include "util/cleanup.h"
#include "util/log.h"

#define TV_CONSOLE_TX_PERIOD_MS 20
#define TV_CONSOLE_RX_MAX (256 * 1024) /* drop the oldest past this: the UI is behind */

struct tv_console {
    gint refs;
    char *uuid;
    bool force;

    GMutex lock; /* guards the fields below */
    tv_console_state state;
    char *reason;
    GByteArray *rx;
    GByteArray *tx;
    bool close_requested;

    /* Event loop thread only, once open. */
    virStreamPtr stream;
    int timer;
    bool stream_cb;
};

static tv_console *
console_ref(tv_console *c)
{
    g_atomic_int_inc(&c->refs);
    return c;
}

void
tv_console_unref(tv_console *c)
{
    if (!c || !g_atomic_int_dec_and_test(&c->refs))
        return;
    g_free(c->uuid);
    g_free(c->reason);
    g_byte_array_unref(c->rx);
    g_byte_array_unref(c->tx);
    g_mutex_clear(&c->lock);
    g_free(c);
}

static void
set_state(tv_console *c, tv_console_state state, const char *reason)
{
    g_mutex_lock(&c->lock);
    if (c->state != TV_CONSOLE_CLOSED && c->state != TV_CONSOLE_BUSY) {
        c->state = state;
        g_free(c->reason);
        c->reason = g_strdup(reason);
    }
    g_mutex_unlock(&c->lock);
    tv_notify_wake();
}

static void
set_closed(tv_console *c, const char *reason)
{
    set_state(c, TV_CONSOLE_CLOSED, reason);
}

/*
 * Whether a failed open means another client holds the console.  libvirt
 * has no error code of its own for it: its drivers report "operation
 * failed: Active console session exists for this domain".
 */
static bool
console_busy_error(void)
{
    virErrorPtr err = virGetLastError();
    return err && err->code == VIR_ERR_OPERATION_FAILED && err->message &&
           strstr(err->message, "console session exists");
}

/*
 * Event loop thread: stops pumping.  The timer's free function drops its
 * reference; the stream callback's is dropped here, because libvirt's
 * remote driver never calls a stream callback's free function (its
 * remoteStreamCallbackFree calls it only when no callback is set).
 * Callers hold a reference of their own across this.
 */
static void
shut_stream(tv_console *c, bool abort_stream)
{
    bool had_cb = false;

    if (c->timer >= 0) {
        virEventRemoveTimeout(c->timer);
        c->timer = -1;
    }
    if (c->stream) {
        if (c->stream_cb) {
            virStreamEventRemoveCallback(c->stream);
            had_cb = true;
        }
        c->stream_cb = false;
        if (abort_stream)
            virStreamAbort(c->stream);
        else
            virStreamFinish(c->stream);
        virResetLastError();
        virStreamFree(c->stream);
        c->stream = NULL;
    }
    if (had_cb)
        tv_console_unref(c);
}

static void
stream_event(tv_console *c, virStreamPtr st, int events)
{
    char buf[4096];

    if (!c->stream)
        return;
    if (events & VIR_STREAM_EVENT_READABLE) {
        for (;;) {
            int n = virStreamRecv(st, buf, sizeof(buf));
            if (n > 0) {
                g_mutex_lock(&c->lock);
                g_byte_array_append(c->rx, (const guint8 *)buf, (guint)n);
                if (c->rx->len > TV_CONSOLE_RX_MAX)
                    g_byte_array_remove_range(c->rx, 0, c->rx->len - TV_CONSOLE_RX_MAX);
                g_mutex_unlock(&c->lock);
                tv_notify_wake();
                continue;
            }
            if (n == -2) /* would block: all read */
                break;
            if (n == 0) {
                shut_stream(c, false);
                set_closed(c, "the console closed (the domain stopped or another client took "
                              "it over)");
                return;
            }
            {
                /* What a client sees when another one takes the console over. */
                g_autofree char *err = tv_vir_last_error("the console stream failed");
                g_autofree char *why = g_strdup_printf("%s (another client took the console "
                                                       "over, or the domain stopped)", err);
                shut_stream(c, true);
                set_closed(c, why);
                return;
            }
        }
    }
    if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) {
        shut_stream(c, true);
        set_closed(c, "the console hung up (the domain stopped?)");
    }
}

static void
on_stream_event(virStreamPtr st, int events, void *opaque)
{
    tv_console *c = console_ref(opaque); /* shut_stream drops the callback's reference */
    stream_event(c, st, events);
    tv_console_unref(c);
}

/* Event loop thread, every 20 ms while open: sends what the user typed; handles close. */
static void
on_tx_timer(int timer, void *opaque)
{
    tv_console *c = opaque;
    g_autoptr(GByteArray) out = NULL;
    bool closing;

    g_mutex_lock(&c->lock);
    closing = c->close_requested;
    if (c->tx->len) {
        out = c->tx;
        c->tx = g_byte_array_new();
    }
    g_mutex_unlock(&c->lock);

    if (closing) {
        shut_stream(c, true);
        set_closed(c, "closed");
        return;
    }
    if (!c->stream || !out)
        return;
    {
        guint sent = 0;
        while (sent < out->len) {
            int n = virStreamSend(c->stream, (const char *)out->data + sent, out->len - sent);
            if (n == -2) {
                /* Not writable now: put the rest back in front for the next tick. */
                g_mutex_lock(&c->lock);
                g_byte_array_prepend(c->tx, out->data + sent, out->len - sent);
                g_mutex_unlock(&c->lock);
                return;
            }
            if (n < 0) {
                g_autofree char *why = tv_vir_last_error("could not send to the console");
                shut_stream(c, true);
                set_closed(c, why);
                return;
            }
            sent += (guint)n;
        }
    }
}

static void
timer_free(void *opaque)
{
    tv_console_unref(opaque);
}

/* The host worker: opens the stream, then hands the session to the event loop. */
static void
open_job(tv_host *host, struct _virConnect *conn, void *data)
{
    tv_console *c = data;
    g_autoptr(virDomain) dom = NULL;
    virStreamPtr st = NULL;

    if (!conn) {
        set_closed(c, "the host is not connected");
        return;
    }
    if (!(dom = virDomainLookupByUUIDString(conn, c->uuid))) {
        g_autofree char *why = tv_vir_last_error("the domain no longer exists");
        set_closed(c, why);
        return;
    }
    if (!(st = virStreamNew(conn, VIR_STREAM_NONBLOCK))) {
        g_autofree char *why = tv_vir_last_error("could not create a stream");
        set_closed(c, why);
        return;
    }
    if (virDomainOpenConsole(dom, NULL, st, c->force ? VIR_DOMAIN_CONSOLE_FORCE : 0) < 0) {
        g_autofree char *why = tv_vir_last_error("could not open the console");
        bool busy = !c->force && console_busy_error();
        virStreamFree(st);
        set_state(c, busy ? TV_CONSOLE_BUSY : TV_CONSOLE_CLOSED, why);
        return;
    }
    /* Everything the callbacks read is set before the first can run. */
    c->stream = st;
    c->stream_cb = true;
    c->timer = virEventAddTimeout(TV_CONSOLE_TX_PERIOD_MS, on_tx_timer, console_ref(c),
                                  timer_free);
    if (c->timer < 0)
        tv_console_unref(c);
    if (virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
                                          VIR_STREAM_EVENT_HANGUP,
                                  on_stream_event, console_ref(c), NULL) < 0) {
        g_autofree char *why = tv_vir_last_error("could not watch the console stream");
        tv_console_unref(c);
        c->stream_cb = false;
        set_closed(c, why);
        tv_console_close(c); /* the timer tick aborts and frees the stream */
        return;
    }
    g_mutex_lock(&c->lock);
    if (c->state == TV_CONSOLE_OPENING)
        c->state = TV_CONSOLE_OPEN;
    g_mutex_unlock(&c->lock);
    tv_log("console of %s open", c->uuid);
    tv_notify_wake();
}

tv_console *
tv_console_open(tv_host *host, const char *uuid_str, bool force)
{
    tv_console *c = g_new0(tv_console, 1);
    c->refs = 1;
    c->uuid = g_strdup(uuid_str);
    c->force = force;
    c->timer = -1;
    c->state = TV_CONSOLE_OPENING;
    c->rx = g_byte_array_new();
    c->tx = g_byte_array_new();
    g_mutex_init(&c->lock);
    tv_host_submit(host, open_job, console_ref(c), (GDestroyNotify)tv_console_unref);
    return c;
}

tv_console_state
tv_console_get_state(tv_console *c, const char **reason)
{
    tv_console_state s;
    g_mutex_lock(&c->lock);
    s = c->state;
    if (reason)
        *reason = c->reason;
    g_mutex_unlock(&c->lock);
    return s;
}

size_t
tv_console_read(tv_console *c, char *buf, size_t max)
{
    size_t n;
    g_mutex_lock(&c->lock);
    n = MIN(max, c->rx->len);
    if (n > 0) { /* an empty array's data may be NULL, which memcpy must not get */
        memcpy(buf, c->rx->data, n);
        g_byte_array_remove_range(c->rx, 0, (guint)n);
    }
    g_mutex_unlock(&c->lock);
    return n;
}

void
tv_console_write(tv_console *c, const char *bytes, size_t n)
{
    g_mutex_lock(&c->lock);
    if (c->state == TV_CONSOLE_OPENING || c->state == TV_CONSOLE_OPEN)
        g_byte_array_append(c->tx, (const guint8 *)bytes, (guint)n);
    g_mutex_unlock(&c->lock);
}

void
tv_console_close(tv_console *c)
{
    bool was_open;
    g_mutex_lock(&c->lock);
    c->close_requested = true;
    was_open = c->state == TV_CONSOLE_OPEN;
    g_mutex_unlock(&c->lock);
    /* Still opening: the open job will find close_requested at its first tick. */
    if (!was_open)
        set_closed(c, "closed");
}
