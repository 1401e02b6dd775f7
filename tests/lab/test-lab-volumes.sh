#!/bin/bash
# Lab test (TAP): volume-create through --exec on a real host's pool.  A fully allocated raw
# volume is written as a job: progress lines on stderr while libvirt writes, the JSON result
# names what was made, and virsh agrees on capacity and allocation.  A sparse qcow2 volume
# takes no space now.  A second create of the same name is refused before anything is made
# (exit 2, the field named), and nothing half-made is left.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

full=tvl-vol-full.img
sparse="tvl vol sparse.qcow2"

remove_volumes() {
    tl_virsh a vol-delete --pool "$LAB_SHARED_POOL" "$full" >/dev/null 2>&1
    tl_virsh a vol-delete --pool "$LAB_SHARED_POOL" "$sparse" >/dev/null 2>&1
    return 0
}
tl_on_exit remove_volumes

tl_up
remove_volumes

out=$TV_TMP/out
err=$TV_TMP/err
t0=$(tl_us)
"$TVIRT" -c "$LAB_URI_A" --exec volume-create pool="$LAB_SHARED_POOL" name="$full" size=3G \
    format=raw allocation=yes --format json >"$out" 2>"$err"
rc=$?
ms=$(( ($(tl_us) - t0) / 1000 ))
tv_result "$([ "$rc" = 0 ]; echo $?)" "a fully allocated 3G raw volume: exit 0 ($ms ms)"
[ "$rc" = 0 ] || tv_diag <"$err"
if grep -q -F "\"ok\":true" "$out" && grep -q -F "\"name\":\"$full\"" "$out" &&
    grep -q -F '"capacity":3221225472' "$out"; then
    ok "the JSON result names the volume and its capacity"
else
    not_ok "the JSON result names the volume and its capacity"
    tv_diag <"$out"
fi
if [ "$ms" -gt 1500 ]; then
    # Writing took over a second: the job said how far it got meanwhile.
    if grep -q -E "tvirt: volume-create $LAB_SHARED_POOL: allocating [0-9]+%" "$err"; then
        ok "progress lines on stderr while the volume was written"
    else
        not_ok "progress lines on stderr while the volume was written"
        tv_diag <"$err"
    fi
else
    echo "# written in $ms ms: too fast for a progress line"
fi
info=$(tl_virsh a vol-info --pool "$LAB_SHARED_POOL" "$full" --bytes 2>&1)
cap=$(awk '/^Capacity:/ {print $2}' <<<"$info")
alloc=$(awk '/^Allocation:/ {print $2}' <<<"$info")
tv_result "$([ "$cap" = 3221225472 ]; echo $?)" "virsh: capacity 3 GiB ($cap)"
tv_result "$([ "${alloc:-0}" -ge 3221225472 ]; echo $?)" "virsh: fully allocated ($alloc)"

"$TVIRT" -c "$LAB_URI_A" --exec volume-create pool="$LAB_SHARED_POOL" name="$sparse" size=4G \
    >"$out" 2>"$err"
rc=$?
tv_result "$([ "$rc" = 0 ]; echo $?)" "a sparse 4G qcow2 volume: exit 0"
info=$(tl_virsh a vol-info --pool "$LAB_SHARED_POOL" "$sparse" --bytes 2>&1)
alloc=$(awk '/^Allocation:/ {print $2}' <<<"$info")
tv_result "$([ "${alloc:-0}" -lt 10485760 ]; echo $?)" "virsh: it takes almost nothing yet ($alloc)"
fmt=$(tl_virsh a vol-dumpxml --pool "$LAB_SHARED_POOL" "$sparse" 2>/dev/null |
    sed -n "s/.*<format type='\([a-z0-9]*\)'.*/\1/p" | head -n 1)
tv_result "$([ "$fmt" = qcow2 ]; echo $?)" "virsh: its format is qcow2 ($fmt)"

before=$(tl_virsh a vol-list "$LAB_SHARED_POOL" | wc -l)
"$TVIRT" -c "$LAB_URI_A" --exec volume-create pool="$LAB_SHARED_POOL" name="$full" size=1G \
    >"$out" 2>"$err"
rc=$?
tv_result "$([ "$rc" = 2 ]; echo $?)" "the same name again: exit 2"
if grep -q -F "name: pool '$LAB_SHARED_POOL' already has a volume '$full'" "$err"; then
    ok "...the field named, with why"
else
    not_ok "...the field named, with why"
    tv_diag <"$err"
fi
after=$(tl_virsh a vol-list "$LAB_SHARED_POOL" | wc -l)
tv_result "$([ "$before" = "$after" ]; echo $?)" "...and nothing was made"

tl_done
