#!/bin/sh
# tests/netns/efi-https.sh: https.sh on UEFI: OVMF's PXE -> bootdeck's ipxe.efi trusting only bootdeck's CA -> bootdeckd over HTTPS -> ISO.
NETNS_MAC=52:54:00:99:00:12 NETNS_HTTPS_FW=efi
. "$top_srcdir/tests/netns/https.sh"
