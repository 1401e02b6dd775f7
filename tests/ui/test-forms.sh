#!/bin/bash
#
# UI test: forms over an action's parameters, on a fixture host of
# libvirt's test driver.  n on a pool opens the new-volume form: required
# fields and bad values are named as the user types, all at once, running
# is refused until none is left, Ctrl+S (or Enter on the last field) runs
# it and the new volume is listed; Esc leaves nothing behind.  A ':' line
# with a field missing or wrong opens the same form pre-filled; one with
# everything right runs at once.  Choices cycle with Right and Space.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

for size in "80 24" "120 40"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_keys 3
    check_row "$sz: the images pool" images active

    # ---- n on a pool ------------------------------------------------------------------
    tv_keys n
    check_screen "new volume: images on host-a" "$sz: n opens the form for the pool"
    check_row "$sz: the name is required" "is required"
    check_screen "The new volume's name, unique in its pool." "$sz: the focused field's help"
    tv_type "web01.qcow2"
    check_screen "pool 'images' already has a volume 'web01.qcow2'" \
        "$sz: a taken name is said as it is typed"
    tv_keys C-u
    tv_type "fresh.img"
    check_absent "already has a volume" "$sz: a free name clears its error"
    tv_keys Tab
    tv_type "0"
    check_screen "must be more than 0" "$sz: a size of 0 is refused as typed"
    tv_keys C-s
    check_screen "fix the fields in red to run" "$sz: Ctrl+S with an error does not run"
    tv_keys BSpace
    tv_type "2T"
    check_screen "2T is more than the whole pool 'images' holds" "$sz: a size beyond the pool"
    tv_keys BSpace BSpace
    tv_type "2G"
    check_absent "is more than" "$sz: a size that fits clears the error"
    tv_keys Tab Right
    check_screen "< raw >" "$sz: Right cycles the format to raw"
    tv_keys C-s
    check_screen "now holds the new volume 'fresh.img' (2G raw)" "$sz: Ctrl+S runs it"
    check_absent "new volume: images" "$sz: the form closed"
    tv_keys Enter
    check_row "$sz: the new volume is listed in the pool" fresh.img 2.0G
    tv_keys Escape

    # ---- Esc leaves nothing behind ----------------------------------------------------
    tv_keys n
    tv_wait "new volume: images" >/dev/null
    tv_type "never.img"
    tv_keys Escape
    check_screen "new volume: cancelled, nothing changed" "$sz: Esc cancels"
    tv_keys Enter
    check_no_row "$sz: no volume was made" never.img
    tv_keys Escape

    # ---- the ':' line -------------------------------------------------------------------
    cmd "volume-create images name=half.img"
    check_screen "new volume: images on host-a" "$sz: a ':' line missing a field opens the form"
    check_row "$sz: ...with what was typed" "Name" "half.img"
    check_row "$sz: ...and the missing field named" "is required"
    tv_keys Escape
    cmd "volume-create images name=whole.img size=1G"
    check_screen "now holds the new volume 'whole.img'" "$sz: a complete ':' line runs at once"
    cmd "volume-create images name=whole.img size=1G bogus=1"
    check_screen "volume-create: bogus: no such parameter" \
        "$sz: an unknown parameter is an error, not a form"
    cmd "volume-create nosuch name=x size=1G"
    check_screen "No pool 'nosuch' on any connected host" "$sz: an unknown pool is an error"

    # ---- a domain action's form ---------------------------------------------------------------
    tv_keys 2
    cmd "domain-delete db01 storage=perhaps"
    check_screen "'perhaps' is not yes or no" "$sz: a bad value opens the domain action's form"
    tv_keys Space
    check_screen "< yes >" "$sz: Space toggles yes/no"
    tv_keys C-s
    check_screen "Delete 'db01' for good?" "$sz: running the form asks to confirm the delete"
    tv_keys n
    check_row "$sz: n keeps db01" db01
    tv_quit "$sz forms"
done

tv_start 100 30 -- -r -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys 3
tv_wait images >/dev/null
tv_keys n
check_screen "Cannot add a volume to 'images': the connection is read-only (-r)" \
    "read-only: n says why it cannot"
tv_quit "read-only forms"

done_testing
