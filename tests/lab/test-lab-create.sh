#!/bin/bash
# Lab test (TAP): new VMs on a real QEMU host, made by tvirt and compared with what
# virt-install makes for the same choices on the same host.
#  - --exec domain-create: direct kernel boot of the lab guest, a new qcow2 volume in the
#    shared pool, a NIC on the lab network; it runs and its heartbeat shows on tvirt's console.
#  - The wizard in tmux (n, pages, review with the XML and the virt-install line, Ctrl+S):
#    the VM is defined as reviewed, and its console opens by itself.
#  - Both against `virt-install --print-xml --dry-run` for the same choices (defined by libvirt
#    under another name, compared after libvirt filled them in): machine type, firmware, CPU
#    mode, disk bus/format/cache/io/discard/detect_zeroes, NIC type/model/MAC, graphics,
#    console; and a Windows 10 definition (SATA, e1000e, local time) the same way.
#  - A start QEMU refuses (a kernel the host lacks): exit 1 in QEMU's words, and the volume
#    and the definition made before are gone again.
#
# Needs root; skips without it, fails instead under CI=true.
# shellcheck disable=SC2317  # functions run through lab_wait and the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

out=$TV_TMP/out
err=$TV_TMP/err
MADE="tvl-new-ex tvl-new-ui tvl-new-win tvl-new-bad tvl-vi-oracle"

json() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["result"].get(sys.argv[2], ""))' \
        "$out" "$1"
}

# Everything this test makes goes again, whatever happened.
remove_made() {
    local d v
    for d in $MADE; do
        tl_virsh a destroy "$d" >/dev/null 2>&1
        tl_virsh a undefine --nvram "$d" >/dev/null 2>&1
    done
    for v in $MADE; do
        tl_virsh a vol-delete --pool "$LAB_SHARED_POOL" "$v.qcow2" >/dev/null 2>&1
    done
    rm -f "$LAB_SHARED_DIR/tvl-fake.iso"
    tl_virsh a pool-refresh "$LAB_SHARED_POOL" >/dev/null 2>&1
    return 0
}
tl_on_exit remove_made

tl_up
remove_made

cmdline="console=ttyS0 quiet mitigations=off tvirt.dirty=0 tvirt.disk_rate=0"
# compare_with_virt_install NAME VIRT-INSTALL-ARGS...: libvirt's view of tvirt's domain NAME
# against libvirt's view of what virt-install prints for the same choices.
compare_with_virt_install() {
    local name=$1 vi_xml=$TV_TMP/vi-$1.xml
    shift
    if ! virt-install --connect "$LAB_UNIX_URI_A" --name tvl-vi-oracle "$@" --check mac_in_use=off --print-xml \
        --dry-run >"$vi_xml" 2>"$TV_TMP/vi-$name.err"; then
        not_ok "$name: virt-install --print-xml for the same choices"
        tv_diag <"$TV_TMP/vi-$name.err"
        return
    fi
    ok "$name: virt-install --print-xml for the same choices"
    # virt-install prints the install-time XML and the final one; the last is what it keeps.
    python3 - "$vi_xml" >"$TV_TMP/vi-$name.final.xml" <<'EOF'
import sys, re
text = open(sys.argv[1]).read()
docs = re.findall(r"<domain.*?</domain>", text, re.S)
print(docs[-1])
EOF
    tl_virsh a define "$TV_TMP/vi-$name.final.xml" >/dev/null 2>"$TV_TMP/vi-def.err" ||
        tv_diag <"$TV_TMP/vi-def.err"
    tl_virsh a dumpxml --inactive tvl-vi-oracle >"$TV_TMP/vi-$name.libvirt.xml" 2>/dev/null
    tl_virsh a undefine --nvram tvl-vi-oracle >/dev/null 2>&1
    tl_virsh a dumpxml --inactive "$name" >"$TV_TMP/tv-$name.libvirt.xml" 2>/dev/null
    python3 - "$TV_TMP/tv-$name.libvirt.xml" "$TV_TMP/vi-$name.libvirt.xml" \
        >"$TV_TMP/cmp-$name.txt" <<'EOF'
import sys
import xml.etree.ElementTree as ET

def facts(path):
    d = ET.parse(path).getroot()
    f = {}
    t = d.find("os/type")
    f["machine"] = t.get("machine")
    f["firmware"] = d.find("os").get("firmware") or ("loader" if d.find("os/loader") is not None else "bios")
    cpu = d.find("cpu")
    f["cpu mode"] = cpu.get("mode") if cpu is not None else "none"
    f["clock"] = d.find("clock").get("offset")
    disks = [x for x in d.findall("devices/disk") if x.get("device") == "disk"]
    for i, k in enumerate(disks):
        drv = k.find("driver")
        f["disk%d bus" % i] = k.find("target").get("bus")
        for a in ("type", "cache", "io", "discard", "detect_zeroes"):
            f["disk%d %s" % (i, a)] = drv.get(a) if drv is not None else None
    cds = [x for x in d.findall("devices/disk") if x.get("device") == "cdrom"]
    for i, k in enumerate(cds):
        f["cdrom%d bus" % i] = k.find("target").get("bus")
    for i, n in enumerate(d.findall("devices/interface")):
        f["nic%d type" % i] = n.get("type")
        src = n.find("source")
        f["nic%d source" % i] = src.get("network") or src.get("bridge") or src.get("dev")
        m = n.find("model")
        f["nic%d model" % i] = m.get("type") if m is not None else None
        f["nic%d mac" % i] = n.find("mac").get("address")
    f["graphics"] = ",".join(sorted(g.get("type") for g in d.findall("devices/graphics"))) or "none"
    f["consoles"] = ",".join(c.get("type") for c in d.findall("devices/console"))
    return f

a, b = facts(sys.argv[1]), facts(sys.argv[2])
for k in sorted(set(a) | set(b)):
    print("%s\t%s\t%s" % (k, a.get(k), b.get(k)))
EOF
    local key got want
    while IFS=$'\t' read -r key got want; do
        check_eq "$name: $key as virt-install makes it ($want)" "$got" "$want"
    done <"$TV_TMP/cmp-$name.txt"
}

