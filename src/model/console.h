/*
 * A serial console session: a libvirt stream (virDomainOpenConsole) pumped
 * by libvirt's event loop thread.  Bytes from the guest collect in a buffer
 * the front end drains; bytes the user types are queued here and sent by a
 * short timer on the event loop, so neither side ever blocks on the other
 * and the UI thread never calls libvirt.  Sessions are reference counted.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "model/host.h"

typedef struct tv_console tv_console;

typedef enum {
    TV_CONSOLE_OPENING,
    TV_CONSOLE_OPEN,
    TV_CONSOLE_CLOSED,
    TV_CONSOLE_BUSY, /* closed: another client holds the console (open again with force) */
} tv_console_state;

/*
 * Starts opening the serial console of domain uuid_str on host (the open
 * runs on the host's worker).  Returns a new session (caller's reference).
 * force takes the console over from another client, like virsh console --force.
 */
tv_console *tv_console_open(tv_host *host, const char *uuid_str, bool force);
void tv_console_unref(tv_console *c);

/*
 * Current state; when closed or busy, *reason (borrowed, may be NULL) says
 * why, in libvirt's words.
 */
tv_console_state tv_console_get_state(tv_console *c, const char **reason);

/* Moves up to max received bytes into buf; returns how many. */
size_t tv_console_read(tv_console *c, char *buf, size_t max);

/* Queues bytes for the guest. */
void tv_console_write(tv_console *c, const char *bytes, size_t n);

/* Ends the session (asynchronously); the state becomes closed. */
void tv_console_close(tv_console *c);
