#!/bin/bash
# Lab test (TAP): rates stay true while other domains on the host come and go.  A steady
# guest on host A keeps its vCPU busy and writes its disk at a fixed rate; a second guest on
# the same host is started and destroyed several times.  Meanwhile tvirt runs in batch mode
# (-d 1, JSON) and on screen (-d 1, where every lifecycle event triggers a refresh a few ms
# after the last one).  Checks: every sample of the steady guest stays within a band around
# its median (CPU and disk writes), the cycling guest never shows more CPU than its one vCPU
# can use, and a shut-off domain never shows a rate, in batch output or on screen.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through tl_watch and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

steady=tvl-rates-a
cycled=tvl-rates-b
cycles=4

tl_up

tl_guest "$steady" a --disk-rate 256 || tl_bail "guest $steady boots on A"
tl_guest "$cycled" a --disk-rate 64 || tl_bail "guest $cycled boots on A"
tl_virsh a destroy "$cycled" >/dev/null 2>&1
# A busy vCPU makes the steady guest's CPU % a stable figure (~100 % of one CPU).
"$LAB_SH" send "$steady" a 'while :; do :; done &' >/dev/null 2>&1
c0=$(lab_domstat "$LAB_UNIX_URI_A" "$steady" cpu.time)
lab_wait 20 lab_domstat_above "$LAB_UNIX_URI_A" "$steady" cpu.time $((c0 + 1500000000)) ||
    tl_bail "the steady guest's busy loop runs"
ok "guests up: $steady (busy vCPU, 256 KiB/s written), $cycled (shut off)"

"$TVIRT" --batch -d 1 --format json -c "$LAB_URI_A" >"$TV_TMP/batch.json" \
    2>"$TV_TMP/batch.err" &
TL_BATCH_PID=$!
tv_start 132 30 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -d 1 -c "$LAB_URI_A"
check_row "screen: $steady running" " $steady " running

# Screen samples: "STATE CPU RD WR" of each guest's row, one line per capture.
screen_log=$TV_TMP/screen.log
: >"$screen_log"
sample_rows() {
    local g
    for g in "$steady" "$cycled"; do
        tl_cells " $g " && [ -n "${TL_CELL[WR/s]}" ] || continue
        echo "${TL_CELL[NAME]} ${TL_CELL[STATE]} ${TL_CELL[%CPU]} ${TL_CELL[RD/s]}" \
            "${TL_CELL[WR/s]}" >>"$screen_log"
    done
    return 1 # keep watching
}

# Let the batch settle past its first (rate-less) lines, then cycle the other guest.
tl_watch 3000 sample_rows
for i in $(seq "$cycles"); do
    tl_virsh a start "$cycled" >/dev/null 2>&1 || not_ok "cycle $i: virsh start $cycled"
    tl_watch 3000 sample_rows
    tl_virsh a destroy "$cycled" >/dev/null 2>&1 || not_ok "cycle $i: virsh destroy $cycled"
    tl_watch 2000 sample_rows
done
ok "$cycled started and destroyed $cycles times while tvirt watched"
tl_stop_batch
tv_quit "screen"

# ---- batch output ------------------------------------------------------------------------

# "STATE CPU WR" per line of one guest (null when there is no rate).
batch_fields() {
    grep -F "\"name\":\"$1\"" "$TV_TMP/batch.json" |
        sed -n 's/.*"state":"\([^"]*\)".*"cpu_pct":\([^,]*\),.*"disk_wr_bps":\([^,]*\),.*/\1 \2 \3/p'
}
batch_fields "$steady" >"$TV_TMP/steady.txt"
batch_fields "$cycled" >"$TV_TMP/cycled.txt"
n=$(wc -l <"$TV_TMP/steady.txt")
tv_result "$([ "$n" -ge 20 ]; echo $?)" "batch: $n lines of $steady"

# Band check: every value within [lo x median, hi x median]; prints the offenders.  The
# bands are wide: a TCG guest booting beside the steady one takes a whole CPU of this small
# machine, and the steady guest really gets less for a while (35 % of a 74 % median was
# seen).  What they must catch is what pairing wrong samples shows: 0.0, or ten times more.
band() {
    grep -v -x null | sort -g | awk -v lo="$1" -v hi="$2" '
        { v[++n] = $1 }
        END {
            if (n < 10) { print "too few values: " n; exit 1 }
            m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            printf "median %.1f over %d values, band %.1f..%.1f\n", m, n, lo * m, hi * m
            bad = 0
            for (i = 1; i <= n; i++)
                if (v[i] < lo * m || v[i] > hi * m) { printf "outside: %s\n", v[i]; bad++ }
            exit bad > 0
        }'
}
# The first line has no rate yet.  A rate needs two samples with the counters, and libvirt
# may leave the disk counters out of one sample (a NOWAIT call while the domain's monitor is
# busy), so the second line may still lack the disk rate; from the first line with both
# rates on, every line of a running guest must have them.
first=$(awk '$2 != "null" && $3 != "null" { print NR; exit }' "$TV_TMP/steady.txt")
nulls=$(awk -v f="${first:-9999}" 'NR > f && ($2 == "null" || $3 == "null")' \
    "$TV_TMP/steady.txt" | wc -l)