# ---- --exec: a VM that boots ---------------------------------------------------------------
ex domain-create name=tvl-new-ex install=kernel kernel="$LAB_GUEST_KERNEL" \
    initrd="$LAB_GUEST_INITRD" cmdline="$cmdline" os=linux2022 virt_type=qemu vcpus=1 \
    memory=192M disk.pool="$LAB_SHARED_POOL" disk.size=64M nic.source="$LAB_NETWORK" \
    graphics=none --format json
check_ex "--exec domain-create: exit 0" 0
mac=$(json mac)
uuid=$(json uuid)
check_in "...the volume in the shared pool" "$out" "\"volume\":\"$LAB_SHARED_POOL/tvl-new-ex.qcow2\""
check_eq "virsh domstate: running" "$(tl_state a tvl-new-ex)" running
check_eq "virsh domuuid: the UUID it reported" "$(tl_virsh a domuuid tvl-new-ex 2>/dev/null)" "$uuid"
check_in "virsh domiflist: the NIC on the lab network" <(tl_virsh a domiflist tvl-new-ex) \
    "network   $LAB_NETWORK   virtio   $mac"
check_eq "virsh domblklist: vda on the new volume" \
    "$(tl_virsh a domblklist tvl-new-ex | awk '$1 == "vda" {print $2}')" \
    "$LAB_SHARED_DIR/tvl-new-ex.qcow2"
check_in "virsh vol-info: 64 MiB" <(tl_virsh a vol-info --pool "$LAB_SHARED_POOL" tvl-new-ex.qcow2) \
    "64.00 MiB"

tv_start 120 30 -- -c "$LAB_URI_A"
tv_wait_row tvl-new-ex running >/dev/null
tv_pick tvl-new-ex
tv_keys c
tv_wait "tvirt-heartbeat" "$TL_BOOT" >/dev/null
check_screen "tvirt-heartbeat" "tvirt's console: the new VM's heartbeat"
tv_keys C-]
tv_stop

compare_with_virt_install tvl-new-ex --memory 192 --vcpus 1 --virt-type qemu \
    --osinfo linux2022 --boot "kernel=$LAB_GUEST_KERNEL,initrd=$LAB_GUEST_INITRD,kernel_args=$cmdline" \
    --disk "pool=$LAB_SHARED_POOL,size=0.0625,format=qcow2" \
    --network "network=$LAB_NETWORK,mac=$mac" --graphics none --noautoconsole

