#!/bin/bash
#
# UI test: moving around.  Screen switching (digits, Tab, BTab), the live
# filter, the sort dialog (row order checked on screen), cursor keys,
# resizing down to "enlarge the terminal" and back, NO_COLOR, an ASCII
# locale, the command line (:connect, :disconnect, unknown commands), the
# config file (key overrides, connect list, malformed files), themes, and
# quitting with status 0.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The domain the help screen says actions apply to (the one under the cursor).
check_cursor_on() {
    tv_keys '?'
    check_screen "or on '$1')" "$2"
    tv_keys Escape
    tv_wait_gone "Keys on the" >/dev/null
}

# ---- screens, filter, sort, cursor at 80x24 and 160x50 -----------------------------

nav_at() {
    local cols=$1 rows=$2 sz="$1x$2"
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A" -c "$TV_HOST_B"
    tv_wait_row web01 running >/dev/null

    # Screens by digit, Tab and BTab.
    tv_keys Tab
    check_row "$sz: Tab from Domains goes to Storage" HOST POOL TYPE
    tv_keys Tab
    check_row "$sz: Tab goes on to Networks" HOST NETWORK FORWARD
    tv_keys Tab
    check_row "$sz: Tab goes on to Migrations" DOMAIN PHASE PROGRESS
    tv_keys Tab
    check_row "$sz: Tab wraps to Hosts" HOST URI STATE
    tv_keys BTab
    check_row "$sz: BTab goes back to Migrations" DOMAIN PHASE PROGRESS
    tv_keys BTab
    check_row "$sz: BTab goes back to Networks" HOST NETWORK FORWARD
    tv_keys 1
    check_row "$sz: 1 shows Hosts" HOST URI STATE
    tv_keys 2
    check_row "$sz: 2 shows Domains" HOST NAME STATE CPUS

    # The filter narrows while typing; Esc while typing cancels it.
    tv_keys /
    tv_type web
    check_screen "filter: web (1)" "$sz: filter narrows live while typing"
    check_row "$sz: live filter keeps web01" web01 running
    check_absent cache01 "$sz: live filter hides cache01"
    tv_keys BSpace BSpace BSpace
    check_row "$sz: filter emptied again shows all" cache01 paused
    tv_type WEB
    check_screen "filter: WEB (1)" "$sz: filter ignores case"
    tv_keys Escape
    check_absent "filter:" "$sz: Esc while typing cancels the filter"
    check_row "$sz: all domains back after cancel" cache01 paused

    # Enter keeps it; the count and the state word match; Esc clears.
    tv_keys /
    tv_type shutoff
    tv_keys Enter
    check_screen "Filter: shutoff (/ then Esc clears)" "$sz: Enter keeps the filter"
    check_screen "filter: shutoff (2)" "$sz: filter on a state counts 2"
    check_row "$sz: filter shows db01" db01 shutoff
    check_row "$sz: filter shows q&a" 'q&a "to' shutoff
    check_absent web01 "$sz: filter hides web01"
    tv_keys Escape
    check_screen "Filter cleared" "$sz: Esc in the list clears the filter"
    check_row "$sz: all rows back" web01 running
    tv_keys /
    tv_type host-b
    tv_keys Enter
    check_screen "filter: host-b (3)" "$sz: filter on a host label"
    tv_keys Escape
    tv_wait "Filter cleared" >/dev/null
    tv_keys /
    tv_type zzz
    tv_keys Enter
    check_screen "No domain matches the filter." "$sz: a filter matching nothing says so"
    tv_keys Escape
    tv_wait "Filter cleared" >/dev/null

    # Sort dialog.
    tv_keys o
    check_screen "Sort by" "$sz: o opens the sort dialog"
    check_screen "host  (asc)" "$sz: the dialog marks the current sort"
    # host, ID, name, state, autostart, vCPUs: the dialog lists the columns in their order.
    tv_keys Down Down Down Down Down Enter
    check_screen "Sorted by vCPUs, descending" "$sz: sort by vCPUs, descending"
    check_absent "Sort by" "$sz: the dialog closes"
    check_order "$sz: rows by vCPUs, most first" build-r db01 web01 cache01
    tv_keys o
    check_screen "vCPUs  (desc)" "$sz: the dialog shows vCPUs descending"
    tv_keys Enter
    check_screen "Sorted by vCPUs, ascending" "$sz: Enter on the same key flips the order"
    check_order "$sz: rows by vCPUs, fewest first" cache01 web01 db01 build-r
    tv_keys o Up Up Up Enter
    check_screen "Sorted by name, ascending" "$sz: sort by name"
    check_order "$sz: rows by name" build-r cache01 db01 mail- 'q&a' web01
    tv_keys o j Enter
    check_screen "Sorted by state, ascending" "$sz: sort by state"
    check_order "$sz: running, then paused, then shut off" web01 cache01 db01
    tv_keys o
    tv_wait "Sort by" >/dev/null
    tv_keys Escape
    check_absent "Sort by" "$sz: Esc closes the sort dialog"
    check_screen "Sorted by state, ascending" "$sz: and changes nothing"

    # Cursor movement (by name again), seen through the help's target.
    tv_keys o Up Enter
    tv_wait "Sorted by name, ascending" >/dev/null
    tv_keys g
    check_cursor_on build-runner "$sz: g goes to the first row"
    tv_keys j j
    check_cursor_on db01 "$sz: j j moves two rows down"
    tv_keys G
    check_cursor_on web01 "$sz: G goes to the last row"
    tv_keys k
    check_cursor_on 'q&a "tools" <x>' "$sz: k moves up one row"
    tv_keys Up Up
    check_cursor_on db01 "$sz: Up arrow moves up"
    tv_keys Down
    check_cursor_on "mail-ñandú" "$sz: Down arrow moves down"
    tv_keys G j
    check_cursor_on web01 "$sz: j on the last row stays there"
    tv_keys Enter
    check_row "$sz: Enter opens the row under the cursor" Overview "web01 on"
    tv_keys Escape
    tv_wait_gone Overview >/dev/null

    # Redraw and refresh.
    tv_keys C-l
    check_row "$sz: C-l redraws the same rows" web01 running
    tv_keys C-r
    check_screen "Refreshing all hosts" "$sz: C-r refreshes"
    tv_quit "$sz"
}

