#!/bin/bash
# Lab benchmark: on lab host A (real QEMU, tests/lab/lab.sh), two goals.
#  A  with several running guests, tvirt's CPU per refresh in batch mode against the floor
#     program over the same remote qemu+tcp connection, asking for the same stat groups
#     (state, CPU, balloon, vCPU, interface, block).  The two take turns on one CPU
#     (ptymeter --lockstep) so both see the same clock speed; the figure is the median ratio
#     of 3 repeats after a calibration run.  Limit 1.3.
#  F  a new VM, from the review page's choices until `virsh domstate` says running:
#     `tvirt --exec domain-create` against `virt-install` for the same VM (direct kernel
#     boot of the lab guest, 1 vCPU, 192 MiB, a 64 MiB qcow2 in the shared pool, a NIC on
#     the lab network, no display), taking turns, each VM and its volume removed after.  The
#     figure is tvirt's median wall time over virt-install's.  Limit 1.0.  F runs first,
#     before A's busy guests exist.
#  M  live migration of an idle guest on an iSCSI LUN between hosts A and B, tvirt
#     (`--exec domain-migrate`) and `virsh migrate --live --persistent --undefinesource`
#     taking turns, 9 each: libvirt's completed-job total time and downtime, tvirt's
#     median over virsh's (limit 1.05 each).  Then one migration capped at 32 MiB/s, some
#     seconds long: the CPU time tvirt's monitor thread spends per poll (reading the job
#     statistics twice a second and publishing them), as it measures it itself (limit 1 ms).  The guest's disk is an iSCSI LUN: shared storage libvirt
#     accepts without unsafe.
#   bench/lab.sh BUILDDIR     (needs root; `make bench-lab` runs it)
# Knobs: BENCH_LAB_GOALS ("F M A"), BENCH_REPEATS (3), BENCH_LAB_GUESTS (4), BENCH_LAB_N1/N2.
# shellcheck disable=SC2317  # functions run through the EXIT trap and goal_*
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
tvirt=${TVIRT:-$build/tvirt}
floor=$build/bench/floor
meter=$build/bench/ptymeter
out=$build/bench/out
guests=${BENCH_LAB_GUESTS:-4}
repeats=${BENCH_REPEATS:-3}
n1=${BENCH_LAB_N1:-20}
n2=${BENCH_LAB_N2:-220}
limit=1.3
create_limit=1.0
goals=${BENCH_LAB_GOALS:-F M A}
migrate_limit=1.05
# shellcheck source=tests/lab/lib.sh
. "$here/../tests/lab/lib.sh"

median() {
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
        if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }
calc() { awk "BEGIN { printf \"%.6g\", ($1) }"; }

[ "$(id -u)" -eq 0 ] || { echo "bench/lab.sh: needs root (the lab)" >&2; exit 2; }
for p in "$tvirt" "$floor" "$meter"; do
    [ -x "$p" ] || { echo "bench/lab.sh: $p is not built (make bench-lab builds it)" >&2; exit 2; }
