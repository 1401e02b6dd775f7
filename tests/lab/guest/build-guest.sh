#!/bin/bash
# Builds the lab guest into OUTDIR: vmlinuz (Debian's cloud kernel) and initrd.img (busybox,
# the kernel's virtio modules, /init and the static workload from this directory).
#   build-guest.sh OUTDIR
# Nothing comes from outside Debian's mirror and nothing is installed: the kernel package is
# fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a scratch directory.
# Both results are cached: the kernel until OUTDIR is removed or the module list changes, the
# initramfs until one of its sources (the files beside this script) changes.  Prints
# nothing on a cache hit.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build-guest.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Leaves the output as it was when any step fails, so a half-built guest is never cached.
scratch=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Module order matters only to the guest's /init; these are the files it may load.
modules="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
    virtio_blk failover net_failover virtio_net virtio_balloon"

# apt-get download writes into the working directory; as root it warns that _apt cannot
# write there, which is harmless.
download() {
    local out
    out=$(cd "$scratch" && apt-get download -q "$1" 2>&1) || {
        echo "$out" >&2
        return 1
    }
}

fetch_kernel() {
    local pkg deb root kver m f
    # The cloud meta package names the current cloud kernel; any older one may already
    # be gone from the mirror.
    pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
    if [ -z "$pkg" ]; then
        apt-get update -q >&2
        pkg=$(apt-cache depends linux-image-cloud-amd64 |
            sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
    fi
    [ -n "$pkg" ] || {
        echo "build-guest: no linux-image-*-cloud-amd64 on the mirror" >&2
        return 1
    }
    echo "build-guest: fetching $pkg" >&2
    # Old package lists may name a file the mirror no longer has: refresh them once.
    download "$pkg" || { apt-get update -q >&2 && download "$pkg"; } || true
    deb=$(find "$scratch" -maxdepth 1 -name "${pkg}_*.deb" | head -n 1)
    [ -n "$deb" ] || {
        echo "build-guest: apt-get download $pkg failed" >&2
        return 1
    }
    root=$scratch/kernel
    dpkg-deb -x "$deb" "$root"
    kver=${pkg#linux-image-}
    mkdir -p "$scratch/kout/modules"
    cp "$root/boot/vmlinuz-$kver" "$scratch/kout/vmlinuz"
    for m in $modules; do
        f=$(find "$root/lib/modules/$kver" -name "$m.ko*" | head -n 1)
        # A missing module is built in (modules.builtin lists it) or absent; /init copes.
        case $f in
        '') continue ;;
        *.ko) cp "$f" "$scratch/kout/modules/$m.ko" ;;
        *.ko.xz) xz -dc "$f" >"$scratch/kout/modules/$m.ko" ;;
        *.ko.zst) zstd -qdc "$f" >"$scratch/kout/modules/$m.ko" ;;
        *.ko.gz) gzip -dc "$f" >"$scratch/kout/modules/$m.ko" ;;
        esac
    done
    echo "$kver" >"$scratch/kout/kernel-version"
    echo "$modules" >"$scratch/kout/modules.list"
    rm -rf "$out/kernel"
    mv "$scratch/kout" "$out/kernel"
}

build_initrd() {
    local tree=$scratch/initrd busybox
    busybox=$(command -v busybox || true)
    # Only the static busybox runs inside the initramfs, which has no libc.
    if [ -z "$busybox" ] || ! file_is_static "$busybox"; then
        busybox=/bin/busybox
    fi
    file_is_static "$busybox" || {
        echo "build-guest: no static busybox (apt-get install busybox-static)" >&2
        return 1
    }
    mkdir -p "$tree"/{bin,dev,proc,sys,run,tmp,lib/modules}
    cp "$busybox" "$tree/bin/busybox"
    cp "$out"/kernel/modules/*.ko "$tree/lib/modules/" 2>/dev/null || true
    install -m 0755 "$src/init" "$tree/init"
    install -m 0755 "$src/dirty" "$tree/bin/dirty"
    gcc -static -O2 -std=gnu11 -Wall -Wextra -Werror -o "$tree/bin/tvirt-workload" \
        "$src/workload.c"
    (cd "$tree" && find . -print0 | LC_ALL=C sort -z |
        cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9 >"$scratch/initrd.img"
    mv "$scratch/initrd.img" "$out/initrd.img"
}

# `file` may be missing; the ELF program headers say it as well: no PT_INTERP means static.
file_is_static() {
    [ -x "$1" ] && [[ $(LC_ALL=C readelf -l "$1" 2>&1) != *"program interpreter"* ]]
}

if [ ! -s "$out/kernel/vmlinuz" ] || [ ! -s "$out/kernel/kernel-version" ] ||
    [ "$(cat "$out/kernel/modules.list" 2>/dev/null)" != "$modules" ]; then
    fetch_kernel
fi

stamp=$(cat "$src/init" "$src/dirty" "$src/workload.c" "$src/build-guest.sh" \
    "$out/kernel/kernel-version" | sha256sum | cut -d' ' -f1)
if [ ! -s "$out/initrd.img" ] || [ "$(cat "$out/initrd.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "build-guest: building initrd.img" >&2
    build_initrd
    echo "$stamp" >"$out/initrd.stamp"
fi
ln -sf kernel/vmlinuz "$out/vmlinuz"
