#!/bin/sh
# tests/e2e/bios-memtest.sh: one memtest entry boots memtest86+x64.bin on a BIOS client.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_memtest bios 52:54:00:bd:00:05
