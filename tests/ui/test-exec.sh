#!/bin/bash
#
# --exec, the front end for scripts: one action by name with NAME=VALUE
# parameters, on a fixture host of libvirt's test driver.  Checks the exit
# status (0 done, 1 failed, 2 usage or a bad value), the line on stdout,
# the JSON object with --format json, every bad field named on stderr,
# --exec ACTION --help, host= among several -c, and read-only refusals.
# Each run opens the fixture afresh (a test:///path connection is private).

TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$TV_TMP/out
ERR=$TV_TMP/err

run() {
    "$TVIRT" "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

run -c "$TV_HOST_A" --exec domain-start domain=db01
check_rc 0 "start db01: exit 0"
check_in "start db01: says so" "$OUT" "'db01' started"

run -c "$TV_HOST_A" --exec domain-start domain=11111111-0000-4000-8000-000000000002 \
    --format json
check_rc 0 "start by UUID, JSON: exit 0"
check_in "JSON: the action" "$OUT" '"action":"domain-start"'
check_in "JSON: the host" "$OUT" "\"host\":\"$TV_HOST_A\""
check_in "JSON: the target by name" "$OUT" '"target":"db01"'
check_in "JSON: ok and the message" "$OUT" "\"ok\":true,\"message\":\"'db01' started\""
check_in "JSON: undone and result" "$OUT" '"undone":[],"result":{}}'
lines=$(wc -l <"$OUT")
tv_result "$([ "$lines" = 1 ]; echo $?)" "JSON: one object on one line ($lines)"

run -c "$TV_HOST_A" --exec domain-start domain=web01 --format json
check_rc 1 "start a running domain: exit 1"
check_in "...the reason on stderr" "$ERR" "Cannot start 'web01': the domain is running"
check_in "...and in the JSON" "$OUT" '"ok":false,"message":"Cannot start '"'"'web01'"'"': the domain is running"'

run -c "$TV_HOST_A" --exec domain-pause domain=nosuch
check_rc 2 "an unknown domain: exit 2"
check_in "...named with its field" "$ERR" "domain: no domain 'nosuch' on host-a"

run -c "$TV_HOST_A" --exec domain-delete domain=web01 storage=perhaps bogus=1 stray
check_rc 2 "bad parameters: exit 2"
check_in "...the bad value, named" "$ERR" "storage: 'perhaps' is not yes or no"
check_in "...the unknown parameter, named" "$ERR" "bogus: no such parameter"
check_in "...the stray word" "$ERR" "'stray': expected NAME=VALUE"

run -c "$TV_HOST_A" --exec domain-delete
check_rc 2 "no target: exit 2"
check_in "...says which field is missing" "$ERR" "domain: is required"

run -c "$TV_HOST_A" --exec domain-delete domain=web01 storage=yes
check_rc 0 "delete with storage: exit 0"
check_in "...names the volume it deleted" "$OUT" \
    "'web01' deleted with 1 volume (/var/lib/libvirt/images/web01.qcow2)"

run --exec domain-delete --help
check_rc 0 "--help: exit 0"
check_in "--help: the action's help" "$OUT" "domain-delete: Delete the domain for good"
check_in "--help: the target" "$OUT" "domain           the domain, by name or UUID (required)"
check_in "--help: a parameter with kind and default" "$OUT" "storage" 
check_in "--help: ...its kind and default" "$OUT" "(yes/no; default no)"

run --exec nosuch-action
check_rc 2 "an unknown action: exit 2"
check_in "...said plainly" "$ERR" "no action 'nosuch-action'"

run --exec domain-console domain=web01
check_rc 2 "the console needs the screen: exit 2"

run -c "$TV_HOST_A" -c "$TV_HOST_B" --exec domain-pause domain=web01
check_rc 2 "two hosts without host=: exit 2"
check_in "...says host= is needed" "$ERR" "host: needed when several hosts are given"
run -c "$TV_HOST_A" -c "$TV_HOST_B" --exec domain-pause domain=build-runner host=host-b
check_rc 0 "host= picks the host (by label)"
check_in "...and the action ran there" "$OUT" "'build-runner' paused"
run -c "$TV_HOST_A" -c "$TV_HOST_B" --exec domain-pause domain=web01 host=nowhere
check_rc 2 "host= naming no given host: exit 2"

# ---- volume-create: a long action with parameters ----------------------------------------

run -c "$TV_HOST_A" --exec volume-create pool=images name='new disk.qcow2' size=2G --format json
check_rc 0 "volume-create: exit 0"
check_in "volume-create: the message names the volume" "$OUT" \
    "now holds the new volume 'new disk.qcow2' (2G qcow2): /var/lib/libvirt/images/new disk.qcow2"
check_in "volume-create: the result names what it made" "$OUT" \
    '"result":{"pool":"images","name":"new disk.qcow2","path":"/var/lib/libvirt/images/new disk.qcow2","capacity":2147483648}'
run -c "$TV_HOST_A" --exec volume-create pool=images name=web01.qcow2 size=0 format=vmdk \
    allocation=maybe
check_rc 2 "volume-create with four bad values: exit 2"
check_in "...the taken name" "$ERR" "name: pool 'images' already has a volume 'web01.qcow2'"
check_in "...the size of 0" "$ERR" "size: must be more than 0"
check_in "...the unknown format" "$ERR" "format: 'vmdk' is not one of qcow2, raw"
check_in "...the bad yes/no" "$ERR" "allocation: 'maybe' is not yes or no"
run -c "$TV_HOST_A" --exec volume-create pool=images name=huge size=2T
check_rc 2 "a size beyond the whole pool: exit 2"
check_in "...says so" "$ERR" "size: 2T is more than the whole pool 'images' holds"
run -c "$TV_HOST_A" --exec volume-create pool=nosuch name=x size=1G
check_rc 2 "an unknown pool: exit 2"
check_in "...named" "$ERR" "pool: no pool 'nosuch' on host-a"
run -c "$TV_HOST_A" --exec volume-create name=x size=1G
check_rc 2 "no pool: exit 2"
check_in "...says the target is required" "$ERR" "pool: is required"

run -r -c "$TV_HOST_A" --exec domain-start domain=db01
check_rc 1 "read-only: exit 1"
check_in "...with the reason" "$ERR" "the connection is read-only (-r)"

run -c "$TV_DEAD_URI" --exec domain-start domain=db01
check_rc 1 "a host that does not answer: exit 1"
check_in "...with libvirt's words" "$ERR" "unable to connect to server at '127.0.0.1:1'"

done_testing
