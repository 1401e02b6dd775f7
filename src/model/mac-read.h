/*
 * Reading every MAC a host's domains use, on the host worker only (it
 * calls libvirt; the set itself is pure, in model/mac.h).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "model/mac.h"

/*
 * The MACs of every domain of conn: each domain's current XML and, for a
 * running persistent domain, its saved definition too (a NIC added for
 * the next boot only is there alone).  A domain that vanishes while it is
 * read is left out.  Returns a new set, or NULL with *error (libvirt's
 * words) when the domains cannot be listed.
 */
tv_mac_set *tv_mac_read_host(virConnectPtr conn, char **error);
