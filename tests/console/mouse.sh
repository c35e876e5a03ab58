#!/bin/sh
# tests/console/mouse.sh: a click on a tab shows it, on a row selects it; the wheel scrolls.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start

# click X Y: an xterm (X10) button-1 press and release at column X, line
# Y, as a terminal sends them (TERM=screen's kmous is ESC [ M).
click() {
	click_at="$(printf '%b%b' "\\$(printf %o $(($1 + 33)))" \
	    "\\$(printf %o $(($2 + 33)))")"
	con_tmux send-keys -t "$CON_S" -l "$(printf '\033[M ')$click_at"
	con_tmux send-keys -t "$CON_S" -l "$(printf '\033[M#')$click_at"
}

# The tab bar: " bootdeck " then " 1 Entries " (x 10-20), " 2 Hosts " (21-29).
click 24 0; con_wait "No hosts yet"
click 14 0; con_wait "memtest"
# Entries rows start on line 2: local, memtest, shell, debian.
click 5 4
con_keys p; con_wait "entry shell on BIOS"
con_keys 1; click 5 3
con_keys p; con_wait "entry memtest on BIOS"
con_quit
exit 0
