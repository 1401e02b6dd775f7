#!/bin/bash
# Lab test (TAP): disks attached to and detached from a running QEMU guest through --exec.
# A new 256M qcow2 volume from the shared pool goes in live (virsh domblklist has it, the
# guest's /proc/partitions shows vdb), and comes out live with delete_volume=yes (the
# volume is gone, the guest no longer sees it).  A SCSI disk brings its virtio-scsi
# controller.  A path-backed disk whose name has quotes, '&' and '<' goes to the
# configuration only (dumpxml --inactive has it, the live XML does not).  A failing attach
# leaves no volume behind: one refused as typed (a target in use), and one libvirt refuses
# after the volume was made (a USB disk on a guest without a USB controller), undone.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through the EXIT trap and lab_wait
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

guest=tvl-disks
files=

remove_made() {
    local v
    for v in "$guest-vdb.qcow2" "$guest-sda.img" "$guest-sda.qcow2"; do
        tl_virsh a vol-delete --pool "$LAB_SHARED_POOL" "$v" >/dev/null 2>&1
    done
    [ -n "$files" ] && rm -rf "$files"
    return 0
}
tl_on_exit remove_made

out=$TV_TMP/out
err=$TV_TMP/err

# exec ACTION NAME=VALUE...: tvirt --exec on host A, JSON on $out, messages on $err, $rc.
exec_a() {
    "$TVIRT" -c "$LAB_URI_A" --exec "$@" --format json >"$out" 2>"$err"
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

# A whole line of the guest's console log.
log_has_line() {
    tr -d '\r' <"$LAB_CONSOLE_DIR/$guest.log" | grep -aq "^$1\$"
}

# guest_sees LIST: the guest's block devices, as its kernel lists them, typed on its
# console, are LIST ("vda,vdb,"); the answer is a line "tvparts LIST" in the console log
# (the echo of the typed command has "$(" there instead).
guest_sees() {
    "$LAB_SH" send "$guest" a \
        "echo tvparts \$(grep -o '[vs]d[a-z]*\$' /proc/partitions | tr '\\n' ,)" \
        >/dev/null 2>&1
    lab_wait 10 log_has_line "tvparts $1"
}

pool_volumes() {
    tl_virsh a pool-refresh "$LAB_SHARED_POOL" >/dev/null 2>&1
    tl_virsh a vol-list "$LAB_SHARED_POOL" | awk '{print $1}' | sort
}

tl_up
tl_guest "$guest" a || tl_bail "guest $guest booted"
remove_made
if guest_sees "vda,"; then
    ok "the guest starts with vda alone"
else
    not_ok "the guest starts with vda alone"
fi

# ---- a new volume, live ---------------------------------------------------------------------

exec_a domain-attach-disk domain="$guest" pool="$LAB_SHARED_POOL" size=256M format=qcow2
check_rc 0 "attach a new 256M qcow2 volume to the running guest: exit 0"
check_in "...the message names it" "$out" \
    "'$guest' has a new disk vdb: new 256M qcow2 volume '$guest-vdb.qcow2' in pool '$LAB_SHARED_POOL'"
check_in "...the result: target, pool and volume" "$out" \
    "\"target\":\"vdb\",\"device\":\"disk\",\"bus\":\"virtio\""
path=$LAB_SHARED_DIR/$guest-vdb.qcow2
blk=$(tl_virsh a domblklist "$guest" 2>&1)
if grep -q -E "^ *vdb +$path\$" <<<"$blk"; then
    ok "virsh domblklist: vdb is the new volume"
else
    not_ok "virsh domblklist: vdb is the new volume"
    tv_diag <<<"$blk"
fi
blk=$(tl_virsh a domblklist --inactive "$guest" 2>&1)
tv_result "$(grep -q -E "^ *vdb +$path\$" <<<"$blk"; echo $?)" \
    "...and in its configuration too (config=yes by default: it is persistent)"
info=$(tl_virsh a vol-info --pool "$LAB_SHARED_POOL" "$guest-vdb.qcow2" --bytes 2>&1)
cap=$(awk '/^Capacity:/ {print $2}' <<<"$info")
tv_result "$([ "$cap" = 268435456 ]; echo $?)" "virsh vol-info: 256 MiB ($cap)"
driver=$(tl_virsh a dumpxml "$guest" | grep -B3 "dev='vdb'" | grep -o "type='qcow2'")
tv_result "$([ "$driver" = "type='qcow2'" ]; echo $?)" "dumpxml: read as qcow2"
if guest_sees "vda,vdb,"; then
    ok "the guest's kernel sees vdb (/proc/partitions on its console)"
else
    not_ok "the guest's kernel sees vdb (/proc/partitions on its console)"
    tail -n 5 "$LAB_CONSOLE_DIR/$guest.log" | sed 's/^/# console: /'
fi

exec_a domain-detach-disk domain="$guest" target=vdb delete_volume=yes
check_rc 0 "detach vdb live with delete_volume=yes: exit 0"
check_in "...says the volume went" "$out" "no longer has disk vdb; deleted its volume $path"
blk=$(tl_virsh a domblklist "$guest" 2>&1)
tv_result "$(! grep -q vdb <<<"$blk"; echo $?)" "virsh domblklist: vdb is gone"
blk=$(tl_virsh a domblklist --inactive "$guest" 2>&1)
tv_result "$(! grep -q vdb <<<"$blk"; echo $?)" "...from the configuration too"
tv_result "$(! tl_virsh a vol-info --pool "$LAB_SHARED_POOL" "$guest-vdb.qcow2" \
    >/dev/null 2>&1; echo $?)" "virsh vol-info: the volume is gone"
tv_result "$([ ! -e "$path" ]; echo $?)" "...and its file"
if guest_sees "vda,"; then
    ok "the guest no longer sees vdb"
else
    not_ok "the guest no longer sees vdb"
fi

# ---- SCSI: a controller comes first -------------------------------------------------------

exec_a domain-attach-disk domain="$guest" pool="$LAB_SHARED_POOL" size=64M format=raw bus=scsi \
    config=no
check_rc 0 "attach a raw SCSI disk live only: exit 0"
check_in "...says a controller was added" "$out" "; added a virtio-scsi controller for it"
check_in "...live only" "$out" "(live only: gone at its next start)"
xml=$(tl_virsh a dumpxml "$guest")
tv_result "$(grep -q "<controller type='scsi' index='0' model='virtio-scsi'" <<<"$xml"; echo $?)" \
    "dumpxml: the virtio-scsi controller"
tv_result "$(grep -q -E "^ *sda +$LAB_SHARED_DIR/$guest-sda.img\$" \
    <(tl_virsh a domblklist "$guest"); echo $?)" "virsh domblklist: sda"
tv_result "$(! tl_virsh a dumpxml --inactive "$guest" | grep -q "dev='sda'"; echo $?)" \
    "...not in the configuration"
exec_a domain-detach-disk domain="$guest" target=sda delete_volume=yes
check_rc 0 "detach sda with its volume: exit 0"
tv_result "$(! tl_virsh a vol-info --pool "$LAB_SHARED_POOL" "$guest-sda.img" \
    >/dev/null 2>&1; echo $?)" "...the volume is gone"

# ---- a path, in the configuration only ----------------------------------------------------

files=$LAB_DIR/tvl-disks
mkdir -p "$files"
odd="$files/data 'q' & <x>.img"
qemu-img create -q -f raw "$odd" 16M
exec_a domain-attach-disk domain="$guest" source=path path="$odd" live=no config=yes
check_rc 0 "attach a path to the configuration only: exit 0"
check_in "...says from the next start" "$out" "(in its configuration: from its next start)"
blk=$(tl_virsh a domblklist --inactive "$guest" 2>&1)
if grep -E "^ *vdb +" <<<"$blk" | grep -q -F -- "$odd"; then
    ok "dumpxml --inactive: vdb is the path, quotes, & and < as typed"
else
    not_ok "dumpxml --inactive: vdb is the path, quotes, & and < as typed"
    tv_diag <<<"$blk"
fi
blk=$(tl_virsh a domblklist "$guest" 2>&1)
tv_result "$(! grep -q vdb <<<"$blk"; echo $?)" "the live XML has no vdb"
exec_a domain-detach-disk domain="$guest" target=vdb
check_rc 0 "detach it (from the configuration: the running guest lacks it): exit 0"
tv_result "$(! tl_virsh a domblklist --inactive "$guest" | grep -q vdb; echo $?)" \
    "dumpxml --inactive: vdb is gone"
tv_result "$([ -e "$odd" ]; echo $?)" "...and the file, not a pool volume, is kept"

# ---- failures leave no volume behind --------------------------------------------------------

before=$(pool_volumes)
exec_a domain-attach-disk domain="$guest" pool="$LAB_SHARED_POOL" size=64M target=vda
check_rc 2 "a target in use: exit 2"
check_in "...the field named" "$err" "target: '$guest' already has a disk vda"
exec_a domain-attach-disk domain="$guest" pool="$LAB_SHARED_POOL" size=64M bus=usb
check_rc 1 "a USB disk on a guest without a USB controller: exit 1"
check_in "...says the volume was deleted again" "$out" \
    "\"undone\":[\"deleted the new volume $LAB_SHARED_DIR/$guest-sda.qcow2\"]"
echo "# libvirt said: $(sed -n 's/.*"message":"\([^"]*\)".*/\1/p' "$out")"
after=$(pool_volumes)
tv_result "$([ "$before" = "$after" ]; echo $?)" "the pool holds what it held before"
tv_result "$(! tl_virsh a dumpxml --inactive "$guest" | grep -q "bus='usb'"; echo $?)" \
    "...and the configuration has no USB disk"

tl_done
