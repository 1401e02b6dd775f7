#!/bin/bash
#
# UI test: the lists and their columns.  The Domains columns ID, AUTO, TIME
# and RSS on a wide screen (IDs as virsh list --all gives them, autostart
# after a, "saved" after a managed save, sorted and filtered as such) and
# only the essential columns at 80x24; the sort marker on the header moving
# with < and > (over the columns that show, ASCII ^ and v without UTF-8,
# remappable keys); sort and filter on Storage, a pool's volumes (with the
# domains that use each volume) and Networks, each list keeping its own;
# the filter line above the header, never over it; Left never clearing a
# filter.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

command -v virsh >/dev/null 2>&1 || tv_skip_all "virsh is not installed"

# The header line (the line holding TITLE) has exactly one sort marker, on MARKED.
header_marks() {
    local line
    line=$(grep -F -m1 -- "$1" <<<"$TV_SCREEN") || return 1
    [[ $line == *"$2"* ]] || return 1
    [ "$(grep -o -E '▲|▼|\^|v( |$)' <<<"$line" | wc -l)" = 1 ]
}

# check_marker HEADER_TEXT MARKED DESC
check_marker() {
    if tv_poll 5 header_marks "$1" "$2"; then
        ok "$3"
    else
        not_ok "$3"
        echo "# expected one marker, on '$2', in the line with '$1'"
        tv_dump
    fi
}

# The line after the one holding TEXT holds every other argument (the filter line
# sits right above the intact header).
next_line_has() {
    local first=$1 n line t
    shift
    n=$(grep -n -F -m1 -- "$first" <<<"$TV_SCREEN" | cut -d: -f1)
    [ -n "$n" ] || return 1
    line=$(sed -n "$((n + 1))p" <<<"$TV_SCREEN")
    for t in "$@"; do
        [[ $line == *"$t"* ]] || return 1
    done
    grep -F -m1 -- "$first" <<<"$TV_SCREEN" | grep -q -v -E 'HOST|NAME|POOL|VOLUME|NETWORK'
}

check_below() {
    local desc=$1
    shift
    if tv_poll 5 next_line_has "$@"; then
        ok "$desc"
    else
        not_ok "$desc"
        printf '# expected a line with [%s] and the header below it:' "$1"
        printf ' [%s]' "${@:2}"
        echo
        tv_dump
    fi
}

filter_with() {
    tv_keys / C-u
    tv_type "$1"
    tv_keys Enter
}

# ---- Domains: the new columns, as libvirt says --------------------------------------

tv_start 160 50 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
check_row "160x50: header with ID, AUTO, TIME, RSS" HOST ID NAME STATE AUTO CPUS %CPU TIME \
    MEM RSS
# virsh reads its own copy of the node file: the same domains with the same IDs.
while read -r id name _; do
    check_row "160x50: ID of $name is $id, as virsh list --all says" host-a " $id $name "
done < <(virsh -q -c "$TV_HOST_A" list --all)
check_row "160x50: autostart off on the test driver" web01 running " no "
tv_pick web01
tv_keys a
tv_wait "'web01' will start with its host" >/dev/null
check_row "160x50: a turns autostart on, AUTO says yes" web01 running " yes "
tv_keys w
check_screen "'web01' saved" "160x50: w saves web01"
check_row "160x50: a managed save shows as saved (virsh: shut off (saved))" web01 " saved "
check_row "160x50: a saved domain has no ID" " - web01 " saved
tv_unpick
check_row "160x50: other domains keep AUTO no" db01 shutoff " no "
filter_with saved
check_screen "filter: saved (1)" "160x50: the filter matches the word saved"
check_row "160x50: the saved domain is the one listed" web01 saved
filter_with shutoff
check_screen "filter: shutoff (2)" "160x50: a saved domain is not counted as shutoff"
check_absent web01 "160x50: web01 is not among the shut-off ones"
tv_keys Escape
tv_wait "Filter cleared" >/dev/null
tv_keys o g j j j Enter
check_screen "Sorted by state, ascending" "160x50: sort by state"
check_order "160x50: running, paused, saved, shut off" "mail-" cache01 " web01 " db01
tv_quit "160x50 columns"

tv_start 80 24 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
check_row "80x24: HOST, NAME, STATE, %CPU stay" HOST NAME STATE %CPU
check_no_row "80x24: no ID column" " ID " NAME
check_no_row "80x24: no TIME or RSS column" NAME TIME
check_no_row "80x24: no RSS column" NAME RSS
check_no_row "80x24: no AUTO column" NAME AUTO
tv_quit "80x24 columns"

# ---- the sort marker, < and > ------------------------------------------------------------

