#!/bin/sh
# tests/e2e/efi-localboot.sh: the localboot entry reaches the local disk's GRUB on UEFI, no iPXE error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:0a
PLATFORM=efi
e2e_init

"$BOOTDECK" init
"$BOOTDECK" entry add local --title "Local disk" --localboot
"$BOOTDECK" host set "$MAC" --default local --no-menu
bd_start_server

# BIOS leaves iPXE with sanboot --drive 0x80, UEFI with exit (OVMF then
# boots the next device in its boot order: the disk).
e2e_boot vm "$PLATFORM" "$MAC" --disk
e2e_wait vm BOOTDECK-MARKER-LOCALDISK
e2e_stop
e2e_no_ipxe_error vm

e2e_check_log "$MAC +boot +local\$" "$MAC +entry +local\$"
! grep -E "$MAC +image" "$T/bootdeck-log.out" ||
    bd_fail "a localboot downloaded an image"
e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +local "
