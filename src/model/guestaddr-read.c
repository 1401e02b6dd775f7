/*
 * The three calls behind a guest's addresses.  The lease and ARP sources are
 * answered by the host at once; the agent source goes to the guest, and
 * libvirt fails it at once when no agent is configured or connected ("QEMU
 * guest agent is not connected") but waits up to its own 5 s guest-sync
 * timeout for an agent that is connected and stuck: the caller measures that
 * wait and stops asking a slow agent for a while.
 */
#include "config.h"

#include <stdlib.h>

#include "model/guestaddr-read.h"
#include "util/cleanup.h"

/* Maps the failure of one source to an outcome; keeps libvirt's message for the rest. */
static tv_addr_outcome
failure_outcome(tv_guest_addrs *a, tv_addr_source src, gint64 took_us)
{
    virErrorPtr err = virGetLastError();
    int code = err ? err->code : VIR_ERR_INTERNAL_ERROR;

    switch (code) {
    case VIR_ERR_NO_SUPPORT:
        return TV_ADDR_UNSUPPORTED;
    case VIR_ERR_OPERATION_DENIED:
        if (src == TV_ADDR_SRC_AGENT)
            return TV_ADDR_READONLY;
        break;
    case VIR_ERR_ARGUMENT_UNSUPPORTED: /* "QEMU guest agent is not configured" */
        if (src == TV_ADDR_SRC_AGENT)
            return TV_ADDR_NO_AGENT;
        break;
    case VIR_ERR_AGENT_UNRESPONSIVE: /* "not connected" at once, or a timeout */
    case VIR_ERR_AGENT_UNSYNCED:
        return took_us >= G_USEC_PER_SEC ? TV_ADDR_NO_ANSWER : TV_ADDR_NO_AGENT;
    default:
        break;
    }
    g_free(a->failure[src]);
    a->failure[src] = tv_vir_last_error("failed");
    return TV_ADDR_FAILED;
}

/* Adds what one source reported; returns how many addresses it added. */
static guint
take_interfaces(tv_guest_addrs *a, virDomainInterfacePtr *ifaces, int n)
{
    guint added = 0;
    for (int i = 0; i < n; i++) {
        const virDomainInterface *iface = ifaces[i];
        for (unsigned j = 0; j < iface->naddrs; j++) {
            const virDomainIPAddress *ip = &iface->addrs[j];
            if (!ip->addr || tv_guest_addr_is_loopback(ip->addr))
                continue;
            tv_guest_addrs_add(a, iface->name, iface->hwaddr, ip->addr, (int)ip->prefix,
                               ip->type == VIR_IP_ADDR_TYPE_IPV6);
            added++;
        }
    }
    return added;
}

tv_guest_addrs *
tv_guestaddr_read(virDomainPtr dom, const tv_guestaddr_query *q, gint64 *agent_us)
{
    static const struct {
        tv_addr_source src;
        unsigned vir_src;
    } order[] = {
        { TV_ADDR_SRC_LEASE, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE },
        { TV_ADDR_SRC_AGENT, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT },
        { TV_ADDR_SRC_ARP, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP },
    };
    tv_guest_addrs *a = tv_guest_addrs_new(q->uuid_str);
    bool found = false;

    a->dom_id = q->dom_id;
    a->active = true;
    *agent_us = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        tv_addr_source src = order[i].src;
        virDomainInterfacePtr *ifaces = NULL;
        gint64 t0;
        int n;

        if (found) {
            a->outcome[src] = TV_ADDR_NOT_ASKED;
            continue;
        }
        if (src == TV_ADDR_SRC_AGENT && (q->paused || q->readonly || q->agent_quiet)) {
            a->outcome[src] = q->paused     ? TV_ADDR_PAUSED
                              : q->readonly ? TV_ADDR_READONLY
                                            : TV_ADDR_NO_ANSWER;
            continue;
        }
        t0 = g_get_monotonic_time();
        n = virDomainInterfaceAddresses(dom, &ifaces, order[i].vir_src, 0);
        if (src == TV_ADDR_SRC_AGENT)
            *agent_us = g_get_monotonic_time() - t0;
        if (n < 0) {
            a->outcome[src] = failure_outcome(a, src, g_get_monotonic_time() - t0);
            virResetLastError();
            continue;
        }
        if (take_interfaces(a, ifaces, n) > 0) {
            a->source = src;
            a->outcome[src] = TV_ADDR_FOUND;
            found = true;
        } else {
            a->outcome[src] = TV_ADDR_EMPTY;
        }
        for (int k = 0; k < n; k++)
            virDomainInterfaceFree(ifaces[k]);
        free(ifaces);
    }
    return a;
}
