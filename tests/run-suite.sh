#!/bin/sh
# The whole test suite, as CI runs it: builds tvirt twice out of tree, once
# with warnings as errors and once with ASan and UBSan, runs `make check` in
# each (unit, UI and syntax tests), then `make distcheck`.  Ends with one
# line "N passed, N failed" summing both runs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
status=0

# Names each failed test of a build tree and prints the end of its log, so a
# failure on a CI machine can be read without the tree.
show_failures() {
    find "$1" -name '*.trs' 2>/dev/null | while read -r trs; do
        if grep -q '^:global-test-result: \(FAIL\|ERROR\|XPASS\)' "$trs"; then
            log=${trs%.trs}.log
            echo "--- failed: ${log#"$1"/}"
            grep -E '^(not ok|Bail out)' "$log" | head -n 20
            tail -n 30 "$log"
        fi
    done
}

count() {
    log=$1/test-suite.log
    if [ ! -f "$log" ]; then
        failed=$((failed + 1))
        return
    fi
    p=$(sed -n 's/^# PASS: *//p' "$log" | head -n 1)
    f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n 1)
    e=$(sed -n 's/^# ERROR: *//p' "$log" | head -n 1)
    x=$(sed -n 's/^# XPASS: *//p' "$log" | head -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
}

run() {
    name=$1
    check_jobs=$2
    shift 2
    dir=$top/_build/$name
    echo "=== $name: configure $*"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && "$top/configure" --enable-werror "$@" >configure.log 2>&1) || {
        cat "$dir/configure.log"
        failed=$((failed + 1))
        status=1
        return
    }
    echo "=== $name: make"
    if ! make -C "$dir" -j"$jobs" >"$dir/build.log" 2>&1; then
        cat "$dir/build.log"
        failed=$((failed + 1))
        status=1
        return
    fi
    echo "=== $name: make check"
    make -C "$dir" -j"$check_jobs" check || { status=1; show_failures "$dir"; }
    count "$dir"
}

./autogen.sh >/dev/null 2>&1 || { echo "autogen failed"; echo "0 passed, 1 failed"; exit 1; }
# A source tree configured in place makes every out-of-tree configure refuse ("source
# directory already configured"): clean it first.
if [ -f "$top/config.status" ]; then
    echo "=== the source tree was configured in place: make distclean there"
    make -C "$top" distclean >/dev/null 2>&1 || rm -f "$top/config.status"
fi
# The normal build's tests run one at a time: the lab tests boot QEMU guests,
# and the screen tests measure timings that a busy CPU would blur.
run normal 1
# The lab tests (real QEMU, one lab per machine) ran in the normal build.
export TV_LAB=skip
run sanitizers "$jobs" --enable-sanitizers
echo "=== make distcheck"
if [ ! -f "$top/_build/normal/Makefile" ]; then
    echo "distcheck FAILED: the normal build did not configure"
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
fi
# Its tests run in parallel: waits get twice the time the one-at-a-time run gets.
if TV_TEST_TIMEOUT=10 make -C "$top/_build/normal" -j"$jobs" distcheck \
    DISTCHECK_CONFIGURE_FLAGS=--enable-werror >"$top/_build/distcheck.log" 2>&1; then
    echo "distcheck passed"
    passed=$((passed + 1))
else
    tail -n 60 "$top/_build/distcheck.log"
    show_failures "$top/_build/normal"
    echo "distcheck FAILED (log: _build/distcheck.log)"
    failed=$((failed + 1))
    status=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && exit "$status"
exit 1
