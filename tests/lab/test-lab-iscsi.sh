#!/bin/bash
# Lab test of real shared storage (TAP): the lab's iSCSI target serves a guest's disk to both
# hosts, and libvirt migrates that guest live without VIR_MIGRATE_UNSAFE, while a guest on
# the shared dir pool (ext4 underneath, which libvirt does not count as shared) is refused
# unless the flag is given.
#
# Checks that the iscsi-direct pool is active on both hosts and lists the guest's LUN as a
# volume; boots a guest with `lab.sh guest --iscsi` on A and sees its heartbeat; migrates it
# live to B (`virsh migrate --live --persistent --undefinesource`, no --unsafe) and sees the
# heartbeat counter go on rising in the same console log and its disk writes go on on B;
# migrates it back; then a dir-pool guest: the same migration is refused with libvirt's
# "Unsafe migration" and succeeds with --unsafe.  Removes its guests, and takes the lab down
# again if it was down before.
#
# Needs root.  Without it, or when the lab cannot start, it skips (TAP "1..0 # SKIP") on a
# developer's machine, but under CI=true it fails instead: CI must never pass by skipping.
# Under CI=true it also installs missing packages with `lab.sh deps`.
# TVIRT_LAB_TIMEOUT: seconds a guest may take to boot (default 120; TCG on 2 busy cores).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

