#!/bin/sh
# tests/console/utf8_columns.sh: UTF-8 host names keep the Hosts columns in place and are never cut mid-character.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --name 'plain-ascii-name' --default debian >/dev/null ||
    bd_fail "host add failed"
"$BOOTDECK" host set 52:54:00:00:00:02 --name 'héllo-世界-name' --default memtest >/dev/null ||
    bd_fail "UTF-8 host add failed"
"$BOOTDECK" host set 52:54:00:00:00:03 --name 'héllo-世界-name-longer-than-the-column-世界世界' \
    --default shell >/dev/null || bd_fail "long UTF-8 host add failed"
con_start
con_keys 2; con_wait "52:54:00:00:00:03"

# cells ROW TEXT: the display width before " TEXT" on the row with ROW
# (wc -L counts a CJK character as two cells).
cells() {
	line=$(con_screen | grep -F -- "$1" | head -n 1)
	printf '%s\n' "${line%%" $2"*}" | wc -L
}
a=$(cells 52:54:00:00:00:01 debian)
u=$(cells 52:54:00:00:00:02 memtest)
l=$(cells 52:54:00:00:00:03 shell)
[ -n "$a" ] && [ "$a" = "$u" ] && [ "$a" = "$l" ] ||
    { con_screen; bd_fail "DEFAULT column at $a (ASCII), $u (UTF-8), $l (long UTF-8)"; }
con_has "??" && { con_screen; bd_fail "a character was cut into '??'"; }
con_quit
exit 0
