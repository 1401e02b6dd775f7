#!/bin/bash
# Lab test (TAP): tvirt watching hosts A and B at once.  The Domains screen lists the VMs of
# both hosts with their host in the first column; a guest on A that dirties memory and
# writes its disk shows a non-zero CPU %, disk write rate and its memory within three
# refreshes; with the guest paused (so nothing moves), its ID, AUTO, TIME (CPU time) and
# RSS (memory in use) columns say what `virsh domid`, `virsh dominfo` (Autostart, CPU time)
# and `virsh domstats --balloon` (balloon.rss) say; and tvirt's batch numbers (-d 2, JSON)
# agree within 10 % with the counters libvirt reports (`virsh domstats`: cpu.time,
# block.N.wr.bytes) over the same windows.
#
# How the windows are matched: one virsh session stays open on A and reads the guest's
# counters right after each line tvirt prints and again 150 ms before tvirt's next refresh
# (the batch loop keeps a fixed schedule), each sample stamped with the middle of its
# request; the counters at each line's time are interpolated between the samples on either
# side, and a window's reference rate is their difference over the time between two lines.
# The samples keep clear of tvirt's own requests: libvirt reads block stats under a domain
# job, and tvirt (NOWAIT) leaves them out when another client holds it at that moment.
# cpu.time moves in whole 10 ms ticks, so for that comparison the guest also runs a busy
# loop: at ~5 % CPU a 2 s window holds ~10 ticks and one tick is 10 %; at ~100 % it is 0.5 %.
#
# Needs root; skips without it, fails instead under CI=true.  TVIRT, TVIRT_LAB_TIMEOUT and
# TVIRT_LAB_WAIT as in tvlib.sh.
# shellcheck disable=SC2317  # functions run through tl_watch, lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

ga=tvl-stats-a
gb=tvl-stats-b
interval=2
iterations=8
samples=

# One virsh session for all samples: a request costs milliseconds instead of a new process.
vs_open() {
    coproc VS { stdbuf -oL virsh -q -c "$1" 2>&1; }
}

vs_close() {
    { printf 'quit\n' >&"${VS[1]}"; } 2>/dev/null
}

