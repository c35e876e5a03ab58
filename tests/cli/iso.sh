#!/bin/sh
# tests/cli/iso.sh: ISO entries: --boot, the recipe entry show and preview report, and what a bad ISO falls back to.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need xorriso

img="$T/images"
mkdir -p "$img/distros" "$T/tree/live" "$T/tree/.disk"
for f in live/vmlinuz live/initrd.img live/filesystem.squashfs .disk/info; do
	echo "$f" > "$T/tree/$f"
done
xorriso -as mkisofs -quiet -R -J -V 'd-live 12' \
    -o "$img/distros/debian live.iso" "$T/tree" ||
    bd_fail "xorriso failed"
head -c 100000 /dev/urandom > "$img/distros/junk.iso"
printf 'images = %s\nbase_url = http://boot.lab:8080\n' "$img" > "$T/bootdeck.conf"
mac=52:54:00:00:10:01
bd_run 0 bd init

# --boot belongs to ISO entries, with one of four methods.
bd_run 2 bd entry add k --title K --kernel vmlinuz --boot direct
bd_one_error "--boot is not used by kernel entries"
bd_run 2 bd entry add x --title X --iso x.iso --boot fast
bd_one_error "boot: use auto, direct, sanboot or memdisk, not 'fast'"
bd_run 2 bd entry add x --title X --iso x.iso --boot memdisk --platform efi
bd_one_error "memdisk boots on BIOS only"

# auto: the recipe fits, so the kernel inside the ISO boots with the
# family's arguments, pointing back into the ISO.
bd_run 0 bd entry add live --title "Debian live" --iso "distros/debian live.iso" \
    --args "quiet"
bd_run 0 bd entry show live
bd_expect_grep '^boot: +auto$' "$T/out"
bd_expect_grep '^recipe: +debian-live$' "$T/out"
bd_expect_grep '^  kernel: +live/vmlinuz$' "$T/out"
bd_expect_grep '^  fetches: +live/filesystem.squashfs' "$T/out"
iso_url='http://boot.lab:8080/images/distros/debian%20live.iso'
for plat in pcbios efi; do
	bd_run 0 bd preview "$mac" --entry live --platform "$plat"
	bd_expect_grep "^kernel $iso_url/live/vmlinuz\\?mac=$mac .*boot=live components fetch=$iso_url/live/filesystem.squashfs ip=dhcp quiet\$" "$T/out"
	bd_expect_grep "^initrd --name initrd0 $iso_url/live/initrd.img\\?mac=$mac\$" "$T/out"
	bd_expect_grep "note: entry 'live' boots direct by the debian-live recipe" "$T/err"
done
bd_expect_grep "initrd=initrd0 boot=live" "$T/out"

# sanboot when told to; memdisk likewise.
bd_run 0 bd entry set live --boot sanboot
bd_run 0 bd preview "$mac" --entry live
bd_expect_grep "^sanboot $iso_url\\?mac=$mac\$" "$T/out"
[ -s "$T/err" ] && bd_fail "a sanboot entry got a note: $(cat "$T/err")"
bd_run 0 bd entry show live
grep -q '^recipe:' "$T/out" && bd_fail "a sanboot entry shows a recipe"

# Not an ISO at all: auto falls back to sanboot and says why; direct
# refuses to pretend and the client is told.
bd_run 0 bd entry add junk --title Junk --iso distros/junk.iso
bd_run 0 bd preview "$mac" --entry junk
bd_expect_grep "^sanboot http://boot.lab:8080/images/distros/junk.iso" "$T/out"
bd_expect_grep "warning: entry 'junk' sanboots: .*ISO 9660" "$T/err"
bd_run 0 bd entry show junk
bd_expect_grep '^recipe: +none, so it sanboots$' "$T/out"
bd_run 0 bd entry set junk --boot direct
bd_run 0 bd preview "$mac" --entry junk
grep -q '^sanboot' "$T/out" && bd_fail "a direct entry without a recipe sanbooted"
bd_expect_grep "^echo bootdeck: .*ISO 9660" "$T/out"
bd_expect_grep "warning: entry 'junk' cannot boot direct: " "$T/err"
exit 0
