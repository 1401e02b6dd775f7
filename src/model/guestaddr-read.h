/*
 * Reading a guest's IP addresses from libvirt, on the host worker only.
 * Pulls in libvirt: views include model/guestaddr.h instead.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "model/guestaddr.h"

/* How to ask: what the worker knows of the domain and of the agent. */
typedef struct tv_guestaddr_query {
    const char *uuid_str;
    int dom_id;
    bool paused;      /* a paused guest's agent cannot answer: not asked */
    bool readonly;    /* a read-only connection may not ask the agent */
    bool agent_quiet; /* the agent did not answer lately: not asked this time */
} tv_guestaddr_query;

/*
 * Asks virDomainInterfaceAddresses for the addresses of dom from the DHCP
 * leases, then the guest agent, then the ARP table, stopping at the first
 * source that has any.  Never fails: what each source answered is in the
 * record's outcomes.  *agent_us is how long the agent took to answer (0 when
 * it was not asked), so the caller can leave a slow agent alone for a while.
 * Returns a new record (one reference).
 */
tv_guest_addrs *tv_guestaddr_read(virDomainPtr dom, const tv_guestaddr_query *q,
                                  gint64 *agent_us);
