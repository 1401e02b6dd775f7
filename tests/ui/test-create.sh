#!/bin/bash
#
# UI test: the create-VM wizard (n) on a fixture host of libvirt's test
# driver, walked as a user would at 80x24 and 120x40: five pages and a
# review, every bad value named as it is typed (a taken name, a missing
# ISO volume, an OS libosinfo does not know with the nearest ones, memory
# beyond the host, UEFI the host lacks, a size of 0), the F4 list of OS
# variants narrowed by typing, the review's summary, XML and virt-install
# line, "/" searching the review (n and N, Esc on the prompt keeping the
# wizard), Ctrl+S making the VM with a name full of quotes, '<', '&' and
# non-ASCII letters (listed exactly, its new volume in the pool), Esc
# leaving nothing behind, a complete ':' line running at once, console=yes
# opening the console, a start that fails (libvirt's test driver starts
# anything, so tests/ui/fault.c is preloaded to refuse one) undoing the
# definition and the volume and opening the wizard again with the values,
# and read-only mode refusing the key.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

odd='new "vm" <1> & café'
iso=$TV_TMP/install.iso
truncate -s 1M "$iso"

# review_find TEXT: pages down the review until TEXT shows; 0 when it did.
review_find() {
    local i
    for i in 1 2 3 4 5 6 7 8; do
        tv_wait "$1" 1 >/dev/null && return 0
        tv_keys NPage
    done
    tv_wait "$1" 1
}

