#!/bin/bash
#
# UI test: attaching and detaching disks, on a fixture host of libvirt's
# test driver (tests/data/disks/store.xml).  d on a domain opens the attach
# form: its target defaults to the next free name, fields come and go as
# the source and the device change, and bad values are named as they are
# typed.  The test driver refuses device attach and detach, so running the
# form shows the undo: the new volume is deleted again, the message says
# so, and the pool does not list it.  The ':' line opens the form when a
# field is wrong, with the domain's XML read for it (a q35 machine has no
# IDE bus).  In Details, Hardware, x on a disk or CD-ROM drive opens the
# detach form with its target; a volume another domain uses, or a CD-ROM's,
# is refused for deletion as the user asks for it.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

STORE=test://$TV_TOP_SRCDIR/tests/data/disks/store.xml

# The screen's lines joined with spaces: a status message that wraps reads whole.
# shellcheck disable=SC2317  # called through tv_poll
tv__joined_has() {
    local joined=${TV_SCREEN//$'\n'/ }
    # shellcheck disable=SC2001  # squeeze the runs of spaces a wrapped line leaves
    joined=$(sed 's/  */ /g' <<<"$joined")
    [[ $joined == *"$1"* ]]
}

check_said() {
    if tv_poll 5 tv__joined_has "$1"; then
        ok "$2"
    else
        not_ok "$2"
        echo "# wanted: $1"
        tv_dump
    fi
}

for size in "80 24" "120 40"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$STORE"
    tv_wait_row app01 running >/dev/null
    # Pools are read once the Storage screen has been seen: the size is checked against them.
    tv_keys 3
    tv_wait_row default active >/dev/null
    tv_keys 2
    tv_pick app01

    # ---- the form and its defaults --------------------------------------------------------
    tv_keys d
    check_screen "attach a disk to: app01 on store" "$sz: d opens the attach form"
    check_row "$sz: the size is what it needs first" "Size"
    check_screen "is required" "$sz: ...and it says so"
    check_row "$sz: the target is the next free virtio name" "Target" "vdc"
    check_row "$sz: a new volume, in the default pool" "Pool" "default"
    check_row "$sz: live, since app01 runs" "Live" "< yes >"

    # ---- fields follow the source and the device -------------------------------------------
    tv_keys Up Up
    tv_keys Right
    check_row "$sz: Right makes the source a volume" "Source" "< volume >"
    check_absent "Format" "$sz: ...the new volume's fields go"
    check_row "$sz: ...and the volume field comes" "Volume"
    tv_keys Right
    check_row "$sz: then a path" "Source" "< path >"
    check_row "$sz: ...with its own field" "Path"
    check_absent "Volume" "$sz: ...and no volume field"
    tv_keys Right
    check_screen "only a CD-ROM drive can be empty" "$sz: an empty disk is refused as chosen"
    tv_keys Up Right
    check_row "$sz: the device becomes a CD-ROM" "Device" "< cdrom >"
    check_absent "only a CD-ROM drive can be empty" "$sz: ...and an empty drive is fine"
    check_absent "Read-only" "$sz: ...read-only and sharing are not asked of a CD-ROM"
    check_row "$sz: an empty drive goes to the configuration (no hot-plug)" "Live" "< no >"
    check_row "$sz: ...on SATA" "Bus" "< sata >"
    check_row "$sz: ...named after the SATA CD-ROM it has" "Target" "sdb"
    tv_keys Down Left
    check_row "$sz: back to a path" "Source" "< path >"
    tv_keys Down
    tv_type "/srv/isos/debian.iso"
    check_row "$sz: a CD-ROM with an image is plugged in now" "Live" "< yes >"
    check_row "$sz: ...on SCSI, which can be hot-plugged" "Bus" "< scsi >"
    tv_keys Escape
    check_screen "attach a disk to: cancelled, nothing changed" "$sz: Esc cancels"

    # ---- errors as typed, then a run that is undone ---------------------------------------
    tv_keys d
    tv_wait "attach a disk to: app01" >/dev/null
    tv_type "0"
    check_screen "must be more than 0" "$sz: a size of 0 is refused as typed"
    tv_keys BSpace
    tv_type "2T"
    check_screen "2T is more than the whole pool 'default' holds (100G)" \
        "$sz: a size beyond the pool is refused"
    tv_keys BSpace BSpace
    tv_type "1G"
    check_absent "is more than" "$sz: a size that fits clears it"
    tv_keys Down Down Down C-u
    tv_type "vda"
    check_screen "'app01' already has a disk vda" "$sz: a target in use is refused as typed"
    tv_keys C-u
    tv_type "sdz"
    check_screen "a virtio disk's name starts with vd (vdz)" "$sz: a name that misfits the bus"
    tv_keys C-u Up Right
    check_row "$sz: SCSI's next free name follows the bus" "Target" "sdb"
    tv_keys Right
    check_screen "SATA devices cannot be plugged into a running domain" \
        "$sz: SATA on a running domain is refused"
    tv_keys Left C-s
    check_said "Could not attach a disk to 'app01': could not add a virtio-scsi controller for" \
        "$sz: the run fails with libvirt's words"
    # At 80 columns the status line's three lines end before the volume's path.
    undone="(undone: deleted the new volume /var/lib/libvirt/images/app01-sdb.qcow2)"
    [ "$cols" -lt 100 ] && undone="(undone: deleted the new volume"
    check_said "$undone" "$sz: ...and says the new volume was deleted again"
    tv_keys 3
    tv_wait_row default active >/dev/null
    tv_keys Enter
    check_row "$sz: the pool lists its volumes" spare.qcow2
    # (a volume's row has its type; the status line names the deleted one too)
    check_no_row "$sz: ...but not the one undone" app01-sdb file
    tv_keys Escape 2

    # ---- the ':' line -----------------------------------------------------------------------
    cmd "domain-attach-disk app01 size=1G bus=ide"
    check_screen "a pc-q35-7.2 machine has no IDE bus: choose sata" \
        "$sz: ':' with a wrong field opens the form, checked against the domain's XML"
    tv_keys Escape
    cmd "domain-attach-disk off01 size=1G live=yes"
    check_screen "'off01' is not running: only its configuration can" \
        "$sz: live=yes on a shut-off domain is refused"
    tv_keys Escape

    # ---- x on a disk in Details, Hardware -----------------------------------------------
    tv_keys Enter
    tv_wait "Overview" >/dev/null
    tv_keys Tab
    tv_wait "Disks (3)" >/dev/null
    tv_keys Down Down x
    check_screen "detach a disk from: app01 on store" "$sz: x on the CD-ROM opens the detach form"
    check_row "$sz: ...with its target" "Target" "sda"
    tv_keys Down Down Down Space
    check_screen "sda is a cdrom: only a disk's volume is deleted" \
        "$sz: a CD-ROM's image is never deleted"
    tv_keys Space C-s
    check_said "Could not detach a disk from 'app01': this function is not supported by the" \
        "$sz: the detach says libvirt's words"
    tv_keys Up x
    check_row "$sz: x on the shared disk" "Target" "vdb"
    tv_keys Down Down Down Space
    check_screen "'data01' uses its volume too, so it stays" \
        "$sz: a volume another domain uses is kept"
    tv_keys Escape
    check_screen "detach a disk from: cancelled, nothing changed" "$sz: Esc cancels the detach"
    tv_quit "$sz disks"
done

tv_start 100 30 -- -r -c "$STORE"
tv_wait_row app01 running >/dev/null
tv_pick app01
tv_keys d
check_screen "Cannot attach a disk to 'app01': the connection is read-only (-r)" \
    "read-only: d says why it cannot"
tv_quit "read-only disks"

done_testing
