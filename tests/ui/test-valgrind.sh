#!/bin/bash
# The main paths under valgrind's memcheck: a screen session through every
# view with actions, dialogs, filter, sort, :connect and the create wizard, a
# batch run and --exec domain-create.
# Both must end with no definite leak and no memory error.  Skipped (with
# the reason) in sanitizer builds, where valgrind cannot run; the normal
# build of the suite always runs it.
# shellcheck source=tests/ui/lib.sh
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null 2>&1 || {
    if [ -n "${CI:-}" ]; then
        not_ok "valgrind is installed (CI must run this test)"
        "$TVIRT" -c "$TV_HOST_A" --exec domain-create name=vg02 install=pxe os=debian11 \
    disk.pool=images disk.size=1G --format json >"$TV_TMP/exec.out" 2>"$TV_TMP/exec.err"
tv_result "$([ $? = 0 ]; echo $?)" "--exec domain-create under valgrind: exit 0"
check_valgrind_logs "--exec domain-create: no leak or memory error"

done_testing
    fi
    tv_skip_all "valgrind is not installed"
}
if ldd "$TVIRT" 2>/dev/null | grep -q 'libasan'; then
    tv_skip_all "sanitizer build: valgrind runs in the normal build"
fi

# valgrind runs tvirt about 30 times slower: wait longer.
TV_TIMEOUT=$((TV_TIMEOUT * 8))
REAL_TVIRT=$TVIRT
VG_LOG=$TV_TMP/valgrind.%p.log
TVIRT=$TV_TMP/valgrind-tvirt.sh
{
    echo '#!/bin/sh'
    printf 'exec valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite'
    printf ' --suppressions=%q' "$TV_TOP_SRCDIR/tests/ui/valgrind.supp"
    printf ' --error-exitcode=97 --log-file=%q %q "$@"\n' "$VG_LOG" "$REAL_TVIRT"
} >"$TVIRT"
chmod +x "$TVIRT"

check_valgrind_logs() {
    local desc=$1 bad
    bad=$(cat "$TV_TMP"/valgrind.*.log 2>/dev/null | grep -E 'definitely lost: [1-9]|are definitely lost|Invalid (read|write)|uninitialised|ERROR SUMMARY: [1-9]')
    if [ -z "$bad" ]; then
        ok "$desc"
    else
        not_ok "$desc"
        cat "$TV_TMP"/valgrind.*.log | head -n 60 | tv_diag
    fi
    rm -f "$TV_TMP"/valgrind.*.log
}

tv_start 120 40 -- -c "$TV_HOST_A" -c "$TV_HOST_B"
check_screen "web01" "the screen comes up under valgrind"
check_screen "build-runner" "both hosts are listed"
tv_keys j j Enter
check_screen "Overview" "details open"
tv_keys Tab
check_screen "Disks (1)" "hardware tab"
tv_keys Tab
check_screen "<domain" "XML tab"
tv_keys /
tv_type "MEMORY"
tv_keys Enter
check_screen "/MEMORY: match 1 of" "XML search"
tv_keys n N l h Home
tv_keys Escape
tv_wait_gone "Overview" >/dev/null
tv_keys 1
check_screen "VMS run/pau/off" "hosts screen"
tv_keys 3
check_screen "isos" "storage screen"
tv_keys Enter
check_screen "web01.qcow2" "a pool's volumes"
tv_keys Escape
tv_wait_gone "web01.qcow2" >/dev/null
tv_keys 4
check_screen "virbr1" "networks screen"
tv_keys 2 /
tv_type "web"
tv_keys Enter
check_screen "filter: web" "filter applied"
tv_keys Escape
tv_wait_gone "filter: web" >/dev/null
tv_keys p
check_row "pause on the filtered row" "web01" "paused"
tv_keys F
check_screen "Force off" "confirmation dialog"
tv_keys n D
check_screen "delete with storage" "delete dialog"
tv_keys n o Down Down Enter
check_screen "Sorted by name" "sort dialog"
tv_keys :
tv_type "connect test:///default"
tv_keys Enter
check_row "a host added at run time" "default" "test"
tv_keys ?
check_screen "Keys on the Domains screen" "help"
tv_keys Escape
tv_keys :
tv_type "domain-start db01 cache01 web01"
tv_keys Enter
check_screen "skipped: the domain is" "an action on named domains, with a mixed result"
tv_keys : 
tv_type "domain-pa"
tv_keys Tab Escape
tv_keys 2 n
check_screen "Step 1 of 6" "the create wizard"
tv_type "vg01"
tv_keys Tab Left PageDown
check_screen "Step 2 of 6" "wizard page 2"
tv_wait_gone "still loading" 120 >/dev/null
tv_keys C-u
tv_type "debian"
tv_keys F4
check_screen "matches" "the OS list"
tv_keys Down Enter PageDown PageDown PageDown PageDown
check_screen "Step 6 of 6: Review" "the review page"
tv_keys C-s
check_screen "'vg01' was created" "the VM is created"
tv_keys !
check_screen "MESSAGE" "the Messages screen"
tv_keys !
tv_keys :
tv_type "?"
tv_keys Enter
check_screen "All commands" ":? lists the commands"
tv_keys Escape
tv_quit "screen session"
check_valgrind_logs "screen session: no leak or memory error"

"$TVIRT" --batch --iterations 3 -d 0 -c "$TV_HOST_A" -c "$TV_DEAD_URI" >"$TV_TMP/batch.out" 2>"$TV_TMP/batch.err"
tv_result "$([ $? = 1 ]; echo $?)" "batch run with a dead host exits with status 1"
[ "$(grep -c ',web01,' "$TV_TMP/batch.out")" -eq 3 ]
tv_result $? "batch run prints web01 three times"
check_valgrind_logs "batch run: no leak or memory error"

"$TVIRT" -c "$TV_HOST_A" --exec domain-create name=vg02 install=pxe os=debian11 \
    disk.pool=images disk.size=1G --format json >"$TV_TMP/exec.out" 2>"$TV_TMP/exec.err"
tv_result "$([ $? = 0 ]; echo $?)" "--exec domain-create under valgrind: exit 0"
check_valgrind_logs "--exec domain-create: no leak or memory error"

done_testing
