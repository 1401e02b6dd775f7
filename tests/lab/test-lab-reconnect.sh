#!/bin/bash
# Lab test (TAP): a host that dies and comes back.  tvirt watches A and B; host B's libvirtd
# is killed with SIGKILL.  B must show "disconnected" with a reason and a retry countdown
# while A keeps updating (a pause made on A with virsh shows up) and keys keep working
# (switching screens); after B's daemon is restarted (`lab.sh up` restarts a dead one) B
# must come back by itself within 10 s, and its events must work again (a pause and a
# resume made on B with virsh show within 1 s each).
#
# The outage is kept short (~4 s) on purpose: tvirt's retry back-off doubles from
# 1 s (1, 2, 4, 8... up to 30 s), so the 10 s promise holds for an outage under ~15 s.
#
# Needs root; skips without it, fails instead under CI=true.  Leaves B's daemon running
# (restarts it at exit whatever happened).  TVIRT, TVIRT_LAB_TIMEOUT and TVIRT_LAB_WAIT as
# in tvlib.sh; the 1 s and 10 s budgets are not scaled.
# shellcheck disable=SC2317  # functions run through tl_watch, lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

ga=tvl-rc-a
gb=tvl-rc-b
killed=0

restore_b() {
    [ "$killed" = 1 ] || return 0
    "$LAB_SH" up >"$TV_TMP/up-again.log" 2>&1 || sed 's/^/# /' "$TV_TMP/up-again.log"
    killed=0
}
tl_on_exit restore_b

# B's banner on the Domains screen: "URI: disconnected, retrying in Ns: REASON".
b__banner() { [[ $TV_SCREEN =~ $banner_re ]]; }
# The banner's countdown reads $1 seconds.
b__countdown_is() {
    b__banner && [ "${BASH_REMATCH[1]}" = "$1" ]
}
b__no_banner() { [[ $TV_SCREEN != *"$LAB_URI_B: disconnected"* ]]; }
b__back() { b__no_banner && tl__row_has " $gb " " running "; }

# virsh_then_row HOST VIRSH_CMD GUEST STATE BUDGET_MS: the new state on screen within budget
# after virsh returned; prints the time.
virsh_then_row() {
    local h=$1 cmd=$2 guest=$3 state=$4 budget=$5 out t_ret lat
    if ! out=$(tl_virsh "$h" "$cmd" "$guest" 2>&1); then
        not_ok "virsh $cmd $guest on ${h^^}: $out"
        return 1
    fi
    t_ret=$(tl_us)
    if tl_watch "$budget" tl__row_has " $guest " " $state "; then
        lat=$((TL_HIT_US - t_ret))
        [ "$lat" -lt 0 ] && lat=0
        ok "virsh $cmd $guest on ${h^^}: row shows $state $(tl_ms_between 0 "$lat") ms later" \
            "(budget $budget ms)"
        return 0
    fi
    not_ok "virsh $cmd $guest on ${h^^}: row shows $state within $budget ms"
    tv_dump
    return 1
}

tl_up
banner_re="$(tl_re_quote "$LAB_URI_B"): disconnected, retrying in ([0-9]+)s: .{4,}"
t0=$SECONDS
TL_GUESTS="$TL_GUESTS $ga $gb"
for g in $ga $gb; do
    "$LAB_SH" guest-rm "$g" >/dev/null 2>&1
done
"$LAB_SH" guest "$ga" a >"$TV_TMP/guest-a.log" 2>&1 || tl_bail "lab.sh guest $ga a"
"$LAB_SH" guest "$gb" b >"$TV_TMP/guest-b.log" 2>&1 || tl_bail "lab.sh guest $gb b"
lab_wait "$TL_BOOT" lab_heartbeat_above "$LAB_CONSOLE_DIR/$ga.log" 0 || tl_bail "$ga boots"
lab_wait "$TL_BOOT" lab_heartbeat_above "$LAB_CONSOLE_DIR/$gb.log" 0 || tl_bail "$gb boots"
ok "guests $ga on A and $gb on B boot in $((SECONDS - t0)) s"

