#!/bin/bash
# Lab test (TAP): the lifecycle keys in tvirt's screen on host A, each checked against
# libvirt afterwards (virsh domstate --reason, dominfo, vol-list) and against the guest
# itself (its heartbeat counter in the console log): start (s), pause and resume (p, p),
# force off (F, y), start, managed save (w), start again (restores: the counter goes on
# from where it was instead of starting from 0, and the save image is gone), and delete
# with storage (D, s: the domain and its volume in the shared pool are gone).
#
# Needs root; skips without it, fails instead under CI=true.  TVIRT, TVIRT_LAB_TIMEOUT and
# TVIRT_LAB_WAIT as in tvlib.sh.
# shellcheck disable=SC2317  # functions run through tl_watch, lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

g=tvl-life
console=

reason_is() {
    [ "$(tl_virsh a domstate --reason "$g" 2>/dev/null | head -n 1)" = "$1" ]
}

dominfo_has() {
    grep -Eq "$1" <<<"$(tl_virsh a dominfo "$g" 2>/dev/null)"
}

# check_virsh DESC "STATE (REASON)": libvirt says so (bounded wait: actions report when done,
# but libvirt may publish the new state a moment later).
check_virsh() {
    if lab_wait "$TL_WAIT" reason_is "$2"; then
        ok "$1: virsh domstate --reason says '$2'"
    else
        not_ok "$1: virsh domstate --reason says '$2' (got '$(tl_virsh a domstate --reason "$g" \
            2>/dev/null | head -n 1)')"
    fi
}

# The first heartbeat counter written after byte offset $1 of the console log.
heartbeat_after() {
    tail -c +"$(($1 + 1))" "$console" 2>/dev/null | grep -ao 'tvirt-heartbeat [0-9]* dirty=' |
        head -n 1 | sed 's/^tvirt-heartbeat \([0-9]*\) .*/\1/'
}
has_heartbeat_after() { [ -n "$(heartbeat_after "$1")" ]; }
log_size() { stat -c %s "$console" 2>/dev/null || echo 0; }

tl_up

# ---- a shut-off guest on A -------------------------------------------------------------

TL_GUESTS="$TL_GUESTS $g"
"$LAB_SH" guest-rm "$g" >/dev/null 2>&1
"$LAB_SH" guest "$g" a >"$TV_TMP/guest.log" 2>&1 || {
    sed 's/^/# /' "$TV_TMP/guest.log"
    tl_bail "lab.sh guest $g a"
}
console=$LAB_CONSOLE_DIR/$g.log
tl_virsh a destroy "$g" >/dev/null 2>&1
lab_check "$g defined on A and shut off" lab_wait "$TL_WAIT" reason_is "shut off (destroyed)" ||
    tl_bail "cannot prepare $g"
vol_path=$(tl_virsh a domblklist "$g" --details | awk '$2 == "disk" {print $4}')
lab_check "its disk is a volume of pool $LAB_SHARED_POOL ($vol_path)" \
    grep -q " $vol_path\$" <<<"$(tl_virsh a vol-list "$LAB_SHARED_POOL")"

# The guest has no ACPI daemon: a shutdown request is ignored, which tvirt must say (after
# 4 s here instead of its default 30).
tv_start 120 30 "${TL_ENV[@]}" TVIRT_SHUTDOWN_WAIT=4 -- "${TL_THEME[@]}" -c "$LAB_URI_A"
tv_wait "$g" "$TL_WAIT" >/dev/null
tv_pick "$g"
check_row "Domains: $g shut off" "$g" shutoff

# ---- start -----------------------------------------------------------------------------

size=$(log_size)
tv_keys s
check_screen "'$g' started" "s: status says started"
check_row "s: row says running" "$g" running
check_virsh "s" "running (booted)"
lab_check "s: the guest boots to its heartbeat" lab_wait "$TL_BOOT" has_heartbeat_after "$size"

# ---- pause / resume --------------------------------------------------------------------