done
mkdir -p "$out"
lab_serialize || { echo "bench/lab.sh: TV_LAB=skip" >&2; exit 2; }
was_up=0
"$LAB_SH" status >/dev/null 2>&1 && was_up=1
# remove_vm NAME: the VM and its volume, whatever state they are in.
remove_vm() {
    virsh -c "$LAB_UNIX_URI_A" destroy "$1" >/dev/null 2>&1
    virsh -c "$LAB_UNIX_URI_A" undefine --nvram "$1" >/dev/null 2>&1
    virsh -c "$LAB_UNIX_URI_A" vol-delete --pool "$LAB_SHARED_POOL" "$1.qcow2" >/dev/null 2>&1
}
f_names() {
    for r in $(seq 0 "$repeats"); do echo "tvbench-f-tv$r tvbench-f-vi$r"; done
}
cleanup() {
    if [ -n "${LAB_UNIX_URI_A:-}" ] && [ "${goals#*F}" != "$goals" ]; then
        for n in $(f_names); do remove_vm "$n"; done
    fi
    for g in $(seq 1 "$guests"); do "$LAB_SH" guest-rm "tvbench$g" >/dev/null 2>&1; done
    [ "$was_up" = 0 ] && "$LAB_SH" down >/dev/null 2>&1
}
trap cleanup EXIT
"$LAB_SH" up >"$out/lab-up.log" 2>&1 || { cat "$out/lab-up.log" >&2; exit 1; }
eval "$("$LAB_SH" env)"
# ---- F: a new VM until it runs, tvirt against virt-install -----------------------------------
make_tvirt() {
    "$tvirt" -c "$LAB_URI_A" --exec domain-create name="$1" install=kernel \
        kernel="$LAB_GUEST_KERNEL" initrd="$LAB_GUEST_INITRD" cmdline="$cmdline" os=linux2022 \
        virt_type=qemu vcpus=1 memory=192M disk.pool="$LAB_SHARED_POOL" disk.size=64M \
        nic.source="$LAB_NETWORK" graphics=none
}
# --import: virt-install wants an install method; with it, as with tvirt's install=kernel, the
# kernel boot stays in the definition.
make_virt_install() {
    virt-install --connect "$LAB_URI_A" --name "$1" --memory 192 --vcpus 1 --virt-type qemu \
        --osinfo linux2022 --import \
        --boot "kernel=$LAB_GUEST_KERNEL,initrd=$LAB_GUEST_INITRD,kernel_args=$cmdline" \
        --disk "pool=$LAB_SHARED_POOL,size=0.0625,format=qcow2" \
        --network "network=$LAB_NETWORK" --graphics none --noautoconsole
}
# time_create TOOL NAME: ms from launching TOOL until `virsh domstate NAME` says running
# (polled once TOOL has exited: both return once the VM is started), or -1.
time_create() {
    local t0 t1 state deadline
    t0=$EPOCHREALTIME
    "make_$1" "$2" >"$out/lab-f-$2.log" 2>&1 || { echo -1; return; }
    deadline=$((SECONDS + 60))
    while :; do
        state=$(virsh -c "$LAB_UNIX_URI_A" domstate "$2" 2>/dev/null | head -n 1)
        [ "$state" = running ] && break
        [ "$SECONDS" -ge "$deadline" ] && { echo -1; return; }
        sleep 0.01
    done
    t1=$EPOCHREALTIME
    calc "(${t1/[.,]/} - ${t0/[.,]/}) / 1000"
}
goal_f() {
    local r tool name ms tmed vmed ratio res
    cmdline="console=ttyS0 quiet"
    raw=$out/lab-f.txt
    echo "# repeat tool ms" >"$raw"
    echo "lab F: a new VM until it runs, tvirt and virt-install taking turns," \
        "$repeats repeats after a warm-up"
    for r in $(seq 0 "$repeats"); do
        # Who goes first alternates, so neither always follows the other's clean-up.
        if [ $((r % 2)) = 0 ]; then set -- tvirt virt_install; else set -- virt_install tvirt; fi
        for tool in "$@"; do
            name=tvbench-f-$([ "$tool" = tvirt ] && echo tv || echo vi)$r
            remove_vm "$name"
            ms=$(time_create "$tool" "$name")
            if [ "$ms" = -1 ]; then
                echo "bench/lab.sh: $tool did not make $name run:" >&2
                cat "$out/lab-f-$name.log" >&2
                remove_vm "$name"
                return 1
            fi
            printf '  %-11s %-13s %6.0f ms\n' \
                "$([ "$r" = 0 ] && echo warm-up || echo "repeat $r")" "${tool/_/-}" "$ms"
            [ "$r" -gt 0 ] && echo "$r $tool $ms" >>"$raw"
            remove_vm "$name"
        done
    done
    tmed=$(awk '$2 == "tvirt" { print $3 }' "$raw" | median)
    vmed=$(awk '$2 == "virt_install" { print $3 }' "$raw" | median)
    ratio=$(calc "$tmed / $vmed")
    res=PASS
    [ "$(calc "$ratio <= $create_limit")" = 1 ] || res=FAIL
    printf 'lab F, new VM until running, tvirt/virt-install: %.2f %.0f/%.0f ms  <= %s  %s\n' \
        "$ratio" "$tmed" "$vmed" "$create_limit" "$res" >>"$out/lab-results.txt"
    [ "$res" = PASS ]
}

