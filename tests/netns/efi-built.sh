#!/bin/sh
# tests/netns/efi-built.sh: UEFI: OVMF's own PXE -> DHCP -> TFTP bootdeck's ipxe.efi -> its iPXE -> bootdeckd -> ISO, on a real network stack.
#
# As efi.sh, but the iPXE is bootdeck's own build (tests/ipxe/real.sh),
# which dhcp-config serves by itself from ipxe_dir: OVMF's PXE client
# (no iPXE ROM on the NIC) gets $NETNS_EFI_FILE over TFTP, its embedded
# script asks DHCP again, ignores the filename and sends every fact and
# build= in one request. efi-snponly.sh runs this with snponly.efi.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"
. "$top_srcdir/tests/ipxe/real.sh"

MAC=${NETNS_MAC:-52:54:00:99:00:04}
EFI_FILE=${NETNS_EFI_FILE:-ipxe.efi}
ipxe_real_init
netns_init
e2e_init
netns_iso_host "$MAC" efi-built
ipxe_real_build "$NETNS_URL" "$T/ipxe"
printf 'ipxe_dir = %s\n' "$T/ipxe" > "$T/bootdeck.conf"
"$BOOTDECK" -c "$T/bootdeck.conf" dhcp-config --dnsmasq --url "$NETNS_URL" \
    --interface "$NETNS_BR" --efi-file "$EFI_FILE" > "$T/dhcp.conf"
bd_expect_grep "^tftp-root=$T/ipxe\$" "$T/dhcp.conf"
netns_server
netns_dnsmasq dnsmasq "$T/dhcp.conf"
netns_tap tap0

e2e_boot_tap vm efi "$MAC" "$NETNS" tap0 ""
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

# The firmware got the file once; bootdeck's iPXE asked again (user class
# iPXE), was named the same file and did not fetch it.
bd_expect_grep "tags: efi64, $NETNS_BR\$" "$T/dnsmasq.log"
bd_expect_grep "user class: iPXE" "$T/dnsmasq.log"
# OVMF first asks for the size and aborts the transfer, which dnsmasq
# logs as sent too: one probe, one download, and nothing after.
sent=$(grep -c "sent $T/ipxe/$EFI_FILE to 10\\.99\\.0\\." "$T/dnsmasq.log")
probes=$(grep -c "error 8 User aborted the transfer" "$T/dnsmasq.log")
[ $((sent - probes)) -eq 1 ] ||
    bd_fail "$EFI_FILE was sent $sent times ($probes size probes): the chainload loop"
! grep -q 'bootfile-name +http' "$T/dnsmasq.log" ||
    bd_fail "a client was handed the URL instead of bootdeck's iPXE"
! grep -q 'bootstrap (no mac)' "$T/bootdeckd.log" ||
    bd_fail "bootdeck's iPXE needed the chain-back round trip"
[ "$(grep -c "$MAC efi/x86_64: boot ->" "$T/bootdeckd.log")" -eq 1 ] ||
    bd_fail "not one boot request from $MAC"
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
e2e_check_clients "^$MAC +efi-built +10\.99\.0\.[0-9]+ +efi +x86_64 .* [0-9][^ ]* bootdeck-[0-9][^ ]*\$"
