#!/bin/sh
# tests/console/signals.sh: Ctrl-\ (SIGQUIT) and a crash leave the mouse off, the main screen and a visible cursor.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
for sig in QUIT:131 SEGV:139; do
	status=${sig#*:} sig=${sig%:*}
	CON_SOCK="bdsig$$$sig"
	con_start
	# The console has the mouse, the alternate screen and a hidden cursor.
	bd_expect_eq "while running" "1 1 0" "$(con_tmux display -p -t "$CON_S" \
	    '#{mouse_any_flag} #{alternate_on} #{cursor_flag}')"
	pid=$(pgrep -f "bootdeck -d $BOOTDECK_DB" | head -n 1)
	[ -n "$pid" ] || bd_fail "no console process"
	kill -s "$sig" "$pid"
	con_wait "console exited $status"
	bd_expect_eq "after SIG$sig" "0 0 1" "$(con_tmux display -p -t "$CON_S" \
	    '#{mouse_any_flag} #{alternate_on} #{cursor_flag}')"
	con_has "-echo" && bd_fail "SIG$sig: echo not restored"
	con_tmux kill-server
done
exit 0
