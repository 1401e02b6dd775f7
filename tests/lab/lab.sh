#!/bin/bash
# A two-host libvirt + QEMU lab on one machine, for tvirt's tests of remote hosts and
# migration.  Each host ("a" and "b") is a network namespace plus a private mount and UTS
# namespace running its own libvirtd, with its own /etc/libvirt, /run/libvirt,
# /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt bind-mounted from the state
# directory, listening on TCP (no auth, no TLS) on its own address on a bridge that lives
# in the root namespace and reaches nowhere else.  /work/shared/LAB-FACTS.md explains why
# each setting is what it is.
#
#   lab.sh deps                 install the Debian packages, create libvirt-qemu/kvm
#   lab.sh check                exit 0 when everything `deps` installs is there, else list it
#   lab.sh up                   bring both hosts up (idempotent); prints the two URIs
#   lab.sh down [--purge|--purge-all]
#                               stop what `up` started, remove namespaces, links, bridge;
#                               --purge also removes the state (not the guest image cache),
#                               --purge-all removes the whole state directory
#   lab.sh status               exit 0 when both hosts and the iSCSI target answer
#   lab.sh env                  shell assignments (LAB_URI_A=...) for tests to eval
#   lab.sh build                build (or check the cache of) the guest kernel and initramfs
#   lab.sh accel                print kvm or qemu (TCG), probing KVM once and caching it
#   lab.sh guest NAME HOST [--dirty MIB_S] [--mem MIB] [--disk-rate KIB_S] [--iscsi]
#                               define and start a workload guest on host a or b; its
#                               disk is a qcow2 volume in the shared dir pool, or with
#                               --iscsi a LUN of the lab's iSCSI target
#   lab.sh guest-rm NAME        destroy and undefine NAME on both hosts, delete its disk
#   lab.sh send NAME HOST TEXT  type TEXT and Enter on NAME's serial console
#
# Environment: TVIRT_LAB_DIR (state, default /var/tmp/tvirt-lab), TVIRT_LAB_NET (first three
# octets of the lab's private /24, default 10.77.0), TVIRT_LAB_ACCEL (kvm or qemu: skip the
# probe), TVIRT_LAB_PROBE_TIMEOUT (seconds the KVM probe waits for a heartbeat, default 20;
# the verdict is cached in $TVIRT_LAB_DIR/guest/accel: delete it to probe again).
set -euo pipefail