# vs_sample DOMAIN TAG: appends "T_US CPU_NS WR_BYTES REQUEST_US TAG" to $samples, T being
# the middle of the request.
vs_sample() {
    local t0 t1 l cpu='' wr=0
    t0=${EPOCHREALTIME/[.,]/}
    printf 'domstats --raw --cpu-total --block %s\necho @@END\n' "$1" >&"${VS[1]}"
    # Without a terminal virsh echoes each command after its prompt; the echo of
    # "echo @@END" comes after domstats' whole answer.
    while IFS= read -r -t 10 l <&"${VS[0]}"; do
        case $l in
        *"# echo @@END"*) break ;;
        *cpu.time=*) cpu=${l#*=} ;;
        *block.*.wr.bytes=*) wr=$((wr + ${l#*=})) ;;
        esac
    done
    t1=${EPOCHREALTIME/[.,]/}
    [ -n "$cpu" ] && echo "$(((t0 + t1) / 2)) $cpu $wr $((t1 - t0)) $2" >>"$samples"
}

# Fields of tvirt's JSON lines (flat objects) as "T_US CPU_PCT WR_BPS MEM_KIB".
batch_points() {
    local line t us cpu wr mem
    grep -F "\"name\":\"$2\"" "$1" | while IFS= read -r line; do
        t=$(sed -n 's/.*"time":"\([^"]*\)".*/\1/p' <<<"$line")
        cpu=$(sed -n 's/.*"cpu_pct":\([^,}]*\).*/\1/p' <<<"$line")
        wr=$(sed -n 's/.*"disk_wr_bps":\([^,}]*\).*/\1/p' <<<"$line")
        mem=$(sed -n 's/.*"mem_kib":\([^,}]*\).*/\1/p' <<<"$line")
        us=$(date -u -d "$t" +%s%6N)
        echo "$us $cpu $wr $mem"
    done
}

tl_up

# ---- guests ----------------------------------------------------------------------------

t0=$SECONDS
tl_guest "$ga" a --dirty 64 --disk-rate 1024 || tl_bail "guest $ga boots on A"
tl_guest "$gb" b --disk-rate 128 || tl_bail "guest $gb boots on B"
ok "guests $ga (A, dirty 64 MiB/s, disk 1024 KiB/s) and $gb (B) up in $((SECONDS - t0)) s"

# ---- the Domains screen ----------------------------------------------------------------

tv_start 132 30 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -d "$interval" -c "$LAB_URI_A" -c "$LAB_URI_B"
t_start=$(tl_us)
check_row "Domains: $ga on host A (column HOST = $LAB_ADDR_A), running" \
    "$LAB_ADDR_A " " $ga " running
t_first=$(tl_us)
check_row "Domains: $gb on host B (column HOST = $LAB_ADDR_B), running" \
    "$LAB_ADDR_B " " $gb " running
check_row "the header counts both hosts" "2/2 hosts"

# True once the guest's row has a non-zero %CPU and WR/s and its memory ($1).
row_live() {
    local cpu
    tl_cells " $ga " || return 1
    cpu=${TL_CELL[%CPU]}
    [[ $cpu =~ ^[0-9.]+$ ]] && [[ $cpu != 0.0 ]] && [[ $cpu != 0 ]] || return 1
    [ "${TL_CELL[MEM]}" = "$1" ] || return 1
    [[ ${TL_CELL[WR/s]} =~ ^[0-9.]+[KMG]?$ ]] && [ "${TL_CELL[WR/s]}" != 0 ] || return 1
    return 0
}
mem_kib=$(tl_virsh a domstats --raw --balloon "$ga" | sed -n 's/^ *balloon.current=//p')
mem_txt="$((mem_kib / 1024))M"
# Three refreshes after the row first appeared, with 1 s for a busy machine.
budget_ms=$((3 * interval * 1000 + 1000))
if tl_watch $((budget_ms - ($(tl_us) - t_first) / 1000)) row_live "$mem_txt"; then
    ok "within three refreshes: $ga shows %CPU, WR/s and MEM $mem_txt" \
        "($(tl_ms_between "$t_first" "$TL_HIT_US") ms after its row appeared," \
        "$(tl_ms_between "$t_start" "$TL_HIT_US") ms after start)"
    tl_row " $ga "
    echo "# row: $TL_ROW"
else
    not_ok "within three refreshes ($budget_ms ms): $ga shows %CPU, WR/s and MEM $mem_txt"
    tv_dump
fi

# ---- ID, AUTO, TIME and RSS against virsh, the guest paused ------------------------------

# Seconds in a TIME cell: "1:23.45" (minutes), "12h03m", "5d07h".
time_seconds() {
    awk -v t="$1" 'BEGIN {
        if (t ~ /^[0-9]+:[0-9][0-9]\.[0-9][0-9]$/) { split(t, p, ":"); m = 60; n = 1 }
        else if (t ~ /^[0-9]+h[0-9][0-9]m$/) { split(t, p, /[hm]/); m = 3600; n = 60 }
        else if (t ~ /^[0-9]+d[0-9][0-9]h$/) { split(t, p, /[dh]/); m = 86400; n = 3600 }
        else { print "nan"; exit }
        print p[1] * m + p[2] * n }'
}

# KiB in a size cell: "187M", "1.5G", "900K".
size_kib() {
    awk -v t="$1" 'BEGIN {
        n = t + 0; u = substr(t, length(t))
        if (u == "K") print n; else if (u == "M") print n * 1024
        else if (u == "G") print n * 1048576; else print n / 1024 }'
}

# The guest's TIME is virsh dominfo's CPU time (one decimal) within 0.25 s, and its RSS is
# balloon.rss within 6 % (the column rounds to 2 or 3 digits); VIRSH_CPU/VIRSH_RSS keep
# what virsh said.
paused_agrees() {
    tl_cells " $ga " || return 1
    [ "${TL_CELL[STATE]}" = paused ] || return 1
    VIRSH_CPU=$(tl_virsh a dominfo "$ga" | sed -n 's/^CPU time: *\([0-9.]*\)s$/\1/p')
    VIRSH_RSS=$(tl_virsh a domstats --balloon "$ga" | sed -n 's/^ *balloon.rss=//p')
    [ -n "$VIRSH_CPU" ] && [ -n "$VIRSH_RSS" ] || return 1
    awk -v a="$(time_seconds "${TL_CELL[TIME]}")" -v b="$VIRSH_CPU" \
        'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a == a + 0 && d <= 0.25) }' || return 1
    awk -v a="$(size_kib "${TL_CELL[RSS]}")" -v b="$VIRSH_RSS" \
        'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b * 0.06) }'
}

