#!/bin/sh
# tests/e2e/efi-localboot.sh: the localboot entry reaches the local disk's GRUB on UEFI, no iPXE error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_localboot efi 52:54:00:bd:00:0a