LAB_SELF=$(readlink -f "${BASH_SOURCE[0]}")
LAB_SRC=$(dirname "$LAB_SELF")
LAB_DIR=${TVIRT_LAB_DIR:-/var/tmp/tvirt-lab}
LAB_NET=${TVIRT_LAB_NET:-10.77.0}
export TVIRT_LAB_DIR=$LAB_DIR TVIRT_LAB_NET=$LAB_NET
# `down --purge` removes directories under it: only an absolute path two levels deep.
[[ $LAB_DIR == /*/?* ]] || { echo "lab: TVIRT_LAB_DIR must be an absolute path" >&2; exit 1; }
[[ $LAB_NET =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] ||
    { echo "lab: TVIRT_LAB_NET must be three octets, e.g. 10.77.0" >&2; exit 1; }

LAB_HOSTS="a b"
LAB_BRIDGE=tvlab0           # root-namespace bridge joining the hosts
LAB_GUEST_NET=tvlab         # libvirt network, same definition on both hosts
LAB_GUEST_BRIDGE=tvlabbr0   # its bridge, inside each host's namespace
LAB_SHARED_POOL=shared
LAB_LOCAL_POOL=local
LAB_LOCAL_PATH=/var/lib/libvirt/images  # as the hosts see it; a different dir per host
LAB_SHARED_DIR=$LAB_DIR/shared
LAB_GUEST_DIR=$LAB_DIR/guest            # kernel, initramfs, accel verdict: survive --purge
LAB_CONSOLE_DIR=$LAB_DIR/consoles
LAB_DISK_MIB=64

# The iSCSI target: a userspace tgtd in the root namespace on the bridge address, one target
# whose LUNs are files under $LAB_ISCSI_DIR (lun-N-GUEST.raw), and an iscsi-direct pool on
# both hosts over it.  Guests on its LUNs migrate without VIR_MIGRATE_UNSAFE: libvirt does
# not ask whether a network disk is shared.
LAB_ISCSI_DIR=$LAB_DIR/iscsi
LAB_ISCSI_ADDR=$LAB_NET.254
LAB_ISCSI_PORT=3260
LAB_ISCSI_IQN=iqn.2026-11.tvirt.lab:shared
LAB_ISCSI_TID=1
LAB_ISCSI_POOL=iscsi
# tgtd's management socket is /run/tgtd/socket.N: not 0, which a system tgtd would use.
LAB_TGT_CONTROL=7707

# Directories each libvirtd gets a private copy of, as "subdir:mountpoint".
LAB_PRIVATE_DIRS="etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt log:/var/log/libvirt
    cache:/var/cache/libvirt"

LAB_PKGS="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
    qemu-utils dnsmasq-base iproute2 iptables busybox-static cpio gcc libc6-dev binutils
    util-linux procps gzip tgt qemu-block-extra libvirt-daemon-driver-storage-iscsi-direct"

log() {
    echo "lab: $*" >&2
}

# Runs "$@" every 0.1 s until it succeeds or $1 seconds have passed.
poll() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# A zombie counts as gone: it has exited and only waits for its parent (not us) to reap it.
pid_gone() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    [ "${stat%% *}" = Z ]
}

die() {
    echo "lab: error: $*" >&2
    exit 1
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "must run as root (namespaces, bridges, libvirtd)"
}

# ---- per-host names ----------------------------------------------------------------------

host_check() {
    case $1 in
    a | b) ;;
    *) die "unknown host '$1' (a or b)" ;;
    esac
}

host_addr() {
    case $1 in
    a) echo "$LAB_NET.1" ;;
    b) echo "$LAB_NET.2" ;;
    esac
}

host_ns() { echo "tvlab-$1"; }
host_veth() { echo "tvlab-$1-r"; }   # root-side end; the other end is eth0 in the host
host_dir() { echo "$LAB_DIR/hosts/$1"; }
host_pidfile() { echo "$LAB_DIR/pids/$1.libvirtd"; }
host_initiator() { echo "iqn.2026-11.tvirt.lab:host-$1"; }
tcp_uri() { echo "qemu+tcp://$(host_addr "$1")/system"; }
unix_uri() { echo "qemu+unix:///system?socket=$(host_dir "$1")/run/libvirt-sock"; }

# virsh on a host's private unix socket: it keeps working while a test cuts the network.
# The timeout keeps a frozen (SIGSTOPped) daemon from hanging the lab's own commands.
vsh() {
    local h=$1
    shift
    timeout 60 virsh -q -c "$(unix_uri "$h")" "$@"
}

# ---- deps --------------------------------------------------------------------------------

missing_deps() {
    local missing="" c
    for c in libvirtd virsh qemu-system-x86_64 qemu-img ip iptables cpio gcc readelf \
        unshare setsid timeout tgtd tgtadm; do
        command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
    done
    # The guest has no libc: only the static build of busybox runs there.
    if [ ! -x /bin/busybox ] ||
        [[ $(LC_ALL=C readelf -l /bin/busybox 2>&1) == *"program interpreter"* ]]; then
        missing="$missing busybox-static"
    fi
    [ -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ] ||
        missing="$missing libvirt-daemon-driver-qemu"
    # QEMU's iSCSI client (libiscsi) and libvirt's userspace iSCSI pool.
    [ -e /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so ] ||
        missing="$missing qemu-block-extra"
    [ -e /usr/lib/x86_64-linux-gnu/libvirt/storage-backend/libvirt_storage_backend_iscsi-direct.so ] ||
        missing="$missing libvirt-daemon-driver-storage-iscsi-direct"
    getent group kvm >/dev/null || missing="$missing group:kvm"
    getent group libvirt-qemu >/dev/null || missing="$missing group:libvirt-qemu"
    getent passwd libvirt-qemu >/dev/null || missing="$missing user:libvirt-qemu"
    echo "${missing# }"
}

cmd_check() {
    local m
    m=$(missing_deps)
    [ -z "$m" ] || {
        echo "missing: $m"
        return 1
    }
}

cmd_deps() {
    need_root
    # A package configure step must never stop at a prompt over a hand-edited config file.
    local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600
        -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef)
    # Word splitting of the package list is intended.
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends $LAB_PKGS ||
        {
            DEBIAN_FRONTEND=noninteractive "${apt[@]}" update
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends \
                $LAB_PKGS
        }
    # libvirtd parses its compiled-in user/group before qemu.conf's "root" and dies on a
    # machine that lacks them.
    getent group kvm >/dev/null || groupadd -r kvm
    getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
    getent passwd libvirt-qemu >/dev/null ||
        useradd -r -g kvm -G libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
    local m
    m=$(missing_deps)
    [ -z "$m" ] || die "still missing after install: $m"
    log "dependencies installed"
}

# ---- configuration -----------------------------------------------------------------------

write_host_config() {
    local h=$1 d addr uuid
    d=$(host_dir "$h")
    addr=$(host_addr "$h")
    mkdir -p "$d"/{etc,run,lib,log,cache} "$d/lib/images" "$LAB_SHARED_DIR" \
        "$LAB_CONSOLE_DIR" "$LAB_DIR/pids" "$LAB_DIR/domains"
    # A distinct, stable host UUID: the destination refuses a migration from a daemon with
    # its own UUID ("Attempt to migrate guest to the same host").
    if [ ! -s "$d/host-uuid" ]; then
        cat /proc/sys/kernel/random/uuid >"$d/host-uuid"
    fi
    uuid=$(cat "$d/host-uuid")
    # The daemon runs as "tvlabd-a"/"tvlabd-b" (a symlink to libvirtd) with a config file
    # of that name: a `killall libvirtd` or `pkill -f libvirtd` meant for another
    # libvirtd on this machine then leaves the lab alone.
    mkdir -p "$LAB_DIR/bin"
    ln -sfn "$(command -v libvirtd)" "$LAB_DIR/bin/tvlabd-$h"
    cat >"$d/etc/tvlabd.conf" <<EOF
# Written by tests/lab/lab.sh: host $h of the tvirt lab.  Plain TCP, no auth: the address
# exists only on a bridge inside this machine.
listen_tls = 0
listen_tcp = 1
listen_addr = "$addr"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
host_uuid = "$uuid"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOF
    # No cgroups (no systemd, and both daemons would share one tree), no private /dev
    # namespaces, no virtlogd, no security labels: one root-owned QEMU per guest.
    cat >"$d/etc/qemu.conf" <<EOF
# Written by tests/lab/lab.sh: host $h of the tvirt lab.
user = "root"
group = "root"
security_driver = "none"
remember_owner = 0
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
migration_address = "$addr"
migration_host = "$addr"
EOF
    # Names resolve inside the lab without the machine's resolver.
    cat >"$d/hosts" <<EOF
127.0.0.1 localhost
$(host_addr a) tvlab-a
$(host_addr b) tvlab-b
EOF
}

# ---- network -----------------------------------------------------------------------------

# `ip netns add` turns /run/netns into a mount point; remember how it was so `down` can put
# it back.  Recorded once, before the first namespace of a lab that was down.
record_netns_dir() {
    local f=$LAB_DIR/pids/run-netns
    [ -s "$f" ] && return 0
    if mountpoint -q /run/netns 2>/dev/null; then
        echo mount >"$f"
    elif [ -d /run/netns ]; then
        echo dir >"$f"
    else
        echo absent >"$f"
    fi
}

net_up() {
    local h ns veth
    record_netns_dir
    if ! ip link show dev "$LAB_BRIDGE" >/dev/null 2>&1; then
        ip link add "$LAB_BRIDGE" type bridge
    fi
    ip addr replace "$LAB_NET.254/24" dev "$LAB_BRIDGE"
    ip link set "$LAB_BRIDGE" up
    for h in $LAB_HOSTS; do
        ns=$(host_ns "$h")
        veth=$(host_veth "$h")
        [ -e "/run/netns/$ns" ] || ip netns add "$ns"
        if ! ip link show dev "$veth" >/dev/null 2>&1; then
            ip link add "$veth" type veth peer name "tvlab-$h-n" netns "$ns"
            ip -n "$ns" link set "tvlab-$h-n" name eth0
        fi
        ip link set "$veth" master "$LAB_BRIDGE" up
        ip -n "$ns" link set lo up
        ip -n "$ns" addr replace "$(host_addr "$h")/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
}

net_down() {
    local h ns veth
    for h in $LAB_HOSTS; do
        ns=$(host_ns "$h")
        veth=$(host_veth "$h")
        ! ip link show dev "$veth" >/dev/null 2>&1 || ip link del "$veth"
        [ ! -e "/run/netns/$ns" ] || ip netns del "$ns"
    done
    ! ip link show dev "$LAB_BRIDGE" >/dev/null 2>&1 || ip link del "$LAB_BRIDGE"
    local f=$LAB_DIR/pids/run-netns
    if [ -s "$f" ]; then
        # Only when no one else's namespace is left in there.
        if [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
            case $(cat "$f") in
            absent)
                ! mountpoint -q /run/netns || umount /run/netns
                rmdir /run/netns 2>/dev/null || true
                ;;
            dir) ! mountpoint -q /run/netns || umount /run/netns ;;
            esac
        fi
        rm -f "$f"
    fi
}

# ---- daemons -----------------------------------------------------------------------------

# Prints the recorded libvirtd pid of host $1 when that process is alive, is libvirtd and
# lives in the host's network namespace: a recycled pid is never taken for ours.
host_pid() {
    local h=$1 pid f ns
    f=$(host_pidfile "$h")
    [ -s "$f" ] || return 1
    pid=$(cat "$f")
    ns=/run/netns/$(host_ns "$h")
    [ -d "/proc/$pid" ] && [ -e "$ns" ] || return 1
    [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *tvlabd-$h* ]] || return 1
    [ "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" = "$(stat -L -c %i "$ns")" ] ||
        return 1
    echo "$pid"
}

# Mount points that do not exist on a machine without libvirt's state dirs are made here
# and removed again by `down`.
make_mountpoints() {
    local pair mp
    for pair in $LAB_PRIVATE_DIRS; do
        mp=${pair#*:}
        if [ ! -d "$mp" ]; then
            mkdir -p "$mp"
            echo "$mp" >>"$LAB_DIR/pids/created-dirs"
        fi
    done
}

# Both hosts run the same QEMU and kernel, so a probe result is valid for both; libvirtd
# still checks each cached file against the binary's timestamps and re-probes if stale.
seed_caps_cache() {
    local h=$1 o caps
    caps=$(host_dir "$h")/cache/qemu/capabilities
    [ -z "$(ls -A "$caps" 2>/dev/null)" ] || return 0
    for o in $LAB_HOSTS; do
        [ "$o" != "$h" ] || continue
        if [ -n "$(ls -A "$(host_dir "$o")/cache/qemu/capabilities" 2>/dev/null)" ]; then
            mkdir -p "$caps"
            cp -p "$(host_dir "$o")"/cache/qemu/capabilities/*.xml "$caps/"
            return 0
        fi
    done
}

pidfile_or_dead() { [ -s "$1" ] || pid_gone "$2"; }

start_host() {
    local h=$1 d pid
    d=$(host_dir "$h")
    if pid=$(host_pid "$h"); then
        log "host $h: libvirtd already running (pid $pid)"
        return 0
    fi
    rm -f "$d/run/tvlabd.pid" "$d/run/libvirt-sock" "$d/run/libvirt-sock-ro"
    # setsid: the daemon outlives this shell and no terminal signal reaches it.  Every
    # program in the chain execs the next without forking, so $! ends up as libvirtd.
    (cd / && exec setsid ip netns exec "$(host_ns "$h")" \
        unshare --mount --uts --propagation private "$LAB_SELF" _host-init "$h") \
        </dev/null >>"$d/daemon.out" 2>&1 &
    pid=$!
    echo "$pid" >"$(host_pidfile "$h")"
    # Trust libvirtd's own pid file once it exists, in case something in the chain forked.
    if poll 10 pidfile_or_dead "$d/run/tvlabd.pid" "$pid" &&
        [ -s "$d/run/tvlabd.pid" ]; then
        pid=$(cat "$d/run/tvlabd.pid")
        echo "$pid" >"$(host_pidfile "$h")"
    fi
    host_pid "$h" >/dev/null || {
        tail -n 20 "$d/daemon.out" >&2
        die "host $h: libvirtd did not start (see $d/daemon.out, $d/log/libvirtd.log)"
    }
    log "host $h: libvirtd started (pid $pid)"
}

# Descriptors inherited from whoever ran `lab.sh up` (a test harness's pipes, make's
# jobserver, the lab lock's descriptor: a daemon holding that keeps the lock taken for
# its lifetime) must not stay open in a daemon.  Bash marks its own script descriptor
# (255) close-on-exec already.  For the shell that is about to exec the daemon.
close_inherited_fds() {
    local f
    for f in /proc/self/fd/*; do
        f=${f##*/}
        if [ "$f" -gt 2 ] && [ "$f" -ne 255 ]; then
            eval "exec $f>&-"
        fi
    done
}

