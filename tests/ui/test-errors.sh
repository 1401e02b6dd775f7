#!/bin/bash
#
# UI test: hosts that cannot be reached.  A refused connection (loopback
# port 1 only) and a URI no driver takes sit next to fixture host A: their
# banners and Hosts rows show libvirt's error and the reconnect countdown,
# host A keeps working (actions succeed), :disconnect drops the bad hosts
# (by URI and by cursor), :connect adds one while running, and nothing
# crashes or hangs on the way out.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

BAD_URI=nosuch:///x

# ---- 160x50: the whole story ---------------------------------------------------

tv_start 160 50 -- -c "$TV_HOST_A" -c "$TV_DEAD_URI" -c "$BAD_URI"
check_row "the refused host's banner shows libvirt's error" "$TV_DEAD_URI: disconnected," \
    "unable to connect to server at '127.0.0.1:1'" "Connection refused"
check_row "the refused host's banner shows the countdown" "$TV_DEAD_URI: disconnected," \
    "retrying in "
check_row "the malformed URI's banner shows an error and the countdown" \
    "$BAD_URI: disconnected, " "retrying in "
check_row "host A's domains are listed below" host-a web01 running
check_screen "1/3 hosts  3 VMs  1 running" "the title counts 1 of 3 hosts up"
# Backoff doubles (1, 2, 4 s...): reaching 4s proves it retried twice; 3s that it counts down.
check_row_within 10 "the retry backoff grows to 4s" "$TV_DEAD_URI: disconnected," \
    "retrying in 4s"
# Any lower figure proves it counts down (a busy machine may repaint past 3s).
countdown_below_4() {
    # shellcheck disable=SC2317  # called through tv_poll
    tv_screen | grep -F "$TV_DEAD_URI: disconnected," | grep -qE 'retrying in [0-3]s'
}
tv_poll 5 countdown_below_4
tv_result $? "the countdown ticks down from 4s"

# Host A works while the others are down.
tv_pick web01
tv_keys p
check_screen "'web01' paused" "pause on host A works"
check_row "web01 is paused" host-a web01 paused
tv_keys p
check_screen "'web01' resumed" "resume on host A works"
check_row "web01 is running" host-a web01 running
tv_unpick
tv_pick db01
tv_keys s
check_screen "'db01' started" "start on host A works"
check_row "db01 is running" host-a db01 running
tv_unpick
check_row "the banners stay while host A works" "$TV_DEAD_URI: disconnected,"

# Hosts screen: one row per host with its state.
tv_keys 1
check_row "Hosts: host A connected" test: connected "TEST "
# The row's STATE column has what the URIs leave; the detail below has the whole error.
# (A long fixture path, as under distcheck, leaves the state column "disconnected, retr…".)
check_row "Hosts: the refused host disconnected" "$TV_DEAD_URI" "disconnected, retr"
check_row "Hosts: the malformed URI disconnected" "$BAD_URI" "disconnected, "
tv_keys j
check_row "Hosts: detail of the refused host shows the error and countdown" \
    "disconnected, retrying in" "unable to connect to server at '127.0.0.1:1'"
tv_keys Enter
check_screen "Domains of 127.0.0.1" "Enter on the refused host opens its (empty) domain list"
check_screen "No domain matches the filter." "a host that is down has no domains"
tv_keys Escape
check_row "Esc shows all domains again" host-a web01 running

# Storage and Networks list what host A has.
tv_keys 3
check_row "Storage: host A's pools with hosts down" host-a images dir
tv_keys 4
check_row "Networks: host A's networks with hosts down" host-a lan nat
tv_keys 2
tv_wait web01 >/dev/null

# :disconnect by URI, then by cursor on Hosts.
cmd "disconnect $TV_DEAD_URI"
check_screen "Disconnected from 127.0.0.1 ($TV_DEAD_URI)" ":disconnect of the refused host"
check_absent "$TV_DEAD_URI: disconnected" "its banner is gone"
check_screen "1/2 hosts" "the title counts 2 hosts"
tv_keys 1
tv_wait "$BAD_URI" >/dev/null
tv_keys G
cmd disconnect
check_screen "Disconnected from localhost ($BAD_URI)" \
    ":disconnect with the cursor on the malformed URI"
check_no_row "Hosts: it is gone" "$BAD_URI" disconnected
check_row "Hosts: host A remains" test: connected
check_screen "1/1 hosts" "the title counts 1 host"
tv_keys 2
check_absent "disconnected:" "no banner is left"
check_row "host A still lists web01" host-a web01 running

# :connect a dead host while running, then drop it again.
cmd "connect $TV_DEAD_URI"
check_row ":connect of a dead host shows its error" "$TV_DEAD_URI: disconnected," "retrying in"
tv_pick web01
tv_keys S
check_screen "'web01' is shutting down" "host A still works beside the new dead host"
check_row "web01 shut off" host-a web01 shutoff
tv_unpick
cmd "disconnect $TV_DEAD_URI"
check_screen "Disconnected from 127.0.0.1 ($TV_DEAD_URI)" "dropped again"
tv_quit "160x50 dead hosts"

# ---- 80x24 ---------------------------------------------------------------------

tv_start 80 24 -- -c "$TV_HOST_A" -c "$TV_DEAD_URI" -c "$BAD_URI"
check_row "80x24: the refused host's banner" "$TV_DEAD_URI: disconnected, retrying in"
check_row "80x24: the malformed URI's banner" "$BAD_URI: disconnected, "
check_row "80x24: host A's domains below" host-a web01 running
tv_pick cache01
tv_keys p
check_screen "'cache01' resumed" "80x24: resume on host A works"
check_row "80x24: cache01 running" cache01 running
tv_unpick
tv_keys 1
check_row "80x24: Hosts row of the refused host" qemu+tcp disconnected
tv_keys 2
tv_wait web01 >/dev/null
cmd "disconnect $BAD_URI"
check_screen "Disconnected from localhost ($BAD_URI)" "80x24: :disconnect of the malformed URI"
check_absent "$BAD_URI: disconnected" "80x24: its banner is gone"
tv_resize 160 50
check_row "80x24 -> 160x50: the countdown shows when there is room" "$TV_DEAD_URI: disconnected," \
    "retrying in"
tv_resize 80 24
check_row "back to 80x24: still listed" host-a web01 running
tv_quit "80x24 dead hosts"

# ---- nothing reachable at all --------------------------------------------------

tv_start 80 24 -- -c "$TV_DEAD_URI" -c "$BAD_URI"
check_screen "No domains." "only dead hosts: the list says there are none"
check_row "only dead hosts: both banners" "$TV_DEAD_URI: disconnected,"
check_row "only dead hosts: banner of the malformed URI" "$BAD_URI: disconnected,"
tv_keys s
check_screen "start: no domain here" "only dead hosts: an action says there is no domain"
tv_keys 3
check_screen "No storage pools" "only dead hosts: Storage is empty"
tv_keys 4
check_screen "No virtual networks" "only dead hosts: Networks is empty"
tv_keys 1
check_row "only dead hosts: Hosts lists both" "$BAD_URI" disconnected
tv_keys 2
tv_wait "No domains." >/dev/null
tv_quit "only dead hosts"

# Read-only with a dead host.
tv_start 80 24 -- -r -c "$TV_DEAD_URI" -c "$TV_HOST_A"
check_row "read-only beside a dead host: host A listed" host-a web01 running
check_row "read-only beside a dead host: the banner" "$TV_DEAD_URI: disconnected,"
tv_quit "read-only dead host"

done_testing
