#!/bin/bash
# Lab test (TAP): changing a real QEMU guest through --exec, checked with virsh.  A lab guest
# is stopped and its XML redefined from a file (a description and a virtio balloon added);
# domain-edit gives it room (2 vCPUs and 384 MiB at most) in its config; once it runs again,
# vCPUs beyond the maximum are refused before anything changes (exit 2, the field named),
# vCPUs are raised live within the maximum (virsh vcpucount and dominfo), memory is changed
# live (virsh dominfo, when the guest's kernel has a balloon driver: the lab guest's
# initramfs loads none today, and then that one check is skipped and says why), the boot
# order is changed in the config only, for the next boot (virsh dumpxml --inactive), and an
# XML naming another domain is refused in libvirt's words.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

g=tvl-edit
out=$TV_TMP/out
err=$TV_TMP/err

dominfo() {
    tl_virsh a dominfo "$g" 2>/dev/null | awk -F: -v k="$1" '$1 == k {sub(/^ +/, "", $2); print $2}'
}

used_memory_is() {
    [ "$(dominfo "Used memory")" = "$1" ]
}

inactive() {
    tl_virsh a dumpxml --inactive "$g" 2>/dev/null
}

tl_up
tl_guest "$g" a || tl_bail "lab guest $g did not boot"

# ---- shut off: the XML from a file, room in the config -----------------------------------
tl_virsh a destroy "$g" >/dev/null 2>&1
lab_wait "$TL_WAIT" tl_state_is a "$g" "shut off" || tl_bail "$g did not stop"
desc_xml="<description>edited by tvirt's lab test: \"q\" \&amp; \&lt;b\&gt;</description>"
inactive | sed -e "s|<memballoon model='none'/>|<memballoon model='virtio'/>|" \
    -e "s|</name>|</name>\n  $desc_xml|" >"$TV_TMP/edited.xml"
ex domain-edit-xml domain="$g" file="$TV_TMP/edited.xml" --format json
check_ex "domain-edit-xml from a file: exit 0" 0
check_in "...says what it did" "$out" "redefined from $TV_TMP/edited.xml"
desc=$(tl_virsh a desc "$g" 2>/dev/null)
check_eq "virsh desc: the description, quotes and all" "$desc" \
    "edited by tvirt's lab test: \"q\" & <b>"
check_in "virsh dumpxml: the balloon is there" <(inactive) "<memballoon model='virtio'>"

ex domain-edit domain="$g" maxvcpus=2 maxmemory=384M --format json
check_ex "room for 2 vCPUs and 384M in the config: exit 0" 0
check_in "dumpxml --inactive: 1 of 2 vCPUs" <(inactive) \
    "<vcpu placement='static' current='1'>2</vcpu>"
check_in "dumpxml --inactive: 384 MiB at most" <(inactive) "<memory unit='KiB'>393216</memory>"

tl_virsh a start "$g" >/dev/null 2>&1
lab_wait "$TL_WAIT" tl_state_is a "$g" running || tl_bail "$g did not start again"

# ---- running: refused before anything changes ---------------------------------------------
ex domain-edit domain="$g" vcpus=3
check_ex "vcpus=3 beyond the maximum of 2: exit 2" 2
check_in "...vcpus named" "$err" "vcpus: 3 is more than the maximum of 2 (maxvcpus)"
check_eq "...and the guest still has 1 vCPU" "$(dominfo "CPU(s)")" 1

# ---- running: live changes ----------------------------------------------------------------
ex domain-edit domain="$g" vcpus=2 --format json
check_ex "vcpus=2 live: exit 0" 0
check_in "...running and in its config" "$out" "'$g' now has vcpus 2 (running and in its config)"
check_eq "virsh vcpucount --live: 2" "$(tl_virsh a vcpucount "$g" --live --active 2>/dev/null)" 2
check_eq "virsh dominfo: 2 CPUs" "$(dominfo "CPU(s)")" 2
check_eq "virsh vcpucount --config: 2" \
    "$(tl_virsh a vcpucount "$g" --config --active 2>/dev/null)" 2

ex domain-edit domain="$g" memory=192M live=yes config=no --format json
check_ex "memory=192M live: exit 0" 0
check_in "...running only" "$out" "memory 192M"
# The balloon only moves when the guest's kernel has a driver for it; without one, QEMU keeps
# the target and libvirt goes on reporting the whole RAM.  The guest says which it is.
"$LAB_SH" send "$g" a 'ls /sys/bus/virtio/drivers | grep -c balloon | sed s/^/tvl-balloons=/' \
    >/dev/null 2>&1
lab_wait 10 grep -aqE "tvl-balloons=[0-9]" "$LAB_CONSOLE_DIR/$g.log"
if grep -aq "tvl-balloons=0" "$LAB_CONSOLE_DIR/$g.log"; then
    ok "virsh dominfo: used memory 192 MiB # SKIP the lab guest loads no virtio_balloon driver"
elif lab_wait 20 used_memory_is "196608 KiB"; then
    ok "virsh dominfo: used memory 192 MiB"
else
    not_ok "virsh dominfo: used memory 192 MiB (got $(dominfo "Used memory"))"
fi
check_in "...the config keeps 256 MiB" <(inactive) \
    "<currentMemory unit='KiB'>262144</currentMemory>"

# ---- the boot order, for the next boot ---------------------------------------------------
ex domain-edit domain="$g" boot=cdrom,hd --format json
check_ex "boot=cdrom,hd on the running guest: exit 0" 0
check_in "...says it waits for the next boot" "$out" '"next_boot":true'
boots=$(inactive | grep -o "<boot dev='[a-z]*'/>" | tr -d '\n')
check_eq "dumpxml --inactive: cdrom, then hd" "$boots" "<boot dev='cdrom'/><boot dev='hd'/>"

# ---- another domain's XML ------------------------------------------------------------------
sed -e "s|<name>$g</name>|<name>$g-other</name>|" "$TV_TMP/edited.xml" >"$TV_TMP/other.xml"
ex domain-edit-xml domain="$g" file="$TV_TMP/other.xml"
check_ex "an XML renaming the domain: exit 1" 1
check_in "...in libvirt's words" "$err" "Could not edit XML '$g':"
tv_diag <"$err"
check_eq "...and there is no $g-other" "$(tl_virsh a domstate "$g-other" 2>/dev/null)" ""

tl_done
