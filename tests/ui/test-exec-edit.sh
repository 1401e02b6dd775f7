#!/bin/bash
#
# --exec for changing a VM, on the edit fixture of libvirt's test driver
# (tests/data/ui/edit.xml): domain-edit with its result and what waits for
# the next boot, every bad field refused with exit 2 and named before
# anything runs, domain-edit-xml from a file (a name with quotes, '<', '&'
# and non-ASCII kept exactly; an XML of another domain refused in libvirt's
# words), and domain-set-media, which the test driver cannot do.

TV_NO_TMUX=1
# shellcheck source-path=SCRIPTDIR disable=SC1091
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

URI=test://$TV_UIDATA/edit.xml
OUT=$TV_TMP/out
ERR=$TV_TMP/err
ODD='odd "q" <&> ñandú'

run() {
    "$TVIRT" -c "$URI" --exec "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

check_empty() {
    if [ ! -s "$2" ]; then
        ok "$1"
    else
        not_ok "$1"
        tv_diag <"$2"
    fi
}

# ---- domain-edit -----------------------------------------------------------------------------
run domain-edit domain=edit01 vcpus=3 memory=1536 --format json
check_rc 0 "edit live: exit 0"
check_in "edit live: the message" "$OUT" \
    "\"message\":\"'edit01' now has vcpus 3, memory 1536M (running and in its config)\""
check_in "edit live: the result says what changed now" "$OUT" '"live":"vcpus 3, memory 1536M"'
check_in "edit live: nothing waits for the next boot" "$OUT" '"next_boot":false'

run domain-edit domain=edit01 maxvcpus=6 vcpus=4 --format json
check_rc 0 "a new maximum on a running guest: exit 0"
check_in "...the maximum goes to the config" "$OUT" '"config":"vcpus 4, maxvcpus 6"'
check_in "...from the next boot" "$OUT" '"next_boot":true'

run domain-edit domain=edit02 maxvcpus=4 vcpus=2 sockets=1 cores=2 threads=2 boot=cdrom,hd \
    bootmenu=yes cpu=host-passthrough
check_rc 0 "topology, CPU model and boot order on a shut-off guest: exit 0"
check_in "...all of it said" "$OUT" \
    "'edit02' now has vcpus 2, maxvcpus 4, topology 1 socket x 2 cores x 2 threads, "
check_in "...the rest too" "$OUT" "cpu host-passthrough, boot cdrom,hd, boot menu on"

run domain-edit "domain=$ODD" vcpus=2 maxvcpus=2 memory=128
check_rc 0 "a name with quotes, '<', '&' and non-ASCII: exit 0"
check_in "...named exactly" "$OUT" "'$ODD' now has vcpus 2, maxvcpus 2, memory 128M"

# Bad values: exit 2, every field named, nothing run.
run domain-edit domain=edit01 vcpus=5 maxvcpus=4
check_rc 2 "vcpus beyond maxvcpus: exit 2"
check_in "...vcpus named" "$ERR" "vcpus: 5 is more than the maximum of 4 (maxvcpus)"
check_empty "...nothing on stdout" "$OUT"

run domain-edit domain=edit01 boot=cdrom,floppy memory=0 "cpu=a b"
check_rc 2 "three bad fields: exit 2"
check_in "...boot named" "$ERR" "boot: 'floppy' is not a boot device (hd, cdrom or network)"
check_in "...memory named" "$ERR" "memory: must be more than 0"
check_in "...cpu named" "$ERR" "cpu: 'a b' is not host-model, host-passthrough"

run domain-edit domain=edit01 memory=40G
check_rc 2 "memory beyond the maximum: exit 2"
check_in "...memory named" "$ERR" "memory: 40G is more than the maximum of 2G (maxmemory)"

run domain-edit domain=edit01 vcpus=9 maxvcpus=9
check_rc 2 "more vCPUs than the host has: exit 2"
check_in "...vcpus named" "$ERR" "vcpus: 9 is more than the 8 CPUs of host edit"
check_in "...maxvcpus named" "$ERR" "maxvcpus: 9 is more than the 8 CPUs of host edit"

run domain-edit domain=edit02 maxvcpus=4 sockets=2 cores=3
check_rc 2 "a topology that does not make the maximum: exit 2"
check_in "...sockets named" "$ERR" "sockets: 2 sockets x 3 cores x 1 thread make 6 vCPUs"

run domain-edit domain=edit01 maxvcpus=6 live=yes config=no
check_rc 2 "a new maximum live only: exit 2"
check_in "...maxvcpus named" "$ERR" "maxvcpus: a running guest cannot change its Maximum vCPUs"

run domain-edit domain=edit01 vcpus=lots
check_rc 2 "vcpus not a number: exit 2"
check_in "...vcpus named" "$ERR" "vcpus:"

# ---- domain-edit-xml -------------------------------------------------------------------------
cat >"$TV_TMP/edit02.xml" <<'XML'
<domain type="test">
  <name>edit02</name>
  <memory>524288</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
  <description>edited by a script</description>
</domain>
XML
run domain-edit-xml domain=edit02 "file=$TV_TMP/edit02.xml" --format json
check_rc 0 "redefine from a file: exit 0"
check_in "...says so" "$OUT" "\"message\":\"'edit02' redefined from $TV_TMP/edit02.xml\""
check_in "...the UUID it kept" "$OUT" '"uuid":"44444444-0000-4000-8000-000000000002"'

cat >"$TV_TMP/odd.xml" <<'XML'
<domain type="test">
  <name>odd "q" &lt;&amp;&gt; ñandú</name>
  <memory>262144</memory>
  <vcpu>2</vcpu>
  <os><type>hvm</type></os>
</domain>
XML
run domain-edit-xml "domain=$ODD" "file=$TV_TMP/odd.xml" --format json
check_rc 0 "redefine the odd name: exit 0"
check_in "...its name comes back exactly" "$OUT" '"name":"odd \"q\" <&> ñandú"'

run domain-edit-xml domain=edit01 "file=$TV_TMP/edit02.xml"
check_rc 1 "edit02's XML onto edit01: exit 1"
check_in "...in libvirt's words" "$ERR" \
    "Could not edit XML 'edit01': operation failed: domain 'edit01' is already defined"

run domain-edit-xml domain=edit02 "file=$TV_TMP/missing.xml"
check_rc 2 "a file that is not there: exit 2"
check_in "...file named" "$ERR" "file: '$TV_TMP/missing.xml' is not a file"

printf '<domain type="test"><name>edit02</name><vcpu>1' >"$TV_TMP/broken.xml"
run domain-edit-xml domain=edit02 "file=$TV_TMP/broken.xml"
check_rc 1 "XML that is not well-formed: exit 1"
check_in "...libvirt's parser says why" "$ERR" "Could not edit XML 'edit02':"

# ---- domain-set-media ------------------------------------------------------------------------
run domain-set-media domain=edit01 target=vda source=
check_rc 2 "media in a disk: exit 2"
check_in "...target named" "$ERR" "target: 'vda' is a disk, not a CD-ROM drive"

run domain-set-media domain=edit01 target=hdc source=tools.iso
check_rc 2 "a bare name as the disc: exit 2"
check_in "...source named" "$ERR" "source: 'tools.iso' is neither a path on the host"

run domain-set-media domain=edit01 target=hdc source=isos/tools.iso
check_rc 1 "the test driver cannot change media: exit 1"
check_in "...in libvirt's words" "$ERR" \
    "this function is not supported by the connection driver: virDomainUpdateDeviceFlags"

done_testing
