#!/bin/bash
# Lab test (TAP): hosts told apart by libvirt's hostname.  tvirt opens both lab hosts through
# their private unix sockets (qemu+unix:///system?socket=...: URIs with no host part, which
# used to show as "localhost" twice), plus host A a second time through the same socket
# spelt another way.  One never started domain of the same name is defined on each host, so
# only the HOST column tells the rows apart.  On Domains the labels must be what
# `virsh hostname` says for each host, with a suffix on the second connection to A; on
# Hosts (80x24 and 160x50) each row shows its label and a URI that differs where the socket
# paths do; :disconnect takes a hostname.
#
# Needs root; skips without it, fails instead under CI=true.  TVIRT and TVIRT_LAB_WAIT as in
# tvlib.sh.  Boots no guest.
# shellcheck disable=SC2317  # functions run through the EXIT trap
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tvlib.sh
. "$here/tvlib.sh"

dom=tvl-hosts-off

undefine_dom() {
    tl_virsh a undefine "$dom" >/dev/null 2>&1 || true
    tl_virsh b undefine "$dom" >/dev/null 2>&1 || true
}
tl_on_exit undefine_dom

cmd() {
    tv_keys :
    tv_type "$1"
    tv_keys Enter
}

tl_up

# The same socket as A's, another spelling of its path: a second connection to the same
# daemon, so the same hostname.
sock_a=${LAB_UNIX_URI_A#*socket=}
uri_a2="qemu+unix:///system?socket=${sock_a%/*}/./${sock_a##*/}"

host_a=$(tl_virsh a hostname 2>/dev/null)
host_b=$(tl_virsh b hostname 2>/dev/null)
if [ -n "$host_a" ] && [ -n "$host_b" ] && [ "$host_a" != "$host_b" ]; then
    ok "virsh hostname: A is '$host_a', B is '$host_b'"
else
    tl_bail "virsh hostname gives two different names (A '$host_a', B '$host_b')"
fi

undefine_dom
cat >"$TV_TMP/$dom.xml" <<XML
<domain type='qemu'>
  <name>$dom</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
XML
tl_virsh a define "$TV_TMP/$dom.xml" >/dev/null || tl_bail "define $dom on A"
tl_virsh b define "$TV_TMP/$dom.xml" >/dev/null || tl_bail "define $dom on B"
ok "$dom defined (shut off) on A and B"

hosts_at() {
    local cols=$1 rows=$2 sz="$1x$2"
    tv_start "$cols" "$rows" "${TL_ENV[@]}" -- "${TL_THEME[@]}" \
        -c "$LAB_UNIX_URI_A" -c "$LAB_UNIX_URI_B" -c "$uri_a2"

    # Domains: one row per connection, labelled with libvirt's hostname.
    check_row "$sz: Domains: A's domain under A's hostname" " $host_a " " $dom " shutoff
    check_row "$sz: Domains: B's domain under B's hostname" " $host_b " " $dom " shutoff
    check_row "$sz: Domains: A again, under its hostname with a suffix" " $host_a#2 " " $dom "
    check_no_row "$sz: Domains: no host is called localhost" localhost

    # Hosts: label, and the URI where the socket paths differ.
    tv_keys 1
    check_row "$sz: Hosts header" HOST URI STATE
    if [ "$cols" -ge 100 ]; then
        check_row "$sz: Hosts: A with its whole URI" "$host_a " "$LAB_UNIX_URI_A " connected
        check_row "$sz: Hosts: B with its whole URI" "$host_b " "$LAB_UNIX_URI_B " connected
        check_row "$sz: Hosts: A again with its whole URI" "$host_a#2 " "$uri_a2 " connected
    else
        check_row "$sz: Hosts: A's row shows its socket directory" "$host_a " qemu+unix: \
            "/hosts/a/" connected
        check_row "$sz: Hosts: B's row shows its socket directory" "$host_b " qemu+unix: \
            "/hosts/b/" connected
        check_row "$sz: Hosts: A again shows where its path differs" "$host_a#2 " qemu+unix: \
            "/./" connected
    fi
    tv_keys j
    check_screen "Host $host_b " "$sz: Hosts: B's detail names its hostname"

    # :disconnect by hostname.
    tv_keys 2
    cmd "disconnect $host_b"
    check_screen "Disconnected from $host_b" "$sz: :disconnect takes the hostname"
    check_no_row "$sz: B's domain is gone" " $host_b " " $dom "
    check_row "$sz: A's domain stays" " $host_a " " $dom " shutoff
    tv_quit "$sz"
}

hosts_at 80 24
hosts_at 160 50

tl_done
