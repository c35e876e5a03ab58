# tests/console/console.sh: drives the real console in a private tmux server (sourced by the console tests).
. "$top_srcdir/tests/lib.sh"
bd_need tmux

CON_SOCK="bdcon$$"
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL

con_tmux() {
	tmux -L "$CON_SOCK" -f /dev/null "$@"
}

# The tmux session the helpers act on; set CON_S to drive a second console.
CON_S=bd

# con_start [ENV=VALUE...]: opens the console on $BOOTDECK_DB in an 80x24
# pane (CON_COLS x CON_ROWS when set; session $CON_S). The pane prints a marker first and, after the
# console, its exit status and whether the terminal echoes again (stty
# restored).
con_start() {
	mkdir -p "$T/images"
	con_tmux new -d -x "${CON_COLS:-80}" -y "${CON_ROWS:-24}" -s "$CON_S" "env TERM=screen $* sh -c '
	    echo console-test-start
	    BOOTDECK_IMAGES=\"$T/images\" BOOTDECK_BASE_URL=http://boot.test:8080 \\
	        \"$BOOTDECK\" -d \"$BOOTDECK_DB\"
	    echo \"console exited \$?\"
	    stty -a | tr \" ;\" \"\\n\\n\" | grep -x -e echo -e -echo
	    exec sleep 600'"
	BD_PIDS="$BD_PIDS $(con_tmux display -p -t "$CON_S" '#{pid}')"
	con_wait "1 Entries"
}

con_screen() {
	con_tmux capture-pane -p -t "$CON_S"
}

con_keys() {
	con_tmux send-keys -t "$CON_S" "$@"
}

con_has() {
	con_screen | grep -Fq -- "$1"
}

# con_wait TEXT [SECONDS]: polls the pane until TEXT shows.
con_wait() {
	bd_wait_for "${2:-5}" con_has "$1" || {
		echo "--- screen:"; con_screen
		bd_fail "'$1' did not appear on the console"
	}
}

con_lacks() {
	! con_has "$1"
}

con_wait_gone() {
	bd_wait_for "${2:-5}" con_lacks "$1" || {
		echo "--- screen:"; con_screen
		bd_fail "'$1' did not go away"
	}
}

# con_quit: q, then the console must have exited 0 with the terminal restored.
con_quit() {
	con_keys q
	con_wait "console exited 0"
	con_wait_gone "1 Entries"
	con_has "console-test-start" || bd_fail "the shell screen was not restored"
	con_wait "echo" && ! con_has "-echo" || bd_fail "echo not restored"
}

# con_golden NAME: the pane must equal tests/console/golden/NAME.txt
# (BOOTDECK_REGEN_GOLDEN=1 rewrites it). Trailing blanks do not count.
con_golden() {
	con_golden_file="$top_srcdir/tests/console/golden/$1.txt"
	con_screen | sed 's/[[:space:]]*$//' > "$T/golden-$1.txt"
	if [ "${BOOTDECK_REGEN_GOLDEN:-0}" = 1 ]; then
		cp "$T/golden-$1.txt" "$con_golden_file"
		return 0
	fi
	diff -u "$con_golden_file" "$T/golden-$1.txt" ||
	    bd_fail "screen $1 differs from its golden (BOOTDECK_REGEN_GOLDEN=1 rewrites it)"
}
