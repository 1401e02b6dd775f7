#!/bin/bash
# The serial console on a real QEMU guest over a remote qemu+tcp connection
# (TAP): c opens it full screen inside tvirt, the guest's heartbeat scrolls,
# a command typed there runs in the guest's shell, Ctrl+] returns to the
# Domains screen intact; a console that another client holds, a domain with
# no serial device, and a console lost because the domain was destroyed
# each give a clear message and tvirt keeps running.
#
# Needs root and the lab (tests/lab/lab.sh).  Without them it skips on a
# developer's machine; under CI=true it fails instead.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TV_TOP_SRCDIR=${TV_TOP_SRCDIR:-$(cd "$here/../.." && pwd)}
# shellcheck source=tests/ui/lib.sh
. "$TV_TOP_SRCDIR/tests/ui/lib.sh"
# shellcheck source=tests/lab/lib.sh
. "$here/lib.sh"

guest=tvcons1
noserial=tvnoser1
was_up=0
started=0

# shellcheck disable=SC2317  # called by the EXIT trap
lab_cleanup() {
    if [ "$started" = 1 ]; then
        timeout 60 virsh -q -c "$LAB_URI_A" destroy "$noserial" >/dev/null 2>&1
        timeout 60 virsh -q -c "$LAB_URI_A" undefine "$noserial" >/dev/null 2>&1
        "$LAB_SH" guest-rm "$guest" >/dev/null 2>&1
        [ "$was_up" = 0 ] && "$LAB_SH" down >/dev/null 2>&1
    fi
    tv_cleanup
}
trap lab_cleanup EXIT

cannot_run() {
    if [ "${CI:-}" = true ]; then
        not_ok "the lab cannot run: $*"
        done_testing
    fi
    tv_skip_all "$*"
}

lab_serialize || tv_skip_all "lab tests run once per suite, in the normal build"
[ "$(id -u)" -eq 0 ] || cannot_run "needs root (network namespaces, libvirtd)"
if ! "$LAB_SH" check >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && "$LAB_SH" deps >"$TV_TMP/deps.log" 2>&1
    "$LAB_SH" check >"$TV_TMP/check.log" 2>&1 ||
        cannot_run "$(head -n 1 "$TV_TMP/check.log") (see tests/lab/lab.sh deps)"
fi
"$LAB_SH" status >/dev/null 2>&1 && was_up=1
started=1
"$LAB_SH" up >"$TV_TMP/up.log" 2>&1 || {
    tv_diag <"$TV_TMP/up.log"
    cannot_run "lab.sh up failed"
}
eval "$("$LAB_SH" env)"

"$LAB_SH" guest-rm "$guest" >/dev/null 2>&1
"$LAB_SH" guest "$guest" a >"$TV_TMP/guest.log" 2>&1 || {
    tv_diag <"$TV_TMP/guest.log"
    cannot_run "lab.sh guest failed"
}
console_log=$LAB_CONSOLE_DIR/$guest.log
lab_wait "${TVIRT_LAB_TIMEOUT:-120}" lab_heartbeat_above "$console_log" 0
tv_result $? "the guest boots to its first heartbeat"

# A guest may take a while to answer through TCG on a busy machine.
TV_TIMEOUT=$((TV_TIMEOUT * 3))

tv_start 120 30 -- -c "$LAB_URI_A"
tv_wait_row "$guest" running >/dev/null
tv_pick "$guest"
tv_keys c
check_screen "Console of $guest on 10.77.0.1" "c opens the console full screen"
check_screen "tvirt-heartbeat" "the guest's heartbeat shows"

# shellcheck disable=SC2317  # called through tv_poll
heartbeat_on_screen() {
    tv_screen | grep -ao 'tvirt-heartbeat [0-9]*' | tail -n 1 | sed 's/.* //'
}
first=$(heartbeat_on_screen)
# shellcheck disable=SC2317  # called through tv_poll
rises() {
    local now
    now=$(heartbeat_on_screen)
    [ -n "$now" ] && [ -n "$first" ] && [ "$now" -gt $((first + 5)) ]
}
tv_poll 10 rises
tv_result $? "the heartbeat scrolls (from ${first:-none})"

# The shell computes the number: finding 42 proves the command ran.
# shellcheck disable=SC2016  # the guest's shell expands it
tv_type 'echo tvirt-typed-$((6*7))'
tv_keys Enter
check_screen "tvirt-typed-42" "a typed command runs in the guest and its output shows"

tv_keys C-]
check_screen "Console of $guest on 10.77.0.1 closed" "Ctrl+] returns with a message"
check_row "the Domains screen is back intact" "$guest" running
check_screen "HOST" "the table header is back"

# A second client while tvirt holds the console: another tvirt instance.
tv_keys c
check_screen "tvirt-heartbeat" "the console opens again"
tv_tmux new-session -d -s second -x 120 -y 30 \
    "env TVIRT_CONFIG=/dev/null '$TVIRT' -c '$LAB_URI_A'"
# shellcheck disable=SC2317  # called through tv_poll
second_has() { tv_tmux capture-pane -p -t second 2>/dev/null | grep -qF -- "$1"; }
tv_poll 20 second_has "$guest"
tv_tmux send-keys -t second / 2>/dev/null
tv_tmux send-keys -t second -l "$guest" 2>/dev/null
tv_tmux send-keys -t second Enter c 2>/dev/null
tv_poll 20 second_has "ended:"
tv_result $? "a second client gets a clear message"
tv_tmux capture-pane -p -t second | grep -E "ended:" | tv_diag
tv_poll 5 second_has "HOST"
tv_result $? "the second tvirt keeps running"
tv_tmux send-keys -t second q 2>/dev/null
check_screen "tvirt-heartbeat" "the first console still works"

# Losing the console: the domain is destroyed from outside.
timeout 60 virsh -q -c "$LAB_URI_A" destroy "$guest" >/dev/null 2>&1
check_screen "ended:" "a destroyed domain ends the console with a message"
check_row "back on the Domains screen" "$guest" shutoff

# A domain without a serial device.
timeout 30 virsh -q -c "$LAB_URI_A" dumpxml --inactive "$guest" 2>/dev/null |
    sed -e "s|<name>$guest</name>|<name>$noserial</name>|" -e '/<uuid>/d' -e '/<mac /d' \
        -e '/<serial/,/<\/serial>/d' -e '/<console/,/<\/console>/d' \
        -e '/<disk/,/<\/disk>/d' >"$TV_TMP/noserial.xml"
timeout 60 virsh -q -c "$LAB_URI_A" define "$TV_TMP/noserial.xml" >/dev/null 2>&1 &&
    timeout 60 virsh -q -c "$LAB_URI_A" start "$noserial" >/dev/null 2>&1
tv_result $? "a domain without a serial device runs"
tv_unpick
tv_pick "$noserial"
tv_keys c
check_screen "ended:" "c on it says why there is no console"
check_row "tvirt keeps running" "$noserial" running

tv_quit "console session"
done_testing
