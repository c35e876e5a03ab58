#!/bin/sh
# tests/e2e/efi-live-fedora.sh: a UEFI client boots a Fedora live (dracut) ISO direct to its root filesystem.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/scenarios.sh"

scenario_live efi 52:54:00:bd:00:42 fedora
