#!/bin/bash
#
# Test of batch mode (no screen): the CSV header and one line per domain
# per iteration, CSV quoting, JSON lines with null for values the driver
# lacks, -d 0 and -d pacing, stopping on SIGINT, the exit status and usage
# for every bad option, and a dead host next to a good one.  Structured
# output is checked with python3's csv and json modules when python3 is
# there (skipped otherwise).

export TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

HEADER=time,host,name,state,vcpus,cpu_pct,mem_kib,disk_rd_bps,disk_wr_bps,net_rx_bps,net_tx_bps
OUT=$TV_TMP/out
ERR=$TV_TMP/err
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# batch ARGS...: runs tvirt with ARGS, stdout in $OUT, stderr in $ERR, status in $RC,
# wall time in $MS (milliseconds).
batch() {
    local t0 t1
    t0=$(date +%s%3N)
    "$TVIRT" "$@" >"$OUT" 2>"$ERR"
    RC=$?
    t1=$(date +%s%3N)
    MS=$((t1 - t0))
}

check_rc() {
    if [ "$RC" = "$1" ]; then
        ok "$2"
    else
        not_ok "$2 (status $RC, wanted $1)"
        head -n 20 "$ERR" | tv_diag
    fi
}

# check_grep DESC FILE PATTERN (fixed string)
check_grep() {
    if grep -q -F -- "$3" "$2"; then
        ok "$1"
    else
        not_ok "$1"
        echo "# no '$3' in:"
        head -n 20 "$2" | tv_diag
    fi
}

check_sanitizer() {
    if grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error' "$ERR"; then
        not_ok "$1"
        head -n 40 "$ERR" | tv_diag
    else
        ok "$1"
    fi
}

# python3 CHECK: runs a python check on $OUT; its stdout lines are TAP comments.
py_check() {
    local desc=$1 code=$2 msg
    if [ "$HAVE_PY" = 0 ]; then
        ok "$desc # SKIP python3 is not installed"
        return
    fi
    if msg=$(python3 -c "$code" "$OUT" 2>&1); then
        ok "$desc"
    else
        not_ok "$desc"
        printf '%s\n' "$msg" | tv_diag
    fi
}

# ---- CSV ----------------------------------------------------------------------

batch --batch -c "$TV_HOST_A" -c "$TV_HOST_B" --iterations 3 -d 0
check_rc 0 "csv: exit status 0"
if [ "$(head -n 1 "$OUT")" = "$HEADER" ]; then
    ok "csv: the header line"
else
    not_ok "csv: the header line"
    head -n 1 "$OUT" | tv_diag
fi
lines=$(($(wc -l <"$OUT") - 1))
tv_result "$([ "$lines" = 18 ]; echo $?)" "csv: 2 hosts x 3 domains x 3 iterations = 18 lines (got $lines)"
check_grep "csv: the quoted name with doubled quotes" "$OUT" \
    ",\"q&a \"\"tools\"\" <x>\","
check_grep "csv: the UTF-8 name as is" "$OUT" ",mail-ñandú,running,"
check_grep "csv: host A's whole URI" "$OUT" "$TV_HOST_A,web01,running,2,"
check_grep "csv: memory in KiB" "$OUT" ",build-runner,running,8,,8388608,"
check_sanitizer "csv: no sanitizer report"
py_check "csv: every line parses to 11 fields with an ISO time" '
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows[0]) == 11, rows[0]
for r in rows[1:]:
    assert len(r) == 11, r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r[0]), r[0]
'
py_check "csv: each iteration is one block of all 6 domains" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[1:]
want = {"web01", "db01", "cache01", "mail-ñandú", "build-runner", "q&a \"tools\" <x>"}
for i in range(3):
    block = rows[6 * i:6 * i + 6]
    got = {r[2] for r in block}
    assert got == want, (i, got)
    assert len({r[0] for r in block}) == 1, "one time stamp per iteration"
'
py_check "csv: states, vCPUs and memory match the fixtures; missing rates are empty" '
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[1:]
assert rows, "no lines"
want = {"web01": ("running", "2", "1048576"), "db01": ("shut ?off", "4", "4194304"),
        "cache01": ("paused", "1", "1048576"), "build-runner": ("running", "8", "8388608"),
        "q&a \"tools\" <x>": ("shut ?off", "1", "524288")}
for r in rows:
    if r[2] in want:
        st, vc, mem = want[r[2]]
        assert re.fullmatch(st, r[3]) and r[4] == vc and r[6] == mem, r
    assert r[7] == r[8] == "", r  # the test driver has no disk stats
