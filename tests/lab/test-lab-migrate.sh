#!/bin/bash
# Lab test (TAP): live migration between the lab's two QEMU hosts, driven by tvirt.
#  - --exec domain-migrate of an idle guest whose disk is an iSCSI LUN (shared storage libvirt
#    accepts without unsafe) A -> B: a progress line on stderr, JSON with
#    libvirt's completed-job figures (the same numbers `virsh domjobinfo --completed` gives
#    on the destination), the guest running on B only, its heartbeat going on there, and a
#    row in the history file.
#  - The Migrations screen (5) while a guest migrates under a low bandwidth cap:
#    the row with its phase and figures, the Domains screen's migrating mark, + raising the
#    cap (libvirt reports the new value), t setting the maximum downtime (likewise), A
#    aborting after a confirmation: the guest stays running on its source, nothing on the
#    destination.
#  - The wizard (m) moving it back to completion: the figures on the screen are libvirt's
#    completed-job statistics.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

out=$TV_TMP/out
err=$TV_TMP/err
G1=tvl-mig-idle
G2=tvl-mig-busy
history=$XDG_STATE_HOME/tvirt/migrations.csv

json() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["result"].get(sys.argv[2], ""))' \
        "$out" "$1"
}

# `virsh domjobinfo --completed` on host $1 for domain $2: field $3 ("Total downtime").
jobinfo() {
    tl_virsh "$1" domjobinfo --completed --keep-completed "$2" 2>/dev/null |
        awk -F: -v f="$3" '$1 == f { sub(/^ +/, "", $2); split($2, w, " "); print w[1] }'
}

# Where a guest is defined: "a", "b", "a b" or "".
where() {
    local h list=""
    for h in a b; do
        tl_virsh "$h" domstate "$1" >/dev/null 2>&1 && list="$list $h"
    done
    echo "${list# }"
}

tl_up
tl_guest "$G1" a --iscsi || tl_bail "guest $G1 did not boot"

# ---- --exec ----------------------------------------------------------------------------
"$TVIRT" -c "$LAB_URI_A" -c "$LAB_URI_B" --format json --exec domain-migrate host="$LAB_ADDR_A" \
    domain="$G1" dest="$LAB_ADDR_B" >"$out" 2>"$err"
RC=$?
check_ex "--exec domain-migrate moves the idle guest on an iSCSI LUN to B by its label, no unsafe" 0
check_in "the preflight passed its disk as shared" "$out" '{"check":"disk vda","verdict":"pass"'
check_in "a progress line on stderr" "$err" "tvirt: domain-migrate $G1:"
check_eq "it runs on B and is gone from A" "$(where "$G1")" b
check_eq "running on B" "$(tl_state b "$G1")" running
check_in "the JSON names the destination's URI" "$out" "\"dest\":\"$LAB_URI_B\""
for field in downtime time_elapsed data_total memory_iteration; do
    want=$(jobinfo b "$G1" "$(case $field in
        downtime) echo "Total downtime" ;;
        time_elapsed) echo "Time elapsed" ;;
        data_total) echo "Data total" ;;
        memory_iteration) echo "Iteration" ;;
    esac)")
    got=$(json "$field")
    case $field in
    data_total) # virsh prints MiB with three decimals
        got=$(python3 -c "print('%.3f' % ($got / 1048576))") ;;
    esac
    check_eq "JSON $field is libvirt's completed-job figure" "$got" "$want"
done
n0=$(lab_heartbeat "$LAB_CONSOLE_DIR/$G1.log")
if lab_wait 20 lab_heartbeat_above "$LAB_CONSOLE_DIR/$G1.log" "$((n0 + 5))"; then
    ok "the heartbeat goes on on B (past $n0)"
else
    not_ok "the heartbeat goes on on B (stuck at $n0)"
fi
check_in "the history file has the migration" "$history" ",$G1,"

# ---- the Migrations screen: live controls on a busy guest -------------------------------
tl_guest "$G2" b || tl_bail "guest $G2 did not boot"
tv_start 160 40 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -c "$LAB_URI_A" -c "$LAB_URI_B"
tv_wait "$G2" 20
cmd "domain-migrate $G2 dest=$LAB_ADDR_A unsafe=yes bandwidth=4"
tv_keys 2
check_row "Domains marks the migrating guest" "»" "$G2"
tv_keys 5
check_row_within 20 "its row on the Migrations screen, iterating under the cap" "$G2" \
    "$LAB_ADDR_B" "$LAB_ADDR_A" iterating "4M/s"
check_screen "Transfer" "the pane shows the transfer rate's history"
tv_keys +
lab_wait 10 bash -c "[ \"\$(timeout 10 virsh -q -c '$LAB_UNIX_URI_B' migrate-getspeed $G2)\" = 8 ]"
check_eq "+ raises the cap one step: libvirt says 8 MiB/s" \
    "$(tl_virsh b migrate-getspeed "$G2" 2>/dev/null)" 8
check_row "the row shows the new cap" "$G2" "8M/s"
tv_keys t
tv_wait "Maximum downtime" || true
tv_keys C-u
tv_type 777
tv_keys C-s
lab_wait 10 bash -c "[ \"\$(timeout 10 virsh -q -c '$LAB_UNIX_URI_B' migrate-getmaxdowntime $G2)\" = 777 ]"
check_eq "t sets the maximum downtime: libvirt says 777 ms" \
    "$(tl_virsh b migrate-getmaxdowntime "$G2" 2>/dev/null)" 777
check_row "the row shows the new maximum" "$G2" "/777ms"
tv_keys A
check_screen "Abort the migration of '$G2' on $LAB_ADDR_B?" "A asks first"
tv_keys y
check_row_within 20 "the row says cancelled" "$G2" cancelled
check_eq "the guest still runs on B" "$(tl_state b "$G2")" running
check_eq "nothing is left on A" "$(where "$G2")" b

# ---- the wizard, to completion -----------------------------------------------------------
tv_keys 2
tv_pick "$G2"
tv_keys m
tv_wait "Destination" || true
tv_type "$LAB_ADDR_A"
tv_keys C-s
check_screen "Step 3 of 3: Review" "Ctrl+S in the wizard goes to the review page"
check_screen "Preflight: a check failed" "the preflight answers" 30
check_screen "fail  disk vda" "a disk on the local dir pool fails the preflight"
check_screen "unsafe=yes if the path really is shared" "with the fix"
check_screen "pass  cpu" "the CPU check passes between the lab's hosts"
check_screen "pass  memory" "so does free memory"
tv_keys Enter
check_screen "The preflight refused it" "Enter does not start a refused migration"
tv_keys C-p C-p
tv_wait "Step 1 of 3" || true
for _ in $(seq 7); do tv_keys Tab; done
tv_keys Space
tv_keys C-s
check_screen "Preflight: nothing stops it" "with unsafe=yes nothing stops it" 30
check_screen "warn  disk vda" "the disk is a warning now"
tv_keys Enter
tv_keys 5
check_row_within 60 "the wizard's migration completes" "$G2" done
check_eq "it runs on A only" "$(where "$G2")" a
want=$(jobinfo a "$G2" "Total downtime")
check_row "the row's downtime is libvirt's ($want ms)" "$G2" "done" "${want}ms"
check_screen "downtime $want ms" "the pane shows libvirt's completed figures"
tv_quit

# ---- the history survives a restart -------------------------------------------------------
tv_start 160 40 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -c "$LAB_URI_A"
tv_keys 5
check_row "after a restart the history shows both guests' migrations" "$G1" done
check_row "and the cancelled one" "$G2" cancelled
tv_quit
tl_done
