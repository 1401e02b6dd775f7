#!/bin/bash
# Lab test (TAP): domain-attach-nic and domain-detach-nic through --exec on a running QEMU
# guest.  A virtio NIC on the lab's network goes in live and saved (the defaults for a
# running persistent guest): virsh domiflist lists it with its MAC, the saved XML has it,
# and the guest's kernel sees a new interface in /proc/net/dev (typed on its console, read
# back from the console log).  It is unplugged again and gone from all three.  A NIC saved
# only (live=no, link down) is in the inactive XML alone and leaves with a config-only
# detach.  A MAC in use is refused before anything is done: the guest's own (exit 2, the
# field named) and one only its saved configuration has (the worker reads every MAC).
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

guest=tvl-nics

tl_up
tl_guest "$guest" a || tl_bail "guest $guest did not boot"
ok "guest $guest runs on host a"

out=$TV_TMP/out
err=$TV_TMP/err
log=$LAB_CONSOLE_DIR/$guest.log

# exec ACTION ARGS...: tvirt --exec on host a, JSON on $out, messages on $err, status in $rc.
exec_a() {
    "$TVIRT" -c "$LAB_URI_A" --exec "$@" domain="$guest" --format json >"$out" 2>"$err"
    rc=$?
}

# check_rc WANT DESC
check_rc() {
    if [ "$rc" = "$1" ]; then
        ok "$2"
    else
        not_ok "$2 (status $rc, wanted $1)"
        tv_diag <"$err"
        tv_diag <"$out"
    fi
}

# The MACs of the guest: live (domiflist) or saved (domiflist --inactive), lowercase.
macs() {
    tl_virsh a domiflist "$guest" "$@" 2>/dev/null | awk '{print tolower($5)}' | grep ':'
}
has_mac() { macs "${@:2}" | grep -q -x -F "$1"; }
lacks_mac() { ! has_mac "$@"; }

# guest_sees PATTERN: types `cat /proc/net/dev` on the console and looks for an interface
# line matching PATTERN (an ERE) in what the guest printed back.
guest_netdev_has() {
    local size
    size=$(stat -c %s "$log" 2>/dev/null || echo 0)
    "$LAB_SH" send "$guest" a 'cat /proc/net/dev' >/dev/null 2>&1 || return 1
    sleep 0.5
    tail -c +"$((size + 1))" "$log" | tr -d '\r' | grep -q -E "$1"
}
guest_netdev_lacks() { ! guest_netdev_has "$@"; }

first=$(macs | head -n 1)
[ -n "$first" ] || tl_bail "virsh domiflist shows no NIC on $guest"
guest_netdev_has '^ *eth0:' || tl_bail "the guest does not answer on its console"
if guest_netdev_has '^ *eth1:'; then
    not_ok "the guest has one interface before the attach"
else
    ok "the guest has one interface before the attach"
fi

# ---- live and saved (the defaults on a running persistent guest) -----------------------------
exec_a domain-attach-nic type=network source="$LAB_NETWORK" model=virtio
check_rc 0 "attach a virtio NIC on $LAB_NETWORK: exit 0"
mac=$(sed -n 's/.*"mac":"\([0-9a-f:]*\)".*/\1/p' "$out")
if [[ $mac =~ ^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$ ]] && [ "$mac" != "$first" ]; then
    ok "...a new MAC in 52:54:00 ($mac)"
else
    not_ok "...a new MAC in 52:54:00 ($mac)"
    tv_diag <"$out"
fi
check_in "...live and saved, as virsh would by default" "$out" '"live":"yes","config":"yes"'
row=$(tl_virsh a domiflist "$guest" 2>/dev/null | grep -i -F "$mac")
if [[ $row =~ network[[:space:]]+$LAB_NETWORK[[:space:]]+virtio ]]; then
    ok "virsh domiflist: network $LAB_NETWORK, virtio, $mac"
else
    not_ok "virsh domiflist: network $LAB_NETWORK, virtio, $mac"
    tl_virsh a domiflist "$guest" 2>&1 | tv_diag
fi
tv_result "$(has_mac "$mac" --inactive; echo $?)" "virsh domiflist --inactive: saved too"
dev=$(sed -n 's/.*"dev":"\([^"]*\)".*/\1/p' "$out")
tv_result "$([ -n "$dev" ] && [[ $row == *"$dev"* ]]; echo $?)" \
    "...the host device the note names ($dev) is virsh's"
