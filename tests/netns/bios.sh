#!/bin/sh
# tests/netns/bios.sh: BIOS: NIC ROM -> DHCP -> iPXE -> bootdeckd -> ISO on a real network stack, and the BIOS TFTP file.
#
# What each stage exercises, all inside network namespaces of our own:
#   PXE ROM  SeaBIOS has no PXE client of its own: the NIC's option ROM is
#            the PXE ROM, and QEMU's is itself iPXE (Debian's ipxe-qemu).
#   DHCP     dnsmasq running the unedited `bootdeck dhcp-config --dnsmasq`
#            output. That ROM says user class "iPXE", so it is handed the
#            bootstrap URL at once and never undionly.kpxe: this is the
#            no-loop rule, the one every iPXE (ROM or chainloaded) meets.
#            A stateless DHCP server cannot tell this ROM from a chained
#            Debian undionly.kpxe (same build: the same options, byte for
#            byte, including option 175), so no TFTP happens on this path,
#            and the test checks that none did.
#   TFTP     what a non-iPXE BIOS PXE ROM would fetch: undionly.kpxe, asked
#            of dnsmasq's TFTP server by a TFTP client (curl) on another
#            machine of the LAN (a second namespace), compared byte for byte
#            with /usr/lib/ipxe/undionly.kpxe. The UEFI test (efi.sh) runs
#            the TFTP step with the firmware's own PXE client.
#   bootdeckd  the bare /boot.ipxe chains back with the MAC filled in, the
#            host's default ISO entry is sanbooted over HTTP Range reads,
#            and GRUB in the ISO prints its marker on the serial console.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"

MAC=52:54:00:99:00:01
[ -f /usr/lib/ipxe/undionly.kpxe ] ||
    bd_skip "/usr/lib/ipxe/undionly.kpxe is missing (package ipxe)"
netns_init
e2e_init
netns_iso_host "$MAC" bios-pxe
"$BOOTDECK" -c /dev/null dhcp-config --dnsmasq --url "$NETNS_URL" \
    --interface "$NETNS_BR" --tftp-root /usr/lib/ipxe > "$T/dhcp.conf"
netns_server
netns_dnsmasq dnsmasq "$T/dhcp.conf"
netns_tap tap0

e2e_boot_tap vm bios "$MAC" "$NETNS" tap0 "$E2E_ROM"
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

bd_expect_grep "user class: iPXE" "$T/dnsmasq.log"
bd_expect_grep "tags: ipxe, $NETNS_BR\$" "$T/dnsmasq.log"
bd_expect_grep "bootfile-name +$NETNS_URL/boot\.ipxe\$" "$T/dnsmasq.log"
if grep -q 'bootfile-name +undionly' "$T/dnsmasq.log" ||
    grep -q 'dnsmasq-tftp.*sent' "$T/dnsmasq.log"; then
	bd_fail "an iPXE client was handed undionly.kpxe: the chainload loop"
fi
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
e2e_check_clients "^$MAC +bios-pxe +10\.99\.0\.[0-9]+ +pcbios +i386 "

# The BIOS file over TFTP, from another machine on the LAN.
netns_peer "$NETNS-peer" 10.99.0.2
ip netns exec "$NETNS-peer" curl -sS --max-time 30 -o "$T/undionly.kpxe" \
    "tftp://$NETNS_SERVER/undionly.kpxe" || bd_fail "TFTP undionly.kpxe failed"
cmp "$T/undionly.kpxe" /usr/lib/ipxe/undionly.kpxe ||
    bd_fail "TFTP served a different undionly.kpxe"
bd_expect_grep "sent /usr/lib/ipxe/undionly\.kpxe to 10\.99\.0\.2" "$T/dnsmasq.log"
