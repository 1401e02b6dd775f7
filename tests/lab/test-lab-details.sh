#!/bin/bash
# Lab test (TAP): what tvirt shows about lab objects matches libvirt.  Details of a running
# lab guest and of a shut-off domain defined here with other choices (SATA, raw, writeback,
# two NICs of other models): Enter opens them, the Overview names the right UUID, Tab to
# Hardware lists each disk's target, bus, format, cache and source and each NIC's MAC, model
# and network exactly as `virsh dumpxml` / `virsh domiflist` say, and the XML tab shows the
# domain's XML.  The running guest's addresses: none known at first, for the reasons virsh
# domifaddr gives (the lab network has no DHCP, the guest no agent, and the ARP table has no
# entry or libvirt cannot read it, in its own words); then, where libvirt's ARP source works,
# once the guest sets a static address and pings the lab bridge (an address added to it
# inside host A's namespace for the test), the ARP source's address as `virsh domifaddr
# --source arp` has it, in the Overview and under the NIC.  A copy of the guest with a guest
# agent channel that nothing answers: libvirt fails the agent source at once, and tvirt
# says there is no guest agent.  Its CPU and disk graphs: the scale is at least the value shown and the
# newest bar stands for that value on that scale.  The Storage screen lists the pools shared and local of both hosts with
# their paths, and opening a pool lists the guests' volumes; the Networks screen lists the
# lab network on both hosts as `virsh net-info` describes it.
#
# Needs root; skips without it, fails instead under CI=true.  TVIRT, TVIRT_LAB_TIMEOUT and
# TVIRT_LAB_WAIT as in tvlib.sh.
# shellcheck disable=SC2317  # functions run through tl_watch, lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

g=tvl-det-guest
g2=tvl-det-other
g3=tvl-det-agent
vol2=$g2.img

remove_g2() {
    tl_virsh a undefine "$g2" >/dev/null 2>&1
    tl_virsh a vol-delete --pool "$LAB_LOCAL_POOL" "$vol2" >/dev/null 2>&1
    return 0
}
tl_on_exit remove_g2

# "DEV BUS FORMAT CACHE SOURCE" for each disk of domain $1 on A, from its live XML.
disks_of() {
    tl_virsh a dumpxml "$1" | awk '
        /<disk / { in_disk = 1; dev = bus = fmt = cache = src = "-"; next }
        in_disk && /<driver / {
            if (match($0, /type=.[^'"'"'"]*/)) fmt = substr($0, RSTART + 6, RLENGTH - 6);
            if (match($0, /cache=.[^'"'"'"]*/)) cache = substr($0, RSTART + 7, RLENGTH - 7);
        }
        in_disk && /<source / && match($0, /(file|dev)=.[^'"'"'"]*/) {
            s = substr($0, RSTART, RLENGTH); sub(/^(file|dev)=./, "", s); src = s;
        }
        in_disk && /<target / {
            if (match($0, /dev=.[^'"'"'"]*/)) dev = substr($0, RSTART + 5, RLENGTH - 5);
            if (match($0, /bus=.[^'"'"'"]*/)) bus = substr($0, RSTART + 5, RLENGTH - 5);
        }
        /<\/disk>/ { in_disk = 0; print dev, bus, fmt, cache, src }'
}

# "MAC MODEL NETWORK" for each NIC of domain $1 on A.
nics_of() {
    tl_virsh a domiflist "$1" | awk 'NF >= 5 && $2 == "network" { print $5, $4, $3 }'
}

# The cursor (mono theme: reverse video) on the row holding all the given texts, by j from
# the top; false after 20 rows.  A key shows within milliseconds (test-lab-slow.sh): half a
# second per row is plenty.
cursor_to() {
    local i
    tv_keys g
    for ((i = 0; i < 20; i++)); do
        TL_ANSI=1 tl_watch 500 tl__cursor_on "$@" && return 0
        tv_keys j
    done
    return 1
}

