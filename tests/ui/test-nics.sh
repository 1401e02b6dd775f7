#!/bin/bash
#
# UI test: network interfaces on a fixture host of libvirt's test driver.
# i on a domain opens the attach form: the host's networks are read for
# it (the first active one becomes the source), a new MAC is offered, and
# live and config follow the domain's state.  Fields come and go with the
# type (mode for direct only, no source default for a bridge), bad values
# are named as they are typed, and running it reaches libvirt, whose test
# driver has no hotplug and says so in its own words.  In Details,
# Hardware, x on a NIC opens the detach form with its MAC.  A ':' line
# with a field missing or wrong opens the form with what it gave.
# (The lab test runs the same forms on real QEMU, where the NIC comes and
# goes.)

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

for size in "80 24" "120 40"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_pick web01

    # ---- i on a running domain --------------------------------------------------------
    tv_keys i
    check_screen "attach a NIC to: web01 on host-a" "$sz: i opens the NIC form on web01"
    # Domains never reads networks: the form has them read, and the default follows.
    check_screen "[Ctrl+S] run" "$sz: the networks arrive and nothing is left to fill in"
    tv_keys Escape
    check_screen "attach a NIC to: cancelled, nothing changed" "$sz: Esc leaves it"
    tv_keys i
    check_row "$sz: type network" "Type" "< network >"
    check_row "$sz: the first active network as source" "Source isolated"
    check_row "$sz: virtio" "Model" "< virtio >"
    check_row "$sz: a new MAC in QEMU's range" "MAC address 52:54:00:"
    check_no_row "$sz: ...not web01's own" "MAC address 52:54:00:00:00:01"
    check_row "$sz: link up" "Link" "< up >"
    check_row "$sz: live, as web01 runs" "Live" "< yes >"
    check_row "$sz: config, as web01 is persistent" "Config" "< yes >"
    check_no_row "$sz: no mode for a network NIC" "Mode <"

    # Type cycles; what applies follows.
    tv_keys Right
    check_row "$sz: Right makes it a bridge" "Type" "< bridge >"
    check_row "$sz: a bridge has no default source" "is required"
    tv_keys Right
    check_row "$sz: then direct, with a mode" "Mode" "< bridge >"
    tv_keys Tab
    tv_type "br/0"
    check_screen "'br/0' is no device name" "$sz: a bad device name is said as it is typed"
    tv_keys C-u
    tv_type "lan"
    check_screen "'lan' is a network, not a host device" "$sz: a network's name is no device"
    tv_keys C-u
    check_row "$sz: emptied, it is required again" "is required"
    tv_keys BTab Right
    check_row "$sz: back to network" "Type" "< network >"
    check_no_row "$sz: the mode goes" "Mode <"
    check_row "$sz: the source default is back" "Source isolated"

    # The MAC, checked as typed against web01's NICs.
    tv_keys Tab Tab Tab C-u
    tv_type "52:54:00:00:00:01"
    check_screen "52:54:00:00:00:01 is already used by 'web01'" "$sz: web01's own MAC is refused"
    tv_keys C-u
    tv_type "03:00:00:00:00:01"
    check_screen "is a multicast address" "$sz: a multicast MAC is refused"
    tv_keys C-u
    tv_type "52:54:00:12:34:56"
    check_absent "multicast" "$sz: a free unicast MAC is fine"
    tv_keys C-s
    check_screen "Could not attach a NIC to 'web01': this function is not supported" \
        "$sz: Ctrl+S runs it, and libvirt's refusal is said"
    check_screen "virDomainAttachDeviceFlags" "$sz: ...in libvirt's words"
    check_absent "attach a NIC to: web01" "$sz: the form closed"

    # ---- a shut-off domain --------------------------------------------------------------
    tv_pick db01
    tv_keys i
    check_screen "attach a NIC to: db01 on host-a" "$sz: i on db01"
    check_row "$sz: not live, as db01 is off" "Live" "< no >"
    tv_keys Tab Tab Tab Tab Tab Space
    check_screen "'db01' is not running" "$sz: live=yes on a shut-off domain is refused"
    tv_keys Space
    check_absent "is not running" "$sz: ...and live=no is fine again"
    tv_keys Escape

    # ---- the ':' line ---------------------------------------------------------------------
    cmd "domain-attach-nic web01 type=bridge"
    check_screen "attach a NIC to: web01 on host-a" "$sz: a ':' line missing the source opens the form"
    check_row "$sz: ...with its type" "Type" "< bridge >"
    check_row "$sz: ...and the source asked for" "is required"
    tv_keys Escape
    # Complete, it is checked and runs at once.  Whether the snapshot still holds web01's
    # XML from the form a moment ago depends on the host's refresh: if it does, the form
    # opens with the MAC in red; if not, the worker, which reads every MAC, refuses it.
    # Either way the MAC is named with who has it, and nothing is attached.
    cmd "domain-attach-nic web01 mac=52:54:00:00:00:01"
    check_screen "52:54:00:00:00:01 is already used by" \
        "$sz: a ':' line with a MAC in use is refused, naming the MAC and who has it"
    if tv__has "attach a NIC to: web01 on host-a"; then
        check_row "$sz: ...in the form, under the MAC" "already used by 'web01'"
        tv_keys Escape
        tv_wait_gone "attach a NIC to: web01 on host-a" >/dev/null
    else
        check_screen "Could not attach a NIC to 'web01': mac: 52:54:00:00:00:01 is already" \
            "$sz: ...by the worker, naming the field"
    fi

    # ---- x on a NIC in Details, Hardware --------------------------------------------------
    tv_pick web01
    tv_keys Enter
    tv_wait "Overview" >/dev/null
    tv_keys Tab
    check_screen "Network interfaces (1)" "$sz: Hardware lists web01's NIC"
    tv_keys Down x
    check_screen "detach a NIC from: web01 on host-a" "$sz: x on the NIC opens the detach form"
    check_row "$sz: ...with its MAC" "MAC address 52:54:00:00:00:01"
    check_row "$sz: ...live" "Live" "< yes >"
    check_row "$sz: ...and config" "Config" "< yes >"
    tv_keys C-s
    check_screen "Could not detach a NIC from 'web01': this function is not supported" \
        "$sz: Ctrl+S runs it; the test driver's refusal is said"
    # Another MAC: not plugged into the running web01, so live is not the default.
    tv_keys x C-u
    tv_type "52:54:00:00:00:09"
    check_row "$sz: a MAC web01 does not run with: live no" "Live" "< no >"
    tv_keys Escape
    tv_quit "$sz NICs"
done

tv_start 100 30 -- -r -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_pick web01
tv_keys i
check_screen "Cannot attach a NIC to 'web01': the connection is read-only (-r)" \
    "read-only: i says why it cannot"
tv_quit "read-only NICs"

done_testing
