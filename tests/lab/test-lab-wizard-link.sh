#!/bin/bash
# Lab test (TAP): the create wizard and its job when host B goes away, on tvirt connected to B.
#  (1) The wizard is filled in up to its last page, then B's link is cut (ip link set
#      $LAB_VETH_B down): the form stays open, says B is not connected, refuses Ctrl+S (the
#      host field names the problem) and keeps every value; once the link is back and B
#      reconnects, Ctrl+S creates the VM (virsh on B sees it).
#  (2) A create from the ':' line whose link dies at the definition, after the new volume
#      was made: tests/ui/fault.c holds virDomainDefineXML until the test has frozen B's
#      libvirtd (SIGSTOP), so the call goes out on a dying connection.  The job fails in
#      libvirt's words, says it waits for B to undo, and once B is back (SIGCONT) deletes the
#      volume on the new connection; virsh on B finds neither domain nor volume.
#  (3) The same with --exec and a link that stays down past TVIRT_UNDO_WAIT=5: the report
#      says what was left behind ("left: volume shared/NAME.qcow2"), and it is exactly that
#      (virsh on B once the link is back).
# The link and the daemon are restored in the EXIT trap, whatever happens.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through tl_watch, lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

fault=$TV_TOP_BUILDDIR/tests/ui/libtvfault.so
[ -e "$fault" ] || tl_cannot_run "no $fault (make check builds it)"

ui=tvl-link-ui
mid=tvl-link-mid
left=tvl-link-left
hold=$TV_TMP/hold-define
frozen=
cut=

restore_link() {
    if [ -n "$cut" ]; then
        ip link set "$cut" up 2>/dev/null
        cut=
    fi
    if [ -n "$frozen" ]; then
        kill -CONT "$frozen" 2>/dev/null
        frozen=
    fi
    rm -f "$hold"
    return 0
}
remove_made() {
    local d
    for d in $ui $mid $left; do
        tl_virsh b destroy "$d" >/dev/null 2>&1
        tl_virsh b undefine --nvram "$d" >/dev/null 2>&1
        tl_virsh b vol-delete --pool "$LAB_SHARED_POOL" "$d.qcow2" >/dev/null 2>&1
    done
    return 0
}
tl_on_exit restore_link
tl_on_exit remove_made

tl_up
remove_made
cmdline="console=ttyS0 quiet mitigations=off tvirt.dirty=0 tvirt.disk_rate=0"
vol_file() { [ -e "$LAB_SHARED_DIR/$1.qcow2" ]; }
# joined_has TEXT: the screen holds TEXT, maybe wrapped over lines (in a box or not).
joined_has() {
    local joined
    joined=$(sed 's/^[ │]*//; s/[ │]*$//' <<<"$TV_SCREEN" | tr '\n' ' ')
    [[ $joined == *"$1"* ]]
}
no_vol_file() { ! vol_file "$1"; }

# ---- (1) the wizard, the link cut and back --------------------------------------------------
tv_start 110 40 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -c "$LAB_URI_B"
tv_wait "1/1 hosts" >/dev/null || tl_bail "tvirt connects to B"
tv_keys n
tv_wait "Step 1 of 6: Name and install" >/dev/null || tl_bail "n opens the wizard"
tv_type $ui
tv_keys Tab Right Right Right Tab
tv_type "$LAB_GUEST_KERNEL"
tv_keys Tab
tv_type "$LAB_GUEST_INITRD"
tv_keys Tab
tv_type "$cmdline"
tv_keys PageDown
tv_wait "Step 2 of 6" >/dev/null
tv_keys C-u
tv_type linux2022
tv_wait_gone "still loading" >/dev/null
tv_keys Tab C-u
tv_type qemu
tv_keys Tab Tab C-u
tv_type 1
tv_keys PageDown
tv_wait "Step 3 of 6" >/dev/null
tv_keys C-u
tv_type 128M
tv_keys PageDown
tv_wait "Step 4 of 6: Storage" >/dev/null
tv_keys Tab C-u
tv_type "$LAB_SHARED_POOL"
tv_keys Tab C-u
tv_type 64M
tv_keys PageDown
tv_wait "Step 5 of 6" >/dev/null
tv_keys Tab C-u
tv_type "$LAB_NETWORK"
tv_keys PageDown
check_screen "Create '$ui' on" "the wizard is filled in: PgDn reaches the review"
check_absent "problem" "...with no problem on any page"
tv_keys C-p
tv_wait "Step 5 of 6" >/dev/null

cut=$LAB_VETH_B
t_cut=$(tl_us)
ip link set "$cut" down
if tl_watch $((TL_WAIT * 1000)) tl__has "Host $LAB_ADDR_B is not connected"; then
    ok "the form says B is not connected $(tl_ms_between "$t_cut" "$TL_HIT_US") ms after the cut"
else
    not_ok "the form says B is not connected within $TL_WAIT s of the cut"
    tv_dump
fi
check_screen "Step 5 of 6" "...and stays open on the page it was on"
check_row "...the network typed is still there" "Source" "$LAB_NETWORK"
tv_keys C-s
check_row "Ctrl+S is refused: the host field says why" "is not connected: the wizard waits"
check_row "...Name still $ui" " Name " "$ui"
check_row "...Kernel still the lab's kernel" "Kernel" "$LAB_GUEST_KERNEL"
check_row "...Command line still given" "Command line" "console=ttyS0"
tl_virsh b dominfo $ui >/dev/null 2>&1 && remote=1 || remote=0
check_eq "...and nothing was made on B" "$remote" 0

