#!/bin/bash
#
# --exec domain-create on a fixture host of libvirt's test driver: --help
# lists the disk.* and nic.* fields; a VM is made with what it made in the
# JSON result (name exactly as given, UUID, MAC, volume); every bad field
# is refused with exit 2 and its name before anything is made (a taken
# name, an OS libosinfo lacks with the nearest ones, memory beyond the
# host, a size of 0, a multicast MAC, a hypervisor the host lacks, UEFI
# the host lacks, a topology that does not make the count, a kernel that
# is not there); read-only connections refuse it.

TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$TV_TMP/out
ERR=$TV_TMP/err

run() {
    "$TVIRT" -c "$TV_HOST_A" --exec domain-create "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

"$TVIRT" --exec domain-create --help >"$OUT" 2>"$ERR"
RC=$?
check_rc 0 "--help: exit 0"
check_in "--help: the boot disk's fields" "$OUT" "disk.size"
check_in "--help: the NIC's fields" "$OUT" "nic.mac"
check_in "--help: the OS" "$OUT" "libosinfo's short id"

odd='web "02" <b> & ñandú'
run name="$odd" install=pxe os=debian11 memory=512M disk.pool=images disk.size=1G \
    nic.mac=52:54:00:12:34:56 --format json
check_rc 0 "a VM with an odd name: exit 0"
check_in "JSON: the name exactly" "$OUT" '"name":"web \"02\" <b> & ñandú"'
check_in "JSON: its MAC" "$OUT" '"mac":"52:54:00:12:34:56"'
check_in "JSON: its new volume" "$OUT" "\"volume\":\"images/$(printf '%s' "$odd" | sed 's/"/\\"/g').qcow2\""
check_in "JSON: its UUID" "$OUT" '"uuid":"'
check_in "JSON: running" "$OUT" "and is running"

run name=web01 install=pxe os=debian12 memory=64G disk.size=0 nic.mac=01:00:5e:00:00:01 \
    virt_type=kvm firmware=uefi vcpus=4 sockets=3
check_rc 2 "bad fields: exit 2"
check_in "name: taken" "$ERR" "name: host-a already has a domain 'web01'"
check_in "os: unknown, with the nearest" "$ERR" "os: 'debian12' is not an OS variant libosinfo knows (nearest: debian11"
check_in "memory: beyond the host" "$ERR" "memory: 64G is more than the host's memory"
check_in "disk.size: 0" "$ERR" "disk.size:"
check_in "nic.mac: multicast" "$ERR" "nic.mac:"
check_in "virt_type: the test driver" "$ERR" "virt_type: libvirt's test driver runs only virt_type=test"
check_in "firmware: no UEFI" "$ERR" "firmware: libvirt's test driver has no UEFI firmware"
check_in "sockets: the topology" "$ERR" "sockets: sockets x cores x threads must make maxvcpus (4), not 3"

run name=k1 install=kernel kernel=/nonexistent/vmlinuz os=generic disk.source=none nic.type=none
check_rc 2 "a kernel that is not there: exit 2"
check_in "kernel: named" "$ERR" "kernel: /nonexistent/vmlinuz does not exist on host-a"

run name=i1 install=iso iso=images/nope.iso
check_rc 2 "an ISO volume that is not there: exit 2"
check_in "iso: named" "$ERR" "iso: pool 'images' has no volume 'nope.iso'"

run name=d0 install=iso iso=/srv/isos/x.iso os=generic disk.source=none nic.type=none
check_rc 2 "an ISO path that is not there: exit 2"
check_in "iso: named" "$ERR" "iso: /srv/isos/x.iso does not exist on host-a"

truncate -s 1M "$TV_TMP/blank.iso"
run name=d1 install=iso iso="$TV_TMP/blank.iso" os=detect disk.source=none nic.type=none
check_rc 1 "os=detect on an ISO libosinfo does not know: exit 1"
check_in "...says why and what to do" "$OUT" "os: could not detect the OS of $TV_TMP/blank.iso"
check_in "...and names the field to set" "$OUT" "name it (os=...)"

"$TVIRT" -r -c "$TV_HOST_A" --exec domain-create name=ro install=pxe >"$OUT" 2>"$ERR"
RC=$?
check_rc 1 "read-only: refused"
cat "$ERR" >>"$OUT"
check_in "read-only: says why" "$OUT" "read-only"

done_testing
