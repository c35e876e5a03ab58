#!/bin/sh
# tests/console/form_keys.sh: form fields edit like any line editor, choices take type-ahead, hints show, search starts empty.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --name lab-1 >/dev/null
mkdir -p "$T/images"
: > "$T/images/debian-12-amd64-netinst.iso"

title() {
	"$BOOTDECK" entry show debian | sed -n 's/^title: *//p'
}

for size in 80x24 132x40; do
	CON_S="bd$size" CON_COLS=${size%x*} CON_ROWS=${size#*x}
	"$BOOTDECK" entry set debian --title 'Debian 12 netinst (amd64)' >/dev/null
	con_start

	# Editing starts at the value's end; Right stops there, no padding.
	con_keys 1 G e; con_wait "Edit entry"
	con_keys Tab X Right Right Y
	con_wait "the menu text clients see"
	con_golden "form-entry-$size"
	# Backspace and Left at the start stay in the field.
	con_keys Home BSpace BSpace Left Left A
	# ^E ^W: the last word goes; ^A and ^E move.
	con_keys C-e C-w C-a B C-e ' end' F2
	con_wait "saved entry"
	[ "$(title)" = "BADebian 12 netinst end" ] ||
	    bd_fail "$size: title after editing keys is '$(title)'"
	# ^U deletes back to the start only.
	con_keys e; con_wait "Edit entry"
	con_keys Tab Left Left Left C-u F2
	con_wait "saved entry"
	[ "$(title)" = "end" ] || bd_fail "$size: ^U left '$(title)'"

	# Choice fields take type-ahead; each field says what it means.
	con_keys 2; con_wait "lab-1"
	con_keys e; con_wait "Edit host"
	con_keys Tab Tab Tab Tab s
	con_wait "skip: boot the default entry at once"
	con_keys Tab e
	con_wait "exit: the firmware's next device"
	con_golden "form-host-$size"
	con_keys Up Up m Up d F2
	con_wait "saved host"
	"$BOOTDECK" host list | tr -s ' ' > "$T/hosts"
	grep -qx "52:54:00:00:00:01 lab-1 debian memtest skip exit - -" \
	    "$T/hosts" || bd_fail "$size: type-ahead did not choose: $(cat "$T/hosts")"
	"$BOOTDECK" host set 52:54:00:00:00:01 --menu --localboot auto \
	    --no-next --no-default >/dev/null

	# Search: a new one starts empty, a miss says so and keeps the row.
	con_keys 1 g '/' ; con_wait "Search"
	con_keys shell Enter; con_wait_gone "Search"
	con_keys '/'; con_wait "Search"
	con_screen | grep -q "Search *shell" && bd_fail "$size: search kept 'shell'"
	con_keys nomatch Enter; con_wait "'nomatch' not found"
	con_golden "search-miss-$size"
	con_keys e; con_wait "Edit entry"
	con_has "Name          shell" || { con_screen
	    bd_fail "$size: a search that missed moved the selection"; }
	con_keys Escape; con_wait_gone "Edit entry"
	con_quit
done
exit 0