# check_details DOMAIN: Overview, Hardware and XML of DOMAIN against virsh.
check_details() {
    local dom=$1 uuid n dev bus fmt cache src mac model net
    tv_pick "$dom" >/dev/null
    tv_keys Enter
    check_screen "$dom on $LAB_URI_A" "$dom: Enter opens its details"
    uuid=$(tl_virsh a domuuid "$dom")
    check_row "$dom: Overview shows its UUID ($uuid)" UUID "$uuid"
    tv_keys Tab
    n=$(disks_of "$dom" | wc -l)
    check_screen "Disks ($n)" "$dom: Hardware lists $n disk(s), as virsh does"
    while read -r dev bus fmt cache src; do
        check_row "$dom: disk $dev: bus $bus, format $fmt, cache $cache, $src" \
            " $dev " "bus $bus" "format $fmt" "cache $cache" "$src"
    done < <(disks_of "$dom")
    n=$(nics_of "$dom" | wc -l)
    check_screen "Network interfaces ($n)" "$dom: Hardware lists $n NIC(s), as virsh does"
    while read -r mac model net; do
        check_row "$dom: NIC $mac: model $model, network $net" \
            "$mac" "model $model" "network $net"
    done < <(nics_of "$dom")
    tv_keys Tab
    check_screen "<name>$dom</name>" "$dom: the XML tab shows the domain's XML"
    tv_keys Escape
    tv_wait "filter: $dom (1)" >/dev/null
    tv_unpick >/dev/null
}

# ---- addresses and graphs ---------------------------------------------------------------

# Addresses used on the lab guest network only (TEST-NET-2, inside host A's namespace).
ARP_HOST=198.51.100.1
ARP_GUEST=198.51.100.10
arp_bridge=

remove_arp_address() {
    [ -n "$arp_bridge" ] &&
        ip netns exec "$LAB_NETNS_A" ip addr del "$ARP_HOST/24" dev "$arp_bridge" 2>/dev/null
    return 0
}
tl_on_exit remove_arp_address

# "MAC ADDRESS" rows of `virsh domifaddr --source SOURCE` for domain $1 on A.
domifaddr() {
    tl_virsh a domifaddr "$1" --source "$2" 2>&1 |
        awk '$2 ~ /^[0-9a-f:]+$/ && $4 != "" { sub(/\/.*/, "", $4); print $2, $4 }'
}

arp_knows() {
    domifaddr "$1" arp | grep -q " $ARP_GUEST\$"
}

# Bytes for a number as tvirt prints it ("512", "1.5K", "12M") or a percentage ("12.3").
to_number() {
    awk -v v="$1" 'BEGIN {
        m = 1; u = substr(v, length(v));
        if (u == "K") m = 1024; else if (u == "M") m = 1048576; else if (u == "G") m = 1073741824;
        if (m > 1) v = substr(v, 1, length(v) - 1);
        printf "%.6f\n", v * m }'
}

# Reads the graph row of $1 ("CPU", "Disk r+w") with a value and a scale into G_NOW,
# G_MAX, G_BAR (the newest bar) and G_SPAN.
graph__row() {
    local line re
    re="^  $(tl_re_quote "$1") +([0-9.]+[KMG]?)(%|/s) +max ([0-9.]+[KMG]?)(%|/s) +(.*[^ ]) +([0-9]+h[0-9]+m|[0-9]+m[0-9]+s|[0-9]+s)\$"
    while IFS= read -r line; do
        if [[ $line =~ $re ]]; then
            G_NOW=${BASH_REMATCH[1]}
            G_MAX=${BASH_REMATCH[3]}
            G_BAR=${BASH_REMATCH[5]: -1}
            G_SPAN=${BASH_REMATCH[6]}
            G_LINE=$line
            return 0
        fi
    done <<<"$TV_SCREEN"
    return 1
}

