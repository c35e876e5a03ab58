#!/bin/sh
# tests/e2e/bios-iso.sh: a BIOS client sanboots the ISO that is its host default, without a menu.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_iso bios 52:54:00:bd:00:01
