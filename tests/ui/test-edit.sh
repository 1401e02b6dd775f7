#!/bin/bash
#
# UI test: changing a VM, on a fixture host of libvirt's test driver
# (tests/data/ui/edit.xml).  e opens domain-edit's form filled in with the
# domain's vCPUs and memory, says what is wrong as it is typed, and runs;
# the list and Details show the new values.  E opens the XML in $EDITOR
# (small scripts here): the screen steps aside while it runs, an edit is
# redefined, no change does nothing, a bad edit shows libvirt's message
# and offers to edit the same text again or to discard it.  M on a CD-ROM
# opens the media form on that drive; the test driver cannot change media,
# and libvirt's words for that reach the status line.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

URI=test://$TV_UIDATA/edit.xml
# tvirt's temporary files go here, so the test sees what it leaves behind.
mkdir -p "$TV_TMP/edtmp"

# check_no_temp DESC: tvirt left no file of an edit behind.
check_no_temp() {
    local left
    left=$(ls -A "$TV_TMP/edtmp")
    if [ -z "$left" ]; then
        ok "$1"
    else
        not_ok "$1"
        echo "# left: $left"
    fi
}

# ---- editors: each takes the file as its last argument ------------------------------------

# Doubles edit02's memory and current memory (512M -> 1G) and says it ran on a terminal of its own.
cat >"$TV_TMP/ed-memory.sh" <<EOF
#!/bin/sh
for f; do :; done
[ -t 0 ] && [ -t 1 ] && echo tty >"$TV_TMP/editor-had-tty"
sed -i "s|<memory unit='KiB'>524288</memory>|<memory unit='KiB'>1048576</memory>|" "\$f"
sed -i "s|<currentMemory unit='KiB'>524288<|<currentMemory unit='KiB'>1048576<|" "\$f"
EOF
# Shows itself and waits for Enter, so the test sees the screen while it runs.
cat >"$TV_TMP/ed-wait.sh" <<EOF
#!/bin/sh
for f; do :; done
printf 'EDITOR IS RUNNING on %s\n' "\$(basename "\$f")"
read -r _
sed -i "s|<vcpu placement='static'>1</vcpu>|<vcpu placement='static'>2</vcpu>|" "\$f"
EOF
cat >"$TV_TMP/ed-nothing.sh" <<'EOF'
#!/bin/sh
exit 0
EOF
cat >"$TV_TMP/ed-fails.sh" <<'EOF'
#!/bin/sh
exit 3
EOF
# First run: a value libvirt refuses.  Second: leaves the refused text as it is.  Third:
# fixes it.  The file it got each time is kept, to show the text survived.
cat >"$TV_TMP/ed-bad.sh" <<EOF
#!/bin/sh
for f; do :; done
n=\$(cat "$TV_TMP/bad-count" 2>/dev/null || echo 0)
n=\$((n + 1))
echo "\$n" >"$TV_TMP/bad-count"
cp "\$f" "$TV_TMP/bad-seen-\$n.xml"
case \$n in
1) sed -i "s|<vcpu placement='static'>1</vcpu>|<vcpu placement='static'>lots</vcpu>|" "\$f" ;;
2) ;;
*) sed -i "s|>lots<|>3<|" "\$f" ;;
esac
EOF
chmod +x "$TV_TMP"/ed-*.sh

