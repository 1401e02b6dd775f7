# shellcheck shell=bash
#
# Helpers for the UI tests: they run the real tvirt binary in a detached
# tmux session of a chosen size, type keys into it and read its screen back
# with capture-pane.  Every wait polls the screen (about every 50 ms) until
# the text shows up or a timeout passes: no blind sleeps.  Each script gets
# its own tmux server (-L tvtest-PID, no config file), so tests never touch
# a user's tmux and can run in parallel.  Output is TAP for automake's
# tap-driver: "ok N - what" / "not ok N - what", then the plan.
#
# Environment: TVIRT (the binary), TV_TOP_SRCDIR, TV_TOP_BUILDDIR (set by
# make check; guessed from this file's place when run by hand), and
# TV_TEST_TIMEOUT (seconds a wait may take, default 5: raise it for slow
# sanitizer or valgrind builds; explicit timeouts are scaled by it too).

set -u

TV_TOP_SRCDIR=${TV_TOP_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# make check passes a path like BUILD/../..: without the detour, paths on screen stay short
# enough not to wrap where tests look for them.
TV_TOP_SRCDIR=$(cd "$TV_TOP_SRCDIR" && pwd)
TV_TOP_BUILDDIR=${TV_TOP_BUILDDIR:-$TV_TOP_SRCDIR}
if [ -z "${TVIRT:-}" ]; then
    if [ -x "$TV_TOP_BUILDDIR/tvirt" ]; then
        TVIRT=$TV_TOP_BUILDDIR/tvirt
    else
        TVIRT=$PWD/tvirt
    fi
fi
case $TVIRT in
/*) ;;
*) TVIRT=$PWD/$TVIRT ;;
esac

# Used by the scripts that source this file.
# shellcheck disable=SC2034
{
    TV_NODES=$TV_TOP_SRCDIR/tests/data/nodes
    TV_UIDATA=$TV_TOP_SRCDIR/tests/data/ui
    TV_HOST_A=test://$TV_NODES/host-a.xml
    TV_HOST_B=test://$TV_NODES/host-b.xml
    TV_TIMEOUT=${TV_TEST_TIMEOUT:-5}
    # Only loopback: port 1 is closed, so the connection is refused at once.
    TV_DEAD_URI=qemu+tcp://127.0.0.1:1/system
}

TV_N=0          # TAP test number
TV_FAILED=0     # how many checks failed
TV_RUN=0        # how many tvirt runs were started (names their files)
TV_COLS=80
TV_ROWS=24
TV_SOCK=tvtest-$$
TV_SESSION=tv
TV_SERVER=0     # 1 once this script's tmux server runs

# ---- TAP ---------------------------------------------------------------------

ok() {
    TV_N=$((TV_N + 1))
    echo "ok $TV_N - $*"
}

not_ok() {
    TV_N=$((TV_N + 1))
    TV_FAILED=$((TV_FAILED + 1))
    echo "not ok $TV_N - $*"
}

# Prints its input as TAP comments.
tv_diag() {
    sed 's/^/# /'
}

# ok or not ok by the status of the last command: tv_result $? DESC
tv_result() {
    if [ "$1" -eq 0 ]; then
        ok "$2"
    else
        not_ok "$2"
    fi
}

# Skips the whole script (prints a plan of 0 with the reason).
tv_skip_all() {
    echo "1..0 # SKIP $*"
    exit 0
}

done_testing() {
    tv_stop
    echo "1..$TV_N"
    if [ "$TV_FAILED" -gt 0 ]; then
        echo "# $TV_FAILED of $TV_N checks failed; files kept in $TV_TMP"
        TV_KEEP=1
    fi
    exit 0
}

# ---- set-up and clean-up -----------------------------------------------------

# Scripts that never start the screen (batch mode) set TV_NO_TMUX=1 first.
if [ -z "${TV_NO_TMUX:-}" ]; then
    command -v tmux >/dev/null 2>&1 || tv_skip_all "tmux is not installed"
fi
[ -x "$TVIRT" ] || tv_skip_all "no tvirt binary at $TVIRT (build it first)"

TV_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tvui.XXXXXX") || exit 1
TV_KEEP=0

tv_cleanup() {
    tmux -L "$TV_SOCK" kill-server >/dev/null 2>&1
    # tmux leaves its socket behind.
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TV_SOCK"
    if [ "$TV_KEEP" = 0 ] && [ -z "${TV_TEST_KEEP:-}" ]; then
        rm -rf "$TV_TMP"
    fi
}
trap tv_cleanup EXIT
trap 'exit 1' INT TERM HUP

# A clean, predictable environment for every tvirt run: no user config, no
# default URI, a UTF-8 locale, colours allowed.  Tests add to it per run.
TV_HOME=$TV_TMP/home
mkdir -p "$TV_HOME/config" "$TV_HOME/cache" "$TV_HOME/data" "$TV_HOME/state" "$TV_HOME/runtime"
chmod 700 "$TV_HOME/runtime"
export XDG_CONFIG_HOME=$TV_HOME/config XDG_CACHE_HOME=$TV_HOME/cache
export XDG_DATA_HOME=$TV_HOME/data XDG_STATE_HOME=$TV_HOME/state XDG_RUNTIME_DIR=$TV_HOME/runtime
unset TVIRT_CONFIG LIBVIRT_DEFAULT_URI NO_COLOR TVIRT_LOG LANGUAGE
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    TV_UTF8_LOCALE=C.UTF-8
else
    TV_UTF8_LOCALE=en_US.UTF-8
fi
export LANG=$TV_UTF8_LOCALE LC_ALL=$TV_UTF8_LOCALE

tv_tmux() {
    tmux -L "$TV_SOCK" -f /dev/null "$@"
}

# Milliseconds for a wait of $1 seconds (default TV_TIMEOUT), scaled by
# TV_TEST_TIMEOUT relative to the default of 5.
tv_timeout_ms() {
    local s=${1:-5}
    awk -v s="$s" -v t="$TV_TIMEOUT" 'BEGIN { printf "%d\n", s * 1000 * t / 5 }'
}

# ---- running tvirt -----------------------------------------------------------

# tv_start COLS ROWS [env VAR=VALUE...] -- ARGS...
# Starts tvirt with ARGS in a detached session of that size, ending any
# run still going.  The wrapper records the exit code in $TV_EXIT and keeps
# stderr in $TV_ERR; TVIRT_LOG ($TV_LOG) catches what goes to stderr while
# curses owns the screen (sanitizer reports included).
tv_start() {
    local cols=$1 rows=$2 wrapper q
    local -a envs=()
    shift 2
    if [ "${1:-}" = env ]; then
        shift
        while [ $# -gt 0 ] && [ "$1" != -- ]; do
            envs+=("$1")
            shift
        done
    fi
    [ "${1:-}" = -- ] && shift
    tv_stop
    TV_RUN=$((TV_RUN + 1))
    TV_COLS=$cols
    TV_ROWS=$rows
    TV_EXIT=$TV_TMP/run$TV_RUN.exit
    TV_ERR=$TV_TMP/run$TV_RUN.stderr
    TV_LOG=$TV_TMP/run$TV_RUN.log
    wrapper=$TV_TMP/run$TV_RUN.sh
    {
        echo '#!/bin/bash'
        printf 'cd %q || exit 1\n' "$TV_TMP"
        printf 'export TVIRT_LOG=%q\n' "$TV_LOG"
        printf 'env'
        for q in "${envs[@]}"; do
            printf ' %q' "$q"
        done
        printf ' %q' "$TVIRT" "$@"
        printf ' 2>%q\n' "$TV_ERR"
        printf 'echo $? >%q.tmp && mv %q.tmp %q\n' "$TV_EXIT" "$TV_EXIT" "$TV_EXIT"
    } >"$wrapper"
    chmod +x "$wrapper"
    if [ "$TV_SERVER" = 0 ]; then
        # One server for the whole script, kept when a run ends (no race with
        # a server on its way out).  Not window-size manual: tmux 3.3a dies
        # creating a session with that set globally; resize-window suffices.
        tv_tmux start-server \; set-option -g exit-empty off || {
            not_ok "tmux could not start a server"
            return 1
        }
        TV_SERVER=1
    fi
    tv_tmux new-session -d -s "$TV_SESSION" -x "$cols" -y "$rows" "$wrapper" || {
        not_ok "tmux could not start tvirt"
        return 1
    }
    tv_tmux resize-window -t "$TV_SESSION" -x "$cols" -y "$rows" >/dev/null 2>&1
    return 0
}

# Ends the current run if it is still going (without checking anything).
tv_stop() {
    tv_tmux kill-session -t "$TV_SESSION" >/dev/null 2>&1
    return 0
}

tv_running() {
    [ "$TV_RUN" -gt 0 ] && [ ! -e "$TV_EXIT" ]
}

# tv_keys KEY...: tmux send-keys spellings ("j", "Enter", "Escape", "C-l", "BTab").
tv_keys() {
    tv_tmux send-keys -t "$TV_SESSION" "$@" 2>/dev/null
}

# Types text literally (no key-name lookup).
tv_type() {
    tv_tmux send-keys -t "$TV_SESSION" -l -- "$1" 2>/dev/null
}

tv_screen() {
    tv_tmux capture-pane -p -t "$TV_SESSION" 2>/dev/null
}

# The screen with its attributes as escape sequences.
tv_screen_ansi() {
    tv_tmux capture-pane -p -e -t "$TV_SESSION" 2>/dev/null
}

# True when a line of the screen, attributes kept as escape sequences,
# matches the extended regular expression (for tv_poll).
tv__ansi_re() {
    tv_screen_ansi | grep -q -E -- "$1"
}

# check_ansi ERE DESC [TIMEOUT_S]: waits until a line of the screen with its
# attributes matches ERE (write ESC as $'\e' in it).
check_ansi() {
    if tv_poll "${3:-5}" tv__ansi_re "$1"; then
        ok "$2"
        return 0
    fi
    not_ok "$2"
    echo "# timed out waiting for a line matching (attributes kept): $(printf '%s' "$1" | cat -v)"
    tv_screen_ansi | cat -v | tv_diag
    return 1
}

# Prints the SGR parameters used on screen, one per line.
tv_sgr_params() {
    tv_screen_ansi | grep -o $'\e\[[0-9;]*m' | tr -d $'\e[m' | tr ';' '\n' | sort -u
}

# Line N (1-based) of the screen; tv_line -2 is the status line.
tv_line() {
    local n=$1
    [ "$n" -lt 0 ] && n=$((TV_ROWS + 1 + n))
    tv_screen | sed -n "${n}p"
}

tv_resize() {
    TV_COLS=$1
    TV_ROWS=$2
    tv_tmux resize-window -t "$TV_SESSION" -x "$1" -y "$2" 2>/dev/null
}

# Prints the screen (and the tail of the logs when tvirt has exited) as TAP comments.
tv_dump() {
    echo "# --- screen ${TV_COLS}x${TV_ROWS} (run $TV_RUN) ---"
    tv_screen | tv_diag
    if [ "$TV_RUN" -gt 0 ] && [ -e "$TV_EXIT" ]; then
        echo "# tvirt exited with $(cat "$TV_EXIT")"
        [ -s "$TV_ERR" ] && tail -n 20 "$TV_ERR" | tv_diag
        # What reached stderr under curses (not tvirt's own timestamped log lines).
        [ -s "$TV_LOG" ] && grep -v -E '^ *[0-9]+\.[0-9]{3} ' "$TV_LOG" | tail -n 20 | tv_diag
    fi
    echo "# ---"
}

# tv_poll TIMEOUT_S PREDICATE ARGS...: runs the predicate on the screen
# text (in $TV_SCREEN) every 50 ms until it succeeds or time runs out.
tv_poll() {
    local limit end now
    limit=$(tv_timeout_ms "$1")
    shift
    now=$(date +%s%3N)
    end=$((now + limit))
    while :; do
        TV_SCREEN=$(tv_screen)
        "$@" && return 0
        # Once tvirt has gone, the screen will not change: fail now.
        [ "$TV_RUN" -gt 0 ] && [ -e "$TV_EXIT" ] && return 1
        now=$(date +%s%3N)
        [ "$now" -ge "$end" ] && return 1
        sleep 0.05
    done
}

tv__has() {
    [[ $TV_SCREEN == *"$1"* ]]
}

tv__lacks() {
    [[ $TV_SCREEN != *"$1"* ]]
}

# True when one screen line holds every given text.
tv__row_has() {
    local line t all
    while IFS= read -r line; do
        all=1
        for t in "$@"; do
            if [[ $line != *"$t"* ]]; then
                all=0
                break
            fi
        done
        [ "$all" = 1 ] && return 0
    done <<<"$TV_SCREEN"
    return 1
}

tv__no_row_has() {
    ! tv__row_has "$@"
}

# tv_wait TEXT [TIMEOUT_S]: waits until TEXT (a fixed string) is on screen.
tv_wait() {
    if tv_poll "${2:-5}" tv__has "$1"; then
        return 0
    fi
    echo "# timed out waiting for: $1"
    tv_dump
    return 1
}

# Absence on the screen of a tvirt that has exited proves nothing.
tv__alive() {
    if [ "$TV_RUN" -gt 0 ] && [ -e "$TV_EXIT" ]; then
        echo "# tvirt is not running"
        tv_dump
        return 1
    fi
    return 0
}

# tv_wait_gone TEXT [TIMEOUT_S]: waits until TEXT is no longer on screen.
tv_wait_gone() {
    if tv_poll "${2:-5}" tv__lacks "$1"; then
        tv__alive
        return
    fi
    echo "# timed out waiting for this to go: $1"
    tv_dump
    return 1
}

# tv_wait_row TEXT...: waits until one line holds all the texts (for
# TV_WAIT_S seconds, default 5).
tv_wait_row() {
    if tv_poll "${TV_WAIT_S:-5}" tv__row_has "$@"; then
        return 0
    fi
    printf '# timed out waiting for a line with:'
    printf ' [%s]' "$@"
    echo
    tv_dump
    return 1
}

tv_wait_no_row() {
    if tv_poll 5 tv__no_row_has "$@"; then
        tv__alive
        return
    fi
    printf '# timed out waiting for no line to have:'
    printf ' [%s]' "$@"
    echo
    tv_dump
    return 1
}

# The 1-based screen line of the first line holding TEXT (empty if none).
tv_line_of() {
    tv_screen | grep -n -F -m1 -- "$1" | cut -d: -f1
}

# tv_pick TEXT: on Domains, narrows the list by filter to the one domain
# matching TEXT, so keys act on it.  tv_unpick clears the filter again.
tv_pick() {
    tv_keys / C-u
    tv_type "$1"
    tv_keys Enter
    tv_wait "filter: $1 (1)"
}

tv_unpick() {
    tv_keys Escape
    tv_wait "Filter cleared"
}

# ---- checks (each prints one TAP line) -----------------------------------------

# cmd TEXT: types TEXT on the ':' line and runs it.
cmd() {
    tv_keys :
    tv_type "$1"
    tv_keys Enter
}

# check_in DESC FILE TEXT: FILE holds TEXT (a fixed string); on failure, what it holds.
check_in() {
    if grep -q -F -- "$3" "$2"; then
        ok "$1"
    else
        not_ok "$1"
        echo "# wanted: $3"
        tv_diag <"$2"
    fi
}

# check_eq DESC GOT WANT
check_eq() {
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        not_ok "$1 (got '$2', wanted '$3')"
    fi
}

# check_rc STATUS DESC: the last run (status in $RC, output in $OUT and $ERR) ended with
# STATUS; on failure, what it said.
check_rc() {
    if [ "$RC" = "$1" ]; then
        ok "$2"
    else
        not_ok "$2 (status $RC, wanted $1)"
        tv_diag <"$ERR"
        tv_diag <"$OUT"
    fi
}

# check_screen TEXT DESC [TIMEOUT_S]
check_screen() {
    tv_wait "$1" "${3:-5}"
    tv_result $? "$2"
}

# check_absent TEXT DESC: waits for TEXT to be (or become) absent.
check_absent() {
    tv_wait_gone "$1" "${3:-5}"
    tv_result $? "$2"
}

# check_row DESC TEXT...: some line holds all the texts.
check_row() {
    local desc=$1
    shift
    tv_wait_row "$@"
    tv_result $? "$desc"
}

# check_row_within SECONDS DESC TEXT...: check_row with a longer wait.
check_row_within() {
    local TV_WAIT_S=$1
    shift
    check_row "$@"
}

# check_no_row DESC TEXT...: no line holds all the texts.
check_no_row() {
    local desc=$1
    shift
    tv_wait_no_row "$@"
    tv_result $? "$desc"
}

# check_order DESC TEXT...: the texts are on screen, each on a later line than the one before.
check_order() {
    local desc=$1 t n prev=0 why=
    shift
    tv_wait "$1" >/dev/null
    for t in "$@"; do
        n=$(tv_line_of "$t")
        if [ -z "$n" ]; then
            why="'$t' is not on screen"
            break
        fi
        if [ "$n" -le "$prev" ]; then
            why="'$t' (line $n) is not below line $prev"
            break
        fi
        prev=$n
    done
    if [ -z "$why" ]; then
        ok "$desc"
    else
        not_ok "$desc"
        echo "# $why"
        tv_dump
    fi
}

# Waits for the current run to end; 0 when it did.
tv_wait_exit() {
    local limit end now
    limit=$(tv_timeout_ms "${1:-5}")
    now=$(date +%s%3N)
    end=$((now + limit))
    while [ ! -e "$TV_EXIT" ]; do
        now=$(date +%s%3N)
        [ "$now" -ge "$end" ] && return 1
        sleep 0.05
    done
    return 0
}

# Checks that the stderr log and TVIRT_LOG of the current run hold no
# sanitizer report (tvirt's own timestamped log lines are not looked at).
check_clean_logs() {
    local found
    found=$(cat "$TV_ERR" "$TV_LOG" 2>/dev/null | grep -v -E '^ *[0-9]+\.[0-9]{3} ' |
        grep -E -A 20 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error')
    if [ -z "$found" ]; then
        ok "${1:-no sanitizer report}"
    else
        not_ok "${1:-no sanitizer report}"
        printf '%s\n' "$found" | head -n 40 | tv_diag
    fi
}

# tv_quit [DESC [KEY...]]: presses q (or the keys given), waits for tvirt
# to exit, checks the exit code is 0 and the logs hold no sanitizer report.
tv_quit() {
    local desc=${1:-quit} code
    [ $# -gt 0 ] && shift
    if [ $# -gt 0 ]; then
        tv_keys "$@"
    else
        tv_keys q
    fi
    if ! tv_wait_exit 10; then
        not_ok "$desc: tvirt exits after q"
        tv_dump
        tv_stop
        return 1
    fi
    code=$(cat "$TV_EXIT")
    if [ "$code" = 0 ]; then
        ok "$desc: tvirt exits with status 0"
    else
        not_ok "$desc: tvirt exits with status 0 (got $code)"
        tail -n 20 "$TV_ERR" | tv_diag
    fi
    check_clean_logs "$desc: no sanitizer report"
}
