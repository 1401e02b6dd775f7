#!/bin/bash
#
# UI test: the domain actions on fixture host A, each checked by the status
# message and by what the row (or the Storage screen) shows afterwards:
# pause/resume, shutdown, start, reboot, force off (refused, then
# confirmed), managed save and start again, autostart, delete keeping the
# storage and delete with it, bulk actions on marked domains (one host and
# two hosts), and read-only mode refusing with the reason.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# ---- one domain at a time, 80x24 -----------------------------------------------

tv_start 80 24 -- -c "$TV_HOST_A"
tv_wait web01 >/dev/null

# Pause / resume.
tv_pick cache01
tv_keys p
check_screen "'cache01' resumed" "p on paused cache01 says resumed"
check_row "cache01 is running after p" cache01 running
tv_keys p
check_screen "'cache01' paused" "p again says paused"
check_row "cache01 is paused again" cache01 paused
tv_unpick
tv_pick web01
tv_keys p
check_screen "'web01' paused" "p pauses web01"
check_row "web01 is paused" web01 paused
tv_keys p
check_screen "'web01' resumed" "p resumes web01"
check_row "web01 is running again" web01 running

# Refusals that depend on the state.
tv_keys s
check_screen "Cannot start 'web01'" "s on a running domain is refused"
check_row "web01 still running after the refused start" web01 running

# Shutdown, start, reboot.
tv_keys S
check_screen "'web01' is shutting down" "S asks web01 to shut down"
check_row "web01 is shut off" web01 shutoff
check_screen "'web01' is shutting down; 'web01' is shut off" \
    "the status says when the shutdown took effect"
tv_keys R
check_screen "Cannot reboot 'web01': the domain is not running" "R on a shut-off domain is refused"
tv_keys s
check_screen "'web01' started" "s starts web01"
check_row "web01 is running" web01 running
tv_keys R
check_screen "'web01' is rebooting" "R reboots web01"
check_row "web01 is running after the reboot" web01 running

# Force off: n leaves it alone, y forces it off.
tv_keys F
check_screen "Force off 'web01'? Unsaved guest data is lost." "F asks to confirm"
check_screen "[y] yes   [n] no" "the confirmation offers y and n"
tv_keys n
check_absent "Force off 'web01'?" "n closes the confirmation"
check_row "n: web01 still running" web01 running
check_absent "forced off" "n: nothing was forced off"
tv_keys F
tv_wait "Force off 'web01'?" >/dev/null
tv_keys y
check_screen "'web01' forced off" "y forces web01 off"
check_row "web01 is shut off after force off" web01 shutoff

# Managed save, then start restores it.
tv_keys s
tv_wait "'web01' started" >/dev/null
tv_wait_row web01 running >/dev/null
tv_keys w
check_screen "'web01' saved" "w saves web01"
check_row "web01 is saved after the save (virsh: shut off (saved))" web01 saved
tv_keys Enter
check_row "details show the managed save image" "Managed save yes"
tv_keys Escape
tv_wait "filter: web01 (1)" >/dev/null
tv_keys s
check_screen "'web01' started" "s starts web01 from its saved image"
check_row "web01 is running again after the restore" web01 running
tv_keys Enter
check_row "the managed save image is used up" "Managed save no"
tv_keys Escape
tv_wait "filter: web01 (1)" >/dev/null

# Autostart toggles, and the details follow.
tv_keys a
check_screen "'web01' will start with its host" "a turns autostart on"
tv_keys Enter
check_row "details show autostart on" "Autostart on"
tv_keys Escape
tv_wait "filter: web01 (1)" >/dev/null
tv_keys a
check_screen "'web01' will not start with its host" "a again turns autostart off"
tv_keys Enter
check_row "details show autostart off" "Autostart off"
tv_keys Escape
tv_wait "filter: web01 (1)" >/dev/null
tv_unpick

# Delete, cancelled, then keeping the storage.
tv_pick db01
tv_keys D
check_screen "Delete 'db01' for good?" "D asks before deleting"
check_row "the delete dialog offers keep / with storage / cancel" "[y] delete, keep storage" \
    "[s] delete with storage" "[n] cancel"
tv_keys n
check_absent "Delete 'db01' for good?" "n cancels the delete"
check_row "db01 still there after cancel" db01 shutoff
tv_keys D
tv_wait "Delete 'db01' for good?" >/dev/null
tv_keys y
check_screen "'db01' deleted" "y deletes db01"
check_screen "No domain matches the filter." "db01 is gone from the list"
tv_unpick
check_no_row "db01 is gone without a filter too" db01 shutoff
tv_keys 3
check_row "pool images still has 3 volumes" images dir " 3 "
tv_keys g Enter
check_screen "Volumes of pool images" "volumes of images open"
check_row "db01's disk db01.img is kept" db01.img file
check_row "db01's disk db01-data.img is kept" db01-data.img file
tv_keys Escape
tv_wait_gone "Volumes of pool" >/dev/null
tv_keys 2
tv_wait web01 >/dev/null