# ---- M: live migration, tvirt against virsh ---------------------------------------------------
# mig_stat HOST-URI NAME FIELD: a completed-job figure as virsh prints it (ms), kept for later.
mig_stat() {
    virsh -c "$1" domjobinfo --completed --keep-completed "$2" 2>/dev/null |
        awk -F: -v f="$3" '$1 == f { sub(/^ +/, "", $2); split($2, w, " "); print w[1] }'
}
# migrate_once TOOL FROM TO: moves tvbench-m from host FROM to TO; prints "elapsed downtime".
migrate_once() {
    local from_uri to_uri to_unix
    eval "from_uri=\$LAB_URI_$2 to_uri=\$LAB_URI_$3 to_unix=\$LAB_UNIX_URI_$3"
    if [ "$1" = tvirt ]; then
        "$tvirt" -c "$from_uri" --exec domain-migrate domain=tvbench-m dest="$to_uri" \
            >"$out/lab-m.log" 2>&1 || return 1
    else
        virsh -c "$from_uri" migrate --live --persistent --undefinesource tvbench-m \
            "$to_uri" >"$out/lab-m.log" 2>&1 || return 1
    fi
    echo "$(mig_stat "$to_unix" tvbench-m "Time elapsed") $(mig_stat "$to_unix" tvbench-m "Total downtime")"
}
goal_m() {
    local r tool from=A to=B fig raw=$out/lab-m.txt tel vel tdt vdt rel rdt res
    echo "# repeat tool elapsed_ms downtime_ms" >"$raw"
    "$LAB_SH" guest-rm tvbench-m >/dev/null 2>&1
    "$LAB_SH" guest tvbench-m a --iscsi >/dev/null 2>&1 || { echo "bench/lab.sh: no guest" >&2; return 1; }
    sleep 10 # past the guest's boot, which dirties memory fast
    echo "lab M: live migration of an idle guest, tvirt and virsh taking turns, 9 each"
    for r in $(seq 1 9); do
        if [ $((r % 2)) = 0 ]; then set -- tvirt virsh; else set -- virsh tvirt; fi
        for tool in "$@"; do
            fig=$(migrate_once "$tool" "$from" "$to") || { cat "$out/lab-m.log" >&2; return 1; }
            printf '  repeat %s %-6s %s -> %s  total %s ms, downtime %s ms\n' "$r" "$tool" \
                "$from" "$to" ${fig}
            echo "$r $tool $fig" >>"$raw"
            if [ "$from" = A ]; then from=B to=A; else from=A to=B; fi
        done
    done
    tel=$(awk '$2 == "tvirt" { print $3 }' "$raw" | median)
    vel=$(awk '$2 == "virsh" { print $3 }' "$raw" | median)
    tdt=$(awk '$2 == "tvirt" { print $4 }' "$raw" | median)
    vdt=$(awk '$2 == "virsh" { print $4 }' "$raw" | median)
    rel=$(calc "$tel / $vel")
    rdt=$(calc "$tdt / $vdt")
    res=PASS
    [ "$(calc "$rel <= $migrate_limit && $rdt <= $migrate_limit")" = 1 ] || res=FAIL
    printf 'lab M, idle guest migration tvirt/virsh: total %.2f (%s/%s ms), downtime %.2f (%s/%s ms)  <= %s  %s\n' \
        "$rel" "$tel" "$vel" "$rdt" "$tdt" "$vdt" "$migrate_limit" "$res" >>"$out/lab-results.txt"
    # Poll cost: a migration of some seconds; the monitor thread counts its own CPU time
    # (CLOCK_THREAD_CPUTIME_ID) per poll: the job statistics read, the figures published.
    "$LAB_SH" guest-rm tvbench-m >/dev/null 2>&1
    "$LAB_SH" guest tvbench-m a --iscsi >/dev/null 2>&1 || return 1
    sleep 10
    "$tvirt" -c "$LAB_URI_A" --exec domain-migrate domain=tvbench-m dest="$LAB_URI_B" \
        bandwidth=32 --format json >"$out/lab-m-poll.json" 2>/dev/null
    python3 - "$out/lab-m-poll.json" >>"$out/lab-results.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["result"]
per = float(r["tvirt_poll_cpu_us"]) / 1000
print("lab M, migration polling: %.3f ms of tvirt CPU per poll (%s polls over %s ms)  <= 1  %s"
      % (per, r["tvirt_polls"], r.get("time_elapsed", "?"), "PASS" if per <= 1 else "FAIL"))
PY
    "$LAB_SH" guest-rm tvbench-m >/dev/null 2>&1
    grep -q "^lab M.*FAIL" "$out/lab-results.txt" && return 1
    [ "$res" = PASS ]
}