'

# ---- JSON ---------------------------------------------------------------------

batch --batch -c "$TV_HOST_A" -c "$TV_HOST_B" --iterations 2 -d 0 --format json
check_rc 0 "json: exit status 0"
lines=$(wc -l <"$OUT")
tv_result "$([ "$lines" = 12 ]; echo $?)" "json: 12 lines and no header (got $lines)"
check_grep "json: the name escaped" "$OUT" '"name":"q&a \"tools\" <x>"'
check_grep "json: null for a value the driver lacks" "$OUT" '"disk_rd_bps":null'
check_sanitizer "json: no sanitizer report"
py_check "json: each line is an object with the 11 keys in order" '
import json, sys
keys = ["time", "host", "name", "state", "vcpus", "cpu_pct", "mem_kib", "disk_rd_bps",
        "disk_wr_bps", "net_rx_bps", "net_tx_bps"]
lines = open(sys.argv[1], encoding="utf-8").readlines()
assert lines, "no lines"
for line in lines:
    o = json.loads(line)
    assert list(o) == keys, list(o)
'
py_check "json: values have the right types; missing ones are null" '
import json, sys
names = set()
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    names.add(o["name"])
    assert isinstance(o["vcpus"], int) and isinstance(o["mem_kib"], int), o
    assert o["disk_rd_bps"] is None and o["net_tx_bps"] is None, o
    if o["name"] == "build-runner":
        assert o["vcpus"] == 8 and o["mem_kib"] == 8388608 and o["state"] == "running", o
assert names == {"web01", "db01", "cache01", "mail-ñandú", "build-runner",
                 "q&a \"tools\" <x>"}, names
'

# ---- pacing -----------------------------------------------------------------------

