#!/bin/bash
# Lab benchmark: on lab host A (real QEMU, tests/lab/lab.sh) with several
# running guests, tvirt's CPU per refresh in batch mode against the floor
# program over the same remote qemu+tcp connection, asking for the same stat
# groups (state, CPU, balloon, vCPU, interface, block).  The two take turns
# on one CPU (ptymeter --lockstep) so both see the same clock speed; the
# figure is the median ratio of 3 repeats after a calibration run.
#   bench/lab.sh BUILDDIR     (needs root; `make bench-lab` runs it)
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
cleanup() {
    for g in $(seq 1 "$guests"); do "$LAB_SH" guest-rm "tvbench$g" >/dev/null 2>&1; done
    [ "$was_up" = 0 ] && "$LAB_SH" down >/dev/null 2>&1
}
trap cleanup EXIT
"$LAB_SH" up >"$out/lab-up.log" 2>&1 || { cat "$out/lab-up.log" >&2; exit 1; }
eval "$("$LAB_SH" env)"
for g in $(seq 1 "$guests"); do
    "$LAB_SH" guest-rm "tvbench$g" >/dev/null 2>&1
    "$LAB_SH" guest "tvbench$g" a --dirty 5 >/dev/null 2>&1 || { echo "guest $g failed" >&2; exit 1; }
done
for g in $(seq 1 "$guests"); do
    lab_wait 180 lab_heartbeat_above "$LAB_CONSOLE_DIR/tvbench$g.log" 0 ||
        { echo "guest tvbench$g did not boot" >&2; exit 1; }
done
uri=$LAB_URI_A
echo "lab: $guests guests running on $uri; $repeats repeats of $n1 and $n2 refreshes in lockstep"

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
line=$(printf 'lab A, %s guests, remote CPU/refresh tvirt/floor: %.2f (%.2f-%.2f) %.3f/%.3f ms  <= %s  %s' \
    "$guests" "$rmed" "$rmin" "$rmax" "$tmed" "$fmed" "$limit" "$result")
echo "$line" | tee "$out/lab-results.txt"
[ "$result" = PASS ]