# check_graph LABEL: the row has a value and a scale; the scale is not below the value, and
# the newest bar's height (of 8) is the value over the scale, give or take the rounding of
# the printed numbers.
check_graph() {
    local label=$1 now max level want bars=' ▁▂▃▄▅▆▇█' i
    if ! tv_poll 5 graph__row "$label"; then
        not_ok "graph $label: a value, a scale and a span"
        tv_dump
        return
    fi
    ok "graph $label: value $G_NOW, scale max $G_MAX, span $G_SPAN"
    now=$(to_number "$G_NOW")
    max=$(to_number "$G_MAX")
    level=-1
    for ((i = 0; i <= 8; i++)); do
        [ "${bars:i:1}" = "$G_BAR" ] && level=$i
    done
    want=$(awk -v n="$now" -v m="$max" 'BEGIN {
        if (m <= 0 || n <= 0) { print 0; exit }
        l = int(n / m * 8 + 0.999); if (l < 1) l = 1; if (l > 8) l = 8; print l }')
    if awk -v n="$now" -v m="$max" 'BEGIN { exit !(m >= n) }'; then
        ok "graph $label: the scale ($G_MAX) is not below the value shown ($G_NOW)"
    else
        not_ok "graph $label: the scale ($G_MAX) is not below the value shown ($G_NOW)"
        echo "# $G_LINE"
    fi
    if [ "$level" -ge 0 ] && [ $((level - want)) -le 1 ] && [ $((want - level)) -le 1 ]; then
        ok "graph $label: the newest bar (level $level of 8) stands for $G_NOW of $G_MAX"
    else
        not_ok "graph $label: the newest bar (level $level, '$G_BAR') stands for $G_NOW of" \
            "$G_MAX (level $want)"
        echo "# $G_LINE"
    fi
}

tl_up

# ---- a lab guest and a domain with other choices, on A ---------------------------------

TL_GUESTS="$TL_GUESTS $g"
"$LAB_SH" guest-rm "$g" >/dev/null 2>&1
remove_g2
"$LAB_SH" guest "$g" a >"$TV_TMP/guest.log" 2>&1 || {
    sed 's/^/# /' "$TV_TMP/guest.log"
    tl_bail "lab.sh guest $g a"
}
tl_virsh a vol-create-as "$LAB_LOCAL_POOL" "$vol2" 8M --format raw >/dev/null ||
    tl_bail "create volume $vol2 in pool $LAB_LOCAL_POOL on A"
cat >"$TV_TMP/$g2.xml" <<EOF
<domain type='qemu'>
  <name>$g2</name>
  <memory unit='MiB'>128</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source file='$LAB_LOCAL_PATH/$vol2'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:7e:1a:02'/>
      <source network='$LAB_NETWORK'/>
      <model type='e1000'/>
    </interface>
    <interface type='network'>
      <mac address='52:54:00:7e:1a:03'/>
      <source network='$LAB_NETWORK'/>
      <model type='rtl8139'/>
    </interface>
  </devices>
</domain>
EOF
tl_virsh a define "$TV_TMP/$g2.xml" >/dev/null || tl_bail "define $g2 on A"
lab_check "$g running on A, $g2 defined (shut off)" \
    tl_all lab_wait "$TL_WAIT" tl_state_is a "$g" running "&&" tl_state_is a "$g2" "shut off"

tv_start 132 40 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -c "$LAB_URI_A" -c "$LAB_URI_B"
check_row "Domains: $g running" " $g " running
check_row "Domains: $g2 shut off" " $g2 " shutoff

check_details "$g"
check_details "$g2"

# ---- the running guest's addresses and graphs --------------------------------------------

tv_pick "$g" >/dev/null
tv_keys Enter
tv_wait "$g on $LAB_URI_A" >/dev/null
mac=$(nics_of "$g" | awk '{ print $1; exit }')
agent=$(tl_virsh a domifaddr "$g" --source agent 2>&1)
arp=$(tl_virsh a domifaddr "$g" --source arp 2>&1)
# libvirt's own words when its ARP source fails (libvirt 9.0 cannot read the neighbour
# table of Linux 6.x: "wrong nlmsg len"): tvirt must pass them on, and ARP cannot be tried.
arp_error=$(sed -n 's/^error: \(.*\)$/\1/p' <<<"$arp" | grep -v 'Failed to query' | tail -n 1)
if [ -z "$(domifaddr "$g" lease)" ] && [[ $agent == *"guest agent is not"* ]] &&
    [ -z "$(domifaddr "$g" arp)" ]; then
    ok "virsh domifaddr: no lease, no agent ($(grep -o 'guest agent is not [a-z]*' <<<"$agent")),\
 ARP: ${arp_error:-no entry} for $g"
