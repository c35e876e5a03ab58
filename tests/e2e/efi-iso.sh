#!/bin/sh
# tests/e2e/efi-iso.sh: a UEFI client sanboots the same hybrid ISO, its host default.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_iso efi 52:54:00:bd:00:02
