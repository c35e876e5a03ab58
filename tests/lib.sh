# tests/lib.sh: shared helpers for the shell tests (sourced, never run).
#
# Each test gets a private directory $T removed on exit (kept with
# BD_KEEP=1), a catalog at $BOOTDECK_DB, and helpers to start a real
# bootdeckd on a loopback port chosen by the kernel.

set -eu

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# xorriso, when installed, run again when it crashed (tests/shim/xorriso).
case :$PATH: in
*":$top_srcdir/tests/shim:"*) ;;
*) ! command -v xorriso >/dev/null 2>&1 ||
    PATH="$top_srcdir/tests/shim:$PATH" ;;
esac
BOOTDECK="$top_builddir/bootdeck"
BOOTDECKD="$top_builddir/bootdeckd"
export LC_ALL=C TZ=UTC

T=$(mktemp -d "${TMPDIR:-/tmp}/bootdeck-test.XXXXXX")
export BOOTDECK_DB="$T/catalog.db"
BD_PIDS=""

bd_cleanup() {
	rc=$?
	for pid in $BD_PIDS; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $BD_PIDS; do
		wait "$pid" 2>/dev/null || true
	done
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		for f in "$T"/*.log; do
			[ -f "$f" ] || continue
			echo "--- $f (last 40 lines)"
			tail -n 40 "$f"
		done
	fi
	# Hooks (bd_at_exit), after the processes that might use what they undo.
	eval "${BD_AT_EXIT:-}" || true
	if [ "${BD_KEEP:-0}" = 1 ]; then
		echo "kept $T"
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap bd_cleanup EXIT
trap 'exit 1' INT TERM

# bd_at_exit COMMAND: run at exit, after the test's processes are stopped
# and before $T is removed (unmounting what the test mounted there).
bd_at_exit() {
	BD_AT_EXIT="${BD_AT_EXIT:-}$*;
"
}

bd_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

bd_skip() {
	echo "SKIP: $*" >&2
	exit 77
}

bd_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || bd_skip "$tool is not installed"
	done
}

# bd_wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds.
bd_wait_for() {
	limit=$(( $1 * 10 ))
	shift
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt "$limit" ] || return 1
		sleep 0.1
	done
}

# bd_expect_eq WHAT EXPECTED ACTUAL
bd_expect_eq() {
	[ "$2" = "$3" ] || bd_fail "$1: expected '$2', got '$3'"
}

# bd_expect_grep PATTERN FILE: FILE must contain the extended regexp.
bd_expect_grep() {
	grep -Eq -- "$1" "$2" || {
		echo "--- $2:"; cat "$2"
		bd_fail "'$1' not found in $2"
	}
}

# bd_start_server [ARGS...]: starts bootdeckd on 127.0.0.1 with a free port
# and sets BD_PORT, BD_URL and BD_SERVER_PID. The log is $T/bootdeckd.log.
bd_start_server() {
	mkdir -p "$T/images"
	: > "$T/bootdeckd.log"
	"$BOOTDECKD" --db "$BOOTDECK_DB" --listen 127.0.0.1:0 \
	    --images "$T/images" "$@" 2>>"$T/bootdeckd.log" &
	BD_SERVER_PID=$!
	BD_PIDS="$BD_PIDS $BD_SERVER_PID"
	bd_wait_for 10 grep -q 'listening on' "$T/bootdeckd.log" ||
	    bd_fail "bootdeckd did not start"
	BD_PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
	    "$T/bootdeckd.log" | head -n 1)
	[ -n "$BD_PORT" ] || bd_fail "no port in bootdeckd.log"
	BD_URL="http://127.0.0.1:$BD_PORT"
}

# bd_forget PID: the process is gone; cleanup no longer needs to stop it.
bd_forget() {
	BD_PIDS=$(echo "$BD_PIDS" | sed "s/ $1\$//; s/ $1 / /")
}

# bd_stop_server: stops it (SIGTERM), waits, and fails if it did not exit 0.
bd_stop_server() {
	kill -TERM "$BD_SERVER_PID"
	wait "$BD_SERVER_PID" || bd_fail "bootdeckd exited with status $?"
	bd_forget "$BD_SERVER_PID"
}
