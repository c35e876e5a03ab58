#!/bin/sh
# tests/console/form_warn.sh: the entry form warns in the CLI's own words about a title clients see otherwise and a missing image, and saves all the same.
. "$top_srcdir/tests/console/console.sh"

title='Café — $5 #1'
# What `bootdeck entry add` says of the same entry, in a catalog of its own.
mkdir -p "$T/images"
BOOTDECK_DB="$T/cli.db" "$BOOTDECK" init >/dev/null
BOOTDECK_DB="$T/cli.db" BOOTDECK_IMAGES="$T/images" "$BOOTDECK" entry add \
    cafe --title "$title" --iso nope.iso 2> "$T/cli-err" ||
    bd_fail "entry add failed: $(cat "$T/cli-err")"
title_warn=$(sed -n 's/^bootdeck: warning: title: //p' "$T/cli-err")
image_warn=$(sed -n 's/^bootdeck: warning: iso: //p' "$T/cli-err")
bd_expect_eq "the CLI's title warning" "clients will see 'Cafe - _5 _1'" \
    "$title_warn"
bd_expect_eq "the CLI's image warning" \
    "no file 'nope.iso' under $T/images" "$image_warn"

for size in 80x24 132x40; do
	rm -f "$BOOTDECK_DB" "$BOOTDECK_DB-wal" "$BOOTDECK_DB-shm"
	"$BOOTDECK" init --demo >/dev/null
	CON_S="bd$size" CON_COLS=${size%x*} CON_ROWS=${size#*x}
	con_start
	con_keys a; con_wait "Add entry"
	con_keys cafe Tab "$title" Tab
	con_wait "$title_warn"
	con_golden "form-warn-title-$size"
	# Kind, Hotkey, Platform, Submenu, Enabled, then the ISO.
	con_keys Tab Tab Tab Tab Tab nope.iso Tab
	con_wait "$image_warn"
	con_lacks "$title_warn" || bd_fail "the old warning stayed"
	con_keys F2
	con_wait "saved entry 'cafe'; title: $title_warn; iso: no file"
	con_quit
	"$BOOTDECK" export | grep -Fq "\"title\": \"$title\"" ||
	    bd_fail "the title was not saved as typed"
done
exit 0
