/*
 * The wake pipe and the message queue between host workers and the front
 * end.  Workers never touch the UI: they post here and wake the loop, which
 * picks messages up on its own thread.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#include "model/messages.h"
#include "util/log.h"

static int wake_pipe[2] = { -1, -1 };
/* A byte is in the pipe and not drained yet: further wakes need no syscall. */
static gint wake_pending;
static GMutex queue_lock;
static GQueue queue = G_QUEUE_INIT;

int
tv_notify_init(void)
{
    if (wake_pipe[0] >= 0)
        return 0;
    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

void
tv_message_clear(tv_message *m)
{
    g_clear_pointer(&m->text, g_free);
    if (m->payload && m->free_payload)
        m->free_payload(m->payload);
    m->payload = NULL;
}

static void
message_free(gpointer p)
{
    tv_message_clear(p);
    g_free(p);
}

void
tv_notify_shutdown(void)
{
    g_mutex_lock(&queue_lock);
    g_queue_clear_full(&queue, message_free);
    g_mutex_unlock(&queue_lock);
    for (int i = 0; i < 2; i++) {
        if (wake_pipe[i] >= 0)
            close(wake_pipe[i]);
        wake_pipe[i] = -1;
    }
}

int
tv_notify_fd(void)
{
    return wake_pipe[0];
}

void
tv_notify_wake(void)
{
    /* A full pipe already means "wake up"; losing this byte is fine. */
    if (wake_pipe[1] >= 0 && g_atomic_int_compare_and_exchange(&wake_pending, 0, 1)) {
        ssize_t n = write(wake_pipe[1], "", 1);
        (void)n;
    }
}

void
tv_notify_drain(void)
{
    char buf[256];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof(buf)) > 0)
        ;
    /*
     * Cleared after reading: a wake that raced with the read found it set and
     * wrote nothing, but what it announced was published before this point,
     * and the front end reads snapshots and messages only after draining.
     */
    g_atomic_int_set(&wake_pending, 0);
}

static void
queue_push(tv_message *m)
{
    m->time_us = g_get_real_time();
    tv_log("message(%s, host %u): %s", m->level == TV_MSG_ERROR ? "error" : "info", m->host_id,
           m->text);
    g_mutex_lock(&queue_lock);
    g_queue_push_tail(&queue, m);
    g_mutex_unlock(&queue_lock);
    tv_notify_wake();
}

void
tv_message_post_host(tv_msg_level level, unsigned host_id, const char *fmt, ...)
{
    va_list ap;
    tv_message *m = g_new0(tv_message, 1);
    m->level = level;
    m->host_id = host_id;
    va_start(ap, fmt);
    m->text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    queue_push(m);
}

void
tv_message_post_result(tv_msg_level level, unsigned host_id, guint request, const char *text,
                       void *payload, GDestroyNotify free_payload)
{
    tv_message *m = g_new0(tv_message, 1);
    m->level = level;
    m->host_id = host_id;
    m->text = g_strdup(text);
    m->request = request;
    m->payload = payload;
    m->free_payload = free_payload;
    queue_push(m);
}

bool
tv_message_pop(tv_message *out)
{
    tv_message *m;
    g_mutex_lock(&queue_lock);
    m = g_queue_pop_head(&queue);
    g_mutex_unlock(&queue_lock);
    if (!m)
        return false;
    *out = *m;
    g_free(m);
    return true;
}
