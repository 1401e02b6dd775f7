#!/bin/bash
#
# UI test: hosts that look alike can be told apart.  Two test-driver hosts
# open the same fixture copied to two long directories that differ only
# near the end (same file name, so the same label): at 80x24 and 160x50
# the Hosts screen shows a URI that tells them apart (whole when it fits),
# the Domains HOST column shows two labels, the host filter and
# :disconnect take the label.  A refused connection's long error wraps on
# the Hosts detail lines instead of being cut.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

long=$TV_TMP/nodes/a-directory-with-a-rather-long-name/and-another-level-below-it
dir_one=$long/aaaaaaaa-long-directory-name-one
dir_two=$long/aaaaaaaa-long-directory-name-two
mkdir -p "$dir_one" "$dir_two"
cp "$TV_NODES/host-a.xml" "$dir_one/host.xml"
cp "$TV_NODES/host-a.xml" "$dir_two/host.xml"
URI_ONE=test://$dir_one/host.xml
URI_TWO=test://$dir_two/host.xml

alike_at() {
    local cols=$1 rows=$2 sz="$1x$2"
    tv_start "$cols" "$rows" -- -c "$URI_ONE" -c "$URI_TWO"

    # Domains: the same VMs on both hosts, one label each ("  " is the mark column).
    check_row "$sz: Domains: web01 of the first host under its label" "  host " web01 running
    check_row "$sz: Domains: web01 of the second host under another" "  host#2 " web01 running
    check_row "$sz: Domains: db01 of the second host" "  host#2 " db01 shutoff
    if [ "$cols" -ge 100 ]; then
        check_screen "2/2 hosts  6 VMs  2 running" "$sz: title counts both hosts"
    fi

    # Hosts: label and a URI that differs where the paths do.
    tv_keys 1
    check_row "$sz: Hosts header" HOST URI STATE
    if [ "$cols" -ge $((${#URI_ONE} + 24)) ]; then
        check_row "$sz: first host: label and whole URI" "host " "$URI_ONE " connected
        check_row "$sz: second host: label and whole URI" "host#2 " "$URI_TWO " connected
    else
        check_row "$sz: first host: label and the end of its URI" "host " test: \
            "aaaaaaaa-long-directory-name-one/host.xml" connected
        check_row "$sz: second host: label and the end of its URI" "host#2 " test: \
            "aaaaaaaa-long-directory-name-two/host.xml" connected
    fi
    # The detail wraps the whole URI of the host under the cursor.
    tv_keys j
    check_screen "${URI_TWO:0:$((cols - 1))}" "$sz: detail shows the URI from its start"
    check_screen "${URI_TWO:$((${#URI_TWO} - 20))}" "$sz: detail shows the URI to its end"

    # Enter filters Domains by that host, under its label.
    tv_keys Enter
    check_screen "Domains of host#2" "$sz: Enter names the host by its label"
    check_screen "filter: host host#2 (3)" "$sz: the host filter shows the label"
    tv_keys Escape
    check_row "$sz: Esc shows both hosts again" "  host " web01
    # The text filter matches labels.
    tv_keys /
    tv_type 'host#2'
    tv_keys Enter
    check_screen "filter: host#2 (3)" "$sz: filtering by a label keeps that host's VMs"
    tv_keys Escape
    tv_wait "Filter cleared" >/dev/null

    # :disconnect by label, any case.
    cmd "disconnect HOST#2"
    check_screen "Disconnected from host#2" "$sz: :disconnect takes a label"
    check_no_row "$sz: the second host's VMs are gone" "host#2" web01
    check_row "$sz: the first keeps its label" "  host " web01 running
    if [ "$cols" -ge 100 ]; then
        check_screen "1/1 hosts  3 VMs  1 running" "$sz: title counts one host"
    fi
    tv_quit "$sz alike hosts"
}

alike_at 80 24
alike_at 160 50

# A refused connection: libvirt's error is longer than the screen is wide.
tv_start 80 24 -- -c "$TV_DEAD_URI"
tv_keys 1
tv_wait "unable to connect" >/dev/null
check_order "80x24: the refused host's error wraps on the detail lines" \
    "127.0.0.1  $TV_DEAD_URI" "disconnected, retrying in" "Connection refused"
check_row "80x24: the wrapped part is indented like the detail" "  Connection refused"
tv_resize 60 20
check_order "60x20: the error wraps over more lines" "disconnected, retrying in" \
    "  at '127.0.0.1:1': Connection refused"
tv_resize 80 24
tv_quit "refused host"

done_testing
