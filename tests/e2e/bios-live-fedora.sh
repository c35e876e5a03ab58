#!/bin/sh
# tests/e2e/bios-live-fedora.sh: a BIOS client boots a Fedora live (dracut) ISO direct to its root filesystem.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_live bios 52:54:00:bd:00:32 fedora