tl_virsh a suspend "$ga" >/dev/null || tl_bail "virsh suspend $ga"
if tl_watch $((3 * interval * 1000 + 1000)) paused_agrees; then
    ok "$ga paused: TIME ${TL_CELL[TIME]} is virsh dominfo's CPU time ${VIRSH_CPU}s," \
        "RSS ${TL_CELL[RSS]} is balloon.rss $VIRSH_RSS KiB"
else
    not_ok "$ga paused: TIME (${TL_CELL[TIME]:-none}) is virsh dominfo's CPU time" \
        "(${VIRSH_CPU:-none}s) and RSS (${TL_CELL[RSS]:-none}) balloon.rss" \
        "(${VIRSH_RSS:-none} KiB)"
    tv_dump
fi
domid=$(tl_virsh a domid "$ga")
lab_check "$ga: ID ${TL_CELL[ID]:-none} is virsh domid's ($domid)" [ "${TL_CELL[ID]:-}" = "$domid" ]
auto=$(tl_virsh a dominfo "$ga" | sed -n 's/^Autostart: *//p')
case $auto in enable) auto=yes ;; disable) auto=no ;; esac
lab_check "$ga: AUTO ${TL_CELL[AUTO]:-none} is virsh dominfo's Autostart ($auto)" \
    [ "${TL_CELL[AUTO]:-}" = "$auto" ]
tl_virsh a resume "$ga" >/dev/null || tl_bail "virsh resume $ga"
check_row "$ga runs again" " $ga " running
tv_quit "Domains screen on A and B"

# ---- batch numbers against virsh domstats ------------------------------------------------

# cpu.time is counted in 10 ms ticks: keep the vCPU busy so a window holds ~200 of them.
# The guest has no nice(1); the workload sleeps between ticks and still wakes on time.
"$LAB_SH" send "$ga" a 'while :; do :; done &' >/dev/null 2>&1
c0=$(lab_domstat "$LAB_UNIX_URI_A" "$ga" cpu.time)
burning() {
    local c1
    c1=$(lab_domstat "$LAB_UNIX_URI_A" "$ga" cpu.time)
    [ -n "$c1" ] && [ $((c1 - c0)) -ge 800000000 ]
}
lab_check "a busy loop in $ga: cpu.time grows by 0.8 s" lab_wait "$TL_WAIT" burning ||
    tail -n 5 "$LAB_CONSOLE_DIR/$ga.log" | sed 's/^/# console: /'

# Samples right after each line and 150 ms before the next refresh (see the top).
samples=$TV_TMP/samples
rm -f "$samples"
vs_open "$LAB_UNIX_URI_A"
vs_sample "$ga" first
[ -s "$samples" ] || tl_bail "virsh session on A reads $ga's counters"
mkfifo "$TV_TMP/never"
exec {never}<>"$TV_TMP/never"   # nothing ever arrives: read -t on it is a pause
max_s=$((interval * iterations + 40))

: >"$TV_TMP/batch.json"
exec {bfd}<"$TV_TMP/batch.json"
t0=$SECONDS
timeout "$max_s" "$TVIRT" --batch --format json -d "$interval" --iterations "$iterations" \
    -c "$LAB_URI_A" -c "$LAB_URI_B" >"$TV_TMP/batch.json" 2>"$TV_TMP/batch.err" &
TL_BATCH_PID=$!
partial=
before_at=0
while :; do
    if IFS= read -r line <&"$bfd"; then
        line=$partial$line
        partial=
        if [[ $line == *"\"name\":\"$ga\""* ]]; then
            vs_sample "$ga" after
            before_at=$(($(tl_us) + interval * 1000000 - 150000))
        fi
        continue
    fi
    partial=$partial$line   # a line still being written
    if [ "$before_at" -gt 0 ] && [ "$(tl_us)" -ge "$before_at" ]; then
        vs_sample "$ga" before
        before_at=0
    fi
    kill -0 "$TL_BATCH_PID" 2>/dev/null || break
    read -r -t 0.005 -u "$never" _
done
# Lines written between the last read and the exit.
while IFS= read -r line <&"$bfd"; do :; done
wait "$TL_BATCH_PID"
rc=$?
TL_BATCH_PID=
exec {bfd}<&- {never}<&-
vs_close
lab_check "batch run (-d $interval, $iterations iterations) exits 0 in $((SECONDS - t0)) s" \
    [ "$rc" = 0 ] || sed 's/^/# stderr: /' "$TV_TMP/batch.err"