# Runs inside the host's fresh mount and UTS namespaces (see start_host).
host_init() {
    local h=$1 d pair f
    host_check "$h"
    d=$(host_dir "$h")
    for pair in $LAB_PRIVATE_DIRS; do
        mount --bind "$d/${pair%%:*}" "${pair#*:}"
    done
    mount --bind "$d/hosts" /etc/hosts
    hostname "tvlab-$h"
    # This namespace holds copies of the /run/netns bind mounts; dropping them lets `ip
    # netns del` in the root namespace free the namespaces for real.
    for f in /run/netns/*; do
        if [ -e "$f" ]; then
            umount "$f" 2>/dev/null || true
        fi
    done
    close_inherited_fds
    exec "$LAB_DIR/bin/tvlabd-$h" --listen --pid-file /run/libvirt/tvlabd.pid \
        --config /etc/libvirt/tvlabd.conf
}

wait_host() {
    local h=$1 deadline=$((SECONDS + 60))
    until timeout 10 virsh -q -c "$(tcp_uri "$h")" version >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || die "host $h: no answer on $(tcp_uri "$h")"
        host_pid "$h" >/dev/null || die "host $h: libvirtd died (see $(host_dir "$h")/log)"
        sleep 0.2
    done
}

netns_empty() { [ -z "$(ip netns pids "$1" 2>/dev/null)" ]; }

# Destroys the host's running guests, stops its libvirtd by recorded pid, then stops any
# QEMU or other process that outlived it inside the host's namespace (all started by the lab).
stop_host() {
    local h=$1 pid d dom f p ns
    d=$(host_dir "$h")
    if pid=$(host_pid "$h"); then
        kill -CONT "$pid" 2>/dev/null || true    # a test may have left it frozen
        for dom in $(vsh "$h" list --name 2>/dev/null); do
            log "host $h: destroying guest $dom"
            vsh "$h" destroy "$dom" >/dev/null 2>&1 || true
        done
        kill -TERM "$pid" 2>/dev/null || true
        if ! poll 10 pid_gone "$pid"; then
            log "host $h: libvirtd $pid ignored SIGTERM, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        log "host $h: libvirtd $pid stopped"
    fi
    rm -f "$(host_pidfile "$h")"
    for f in "$d"/run/qemu/*.pid; do
        [ -s "$f" ] || continue
        p=$(cat "$f")
        if [[ $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) == *qemu-system* ]]; then
            log "host $h: killing leftover QEMU $p"
            kill -KILL "$p" 2>/dev/null || true
        fi
    done
    ns=$(host_ns "$h")
    if [ -e "/run/netns/$ns" ]; then
        for p in $(ip netns pids "$ns" 2>/dev/null); do
            # A zombie has no command line and nothing left to kill.
            [ -s "/proc/$p/cmdline" ] || continue
            log "host $h: killing leftover process $p ($(tr '\0' ' ' <"/proc/$p/cmdline"))"
            kill -KILL "$p" 2>/dev/null || true
        done
        poll 5 netns_empty "$ns" || log "host $h: processes left in $ns"
    fi
}

# ---- iSCSI target (root namespace) -------------------------------------------------------

# The pid file lives beside the LUNs, not in pids/, so that the LUNs and the daemon serving
# them are forgotten together.
tgt_pidfile() { echo "$LAB_ISCSI_DIR/tgtd.pid"; }

# Prints the recorded tgtd pid when that process is alive and is the lab's tgtd (its
# control port on the command line): a recycled pid, or a system tgtd, is never taken.
tgt_pid() {
    local f pid
    f=$(tgt_pidfile)
    [ -s "$f" ] || return 1
    pid=$(cat "$f")
    [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == tgtd\ *-C\ $LAB_TGT_CONTROL\ * ]] ||
        return 1
    echo "$pid"
}

# tgtadm on the lab's tgtd.
tadm() {
    timeout 30 tgtadm -C "$LAB_TGT_CONTROL" --lld iscsi "$@"
}

tgt_answers() { tadm --mode target --op show >/dev/null 2>&1; }

# The LUN numbers the target serves (not 0, the controller), one a line.  (`--op show
# --tid N` prints the target's iSCSI parameters, not its LUNs: read its block of the list.)
tgt_luns() {
    tadm --mode target --op show 2>/dev/null |
        awk -v t="Target $LAB_ISCSI_TID:" '/^Target / { in_t = index($0, t) == 1; next }
            in_t && $1 == "LUN:" && $2 != 0 { print $2 }' || true
}

# LUN backing files are lun-N-GUEST.raw: prints "N GUEST" for each.
iscsi_files() {
    local f b
    for f in "$LAB_ISCSI_DIR"/lun-*.raw; do
        [ -e "$f" ] || continue
        b=${f##*/lun-}
        b=${b%.raw}
        [[ ${b%%-*} =~ ^[0-9]+$ ]] || continue
        echo "${b%%-*} ${b#*-}"
    done
}