else
    not_ok "virsh domifaddr: no lease, no agent, no ARP entry for $g"
    printf '%s\n%s\n' "$agent" "$arp" | tv_diag
fi
if [ -n "$arp_error" ]; then
    why="no DHCP lease, no guest agent and the host's ARP table could not be read ($arp_error)"
else
    why="no DHCP lease, no guest agent and no ARP entry"
fi
check_row "$g: Overview says why no address is known" Addresses "none known: $why"
check_graph CPU
check_graph "Disk r+w"

# A static address in the guest and a ping to the bridge put it in host A's ARP table.
if [ -n "$arp_error" ]; then
    ok "ARP address in the Overview # SKIP libvirt's ARP source fails here: $arp_error"
    ok "ARP address under the NIC # SKIP libvirt's ARP source fails here: $arp_error"
else
    arp_bridge=$(tl_virsh a net-info "$LAB_NETWORK" | awk '/^Bridge:/ { print $2 }')
    if [ -n "$arp_bridge" ] &&
        ip netns exec "$LAB_NETNS_A" ip addr add "$ARP_HOST/24" dev "$arp_bridge" &&
        "$LAB_SH" send "$g" a "ip addr add $ARP_GUEST/24 dev eth0; ping -c 3 -W 1 $ARP_HOST" \
            >/dev/null && lab_wait "$TL_WAIT" arp_knows "$g"; then
        ok "virsh domifaddr --source arp: $ARP_GUEST on $(domifaddr "$g" arp | awk '{print $1}')"
        check_row "$g: Overview shows the ARP address on its NIC" \
            Addresses "$ARP_GUEST (arp)" "on $mac"
        tv_keys Tab
        check_order "$g: Hardware shows the ARP address under NIC $mac" \
            "$mac" "address: $ARP_GUEST (arp)"
    else
        not_ok "the guest's static address reaches host A's ARP table"
        tail -n 5 "$LAB_CONSOLE_DIR/$g.log" | tv_diag
    fi
fi
tv_keys Escape
tv_wait "filter: $g (1)" >/dev/null
tv_unpick >/dev/null

# ---- a guest with an agent channel but no agent ------------------------------------------

# The lab guest's configuration without its disk, with a guest agent channel that nothing in
# the guest answers: libvirt must fail the agent source at once ("QEMU guest agent is not
# connected"), and tvirt must say "no guest agent".
TL_GUESTS="$TL_GUESTS $g3"
tl_virsh a dumpxml --inactive "$g" |
    sed -e "s|<name>$g</name>|<name>$g3</name>|" -e '/<uuid>/d' -e '/<mac address/d' \
        -e '/<disk /,/<\/disk>/d' -e "s|$LAB_CONSOLE_DIR/$g.log|$LAB_CONSOLE_DIR/$g3.log|" \
        -e "s|</devices>|<channel type='unix'><target type='virtio' \
name='org.qemu.guest_agent.0'/></channel></devices>|" >"$TV_TMP/$g3.xml"
if tl_virsh a create "$TV_TMP/$g3.xml" >/dev/null &&
    lab_wait "$TL_BOOT" lab_heartbeat_above "$LAB_CONSOLE_DIR/$g3.log" 0; then
    t0=$(tl_us)
    agent=$(tl_virsh a domifaddr "$g3" --source agent 2>&1)
    ms=$(tl_ms_between "$t0" "$(tl_us)")
    if [[ $agent == *"guest agent is not connected"* ]] && [ "${ms%.*}" -lt 1000 ]; then
        ok "$g3: virsh domifaddr --source agent fails at once ($ms ms): not connected"
    else
        not_ok "$g3: virsh domifaddr --source agent fails at once ($ms ms): not connected"
        echo "$agent" | tv_diag
    fi
    tv_pick "$g3" >/dev/null
    tv_keys Enter
    check_row "$g3: Overview says there is no guest agent" \
        Addresses "none known: no DHCP lease, no guest agent and"
    tv_keys Escape
    tv_wait "filter: $g3 (1)" >/dev/null
    tv_unpick >/dev/null
