#!/bin/sh
# tests/e2e/next-boot.sh: a one-shot next boot is used once, then the host's default boots again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:07
e2e_init
e2e_image iso.iso

"$BOOTDECK" init
"$BOOTDECK" entry add iso --title "GRUB rescue ISO" --iso iso.iso
"$BOOTDECK" entry add local --title "Local disk" --localboot
"$BOOTDECK" host set "$MAC" --name twice --default iso --next local --no-menu
"$BOOTDECK" host list > "$T/hosts-before.out"
bd_expect_grep "^$MAC +twice +iso +local " "$T/hosts-before.out"
bd_start_server

# First boot: the one-shot (the local disk), which the server consumes.
e2e_boot first bios "$MAC" --disk
e2e_wait first BOOTDECK-MARKER-LOCALDISK
e2e_stop
e2e_no_ipxe_error first
bd_wait_for 10 sh -c "'$BOOTDECK' host list | grep -Eq '^$MAC +twice +iso +- '" || {
	"$BOOTDECK" host list
	bd_fail "the next boot was not cleared"
}

# Second boot of the same machine: its default, the ISO.
e2e_boot second bios "$MAC" --disk
e2e_wait second BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error second
! grep -q BOOTDECK-MARKER-LOCALDISK "$T/second.serial" ||
    bd_fail "the second boot reached the local disk"

e2e_check_log "$MAC +entry +local\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9]"
# The order matters: local first, then iso, each chosen once.
order=$(sed -n "s/^.*$MAC  *entry  *\\([^ ]*\\)\$/\\1/p" "$T/bootdeck-log.out" | tr '\n' ' ')
bd_expect_eq "entries booted" "local iso " "$order"
e2e_check_clients "^$MAC +twice +[^ ]+ +pcbios +i386 +[a-z]+ +iso +iso\.iso "
