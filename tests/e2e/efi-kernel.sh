#!/bin/sh
# tests/e2e/efi-kernel.sh: a kernel+initrd entry boots Linux on UEFI with its command line intact.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_kernel efi 52:54:00:bd:00:04