# The LUN of guest $1, or nothing.
iscsi_lun_of() {
    local n g
    while read -r n g; do
        if [ "$g" = "$1" ]; then
            echo "$n"
            return 0
        fi
    done < <(iscsi_files)
}

tgt_add_lun() {
    local n=$1 f=$2
    tadm --mode logicalunit --op new --tid "$LAB_ISCSI_TID" --lun "$n" --backing-store "$f" \
        >/dev/null
}

# Starts tgtd (unless it runs), makes the target and binds it to the lab's /24, and serves
# again every LUN whose backing file is there (guests defined before a `down` keep their
# disks).  Needs the bridge: the portal is the bridge's address.
tgt_up() {
    local pid n g f have
    mkdir -p "$LAB_ISCSI_DIR"
    if pid=$(tgt_pid); then
        log "iscsi: tgtd already running (pid $pid)"
    else
        # tgtd does not fail when its portal is taken: it serves nothing there.
        if [[ $(ss -Hltnp "sport = :$LAB_ISCSI_PORT" 2>/dev/null) == *"$LAB_ISCSI_ADDR:"* ]]
        then
            die "iscsi: $LAB_ISCSI_ADDR:$LAB_ISCSI_PORT is taken:" \
                "$(ss -Hltnp "sport = :$LAB_ISCSI_PORT" | tr -s ' ')"
        fi
        [ -d /run/tgtd ] || echo /run/tgtd >>"$LAB_DIR/pids/created-dirs"
        # setsid and exec all the way: $! is tgtd itself (-f: it does not fork).
        (cd / && close_inherited_fds && exec setsid tgtd -f -C "$LAB_TGT_CONTROL" \
            --iscsi "portal=$LAB_ISCSI_ADDR:$LAB_ISCSI_PORT") \
            </dev/null >>"$LAB_ISCSI_DIR/tgtd.out" 2>&1 &
        pid=$!
        echo "$pid" >"$(tgt_pidfile)"
        if ! poll 10 tgt_answers || ! tgt_pid >/dev/null; then
            tail -n 20 "$LAB_ISCSI_DIR/tgtd.out" >&2
            tgt_down
            die "iscsi: tgtd did not start (see $LAB_ISCSI_DIR/tgtd.out)"
        fi
        log "iscsi: tgtd started (pid $pid)"
    fi
    # tgtd keeps running when it cannot bind its portal (another target on the port).
    if [[ $(tadm --mode portal --op show 2>/dev/null) != *"$LAB_ISCSI_ADDR:$LAB_ISCSI_PORT,"* ]]
    then
        tail -n 20 "$LAB_ISCSI_DIR/tgtd.out" >&2
        tgt_down
        die "iscsi: tgtd does not listen on $LAB_ISCSI_ADDR:$LAB_ISCSI_PORT (port taken?)"
    fi
    if [[ $(tadm --mode target --op show) != *"Target $LAB_ISCSI_TID: $LAB_ISCSI_IQN"* ]]; then
        tadm --mode target --op new --tid "$LAB_ISCSI_TID" --targetname "$LAB_ISCSI_IQN"
        tadm --mode target --op bind --tid "$LAB_ISCSI_TID" --initiator-address "$LAB_NET.0/24"
    fi
    have=" $(tgt_luns | tr '\n' ' ')"
    while read -r n g; do
        f=$LAB_ISCSI_DIR/lun-$n-$g.raw
        [[ $have == *" $n "* ]] || tgt_add_lun "$n" "$f"
    done < <(iscsi_files)
}

