#!/bin/sh
# tests/server/iso_entry.sh: /entry/NAME of an ISO entry boots the kernel inside the ISO, and every URL it names serves that file's bytes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need xorriso

mkdir -p "$T/tree/live" "$T/images/distros"
head -c 200000 /dev/urandom > "$T/tree/live/vmlinuz"
head -c 50000 /dev/urandom > "$T/tree/live/initrd.img"
head -c 123457 /dev/urandom > "$T/tree/live/filesystem.squashfs"
xorriso -as mkisofs -quiet -R -J -V 'd-live 12' \
    -o "$T/images/distros/debian live.iso" "$T/tree" ||
    bd_fail "xorriso failed"
head -c 90000 /dev/urandom > "$T/images/junk.iso"
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add live --title "Debian live" \
    --iso "distros/debian live.iso" --args "quiet"
"$BOOTDECK" entry add junk --title Junk --iso junk.iso
"$BOOTDECK" entry add forced --title Forced --iso junk.iso --boot direct
bd_start_server
mac=52:54:00:00:20:01

# word N of the kernel line: what iPXE would fetch.
for plat in pcbios efi; do
	srv_expect "entry live $plat" 200 "/entry/live?mac=$mac&platform=$plat"
	kernel=$(sed -n 's/^kernel \([^ ]*\).*/\1/p' "$T/b")
	initrd=$(sed -n 's/^initrd --name initrd0 \([^ ]*\).*/\1/p' "$T/b")
	fetch=$(sed -n 's/.* fetch=\([^ ]*\).*/\1/p' "$T/b")
	[ -n "$kernel" ] && [ -n "$initrd" ] && [ -n "$fetch" ] || {
		cat "$T/b"; bd_fail "$plat: no direct boot in the script"
	}
	bd_expect_grep ' quiet$' "$T/b"
	for pair in "$kernel live/vmlinuz" "$initrd live/initrd.img" \
	    "$fetch live/filesystem.squashfs"; do
		url=${pair% *}
		file=${pair#* }
		curl -sf -o "$T/got" "$url" || bd_fail "$plat: $url failed"
		cmp "$T/got" "$T/tree/$file" ||
		    bd_fail "$plat: $url is not $file from the ISO"
	done
done
# The squashfs URL carries no ?mac= (live-boot would make it part of the
# file name); the kernel's does, for the boot log.
case $fetch in *'?'*) bd_fail "fetch URL has a query: $fetch" ;; esac
case $kernel in *"?mac=$mac") ;; *) bd_fail "kernel URL lacks the MAC: $kernel" ;; esac
# Yet the squashfs, the largest download of the boot, is this machine's:
# put down to it by the address it booted from.
bd_wait_for 10 sh -c "'$BOOTDECK' log --mac $mac | grep -q 'live/filesystem.squashfs'" || {
	"$BOOTDECK" log; bd_fail "the squashfs download is not in $mac's log"
}

# Not an ISO: auto sanboots, and the log says why; direct tells the client.
srv_expect "entry junk" 200 "/entry/junk?mac=$mac&platform=pcbios"
bd_expect_grep '^sanboot .*/images/junk.iso' "$T/b"
bd_expect_grep "entry 'junk' sanboots: not an ISO 9660 image" "$T/bootdeckd.log"
srv_expect "entry forced" 200 "/entry/forced?mac=$mac&platform=pcbios"
grep -q '^sanboot' "$T/b" && bd_fail "a direct entry without a recipe sanbooted"
bd_expect_grep "^echo bootdeck: Forced cannot boot direct:" "$T/b"
bd_expect_grep "entry 'forced' cannot boot direct" "$T/bootdeckd.log"
srv_alive
exit 0
