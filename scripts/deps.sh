#!/bin/sh
# Installs what tvirt needs on Debian or Ubuntu, with apt-get.
#   scripts/deps.sh build   compilers, autotools and the libraries tvirt links
#   scripts/deps.sh test    the above plus what the test suite uses, the lab's
#                           QEMU and libvirt daemon packages included
set -eu

build_pkgs="build-essential autoconf automake pkg-config libvirt-dev libxml2-dev
  libncurses-dev libvterm-dev libgtop2-dev libglib2.0-dev libosinfo-1.0-dev osinfo-db"
test_pkgs="libcmocka-dev tmux libvirt-clients valgrind ovmf"

case "${1:-build}" in
build) pkgs=$build_pkgs ;;
test) pkgs="$build_pkgs $test_pkgs" ;;
*)
    echo "usage: $0 build|test" >&2
    exit 2
    ;;
esac

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
else
    sudo="sudo"
fi
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    -o DPkg::Lock::Timeout=600 $pkgs

# virt-install is the oracle the create tests compare with; its recommends
# (virt-viewer and a GUI stack) are not needed for --print-xml.
if [ "${1:-build}" = test ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=600 virtinst
fi

# The lab tests run real QEMU guests on two private libvirt daemons: their
# packages (libvirt-daemon, qemu-system-x86, ...) and system users.
if [ "${1:-build}" = test ]; then
    $sudo "$(dirname "$0")/../tests/lab/lab.sh" deps
fi
