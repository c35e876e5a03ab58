#!/bin/sh
# tests/console/lint_memo.sh: the console remembers what it read in ISOs between lints, yet an ISO replaced or deleted while it runs gets its new mark.
. "$top_srcdir/tests/console/console.sh"
bd_need xorriso sqlite3

mkdir -p "$T/images" "$T/tree/live"
for f in vmlinuz initrd.img filesystem.squashfs; do
	echo "$f" > "$T/tree/live/$f"
done
xorriso -as mkisofs -quiet -R -J -o "$T/live.iso" "$T/tree" ||
    bd_fail "xorriso failed"
cp "$T/live.iso" "$T/images/live.iso"
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add live --title "Live" --iso live.iso --boot direct >/dev/null
"$BOOTDECK" entry add disk --title "Local disk" --localboot >/dev/null
con_start

# marked: the live row carries an error mark.
marked() {
	con_screen | grep -q '^ !  live '
}
# relint: a boot event, as bootdeckd commits them: the console loads
# Entries again and lints (at once, or when the 3 s since the last run
# are up), reading the ISO only if it changed.
n=0
relint() {
	n=$((n + 1))
	sqlite3 "$BOOTDECK_DB" ".timeout 5000" "INSERT INTO events (ts_ms,
	    kind, mac, ip) VALUES ($(date +%s%3N) + $n, 'boot',
	    '52:54:00:00:00:01', '10.0.0.1')" || bd_fail "event insert failed"
}

con_wait "Local disk"
marked && { con_screen; bd_fail "a mark on a clean ISO entry"; }

# A new download renamed over it: no ISO 9660 image, so no recipe.
head -c 70000 /dev/zero > "$T/images/new"
mv "$T/images/new" "$T/images/live.iso"
relint
bd_wait_for 10 marked || { con_screen; bd_fail "no mark after the ISO was replaced"; }
con_wait "! iso-no-recipe: set to boot direct but cannot"

# The good one back: the mark goes.
cp "$T/live.iso" "$T/images/new"
mv "$T/images/new" "$T/images/live.iso"
relint
con_wait_gone "iso-no-recipe" 10
marked && { con_screen; bd_fail "the mark stayed on a good ISO"; }

# Deleted: missing, as `bootdeck check` says.
rm "$T/images/live.iso"
relint
con_wait "! image-missing: live.iso is not in the images directory" 10
con_quit
exit 0
