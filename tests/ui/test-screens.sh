#!/bin/bash
#
# UI test: every screen at 80x24 and 160x50 with both fixture hosts at once
# (Domains, Hosts, Storage and a pool's volumes, Networks, the three tabs
# of Details, help), names with UTF-8 and XML special characters, the HOST
# column telling hosts apart, and the demo fallback when nothing answers.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

screens_at() {
    local cols=$1 rows=$2 sz="$1x$2" wide=0
    [ "$cols" -ge 160 ] && wide=1

    tv_start "$cols" "$rows" -- -c "$TV_HOST_A" -c "$TV_HOST_B"

    # Domains, the home screen.
    check_row "$sz: title lists the four screens" tvirt "1 Hosts" "2 Domains" "3 Storage" \
        "4 Networks"
    check_row "$sz: Domains header" HOST NAME STATE CPUS %CPU MEM
    check_row "$sz: web01 of host A running with 2 vCPUs" host-a web01 running " 2 "
    check_row "$sz: db01 shut off" host-a db01 shutoff " 4 "
    check_row "$sz: cache01 paused" host-a cache01 paused
    check_row "$sz: build-runner of host B running" host-b build-r running " 8 "
    check_row "$sz: UTF-8 name of host B renders" host-b mail-ña running
    check_row "$sz: name with quotes and brackets renders" host-b 'q&a "to' shutoff
    if [ "$wide" = 1 ]; then
        check_row "$sz: whole UTF-8 name" "mail-ñandú" running
        check_row "$sz: whole special-character name" 'q&a "tools" <x>' shutoff
        check_screen "2/2 hosts  6 VMs  3 running" "$sz: title counts hosts, VMs, running"
        check_row "$sz: action key hints" "S shutdown" "D delete" "q quit"
    else
        check_row "$sz: action key hints" "S shutdown" "F force off"
    fi
    # The cursor starts on cache01, which is paused: start cannot run, so no hint offers it.
    if tv_screen | tail -n 1 | grep -q -F "s start"; then
        not_ok "$sz: hints leave out what cannot run (s start on a paused domain)"
    else
        ok "$sz: hints leave out what cannot run (s start on a paused domain)"
    fi

    # Hosts: both connected, with their CPUs and memory (in the table when there is room).
    tv_keys 1
    check_row "$sz: Hosts header" HOST URI STATE
    if [ "$wide" = 1 ]; then
        check_row "$sz: Hosts header on a wide screen" HOST URI STATE HYPERVISOR CPUS MEM VMS
        check_row "$sz: host A connected, 8 CPUs, 32G, 1/1/1 VMs" host-a "$TV_HOST_A" connected \
            " 8 " 32G 1/1/1
        check_row "$sz: host B connected, 4 CPUs, 16G, 2/0/1 VMs" host-b "$TV_HOST_B" connected \
            " 4 " 16G 2/0/1
    else
        check_row "$sz: host A's label, URI and state" host-a test: host-a.xml connected
        check_row "$sz: host B's label, URI and state" host-b test: host-b.xml connected
    fi
    check_screen "CPU x86_64, 8 CPUs at 2400 MHz" "$sz: detail of host A under the cursor"
    check_screen "Domains: 1 running, 1 paused, 1 shut off" "$sz: detail counts host A's VMs"
    if [ "$wide" = 1 ] && [ ${#TV_HOST_A} -lt "$cols" ]; then
        check_screen "$TV_HOST_A" "$sz: detail names host A's whole URI"
    fi
    tv_keys j
    check_screen "CPU x86_64, 4 CPUs at 3000 MHz" "$sz: j shows host B's detail"
    if [ "$wide" = 1 ] && [ ${#TV_HOST_B} -lt "$cols" ]; then
        check_screen "$TV_HOST_B" "$sz: detail names host B's whole URI"
    fi

    # Help on Hosts: no actions; q closes help rather than quitting.
    tv_keys '?'
    check_screen "Keys on the Hosts screen" "$sz: ? opens help for Hosts"
    check_absent "Actions" "$sz: Hosts help lists no domain actions"
    tv_keys G
    check_row "$sz: help tells the command line" ":connect URI" "Add a host"
    check_screen "Esc, q or ? closes this help." "$sz: help ends with how to close it"
    tv_keys q
    check_row "$sz: q closes help, back on Hosts" HOST URI STATE

    # Storage: pools of both hosts; Enter lists a pool's volumes, Esc returns.
    tv_keys 3
    check_row "$sz: Storage header" HOST POOL TYPE STATE SIZE
    check_row "$sz: pool images (dir, 3 volumes)" images dir active " 3 "
    check_row "$sz: pool isos" isos dir active
    check_row "$sz: pool vg0 of host B (logical)" vg0 logical active
    tv_keys g Enter
    check_screen "Volumes of pool images" "$sz: Enter opens the volumes of images"
    check_row "$sz: volume web01.qcow2" web01.qcow2 file 10G 2.0G
    check_row "$sz: volume db01.img" db01.img file 20G
    check_row "$sz: volume db01-data.img" db01-data.img file 50G
    if [ "$wide" = 1 ]; then
        check_row "$sz: volume paths" web01.qcow2 /var/lib/libvirt/images/web01.qcow2
    fi
    tv_keys Escape
    check_absent "Volumes of pool" "$sz: Esc leaves the volume list"
    check_row "$sz: back on the pool list" HOST POOL TYPE
    tv_keys j Enter
    check_screen "Volumes of pool isos" "$sz: j, Enter opens isos"
    check_screen "No volumes." "$sz: an empty pool says so"
    tv_keys Escape
    check_absent "Volumes of pool" "$sz: Esc leaves isos"

    # Networks.
    tv_keys 4
    check_row "$sz: Networks header" HOST NETWORK STATE FORWARD BRIDGE
    check_row "$sz: lan is nat on virbr1" lan active nat virbr1
    check_row "$sz: isolated on virbr2" isolated active virbr2
    check_row "$sz: backend of host B is route" backend active route br-back

    # Details of web01: Overview, Hardware, XML.
    tv_keys 2
    tv_wait web01 >/dev/null
    tv_pick web01
    tv_keys Enter
    check_row "$sz: Details tabs and title" Overview Hardware XML "web01 on test:"
    check_screen "UUID        11111111-0000-4000-8000-000000000001" "$sz: Overview shows the UUID"
    check_row "$sz: Overview shows the state" State running
    check_row "$sz: Overview shows vCPUs" vCPUs 2
    check_row "$sz: Overview shows memory" Memory "1.0G (max 2.0G)"
    tv_keys Tab
    check_screen "Disks (1)" "$sz: Tab shows Hardware"
    check_row "$sz: disk vda virtio qcow2 cache none" vda disk "bus virtio" "format qcow2" \
        "cache none" /var/lib/libvirt/i
    if [ "$wide" = 1 ]; then
        check_row "$sz: disk source path" vda /var/lib/libvirt/images/web01.qcow2
    fi
    check_row "$sz: NIC with its MAC on lan" 52:54:00:00:00:01 virtio lan
    check_row "$sz: serial console" serial pty
    tv_keys Tab
    check_screen "<domain type='test'" "$sz: Tab shows the XML"
    check_screen "<name>web01</name>" "$sz: XML names the domain"
    tv_keys Tab
    check_screen "UUID        11111111-0000-4000-8000-000000000001" "$sz: Tab wraps to Overview"
    tv_keys Escape
    check_row "$sz: Esc returns to the filtered list" "filter: web01 (1)"
    tv_keys Escape
    check_screen "Filter cleared" "$sz: Esc in the list clears the filter"

    # Details of the special-character and UTF-8 names.
    tv_pick 'q&a'
    tv_keys Enter
    check_screen "UUID        22222222-0000-4000-8000-000000000002" "$sz: details of q&a open"
    check_screen 'Name        q&a "tools" <x>' "$sz: q&a name in the Overview"
    tv_keys Tab Tab
    check_screen '<name>q&amp;a &quot;tools&quot; &lt;x&gt;</name>' "$sz: q&a name escaped in the XML"
    tv_keys Escape
    tv_wait "filter: q&a (1)" >/dev/null
    tv_keys Escape
    tv_wait "Filter cleared" >/dev/null
    tv_pick "ñandú"
    tv_keys Enter
    check_screen "Name        mail-ñandú" "$sz: UTF-8 filter finds mail-ñandú; its Overview"
    tv_keys Tab
    check_row "$sz: its CD-ROM in Hardware" sda cdrom "bus sata" "(empty)" "(read-only)"
    tv_keys Escape
    tv_wait "filter: ñandú (1)" >/dev/null
    tv_keys Escape
    tv_wait "Filter cleared" >/dev/null

    # Help on Domains: actions on the domain under the cursor.
    tv_keys g '?'
    check_screen "Keys on the Domains screen" "$sz: ? opens help for Domains"
    check_screen "Actions (on the marked domains, or on 'cache01')" \
        "$sz: help names the domain under the cursor"
    check_row "$sz: help lists start with its key" " s " start "Start the domain"
    check_row "$sz: help greys reboot of a paused domain with the reason" R reboot "not now:"
    tv_keys Escape
    check_row "$sz: Esc closes help" HOST NAME STATE

    tv_quit "$sz"
}

screens_at 80 24
screens_at 160 50

# Enter on a host shows only that host's domains (a filter on its URI).
tv_start 160 50 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait web01 >/dev/null
tv_keys 1
tv_wait "2/0/1" >/dev/null
tv_keys j Enter
check_screen "Domains of host-b" "Enter on host B: status names it"
check_row "Enter on host B: its domains" host-b build-runner running
check_absent web01 "Enter on host B: host A's domains are filtered out"
check_row "Enter on host B: the filter counts 3" "filter: " "(3)"
tv_keys Escape
check_row "Esc clears the host filter" host-a web01
tv_keys 3
check_row "Storage: vg0 belongs to host B" host-b vg0
check_row "Storage: images belongs to host A" host-a images
tv_keys 4
check_row "Networks: lan belongs to host A" host-a lan
check_row "Networks: backend belongs to host B" host-b backend
tv_quit "host labels"

# Nothing answers at the default URI: libvirt's demo driver, with a banner.
for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    tv_start "$cols" "$rows" env LIBVIRT_DEFAULT_URI="$TV_DEAD_URI" --
    check_screen "Demo: no libvirt host answered" "${cols}x$rows: demo banner"
    check_row "${cols}x$rows: demo domain test on host default" default test running
    check_screen "No libvirt host answered" "${cols}x$rows: status says why"
    tv_keys 1
    check_screen "test:///default (demo)" "${cols}x$rows: Hosts marks the demo host"
    check_screen "This is libvirt's built-in demo driver" "${cols}x$rows: Hosts explains the demo"
    tv_quit "${cols}x$rows demo"
done

done_testing
