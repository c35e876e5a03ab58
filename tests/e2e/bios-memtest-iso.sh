#!/bin/sh
# tests/e2e/bios-memtest-iso.sh: a BIOS client boots a memtest86+ ISO direct, by its recipe.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_memtest_iso bios 52:54:00:bd:00:21
