#!/bin/sh
# tests/e2e/menu.sh: an unknown MAC sees the titled menu and boots the menu default after the timeout.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:08
TITLE="Bootdeck E2E menu 42"
e2e_init
e2e_image iso.iso

"$BOOTDECK" init
# The default is not the first item: the timeout must pick it, not the cursor.
"$BOOTDECK" entry add local --title "Local disk" --localboot
"$BOOTDECK" entry add iso --title "GRUB rescue ISO" --iso iso.iso
"$BOOTDECK" menu set --title "$TITLE" --timeout 2 --default iso
bd_start_server

e2e_boot vm bios "$MAC" --disk
e2e_wait vm "$TITLE"
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm
# The items were drawn under the title.
e2e_text vm | grep -q "GRUB rescue ISO" || bd_fail "menu items not shown"

e2e_check_log "$MAC +boot +menu\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9]"
e2e_check_clients "^$MAC +- +[^ ]+ +pcbios +i386 +[a-z]+ +iso +iso\.iso "
"$BOOTDECK" host list > "$T/hosts.out"
! grep -q "^$MAC" "$T/hosts.out" || bd_fail "booting registered the unknown MAC as a host"