# True once process $1 has exited for good.  tgtd runs I/O threads: a leader thread that
# has exited already shows as a zombie while the others still serve, so "zombie" is not
# enough here; a process that is really gone has no command line left.
proc_gone() { [ -z "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" ]; }

# Stops the lab's tgtd (by recorded pid only).  It ignores SIGTERM while it has targets:
# delete the target, then ask it to exit.
tgt_down() {
    local pid
    if pid=$(tgt_pid); then
        tadm --mode target --op delete --force --tid "$LAB_ISCSI_TID" >/dev/null 2>&1 || true
        timeout 10 tgtadm -C "$LAB_TGT_CONTROL" --mode system --op delete >/dev/null 2>&1 ||
            true
        if ! poll 10 proc_gone "$pid"; then
            log "iscsi: tgtd $pid did not exit, killing it"
            kill -KILL "$pid" 2>/dev/null || true
            poll 5 proc_gone "$pid" || die "iscsi: tgtd $pid survives SIGKILL"
        fi
        # Only now: a new tgtd would take over the socket of one still running.
        rm -f "/run/tgtd/socket.$LAB_TGT_CONTROL" "/run/tgtd/socket.$LAB_TGT_CONTROL.lock"
        log "iscsi: tgtd $pid stopped"
    fi
    rm -f "$(tgt_pidfile)"
}

# Makes a LUN for guest $1 (the lowest free number from 1) and prints its number.
iscsi_lun_new() {
    local name=$1 n=1 f used
    tgt_pid >/dev/null || die "iscsi: tgtd is not running (run: $0 up)"
    # Captured first: a pipe into `grep -q` could fail under pipefail.
    used=" $(iscsi_files | cut -d' ' -f1 | tr '\n' ' ') $(tgt_luns | tr '\n' ' ') "
    while [[ $used == *" $n "* ]]; do
        n=$((n + 1))
    done
    f=$LAB_ISCSI_DIR/lun-$n-$name.raw
    truncate -s "${LAB_DISK_MIB}M" "$f"
    tgt_add_lun "$n" "$f" || {
        rm -f "$f"
        die "iscsi: cannot add LUN $n for $name"
    }
    echo "$n"
}

# Removes guest $1's LUN (if any) from the target and deletes its file.  Fails, keeping
# both, when the target does not let go of the LUN.
iscsi_lun_rm() {
    local n luns
    n=$(iscsi_lun_of "$1")
    [ -n "$n" ] || return 0
    if tgt_pid >/dev/null; then
        luns=" $(tgt_luns | tr '\n' ' ')"
        if [[ $luns == *" $n "* ]] &&
            ! tadm --mode logicalunit --op delete --tid "$LAB_ISCSI_TID" --lun "$n" >&2; then
            log "iscsi: cannot delete LUN $n of $1"
            return 1
        fi
    fi
    rm -f "$LAB_ISCSI_DIR/lun-$n-$1.raw"
}

# ---- storage and network inside the hosts -----------------------------------------------

ensure_pool() {
    local h=$1 name=$2 path=$3
    if ! vsh "$h" pool-info "$name" >/dev/null 2>&1; then
        vsh "$h" pool-define-as "$name" dir --target "$path" >/dev/null
    fi
    # Matched on a captured copy: `grep -q` closing the pipe early would fail the pipeline.
    if [[ ! $(vsh "$h" pool-info "$name") =~ State:\ *running ]]; then
        vsh "$h" pool-start "$name" >/dev/null
    fi
    vsh "$h" pool-autostart "$name" >/dev/null
}

# The iscsi-direct pool: libvirt's own iSCSI client (libiscsi) logs in to the target as the
# host's initiator; each LUN is a volume unit:0:0:N.  Nothing appears in the host's kernel.
ensure_iscsi_pool() {
    local h=$1 xml out
    if ! vsh "$h" pool-info "$LAB_ISCSI_POOL" >/dev/null 2>&1; then
        xml=$LAB_DIR/domains/pool-$LAB_ISCSI_POOL-$h.xml
        cat >"$xml" <<EOX
<pool type='iscsi-direct'>
  <name>$LAB_ISCSI_POOL</name>
  <source>
    <host name='$LAB_ISCSI_ADDR' port='$LAB_ISCSI_PORT'/>
    <device path='$LAB_ISCSI_IQN'/>
    <initiator>
      <iqn name='$(host_initiator "$h")'/>
    </initiator>
  </source>
</pool>
EOX
        if ! out=$(vsh "$h" pool-define "$xml" 2>&1); then
            # A daemon started before the package was installed has no such backend.
            [[ $out != *"missing backend"* ]] ||
                die "host $h: $out (installed after libvirtd started: run $0 down, then up)"
            die "host $h: $out"
        fi
    fi
    if [[ ! $(vsh "$h" pool-info "$LAB_ISCSI_POOL") =~ State:\ *running ]]; then
        vsh "$h" pool-start "$LAB_ISCSI_POOL" >/dev/null
    fi
    vsh "$h" pool-autostart "$LAB_ISCSI_POOL" >/dev/null
}

