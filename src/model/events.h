/*
 * libvirt's default event loop in a thread of its own.  It must be
 * registered before the first connection opens, and it carries keepalive,
 * close callbacks and domain events for every host.
 */
#pragma once

/* Registers the default implementation and starts the loop thread. 0 or -1. */
int tv_events_start(void);
/* Stops and joins the loop thread (after all connections are closed). */
void tv_events_stop(void);
