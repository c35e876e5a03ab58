#!/bin/sh
# tests/netns/efi.sh: UEFI: OVMF's own PXE -> DHCP -> TFTP ipxe.efi -> iPXE -> bootdeckd -> ISO, on a real network stack.
#
# What each stage exercises, all inside a network namespace of our own:
#   PXE ROM  OVMF's own UEFI PXE client (the NIC has no option ROM, so no
#            iPXE is involved yet); it sends client arch 7, no user class.
#   DHCP     dnsmasq running the unedited `bootdeck dhcp-config --dnsmasq`
#            output hands it ipxe.efi (tag efi64, not ipxe).
#   TFTP     dnsmasq's TFTP server sends Debian's /usr/lib/ipxe/ipxe.efi;
#            OVMF starts it.
#   iPXE     that ipxe.efi (no embedded script) asks DHCP again with user
#            class "iPXE" and gets the bootstrap URL (the user-class method).
#   bootdeckd  the bare /boot.ipxe chains back with the MAC filled in, the
#            host's default ISO entry is sanbooted over HTTP Range reads,
#            and GRUB in the ISO prints its marker on the serial console.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"

MAC=52:54:00:99:00:02
[ -f /usr/lib/ipxe/ipxe.efi ] ||
    bd_skip "/usr/lib/ipxe/ipxe.efi is missing (package ipxe)"
netns_init
e2e_init
netns_iso_host "$MAC" efi-pxe
"$BOOTDECK" -c /dev/null dhcp-config --dnsmasq --url "$NETNS_URL" \
    --interface "$NETNS_BR" --tftp-root /usr/lib/ipxe > "$T/dhcp.conf"
netns_server
netns_dnsmasq dnsmasq "$T/dhcp.conf"
netns_tap tap0

e2e_boot_tap vm efi "$MAC" "$NETNS" tap0 ""
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

# The firmware (no user class) got ipxe.efi over TFTP; iPXE got the URL.
bd_expect_grep "tags: efi64, $NETNS_BR\$" "$T/dnsmasq.log"
bd_expect_grep "bootfile-name +ipxe\.efi\$" "$T/dnsmasq.log"
bd_expect_grep "sent /usr/lib/ipxe/ipxe\.efi to 10\.99\.0\." "$T/dnsmasq.log"
bd_expect_grep "tags: ipxe, efi64, $NETNS_BR\$" "$T/dnsmasq.log"
bd_expect_grep "bootfile-name +$NETNS_URL/boot\.ipxe\$" "$T/dnsmasq.log"
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
e2e_check_clients "^$MAC +efi-pxe +10\.99\.0\.[0-9]+ +efi +x86_64 "