# Makes both hosts' iSCSI pools list the target's LUNs as they are now.
refresh_iscsi_pools() {
    local h
    for h in $LAB_HOSTS; do
        host_pid "$h" >/dev/null || continue
        vsh "$h" pool-refresh "$LAB_ISCSI_POOL" >/dev/null 2>&1 ||
            log "host $h: cannot refresh pool $LAB_ISCSI_POOL"
    done
}

ensure_network() {
    local h=$1 xml
    if ! vsh "$h" net-info "$LAB_GUEST_NET" >/dev/null 2>&1; then
        # Isolated: no <forward>, no <ip>, so no dnsmasq and nothing routed anywhere.
        xml=$LAB_DIR/domains/net-$LAB_GUEST_NET.xml
        cat >"$xml" <<EOF
<network>
  <name>$LAB_GUEST_NET</name>
  <bridge name='$LAB_GUEST_BRIDGE' stp='off' delay='0'/>
</network>
EOF
        vsh "$h" net-define "$xml" >/dev/null
    fi
    if [[ ! $(vsh "$h" net-info "$LAB_GUEST_NET") =~ Active:\ *yes ]]; then
        vsh "$h" net-start "$LAB_GUEST_NET" >/dev/null
    fi
    vsh "$h" net-autostart "$LAB_GUEST_NET" >/dev/null
}

# ---- commands ----------------------------------------------------------------------------

cmd_up() {
    local h m t0=$SECONDS
    need_root
    m=$(missing_deps)
    [ -z "$m" ] || die "missing: $m (run: $0 deps)"
    for h in $LAB_HOSTS; do
        write_host_config "$h"
    done
    make_mountpoints
    net_up
    # Before the daemons: they start their autostarted iSCSI pools at once.
    tgt_up
    # One after the other: the second daemon reuses the QEMU capabilities the first one
    # probed (seconds to a minute on a busy machine) instead of probing them again.
    for h in $LAB_HOSTS; do
        seed_caps_cache "$h"
        start_host "$h"
        wait_host "$h"
    done
    for h in $LAB_HOSTS; do
        ensure_pool "$h" "$LAB_SHARED_POOL" "$LAB_SHARED_DIR"
        ensure_pool "$h" "$LAB_LOCAL_POOL" "$LAB_LOCAL_PATH"
        ensure_iscsi_pool "$h"
        ensure_network "$h"
    done
    log "up in $((SECONDS - t0)) s"
    for h in $LAB_HOSTS; do
        tcp_uri "$h"
    done
}

cmd_down() {
    local purge=${1:-} h
    need_root
    case $purge in
    '' | --purge | --purge-all) ;;
    *) die "usage: lab.sh down [--purge|--purge-all]" ;;
    esac
    for h in $LAB_HOSTS; do
        stop_host "$h"
    done
    # After the guests whose disks it serves.
    tgt_down
    net_down
    if [ -s "$LAB_DIR/pids/created-dirs" ]; then
        # Deepest first; rmdir leaves anything someone else has put there since.
        sort -r "$LAB_DIR/pids/created-dirs" | while read -r d; do
            rmdir "$d" 2>/dev/null || log "left $d in place (not empty)"
        done
        rm -f "$LAB_DIR/pids/created-dirs"
    fi
    case $purge in
    --purge)
        rm -rf "${LAB_DIR:?}/hosts" "${LAB_DIR:?}/shared" "${LAB_DIR:?}/consoles" \
            "${LAB_DIR:?}/domains" "${LAB_DIR:?}/pids" "${LAB_DIR:?}/bin" \
            "${LAB_DIR:?}/iscsi"
        ;;
    --purge-all) rm -rf "${LAB_DIR:?}" ;;
    esac
    log "down"
}

cmd_status() {
    local h pid rc=0 doms
    for h in $LAB_HOSTS; do
        if pid=$(host_pid "$h") &&
            timeout 10 virsh -q -c "$(tcp_uri "$h")" version >/dev/null 2>&1; then
            doms=$(vsh "$h" list --all --name 2>/dev/null | tr '\n' ' ')
            echo "host $h: up, libvirtd pid $pid, $(tcp_uri "$h"), guests: ${doms:-none}"
        else
            echo "host $h: down"
            rc=1
        fi
    done
    if ip link show dev "$LAB_BRIDGE" >/dev/null 2>&1; then
        echo "bridge $LAB_BRIDGE: present"
    else
        echo "bridge $LAB_BRIDGE: absent"
    fi
    if pid=$(tgt_pid) && tgt_answers; then
        echo "iscsi target $LAB_ISCSI_IQN: up, tgtd pid $pid," \
            "$LAB_ISCSI_ADDR:$LAB_ISCSI_PORT, LUNs: $(tgt_luns | tr '\n' ' ')"
    else
        echo "iscsi target: down"
        rc=1
    fi
    echo "guest accel: $(cut -d' ' -f1 "$LAB_GUEST_DIR/accel" 2>/dev/null || echo 'not probed')"
    return "$rc"
}

