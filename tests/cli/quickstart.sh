#!/bin/sh
# tests/cli/quickstart.sh: ./quickstart keeps the user's demo catalog; reset deletes it only after a yes.
. "$top_srcdir/tests/lib.sh"
bd_need tmux

[ -x "$top_srcdir/quickstart" ] || bd_skip "no quickstart in $top_srcdir"
export BOOTDECK_DEMO="$T/demo" BUILD_DIR="$top_builddir"
export BOOTDECK_LISTEN=127.0.0.1:0

# qs_run: ./quickstart with no terminal, stopped once bootdeckd is up.
qs_run() {
	"$top_srcdir/quickstart" > "$T/qs.log" 2>&1 &
	qs=$!
	bd_wait_for 120 grep -q 'No terminal for the console' "$T/qs.log" || {
		cat "$T/qs.log"
		bd_fail "quickstart did not get to serving the demo"
	}
	kill "$qs"
	wait "$qs" 2>/dev/null || true
}

entries() {
	"$BOOTDECK" -d "$BOOTDECK_DEMO/catalog.db" entry list
}

# The first run makes the demo; the user adds an entry.
qs_run
[ -f "$BOOTDECK_DEMO/catalog.db" ] || bd_fail "no demo catalog made"
"$BOOTDECK" -d "$BOOTDECK_DEMO/catalog.db" entry add mine --title Mine \
    --shell
entries | grep -q '^[0-9].* mine ' || bd_fail "entry not added"

# A second run keeps it, and says so.
qs_run
bd_expect_grep 'keeping the catalog .*/demo/catalog.db' "$T/qs.log"
entries | grep -q ' mine ' || bd_fail "./quickstart deleted the user's entry"

# reset with no terminal to ask on deletes nothing.
if "$top_srcdir/quickstart" reset </dev/null > "$T/reset.log" 2>&1; then
	bd_fail "reset without a terminal went ahead"
fi
bd_expect_grep 'run it in a terminal' "$T/reset.log"
entries | grep -q ' mine ' || bd_fail "reset without a prompt deleted the catalog"

# In a terminal: "n" keeps it, "y" starts over with a new demo.  Each run
# gets its own tmux server: a new session on a server still exiting from
# kill-server fails with "server exited unexpectedly".
sock="bdqs$$"
qs_tmux() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'qs_tmux kill-server 2>/dev/null; bd_cleanup' EXIT
reset_in_tmux() {
	qs_tmux kill-server 2>/dev/null || true
	sock="bdqs$$-$1"
	: > "$T/tmux.log"
	qs_tmux new -d -x 100 -y 30 -s qs "env TERM=screen \
	    BOOTDECK_DEMO='$BOOTDECK_DEMO' BUILD_DIR='$BUILD_DIR' \
	    BOOTDECK_LISTEN='$BOOTDECK_LISTEN' '$top_srcdir/quickstart' reset \
	    > '$T/tmux.log' 2>&1; echo \"reset exited \$?\" >> '$T/tmux.log'; \
	    exec sleep 600"
	bd_wait_for 60 grep -q 'Delete .*catalog.db' "$T/tmux.log" ||
	    bd_fail "reset did not ask"
	qs_tmux send-keys -t qs "$1" Enter
}
reset_in_tmux n
bd_wait_for 30 grep -q 'reset exited 1' "$T/tmux.log" ||
    bd_fail "reset did not stop on 'n'"
bd_expect_grep 'nothing deleted' "$T/tmux.log"
entries | grep -q ' mine ' || bd_fail "'n' deleted the catalog"

reset_in_tmux y
bd_wait_for 60 grep -q 'deleted .*catalog.db' "$T/tmux.log" ||
    bd_fail "reset did not delete on 'y'"
bd_wait_for 60 test -f "$BOOTDECK_DEMO/catalog.db" ||
    bd_fail "no new demo after reset"
bd_wait_for 30 sh -c "'$BOOTDECK' -d '$BOOTDECK_DEMO/catalog.db' entry list | grep -q memtest" ||
    bd_fail "the new demo has no demo entries"
entries | grep -q ' mine ' && bd_fail "reset kept the old catalog"
exit 0