tv_start 132 30 "${TL_ENV[@]}" -- "${TL_THEME[@]}" -c "$LAB_URI_A" -c "$LAB_URI_B"
check_row "Domains: $ga on A running" " $ga " " running "
check_row "Domains: $gb on B running" " $gb " " running "

# ---- kill B's daemon -----------------------------------------------------------------------

tl_env
pid_b=$LAB_PID_B
[ -n "$pid_b" ] || tl_bail "lab.sh env gives B's libvirtd pid"
[[ $(tr '\0' ' ' </proc/"$pid_b"/cmdline) == *tvlabd-b* ]] ||
    tl_bail "pid $pid_b is B's libvirtd (tvlabd-b)"
t_kill=$(tl_us)
kill -KILL "$pid_b"
killed=1
if tl_watch $((TL_WAIT * 1000)) b__banner; then
    ok "B shows 'disconnected' with a reason and a countdown" \
        "$(tl_ms_between "$t_kill" "$TL_HIT_US") ms after the kill"
    grep -F "$LAB_URI_B: disconnected" <<<"$TV_SCREEN" | head -n 1 | sed 's/^ */# banner: /'
    # Retries after 1 s and 2 s fail; the back-off doubles to 4 s (and the outage lasts
    # long enough for a real reconnect, not one on the first try).
    if tl_watch 15000 b__countdown_is 4; then
        ok "B keeps retrying: the back-off reaches 4s" \
            "$(tl_ms_between "$t_kill" "$TL_HIT_US") ms after the kill"
    else
        not_ok "B keeps retrying: the back-off reaches 4s within 15 s"
        tv_dump
    fi
else
    not_ok "B shows 'disconnected' with a reason and a countdown"
    tv_dump
fi

# A keeps updating: a pause made behind tvirt's back shows up (by event or refresh).
virsh_then_row a suspend "$ga" paused $((TL_WAIT * 1000))

# Keys keep working while B is down.
if tl_key_latency 2000 1 tl__has HYPERVISOR; then
    ok "key 1 switches to Hosts in $TL_LAT_MS ms while B is down"
else
    not_ok "key 1 switches to Hosts while B is down"
    tv_dump
fi
check_row "Hosts: B disconnected, retrying, with the reason" "$LAB_URI_B" \
    "disconnected, retrying in "
check_row "Hosts: A connected" "$LAB_URI_A" connected
if tl_key_latency 2000 2 tl__has "%CPU"; then
    ok "key 2 switches back to Domains in $TL_LAT_MS ms"
else
    not_ok "key 2 switches back to Domains"
    tv_dump
fi
virsh_then_row a resume "$ga" running $((TL_WAIT * 1000))

# ---- B's daemon comes back ----------------------------------------------------------------

outage_s=$((($(tl_us) - t_kill) / 1000000))
t_up0=$(tl_us)
"$LAB_SH" up >"$TV_TMP/up-again.log" 2>&1 || {
    sed 's/^/# /' "$TV_TMP/up-again.log"
    tl_bail "lab.sh up restarts B's daemon"
}
killed=0
t_up=$(tl_us)
tl_env
ok "B's daemon restarted (pid $LAB_PID_B) after a ${outage_s} s outage;" \
    "lab.sh up took $(tl_ms_between "$t_up0" "$t_up") ms"
lab_check "libvirt on B still knows $gb as running" tl_state_is b "$gb" running

if tl_watch 10000 b__back; then
    ok "B comes back by itself: banner gone, $gb running," \
        "$(tl_ms_between "$t_up" "$TL_HIT_US") ms after its daemon was back"
else
    not_ok "B comes back by itself within 10 s of its daemon's restart"
    tv_dump
fi
check_screen "2/2 hosts" "the header counts both hosts again"

# Events from B work again.
virsh_then_row b suspend "$gb" paused 1000
virsh_then_row b resume "$gb" running 1000
tv_quit "reconnect"

tl_done