c=$(lab_heartbeat "$console")
tv_keys p
check_screen "'$g' paused" "p: status says paused"
check_row "p: row says paused" "$g" paused
check_virsh "p" "paused (user)"
c_paused=$(lab_heartbeat "$console")
tv_keys p
check_screen "'$g' resumed" "p again: status says resumed"
check_row "p again: row says running" "$g" running
check_virsh "p again" "running (unpaused)"
lab_check "p again: the heartbeat goes on past $c_paused (was $c before the pause)" \
    lab_wait "$TL_WAIT" lab_heartbeat_above "$console" "$c_paused"

# ---- force off -------------------------------------------------------------------------

tv_keys F
check_screen "Force off '$g'?" "F asks to confirm"
tv_keys y
check_screen "'$g' forced off" "F y: status says forced off"
check_row "F y: row says shut off" "$g" shutoff
check_virsh "F y" "shut off (destroyed)"

# ---- start, managed save, start again --------------------------------------------------

size=$(log_size)
tv_keys s
tv_wait "'$g' started" >/dev/null
check_virsh "s after the force off" "running (booted)"
lab_check "the guest boots afresh (counter from 1 again)" \
    lab_wait "$TL_BOOT" has_heartbeat_after "$size"
first=$(heartbeat_after "$size")
lab_check "  its first heartbeat counter is small ($first)" [ "${first:-999}" -le 5 ]
# Run a while so a restart from 0 cannot pass for a restore.
lab_check "the counter passes 30" lab_wait "$TL_WAIT" lab_heartbeat_above "$console" 30

tv_keys w
check_screen "'$g' saved" "w: status says saved"
check_row "w: row says saved" "$g" saved
check_virsh "w" "shut off (saved)"
lab_check "w: virsh dominfo says Managed save: yes" dominfo_has '^Managed save: +yes'
c_saved=$(lab_heartbeat "$console")
size=$(log_size)

tv_keys s
check_screen "'$g' started" "s restores: status says started"
check_row "s restores: row says running" "$g" running
check_virsh "s restores" "running (restored)"
lab_check "s restores: virsh dominfo says Managed save: no" dominfo_has '^Managed save: +no'
lab_check "s restores: heartbeats again" lab_wait "$TL_WAIT" has_heartbeat_after "$size"
next=$(heartbeat_after "$size")
lab_check "s restores: the counter goes on ($c_saved before the save, $next after)" \
    tl_all [ "${next:-0}" -gt "$c_saved" ] "&&" [ "${next:-0}" -le $((c_saved + 50)) ]

# ---- a shutdown the guest ignores ------------------------------------------------------

tv_keys S
check_screen "'$g' is shutting down" "S: status says shutting down"
check_screen "'$g' is still running 4 s after the shutdown request: the guest may ignore" \
    "S ignored: the status says so after the wait" 10
check_screen "press F to force off" "S ignored: the status says how to force it off"
check_virsh "S ignored" "running (restored)"

# ---- delete with storage ---------------------------------------------------------------

tv_keys D
check_screen "Delete '$g' for good?" "D asks to confirm"
check_row "D offers to delete the storage too" "[s] delete with storage"
check_screen "It is running: it is forced off first." "D: the dialog says it runs"
check_screen "$vol_path" "D: the dialog names the volume deleted with storage"
tv_keys s
check_screen "'$g' deleted with 1 volume ($vol_path)" \
    "D s: status says deleted with 1 volume, and names it"
check_screen "No domain matches the filter." "D s: $g is gone from the list"
gone() { ! tl_virsh a dominfo "$g" >/dev/null 2>&1; }
lab_check "D s: virsh dominfo no longer finds $g" lab_wait "$TL_WAIT" gone
tl_virsh a pool-refresh "$LAB_SHARED_POOL" >/dev/null 2>&1
lab_check "D s: pool $LAB_SHARED_POOL no longer lists $vol_path" \
    test -z "$(tl_virsh a vol-list "$LAB_SHARED_POOL" | grep -F " $vol_path")"
lab_check "D s: the image file is gone" test ! -e "$vol_path"
lab_check "D s: nothing of $g left in virsh list --all" \
    test -z "$(tl_virsh a list --all --name | grep -x "$g")"
tv_unpick
tv_quit "lifecycle on A"

tl_done