limit=$(tv_timeout_ms 3)
batch --batch -c "$TV_HOST_A" --iterations 5 -d 0
check_rc 0 "-d 0: exit status 0"
tv_result "$([ "$MS" -lt "$limit" ]; echo $?)" "-d 0: 5 iterations back to back (${MS} ms)"
lines=$(($(wc -l <"$OUT") - 1))
tv_result "$([ "$lines" = 15 ]; echo $?)" "-d 0: 15 lines (got $lines)"
batch --batch -c "$TV_HOST_A" --iterations 3 -d 0.4
check_rc 0 "-d 0.4: exit status 0"
tv_result "$([ "$MS" -ge 800 ]; echo $?)" "-d 0.4: 3 iterations take at least 0.8 s (${MS} ms)"
py_check "-d 0.4: the iterations are 0.4 s apart" '
import csv, datetime, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[1:]
ts = sorted({datetime.datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%S.%fZ") for r in rows})
assert len(ts) == 3, ts
for a, b in zip(ts, ts[1:]):
    gap = (b - a).total_seconds()
    assert 0.3 <= gap <= 1.5, gap
'

# No --iterations: runs until SIGINT, then exits 0 with whole lines.
"$TVIRT" --batch -c "$TV_HOST_A" -d 0.1 >"$OUT" 2>"$ERR" &
pid=$!
end=$(($(date +%s%3N) + $(tv_timeout_ms 5)))
while [ "$(wc -l <"$OUT")" -lt 7 ] && [ "$(date +%s%3N)" -lt "$end" ]; do
    sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
RC=$?
check_rc 0 "SIGINT ends an endless batch run with status 0"
lines=$(wc -l <"$OUT")
tv_result "$([ "$lines" -ge 7 ]; echo $?)" "the endless run printed iterations before SIGINT ($lines lines)"
if [ -s "$OUT" ] && [ -z "$(tail -c 1 "$OUT")" ]; then
    ok "the output ends with a whole line"
else
    not_ok "the output ends with a whole line"
fi

# ---- bad options: status 2 and the usage on stderr --------------------------------

# bad DESC EXPECTED-ERROR ARGS...
bad() {
    local desc=$1 want=$2
    shift 2
    batch "$@"
    check_rc 2 "$desc: exit status 2"
    if grep -q -F -- "$want" "$ERR" && grep -q -F "Usage: tvirt" "$ERR" && [ ! -s "$OUT" ]; then
        ok "$desc: says why, shows the usage on stderr, nothing on stdout"
    else
        not_ok "$desc: says why, shows the usage on stderr, nothing on stdout"
        tv_diag <"$ERR"
    fi
}

bad "unknown option" "unknown option '--bogus'" --batch --bogus
bad "-d -1" "-d needs a number of seconds" --batch -d -1
bad "-d abc" "-d needs a number of seconds" --batch -d abc
bad "--iterations 0" "--iterations needs a whole number above 0" --batch --iterations 0
bad "--iterations x" "--iterations needs a whole number above 0" --batch --iterations x
bad "--format xml" "--format must be csv or json" --batch --format xml
bad "--iterations without --batch" "--iterations only goes with --batch" --iterations 3
bad "--format without --batch" "--format only goes with --batch" --format json
bad "stray argument" "unexpected argument 'stray'" --batch -c "$TV_HOST_A" stray
bad "-c without a URI" "needs a value" --batch -c

batch --help
check_rc 0 "--help: exit status 0"
check_grep "--help: the usage on stdout" "$OUT" "Usage: tvirt"
batch --version
check_rc 0 "--version: exit status 0"
check_grep "--version: names tvirt" "$OUT" "tvirt "

# ---- hosts that never answer ---------------------------------------------------------

batch --batch --iterations 1 -c 'not a uri'
check_rc 1 "unparseable URI: exit status 1"
check_grep "unparseable URI: libvirt's words on stderr" "$ERR" \
    "tvirt: no answer from not a uri: internal error: Unable to parse URI not a uri"
# Without --iterations batch mode runs until stopped, but a URI libvirt cannot
# parse can never answer: it ends at once instead of retrying for ever.
batch --batch -d 0.2 -c 'not a uri'
check_rc 1 "unparseable URI, no --iterations: ends with status 1"
limit=$(tv_timeout_ms 3)
tv_result "$([ "$MS" -lt "$limit" ]; echo $?)" "unparseable URI: ends at once (${MS} ms)"
batch --batch --iterations 1 -c "$TV_DEAD_URI"
check_rc 1 "refused connection: exit status 1"
check_grep "refused connection: named on stderr" "$ERR" "no answer from $TV_DEAD_URI"
batch --batch --iterations 2 -d 0 -c "$TV_HOST_A"
check_rc 0 "a host that answers: exit status 0"

# ---- a dead host beside a good one ------------------------------------------------

batch --batch -c "$TV_HOST_A" -c "$TV_DEAD_URI" -c nosuch:///x --iterations 2 -d 0
check_rc 1 "dead hosts: exit status 1 (a requested host never answered)"
lines=$(($(wc -l <"$OUT") - 1))
tv_result "$([ "$lines" = 6 ]; echo $?)" "dead hosts: host A's 3 domains x 2 iterations (got $lines)"
if [ "$(grep -c -F -v "$TV_HOST_A" "$OUT")" = 1 ]; then
    ok "dead hosts: every line is host A's"
else
    not_ok "dead hosts: every line is host A's"
    tv_diag <"$OUT"
fi
check_grep "dead hosts: the refused connection is reported" "$ERR" \
    "tvirt: $TV_DEAD_URI: unable to connect to server at '127.0.0.1:1'"
check_grep "dead hosts: the malformed URI is reported" "$ERR" "tvirt: nosuch:///x: "
n=$(grep -c -F "tvirt: $TV_DEAD_URI: " "$ERR")
tv_result "$([ "$n" = 1 ]; echo $?)" "dead hosts: each error reported once, not per iteration ($n)"
for uri in "$TV_DEAD_URI" nosuch:///x; do
    check_grep "dead hosts: the end names $uri as never answering" "$ERR" "no answer from $uri"
done
if grep -q -F "no answer from $TV_HOST_A" "$ERR"; then
    not_ok "dead hosts: host A, which answered, is not named"
else
    ok "dead hosts: host A, which answered, is not named"
fi
limit=$(tv_timeout_ms 5)
tv_result "$([ "$MS" -lt "$limit" ]; echo $?)" "dead hosts: no stall (${MS} ms)"
check_sanitizer "dead hosts: no sanitizer report"

# A malformed config file is reported on stderr in batch mode; the run goes on.
batch --batch -c "$TV_HOST_A" --iterations 1 -d 0
lines=$(($(wc -l <"$OUT") - 1))
TVIRT_CONFIG=$TV_UIDATA/malformed.conf batch --batch -c "$TV_HOST_A" --iterations 1 -d 0
check_rc 0 "malformed config in batch mode: exit status 0"
check_grep "malformed config in batch mode: file:line on stderr" "$ERR" \
    "tvirt: config file ignored, using defaults: $TV_UIDATA/malformed.conf:5:"
tv_result "$([ "$lines" -gt 0 ] && [ "$(($(wc -l <"$OUT") - 1))" = "$lines" ]; echo $?)" \
    "malformed config in batch mode: the lines are printed all the same"

done_testing
