# shellcheck shell=bash
#
# Common ground for the lab tests that drive the real tvirt binary ($TVIRT) against the
# two-host lab: checks that the test can run (root, lab packages, tmux, the binary; under
# CI=true a missing piece fails the test instead of skipping it), brings the lab up and
# takes it down again at exit when it was down before, creates workload guests and removes
# them at exit, and adds timing helpers on top of tests/ui/lib.sh (tmux screen) and
# tests/lab/lib.sh (TAP, polling).  One TAP counter for both: lab_ok/lab_not_ok go through
# tests/ui/lib.sh's ok/not_ok.
#
# Environment: TVIRT (the binary; default: the build tree's ./tvirt), TVIRT_LAB_TIMEOUT
# (seconds a guest may take to boot, default 120), TVIRT_LAB_WAIT (seconds an ordinary wait
# may take: a state in virsh, a row on screen; default 30).  Budgets that are the subject of
# a test (1 s for an event, 50 ms for a key, 10 s for a reconnect) are never scaled.

TL_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TL_TOP=$(cd "$TL_HERE/../.." && pwd)
# shellcheck source=lib.sh
. "$TL_HERE/lib.sh"

TL_CI=${CI:-}
TL_BOOT=${TVIRT_LAB_TIMEOUT:-120}
TL_WAIT=${TVIRT_LAB_WAIT:-30}
TL_GUESTS=""        # guests this script made: removed at exit
TL_EXIT_HOOKS=""    # functions run first at exit (a test's own clean-up)
TL_WAS_UP=0
TL_STARTED=0

tl_cannot_run() {
    if [ "$TL_CI" = true ]; then
        echo "not ok 1 - the lab test cannot run: $*"
        echo "1..1"
        exit 1
    fi
    echo "1..0 # SKIP $*"
    exit 0
}

[ "$(id -u)" -eq 0 ] || tl_cannot_run "needs root (network namespaces, bridges, libvirtd)"
# One lab per machine: the lab tests take turns (lib.sh); the suite runs them once.
if ! lab_serialize; then
    echo "1..0 # SKIP lab tests run once per suite, in the normal build"
    exit 0
fi
command -v tmux >/dev/null 2>&1 || tl_cannot_run "tmux is not installed"
if [ -z "${TVIRT:-}" ]; then
    TVIRT=$TL_TOP/tvirt
    [ -x "$TVIRT" ] || TVIRT=$PWD/tvirt