if lab_wait "$TL_WAIT" guest_netdev_has '^ *eth1:'; then
    ok "the guest sees a new interface (eth1 in /proc/net/dev)"
else
    not_ok "the guest sees a new interface (eth1 in /proc/net/dev)"
    tail -n 20 "$log" | tv_diag
fi

exec_a domain-attach-nic mac="$mac"
check_rc 2 "the new NIC's MAC again: exit 2"
if grep -q -i -F "mac: $mac is already used by '$guest'" "$err"; then
    ok "...the field named, with who has it"
else
    not_ok "...the field named, with who has it"
    tv_diag <"$err"
fi
exec_a domain-attach-nic mac="$(tr a-f A-F <<<"$first")"
check_rc 2 "the guest's first MAC, in capitals: exit 2"
check_in "...the field named" "$err" "mac: "
n=$(macs | wc -l)
tv_result "$([ "$n" = 2 ]; echo $?)" "...and nothing was attached (virsh: $n NICs)"

exec_a domain-detach-nic mac="$mac"
check_rc 0 "detach it (live and saved): exit 0"
check_in "...from both" "$out" '"live":"yes","config":"yes"'
if lab_wait "$TL_WAIT" lacks_mac "$mac"; then
    ok "virsh domiflist: gone"
else
    not_ok "virsh domiflist: gone"
    tl_virsh a domiflist "$guest" 2>&1 | tv_diag
fi
tv_result "$(lacks_mac "$mac" --inactive; echo $?)" "virsh domiflist --inactive: gone too"
tv_result "$(has_mac "$first"; echo $?)" "...and the first NIC stays"
if lab_wait "$TL_WAIT" guest_netdev_lacks '^ *eth1:'; then
    ok "the guest lost the interface (no eth1 in /proc/net/dev)"
else
    not_ok "the guest lost the interface (no eth1 in /proc/net/dev)"
    tail -n 20 "$log" | tv_diag
fi

# ---- saved only -----------------------------------------------------------------------------
exec_a domain-attach-nic source="$LAB_NETWORK" model=e1000e link=down config=yes live=no
check_rc 0 "attach an e1000e NIC, link down, config=yes live=no: exit 0"
saved=$(sed -n 's/.*"mac":"\([0-9a-f:]*\)".*/\1/p' "$out")
tv_result "$(lacks_mac "${saved:-none}"; echo $?)" "virsh domiflist: not in the running guest"
tv_result "$(has_mac "${saved:-none}" --inactive; echo $?)" \
    "virsh domiflist --inactive: in the saved configuration ($saved)"
xml=$(tl_virsh a dumpxml --inactive "$guest" 2>/dev/null |
    awk -v m="$saved" 'index(tolower($0), m) { on = 1 } on { print } /<\/interface>/ { on = 0 }')
if grep -q "<model type='e1000e'/>" <<<"$xml" && grep -q "<link state='down'/>" <<<"$xml"; then
    ok "virsh dumpxml --inactive: model e1000e, link down"
else
    not_ok "virsh dumpxml --inactive: model e1000e, link down"
    tv_diag <<<"$xml"
fi
if guest_netdev_has '^ *eth1:'; then
    not_ok "the guest sees no new interface"
else
    ok "the guest sees no new interface"
fi

# Only the saved configuration has this MAC: the form's check (the live XML) passes, the
# worker's (every MAC, live and saved) refuses it before libvirt is asked.
exec_a domain-attach-nic mac="$saved" live=yes config=no
check_rc 1 "the saved-only NIC's MAC on a live attach: refused on the worker (exit 1)"
check_in "...the field named" "$out" "mac: $saved is already used by '$guest'"
n=$(macs | wc -l)
tv_result "$([ "$n" = 1 ]; echo $?)" "...and nothing was attached (virsh: $n NIC)"

exec_a domain-detach-nic mac="$saved" live=yes
check_rc 2 "detach it live: exit 2 (the running guest has no such NIC)"
check_in "...the field named" "$err" "mac: the running '$guest' has no such NIC"
exec_a domain-detach-nic mac="$saved"
check_rc 0 "detach it with the defaults: exit 0"
check_in "...from the saved configuration only" "$out" '"live":"no","config":"yes"'
tv_result "$(lacks_mac "${saved:-none}" --inactive; echo $?)" "virsh domiflist --inactive: gone"
tv_result "$(has_mac "$first" && has_mac "$first" --inactive; echo $?)" \
    "...and the first NIC stays, live and saved"

tl_done
