#!/bin/sh
# tests/e2e/bios-live-debian.sh: a BIOS client boots a Debian live (live-boot) ISO direct to its root filesystem.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_live bios 52:54:00:bd:00:31 debian