for size in "80 24" "120 40"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows
    rm -f "$TV_TMP/editor-had-tty" "$TV_TMP/bad-count" "$TV_TMP"/bad-seen-*.xml

    # ---- e: the form, filled in from the domain --------------------------------------------------
    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-memory.sh" -- -c "$URI"
    tv_wait_row edit01 running >/dev/null
    tv_pick edit01
    check_row "$sz: edit01 runs 2 vCPUs with 1.0G" edit01 running " 2 " 1.0G
    tv_keys e
    check_screen "edit: edit01 on edit" "$sz: e opens the edit form"
    check_row "$sz: vCPUs filled in" "vCPUs 2"
    check_row "$sz: the maximum filled in" "Maximum vCPUs 4"
    check_row "$sz: memory filled in" "Memory 1G"
    check_row "$sz: the maximum memory filled in" "Maximum memory 2G"
    check_row "$sz: the boot order filled in" "Boot order hd"
    check_row "$sz: a running domain changes now by default" "Change now" "< yes >"
    tv_keys C-u
    tv_type 9
    check_screen "9 is more than the maximum of 4 (maxvcpus)" "$sz: too many vCPUs, as typed"
    tv_keys C-s
    check_screen "fix the fields in red to run" "$sz: Ctrl+S does not run with an error"
    tv_keys BSpace
    tv_type 3
    check_absent "is more than the maximum of 4" "$sz: 3 vCPUs are fine"
    tv_keys Tab Tab Tab Tab Tab Tab C-u
    tv_type 3G
    check_screen "3G is more than the maximum of 2G (maxmemory)" "$sz: memory beyond the maximum"
    tv_keys C-u
    tv_type 0
    check_screen "must be more than 0" "$sz: no memory at all is refused"
    tv_keys C-u
    tv_type 1536
    check_absent "must be more than 0" "$sz: a bare number is MiB, and fits"
    tv_keys Tab C-u
    tv_type 32G
    check_screen "32G is more than the 16G of memory of host edit" "$sz: more than the host has"
    tv_keys C-u
    tv_keys Tab C-u
    tv_type "cdrom,floppy"
    check_screen "'floppy' is not a boot device (hd, cdrom or network)" "$sz: a bad boot device"
    tv_keys C-u
    tv_type "hd"
    tv_keys C-s
    check_screen "'edit01' now has vcpus 3, memory 1536M (running and in its config)" \
        "$sz: Ctrl+S changes the running guest and its config"
    check_row "$sz: the list shows 3 vCPUs and 1.5G" edit01 running " 3 " 1.5G
    tv_keys Enter
    check_row "$sz: Details shows 3 vCPUs" "vCPUs       3"
    check_row "$sz: Details shows the memory" "Memory      1.5G (max 2.0G)"
    tv_keys Escape

    # ---- e: what only the config can take --------------------------------------------------------
    cmd "domain-edit edit01 maxvcpus=6 live=yes config=no"
    # Refused as typed when the snapshot still has edit01's XML from Details (the form opens,
    # the field named), else by the worker before anything changes: either way, refused.
    if tv_wait "edit: edit01 on" 2 >/dev/null; then
        check_screen "a running guest cannot change its" \
            "$sz: a new maximum is refused live-only, the field named"
        tv_keys Escape
        tv_wait_gone "edit: edit01 on" >/dev/null
    else
        check_screen "Could not edit 'edit01': config: a running guest changes only its vCPUs" \
            "$sz: a new maximum is refused live-only, the field named"
    fi
    check_row "$sz: ...and nothing changed" edit01 running " 3 " 1.5G
    cmd "domain-edit edit01 maxvcpus=6 vcpus=4"
    check_screen "'edit01' now has vcpus 4 (running and in its config)" \
        "$sz: a ':' line runs at once"
    check_screen "maxvcpus 6 in its config," "$sz: ...the new maximum in the config"
    check_screen "from its next boot" "$sz: ...and says it waits for the next boot"
    check_row "$sz: the list shows 4 vCPUs" edit01 running " 4 "
    cmd "domain-edit edit01 sockets=2 cores=2"
    check_screen "sockets: 2 sockets x 2 cores x 1 thread make 4 vCPUs" \
        "$sz: a topology that does not make the maximum"
    check_screen "not the maximum of 6" "$sz: ...says which maximum"

    # ---- E: the XML in the editor ----------------------------------------------------------------
    tv_pick edit02
    tv_keys E
    check_screen "'edit02' redefined from the edited XML" "$sz: E redefines from the edited XML"
    tv_result "$([ -e "$TV_TMP/editor-had-tty" ]; echo $?)" "$sz: the editor had the terminal"
    check_row "$sz: the list is back, with 1.0G" edit02 shutoff 1.0G
    check_no_temp "$sz: the edited file is gone once redefined"
    tv_keys Enter Tab Tab
    check_screen "<memory unit='KiB'>1048576</memory>" "$sz: Details' XML has the new memory"
    tv_keys Escape
    tv_stop

    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-wait.sh" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "EDITOR IS RUNNING on tvirt-edit-" "$sz: the editor runs on the terminal"
    check_absent "2 Domains" "$sz: curses stepped aside while it runs"
    tv_keys Enter
    check_screen "'edit02' redefined from the edited XML" "$sz: ...and took the screen back"
    check_row "$sz: edit02 has 2 vCPUs now" edit02 shutoff " 2 "
    tv_stop

    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-nothing.sh" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "'edit02': the XML is unchanged: nothing done" "$sz: no change does nothing"
    tv_stop

    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-fails.sh" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "'edit02': the editor exited with status 3: nothing changed" \
        "$sz: an editor that fails changes nothing"
    tv_stop

    # Arguments in EDITOR are split into words, never given to a shell.
    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-nothing.sh --wait" -- \
        -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "the XML is unchanged: nothing done" "$sz: EDITOR with an argument"
    tv_stop
    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" \
        EDITOR="$TV_TMP/ed-nothing.sh;touch $TV_TMP/shell-ran" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "cannot run the editor" "$sz: no shell: ';' is not a command separator"
    tv_result "$([ ! -e "$TV_TMP/shell-ran" ]; echo $?)" "$sz: ...and nothing after it ran"
    tv_stop

    # ---- E: libvirt refuses; edit again or discard -----------------------------------------------
    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-bad.sh" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "XML not accepted" "$sz: a refused edit opens the question"
    check_screen "XML error: maximum vcpus count must be an integer" \
        "$sz: ...with libvirt's own message"
    check_screen "[e] edit it again" "$sz: ...offering to edit it again"
    tv_keys e
    check_screen "The XML of 'edit02' is as libvirt refused it" \
        "$sz: the same text again is not sent again"
    check_screen "XML not accepted" "$sz: ...and the question stays"
    if grep -q ">lots<" "$TV_TMP/bad-seen-2.xml" 2>/dev/null; then
        ok "$sz: editing again starts from the user's text, not the original"
    else
        not_ok "$sz: editing again starts from the user's text, not the original"
    fi
    tv_keys e
    check_screen "'edit02' redefined from the edited XML" "$sz: the fixed text is accepted"
    check_row "$sz: edit02 has 3 vCPUs" edit02 shutoff " 3 "
    tv_stop

    rm -f "$TV_TMP/bad-count"
    tv_start "$cols" "$rows" env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-bad.sh" -- -c "$URI"
    tv_wait_row edit02 shutoff >/dev/null
    tv_pick edit02
    tv_keys E
    check_screen "XML not accepted" "$sz: refused again"
    tv_keys d
    check_screen "'edit02': the edited XML was discarded; nothing changed" "$sz: d discards"
    check_row "$sz: edit02 kept its 1 vCPU" edit02 shutoff " 1 "
    check_no_temp "$sz: the discarded file is gone"
    tv_unpick

    # ---- M: media in a CD-ROM drive --------------------------------------------------------------
    tv_pick edit01
    tv_keys M
    check_screen "change media works on a CD-ROM drive" "$sz: M elsewhere says what it needs"
    tv_keys Enter Tab
    tv_wait "Disks (2)" >/dev/null
    tv_keys j
    check_row "$sz: the cursor on the CD-ROM" hdc cdrom /srv/isos/old.iso
    tv_keys M
    check_screen "change media: edit01 on edit" "$sz: M opens the media form"
    check_row "$sz: ...on that drive" "Drive hdc"
    tv_keys Tab
    tv_type "tools.iso"
    check_screen "'tools.iso' is neither a path on the host" "$sz: a bare name is refused as typed"
    tv_keys C-u
    tv_type "isos/tools.iso"
    check_absent "is neither a path" "$sz: a volume is fine"
    tv_keys C-s
    check_screen "Could not change media 'edit01': this function is not supported" \
        "$sz: the test driver's refusal, in libvirt's words"
    check_screen "connection driver: virDomainUpdateDeviceFlags" "$sz: ...naming the call"
    tv_wait "Disks (2)" >/dev/null
    tv_keys M
    tv_wait "change media: edit01" >/dev/null
    tv_keys C-u
    tv_type "vda"
    check_screen "'vda' is a disk, not a CD-ROM drive" "$sz: a disk is not a drive for media"
    tv_keys Escape
    tv_quit "$sz edit"
done

# Read-only: nothing to edit.
tv_start 100 30 env TMPDIR="$TV_TMP/edtmp" EDITOR="$TV_TMP/ed-memory.sh" -- -r -c "$URI"
tv_wait_row edit02 shutoff >/dev/null
tv_pick edit02
tv_keys E
check_screen "Cannot edit XML 'edit02': the connection is read-only (-r)" "read-only: E says why"
tv_keys e
check_screen "the connection is read-only (-r)" "read-only: e says why"
tv_quit "read-only edit"

done_testing