# ---- the wizard ------------------------------------------------------------------------------
tv_start 120 40 -- -c "$LAB_URI_A"
tv_wait_row tvl-new-ex running >/dev/null
tv_keys n
tv_wait "Step 1 of 6: Name and install" >/dev/null
check_screen "create VM on" "n opens the create wizard"
tv_type tvl-new-ui
tv_keys Tab Right Right Right
check_row "install: kernel" "Install from" "< kernel >"
tv_keys Tab
tv_type "$LAB_GUEST_KERNEL"
tv_keys Tab
tv_type "$LAB_GUEST_INITRD"
tv_keys Tab
tv_type "$cmdline"
tv_keys PageDown
tv_wait "Step 2 of 6: OS and CPU" >/dev/null
tv_keys C-u
tv_type linux2022
check_absent "still loading" "the OS is known once libosinfo's database is read" "$TL_WAIT"
tv_keys Tab C-u
tv_type qemu
tv_keys Tab Tab C-u
tv_type 1
tv_keys PageDown
tv_wait "Step 3 of 6" >/dev/null
tv_keys C-u
tv_type 192M
tv_keys PageDown
tv_wait "Step 4 of 6: Storage" >/dev/null
tv_keys Tab C-u
tv_type "$LAB_SHARED_POOL"
tv_keys Tab C-u
tv_type 64M
tv_keys PageDown
tv_wait "Step 5 of 6" >/dev/null
tv_keys Tab C-u
tv_type "$LAB_NETWORK"
tv_keys Up Up Space
check_row "open its console once it runs" "Open its console" "< yes >"
tv_keys PageDown
tv_wait "Review" >/dev/null
check_screen "Create 'tvl-new-ui' on" "the review page names the VM"
check_screen "virt-install" "the review page has the virt-install line" 
tv_keys C-s
tv_wait "tvirt-heartbeat" "$TL_BOOT" >/dev/null
check_screen "tvirt-heartbeat" "Ctrl+S creates it and its console opens by itself"
tv_keys C-]
tv_stop
check_eq "virsh domstate: the wizard's VM runs" "$(tl_state a tvl-new-ui)" running

# ---- Windows 10, defined only --------------------------------------------------------------
truncate -s 1M "$LAB_SHARED_DIR/tvl-fake.iso"
tl_virsh a pool-refresh "$LAB_SHARED_POOL" >/dev/null 2>&1
ex domain-create name=tvl-new-win install=iso iso="$LAB_SHARED_POOL/tvl-fake.iso" os=win10 \
    virt_type=qemu memory=256M disk.pool="$LAB_SHARED_POOL" disk.size=64M \
    nic.source="$LAB_NETWORK" graphics=vnc start=no --format json
check_ex "--exec domain-create win10, start=no: exit 0" 0
check_eq "virsh domstate: shut off" "$(tl_state a tvl-new-win)" "shut off"
compare_with_virt_install tvl-new-win --memory 256 --vcpus "$(tl_virsh a vcpucount tvl-new-win --config --maximum 2>/dev/null)" \
    --virt-type qemu --osinfo win10 --cdrom "$LAB_SHARED_DIR/tvl-fake.iso" \
    --disk "pool=$LAB_SHARED_POOL,size=0.0625,format=qcow2" \
    --network "network=$LAB_NETWORK,mac=$(json mac)" --graphics vnc --noautoconsole

# ---- a failed start leaves nothing -----------------------------------------------------------
vols_before=$(tl_virsh a vol-list "$LAB_SHARED_POOL" | wc -l)
ex domain-create name=tvl-new-bad install=kernel kernel=/nonexistent/vmlinuz os=linux2022 \
    virt_type=qemu memory=128M disk.pool="$LAB_SHARED_POOL" disk.size=64M nic.type=none \
    graphics=none --format json
check_ex "a kernel the host lacks: exit 1" 1
check_in "...in QEMU's words" "$out" "/nonexistent/vmlinuz"
check_in "...the definition undone" "$out" "undefined the new domain 'tvl-new-bad'"
check_in "...the volume undone" "$out" "deleted the new volume $LAB_SHARED_DIR/tvl-new-bad.qcow2"
tl_virsh a dominfo tvl-new-bad >/dev/null 2>&1
tv_result "$([ $? -ne 0 ]; echo $?)" "virsh dominfo: no tvl-new-bad"
check_eq "virsh vol-list: the pool holds what it held" \
    "$(tl_virsh a vol-list "$LAB_SHARED_POOL" | wc -l)" "$vols_before"

# ---- gone with its storage -------------------------------------------------------------------
ex domain-delete domain=tvl-new-ex storage=yes
check_ex "--exec domain-delete storage=yes: exit 0" 0
tl_virsh a dominfo tvl-new-ex >/dev/null 2>&1
tv_result "$([ $? -ne 0 ]; echo $?)" "virsh dominfo: tvl-new-ex is gone"
tl_virsh a vol-info --pool "$LAB_SHARED_POOL" tvl-new-ex.qcow2 >/dev/null 2>&1
tv_result "$([ $? -ne 0 ]; echo $?)" "virsh vol-info: its volume is gone too"
tl_done