tv_start 160 50 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
check_marker NAME "HOST▲" "160x50: the marker starts on HOST"
tv_keys '>'
check_marker NAME "ID▲" "160x50: > moves it to ID"
check_screen "Sorted by ID, ascending" "160x50: > says how it sorts"
check_order "160x50: rows by ID, inactive ones last" "mail-" " web01 " build-r cache01 db01 'q&a'
tv_keys '>' '>'
check_marker NAME "STATE▲" "160x50: > > moves it to STATE"
tv_keys '>'
check_marker NAME "AUTO▼" "160x50: > on to AUTO, yes first"
tv_keys '>'
check_marker NAME "CPUS▼" "160x50: > on to CPUS, most first"
check_order "160x50: rows by vCPUs, most first" build-r db01 web01
tv_keys '<'
check_marker NAME "AUTO▼" "160x50: < moves it back to AUTO"
tv_keys '<' '<' '<' '<'
check_marker NAME "HOST▲" "160x50: < to HOST, the first column"
tv_keys '<'
check_screen "no column to sort by further left" "160x50: < at HOST says there is nothing left"
check_marker NAME "HOST▲" "160x50: and the marker stays"
tv_keys G '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>'
check_screen "no column to sort by further right" "160x50: > stops at the last column"
check_marker NAME "TX/s▼" "160x50: TX/s is the last sortable column"
tv_keys o
check_screen "net tx/s  (desc)" "160x50: the sort dialog agrees with the marker"
tv_keys Escape
tv_quit "160x50 marker"

tv_start 80 24 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
check_marker NAME "HOST▲" "80x24: the marker starts on HOST"
tv_keys '>'
check_marker NAME "NAME▲" "80x24: > skips the hidden ID column"
check_order "80x24: rows by name" build-r cache01 db01 mail- 'q&a' web01
tv_keys '>' '>'
check_marker NAME "CPUS▼" "80x24: > > skips the hidden AUTO column"
tv_keys '>' '>'
check_marker NAME "MEM▼" "80x24: and the hidden TIME column"
tv_keys '>'
check_marker NAME "RD/s▼" "80x24: and the hidden RSS column"
tv_quit "80x24 marker"

tv_start 80 24 env LANG=C LC_ALL=C -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
check_marker NAME "HOST^" "80x24 LC_ALL=C: ^ marks ascending"
tv_keys '>' '>' '>'
check_marker NAME "CPUSv" "80x24 LC_ALL=C: v marks descending"
tv_quit "80x24 LC_ALL=C marker"

# Remapped: , and . sort left and right, < is unbound.
mkdir -p "$XDG_CONFIG_HOME/tvirt"
printf '[keys]\n, = sort-left\n. = sort-right\n< = none\n' >"$XDG_CONFIG_HOME/tvirt/config"
tv_start 160 50 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys .
check_marker NAME "ID▲" "remapped: . sorts by the next column"
tv_keys '<'
check_marker NAME "ID▲" "remapped: < does nothing once unbound"
tv_keys ,
check_marker NAME "HOST▲" "remapped: , sorts by the previous column"
tv_keys 4 '?'
check_row "remapped: help lists , for sort-left" " , " sort-left
check_row "remapped: help lists . for sort-right" " . " sort-right
tv_keys Escape
tv_quit "remapped sort keys"
rm -f "$XDG_CONFIG_HOME/tvirt/config"

# ---- the filter line, Left ---------------------------------------------------------------

for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A" -c "$TV_HOST_B"
    tv_wait_row web01 running >/dev/null
    filter_with host-a
    check_below "$sz: the filter has its own line above the intact header" "filter: host-a (3)" \
        HOST NAME STATE CPUS %CPU MEM RD/s WR/s RX/s TX/s
    tv_keys Left
    check_screen "Nothing to go back to; the filter stays (Esc clears it)" \
        "$sz: Left on Domains says it left the filter"
    check_screen "filter: host-a (3)" "$sz: Left did not clear the filter"
    check_absent "Filter cleared" "$sz: nothing says it was cleared"
    tv_keys Escape
    check_screen "Filter cleared" "$sz: Esc clears it"
    check_row "$sz: the header is back on its line" HOST▲ NAME STATE
    check_absent "filter:" "$sz: the filter line goes"
    # Enter on a host: the host filter on the same line.
    tv_keys 1 j Enter
    check_below "$sz: the host filter has the same line" "filter: host host-b (3)" HOST NAME
    tv_keys Left
    check_screen "filter: host host-b (3)" "$sz: Left keeps the host filter too"
    tv_keys Escape
    check_absent "filter:" "$sz: Esc clears the host filter"
    tv_keys 1 '>'
    check_screen "Sorting works on the lists" "$sz: > on Hosts says where sorting works"
    tv_quit "$sz filter line"
done

# ---- Storage, volumes, Networks ----------------------------------------------------------