cmd_env() {
    local h H
    for h in $LAB_HOSTS; do
        H=${h^^}
        printf 'LAB_URI_%s=%q\n' "$H" "$(tcp_uri "$h")"
        printf 'LAB_UNIX_URI_%s=%q\n' "$H" "$(unix_uri "$h")"
        printf 'LAB_ADDR_%s=%q\n' "$H" "$(host_addr "$h")"
        printf 'LAB_NETNS_%s=%q\n' "$H" "$(host_ns "$h")"
        printf 'LAB_VETH_%s=%q\n' "$H" "$(host_veth "$h")"
        printf 'LAB_PID_%s=%q\n' "$H" "$(host_pid "$h" || true)"
        printf 'LAB_LOCAL_DIR_%s=%q\n' "$H" "$(host_dir "$h")/lib/images"
        printf 'LAB_LOG_%s=%q\n' "$H" "$(host_dir "$h")/log/libvirtd.log"
        printf 'LAB_ISCSI_INITIATOR_%s=%q\n' "$H" "$(host_initiator "$h")"
    done
    printf 'LAB_DIR=%q\n' "$LAB_DIR"
    printf 'LAB_ROOT_ADDR=%q\n' "$LAB_NET.254"
    printf 'LAB_BRIDGE=%q\n' "$LAB_BRIDGE"
    printf 'LAB_SHARED_POOL=%q\n' "$LAB_SHARED_POOL"
    printf 'LAB_SHARED_DIR=%q\n' "$LAB_SHARED_DIR"
    printf 'LAB_LOCAL_POOL=%q\n' "$LAB_LOCAL_POOL"
    printf 'LAB_LOCAL_PATH=%q\n' "$LAB_LOCAL_PATH"
    printf 'LAB_NETWORK=%q\n' "$LAB_GUEST_NET"
    printf 'LAB_CONSOLE_DIR=%q\n' "$LAB_CONSOLE_DIR"
    printf 'LAB_ISCSI_IQN=%q\n' "$LAB_ISCSI_IQN"
    printf 'LAB_ISCSI_ADDR=%q\n' "$LAB_ISCSI_ADDR"
    printf 'LAB_ISCSI_PORT=%q\n' "$LAB_ISCSI_PORT"
    printf 'LAB_ISCSI_POOL=%q\n' "$LAB_ISCSI_POOL"
    printf 'LAB_ISCSI_DIR=%q\n' "$LAB_ISCSI_DIR"
    printf 'LAB_TGT_PID=%q\n' "$(tgt_pid || true)"
    printf 'LAB_GUEST_KERNEL=%q\n' "$LAB_GUEST_DIR/vmlinuz"
    printf 'LAB_GUEST_INITRD=%q\n' "$LAB_GUEST_DIR/initrd.img"
    printf 'LAB_GUEST_ACCEL=%q\n' "$(cut -d' ' -f1 "$LAB_GUEST_DIR/accel" 2>/dev/null || true)"
    printf 'LAB_SH=%q\n' "$LAB_SELF"
}

cmd_build() {
    "$LAB_SRC/guest/build-guest.sh" "$LAB_GUEST_DIR"
}

# Prints the <disk> of a lab guest: a qcow2 file, or (with "iscsi:N") LUN N of the target.
disk_xml() {
    local disk=$1
    if [[ $disk == iscsi:* ]]; then
        cat <<EOF
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='iscsi' name='$LAB_ISCSI_IQN/${disk#iscsi:}'>
        <host name='$LAB_ISCSI_ADDR' port='$LAB_ISCSI_PORT'/>
      </source>
      <target dev='vda' bus='virtio'/>
    </disk>
EOF
    else
        cat <<EOF
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source file='$disk'/>
      <target dev='vda' bus='virtio'/>
    </disk>
EOF
    fi
}

# Prints the domain XML of a lab guest.  Every value is a fixed name, a number or a path
# under the state dir, checked by the caller: nothing here needs escaping.
domain_xml() {
    local name=$1 type=$2 mem=$3 dirty=$4 disk_rate=$5 disk=$6 consolelog=$7
    cat <<EOF
<domain type='$type'>
  <name>$name</name>
  <memory unit='MiB'>$mem</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$LAB_GUEST_DIR/vmlinuz</kernel>
    <initrd>$LAB_GUEST_DIR/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet mitigations=off tvirt.dirty=$dirty tvirt.disk_rate=$disk_rate</cmdline>
  </os>
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
$(disk_xml "$disk")
    <interface type='network'>
      <source network='$LAB_GUEST_NET'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <log file='$consolelog' append='on'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

# Waits up to $2 seconds for a heartbeat line in console log $1.
wait_heartbeat() {
    local logf=$1 deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        grep -aq 'tvirt-heartbeat [0-9]* dirty=' "$logf" 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}

# The machine's KVM may be a flavour that runs SeaBIOS but hangs a stock kernel early, so
# `kvm` is chosen only after it booted the lab guest to a heartbeat.  The verdict is cached
# with the machine's kernel release, which decides what KVM can do.
cmd_accel() {
    local f=$LAB_GUEST_DIR/accel verdict=qemu xml logf t0 key
    case ${TVIRT_LAB_ACCEL:-} in
    '') ;;
    kvm) echo kvm && return 0 ;;
    qemu | tcg) echo qemu && return 0 ;;
    *) die "TVIRT_LAB_ACCEL must be kvm, qemu or tcg" ;;
    esac
    key=$(uname -r)
    if [ -s "$f" ] && [ "$(cut -d' ' -f2 "$f")" = "$key" ]; then
        cut -d' ' -f1 "$f"
        return 0
    fi
    host_pid a >/dev/null || die "the lab is down (run: $0 up)"
    cmd_build
    if [ -c /dev/kvm ] && vsh a domcapabilities --virttype kvm >/dev/null 2>&1; then
        log "probing KVM (up to ${TVIRT_LAB_PROBE_TIMEOUT:-20} s)"
        logf=$LAB_CONSOLE_DIR/tvlab-kvm-probe.log
        xml=$LAB_DIR/domains/tvlab-kvm-probe.xml
        rm -f "$logf"
        vsh a destroy tvlab-kvm-probe >/dev/null 2>&1 || true
        # No disk: the probe only needs to reach the workload's first heartbeat.
        domain_xml tvlab-kvm-probe kvm 256 0 0 /dev/null "$logf" |
            sed '/<disk /,/<\/disk>/d' >"$xml"
        t0=$SECONDS
        if vsh a create "$xml" >/dev/null 2>&1 &&
            wait_heartbeat "$logf" "${TVIRT_LAB_PROBE_TIMEOUT:-20}"; then
            verdict=kvm
        fi
        # A probe that cannot be cleaned up (the daemon went away) proves nothing.
        if vsh a domstate tvlab-kvm-probe >/dev/null 2>&1; then
            vsh a destroy tvlab-kvm-probe >/dev/null || die "cannot destroy tvlab-kvm-probe"
        fi
        host_pid a >/dev/null || die "host a went down during the KVM probe"
        rm -f "$logf" "$xml"
        log "KVM probe: $verdict after $((SECONDS - t0)) s"
    fi
    echo "$verdict $key" >"$f"
    echo "$verdict"
}

