/*
 * Host CPU and memory figures for a host reached through libvirt, filling
 * the same tv_hoststats record as the libgtop collector (hoststats.h).
 * libvirt reports no load average or NIC counters for a node, so those bits
 * stay unset; a driver that lacks a call (the test driver has no memory
 * stats) leaves its bits unset too.  Model-internal: it takes a
 * virConnectPtr, so views never include it.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "model/hoststats.h"

/* Collector state for one remote host: the previous CPU counters. */
typedef struct tv_remote_collector tv_remote_collector;

tv_remote_collector *tv_remote_collector_new(void);
void tv_remote_collector_free(tv_remote_collector *c);
/*
 * Samples the host behind conn (borrowed; may be NULL, which yields nothing
 * valid).  The CPU share is filled from the second call on.  Failures are
 * not errors for the caller: they leave bits unset and libvirt's last error
 * for this thread reset.  Call from the thread that owns conn.
 */
void tv_remote_collector_sample(tv_remote_collector *c, virConnectPtr conn, tv_hoststats *out);