# ---- A: CPU per refresh against the floor, with busy guests ---------------------------------
goal_a() {
    for g in $(seq 1 "$guests"); do
        "$LAB_SH" guest-rm "tvbench$g" >/dev/null 2>&1
        "$LAB_SH" guest "tvbench$g" a --dirty 5 >/dev/null 2>&1 ||
            { echo "guest $g failed" >&2; exit 1; }
    done
    for g in $(seq 1 "$guests"); do
        lab_wait 180 lab_heartbeat_above "$LAB_CONSOLE_DIR/tvbench$g.log" 0 ||
            { echo "guest tvbench$g did not boot" >&2; exit 1; }
    done
    uri=$LAB_URI_A
    echo "lab A: $guests guests running on $uri; $repeats repeats of $n1 and $n2 refreshes" \
        "in lockstep"

    raw=$out/lab-a.txt
    echo "# repeat ratio floor_ms tvirt_ms" >"$raw"
    weights="$((50 + n1)),$((50 + n1)),$((50 + n2)),$((50 + n2))"
    r=0
    while [ "$r" -le "$repeats" ]; do
        if ! "$meter" --lockstep --slice-ms 50 --weights "$weights" --out "$out/lab-run" \
            -- "$floor" --tvirt-groups --iterations "$n1" -c "$uri" \
            :: "$tvirt" --batch -d 0 --iterations "$n1" -c "$uri" \
            :: "$floor" --tvirt-groups --iterations "$n2" -c "$uri" \
            :: "$tvirt" --batch -d 0 --iterations "$n2" -c "$uri" >"$out/lab-lockstep.txt"; then
            echo "bench/lab.sh: a run failed:" >&2
            cat "$out/lab-lockstep.txt" "$out"/lab-run.* >&2
            exit 1
        fi
        f1=$(kv "$out/lab-lockstep.txt" cmd1_cpu_ms)
        t1=$(kv "$out/lab-lockstep.txt" cmd2_cpu_ms)
        f2=$(kv "$out/lab-lockstep.txt" cmd3_cpu_ms)
        t2=$(kv "$out/lab-lockstep.txt" cmd4_cpu_ms)
        fms=$(calc "($f2 - $f1) / ($n2 - $n1)")
        tms=$(calc "($t2 - $t1) / ($n2 - $n1)")
        ratio=$(calc "$fms > 0 ? $tms / $fms : 999")
        [ "$r" -gt 0 ] && echo "$r $ratio $fms $tms" >>"$raw"
        printf '  %-11s ratio %.3f: tvirt %.3f, floor %.3f ms CPU per refresh\n' \
            "$([ "$r" = 0 ] && echo calibration || echo "repeat $r")" "$ratio" "$tms" "$fms"
        weights="$f1,$t1,$f2,$t2"
        r=$((r + 1))
    done
    rmed=$(grep -v '^#' "$raw" | cut -d' ' -f2 | median)
    rmin=$(grep -v '^#' "$raw" | cut -d' ' -f2 | sort -g | head -n 1)
    rmax=$(grep -v '^#' "$raw" | cut -d' ' -f2 | sort -g | tail -n 1)
    fmed=$(grep -v '^#' "$raw" | cut -d' ' -f3 | median)
    tmed=$(grep -v '^#' "$raw" | cut -d' ' -f4 | median)
    result=PASS
    [ "$(calc "$rmed <= $limit")" = 1 ] || result=FAIL
    printf 'lab A, %s guests, remote CPU/refresh tvirt/floor: %.2f (%.2f-%.2f) %.3f/%.3f ms' \
        "$guests" "$rmed" "$rmin" "$rmax" "$tmed" "$fmed" >>"$out/lab-results.txt"
    printf '  <= %s  %s\n' "$limit" "$result" >>"$out/lab-results.txt"
    [ "$result" = PASS ]
}

status=0
: >"$out/lab-results.txt"
for g in $goals; do
    case $g in
    F) goal_f || status=1 ;;
    M) goal_m || status=1 ;;
    A) goal_a || status=1 ;;
    *) echo "bench/lab.sh: no lab goal '$g'" >&2; status=2 ;;
    esac
done
echo
cat "$out/lab-results.txt"
exit "$status"