for size in "80 24" "120 40"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null

    # ---- page 1: name and install ---------------------------------------------------------
    tv_keys n
    check_screen "create VM on host-a" "$sz: n opens the wizard on the cursor's host"
    check_screen "Step 1 of 6: Name and install" "$sz: page 1 of 6"
    check_row "$sz: the name is required" "is required"
    tv_type web01
    check_screen "host-a already has a domain 'web01'" "$sz: a taken name, as typed"
    tv_keys C-u
    tv_type "$odd"
    check_absent "already has a domain" "$sz: a free name clears it"
    tv_keys Tab
    check_row "$sz: install from an ISO by default" "Install from" "< iso >"
    tv_keys Tab
    tv_type "isos/none.iso"
    check_screen "pool 'isos' has no volume 'none.iso'" "$sz: a missing ISO volume, as typed"
    tv_keys C-u
    tv_type "/srv/isos/install.iso"
    check_screen "/srv/isos/install.iso does not exist on host-a" \
        "$sz: an ISO path this machine lacks, as typed"
    tv_keys C-u
    tv_type "$iso"
    check_absent "does not exist" "$sz: an ISO path it has"
    tv_keys PageDown

    # ---- page 2: OS and CPU ---------------------------------------------------------------
    check_screen "Step 2 of 6: OS and CPU" "$sz: PgDn goes on once page 1 is right"
    check_row "$sz: the OS is generic until chosen" "OS variant" "generic"
    # The first wizard of a run starts reading libosinfo's database (seconds under ASan).
    check_absent "still loading" "$sz: libosinfo's database is read" 60
    tv_keys C-u
    tv_type debian12
    check_screen "'debian12' is not an OS variant" "$sz: an unknown OS is refused"
    check_screen "debian11" "$sz: ...with the nearest known ones" 
    tv_keys C-u F4
    check_screen "matches" "$sz: F4 lists the OS variants"
    tv_type "debian 11"
    check_row "$sz: typing narrows the list" "debian11" "Debian 11"
    tv_keys Enter
    check_row "$sz: Enter takes it" "OS variant" "debian11"
    check_absent "matches" "$sz: the list closes"
    check_row "$sz: the test driver's hypervisor" "Hypervisor" "< test >"
    tv_keys PageDown

    # ---- page 3: memory and firmware -------------------------------------------------------
    check_screen "Step 3 of 6: Memory and firmware" "$sz: page 3"
    tv_keys C-u
    tv_type 64G
    check_screen "is more than the host's memory" "$sz: memory beyond the host"
    tv_keys C-u
    tv_type 512M
    check_absent "more than the host's memory" "$sz: 512M fits"
    tv_keys Tab Tab Right
    check_screen "test driver has no UEFI firmware" "$sz: UEFI where the host has none"
    tv_keys Left
    check_absent "no UEFI firmware" "$sz: back to BIOS"
    tv_keys PageDown

    # ---- page 4: storage ---------------------------------------------------------------------
    check_screen "Step 4 of 6: Storage" "$sz: page 4"
    check_row "$sz: a new volume by default" "Source" "< new >"
    tv_keys Tab C-u
    tv_type images
    tv_keys Tab C-u
    tv_type 0
    check_screen "must be more than" "$sz: a size of 0 is refused"
    tv_keys C-u
    tv_type 2G
    check_absent "must be more than" "$sz: 2G fits"
    tv_keys PageDown

    # ---- page 5 and the review -------------------------------------------------------------
    check_screen "Step 5 of 6: Network, display and start" "$sz: page 5"
    tv_keys Tab F4
    check_row "$sz: F4 on the NIC's source lists the host's networks" "lan" "nat"
    tv_keys Escape
    check_absent "matches" "$sz: Esc closes the list"
    tv_keys PageDown
    check_screen "Step 6 of 6: Review" "$sz: the review page" 
    check_screen "Create '$odd' on host-a" "$sz: the summary names the VM exactly"
    check_screen "Install    from the CD $TV_TMP" "$sz: ...how it installs"
    check_screen "OS         Debian 11 (debian11)" "$sz: ...and its OS"
    tv_keys C-p
    check_screen "Step 5 of 6" "$sz: Ctrl+P goes back from the review"
    tv_keys PageDown
    tv_wait "Step 6 of 6: Review" >/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do tv_keys NPage; done
    check_screen "virt-install --connect" "$sz: scrolling shows the virt-install line"
    tv_keys Home
    review_find "  <name>new \"vm\" &lt;1&gt; &amp; café</name>"
    tv_result $? "$sz: the XML, indented, has the name escaped"

    # ---- searching the review ---------------------------------------------------------------
    check_screen "[/] search" "$sz: the review's keys tell / searches it"
    tv_keys Home /
    check_screen "[Enter] search  [Esc] back to the review" "$sz: / opens the review's prompt"
    tv_type "zzz"
    tv_keys Escape
    check_absent "back to the review" "$sz: Esc closes the prompt..."
    check_screen "Step 6 of 6: Review" "$sz: ...and the wizard stays"
    tv_keys /
    tv_type "CAFÉ</NAME>"
    check_row "$sz: the prompt shows what is typed" "│ /CAFÉ</NAME>"
    tv_keys Enter
    check_screen "/CAFÉ</NAME>: match 1 of 1, line" "$sz: Enter finds the name in the XML"
    check_ansi $'\e\\[[0-9;]*m'"café</name>" "$sz: the match is highlighted"
    tv_keys Home /
    tv_type "café"
    tv_keys Enter
    check_screen "/café: match 1 of 3, line 1" "$sz: from the top, the first of several matches"
    tv_keys n
    check_screen "/café: match 2 of 3, line " "$sz: n goes to the next match"
    check_screen '<name>new "vm" &lt;1&gt; &amp; café</name>' "$sz: ...and shows it"
    tv_keys N
    check_screen "/café: match 1 of 3, line 1" "$sz: N goes back"
    tv_keys /
    tv_type "nowhere-at-all"
    tv_keys Enter
    check_screen "Not found in the review: nowhere-at-all" "$sz: a missing text is said"
    tv_keys C-s
    check_screen "was created" "$sz: Ctrl+S creates it"
    check_absent "Step 6 of 6" "$sz: the wizard closed"
    check_row "$sz: listed with its name, running" 'new "vm" <1>' running
    tv_keys 3
    tv_wait_row images active >/dev/null
    tv_keys Enter
    check_row "$sz: its new volume is in the pool, used by it" 'new "vm" <1> &' 2.0G "$odd"
    tv_keys Escape 2

    # ---- Esc leaves nothing -------------------------------------------------------------------
    tv_keys n
    tv_wait "Step 1 of 6" >/dev/null
    tv_type "never"
    tv_keys Escape
    check_screen "create VM: cancelled, nothing changed" "$sz: Esc cancels"
    check_no_row "$sz: no VM was made" never

    # ---- the ':' line -------------------------------------------------------------------------
    cmd "domain-create quick install=pxe os=generic memory=256M disk.source=none nic.type=none"
    check_screen "'quick' was created" "$sz: a complete ':' line runs at once"
    check_row "$sz: quick is listed, running" quick running
    cmd "domain-create con1 install=pxe disk.source=none nic.type=none console=yes"
    check_screen "Console of con1 on host-a" \
        "$sz: console=yes opens its console once it runs (the test driver has none to give)"
    tv_wait_row con1 running >/dev/null
    cmd "domain-create half memory=nope"
    check_screen "Step 1 of 6" "$sz: a ':' line with a bad field opens the wizard"
    tv_keys Escape
    tv_quit "$sz: quits cleanly"
