#!/bin/bash
#
# UI test: the ':' line and what actions report.  An action named with a
# target acts on that target wherever the cursor is (":domain-pause web01"
# with the cursor on another domain); an unknown name is an error; a name on
# two hosts asks which, or takes host=.  A bulk action with mixed outcomes
# counts what worked and names every target left out, with why; the Messages
# screen (!) keeps each result with its time and host.  Tab completes
# commands and names, Up recalls the last line, :? lists every command.  The
# delete dialog says the domain is running and will be forced off and lists
# the volumes a delete with storage removes.  Ctrl+C asks, like q, while
# actions run; -r shows READ-ONLY in the title; every start-up warning is
# kept; a non-UTF-8 terminal shows one '?' per character.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# A third host with host A's domains: the same names on two hosts.
mkdir -p "$TV_TMP/twin"
cp "$TV_NODES/host-a.xml" "$TV_TMP/twin/host-c.xml"
TV_HOST_C=test://$TV_TMP/twin/host-c.xml

for size in "80 24" "160 50"; do
    read -r cols rows <<<"$size"
    sz=${cols}x$rows

    # ---- a named target, wherever the cursor is -----------------------------------
    tv_start "$cols" "$rows" -- -c "$TV_HOST_A"
    tv_wait_row web01 running >/dev/null
    tv_keys g # the cursor on cache01
    cmd "domain-pause web01"
    check_screen "'web01' paused" "$sz: :domain-pause web01 pauses web01"
    check_row "$sz: web01 is paused" web01 paused
    check_row "$sz: cache01 under the cursor is untouched (still paused)" cache01 paused
    cmd "domain-pause web01"
    check_row "$sz: :domain-pause web01 again resumes it" web01 running
    # By UUID too.
    cmd "domain-destroy 11111111-0000-4000-8000-000000000001"
    check_screen "Force off 'web01'?" "$sz: a UUID names the target; F's question names it"
    tv_keys n
    cmd "domain-destroy nosuch"
    check_screen "No domain 'nosuch' on any connected host" "$sz: an unknown name is an error"
    check_row "$sz: ...and nothing is forced off" web01 running
    cmd "domain-start web01 bogus=1"
    check_screen "domain-start: bogus: no such parameter" "$sz: an unknown parameter is named"
    cmd "domain-delete web01 storage=perhaps"
    check_screen "'perhaps' is not yes or no" \
        "$sz: a bad value opens the form, named with its field"
    tv_keys Escape
    check_absent "'perhaps' is not yes or no" "$sz: Esc closes that form"
    cmd 'domain-start "web01'
    check_screen "Cannot read the command" "$sz: broken quoting is an error"
    cmd "domain-start web01"
    check_screen "Cannot start 'web01': the domain is running" \
        "$sz: a named target that cannot run says why"

    # ---- a bulk action with mixed outcomes -----------------------------------------
    # cache01 paused, db01 shut off, web01 running: p goes the way the first needs.
    cmd "domain-start cache01 db01 web01"
    check_screen "1 started; 'cache01' skipped: the domain is paused; 'web01' skipped: the" \
        "$sz: start on three: counts one, names both left out with why"
    check_row "$sz: db01 started" db01 running
    tv_keys !
    check_screen "MESSAGE" "$sz: ! opens the Messages screen"
    check_row "$sz: Messages: the bulk result with its time" "1 started"
    check_row "$sz: Messages: the single result, with its host" host-a "'web01' paused"
    tv_keys !
    check_absent "MESSAGE" "$sz: ! again returns"

    # ---- the delete dialog -----------------------------------------------------------
    cmd "domain-delete db01"
    check_screen "It is running: it is forced off first." "$sz: delete: says db01 runs"
    check_screen "db01-data.img" "$sz: delete: lists the volumes deleted with storage"
    tv_keys n
    check_absent "Delete 'db01'" "$sz: n closes the delete dialog"

    # ---- completion, history, :? -------------------------------------------------------
    tv_keys : 
    tv_type "domain-pa"
    tv_keys Tab
    # (tmux drops trailing spaces: the space after a completed word cannot be seen)
    check_screen ":domain-pause" "$sz: Tab completes an action name"
    tv_type "we"
    tv_keys Tab
    check_screen ":domain-pause web01" "$sz: Tab completes a domain name"
    tv_keys C-u
    tv_type "domain-"
    tv_keys Tab
    check_screen "domain-start" "$sz: Tab on several matches lists them"
    tv_keys Escape
    tv_keys : Up
    check_screen ":domain-delete db01" "$sz: Up recalls the last line"
    tv_keys Up
    check_screen ":domain-start cache01 db01 web01" "$sz: Up again goes further back"
    tv_keys Escape
    cmd "?"
    check_screen "All commands" "$sz: :? lists every command"
    check_row "$sz: :? shows names beside keys" " s " domain-start
    tv_keys Escape
    tv_quit "$sz commands"
