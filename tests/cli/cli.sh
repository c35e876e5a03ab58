# tests/cli/cli.sh: helpers for the bootdeck subcommand tests (sourced after tests/lib.sh).

# A private, empty config, and none of the caller's settings.
unset BOOTDECK_LISTEN BOOTDECK_IMAGES BOOTDECK_BASE_URL BOOTDECK_IPXE_DIR \
    BOOTDECK_MEMDISK BOOTDECK_LOG_RETENTION
: > "$T/bootdeck.conf"

# bd ARGS...: bootdeck with the test's config file.
bd() {
	"$BOOTDECK" -c "$T/bootdeck.conf" "$@"
}

# bd_run STATUS COMMAND...: runs COMMAND with stdout in $T/out and stderr in
# $T/err; fails unless it exits with STATUS.
bd_run() {
	want=$1
	shift
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "--- stdout:"; cat "$T/out"
		echo "--- stderr:"; cat "$T/err"
		bd_fail "'$*' exited with $rc, expected $want"
	fi
}

# bd_one_error PATTERN: stderr ($T/err) is one line "bootdeck: ..." matching PATTERN.
bd_one_error() {
	lines=$(wc -l < "$T/err")
	[ "$lines" -eq 1 ] || {
		cat "$T/err"
		bd_fail "expected one line on stderr, got $lines"
	}
	bd_expect_grep "^bootdeck: .*$1" "$T/err"
}

# bd_no_error: nothing on stderr.
bd_no_error() {
	[ ! -s "$T/err" ] || { cat "$T/err"; bd_fail "unexpected stderr"; }
}

# bd_exited PID: the process is gone or a zombie (a child not yet waited for).
bd_exited() {
	[ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# bd_signal_wait SIGNAL PID: signals PID (directly: not through timeout(1),
# whose extra SIGCONT can upset a sanitizer's exit-time ptrace), waits up to
# 20 s for it to end, and sets rc to its exit status.
bd_signal_wait() {
	kill -"$1" "$2"
	bd_wait_for 20 bd_exited "$2" || bd_fail "process $2 ignored SIG$1"
	rc=0
	wait "$2" || rc=$?
}