done

# ---- two hosts: the Host field moves the wizard to another --------------------------------
tv_start 100 30 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row host-b build-runner >/dev/null
tv_wait_row host-a web01 >/dev/null
tv_keys g
tv_keys n
check_row "two hosts: the wizard starts on the cursor's host" "Host" "host-a"
tv_type web01 # the focus starts on the first field that needs the user: the name
check_screen "host-a already has a domain 'web01'" "two hosts: a name host-a has"
tv_keys BTab F4
check_row "two hosts: F4 lists the connected hosts" "host-b"
tv_keys C-u
tv_type host-b
tv_keys Enter
check_screen "create VM on host-b" "two hosts: picking host-b moves the wizard there"
check_absent "already has a domain" "two hosts: web01 is free on host-b"
tv_keys C-u
tv_type nowhere
check_screen "no connected host 'nowhere'" "two hosts: an unknown host is named"
tv_keys C-u
tv_type host-b
tv_keys Tab Tab Left PageDown # install: manual
tv_wait "Step 2 of 6" >/dev/null
tv_wait_gone "still loading" 60 >/dev/null
tv_keys C-s
check_screen "'web01' was created" "two hosts: Ctrl+S creates it on host-b"
check_row "two hosts: web01 on host-b" host-b web01 running
tv_quit "two hosts: quits cleanly"

# ---- a start that fails: everything made before is undone, the wizard keeps its values -------
fault=$TV_TOP_BUILDDIR/tests/ui/libtvfault.so
tv_start 100 30 env LD_PRELOAD="$fault" TV_FAULT_START=doomed \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
cmd "domain-create doomed install=pxe os=generic memory=256M disk.pool=images disk.size=1G nic.type=none"
check_screen "Could not create VM 'doomed'" "failed start: the status line says so"
check_screen "Domain not found" "...in libvirt's words"
check_screen "undefined the new domain 'doomed'" "...the definition was undone"
check_screen "deleted the new volume /var/lib/libvirt/images/doomed.qcow2" "...and the volume"
check_screen "Step 1 of 6: Name and install" "the wizard opens again"
check_row "...with the values given" "Name" doomed
tv_keys PageDown PageDown PageDown
check_row "...on every page" "Size" 1G
tv_keys Escape
check_no_row "no domain 'doomed' is left" doomed
tv_keys 3
tv_wait_row images active >/dev/null
tv_keys Enter
tv_wait_row web01.qcow2 >/dev/null
check_no_row "no volume doomed.qcow2 is left" doomed.qcow2
tv_keys Escape
tv_keys !
check_screen "Could not create VM 'doomed': Domain not found (undone:" \
    "Messages keeps the whole failure"
tv_keys q
tv_quit "failed start: quits cleanly"

# ---- read-only ------------------------------------------------------------------------------
tv_start 80 24 -- -r -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys n
check_screen "read-only" "read-only: n is refused, saying why"
check_absent "Step 1 of 6" "read-only: no wizard opens"
tv_quit "read-only: quits cleanly"

done_testing
