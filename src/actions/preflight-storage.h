/*
 * The preflight's disk checks (5 and 6): where each disk of the guest is
 * on the source (its storage pool and the pool's type), whether the
 * destination has the same path or a pool to copy it into, then the pure
 * rules of preflight-rules.c.  Split from migrate-preflight.c for size.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libvirt/libvirt.h>

#include "actions/preflight-rules.h"
#include "model/domxml.h"

/*
 * Adds "disk X" for every disk of guest, and "cache X" too when a running
 * guest moves (not offline).  The connections and guest are borrowed.
 */
void tv_preflight_check_disks(GPtrArray *checks, virConnectPtr sconn, virConnectPtr dconn,
                              const tv_domain_details *guest, tv_pf_copy copy, bool unsafe,
                              bool offline, bool running);