cmd_guest() {
    local name=${1:-} h=${2:-} dirty=0 mem=256 disk_rate=256 iscsi=0 accel o other disk logf
    local xml lun=""
    if [ -z "$name" ] || [ -z "$h" ]; then
        die "usage: lab.sh guest NAME HOST [--dirty MIB_S] [--mem MIB] [--disk-rate KIB_S]" \
            "[--iscsi]"
    fi
    shift 2
    # The name goes into XML and paths unescaped, so only plain names are accepted.
    [[ $name =~ ^[a-z][a-z0-9-]{0,31}$ ]] || die "guest name must match [a-z][a-z0-9-]*"
    h=${h,,}
    host_check "$h"
    while [ $# -gt 0 ]; do
        case $1 in
        --iscsi)
            iscsi=1
            shift
            continue
            ;;
        --dirty) dirty=${2:-} ;;
        --mem) mem=${2:-} ;;
        --disk-rate) disk_rate=${2:-} ;;
        *) die "unknown option $1" ;;
        esac
        [[ ${2:-} =~ ^[0-9]+$ ]] || die "$1 needs a number"
        shift 2
    done
    need_root
    host_pid "$h" >/dev/null || die "the lab is down (run: $0 up)"
    cmd_build
    accel=$(cmd_accel)
    other=b
    [ "$h" = a ] || other=a
    for o in $LAB_HOSTS; do
        if vsh "$o" dominfo "$name" >/dev/null 2>&1; then
            die "guest $name already exists on host $o (run: $0 guest-rm $name)"
        fi
    done
    disk=$LAB_SHARED_DIR/$name.qcow2
    logf=$LAB_CONSOLE_DIR/$name.log
    xml=$LAB_DIR/domains/$name.xml
    # The console log appends across guests of the same name: start it afresh.
    rm -f "$logf"
    if [ "$iscsi" = 1 ]; then
        # A LUN left by a guest of the same name that was not removed starts afresh too.
        iscsi_lun_rm "$name"
        lun=$(iscsi_lun_new "$name")
        disk=iscsi:$lun
        # Both hosts list the new LUN as a volume (unit:0:0:N).
        refresh_iscsi_pools
    else
        vsh "$h" pool-refresh "$LAB_SHARED_POOL" >/dev/null
        vsh "$h" vol-delete --pool "$LAB_SHARED_POOL" "$name.qcow2" >/dev/null 2>&1 || true
        vsh "$h" vol-create-as "$LAB_SHARED_POOL" "$name.qcow2" "${LAB_DISK_MIB}M" \
            --format qcow2 >/dev/null
        # A dir pool lists only volumes it has seen: make the other host look again.
        vsh "$other" pool-refresh "$LAB_SHARED_POOL" >/dev/null
    fi
    domain_xml "$name" "$accel" "$mem" "$dirty" "$disk_rate" "$disk" "$logf" >"$xml"
    vsh "$h" define "$xml" >/dev/null
    vsh "$h" start "$name" >/dev/null
    log "guest $name started on host $h ($accel${lun:+, iSCSI LUN $lun}), console log $logf"
    echo "$logf"
}

cmd_guest_rm() {
    local name=${1:-} h
    [[ $name =~ ^[a-z][a-z0-9-]{0,31}$ ]] || die "usage: lab.sh guest-rm NAME"
    need_root
    for h in $LAB_HOSTS; do
        host_pid "$h" >/dev/null || continue
        vsh "$h" destroy "$name" >/dev/null 2>&1 || true
        vsh "$h" undefine "$name" >/dev/null 2>&1 || true
    done
    rm -f "$LAB_SHARED_DIR/$name.qcow2" "$LAB_CONSOLE_DIR/$name.log" \
        "$LAB_DIR/domains/$name.xml"
    if [ -n "$(iscsi_lun_of "$name")" ]; then
        iscsi_lun_rm "$name" || die "iscsi: LUN of $name left in place"
        refresh_iscsi_pools
    fi
    for h in $LAB_HOSTS; do
        host_pid "$h" >/dev/null || continue
        vsh "$h" pool-refresh "$LAB_SHARED_POOL" >/dev/null 2>&1 || true
    done
}

# Types on the guest's serial console by writing to the slave side of its pty, which QEMU
# keeps in raw mode: "\r" is the Enter the guest's shell waits for.  QEMU reads a pty only
# while something holds the slave open, and notices a new opener on a timer (about once a
# second), so the pty stays open from before the first guest byte arrives until the guest
# has echoed the text into the console log.
cmd_send() {
    local name=${1:-} h=${2:-} pty fd logf size text
    [ $# -ge 3 ] || die "usage: lab.sh send NAME HOST TEXT"
    shift 2
    text=$*
    h=${h,,}
    host_check "$h"
    pty=$(vsh "$h" ttyconsole "$name") || die "guest $name has no console on host $h"
    [ -c "$pty" ] || die "console $pty of $name is not a tty"
    logf=$LAB_CONSOLE_DIR/$name.log
    exec {fd}<>"$pty"
    # The first byte of guest output that reaches us means QEMU is connected.
    if ! read -r -t 5 -N 1 -u "$fd" _; then
        exec {fd}>&-
        die "console of $name did not connect (is the guest running?)"
    fi
    size=$(stat -c %s "$logf" 2>/dev/null || echo 0)
    printf '%s\r' "$text" >&"$fd"
    poll 5 log_has_after "$logf" "$size" "${text:0:20}" || log "no echo of the text in $logf"
    exec {fd}>&-
}

# True when file $1 holds text $3 after byte offset $2.
log_has_after() {
    # Not a pipe: grep -q leaving early would fail the pipeline under pipefail.
    grep -aqF -- "$3" < <(tail -c +"$(($2 + 1))" "$1" 2>/dev/null)
}

usage() {
    sed -n '/^#   lab.sh/,/^#$/p' "$LAB_SELF" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    local cmd=${1:-}
    [ $# -eq 0 ] || shift
    case $cmd in
    deps) cmd_deps "$@" ;;
    check) cmd_check "$@" ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    build) cmd_build "$@" ;;
    accel) need_root && cmd_accel "$@" ;;
    guest) cmd_guest "$@" ;;
    guest-rm) cmd_guest_rm "$@" ;;
    send) need_root && cmd_send "$@" ;;
    _host-init) host_init "$@" ;;
    *) usage ;;
    esac
}

main "$@"