boot_timeout=${TVIRT_LAB_TIMEOUT:-120}
guest=tviscsi
plain=tvunsafe
ci=${CI:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/tvlab-iscsi.XXXXXX")
was_up=0
started=0

cleanup() {
    if [ "$started" = 1 ]; then
        "$LAB_SH" guest-rm "$guest" >/dev/null 2>&1 || true
        "$LAB_SH" guest-rm "$plain" >/dev/null 2>&1 || true
        if [ "$was_up" = 0 ]; then
            "$LAB_SH" down >"$work/down.log" 2>&1 || cat "$work/down.log" >&2
        fi
    fi
    rm -rf "$work"
}
trap cleanup EXIT

cannot_run() {
    if [ "$ci" = true ]; then
        echo "not ok 1 - the lab cannot run: $*"
        echo "1..1"
        exit 1
    fi
    echo "1..0 # SKIP $*"
    exit 0
}

# Ends the run after a step that everything later depends on.
bail() {
    lab_not_ok "$*"
    echo "1..$LAB_N"
    exit 1
}

vsh() {
    local uri=$1
    shift
    timeout 60 virsh -q -c "$uri" "$@"
}

pool_running() { [[ $(vsh "$1" pool-info "$LAB_ISCSI_POOL" 2>/dev/null) =~ State:\ *running ]]; }
pool_type() {
    vsh "$1" pool-dumpxml "$LAB_ISCSI_POOL" 2>/dev/null |
        sed -n "s/^<pool type='\([^']*\)'.*/\1/p"
}
lists_volume() { vsh "$1" vol-list "$LAB_ISCSI_POOL" 2>/dev/null | grep -qw "$2"; }
lists_neither() { ! lists_volume "$LAB_URI_A" "$1" && ! lists_volume "$LAB_URI_B" "$1"; }
is_running() { [ "$(vsh "$1" domstate "$2" 2>/dev/null)" = running ]; }
is_absent() { ! vsh "$1" dominfo "$2" >/dev/null 2>&1; }

# migrate FROM TO NAME [FLAG...]: virsh migrate, output in $work/migrate.out, wall-clock
# seconds (3 decimals) in $mig_s.
mig_s=
migrate() {
    local from=$1 to=$2 name=$3 t0 t1 rc
    shift 3
    t0=${EPOCHREALTIME/[.,]/}
    timeout 180 virsh -c "$from" migrate --live --persistent --undefinesource "$@" \
        "$name" "$to" >"$work/migrate.out" 2>&1
    rc=$?
    t1=${EPOCHREALTIME/[.,]/}
    mig_s=$(printf '%d.%03d' $(((t1 - t0) / 1000000)) $((((t1 - t0) / 1000) % 1000)))
    return "$rc"
}

if ! lab_serialize; then
    echo "1..0 # SKIP lab tests run once per suite, in the normal build"
    exit 0
fi
[ "$(id -u)" -eq 0 ] || cannot_run "needs root (network namespaces, bridges, libvirtd, tgtd)"
if ! "$LAB_SH" check >"$work/check.log" 2>&1; then
    if [ "$ci" = true ]; then
        "$LAB_SH" deps >"$work/deps.log" 2>&1 || tail -n 20 "$work/deps.log" >&2
    fi
    "$LAB_SH" check >"$work/check.log" 2>&1 ||
        cannot_run "$(head -n 1 "$work/check.log") (see tests/lab/lab.sh deps)"
fi

"$LAB_SH" status >/dev/null 2>&1 && was_up=1
started=1
t0=$SECONDS
if ! "$LAB_SH" up >"$work/up.log" 2>&1; then
    sed 's/^/# /' "$work/up.log"
    cannot_run "lab.sh up failed: $(grep 'error' "$work/up.log" | tail -n 1)"
fi
lab_ok "lab up in $((SECONDS - t0)) s"
eval "$("$LAB_SH" env)"

# ---- the target and the pools ------------------------------------------------------------

lab_check "tgtd runs (pid ${LAB_TGT_PID:-none})" test -n "$LAB_TGT_PID"
for uri in "$LAB_URI_A" "$LAB_URI_B"; do
    lab_check "pool '$LAB_ISCSI_POOL' is active on $uri" pool_running "$uri"
    t=$(pool_type "$uri")
    lab_check "pool '$LAB_ISCSI_POOL' on $uri is iscsi-direct (${t:-none})" \
        test "$t" = iscsi-direct
done

# ---- a guest on an iSCSI LUN -------------------------------------------------------------

"$LAB_SH" guest-rm "$guest" >/dev/null 2>&1 || true
"$LAB_SH" guest-rm "$plain" >/dev/null 2>&1 || true
t0=$SECONDS
if ! "$LAB_SH" guest "$guest" a --iscsi --dirty 10 >"$work/guest.log" 2>&1; then
    sed 's/^/# /' "$work/guest.log"
    bail "lab.sh guest $guest a --iscsi"
fi
lab_ok "guest $guest defined and started on A in $((SECONDS - t0)) s"
console=$LAB_CONSOLE_DIR/$guest.log

xml=$(vsh "$LAB_URI_A" dumpxml "$guest" 2>/dev/null)
src=$(sed -n "s:.*<source protocol='iscsi' name='\([^']*\)'.*:\1:p" <<<"$xml")
lun=${src##*/}
lab_check "its disk is an iSCSI network disk ($src)" \
    test "$src" = "$LAB_ISCSI_IQN/${lun:-none}"
lab_check "... on $LAB_ISCSI_ADDR:$LAB_ISCSI_PORT" \
    grep -q "<host name='$LAB_ISCSI_ADDR' port='$LAB_ISCSI_PORT'/>" <<<"$xml"
lab_check "its LUN is not 0 (the target's controller)" test "${lun:-0}" != 0
for uri in "$LAB_URI_A" "$LAB_URI_B"; do
    lab_check "pool '$LAB_ISCSI_POOL' on $uri lists unit:0:0:$lun" \
        lists_volume "$uri" "unit:0:0:$lun"
done

t0=$SECONDS
if ! lab_wait "$boot_timeout" lab_heartbeat_above "$console" 0; then
    sed 's/^/# console: /' "$console" 2>/dev/null | tail -n 20
    bail "first heartbeat within $boot_timeout s"
fi
lab_ok "first heartbeat $((SECONDS - t0)) s after start"
c=$(lab_heartbeat "$console")
lab_check "heartbeat counter rises past $((c + 5)) (from $c)" \
    lab_wait 30 lab_heartbeat_above "$console" $((c + 5))
wr=$(lab_domstat "$LAB_URI_A" "$guest" block.0.wr.bytes)
lab_check "the guest writes to its LUN on A (block.0.wr.bytes from ${wr:-none})" \
    lab_wait 30 lab_domstat_above "$LAB_URI_A" "$guest" block.0.wr.bytes "${wr:-0}"

# ---- live migration without --unsafe, there and back -------------------------------------

c=$(lab_heartbeat "$console")
if ! migrate "$LAB_URI_A" "$LAB_URI_B" "$guest"; then
    sed 's/^/# /' "$work/migrate.out"
    bail "live migration A -> B without --unsafe"
fi
lab_ok "live migration A -> B without --unsafe in $mig_s s (virsh, wall clock)"
echo "# migrate $guest A -> B: $mig_s s"
lab_check "$guest runs on B" is_running "$LAB_URI_B" "$guest"
lab_check "$guest is gone from A (--undefinesource)" is_absent "$LAB_URI_A" "$guest"
lab_check "heartbeat counter goes on rising on B, past $((c + 20)) (was $c)" \
    lab_wait 60 lab_heartbeat_above "$console" $((c + 20))
wr=$(lab_domstat "$LAB_URI_B" "$guest" block.0.wr.bytes)
lab_check "the guest writes to its LUN on B (block.0.wr.bytes from ${wr:-none})" \
    lab_wait 30 lab_domstat_above "$LAB_URI_B" "$guest" block.0.wr.bytes "${wr:-0}"

c=$(lab_heartbeat "$console")
if ! migrate "$LAB_URI_B" "$LAB_URI_A" "$guest"; then
    sed 's/^/# /' "$work/migrate.out"
    bail "live migration B -> A without --unsafe"
fi
lab_ok "live migration B -> A without --unsafe in $mig_s s (virsh, wall clock)"
echo "# migrate $guest B -> A: $mig_s s"
lab_check "$guest runs on A again" is_running "$LAB_URI_A" "$guest"
lab_check "$guest is gone from B" is_absent "$LAB_URI_B" "$guest"
lab_check "heartbeat counter goes on rising on A, past $((c + 20)) (was $c)" \
    lab_wait 60 lab_heartbeat_above "$console" $((c + 20))

# ---- the same for a guest on the dir pool: refused without --unsafe ----------------------

# Not needed any more: one TCG guest at a time on a small machine.
"$LAB_SH" guest-rm "$guest" >"$work/rm.log" 2>&1
sed 's/^/# /' "$work/rm.log"
lab_check "guest-rm removes unit:0:0:$lun from the pools on both hosts" \
    lab_wait 10 lists_neither "unit:0:0:$lun"
lab_check "guest-rm deletes $guest's LUN file" test ! -e "$LAB_ISCSI_DIR/lun-$lun-$guest.raw"

if ! "$LAB_SH" guest "$plain" a >"$work/guest.log" 2>&1; then
    sed 's/^/# /' "$work/guest.log"
    bail "lab.sh guest $plain a"
fi
lab_ok "guest $plain (dir pool) started on A"
if migrate "$LAB_URI_A" "$LAB_URI_B" "$plain"; then
    lab_not_ok "live migration of $plain without --unsafe is refused (it succeeded)"
else
    sed 's/^/# /' "$work/migrate.out"
    lab_check "live migration of $plain without --unsafe is refused: 'Unsafe migration'" \
        grep -q 'Unsafe migration' "$work/migrate.out"
fi
lab_check "$plain still runs on A" is_running "$LAB_URI_A" "$plain"
if migrate "$LAB_URI_A" "$LAB_URI_B" "$plain" --unsafe; then
    lab_ok "live migration of $plain with --unsafe in $mig_s s"
else
    sed 's/^/# /' "$work/migrate.out"
    lab_not_ok "live migration of $plain with --unsafe"
fi
lab_check "$plain runs on B" is_running "$LAB_URI_B" "$plain"

# ---- clean-up ----------------------------------------------------------------------------

"$LAB_SH" guest-rm "$plain" >/dev/null 2>&1
lab_check "guest-rm leaves no $plain on B" is_absent "$LAB_URI_B" "$plain"

echo "1..$LAB_N"
[ "$LAB_FAILED" -eq 0 ]
