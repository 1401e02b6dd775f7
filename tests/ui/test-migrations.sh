#!/bin/bash
#
# UI test of the Migrations screen (5) and the migrate form on the test
# driver (which cannot migrate; the lab test migrates for real):
#  - empty, it says how to start one;
#  - the history kept across runs shows one row per migration with its
#    outcome, libvirt's figures and the message of a failed one, names with
#    commas, quotes and non-ASCII letters intact; it sorts and filters;
#  - live controls on an ended migration say why not;
#  - X exports the history to the CSV file the user names;
#  - m opens the migrate form: F4 lists the connected hosts, the source
#    itself is refused, and the test driver's refusal comes back in
#    libvirt's words; --exec says the same with exit status 1.
#  - 80x24 shows the screen without overlaps.

# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

hist=$XDG_STATE_HOME/tvirt/migrations.csv
mkdir -p "$(dirname "$hist")"
odd='db, "main" ñandú'
cat >"$hist" <<'EOF'
started,domain,uuid,source,dest,started_by,mode,outcome,time_elapsed,downtime,data_total,data_processed,memory_iteration,bandwidth,max_downtime,message
2026-11-29T10:00:00Z,web01,u-1,host-a,qemu+tcp://10.0.0.2/system,tvirt,"live, persistent, undefinesource",done,826,121,269230080,95652306,3,0,300,
2026-11-29T11:00:00Z,"db, ""main"" ñandú",u-2,host-a,host-b,tvirt,live,failed,,,,,,64,300,"Unsafe migration: Migration without shared storage is unsafe"
2026-11-29T12:00:00Z,cache01,u-3,host-b,host-a,tvirt,live,cancelled,1500,,,,,8,300,operation aborted: migration out job: canceled by client
EOF

tv_start 160 40 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
tv_wait_row web01 running >/dev/null
tv_keys 5
check_screen "5 Migrations" "5 shows the Migrations screen"
check_row "the history's migration of web01, done, with libvirt's downtime" \
    web01 host-a done "121ms"
check_row "a name with a comma, quotes and non-ASCII letters intact" "$odd" failed
check_row "a cancelled one" cache01 cancelled
check_order "newest first" cache01 "$odd" web01
# The cursor starts on the newest: cache01.  Move to the failed one.
tv_keys Down
check_screen "Unsafe migration: Migration without shared storage is unsafe" \
    "the pane shows a failed migration's message"
tv_keys Up Up
tv_keys Down Down
check_screen "libvirt: total 826 ms, downtime 121 ms, 95652306 of 269230080 bytes sent, 3 iterations" \
    "the pane shows libvirt's completed figures"
tv_keys +
check_screen "the migration of 'web01' is done" "+ on an ended migration says why not"
tv_keys A
check_screen "the migration of 'web01' is done" "A likewise (no confirmation for nothing)"

# Filter and sort.
tv_keys /
tv_type cancel
tv_keys Enter
check_screen "filter: cancel (1)" "the filter narrows to the cancelled one"
check_no_row "the others are hidden" web01 done
tv_keys Escape
check_row "Esc brings them back" web01 done

# Export.
tv_keys X
check_screen "File" "X opens the export form"
tv_keys C-u
tv_type "$TV_TMP/export.csv"
tv_keys C-s
check_screen "3 migrations written to $TV_TMP/export.csv" "the export says what it wrote"
if [ -s "$TV_TMP/export.csv" ] && head -n 1 "$TV_TMP/export.csv" | grep -q '^started,domain,uuid' &&
    grep -q -F '"db, ""main"" ñandú"' "$TV_TMP/export.csv" && [ "$(wc -l <"$TV_TMP/export.csv")" -eq 4 ]; then
    ok "the CSV has the header and the three rows, quoted as written"
else
    not_ok "the CSV has the header and the three rows, quoted as written"
    tv_diag <"$TV_TMP/export.csv"
fi

# The migrate form.
tv_keys 2
tv_pick web01
tv_keys m
check_screen "migrate: web01 on host-a" "m opens the migrate form on the domain"
check_screen "Where it goes" "the destination's help shows first"
tv_keys F4
check_screen "2 matches" "F4 lists the connected hosts"
tv_keys Escape
tv_type host-a
check_screen "'host-a' is the host the domain is on" "the source itself is refused"
tv_keys C-u
tv_type nowhere
check_screen "no connected host 'nowhere'" "an unknown host is refused with what to give"
tv_keys C-u
tv_type host-b
tv_wait_gone "no connected host" >/dev/null
tv_keys C-s
check_screen "Step 3 of 3: Review" "Ctrl+S goes to the review page first"
# The line wraps in the box where a long path (distcheck's) puts it: look across lines.
tv__review_has() { [[ $(tv_screen | sed 's/│//g' | tr -s ' \n' '  ') == *"$1"* ]]; }
tv_poll 5 tv__review_has "virsh -c $TV_HOST_A migrate --live --persistent --undefinesource web01"
tv_result $? "the review shows the virsh line"
check_screen "Preflight: a check failed" "the preflight answers on the review page" 10
check_screen "fail  architecture" "it names the failed check (the test driver's hosts are i686)"
check_screen "(refused: go back)" "the keys line does not offer to run it"
tv_keys Enter
check_screen "The preflight refused it" "Enter says why it does not run"
tv_keys Escape
check_row "web01 still runs on host-a" host-a web01 running
tv_quit

# --exec says the same.
"$TVIRT" -c "$TV_HOST_A" --exec domain-migrate domain=web01 dest=test:///default >"$TV_TMP/out" \
    2>"$TV_TMP/err"
RC=$? OUT=$TV_TMP/out ERR=$TV_TMP/err
check_rc 3 "--exec domain-migrate refused by the preflight: status 3"
check_in "saying which checks failed" "$TV_TMP/err" "refused by the preflight: architecture:"
"$TVIRT" -c "$TV_HOST_A" --format json --exec domain-migrate domain=web01 dest=test:///default \
    >"$TV_TMP/out" 2>"$TV_TMP/err"
check_in "the JSON holds every check with its verdict" "$TV_TMP/out" '{"check":"architecture","verdict":"fail"'
"$TVIRT" -c "$TV_HOST_A" --exec domain-migrate domain=web01 >"$TV_TMP/out" 2>"$TV_TMP/err"
RC=$?
check_rc 2 "--exec without dest= is a usage error"
check_in "naming the field" "$TV_TMP/err" "dest: "

# 80x24.
tv_start 80 24 -- -c "$TV_HOST_A"
tv_wait_row web01 running >/dev/null
tv_keys 5
check_row "80x24: the rows fit" web01 done
check_screen "refused by the preflight" \
    "80x24: the pane of the newest (the --exec attempt) fits under the list" 5
tv_quit "80x24"
done_testing
