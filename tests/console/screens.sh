#!/bin/sh
# tests/console/screens.sh: Settings edits (checked at the field) and Preview from the server's renderer.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start

# Settings: the title, a refused and an accepted timeout, the default entry.
con_keys 5; con_wait "Menu timeout"
con_keys Enter; con_wait "Menu title"
con_keys C-u 'Lab boot menu' F2
con_wait "saved Menu title"
"$BOOTDECK" menu show | grep -q 'Lab boot menu' || bd_fail "title not saved"
con_keys j Enter C-u abc F2; con_wait "is not a whole number"
con_keys C-u 25 F2; con_wait "saved Menu timeout"
"$BOOTDECK" menu show | grep -q '25' || bd_fail "timeout not saved"
con_keys j Enter Right F2; con_wait "saved Menu default"
con_keys j j Enter C-u 'ftp://x/' F2; con_wait "without a trailing"
con_keys Escape; con_wait "Discard your changes"; con_keys y

# Preview of an entry, for BIOS then UEFI (the renderer picks the kernel).
con_keys 1 j p
con_wait "entry memtest on BIOS"
con_wait "memtest86+x64.bin"
con_keys u; con_wait "entry memtest on UEFI"; con_wait "memtest86+x64.efi"

# Preview of a typed MAC: the menu it would get, with the new title.
con_keys m; con_wait "Preview MAC"
con_keys C-u 'nonsense' Enter; con_wait "is not a MAC address"
con_keys m C-u 52:54:00:aa:bb:cc Enter
con_wait "boot script of 52:54:00:aa:bb:cc on UEFI"
con_wait "menu Lab boot menu"
con_wait "http://boot.test:8080/entry/"
con_quit
exit 0
