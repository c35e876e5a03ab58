#!/bin/sh
# tests/cli/log.sh: log and clients on an empty catalog; --follow stops on SIGTERM, SIGINT and a closed pipe.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need timeout

bd_run 0 bd init
bd_run 0 bd log
bd_no_error
[ ! -s "$T/out" ] || bd_fail "log of an empty catalog printed something"
bd_run 0 bd log -n 0 --mac 52-54-00-00-00-01
[ ! -s "$T/out" ] || bd_fail "log --mac of an empty catalog printed something"
bd_run 0 bd clients
bd_no_error
bd_expect_eq "clients" \
    "MAC  HOST  IP  PLATFORM  ARCH  STAGE  ENTRY  IMAGE  SERVED  LAST-SEEN  IPXE" \
    "$(cat "$T/out")"
bd_run 2 bd log -n -1
bd_one_error "-n wants a count"
bd_run 1 bd -d "$T/none.db" log --follow
bd_one_error "no such catalog"

# --follow runs until a signal, then exits 0.
for sig in TERM INT; do
	: > "$T/follow.err"
	"$BOOTDECK" -c "$T/bootdeck.conf" log --follow \
	    >"$T/follow.out" 2>"$T/follow.err" &
	pid=$!
	BD_PIDS="$BD_PIDS $pid"
	# Running means it holds the catalog open: SQLite makes the -wal
	# and -shm files then (WAL mode).
	bd_wait_for 10 sh -c "[ -e '$BOOTDECK_DB-wal' ] || [ -e '$BOOTDECK_DB-shm' ]" ||
	    bd_fail "log --follow did not open the catalog"
	bd_signal_wait "$sig" "$pid"
	[ "$rc" -eq 0 ] || { cat "$T/follow.err"; bd_fail "log --follow exited with $rc on SIG$sig"; }
	[ ! -s "$T/follow.err" ] || { cat "$T/follow.err"; bd_fail "log --follow wrote errors"; }
done

# A reader that goes away ends --follow quietly (no EPIPE message, status 0).
rc=$( { timeout 20 "$BOOTDECK" -c "$T/bootdeck.conf" log --follow \
    2>"$T/pipe.err"; echo $? >"$T/pipe.rc"; } | true; cat "$T/pipe.rc")
bd_expect_eq "status after the reader left" 0 "$rc"
[ ! -s "$T/pipe.err" ] || { cat "$T/pipe.err"; bd_fail "log --follow complained about the closed pipe"; }