echo "# $(wc -l <"$samples") virsh samples, request times (us):" \
    "$(awk '{printf " %s", $4}' "$samples")"
batch_points "$TV_TMP/batch.json" "$ga" >"$TV_TMP/points"

n_a=$(grep -c "\"name\":\"$ga\"" "$TV_TMP/batch.json")
n_b=$(grep -c "\"name\":\"$gb\"" "$TV_TMP/batch.json")
lab_check "batch: $iterations lines for $ga (got $n_a) and for $gb (got $n_b)" \
    tl_all [ "$n_a" = "$iterations" ] "&&" [ "$n_b" = "$iterations" ]
lab_check "batch: $gb's lines name host B" \
    grep -q "\"host\":\"$LAB_URI_B\",\"name\":\"$gb\".*\"cpu_pct\":[0-9]" "$TV_TMP/batch.json"

lab_check "batch: $ga's mem_kib is libvirt's balloon.current ($mem_kib)" \
    test -z "$(awk -v m="$mem_kib" '$4 != m' "$TV_TMP/points")"

# One line per window: "T CPU_TVIRT CPU_VIRSH WR_TVIRT WR_VIRSH", "-" for virsh where the
# samples around either end lie more than 400 ms apart (the first line has none before it).
awk '
    FNR == NR { st[NR] = $1; sc[NR] = $2; sw[NR] = $3; ns = NR; next }
    function at(t, arr,   i) {
        for (i = 2; i <= ns; i++)
            if (st[i - 1] <= t && st[i] >= t && st[i] - st[i - 1] <= 400000)
                return arr[i - 1] + (arr[i] - arr[i - 1]) * (t - st[i - 1]) / (st[i] - st[i - 1]);
        return "";
    }
    {
        t = $1; c0 = at(t, sc); w0 = at(t, sw);
        if (np > 0 && pc0 != "" && c0 != "") {
            dt = (t - pt) / 1e6;
            printf "%d %s %.2f %s %.0f\n", t, $2, (c0 - pc0) / 1e9 / dt * 100, \
                $3, (w0 - pw0) / dt;
        } else if (np > 0) {
            printf "%d %s - %s -\n", t, $2, $3;
        }
        np++; pt = t; pc0 = c0; pw0 = w0;
    }' "$samples" "$TV_TMP/points" >"$TV_TMP/windows"

# within A B: |A - B| <= 10 % of B (B > 0).
within() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b / 10) }'
}
pct_diff() {
    awk -v a="$1" -v b="$2" \
        'BEGIN { if (b > 0) printf "%+.1f%%", (a - b) * 100 / b; else print "n/a" }'
}

n=0
compared=0
nulls=0
cpu_bad=0
wr_bad=0
while read -r t ct cv wt wv; do
    n=$((n + 1))
    echo "# window $n: cpu_pct tvirt $ct virsh $cv ($(pct_diff "$ct" "$cv"));" \
        "disk_wr_bps tvirt $wt virsh $wv ($(pct_diff "$wt" "$wv"))"
    if [ "$ct" = null ] || [ "$wt" = null ]; then
        nulls=$((nulls + 1))
        continue
    fi
    [ "$cv" != - ] || continue
    compared=$((compared + 1))
    within "$ct" "$cv" || cpu_bad=$((cpu_bad + 1))
    within "$wt" "$wv" || wr_bad=$((wr_bad + 1))
done <"$TV_TMP/windows"
lab_check "batch: $((iterations - 1)) windows with rates (got $n), none null (got $nulls)" \
    tl_all [ "$n" = $((iterations - 1)) ] "&&" [ "$nulls" = 0 ]
lab_check "batch: $((iterations - 2)) windows compared with virsh (got $compared)" \
    [ "$compared" -ge $((iterations - 2)) ]
lab_check "cpu_pct agrees with virsh's cpu.time delta within 10 % ($cpu_bad of $compared off)" \
    tl_all [ "$compared" -gt 0 ] "&&" [ "$cpu_bad" = 0 ]
lab_check "disk_wr_bps agrees with virsh's wr.bytes delta within 10 % ($wr_bad of $compared off)" \
    tl_all [ "$compared" -gt 0 ] "&&" [ "$wr_bad" = 0 ]
lab_check "the guest's writes are seen at about its rate (1024 KiB/s)" \
    test -n "$(awk '$5 != "-" && $5 > 1024 * 1024 * 0.8 && $5 < 1024 * 1024 * 1.3' \
        "$TV_TMP/windows")"

tl_done
