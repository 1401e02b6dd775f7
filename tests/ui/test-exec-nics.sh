#!/bin/bash
#
# --exec with the NIC actions, on a fixture host of libvirt's test driver:
# every bad value is named before anything runs (exit 2), the defaults
# (the first active network, a new MAC, live and config from the domain's
# state) pass the checks, a MAC another domain uses is refused by the
# worker before libvirt is asked (exit 1, the field named), and a request
# that reaches libvirt fails in libvirt's own words, because the test
# driver has no device hotplug (tests/lab/test-lab-nics.sh attaches for real).

TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$TV_TMP/out
ERR=$TV_TMP/err

run() {
    "$TVIRT" "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

check_not_in() {
    if grep -q -F -- "$3" "$2"; then
        not_ok "$1"
        echo "# unwanted: $3"
        tv_diag <"$2"
    else
        ok "$1"
    fi
}

A=$TV_HOST_A

# ---- help ----------------------------------------------------------------------------------
run --exec domain-attach-nic --help
check_rc 0 "attach --help: exit 0"
check_in "attach --help: the types" "$OUT" "one of network, bridge, direct; default network"
check_in "attach --help: the modes" "$OUT" "one of bridge, vepa, private, passthrough"
check_in "attach --help: the models" "$OUT" "one of virtio, e1000e, e1000, rtl8139; default virtio"
check_in "attach --help: the MAC's default" "$OUT" "(MAC address; default worked out from the host)"
run --exec domain-detach-nic --help
check_rc 0 "detach --help: exit 0"
check_in "detach --help: mac is required" "$OUT" "(MAC address, required)"

# ---- attach: defaults reach libvirt --------------------------------------------------------
run -c "$A" --exec domain-attach-nic domain=web01
check_rc 1 "attach with every default: checked, run, refused by the test driver (exit 1)"
check_in "...in libvirt's words on stderr" "$ERR" \
    "tvirt: Could not attach a NIC to 'web01': this function is not supported by the connection driver: virDomainAttachDeviceFlags"
check_not_in "...no field was found wrong" "$ERR" "is required"
run -c "$A" --exec domain-attach-nic domain=web01 --format json
check_rc 1 "the same in JSON: exit 1"
check_in "...libvirt's words in the message" "$OUT" \
    "\"ok\":false,\"message\":\"Could not attach a NIC to 'web01': this function is not supported by the connection driver: virDomainAttachDeviceFlags\""

# ---- attach: every bad field named, nothing run --------------------------------------------
run -c "$A" --exec domain-attach-nic domain=web01 type=wifi model=ne2k mac=01:00:5e:00:00:01 \
    link=sideways live=maybe config=perhaps
check_rc 2 "six bad values: exit 2"
check_in "...the type" "$ERR" "type: 'wifi' is not one of network, bridge, direct"
check_in "...the model" "$ERR" "model: 'ne2k' is not one of virtio, e1000e, e1000, rtl8139"
check_in "...the multicast MAC" "$ERR" \
    "mac: 01:00:5e:00:00:01 is a multicast address; a NIC needs a unicast one"
check_in "...the link" "$ERR" "link: 'sideways' is not one of up, down"
check_in "...live" "$ERR" "live: 'maybe' is not yes or no"
check_in "...config" "$ERR" "config: 'perhaps' is not yes or no"
check_not_in "...and libvirt was never asked" "$ERR" "virDomainAttachDeviceFlags"

run -c "$A" --exec domain-attach-nic domain=web01 mac=52:54:00:00:0g:01
check_rc 2 "a MAC that is not one: exit 2"
check_in "...named" "$ERR" "mac: '52:54:00:00:0g:01' is not a MAC address"
run -c "$A" --exec domain-attach-nic domain=web01 mac=00:00:00:00:00:00
check_rc 2 "the all-zero MAC: exit 2"
check_in "...named" "$ERR" "mac: 00:00:00:00:00:00 is not a usable address"

run -c "$A" --exec domain-attach-nic domain=web01 source=nosuch
check_rc 2 "a network the host does not have: exit 2"
check_in "...named" "$ERR" "source: no network 'nosuch' on host-a"

run -c "$A" --exec domain-attach-nic domain=web01 mac=52:54:00:00:00:01
check_rc 2 "web01's own MAC again: exit 2"
check_in "...named, with who has it" "$ERR" "mac: 52:54:00:00:00:01 is already used by 'web01'"
run -c "$A" --exec domain-attach-nic domain=11111111-0000-4000-8000-000000000001 \
    mac=52:54:00:00:00:01
check_rc 2 "the same with the domain named by UUID: exit 2"

run -c "$A" --exec domain-attach-nic domain=db01 mac=52:54:00:00:00:01 --format json
check_rc 1 "another domain's MAC: refused on the worker, which reads every MAC (exit 1)"
check_in "...the field named, before libvirt is asked" "$OUT" \
    "\"message\":\"Could not attach a NIC to 'db01': mac: 52:54:00:00:00:01 is already used by 'web01'\""

run -c "$A" --exec domain-attach-nic domain=db01 live=yes
check_rc 2 "live on a shut-off domain: exit 2"
check_in "...named" "$ERR" "live: 'db01' is not running (config=yes changes its next start)"
run -c "$A" --exec domain-attach-nic domain=web01 live=no config=no
check_rc 2 "neither live nor config: exit 2"
check_in "...named" "$ERR" "config: live and config are both no: nothing would change"

run -c "$A" --exec domain-attach-nic domain=web01 type=bridge
check_rc 2 "a bridge without a source: exit 2"
check_in "...named" "$ERR" "source: is required"
run -c "$A" --exec domain-attach-nic domain=web01 type=bridge source=lan
check_rc 2 "a network's name as the bridge: exit 2"
check_in "...named" "$ERR" "source: 'lan' is a network, not a bridge (type=network)"
run -c "$A" --exec domain-attach-nic domain=web01 type=direct source='eth0:1'
check_rc 2 "a device name the kernel refuses: exit 2"
check_in "...named" "$ERR" "source: 'eth0:1' is no device name"
run -c "$A" --exec domain-attach-nic domain=web01 mode=vepa
check_rc 2 "a mode for a network NIC: exit 2"
check_in "...named" "$ERR" "mode: does not apply here"
run -c "$A" --exec domain-attach-nic domain=web01 type=bridge source=br9
check_rc 1 "a bridge the host does not list: refused on the worker (exit 1)"
check_in "...named" "$ERR" "source: the host has no bridge 'br9'"

# ---- detach --------------------------------------------------------------------------------
run -c "$A" --exec domain-detach-nic domain=web01
check_rc 2 "detach without a MAC: exit 2"
check_in "...named" "$ERR" "mac: is required"
run -c "$A" --exec domain-detach-nic domain=db01 mac=52:54:00:00:00:01
check_rc 2 "a MAC the shut-off domain does not have: exit 2"
check_in "...named" "$ERR" "mac: 'db01' has no NIC with MAC 52:54:00:00:00:01"
run -c "$A" --exec domain-detach-nic domain=web01 mac=52:54:00:00:00:09 live=yes
check_rc 2 "live, for a MAC the running domain does not have: exit 2"
check_in "...named" "$ERR" "mac: the running 'web01' has no such NIC (saved only? live=no)"
run -c "$A" --exec domain-detach-nic domain=web01 mac=52:54:00:00:00:09
check_rc 1 "a MAC in neither the live nor the saved XML: the worker says so (exit 1)"
check_in "...named" "$ERR" "mac: 'web01' has no NIC with MAC 52:54:00:00:00:09"
run -c "$A" --exec domain-detach-nic domain=web01 mac=52:54:00:00:00:01 --format json
check_rc 1 "web01's NIC: found and handed to libvirt, which the test driver refuses (exit 1)"
check_in "...in libvirt's words" "$OUT" "this function is not supported by the connection driver: virDomainDetachDeviceFlags"

run -r -c "$A" --exec domain-attach-nic domain=web01
check_rc 1 "read-only: exit 1"
check_in "...with the reason" "$ERR" "the connection is read-only (-r)"

done_testing
