#!/bin/sh
# tests/console/frame.sh: every screen, Tab, help, resize, quit and signals restore the terminal.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start

# Each screen by its number, then Tab cycles back to the first.
con_keys 2; con_wait "NEXT BOOT"
con_keys 3; con_wait "No clients seen in the last 24 hours"
con_keys 4; con_wait "No boot events yet"
con_keys 5; con_wait "Menu timeout"
con_keys 6; con_wait "Press m to type a MAC"
con_keys Tab; con_wait "Debian 12 netinst (amd64)"
con_keys BTab; con_wait "Press m to type a MAC"
con_keys 1; con_wait "Memtest86+ memory test"

# Help lists the global and the screen's keys; Esc closes it; F1 too.
con_keys '?'; con_wait "Everywhere"; con_has "make it the menu default" ||
    bd_fail "help does not list the Entries keys"
con_keys Escape; con_wait_gone "Everywhere"
con_keys F1; con_wait "Everywhere"; con_keys x; con_wait_gone "Everywhere"

# Resize: the frame follows (tab bar and footer at the new edges), and back.
con_tmux resize-window -t bd -x 120 -y 40
bd_wait_for 5 sh -c "tmux -L $CON_SOCK -f /dev/null capture-pane -p -t bd | sed -n 40p | grep -q 'q:quit'" ||
    { con_screen; bd_fail "footer not on line 40 after resize"; }
con_screen | head -n 1 | grep -q '? help *$' || bd_fail "tab bar not redrawn"
con_tmux resize-window -t bd -x 80 -y 24
bd_wait_for 5 sh -c "tmux -L $CON_SOCK -f /dev/null capture-pane -p -t bd | sed -n 24p | grep -q 'q:quit'" ||
    { con_screen; bd_fail "footer not on line 24 after resize"; }

con_quit

# SIGTERM and a crash (SIGSEGV) restore the terminal too; NO_COLOR works.
for sig in TERM:143 SEGV:139; do
	status=${sig#*:} sig=${sig%:*}
	# A new server on a new socket: `kill-server` returns before the old
	# server is gone, and a client that reaches it then fails.
	con_tmux kill-server
	CON_SOCK="bdcon$$$sig"
	con_start NO_COLOR=1
	pid=$(pgrep -f "bootdeck -d $BOOTDECK_DB" | head -n 1)
	[ -n "$pid" ] || bd_fail "no console process"
	kill -s "$sig" "$pid"
	con_wait "console exited $status"
	con_wait_gone "1 Entries"
	con_has "console-test-start" || bd_fail "SIG$sig: screen not restored"
	con_has "-echo" && bd_fail "SIG$sig: echo not restored"
	con_has "echo" || bd_fail "SIG$sig: no stty output"
done

# SIGTERM in the middle of a form: what was saved before stays, the half
# typed entry is not saved, and the terminal is restored.
con_tmux kill-server
CON_SOCK="bdcon$$form"
con_start
con_keys a; con_wait "Add entry"
con_keys halfway Tab 'Half typed'
con_wait "Half typed"
pid=$(pgrep -f "bootdeck -d $BOOTDECK_DB" | head -n 1)
[ -n "$pid" ] || bd_fail "no console process"
kill -s TERM "$pid"
con_wait "console exited 143"
con_wait_gone "Add entry"
con_has "console-test-start" || bd_fail "SIGTERM in a form: screen not restored"
con_has "-echo" && bd_fail "SIGTERM in a form: echo not restored"
"$BOOTDECK" entry list | grep -q ' halfway ' &&
    bd_fail "SIGTERM in a form saved the half-typed entry"
"$BOOTDECK" entry list | grep -q ' memtest ' ||
    bd_fail "SIGTERM in a form lost a saved entry"
exit 0
