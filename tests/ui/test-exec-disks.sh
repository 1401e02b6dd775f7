#!/bin/bash
#
# --exec for disks: domain-attach-disk and domain-detach-disk with NAME=VALUE
# parameters on a fixture host of libvirt's test driver
# (tests/data/disks/store.xml).  Every bad value is refused with exit 2
# before anything is made, each named with its field and reason, against
# the domain's own XML (targets in use, a q35 machine's missing IDE bus).
# The test driver refuses device attach and detach, so a run with a new
# volume shows the undo in the message and the JSON, and the pool does not
# keep the volume.  Each run opens the fixture afresh (test:///path is private).

TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

STORE=test://$TV_TOP_SRCDIR/tests/data/disks/store.xml
OUT=$TV_TMP/out
ERR=$TV_TMP/err

run() {
    "$TVIRT" -c "$STORE" --exec "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

# ---- --help ---------------------------------------------------------------------------------

run domain-attach-disk --help
check_rc 0 "attach --help: exit 0"
check_in "...lists the buses" "$OUT" "one of virtio, scsi, sata, ide, usb"
check_in "...the sources" "$OUT" "one of new, volume, path, empty"
check_in "...and detect_zeroes" "$OUT" "detect_zeroes"
run domain-detach-disk --help
check_rc 0 "detach --help: exit 0"
check_in "...lists delete_volume" "$OUT" "delete_volume"

# ---- a run that fails after making a volume: undone ---------------------------------------

run domain-attach-disk domain=app01 size=1G --format json
check_rc 1 "attach a new volume (the test driver refuses the attach): exit 1"
check_in "...libvirt's own words" "$OUT" \
    "\"message\":\"Could not attach a disk to 'app01': this function is not supported by the connection driver: virDomainAttachDeviceFlags"
check_in "...the next free target named the volume, and the undo is listed" "$OUT" \
    '"undone":["deleted the new volume /var/lib/libvirt/images/app01-vdc.qcow2"]'
check_in "...and said in the message" "$OUT" \
    "(undone: deleted the new volume /var/lib/libvirt/images/app01-vdc.qcow2)"

# A SCSI disk: the virtio-scsi controller is the step that fails, the volume goes again.
run domain-attach-disk domain=app01 size=64M bus=scsi format=raw
check_rc 1 "attach on SCSI: exit 1"
check_in "...the controller could not be added, in libvirt's words" "$ERR" \
    "could not add a virtio-scsi controller for the disk: this function is not supported"
check_in "...and the raw volume named after sdb was deleted" "$ERR" \
    "(undone: deleted the new volume /var/lib/libvirt/images/app01-sdb.img)"

# ---- bad values: exit 2, each field named, nothing made -------------------------------------

run domain-attach-disk domain=app01 size=0 bus=nosuch cache=bogus serial='a;b' io=native
check_rc 2 "five bad values: exit 2"
check_in "...the size of 0" "$ERR" "size: must be more than 0"
check_in "...the unknown bus" "$ERR" "bus: 'nosuch' is not one of virtio, scsi, sata, ide, usb"
check_in "...the unknown cache" "$ERR" "cache: 'bogus' is not one of default, none"
check_in "...the serial QEMU cannot take" "$ERR" "serial: libvirt takes letters, digits"
check_in "...io=native without cache=none" "$ERR" "io: io=native needs cache=none"
lines=$(wc -l <"$OUT")
tv_result "$([ "$lines" = 0 ]; echo $?)" "...nothing ran ($lines lines on stdout)"

run domain-attach-disk domain=app01 size=2T
check_rc 2 "a size beyond the pool: exit 2"
check_in "...says so" "$ERR" "size: 2T is more than the whole pool 'default' holds (100G)"

run domain-attach-disk domain=app01 size=1G target=vda
check_rc 2 "a target in use: exit 2"
check_in "...names the disk that has it" "$ERR" \
    "target: 'app01' already has a disk vda (/var/lib/libvirt/images/app01.qcow2)"
run domain-attach-disk domain=app01 size=1G target=sdc
check_rc 2 "a target that misfits the bus: exit 2"
check_in "...says the bus's prefix" "$ERR" "target: a virtio disk's name starts with vd (vdc)"

run domain-attach-disk domain=app01 device=cdrom bus=virtio source=path path=relative.iso
check_rc 2 "a CD-ROM on virtio with a relative path: exit 2"
check_in "...the bus, with why" "$ERR" "bus: a CD-ROM cannot be on virtio"
check_in "...the path" "$ERR" "path: 'relative.iso' is not an absolute path"

run domain-attach-disk domain=app01 source=empty
check_rc 2 "an empty disk: exit 2"
check_in "...only a CD-ROM can be empty" "$ERR" "source: only a CD-ROM drive can be empty"
run domain-attach-disk domain=app01 device=cdrom source=empty live=yes
check_rc 2 "an empty CD-ROM plugged in live: exit 2"
check_in "...libvirt cannot" "$ERR" "source: libvirt cannot plug an empty CD-ROM drive"

run domain-attach-disk domain=app01 source=volume volume=spare.qcow2 bus=sata readonly=yes
check_rc 2 "SATA hot-plugged, read-only: exit 2"
check_in "...SATA cannot be hot-plugged" "$ERR" \
    "bus: SATA devices cannot be plugged into a running domain (live=yes)"
check_in "...nor be read-only" "$ERR" "readonly: libvirt supports no read-only SATA disks"
run domain-attach-disk domain=app01 size=1G bus=ide live=no
check_rc 2 "IDE on a q35 machine: exit 2"
check_in "...it has no IDE bus" "$ERR" "bus: a pc-q35-7.2 machine has no IDE bus: choose sata"
run domain-attach-disk domain=app01 size=1G shareable=yes
check_rc 2 "a writable shared qcow2: exit 2"
check_in "...refused" "$ERR" "shareable: a qcow2 image cannot be shared writable"

run domain-attach-disk domain=app01 source=volume volume=isos/nosuch.iso
check_rc 2 "a volume that does not exist: exit 2"
check_in "...named" "$ERR" "volume: pool 'isos' has no volume 'nosuch.iso'"
run domain-attach-disk domain=app01 source=volume volume=app01.qcow2
check_rc 2 "a volume the domain has already: exit 2"
check_in "...says as what" "$ERR" "volume: 'app01' already has it as vda"

run domain-attach-disk domain=off01 size=1G live=yes
check_rc 2 "live=yes on a shut-off domain: exit 2"
check_in "...with the reason" "$ERR" "live: 'off01' is not running: only its configuration can change"
run domain-attach-disk domain=app01 size=1G live=no config=no
check_rc 2 "live=no config=no: exit 2"
check_in "...nothing would change" "$ERR" "config: live and config are both no"

# ---- detach ---------------------------------------------------------------------------------

run domain-detach-disk domain=app01 target=sda delete_volume=yes
check_rc 2 "deleting a CD-ROM's image: exit 2"
check_in "...refused" "$ERR" "delete_volume: sda is a cdrom: only a disk's volume is deleted"
run domain-detach-disk domain=app01 target=vdz live=yes
check_rc 2 "detach a target the running domain lacks: exit 2"
check_in "...names what it has" "$ERR" "target: 'app01' has no disk vdz (it has vda, vdb, sda)"
run domain-detach-disk domain=app01 target=vdb delete_volume=yes
check_rc 1 "delete a volume data01 uses too: exit 1"
check_in "...kept, and nothing detached" "$ERR" \
    "'data01' uses the volume of vdb too; nothing was detached"
run domain-detach-disk domain=app01 target=vda --format json
check_rc 1 "detach (the test driver refuses): exit 1"
check_in "...libvirt's own words" "$OUT" \
    "\"message\":\"Could not detach a disk from 'app01': this function is not supported by the connection driver: virDomainDetachDeviceFlags\",\"undone\":[]"

"$TVIRT" -r -c "$STORE" --exec domain-attach-disk domain=app01 size=1G >"$OUT" 2>"$ERR"
RC=$?
check_rc 1 "read-only: exit 1"
check_in "...with the reason" "$ERR" "the connection is read-only (-r)"

done_testing