fi
case $TVIRT in
/*) ;;
*) TVIRT=$PWD/$TVIRT ;;
esac
export TVIRT
[ -x "$TVIRT" ] || tl_cannot_run "no tvirt binary at $TVIRT (build it, or set TVIRT)"

# Sets TV_TMP, the tmux helpers, a clean environment and its own EXIT trap (replaced below).
# shellcheck source=../ui/lib.sh
. "$TL_TOP/tests/ui/lib.sh"
TV_TEST_TIMEOUT=${TV_TEST_TIMEOUT:-$TL_WAIT}
TV_TIMEOUT=$TV_TEST_TIMEOUT
# Themes from the source tree whether or not tvirt is installed; the mono theme marks the
# cursor row with reverse video alone, which tl__cursor_on looks for.
# shellcheck disable=SC2034  # for the scripts that source this file
{
    TL_ENV=(env "TVIRT_THEMEDIR=$TV_TOP_SRCDIR/themes")
    TL_THEME=(--theme mono)
}

lab_ok() { ok "$@"; }
lab_not_ok() { not_ok "$@"; }

tl_cleanup() {
    local f g
    for f in $TL_EXIT_HOOKS; do
        "$f" || true
    done
    tv_stop
    if [ "$TL_STARTED" = 1 ]; then
        for g in $TL_GUESTS; do
            "$LAB_SH" guest-rm "$g" >/dev/null 2>&1 || true
        done
        if [ "$TL_WAS_UP" = 0 ]; then
            "$LAB_SH" down >"$TV_TMP/down.log" 2>&1 || cat "$TV_TMP/down.log" >&2
        fi
    fi
    tv_cleanup
}
trap tl_cleanup EXIT

# tl_on_exit FUNCTION: runs FUNCTION at exit, before the guests are removed.
tl_on_exit() {
    TL_EXIT_HOOKS="$TL_EXIT_HOOKS $1"
}

# A tvirt batch run in the background: set TL_BATCH_PID=$! after starting it; tl_stop_batch
# ends it (and runs at exit).
TL_BATCH_PID=
tl_stop_batch() {
    [ -n "$TL_BATCH_PID" ] || return 0
    kill "$TL_BATCH_PID" 2>/dev/null
    wait "$TL_BATCH_PID" 2>/dev/null
    TL_BATCH_PID=
}
tl_on_exit tl_stop_batch

# Ends the script: the plan, and a status that says whether everything passed.
tl_done() {
    tv_stop
    echo "1..$TV_N"
    if [ "$TV_FAILED" -gt 0 ]; then
        echo "# $TV_FAILED of $TV_N checks failed; files kept in $TV_TMP"
        TV_KEEP=1
        exit 1
    fi
    exit 0
}

# Ends the run after a failed step that everything later depends on.
tl_bail() {
    not_ok "$*"
    tl_done
}

tl_up() {
    local t0=$SECONDS
    if ! "$LAB_SH" check >"$TV_TMP/check.log" 2>&1; then
        if [ "$TL_CI" = true ]; then
            "$LAB_SH" deps >"$TV_TMP/deps.log" 2>&1 || tail -n 20 "$TV_TMP/deps.log" >&2
        fi
        "$LAB_SH" check >"$TV_TMP/check.log" 2>&1 ||
            tl_cannot_run "$(head -n 1 "$TV_TMP/check.log") (see tests/lab/lab.sh deps)"
    fi
    "$LAB_SH" status >/dev/null 2>&1 && TL_WAS_UP=1
    TL_STARTED=1
    if ! "$LAB_SH" up >"$TV_TMP/up.log" 2>&1; then
        sed 's/^/# /' "$TV_TMP/up.log"
        tl_cannot_run "lab.sh up failed: $(grep 'error' "$TV_TMP/up.log" | tail -n 1)"
    fi
    tl_env
    ok "lab up in $((SECONDS - t0)) s (tvirt: $TVIRT)"
}

# Reads the lab's variables (again: a restarted daemon has a new pid).
tl_env() {
    eval "$("$LAB_SH" env)"
}

# ---- guests and virsh --------------------------------------------------------------------

# tl_virsh a|b ARGS...: virsh on the host's private unix socket, bounded in time.
tl_virsh() {
    local uri
    case $1 in
    a) uri=$LAB_UNIX_URI_A ;;
    b) uri=$LAB_UNIX_URI_B ;;
    *) return 2 ;;
    esac
    shift
    timeout 60 virsh -q -c "$uri" "$@"
}

# `virsh domstate`: running, paused, shut off...
tl_state() {
    tl_virsh "$1" domstate "$2" 2>/dev/null | head -n 1
}

tl_state_is() {
    [ "$(tl_state "$1" "$2")" = "$3" ]
}

# tl_guest NAME a|b [lab.sh guest options]: a workload guest, booted to its first heartbeat.
tl_guest() {
    local name=$1 h=$2 t0=$SECONDS
    shift 2
    TL_GUESTS="$TL_GUESTS $name"
    "$LAB_SH" guest-rm "$name" >/dev/null 2>&1 || true
    if ! "$LAB_SH" guest "$name" "$h" "$@" >"$TV_TMP/guest-$name.log" 2>&1; then
        sed 's/^/# /' "$TV_TMP/guest-$name.log"
        return 1
    fi
    if ! lab_wait "$TL_BOOT" lab_heartbeat_above "$LAB_CONSOLE_DIR/$name.log" 0; then
        tail -n 20 "$LAB_CONSOLE_DIR/$name.log" 2>/dev/null | sed 's/^/# console: /'
        return 1
    fi
    echo "# guest $name on $h: first heartbeat $((SECONDS - t0)) s after lab.sh guest"
}

# ---- time and the screen -----------------------------------------------------------------

# Microseconds of wall-clock time, without a fork.
tl_us() {
    local t=${EPOCHREALTIME/[.,]/}
    echo "$t"
}

# tl_ms_between US0 US1: milliseconds with one decimal.
tl_ms_between() {
    local d=$(($2 - $1))
    [ "$d" -lt 0 ] && d=0
    printf '%d.%d' $((d / 1000)) $((d % 1000 / 100))
}

tl_capture() {
    if [ "${TL_ANSI:-0}" = 1 ]; then
        tv_tmux capture-pane -p -e -t "$TV_SESSION" 2>/dev/null
    else
        tv_tmux capture-pane -p -t "$TV_SESSION" 2>/dev/null
    fi
}

# tl_watch LIMIT_MS PREDICATE ARGS...: captures the screen (into TV_SCREEN) with no pause
# between captures until the predicate holds; TL_HIT_US is the time right after the
# capture that matched.  With TL_ANSI=1 the capture keeps the attributes.
tl_watch() {
    local limit=$1 end now
    shift
    now=$(tl_us)
    end=$((now + limit * 1000))
    while :; do
        TV_SCREEN=$(tl_capture)
        now=${EPOCHREALTIME/[.,]/}
        if "$@"; then
            TL_HIT_US=$now
            return 0
        fi
        [ "$now" -ge "$end" ] && return 1
        [ -e "$TV_EXIT" ] && return 1
    done
}

# tl_key_latency LIMIT_MS KEY PREDICATE ARGS...: sends KEY and measures the time until the
# screen satisfies the predicate; TL_LAT_MS holds it (or "none" when it never did).
tl_key_latency() {
    local limit=$1 key=$2 t0
    shift 2
    t0=$(tl_us)
    tv_keys "$key"
    if tl_watch "$limit" "$@"; then
        TL_LAT_MS=$(tl_ms_between "$t0" "$TL_HIT_US")
        TL_LAT_US=$((TL_HIT_US - t0))
        return 0
    fi
    # shellcheck disable=SC2034  # read by the caller
    {
        TL_LAT_MS=none
        TL_LAT_US=$((limit * 1000))
    }
    return 1
}

# tl_cells LINE: the cells of a Domains row in TV_SCREEN by column title, in TL_CELL
# (TL_CELL[NAME], TL_CELL[%CPU], ...), read against the header above it with the sort
# marker taken off.  LINE is a screen line number, or a text the row holds (its first
# line below the header).  Each cell must be one word (names without spaces, no row
# marked).  False when there is no such row.
declare -A TL_CELL
tl_cells() {
    local line header='' n=0 i
    local -a f h
    TL_CELL=()
    while IFS= read -r line; do
        n=$((n + 1))
        if [ -z "$header" ]; then
            [[ $line == *" NAME "* && $line == *"%CPU"* ]] && header=$line
            continue
        fi
        if [[ $1 =~ ^[0-9]+$ ]]; then
            [ "$n" = "$1" ] || continue
        else
            [[ $line == *"$1"* ]] || continue
        fi
        read -r -a h <<<"${header//[▲▼]/}"
        read -r -a f <<<"$line"
        for i in "${!h[@]}"; do
            TL_CELL[${h[$i]}]=${f[$i]:-}
        done
        return 0
    done <<<"$TV_SCREEN"
    return 1
}

# Plain-text screen predicates (for tl_watch without TL_ANSI).
tl__has() { [[ $TV_SCREEN == *"$1"* ]]; }
tl__row_has() { tv__row_has "$@"; }

# TL_ANSI=1 predicate: the cursor row (reverse video from its first cell, mono theme) holds
# every given text.  Rows 1 and 2 (tabs, column header) never count.
tl__cursor_on() {
    local line n=0 t re
    re=$'^(\e\\[[0-9;]*m)*\e\\[([0-9]+;)*7(;[0-9]+)*m'
    while IFS= read -r line; do
        n=$((n + 1))
        [ "$n" -le 2 ] && continue
        [[ $line =~ $re ]] || continue
        for t in "$@"; do
            [[ $line == *"$t"* ]] || continue 2
        done
        return 0
    done <<<"$TV_SCREEN"
    return 1
}

# The fields of the first screen row holding every given text (plain capture), in TL_ROW.
tl_row() {
    local line t
    TL_ROW=""
    while IFS= read -r line; do
        for t in "$@"; do
            [[ $line == *"$t"* ]] || continue 2
        done
        # shellcheck disable=SC2034  # read by the caller
        TL_ROW=$line
        return 0
    done <<<"$(tv_screen)"
    return 1
}

# tl_all CMD1... "&&" CMD2...: true when every command is (for lab_check, which runs one).
tl_all() {
    local -a argv=()
    local a
    for a in "$@"; do
        if [ "$a" = "&&" ]; then
            "${argv[@]}" || return 1
            argv=()
        else
            argv+=("$a")
        fi
    done
    [ "${#argv[@]}" -eq 0 ] || "${argv[@]}"
}

# A fixed string as an extended regular expression that matches it literally.
tl_re_quote() {
    # shellcheck disable=SC2001  # one sed beats eleven substitutions
    sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"
}

# check_row_re DESC ERE: some screen line matches the extended regular expression.
tl__row_re() {
    local line
    while IFS= read -r line; do
        [[ $line =~ $1 ]] && return 0
    done <<<"$TV_SCREEN"
    return 1
}
check_row_re() {
    if tv_poll 5 tl__row_re "$2"; then
        ok "$1"
    else
        not_ok "$1"
        echo "# timed out waiting for a line matching: $2"
        tv_dump
    fi
}

# ---- --exec on host A --------------------------------------------------------------------

# ex ACTION ARGS...: tvirt --exec on host A, its output in $out and $err (the script sets
# them), its status in RC.
ex() {
    "$TVIRT" -c "$LAB_URI_A" --exec "$@" >"$out" 2>"$err"
    RC=$?
}

# check_ex DESC STATUS: the last ex ended with STATUS; on failure, what it said.
check_ex() {
    if [ "$RC" = "$2" ]; then
        ok "$1"
    else
        not_ok "$1 (status $RC, wanted $2)"
        tv_diag <"$err"
        tv_diag <"$out"
    fi
}
