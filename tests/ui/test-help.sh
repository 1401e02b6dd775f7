#!/bin/bash
#
# UI test of the Help screen as a pager, at 80x24 and 120x40: it opens at
# the top with an "N-M/T" position when it does not fit, scrolls with the
# moving keys (Down/j, PgDn, End/G, Home/g) and "/" searches it, the match
# highlighted, n and N going on; Left and Esc still close it.  The Domains
# screen's help is long enough to scroll at both sizes.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The "N-M/T" position of the help, or nothing.
position() {
    tv_screen | grep -o -E '[0-9]+-[0-9]+/[0-9]+ *$' | tr -d ' '
}

# True when the position reads $1 (for tv_poll).
tv__position_is() {
    [ "$(position)" = "$1" ]
}

check_position() {
    if tv_poll 5 tv__position_is "$1"; then
        ok "$2"
    else
        not_ok "$2"
        echo "# position [$(position)], wanted [$1]"
        tv_dump
    fi
}

help_at() {
    local cols=$1 rows=$2 sz="$1x$2" total page top

    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_keys g '?'
    check_screen "Keys on the Domains screen" "$sz: ? opens help at its top"
    check_absent "closes this help" "$sz: its end is below the screen"
    tv_poll 5 tv__has "/" >/dev/null
    total=$(position | cut -d/ -f2)
    page=$(position | cut -d/ -f1 | cut -d- -f2)
    if [ -n "$total" ] && [ "$page" -lt "$total" ]; then
        ok "$sz: the position says lines 1-$page of $total"
    else
        not_ok "$sz: the position says which lines show"
        tv_dump
    fi
    check_position "1-$page/$total" "$sz: it starts at line 1"

    tv_keys Down j
    check_position "3-$((page + 2))/$total" "$sz: Down and j scroll a line each"
    check_absent "Keys on the Domains screen" "$sz: the first line scrolled away"
    tv_keys k
    check_position "2-$((page + 1))/$total" "$sz: k scrolls back a line"
    # A page down from line 2, or as far as the last page.
    top=$((page + 1 < total - page ? page + 1 : total - page))
    tv_keys PgDn
    check_position "$((top + 1))-$((top + page))/$total" "$sz: PgDn scrolls a page"
    tv_keys G
    check_screen "Esc, q or ? closes this help." "$sz: G shows the end"
    check_position "$((total - page + 1))-$total/$total" "$sz: ...the last page"
    tv_keys Home
    check_screen "Keys on the Domains screen" "$sz: Home goes back to the top"
    tv_keys End g
    check_position "1-$page/$total" "$sz: End then g: at the top again"

    # Search: the first match from the top line, highlighted; n goes on.
    tv_keys /
    tv_type "SERIAL CONSOLE"
    tv_keys Enter
    check_screen "/SERIAL CONSOLE: match 1 of 1, line" "$sz: / finds text in the help"
    check_ansi $'\e\\[[0-9;]*m'"serial console" "$sz: the match is highlighted"
    tv_keys g /
    tv_type "domain-"
    tv_keys Enter
    check_screen "/domain-: match 1 of " "$sz: a word on many lines, from the top: the first"
    tv_keys n
    check_screen "/domain-: match 2 of " "$sz: n goes to the next"
    tv_keys N N
    check_screen "(went on from the bottom)" "$sz: N before the first goes round"
    tv_keys /
    tv_type "zzz-nowhere"
    tv_keys Enter
    check_screen "Not found in the help: zzz-nowhere" "$sz: a missing text is said"

    # Left goes back, as on every screen.
    tv_keys Left
    check_row "$sz: Left closes help" HOST NAME STATE
    tv_quit "$sz"
}

help_at 80 24
help_at 120 40

done_testing
