#!/bin/sh
# tests/netns/efi-snponly.sh: efi-built.sh with bootdeck's snponly.efi: iPXE on the firmware's own network driver (SNP).
NETNS_MAC=52:54:00:99:00:05 NETNS_EFI_FILE=snponly.efi
. "$top_srcdir/tests/netns/efi-built.sh"
