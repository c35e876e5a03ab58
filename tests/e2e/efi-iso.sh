#!/bin/sh
# tests/e2e/efi-iso.sh: a UEFI client sanboots the same hybrid ISO, its host default.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:02
e2e_init
e2e_image iso.iso

"$BOOTDECK" init
"$BOOTDECK" entry add iso --title "GRUB rescue ISO" --iso iso.iso
"$BOOTDECK" host set "$MAC" --name efi-iso --default iso --no-menu
bd_start_server

e2e_boot vm efi "$MAC"
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm

# Straight to the default (no menu), then the sanboot's Range reads.
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
e2e_check_clients "^$MAC +efi-iso +[^ ]+ +efi +x86_64 +[a-z]+ +iso +iso\.iso +[1-9]"
