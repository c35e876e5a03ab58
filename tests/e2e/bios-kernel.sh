#!/bin/sh
# tests/e2e/bios-kernel.sh: a kernel+initrd entry boots Linux on BIOS with its command line intact.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_kernel bios 52:54:00:bd:00:03