else
    not_ok "$g3 (the lab guest with an agent channel) boots"
    tail -n 5 "$LAB_CONSOLE_DIR/$g3.log" 2>/dev/null | tv_diag
fi

# ---- Storage ---------------------------------------------------------------------------

tv_keys 3
for h in a b; do
    addr=$LAB_ADDR_A
    [ "$h" = b ] && addr=$LAB_ADDR_B
    for pool in "$LAB_SHARED_POOL" "$LAB_LOCAL_POOL"; do
        path=$(tl_virsh "$h" pool-dumpxml "$pool" | sed -n 's:.*<path>\(.*\)</path>.*:\1:p')
        state=inactive
        [[ $(tl_virsh "$h" pool-info "$pool") =~ State:\ *running ]] && state=active
        # A long path is cut to the column with an ellipsis: its first 18 characters.
        check_row "Storage: pool $pool on ${h^^}: dir, $state, $path" \
            "$addr " " $pool " " dir " " $state " "${path:0:18}"
    done
done

if cursor_to "$LAB_ADDR_A" " $LAB_SHARED_POOL "; then
    tv_keys Enter
    check_screen "Volumes of pool $LAB_SHARED_POOL" "Enter opens A's pool $LAB_SHARED_POOL"
    mib=$(tl_virsh a vol-info --bytes --pool "$LAB_SHARED_POOL" "$g.qcow2" |
        awk '/^Capacity:/ {print $2 / 1048576}')
    check_row_re "pool $LAB_SHARED_POOL lists $g.qcow2 (${mib}M, file, its path)" \
        "^$(tl_re_quote "$g.qcow2") +file +$mib(\.0)?M .*$(tl_re_quote "$LAB_SHARED_DIR/$g.qcow2")"
    tv_keys Escape
else
    not_ok "the cursor reaches A's pool $LAB_SHARED_POOL"
    tv_dump
fi
tv_wait_gone "Volumes of pool" >/dev/null
if cursor_to "$LAB_ADDR_A" " $LAB_LOCAL_POOL "; then
    tv_keys Enter
    check_screen "Volumes of pool $LAB_LOCAL_POOL" "Enter opens A's pool $LAB_LOCAL_POOL"
    check_row_re "pool $LAB_LOCAL_POOL lists $vol2 (8M, file, its path)" \
        "^$(tl_re_quote "$vol2") +file +8(\.0)?M .*$(tl_re_quote "$LAB_LOCAL_PATH/$vol2")"
    tv_keys Escape
else
    not_ok "the cursor reaches A's pool $LAB_LOCAL_POOL"
    tv_dump
fi
tv_wait_gone "Volumes of pool" >/dev/null

# ---- Networks --------------------------------------------------------------------------

tv_keys 4
for h in a b; do
    addr=$LAB_ADDR_A
    [ "$h" = b ] && addr=$LAB_ADDR_B
    info=$(tl_virsh "$h" net-info "$LAB_NETWORK")
    active=$(awk '/^Active:/ {print $2}' <<<"$info")
    persistent=$(awk '/^Persistent:/ {print $2}' <<<"$info")
    autostart=$(awk '/^Autostart:/ {print $2}' <<<"$info")
    bridge=$(awk '/^Bridge:/ {print $2}' <<<"$info")
    state=inactive
    [ "$active" = yes ] && state=active
    # No <forward> element: an isolated network.
    forward=isolated
    tl_virsh "$h" net-dumpxml "$LAB_NETWORK" | grep -q '<forward' && forward=other
    check_row "Networks: $LAB_NETWORK on ${h^^}: $state, $forward, bridge $bridge, \
autostart $autostart, persistent $persistent" \
        "$addr " " $LAB_NETWORK " " $state " " $forward " " $bridge " " $autostart " \
        " $persistent"
done
tv_quit "details, storage, networks"

tl_done