# Delete with storage: web01 is running; it goes, and so does its volume.
tv_pick web01
tv_keys D
tv_wait "Delete 'web01' for good?" >/dev/null
tv_keys s
check_screen "'web01' deleted with 1 volume" "s deletes web01 with its volume"
check_screen "No domain matches the filter." "web01 is gone from the list"
tv_unpick
check_row "cache01 is untouched" cache01 paused
tv_keys 3
check_row "pool images now has 2 volumes" images dir " 2 "
tv_keys g Enter
tv_wait "Volumes of pool images" >/dev/null
check_absent web01.qcow2 "web01.qcow2 is gone from the pool"
check_row "db01.img is still in the pool" db01.img file
tv_keys Escape
tv_wait_gone "Volumes of pool" >/dev/null
tv_keys 2
tv_wait cache01 >/dev/null
tv_quit "single actions"

# ---- marked domains, 80x24 and 160x50 ------------------------------------------

# Two domains of one host shut down in one go.
tv_start 80 24 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys g Space
check_screen "1 marked" "space marks cache01"
tv_keys j Space
check_screen "2 marked" "space marks web01 too"
check_row "cache01 shows its mark" "* " cache01
check_row "web01 shows its mark" "* " web01
check_no_row "db01 is not marked" "* " db01
tv_keys S
check_screen "2 are shutting down" "S reports on both marked domains"
check_row "marked cache01 is shut off" cache01 shutoff
check_row "marked web01 is shut off" web01 shutoff
check_no_row "the marks are cleared after the action" "* "
# Marks that the action cannot apply to are skipped.
tv_keys g Space j Space
tv_wait "2 marked" >/dev/null
tv_keys u
check_screen "No domain marked" "u unmarks all"
check_no_row "no row is marked after u" "* "
tv_quit "one host, marked"

# Marked domains on two hosts, with a confirmation naming both.
tv_start 160 50 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
# Both hosts' rows must be in before moving: either may answer first.
tv_wait_row build-runner running >/dev/null
tv_wait_row web01 running >/dev/null
tv_keys g j j Space
tv_wait "1 marked" >/dev/null
tv_keys Space
check_screen "2 marked" "web01 (host A) and build-runner (host B) marked"
tv_keys F
check_screen "Force off 2 domains (" "the confirmation counts both"
check_row "the confirmation names both" "'web01'" "'build-runner'"
tv_keys y
check_row "web01 on host A forced off" host-a web01 shutoff
check_row "build-runner on host B forced off" host-b build-runner shutoff
check_row "mail-ñandú on host B untouched" host-b "mail-ñandú" running
# Start on a mix of running and shut-off marks starts only the shut-off one.
tv_keys g
tv_wait_row cache01 paused >/dev/null
tv_keys j Space
tv_wait "1 marked" >/dev/null
tv_keys j j Space
tv_wait "2 marked" >/dev/null
check_row "mail-ñandú marked" "* " "mail-ñandú"
tv_keys s
check_screen "1 started; 'mail-ñandú' on host-b skipped: the domain is running" \
    "start on marks: one started, the running one named as skipped, with why"
check_row "db01 running" host-a db01 running
check_row "the unfit mark mail-ñandú is left running" "mail-ñandú" running
check_row "unmarked q&a stays shut off" 'q&a "tools" <x>' shutoff
tv_quit "two hosts, marked"

# ---- read-only --------------------------------------------------------------------

for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -r -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_pick web01
    tv_keys S
    check_screen "Cannot shutdown 'web01': the connection is read-only (-r)" \
        "$sz: read-only refuses shutdown with the reason"
    check_row "$sz: read-only: web01 still running" web01 running
    tv_unpick
    tv_pick db01
    tv_keys :
    tv_type domain-start
    tv_keys Enter
    check_screen "Cannot start 'db01': the connection is read-only (-r)" \
        "$sz: read-only refuses :domain-start too"
    check_row "$sz: read-only: db01 still shut off" db01 shutoff
    tv_keys D
    check_screen "Cannot delete 'db01': the connection is read-only (-r)" \
        "$sz: read-only refuses delete without asking"
    check_absent "for good?" "$sz: read-only: no delete dialog"
    tv_keys 1
    check_row "$sz: Hosts says the connection is read-only" "connected (read"
    tv_quit "$sz read-only"
done

done_testing
