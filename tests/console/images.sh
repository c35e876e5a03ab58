#!/bin/sh
# tests/console/images.sh: Entries' "add from images": pick an ISO found in the images directory, get a filled-in form.
. "$top_srcdir/tests/console/console.sh"
bd_need xorriso

mkdir -p "$T/images/live" "$T/tree/live" "$T/tree/.disk"
for f in live/vmlinuz live/initrd.img live/filesystem.squashfs; do
	echo "$f" > "$T/tree/$f"
done
echo "Debian GNU/Linux 12 Live" > "$T/tree/.disk/info"
xorriso -as mkisofs -quiet -R -J -V 'd-live 12' \
    -o "$T/images/live/debian-live-12.iso" "$T/tree" ||
    bd_fail "xorriso failed"
head -c 50000 /dev/urandom > "$T/images/broken.iso"
"$BOOTDECK" init >/dev/null
con_start

con_keys 1 i
con_wait "Add an entry from an ISO"
con_wait "live/debian-live-12.iso  [debian-live]  Debian GNU/Linux 12 Live"
con_wait "broken.iso  [unreadable]  not an ISO 9660 image"
# The broken one says why and adds nothing.
con_keys g Enter
con_wait "broken.iso: not an ISO 9660 image"
# The live ISO: a form named and titled from it, saved as is.
con_keys i j Enter
con_wait "Add entry"
con_wait "debian-live-12"
con_keys F2
con_wait "saved entry 'debian-live-12'"
"$BOOTDECK" entry show debian-live-12 > "$T/show"
bd_expect_grep '^title: +Debian GNU/Linux 12 Live$' "$T/show"
bd_expect_grep '^target: +live/debian-live-12.iso$' "$T/show"
bd_expect_grep '^boot: +auto$' "$T/show"
# Used now, and the picker says so; Escape leaves it.
con_keys i
con_wait "(used by debian-live-12)"
con_keys Escape
con_wait_gone "Add an entry from an ISO"
con_quit
exit 0
