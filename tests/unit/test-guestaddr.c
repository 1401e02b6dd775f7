/*
 * Guest address records: formatting an address with its source, picking a
 * NIC's addresses by MAC, and the plain words for why none is known.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "model/guestaddr.h"

static void
test_format(void **state)
{
    g_autoptr(tv_guest_addrs) a = tv_guest_addrs_new("u");
    g_autofree char *lease = NULL, *arp = NULL;

    tv_guest_addrs_add(a, "vnet0", "52:54:00:AB:00:01", "192.0.2.10", 24, false);
    tv_guest_addrs_add(a, "vnet0", "52:54:00:ab:00:01", "198.51.100.7", 0, false);
    lease = tv_guest_addr_format(&g_array_index(a->addrs, tv_guest_addr, 0), TV_ADDR_SRC_LEASE);
    assert_string_equal(lease, "192.0.2.10/24 (lease)");
    /* ARP knows no prefix: none is shown rather than "/0". */
    arp = tv_guest_addr_format(&g_array_index(a->addrs, tv_guest_addr, 1), TV_ADDR_SRC_ARP);
    assert_string_equal(arp, "198.51.100.7 (arp)");
    /* MACs are kept in lower case. */
    assert_string_equal(g_array_index(a->addrs, tv_guest_addr, 0).mac, "52:54:00:ab:00:01");
    assert_string_equal(tv_addr_source_name(TV_ADDR_SRC_AGENT), "agent");
}

static void
test_for_mac(void **state)
{
    g_autoptr(tv_guest_addrs) a = tv_guest_addrs_new("u");
    g_autofree char *one = NULL, *other = NULL, *none = NULL;

    a->active = true;
    a->source = TV_ADDR_SRC_AGENT;
    a->outcome[TV_ADDR_SRC_LEASE] = TV_ADDR_EMPTY;
    a->outcome[TV_ADDR_SRC_AGENT] = TV_ADDR_FOUND;
    tv_guest_addrs_add(a, "eth0", "52:54:00:00:00:01", "192.0.2.10", 24, false);
    tv_guest_addrs_add(a, "eth0", "52:54:00:00:00:01", "2001:db8::10", 64, true);
    tv_guest_addrs_add(a, "eth1", "52:54:00:00:00:02", "198.51.100.1", 25, false);
    one = tv_guest_addrs_for_mac(a, "52:54:00:00:00:01");
    assert_string_equal(one, "192.0.2.10/24 (agent), 2001:db8::10/64 (agent)");
    other = tv_guest_addrs_for_mac(a, "52:54:00:00:00:02"); /* case does not matter */
    assert_string_equal(other, "198.51.100.1/25 (agent)");
    assert_null(tv_guest_addrs_for_mac(a, "52:54:00:00:00:03"));
    assert_null(tv_guest_addrs_for_mac(NULL, "52:54:00:00:00:03"));
    none = tv_guest_addrs_why_none_for_nic(a);
    assert_string_equal(none, "the guest agent reports none for this NIC");
}

static void
test_loopback(void **state)
{
    assert_true(tv_guest_addr_is_loopback("127.0.0.1"));
    assert_true(tv_guest_addr_is_loopback("127.1.2.3"));
    assert_true(tv_guest_addr_is_loopback("::1"));
    assert_false(tv_guest_addr_is_loopback("192.0.2.127"));
    assert_false(tv_guest_addr_is_loopback("fe80::1"));
    assert_false(tv_guest_addr_is_loopback(NULL));
}

/* why_none of a record with these outcomes for lease, agent and ARP. */
static char *
why(tv_addr_outcome lease, tv_addr_outcome agent, tv_addr_outcome arp, const char *failure)
{
    g_autoptr(tv_guest_addrs) a = tv_guest_addrs_new("u");
    a->active = true;
    a->outcome[TV_ADDR_SRC_LEASE] = lease;
    a->outcome[TV_ADDR_SRC_AGENT] = agent;
    a->outcome[TV_ADDR_SRC_ARP] = arp;
    if (failure)
        a->failure[TV_ADDR_SRC_ARP] = g_strdup(failure);
    return tv_guest_addrs_why_none(a);
}

static void
test_why_none(void **state)
{
    g_autoptr(tv_guest_addrs) off = tv_guest_addrs_new("u");
    g_autofree char *w1 = NULL, *w2 = NULL, *w3 = NULL, *w4 = NULL, *w5 = NULL, *w6 = NULL;
    g_autofree char *w7 = NULL, *w8 = NULL, *w9 = NULL;

    w1 = tv_guest_addrs_why_none(off);
    assert_string_equal(w1, "the domain is not running");
    w2 = why(TV_ADDR_EMPTY, TV_ADDR_NO_AGENT, TV_ADDR_EMPTY, NULL);
    assert_string_equal(w2, "no DHCP lease, no guest agent and no ARP entry");
    w3 = why(TV_ADDR_EMPTY, TV_ADDR_PAUSED, TV_ADDR_EMPTY, NULL);
    assert_string_equal(w3, "no DHCP lease, a paused guest's agent cannot answer and no ARP "
                            "entry");
    w4 = why(TV_ADDR_UNSUPPORTED, TV_ADDR_UNSUPPORTED, TV_ADDR_UNSUPPORTED, NULL);
    assert_string_equal(w4, "the host's driver does not report guest addresses");
    /* libvirt's own words for an unexpected failure (libvirt 9.0 on Linux 6.x). */
    w5 = why(TV_ADDR_EMPTY, TV_ADDR_NO_ANSWER, TV_ADDR_FAILED, "internal error: wrong nlmsg len");
    assert_string_equal(w5, "no DHCP lease, the guest agent does not answer and the host's ARP "
                            "table could not be read (internal error: wrong nlmsg len)");
    w6 = why(TV_ADDR_EMPTY, TV_ADDR_READONLY, TV_ADDR_EMPTY, NULL);
    assert_string_equal(w6, "no DHCP lease, the guest agent is not asked on a read-only "
                            "connection and no ARP entry");
    w7 = why(TV_ADDR_EMPTY, TV_ADDR_EMPTY, TV_ADDR_NOT_ASKED, NULL);
    assert_string_equal(w7, "no DHCP lease and the guest agent reports no address");
    w8 = why(TV_ADDR_NOT_ASKED, TV_ADDR_NOT_ASKED, TV_ADDR_NOT_ASKED, NULL);
    assert_string_equal(w8, "no source reported an address");
    w9 = tv_guest_addrs_why_none(NULL);
    assert_string_equal(w9, "not read yet");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_for_mac),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_why_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
