#!/bin/bash
#
# UI test of the Details screen on libvirt's test driver, at 80x24 and
# 160x50: the guest's IP addresses as the test driver reports them (it
# answers the lease source with an address on each NIC's network), in the
# Overview and under each NIC in Hardware; the graph rows' labels (value,
# scale, span: the test driver has no CPU or I/O counters, so they say there
# are no samples); the XML tab scrolling sideways over a line wider than the
# screen, with markers at the edges, and "/" search (any case, UTF-8) that
# scrolls to a match below the screen, n and N, highlighting, and "not
# found"; the position of its lines as G and g scroll it; h and l over a
# long disk path in Hardware; help listing
# these keys; and the ASCII markers in a C locale.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

TV_DETAILS=test://$TV_UIDATA/details.xml

# True when the screen line holding $1 ends with $2 in its last column.
tv__line_ends() {
    local line
    while IFS= read -r line; do
        if [[ $line == *"$1"* && $line == *"$2" ]]; then
            return 0
        fi
    done <<<"$TV_SCREEN"
    return 1
}

check_line_ends() {
    local desc=$1
    shift
    if tv_poll 5 tv__line_ends "$@"; then
        ok "$desc"
    else
        not_ok "$desc"
        echo "# no line with [$1] ends with [$2]"
        tv_dump
    fi
}

