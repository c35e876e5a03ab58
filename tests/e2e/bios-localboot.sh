#!/bin/sh
# tests/e2e/bios-localboot.sh: the localboot entry reaches the local disk's GRUB on BIOS, no iPXE error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_localboot bios 52:54:00:bd:00:09
