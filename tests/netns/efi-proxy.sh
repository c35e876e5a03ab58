#!/bin/sh
# tests/netns/efi-proxy.sh: UEFI PXE through dnsmasq proxyDHCP beside an existing DHCP server that knows nothing of booting.
#
# The LAN's DHCP server is another machine (a second namespace on the
# bridge, 10.99.0.2) running a plain dnsmasq that hands out addresses
# only. The boot server runs the unedited `bootdeck dhcp-config
# --dnsmasq-proxy` output: OVMF's PXE client gets its address from the
# former and ipxe.efi (TFTP) from the proxy; Debian's ipxe.efi, user class
# "iPXE", gets the bootstrap URL from the proxy; bootdeckd sanboots the ISO.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"

MAC=52:54:00:99:00:03
[ -f /usr/lib/ipxe/ipxe.efi ] ||
    bd_skip "/usr/lib/ipxe/ipxe.efi is missing (package ipxe)"
netns_init
e2e_init
netns_iso_host "$MAC" efi-proxy
"$BOOTDECK" -c /dev/null dhcp-config --dnsmasq-proxy --url "$NETNS_URL" \
    --interface "$NETNS_BR" --tftp-root /usr/lib/ipxe > "$T/proxy.conf"
netns_peer "$NETNS-dhcp" 10.99.0.2
printf 'port=0\ninterface=eth0\nbind-interfaces\ndhcp-range=10.99.0.100,10.99.0.200,1h\n' \
    > "$T/lan.conf"
netns_server
netns_dnsmasq lan "$T/lan.conf" "$NETNS-dhcp"
netns_dnsmasq proxy "$T/proxy.conf"
netns_tap tap0

e2e_boot_tap vm efi "$MAC" "$NETNS" tap0 ""
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

# Addresses from the LAN's server only; boot information from the proxy.
bd_expect_grep "DHCPACK\(eth0\) 10\.99\.0\.1[0-9][0-9] $MAC" "$T/lan.log"
! grep -q 'DHCPACK.*10\.99\.0\.' "$T/proxy.log" ||
    bd_fail "the proxy handed out an address"
bd_expect_grep "sent /usr/lib/ipxe/ipxe\.efi to 10\.99\.0\." "$T/proxy.log"
bd_expect_grep "bootfile name: ipxe\.efi\$" "$T/proxy.log"
bd_expect_grep "tags: ipxe, $NETNS_BR\$" "$T/proxy.log"
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