# True when the status line (above the key hints) is exactly $1 (trailing blanks aside).
tv__status_is() {
    local status
    status=$(sed -n "$((TV_ROWS - 1))p" <<<"$TV_SCREEN")
    [ "${status%"${status##*[![:space:]]}"}" = "$1" ]
}

# The SGR sequence right before TEXT on screen (empty when TEXT is drawn plain).
sgr_before() {
    tv_screen_ansi | grep -o -E $'(\e\\[[0-9;]*m)+'"$1" | head -n 1 | sed "s/$1\$//" |
        cat -v
}

# True when the last line of text on screen above the status ends with a position "N-T/T".
tv__position_at_end() {
    grep -q -E '[0-9]+-([0-9]+)/\1 *$' <<<"$TV_SCREEN"
}

# Presses KEY until TEXT shows, at most N times; 0 when it showed.
press_until() {
    local key=$1 text=$2 n=$3 i
    for ((i = 0; i < n; i++)); do
        tv_keys "$key"
        tv_poll 1 tv__has "$text" && return 0
    done
    return 1
}

details_at() {
    local cols=$1 rows=$2 sz="$1x$2" cur other

    tv_start "$cols" "$rows" -- -c "$TV_DETAILS"
    tv_wait pager01 >/dev/null
    tv_keys Enter
    check_row "$sz: Details of pager01" Overview Hardware XML "pager01 on"

    # Overview: addresses as the test driver reports them, one line per NIC.
    check_row "$sz: Overview: the lease address of the first NIC" \
        Addresses "192.0.2.2/24 (lease)" "on 52:54:00:33:00:01 testnet0"
    check_row "$sz: Overview: the second NIC's address" \
        "192.168.0.2/24 (lease)" "on 52:54:00:33:00:02 testnet1"
    # Graphs: label, current value, scale and what stands for no samples.
    check_screen "Live: one bar per refresh (every 2s), bars scaled to the max" \
        "$sz: graph header says what a bar is and how bars scale"
    check_row "$sz: CPU graph row: value, scale, no samples on the test driver" \
        "  CPU " " - " "max -" "no samples yet"
    check_row "$sz: disk graph row" "  Disk r+w " "max -" "no samples yet"
    check_row "$sz: net graph row" "  Net rx+tx " "max -" "no samples yet"

    # Hardware: each NIC with its address on the line below it.
    tv_keys Tab
    check_order "$sz: Hardware: NIC 1, its address, NIC 2, its address" \
        "52:54:00:33:00:01 model virtio" "address: 192.0.2.2/24 (lease)" \
        "52:54:00:33:00:02 model e1000" "address: 192.168.0.2/24 (lease)"
    if [ "$cols" -lt 100 ]; then
        # A disk path past the edge: l and h scroll sideways here too.
        check_line_ends "$sz: Hardware: a long disk path ends with a » marker" "vda    disk" "»"
        tv_keys l
        check_row "$sz: Hardware: l shows the end of the path" "«" "images/pager01.qcow2"
        tv_keys h
        check_row "$sz: Hardware: h goes back" "  vda    disk   bus virtio"
    fi

    # XML: a line wider than the screen is cut with a marker, not silently.
    tv_keys Tab
    check_screen "<domain type='test'" "$sz: Tab shows the XML"
    check_screen "scroll sideways" "$sz: the status line tells the XML keys"
    check_absent "RIGHT-EDGE-MARKER" "$sz: the end of the long line is off screen"
    check_line_ends "$sz: the long line ends with a » marker" "<description>Long" "»"
    if press_until Right "RIGHT-EDGE-MARKER" 8; then
        ok "$sz: Right scrolls sideways until the end of the long line shows"
    else
        not_ok "$sz: Right scrolls sideways until the end of the long line shows"
        tv_dump
    fi
    check_row "$sz: the scrolled line starts with a « marker" "«" "RIGHT-EDGE-MARKER"
    check_absent "<description>" "$sz: its start is off screen to the left"
    tv_keys h
    check_absent "RIGHT-EDGE-MARKER" "$sz: h scrolls back half a screen"
    tv_keys Home
    check_screen "<description>Long description" "$sz: Home goes back to column 1"
    check_no_row "$sz: no left marker at column 1" "«" "<uuid>"

    # The moving keys scroll it; the last row says which lines show.
    tv_keys G
    check_screen "</domain>" "$sz: G shows the end of the XML"
    if tv_poll 5 tv__position_at_end; then
        ok "$sz: the position says the last lines show"
    else
        not_ok "$sz: the position says the last lines show"
        tv_dump
    fi
    tv_keys g
    check_screen "<domain type='test'" "$sz: g goes back to the top"

    # Search: the match is below the screen; any case, UTF-8.
    check_absent "ñandú-console" "$sz: the serial log path is below the screen"
    tv_keys /
    tv_type "ÑANDÚ-CONSOLE"
    if tv_poll 5 tv__status_is "/ÑANDÚ-CONSOLE"; then
        ok "$sz: / opens the search prompt in the status line"
    else
        not_ok "$sz: / opens the search prompt in the status line"
        tv_dump
    fi
    tv_keys Enter
    check_screen "/ÑANDÚ-CONSOLE: match 1 of 2, line 55" "$sz: Enter finds the first match"
    check_row "$sz: the view scrolled to it" "<source path='/var/log/guests/ñandú-console.log'/>"
    check_absent "<domain type='test'" "$sz: the top of the XML scrolled away"
    cur=$(sgr_before "ñandú-console")
    if [ -n "$cur" ]; then
        ok "$sz: the match is highlighted ($cur)"
    else
        not_ok "$sz: the match is highlighted"
        tv_screen_ansi | grep -a "ñandú" | cat -v | tv_diag
    fi
    tv_keys n
    check_screen "/ÑANDÚ-CONSOLE: match 2 of 2, line 59" "$sz: n goes to the next match"
    other=$(tv_screen_ansi | grep -a "<console" -A1 | grep -o -E $'(\e\\[[0-9;]*m)+ñandú' |
        head -n 1 | cat -v)
    if [ -n "$other" ]; then
        ok "$sz: the new current match is highlighted"
    else
        not_ok "$sz: the new current match is highlighted"
    fi
    tv_keys n
    check_screen "match 1 of 2, line 55 (went on from the top)" "$sz: n past the last goes round"
    tv_keys N
    check_screen "match 2 of 2, line 59 (went on from the bottom)" \
        "$sz: N before the first goes round backwards"
    tv_keys N
    check_screen "/ÑANDÚ-CONSOLE: match 1 of 2, line 55" "$sz: N goes to the previous match"

    # A match far to the right: the view scrolls sideways to show it.
    tv_keys g /
    tv_type "right-edge"
    tv_keys Enter
    check_screen "/right-edge: match 1 of 1, line 4" "$sz: search finds the end of the long line"
    check_row "$sz: scrolled sideways to the match" "«" "RIGHT-EDGE-MARKER"

    tv_keys /
    tv_type "zzz-nowhere"
    tv_keys Enter
    check_screen "Not found in the XML: zzz-nowhere" "$sz: a missing text is said plainly"

    # Help lists the keys of this screen.
    tv_keys '?'
    check_screen "On the Details screen" "$sz: help has the Details keys"
    check_row "$sz: help: / searches the XML" " / " "XML: search"
    check_row "$sz: help: n N" "n N" "next / previous match"
    check_row "$sz: help: sideways keys" "Right Left l h" "sideways"
    tv_keys Escape
    check_screen "RIGHT-EDGE-MARKER" "$sz: Esc closes help, back on the XML as it was"

    tv_keys Escape
    check_row "$sz: Esc returns to Domains" HOST NAME STATE
    tv_quit "$sz details"
}

details_at 80 24
details_at 160 50

# ASCII: "$" marks where a line goes on.
tv_start 80 24 env LANG=C LC_ALL=C -- -c "$TV_DETAILS"
tv_wait pager01 >/dev/null
tv_keys Enter
check_row "ASCII: addresses in the Overview" Addresses "192.0.2.2/24 (lease)"
check_row "ASCII: graph rows" "  CPU " "max -"
tv_keys Tab Tab
tv_wait "<domain type='test'" >/dev/null
check_line_ends "ASCII: the long line ends with a \$ marker" "<description>Long" "\$"
tv_keys l
check_row "ASCII: after l the line starts with \$" "\$" "scroll test"
tv_quit "ASCII details"

done_testing
