#!/bin/bash
# Smoke test of the two-host lab (TAP): brings the lab up, boots one workload guest on host
# A and checks from outside that it lives (heartbeat counter rising in the console log, CPU
# time and disk writes rising in `virsh domstats`, a command typed on its console runs),
# that host B answers on its own address and sees the shared pool, the local pool and the
# guest network, and that the two daemons have distinct host UUIDs (migration needs that).
# Removes its guest at the end, and takes the lab down again if it was down before.
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
guest=tvsmoke
ci=${CI:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/tvlab-smoke.XXXXXX")
was_up=0
started=0

cleanup() {
    if [ "$started" = 1 ]; then
        "$LAB_SH" guest-rm "$guest" >/dev/null 2>&1 || true
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

answers() { timeout 30 virsh -q -c "$1" version >/dev/null 2>&1; }
same_nonempty() { [ -n "$1" ] && [ "$1" = "$2" ]; }
differ_nonempty() { [ -n "$1" ] && [ -n "$2" ] && [ "$1" != "$2" ]; }

# Ends the run after a step that everything later depends on.
bail() {
    lab_not_ok "$*"
    echo "1..$LAB_N"
    exit 1
}

if ! lab_serialize; then
    echo "1..0 # SKIP lab tests run once per suite, in the normal build"
    exit 0
fi
[ "$(id -u)" -eq 0 ] || cannot_run "needs root (network namespaces, bridges, libvirtd)"
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

# ---- a guest on host A -------------------------------------------------------------------

"$LAB_SH" guest-rm "$guest" >/dev/null 2>&1 || true
t0=$SECONDS
if ! "$LAB_SH" guest "$guest" a --dirty 10 >"$work/guest.log" 2>&1; then
    sed 's/^/# /' "$work/guest.log"
    bail "lab.sh guest $guest a"
fi
accel=$("$LAB_SH" accel 2>/dev/null)
lab_ok "guest $guest defined and started on A ($accel) in $((SECONDS - t0)) s"
console=$LAB_CONSOLE_DIR/$guest.log

t0=$SECONDS
if ! lab_wait "$boot_timeout" lab_heartbeat_above "$console" 0; then
    sed 's/^/# console: /' "$console" 2>/dev/null | tail -n 20
    bail "first heartbeat within $boot_timeout s"
fi
lab_ok "first heartbeat $((SECONDS - t0)) s after start"

c1=$(lab_heartbeat "$console")
lab_check "heartbeat counter rises past $((c1 + 10)) (from $c1)" \
    lab_wait 30 lab_heartbeat_above "$console" $((c1 + 10))

cpu1=$(lab_domstat "$LAB_URI_A" "$guest" cpu.time)
wr1=$(lab_domstat "$LAB_URI_A" "$guest" block.0.wr.bytes)
lab_check "domstats on A: cpu.time rises (from ${cpu1:-none})" \
    lab_wait 30 lab_domstat_above "$LAB_URI_A" "$guest" cpu.time "${cpu1:-0}"
lab_check "domstats on A: block.0.wr.bytes rises (from ${wr1:-none})" \
    lab_wait 30 lab_domstat_above "$LAB_URI_A" "$guest" block.0.wr.bytes "${wr1:-0}"

# The guest's shell computes the number, so finding it proves the command ran, not just
# its echo.
# shellcheck disable=SC2016
"$LAB_SH" send "$guest" a 'echo smoke-$((6*7))' >/dev/null 2>&1
lab_check "a command typed on the console runs" lab_wait 20 lab_log_has "$console" smoke-42
"$LAB_SH" send "$guest" a 'dirty 7' >/dev/null 2>&1
lab_check "'dirty 7' on the console changes the dirty rate" \
    lab_wait 20 lab_dirty_is "$console" 7

# ---- host B ------------------------------------------------------------------------------

lab_check "B answers on $LAB_URI_B" answers "$LAB_URI_B"

shared_b=$(timeout 30 virsh -q -c "$LAB_URI_B" pool-dumpxml "$LAB_SHARED_POOL" 2>/dev/null |
    sed -n 's:.*<path>\(.*\)</path>.*:\1:p')
lab_check "B's pool '$LAB_SHARED_POOL' is $LAB_SHARED_DIR" [ "$shared_b" = "$LAB_SHARED_DIR" ]
vols_b=$(timeout 30 virsh -q -c "$LAB_URI_B" vol-list "$LAB_SHARED_POOL" 2>/dev/null)
lab_check "B sees the guest's disk in the shared pool" \
    grep -q "$guest.qcow2" <<<"$vols_b"

local_a=$(timeout 30 virsh -q -c "$LAB_URI_A" pool-dumpxml "$LAB_LOCAL_POOL" 2>/dev/null |
    sed -n 's:.*<path>\(.*\)</path>.*:\1:p')
local_b=$(timeout 30 virsh -q -c "$LAB_URI_B" pool-dumpxml "$LAB_LOCAL_POOL" 2>/dev/null |
    sed -n 's:.*<path>\(.*\)</path>.*:\1:p')
lab_check "pool '$LAB_LOCAL_POOL' has one path on both hosts ($local_b)" \
    same_nonempty "$local_a" "$local_b"
touch "$LAB_LOCAL_DIR_A/smoke-only-on-a"
timeout 30 virsh -q -c "$LAB_URI_B" pool-refresh "$LAB_LOCAL_POOL" >/dev/null 2>&1
vols_b=$(timeout 30 virsh -q -c "$LAB_URI_B" vol-list "$LAB_LOCAL_POOL" 2>/dev/null)
rm -f "$LAB_LOCAL_DIR_A/smoke-only-on-a"
lab_check "B's local pool does not see A's files" \
    test -z "$(grep smoke-only-on-a <<<"$vols_b")"

net_b=$(timeout 30 virsh -q -c "$LAB_URI_B" net-info "$LAB_NETWORK" 2>/dev/null)
lab_check "B's network '$LAB_NETWORK' is active" grep -Eq '^Active: +yes' <<<"$net_b"

uuid_a=$(timeout 30 virsh -q -c "$LAB_URI_A" capabilities 2>/dev/null |
    sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n 1)
uuid_b=$(timeout 30 virsh -q -c "$LAB_URI_B" capabilities 2>/dev/null |
    sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n 1)
lab_check "host UUIDs differ ($uuid_a, $uuid_b)" \
    differ_nonempty "$uuid_a" "$uuid_b"

# ---- clean-up ----------------------------------------------------------------------------

"$LAB_SH" guest-rm "$guest" >/dev/null 2>&1
lab_check "guest-rm leaves no $guest on A" \
    test -z "$(timeout 30 virsh -q -c "$LAB_URI_A" list --all --name 2>/dev/null |
        grep -x "$guest")"

echo "1..$LAB_N"
[ "$LAB_FAILED" -eq 0 ]