ip link set "$cut" up
cut=
t_up=$(tl_us)
back() { [[ $TV_SCREEN != *"is not connected"* && $TV_SCREEN != *problem* ]]; }
if tl_watch $((TL_WAIT * 1000)) back; then
    ok "B is back and the form has no problem $(tl_ms_between "$t_up" "$TL_HIT_US") ms after the link"
else
    not_ok "B is back and the form has no problem within $TL_WAIT s of the link"
    tv_keys C-s # to the page of the first problem
    tv_wait "no such screen" 1 >/dev/null
fi
check_row "...Name still $ui" " Name " "$ui"
tv_keys C-s
check_screen "'$ui' was created" "Ctrl+S creates it now"
check_eq "virsh on B: $ui runs" "$(tl_state b $ui)" running
tv_stop

# ---- (2) the link dies at the definition; B comes back: undone -----------------------------
rm -f "$hold"
tv_start 110 40 "${TL_ENV[@]}" LD_PRELOAD="$fault" TV_FAULT_HOLD_DEFINE="$hold" -- \
    "${TL_THEME[@]}" -c "$LAB_URI_B"
tv_wait "1/1 hosts" >/dev/null || tl_bail "tvirt connects to B"
cmd "domain-create $mid install=kernel kernel=$LAB_GUEST_KERNEL os=linux2022 virt_type=qemu \
memory=128M disk.pool=$LAB_SHARED_POOL disk.size=64M nic.type=none graphics=none start=no"
if lab_wait "$TL_WAIT" test -e "$hold"; then
    ok "the job reaches the definition"
else
    tl_bail "the job reaches the definition (no $hold)"
fi
check_eq "...the new volume is made" "$(vol_file $mid && echo yes)" yes
tl_env
frozen=$LAB_PID_B
t_stop=$(tl_us)
kill -STOP "$frozen"
rm -f "$hold"
if tl_watch $((TL_WAIT * 1000)) tl__has "$LAB_ADDR_B gone: waiting up to 60 s"; then
    ok "the job waits for B to undo, $(tl_ms_between "$t_stop" "$TL_HIT_US") ms after the freeze"
else
    not_ok "the job waits for B to undo"
    tv_dump
fi
check_eq "...the volume is still there meanwhile" "$(vol_file $mid && echo yes)" yes
kill -CONT "$frozen"
frozen=
t_cont=$(tl_us)
if tl_watch $((TL_WAIT * 1000)) joined_has "deleted the new volume $LAB_SHARED_DIR/$mid.qcow2"; then
    ok "once B is back the volume is deleted, $(tl_ms_between "$t_cont" "$TL_HIT_US") ms after SIGCONT"
else
    not_ok "once B is back the volume is deleted"
    tv_dump
fi
TV_SCREEN=$(tv_screen)
joined_has "Could not create VM '$mid': internal error: connection closed due to keepalive"
tv_result $? "...the job failed in libvirt's words"
check_screen "create VM on" "...and the wizard opens again with what was given"
check_row "...its name" " Name " "$mid"
tv_keys Escape
tv_keys !
tv_wait "Could not create VM '$mid'" >/dev/null
TV_SCREEN=$(tv_screen)
joined_has "gone: waiting up to 60 s for it to come back"
tv_result $? "Messages: it waited for B"
check_screen "Could not create VM '$mid'" "Messages: the failure"
tv_stop
tl_virsh b dominfo $mid >/dev/null 2>&1 && remote=1 || remote=0
check_eq "virsh on B: no domain $mid" "$remote" 0
tl_virsh b vol-info --pool "$LAB_SHARED_POOL" $mid.qcow2 >/dev/null 2>&1 && remote=1 || remote=0
check_eq "virsh on B: no volume $mid.qcow2" "$remote" 0

# ---- (3) --exec, the link stays down past the wait: what was left ---------------------------
out=$TV_TMP/left.out
err=$TV_TMP/left.err
rm -f "$hold"
env LD_PRELOAD="$fault" TV_FAULT_HOLD_DEFINE="$hold" TVIRT_UNDO_WAIT=5 \
    "$TVIRT" -c "$LAB_URI_B" --exec domain-create name=$left install=kernel \
    kernel="$LAB_GUEST_KERNEL" os=linux2022 virt_type=qemu memory=128M \
    disk.pool="$LAB_SHARED_POOL" disk.size=64M nic.type=none graphics=none start=no \
    --format json >"$out" 2>"$err" &
exec_pid=$!
lab_wait "$TL_WAIT" test -e "$hold" || tl_bail "--exec reaches the definition"
cut=$LAB_VETH_B
t_cut=$(tl_us)
ip link set "$cut" down
rm -f "$hold"
wait "$exec_pid"
RC=$?
t_end=$(tl_us)
ok "--exec ended $(tl_ms_between "$t_cut" "$t_end") ms after the cut"
check_ex "...exit 1" 1
check_in "...in libvirt's words" "$out" "keepalive"
check_in "...B did not come back within 5 s" "$out" "did not come back within 5 s"
check_in "...what was left" "$out" "left: volume $LAB_SHARED_POOL/$left.qcow2"
check_in "...it said it waited for B" "$err" "to undo"
ip link set "$cut" up
cut=
check_eq "the volume it named is there" "$(vol_file $left && echo yes)" yes
tl_virsh b dominfo $left >/dev/null 2>&1 && remote=1 || remote=0
check_eq "virsh on B: no domain $left" "$remote" 0
tl_done
