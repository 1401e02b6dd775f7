/*
 * The event loop thread.  virEventRunDefaultImpl blocks in poll(); to stop
 * it we clear the flag and add a zero timeout, which makes the current
 * iteration return so the thread sees the flag.
 */
#include "config.h"

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "model/events.h"
#include "util/log.h"

static GThread *loop_thread;
static gint loop_running;

static gpointer
event_loop_main(gpointer unused)
{
    while (g_atomic_int_get(&loop_running)) {
        if (virEventRunDefaultImpl() < 0)
            tv_log("event loop iteration failed: %s", virGetLastErrorMessage());
    }
    return NULL;
}

static void
wake_timeout(int timer, void *opaque)
{
    virEventRemoveTimeout(timer);
}

int
tv_events_start(void)
{
    if (loop_thread)
        return 0;
    if (virEventRegisterDefaultImpl() < 0)
        return -1;
    g_atomic_int_set(&loop_running, 1);
    loop_thread = g_thread_new("tv-events", event_loop_main, NULL);
    return 0;
}

void
tv_events_stop(void)
{
    if (!loop_thread)
        return;
    g_atomic_int_set(&loop_running, 0);
    virEventAddTimeout(0, wake_timeout, NULL, NULL);
    g_thread_join(loop_thread);
    loop_thread = NULL;
}