nav_at 80 24
nav_at 160 50

# ---- resizing -------------------------------------------------------------------

tv_start 80 24 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
check_row "80x24: names cut to fit" mail-ña running
tv_resize 160 50
check_row "resized to 160x50: whole names" "mail-ñandú" running
check_screen "CPU HISTORY" "resized to 160x50: the history column appears"
tv_resize 40 10
check_screen "enlarge the terminal (40x10, need 50x12)" "resized to 40x10: asks for more room"
check_absent web01 "40x10: no table squeezed in"
tv_keys 3
tv_resize 80 24
check_absent "enlarge the terminal" "back to 80x24: the warning goes"
check_row "back to 80x24: keys typed while small worked (Storage)" HOST POOL TYPE
tv_keys 2
check_row "back to 80x24: rows intact" web01 running
check_row "back to 80x24: header intact" HOST NAME STATE
tv_resize 50 12
check_row "50x12, the minimum: still drawn" tvirt Hosts
check_absent "enlarge the terminal" "50x12: no warning"
tv_resize 49 12
check_screen "enlarge the terminal" "49x12: one column short warns"
tv_resize 160 50
check_row "160x50 again: content intact" "mail-ñandú" running
tv_quit "resize"

# ---- NO_COLOR and an ASCII locale --------------------------------------------------

has_colour_params() {
    tv_sgr_params | grep -q -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}

tv_start 80 24 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
if has_colour_params; then
    ok "default: the screen uses colours"
else
    not_ok "default: the screen uses colours"
