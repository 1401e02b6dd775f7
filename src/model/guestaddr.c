/*
 * Guest address records and the words the Details screen uses for them.
 * The worker fills a record per read (guestaddr-read.c); everything here is
 * pure, so the wording of "why no address" is unit-tested without a guest.
 * The reasons follow the order libvirt is asked in: lease, agent, ARP.
 */
#include "config.h"

#include <string.h>

#include "model/guestaddr.h"

static const char *const source_names[TV_ADDR_SRC_LAST] = {
    [TV_ADDR_SRC_LEASE] = "lease",
    [TV_ADDR_SRC_AGENT] = "agent",
    [TV_ADDR_SRC_ARP] = "arp",
};

const char *
tv_addr_source_name(tv_addr_source s)
{
    return (unsigned)s < TV_ADDR_SRC_LAST ? source_names[s] : "?";
}

static void
addr_clear(gpointer p)
{
    tv_guest_addr *ad = p;
    g_free(ad->ifname);
    g_free(ad->mac);
    g_free(ad->addr);
}

tv_guest_addrs *
tv_guest_addrs_new(const char *uuid_str)
{
    tv_guest_addrs *a = g_atomic_rc_box_new0(tv_guest_addrs);
    a->uuid_str = g_strdup(uuid_str);
    a->dom_id = -1;
    a->addrs = g_array_new(FALSE, TRUE, sizeof(tv_guest_addr));
    g_array_set_clear_func(a->addrs, addr_clear);
    return a;
}

tv_guest_addrs *
tv_guest_addrs_ref(tv_guest_addrs *a)
{
    return a ? g_atomic_rc_box_acquire(a) : NULL;
}

static void
addrs_clear(gpointer p)
{
    tv_guest_addrs *a = p;
    g_free(a->uuid_str);
    g_array_unref(a->addrs);
    for (int i = 0; i < TV_ADDR_SRC_LAST; i++)
        g_free(a->failure[i]);
}

void
tv_guest_addrs_unref(tv_guest_addrs *a)
{
    if (a)
        g_atomic_rc_box_release_full(a, addrs_clear);
}

void
tv_guest_addrs_add(tv_guest_addrs *a, const char *ifname, const char *mac, const char *addr,
                   int prefix, bool ipv6)
{
    tv_guest_addr ad = {
        .ifname = g_strdup(ifname),
        .mac = mac ? g_ascii_strdown(mac, -1) : NULL,
        .addr = g_strdup(addr),
        .prefix = prefix,
        .ipv6 = ipv6,
    };
    g_array_append_val(a->addrs, ad);
}

bool
tv_guest_addr_is_loopback(const char *addr)
{
    if (!addr)
        return false;
    return g_str_has_prefix(addr, "127.") || strcmp(addr, "::1") == 0 ||
           g_str_has_prefix(addr, "::ffff:127.");
}

char *
tv_guest_addr_format(const tv_guest_addr *ad, tv_addr_source src)
{
    if (ad->prefix > 0)
        return g_strdup_printf("%s/%d (%s)", ad->addr, ad->prefix, tv_addr_source_name(src));
    return g_strdup_printf("%s (%s)", ad->addr, tv_addr_source_name(src));
}

char *
tv_guest_addrs_for_mac(const tv_guest_addrs *a, const char *mac)
{
    GString *out = NULL;
    if (!a || !mac)
        return NULL;
    for (guint i = 0; i < a->addrs->len; i++) {
        const tv_guest_addr *ad = &g_array_index(a->addrs, tv_guest_addr, i);
        g_autofree char *text = NULL;
        if (!ad->mac || g_ascii_strcasecmp(ad->mac, mac) != 0)
            continue;
        text = tv_guest_addr_format(ad, a->source);
        if (!out)
            out = g_string_new(text);
        else
            g_string_append_printf(out, ", %s", text);
    }
    return out ? g_string_free(out, FALSE) : NULL;
}

/* The words for what a source answered, or NULL when it says nothing worth telling. */
static char *
outcome_words(const tv_guest_addrs *a, tv_addr_source s)
{
    switch (a->outcome[s]) {
    case TV_ADDR_EMPTY:
        switch (s) {
        case TV_ADDR_SRC_LEASE: return g_strdup("no DHCP lease");
        case TV_ADDR_SRC_AGENT: return g_strdup("the guest agent reports no address");
        default: return g_strdup("no ARP entry");
        }
    case TV_ADDR_UNSUPPORTED:
        switch (s) {
        case TV_ADDR_SRC_LEASE: return g_strdup("no DHCP lease");
        case TV_ADDR_SRC_AGENT: return g_strdup("no guest agent");
        default: return g_strdup("no ARP entry");
        }
    case TV_ADDR_NO_AGENT: return g_strdup("no guest agent");
    case TV_ADDR_NO_ANSWER: return g_strdup("the guest agent does not answer");
    case TV_ADDR_PAUSED: return g_strdup("a paused guest's agent cannot answer");
    case TV_ADDR_READONLY:
        return g_strdup("the guest agent is not asked on a read-only connection");
    case TV_ADDR_FAILED:
        return g_strdup_printf("%s (%s)",
                               s == TV_ADDR_SRC_LEASE   ? "the DHCP leases could not be read"
                               : s == TV_ADDR_SRC_AGENT ? "the guest agent failed"
                                                        : "the host's ARP table could not be read",
                               a->failure[s] ? a->failure[s] : "no reason given");
    default: return NULL;
    }
}

char *
tv_guest_addrs_why_none(const tv_guest_addrs *a)
{
    g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
    GString *out;
    bool all_unsupported = true;

    if (!a)
        return g_strdup("not read yet");
    if (!a->active)
        return g_strdup("the domain is not running");
    for (int s = 0; s < TV_ADDR_SRC_LAST; s++) {
        char *w = outcome_words(a, (tv_addr_source)s);
        if (a->outcome[s] != TV_ADDR_UNSUPPORTED)
            all_unsupported = false;
        if (w)
            g_ptr_array_add(parts, w);
    }
    if (all_unsupported)
        return g_strdup("the host's driver does not report guest addresses");
    if (parts->len == 0)
        return g_strdup("no source reported an address");
    /* "a", "a and b", "a, b and c" */
    out = g_string_new(parts->pdata[0]);
    for (guint i = 1; i < parts->len; i++)
        g_string_append_printf(out, "%s%s", i + 1 == parts->len ? " and " : ", ",
                               (const char *)parts->pdata[i]);
    return g_string_free(out, FALSE);
}

char *
tv_guest_addrs_why_none_for_nic(const tv_guest_addrs *a)
{
    if (!a || a->addrs->len == 0)
        return tv_guest_addrs_why_none(a);
    switch (a->source) {
    case TV_ADDR_SRC_LEASE: return g_strdup("no DHCP lease for this NIC");
    case TV_ADDR_SRC_AGENT: return g_strdup("the guest agent reports none for this NIC");
    default: return g_strdup("no ARP entry for this NIC");
    }
}