done

# ---- a name on two hosts ------------------------------------------------------------------

tv_start 120 30 -- -c "$TV_HOST_A" -c "$TV_HOST_C" -c "$TV_HOST_B"
tv_wait_row host-c web01 running >/dev/null
tv_wait_row host-a web01 running >/dev/null
tv_wait_row host-b build-runner running >/dev/null
cmd "domain-pause web01"
check_screen "'web01' is on 2 hosts. Which one?" "a name on two hosts asks which"
# The hosts are listed inside the dialog (indented under its question), not only behind it.
check_row "the dialog lists host A as a choice" "│   host-a"
check_row "the dialog lists host C as a choice" "│   host-c"
check_screen "[Enter] choose   [Esc] cancel" "the dialog says how to choose"
tv_keys Down Enter
check_row "the chosen host's web01 is paused" host-c web01 paused
check_row "the other host's web01 is untouched" host-a web01 running
cmd "domain-pause web01 host=host-a"
check_row "host= picks the host without asking" host-a web01 paused
check_row "host=: the other stays as it was" host-c web01 paused
cmd "domain-pause web01 host=nowhere"
check_screen "host=nowhere: no such host is connected" "an unknown host= is an error"
# Every test-driver host has this machine's hostname: it names no one host.
cmd "domain-pause web01 host=$(hostname)"
check_screen "host=$(hostname) names several hosts: give its label" \
    "a hostname several hosts share is refused, not asked again and again"
# The choice is for the ambiguous name only: build-runner is on host B alone.
# (host C is a copy of host A: the same names and even the same UUIDs.)
cmd "domain-start db01 'q&a \"tools\" <x>'"
check_screen "'db01' is on 2 hosts. Which one?" "one name of two is ambiguous: asked"
tv_keys Enter
check_row "the chosen host's db01 is started" host-a db01 running
check_row "q&a, on one host only, is started too" host-b 'q&a "tools"' running
check_row "the other db01 is untouched" host-c db01 shutoff
# Delete asked and cancelled at once: the worker's look at the storage may come later,
# and must never read as a result.
tv_keys g
cmd "domain-delete db01 host=host-a"
tv_keys n
check_absent "Delete 'db01'" "the delete dialog closes at once"
sleep 0.5
tv_screen | grep -q "deleted" && not_ok "a late preview is not taken for a delete" ||
    ok "a late preview is not taken for a delete"
check_row "db01 is still there" host-a db01
# One mark on each host, a mixed bulk result names hosts.
cmd "domain-start db01 web01 host=host-c"
check_screen "1 started; 'web01' skipped: the domain is paused" "host= applies to every name"
tv_quit "two hosts"

# ---- Ctrl+C, read-only, start-up warnings, ASCII ------------------------------------------

tv_start 100 30 -- -r -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
check_row "-r: the title says READ-ONLY" tvirt "READ-ONLY"
tv_quit "read-only, Ctrl+C with nothing running quits" C-c

printf '[keys]\nX = bogus-one\nY = bogus-two\n' >"$TV_TMP/two.conf"
tv_start 160 40 env TVIRT_CONFIG="$TV_TMP/two.conf" -- --theme nosuch -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
check_screen "3 start-up warnings (! shows them all)" "the status counts every start-up warning"
tv_keys !
check_row "Messages: the unknown theme" "nosuch"
check_row "Messages: the first bad key, with FILE:LINE" "two.conf:2:" "bogus-one"
check_row "Messages: the second bad key, with FILE:LINE" "two.conf:3:" "bogus-two"
tv_quit "start-up warnings"

tv_start 100 30 env LC_ALL=C LANG=C -- -c "$TV_HOST_B"
tv_wait_row build-runner running >/dev/null
check_row "ASCII: one '?' per character of mail-ñandú" "mail-?and?" running
tv_quit "ascii"

done_testing