fi
tv_quit "colours"

tv_start 80 24 env NO_COLOR=1 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
if has_colour_params || ! tv_running; then
    not_ok "NO_COLOR=1: no colour on screen"
    tv_sgr_params | tr '\n' ' ' | tv_diag
else
    ok "NO_COLOR=1: no colour on screen"
fi
if tv_sgr_params | grep -q -x 7; then
    ok "NO_COLOR=1: the cursor row is still shown (reverse video)"
else
    not_ok "NO_COLOR=1: the cursor row is still shown (reverse video)"
fi
check_row "NO_COLOR=1: rows still drawn" web01 running
tv_quit "NO_COLOR"

for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" env LANG=C LC_ALL=C -- -c "$TV_HOST_A" -c "$TV_HOST_B"
    tv_wait_row web01 running >/dev/null
    check_row "$sz LC_ALL=C: the UTF-8 name is still shown" mail- running
    check_row "$sz LC_ALL=C: the special-character name" 'q&a "' shutoff
    if tv_screen | LC_ALL=C grep -q '[^ -~]' || ! tv_running; then
        not_ok "$sz LC_ALL=C: only ASCII on screen"
        tv_screen | LC_ALL=C grep -n '[^ -~]' | tv_diag
    else
        ok "$sz LC_ALL=C: only ASCII on screen"
    fi
    check_row "$sz LC_ALL=C: missing values shown as -" db01 shutoff " - "
    tv_quit "$sz LC_ALL=C"
done

# ---- the command line ----------------------------------------------------------

tv_start 160 50 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys :
tv_type "connect test:///default"
check_row "the command line echoes what is typed" ":connect test:///default"
tv_keys Enter
check_row ":connect adds the demo host's domain" default test running
check_row ":connect: the new host's domain beside the old" host-a web01 running
check_screen "2/2 hosts  4 VMs  2 running" ":connect: the title counts the new host"
cmd "connect test:///default"
check_screen "Already connected to test:///default" ":connect twice is refused"
cmd "disconnect test:///default"
check_screen "Disconnected from default (test:///default)" ":disconnect says so, label and URI"
check_no_row ":disconnect removes the demo domain" default test running
check_row ":disconnect leaves host A" host-a web01 running
cmd "disconnect test:///nothing"
check_screen "No host test:///nothing is connected" ":disconnect of an unknown host says so"
cmd bogus
check_screen "Unknown command 'bogus' (:? lists them)" ":bogus is an error"
cmd connect
check_screen "Usage: :connect URI" ":connect without a URI shows the usage"
cmd screen-storage
check_row ":screen-storage runs a command by name" HOST POOL TYPE
cmd screen-domains
tv_wait_row web01 running >/dev/null
tv_keys :
tv_type "something"
tv_keys Escape
check_absent ":something" "Esc cancels the command line"
check_absent "Unknown command 'something'" "a cancelled command does not run"
# :disconnect without a URI takes the host under the cursor on Hosts.
cmd "connect $TV_HOST_B"
tv_wait_row host-b build-runner >/dev/null
tv_keys 1 j
tv_wait "4 CPUs at 3000 MHz" >/dev/null
cmd disconnect
check_screen "Disconnected from host-b ($TV_HOST_B)" \
    ":disconnect on Hosts drops the host under the cursor"
check_absent "4 CPUs at 3000 MHz" "host B is gone from Hosts"
check_screen "8 CPUs at 2400 MHz" "host A stays"
tv_quit ":quit" : q u i t Enter

# ---- the config file ------------------------------------------------------------