for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A" -c "$TV_HOST_B"
    tv_wait_row web01 running >/dev/null
    tv_keys o g j j Enter # Domains by name: a sort of its own, kept below
    tv_wait "Sorted by name, ascending" >/dev/null

    # Pools.
    tv_keys 3
    check_marker POOL "HOST▲" "$sz Storage: sorted by host first"
    tv_keys '>'
    check_marker POOL "POOL▲" "$sz Storage: > sorts by pool name"
    check_order "$sz Storage: pools by name" images isos vg0
    tv_keys o
    check_screen "name  (asc)" "$sz Storage: o opens the pools' own sort dialog"
    check_screen "volumes" "$sz Storage: the dialog offers the volume count"
    tv_keys Down Down Down Down Down Down Down Enter
    check_screen "Sorted by volumes, descending" "$sz Storage: sort by volume count"
    tv_keys o Enter
    check_screen "Sorted by volumes, ascending" "$sz Storage: Enter again flips it"
    check_order "$sz Storage: fewest volumes first" isos vg0 images
    check_marker POOL "VOLS▲" "$sz Storage: the marker on VOLS"
    filter_with vg
    check_below "$sz Storage: the filter line above the header" "filter: vg (1)" HOST POOL
    check_row "$sz Storage: the filter keeps vg0" host-b vg0 logical
    check_absent images "$sz Storage: and hides images"
    tv_keys Left
    check_screen "filter: vg (1)" "$sz Storage: Left keeps the filter"
    tv_keys Escape
    check_absent "filter:" "$sz Storage: Esc clears it"
    filter_with images
    tv_wait "filter: images (1)" >/dev/null

    # Volumes of images: by name, with who uses each.
    tv_keys Enter
    check_screen "Volumes of pool images" "$sz volumes: Enter opens images"
    check_marker VOLUME "VOLUME▲" "$sz volumes: sorted by name"
    check_order "$sz volumes: in name order" db01-data.img db01.img web01.qcow2
    check_row "$sz volumes: USED BY column" VOLUME "USED BY"
    check_row "$sz volumes: db01-data.img is used by cache01 (pool/volume) and db01 (path)" \
        db01-data.img "cache01, db01"
    check_row "$sz volumes: db01.img is used by db01" db01.img " db01 "
    check_row "$sz volumes: web01.qcow2 is used by web01" web01.qcow2 " web01 "
    tv_keys o Down Down Down Enter
    check_screen "Sorted by allocation, descending" "$sz volumes: sort by allocation"
    check_order "$sz volumes: most allocated first" db01.img web01.qcow2 db01-data.img
    tv_keys '>'
    check_marker VOLUME "USED BY▲" "$sz volumes: > sorts by the users"
    tv_keys o Enter
    check_order "$sz volumes: users descending" web01.qcow2 db01.img db01-data.img
    filter_with cache01
    check_below "$sz volumes: filter line above the header" "filter: cache01 (1)" VOLUME
    check_row "$sz volumes: the filter finds a volume by its user" db01-data.img cache01
    check_absent web01.qcow2 "$sz volumes: and hides the others"
    tv_keys Left
    check_absent "Volumes of pool" "$sz volumes: Left goes back to the pools"
    check_screen "filter: images (1)" "$sz Storage: the pools' filter is still there"
    tv_keys Enter
    check_screen "filter: cache01 (1)" "$sz volumes: the volumes' filter is still there"
    tv_keys Escape
    check_screen "Filter cleared" "$sz volumes: Esc clears the volumes' filter"
    check_row "$sz volumes: all volumes back" web01.qcow2 " web01 "
    tv_keys Escape
    check_absent "Volumes of pool" "$sz volumes: Esc again goes back"
    tv_keys Escape
    check_absent "filter:" "$sz Storage: Esc clears the pools' filter"

    # Networks.
    tv_keys 4
    check_marker NETWORK "HOST▲" "$sz Networks: sorted by host first"
    tv_keys '>'
    check_order "$sz Networks: > sorts by name" backend isolated " lan "
    tv_keys o Down Down Enter
    check_screen "Sorted by forward mode, ascending" "$sz Networks: sort by forward mode"
    check_order "$sz Networks: isolated, nat, route" isolated " lan " backend
    check_marker NETWORK "FORWARD▲" "$sz Networks: the marker on FORWARD"
    filter_with nat
    check_below "$sz Networks: filter line above the header" "filter: nat (1)" HOST NETWORK
    check_absent backend "$sz Networks: the filter hides backend"
    tv_keys Left
    check_screen "filter: nat (1)" "$sz Networks: Left keeps the filter"

    # Each list keeps its own.
    tv_keys 2
    check_marker NAME "NAME▲" "$sz Domains: still sorted by name"
    check_absent "filter:" "$sz Domains: not filtered by the Networks filter"
    tv_keys 4
    check_marker NETWORK "FORWARD▲" "$sz Networks: its sort is kept"
    check_screen "filter: nat (1)" "$sz Networks: and its filter"
    tv_keys 3
    check_marker POOL "VOLS▲" "$sz Storage: its sort is kept too"
    tv_keys '?'
    # The list's own keys come first, on the first page even at 80x24.
    check_row "$sz Storage help lists the filter" " / " filter
    check_row "$sz Storage help lists < for sort-left" " < " sort-left
    check_row "$sz Storage help lists > for sort-right" " > " sort-right
    tv_keys Escape
    tv_quit "$sz lists"
done

done_testing
