#!/bin/sh
# tests/console/two.sh: two consoles on one catalog see each other's changes within a second; a stale save asks.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
CON_S=a; con_start
CON_S=b; con_start

# within_a_second TEXT: the current console shows TEXT within a second.
within_a_second() {
	bd_wait_for 1 con_has "$1" || {
		con_screen; bd_fail "'$1' did not show within a second in console $CON_S"; }
}

# A host added in a appears on b's Hosts screen.
CON_S=b; con_keys 2; con_wait "No hosts yet"
CON_S=a; con_keys 2; con_wait "No hosts yet"
con_keys a; con_wait "Add host"
con_keys 52:54:00:00:00:21 Tab from-a F2; con_wait "saved host 52:54:00:00:00:21"
CON_S=b; within_a_second "from-a"

# The menu title b changes shows on a's Settings screen.
CON_S=a; con_keys 5; con_wait "Menu title"
CON_S=b; con_keys 5; con_wait "Menu title"; con_keys Enter; con_wait "Menu title"
con_keys C-u 'Title from b' F2; con_wait "saved Menu title"
CON_S=a; within_a_second "Title from b"

# Both edit the same host; the second save asks instead of overwriting.
CON_S=a; con_keys 2; con_wait "from-a"; con_keys e; con_wait "Edit host"
CON_S=b; con_keys 2; con_wait "from-a"; con_keys e; con_wait "Edit host"
con_keys Tab C-u name-b F2; con_wait "saved host"
CON_S=a; within_a_second "Edit host"
con_keys Tab C-u name-a F2; con_wait "changed by someone else"
con_keys k; con_wait "not saved"
"$BOOTDECK" host list | grep -q name-b || bd_fail "b's save was overwritten"
con_keys Escape; con_wait "Discard"; con_keys y
within_a_second "name-b"
CON_S=b; con_quit
CON_S=a; con_quit
exit 0