# Key overrides from $XDG_CONFIG_HOME/tvirt/config.
mkdir -p "$XDG_CONFIG_HOME/tvirt"
cp "$TV_UIDATA/keys.conf" "$XDG_CONFIG_HOME/tvirt/config"
for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_pick web01
    tv_keys X
    check_screen "Force off 'web01'?" "$sz config [keys]: X = domain-destroy asks to force off"
    tv_keys n
    tv_wait_gone "Force off 'web01'?" >/dev/null
    tv_keys F C-r
    check_screen "Refreshing all hosts" "$sz config [keys]: F = none unbinds F"
    check_absent "Force off 'web01'?" "$sz config [keys]: F opens no dialog"
    check_row "$sz config [keys]: the hints show X for force off" "X force off"
    tv_keys '?'
    check_row "$sz config [keys]: help lists X for force off" " X " "domain-destroy"
    tv_keys Escape
    tv_wait_gone "Keys on the" >/dev/null
    tv_keys K
    check_row "$sz config [keys]: K = screen-storage" HOST POOL TYPE
    check_clean_logs "$sz config [keys]: no sanitizer report so far"
    tv_quit "$sz config keys"
done
rm -f "$XDG_CONFIG_HOME/tvirt/config"

# connect = from the config file when there is no -c.
printf '[tvirt]\nconnect = %s;%s\n' "$TV_HOST_A" "$TV_HOST_B" >"$TV_TMP/connect.conf"
tv_start 80 24 env TVIRT_CONFIG="$TV_TMP/connect.conf" --
check_row "config connect=: host A's domains" host-a web01
check_row "config connect=: host B's domains" host-b build-r
tv_quit "config connect"

# Malformed files: the message names file:line, and tvirt still starts.
cp "$TV_UIDATA/malformed.conf" "$TV_TMP/bad.conf"
tv_start 80 24 env TVIRT_CONFIG="$TV_TMP/bad.conf" -- -c "$TV_HOST_A"
check_screen "$TV_TMP/bad.conf:5:" "80x24 malformed config: status names file:line"
check_row "80x24 malformed config: tvirt runs anyway" web01 running
tv_quit "80x24 malformed config"
tv_start 160 50 env TVIRT_CONFIG="$TV_UIDATA/malformed.conf" -- -c "$TV_HOST_A"
check_screen "$TV_UIDATA/malformed.conf:5:" "160x50 malformed config: status names file:line"
# The status wraps where a long source path (distcheck's) puts it: look across lines.
tv__has_joined() { [[ $(tr -s ' \n' '  ' <<<"$TV_SCREEN") == *"$1"* ]]; }
tv_poll 5 tv__has_joined "'this line is not a setting'"
tv_result $? "160x50 malformed config: status quotes the line"
check_screen "Config file ignored, using defaults" "160x50 malformed config: defaults are used"
tv_pick web01
tv_keys K C-r
check_screen "Refreshing all hosts" "malformed config: keys still work"
check_absent "Force off 'web01'?" "malformed config: its [keys] are not applied (K is unbound)"
check_row "malformed config: web01 still running" web01 running
tv_quit "160x50 malformed config"
tv_start 160 50 env TVIRT_CONFIG="$TV_UIDATA/bad-value.conf" -- -c "$TV_HOST_A"
check_screen "$TV_UIDATA/bad-value.conf:3:" "bad interval value: status names file:line"
check_row "bad interval value: tvirt runs anyway" web01 running
tv_quit "bad interval value"
tv_start 160 50 env TVIRT_CONFIG="$TV_UIDATA/bad-key.conf" -- -c "$TV_HOST_A"
check_screen "'no-such-action' is not a command or action" "[keys] with an unknown command"
check_row "unknown command in [keys]: tvirt runs anyway" web01 running
tv_quit "unknown command in [keys]"

# ---- themes ---------------------------------------------------------------------

tv_start 80 24 -- --theme nosuch -c "$TV_HOST_A"
check_screen "unknown theme 'nosuch'" "--theme nosuch warns"
check_row "--theme nosuch: tvirt runs anyway" web01 running
tv_quit "unknown theme"
for theme in mono light; do
    tv_start 80 24 -- --theme "$theme" -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    check_absent "theme" "--theme $theme loads without a warning"
    tv_quit "theme $theme"
done

done_testing
