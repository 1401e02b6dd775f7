# shellcheck shell=bash
#
# Helpers for tests that run against the two-host lab (tests/lab/lab.sh): TAP output, a
# polling wait (tests never sleep blindly: they poll for the state they expect, with a
# bound), and readers for what a lab guest shows from outside: its heartbeat counter in
# the console log and its counters in `virsh domstats`.  Source it; it sets nothing but
# LAB_SH, LAB_N and LAB_FAILED, and defines lab_* functions.

# shellcheck disable=SC2034  # for the scripts that source this file
LAB_SH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lab.sh
LAB_N=0       # TAP test number
LAB_FAILED=0  # checks that failed

# One lab per machine: lab tests take turns.  TV_LAB=skip (set by the suite
# runner for the sanitizer build and distcheck, whose make check runs the
# same tests again) makes this fail, so the caller skips with that reason.
lab_serialize() {
    [ "${TV_LAB:-}" = skip ] && return 1
    exec 9>>/var/tmp/tvirt-lab.lock
    flock 9
}

lab_ok() {
    LAB_N=$((LAB_N + 1))
    echo "ok $LAB_N - $*"
}

lab_not_ok() {
    LAB_N=$((LAB_N + 1))
    LAB_FAILED=$((LAB_FAILED + 1))
    echo "not ok $LAB_N - $*"
}

# lab_check DESCRIPTION CMD...: one TAP line from the command's status.
lab_check() {
    local desc=$1
    shift
    if "$@"; then
        lab_ok "$desc"
    else
        lab_not_ok "$desc"
        return 1
    fi
}

# lab_wait SECONDS CMD...: runs CMD every 0.2 s until it succeeds; fails after SECONDS.
lab_wait() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# lab_heartbeat LOG: the guest's latest heartbeat counter, or nothing before the first.
# Only whole lines count ("dirty=" follows the number), so a line the guest is still
# writing never reads as a smaller number.
lab_heartbeat() {
    grep -ao 'tvirt-heartbeat [0-9]* dirty=' "$1" 2>/dev/null | tail -n 1 |
        sed 's/^tvirt-heartbeat \([0-9]*\) .*/\1/'
}

# lab_heartbeat_above LOG N: true once the counter is above N.
lab_heartbeat_above() {
    local c
    c=$(lab_heartbeat "$1")
    [ -n "$c" ] && [ "$c" -gt "$2" ]
}

# lab_dirty_is LOG N: true once the latest heartbeat reports a dirty rate of N MiB/s.
lab_dirty_is() {
    local d
    d=$(grep -ao 'tvirt-heartbeat [0-9]* dirty=[0-9]*' "$1" 2>/dev/null | tail -n 1)
    [ "${d##*dirty=}" = "$2" ]
}

# lab_log_has LOG TEXT: true when the console log holds TEXT.
lab_log_has() {
    grep -aqF -- "$2" "$1" 2>/dev/null
}

# lab_domstat URI DOMAIN KEY: one value of `virsh domstats` (e.g. cpu.time,
# block.0.wr.bytes), or nothing.
lab_domstat() {
    timeout 30 virsh -q -c "$1" domstats "$2" 2>/dev/null |
        sed -n "s/^ *$3=//p" | head -n 1
}

# lab_domstat_above URI DOMAIN KEY N: true once the value is above N.
lab_domstat_above() {
    local v
    v=$(lab_domstat "$1" "$2" "$3")
    [ -n "$v" ] && [ "$v" -gt "$4" ]
}