tv_result "$([ -n "$first" ] && [ "$first" -le 3 ] && [ "$nulls" = 0 ]; echo $?)" \
    "batch: $steady has both rates from line ${first:-none} on ($nulls lines without after)"
if awk '{ print $2 }' "$TV_TMP/steady.txt" | band 0.2 2.5 >"$TV_TMP/band-cpu.txt"; then
    ok "batch: $steady's CPU % stays in its band ($(head -n 1 "$TV_TMP/band-cpu.txt"))"
else
    not_ok "batch: $steady's CPU % stays in its band"
    tv_diag <"$TV_TMP/band-cpu.txt"
fi
if awk '{ print $3 }' "$TV_TMP/steady.txt" | band 0.25 4 >"$TV_TMP/band-wr.txt"; then
    ok "batch: $steady's disk writes stay in their band ($(head -n 1 "$TV_TMP/band-wr.txt"))"
else
    not_ok "batch: $steady's disk writes stay in their band"
    tv_diag <"$TV_TMP/band-wr.txt"
fi
off_rates=$(awk '$1 != "running" && ($2 != "null" || $3 != "null")' "$TV_TMP/cycled.txt")
runs=$(grep -c '^running' "$TV_TMP/cycled.txt")
offs=$(grep -c '^shutoff' "$TV_TMP/cycled.txt")
if [ -z "$off_rates" ] && [ "$runs" -gt 0 ] && [ "$offs" -gt 0 ]; then
    ok "batch: $cycled shows no rate while shut off ($offs lines shut off, $runs running)"
else
    not_ok "batch: $cycled shows no rate while shut off ($offs lines shut off, $runs running)"
    tv_diag <<<"$off_rates"
fi
over=$(awk '$2 != "null" && $2 > 110' "$TV_TMP/cycled.txt")
tv_result "$([ -z "$over" ]; echo $?)" "batch: $cycled never shows more than its one vCPU ${over:+($over)}"

# ---- the screen, with event-triggered refreshes --------------------------------------------

# A missing figure is drawn as "–" (UTF-8) or "-"; awk here may not know UTF-8.
dash='^(-|–)$'
awk -v g="$steady" '$1 == g { print $3 }' "$screen_log" | grep -v -E -x -- '-|–' \
    >"$TV_TMP/screen-cpu.txt"
if band 0.2 2.5 <"$TV_TMP/screen-cpu.txt" >"$TV_TMP/band-screen.txt"; then
    ok "screen: $steady's %CPU stays in its band ($(head -n 1 "$TV_TMP/band-screen.txt"))"
else
    not_ok "screen: $steady's %CPU stays in its band"
    tv_diag <"$TV_TMP/band-screen.txt"
fi
off_rows=$(awk -v g="$cycled" -v d="$dash" \
    '$1 == g && $2 != "running" && ($3 !~ d || $4 !~ d || $5 !~ d)' "$screen_log" |
    sort -u)
seen_off=$(awk -v g="$cycled" '$1 == g && $2 == "shutoff"' "$screen_log" | wc -l)
if [ -z "$off_rows" ] && [ "$seen_off" -gt 0 ]; then
    ok "screen: $cycled shows – for CPU and disk whenever it is not running ($seen_off captures)"
else
    not_ok "screen: $cycled shows – for CPU and disk whenever it is not running"
    tv_diag <<<"$off_rows"
fi
# The busy guest has one vCPU: with QEMU's own threads it cannot use much over 100 %.  A
# rate over a mis-measured interval (a slow call while the other guest starts) shows more.
over=$(awk -v g="$steady" '$1 == g && $3 ~ /^[0-9.]+$/ && $3 > 150' "$screen_log" | sort -u)
tv_result "$([ -z "$over" ]; echo $?)" "screen: $steady never shows more than one vCPU can use ${over:+($over)}"
over=$(awk '$2 != "null" && $2 > 150' "$TV_TMP/steady.txt")
tv_result "$([ -z "$over" ]; echo $?)" "batch: $steady never shows more than one vCPU can use ${over:+($over)}"
over=$(awk -v g="$cycled" '$1 == g && $3 ~ /^[0-9.]+$/ && $3 > 110' "$screen_log" | sort -u)
tv_result "$([ -z "$over" ]; echo $?)" "screen: $cycled never shows more than its one vCPU ${over:+($over)}"

tl_done
