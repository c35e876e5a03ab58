#!/bin/sh
# tests/e2e/efi-memtest.sh: one memtest entry boots memtest86+x64.efi on a UEFI client.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:06
PLATFORM=efi
WANT=memtest86+x64.efi
NOT=memtest86+x64.bin
e2e_init
e2e_image memtest86+x64.bin
e2e_image memtest86+x64.efi

"$BOOTDECK" init
"$BOOTDECK" entry add memtest --title "Memtest86+" \
    --kernel memtest86+x64.bin --kernel-efi memtest86+x64.efi \
    --args console=ttyS0,115200
"$BOOTDECK" host set "$MAC" --default memtest --no-menu
bd_start_server

# memtest86+ 6 draws its screen on the serial port when console= says so;
# it never exits: seeing its banner and a test running is the pass.
e2e_boot vm "$PLATFORM" "$MAC"
e2e_wait vm 'Memtest86\+ v[0-9]'
e2e_wait vm '\[Address test'
e2e_stop
e2e_no_ipxe_error vm

want_re=$(echo "$WANT" | sed 's/[.+]/\\&/g')
e2e_check_log "$MAC +entry +memtest\$" \
    "$MAC +image +[^ ]+ +$want_re $(e2e_size "$WANT")/$(e2e_size "$WANT") bytes"
! grep -F "$NOT" "$T/bootdeck-log.out" ||
    bd_fail "the $PLATFORM client was served $NOT"
e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +memtest +$want_re "
