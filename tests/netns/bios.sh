#!/bin/sh
# tests/netns/bios.sh: BIOS: PXE ROM -> DHCP -> TFTP bootdeck's undionly.kpxe -> its iPXE -> bootdeckd -> ISO, on a real network stack.
#
# What each stage exercises, all inside network namespaces of our own:
#   PXE ROM  SeaBIOS has no PXE client of its own: the NIC's option ROM is
#            the PXE ROM, and QEMU's is a stock iPXE (Debian's ipxe-qemu,
#            2019): the kind of iPXE ROM a VM host ships.
#   DHCP     dnsmasq running the unedited `bootdeck dhcp-config --dnsmasq`
#            output, which switched by itself to bootdeck's build in
#            ipxe_dir: every BIOS client, that iPXE ROM included, is
#            handed undionly.kpxe.
#   TFTP     dnsmasq sends bootdeck's undionly.kpxe (`bootdeck ipxe build`
#            from the iPXE source, tests/ipxe/real.sh); the ROM runs it.
#   iPXE     its embedded script asks DHCP again, ignores the filename
#            (undionly.kpxe again: no loop, one TFTP transfer in all) and
#            sends every fact and build= in one request.
#   bootdeckd  no chain-back round trip: the host's default ISO entry is
#            sanbooted over HTTP Range reads, and GRUB in the ISO prints
#            its marker on the serial console.
# Then another machine of the LAN fetches undionly.kpxe over TFTP with
# curl: byte for byte bootdeck's build.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"
. "$top_srcdir/tests/ipxe/real.sh"

MAC=52:54:00:99:00:01
ipxe_real_init
netns_init
e2e_init
netns_iso_host "$MAC" bios-pxe
ipxe_real_build "$NETNS_URL" "$T/ipxe"
printf 'ipxe_dir = %s\n' "$T/ipxe" > "$T/bootdeck.conf"
"$BOOTDECK" -c "$T/bootdeck.conf" dhcp-config --dnsmasq --url "$NETNS_URL" \
    --interface "$NETNS_BR" > "$T/dhcp.conf"
bd_expect_grep "^tftp-root=$T/ipxe\$" "$T/dhcp.conf"
netns_server
netns_dnsmasq dnsmasq "$T/dhcp.conf"
netns_tap tap0

e2e_boot_tap vm bios "$MAC" "$NETNS" tap0 "$E2E_ROM"
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

# Two DHCP exchanges (the ROM, then bootdeck's iPXE), both handed
# undionly.kpxe, and one TFTP transfer: the embedded script ignored it.
bd_expect_grep "user class: iPXE" "$T/dnsmasq.log"
bd_expect_grep "bootfile-name +undionly\.kpxe\$" "$T/dnsmasq.log"
[ "$(grep -c 'DHCPACK(' "$T/dnsmasq.log")" -ge 2 ] ||
    bd_fail "bootdeck's iPXE did not ask DHCP again"
[ "$(grep -c "sent $T/ipxe/undionly\\.kpxe to 10\\.99\\.0\\." "$T/dnsmasq.log")" -eq 1 ] ||
    bd_fail "undionly.kpxe was not sent exactly once: the chainload loop"
! grep -q 'bootfile-name +http' "$T/dnsmasq.log" ||
    bd_fail "a client was handed the URL instead of bootdeck's iPXE"
# One request with the facts: no bare /boot.ipxe, no chain-back.
! grep -q 'bootstrap (no mac)' "$T/bootdeckd.log" ||
    bd_fail "bootdeck's iPXE needed the chain-back round trip"
[ "$(grep -c "$MAC pcbios/i386: boot ->" "$T/bootdeckd.log")" -eq 1 ] ||
    bd_fail "not one boot request from $MAC"
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
# bootdeck's build ran, not the ROM's iPXE: its version and build=.
e2e_check_clients "^$MAC +bios-pxe +10\.99\.0\.[0-9]+ +pcbios +i386 .* [0-9][^ ]* bootdeck-[0-9][^ ]*\$"

# The BIOS file over TFTP, from another machine on the LAN.
netns_peer "$NETNS-peer" 10.99.0.2
ip netns exec "$NETNS-peer" curl -sS --max-time 30 -o "$T/undionly.kpxe" \
    "tftp://$NETNS_SERVER/undionly.kpxe" || bd_fail "TFTP undionly.kpxe failed"
cmp "$T/undionly.kpxe" "$T/ipxe/undionly.kpxe" ||
    bd_fail "TFTP served a different undionly.kpxe"
bd_expect_grep "sent $T/ipxe/undionly\.kpxe to 10\.99\.0\.2" "$T/dnsmasq.log"
