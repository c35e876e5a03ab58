#!/bin/sh
# owner.sh: read commands run as another user leave no -wal/-shm of theirs beside the catalog; bootdeckd refuses to start past a foreign-owned -wal or -shm and names it.
. "$top_srcdir/tests/lib.sh"

# Three users: the catalog's owner (root, who runs the test), a reader
# (nobody) and the service (a uid with no passwd entry). setpriv needs
# root; without it there is no second user to be.
[ "$(id -u)" -eq 0 ] || bd_skip "needs root to run commands as other users"
bd_need setpriv
READER=65534
SERVICE=65533
as() {
	uid=$1
	shift
	setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"
}
as "$READER" true 2>/dev/null || bd_skip "setpriv cannot switch users here"

# Everyone may create files in the catalog's directory (as a group
# shared by the admins would allow), and reach the programs and images.
chmod 755 "$T"
dir=$T/cat
mkdir -p "$dir" "$T/images"
chmod 1777 "$dir"
export BOOTDECK_DB="$dir/catalog.db" BOOTDECK_IMAGES="$T/images"
# The demo's images, so preview has nothing to warn about.
for f in memtest86+x64.bin memtest86+x64.efi debian-12-amd64-netinst.iso; do
	: > "$T/images/$f"
done
"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" host set 52:54:00:12:34:56 --name lab-1 >/dev/null
[ ! -e "$dir/catalog.db-wal" ] && [ ! -e "$dir/catalog.db-shm" ] ||
    bd_fail "init left -wal/-shm behind"
for p in "$BOOTDECK" "$BOOTDECKD"; do
	as "$READER" test -x "$p" ||
	    bd_skip "the build tree is not reachable by uid $READER"
done

# reads MODE: every read command as the reader, with the catalog in MODE
# (0644: the reader opens it read-only; 0666: read-write, query only).
reads() {
	chmod "$1" "$BOOTDECK_DB"
	for cmd in "entry list" "entry list --json" "host list" "log" \
	    "clients" "export" "preview 52:54:00:12:34:56" \
	    "preview 52:54:00:12:34:56 --platform efi"; do
		# shellcheck disable=SC2086
		as "$READER" env BOOTDECK_DB="$BOOTDECK_DB" \
		    BOOTDECK_IMAGES="$BOOTDECK_IMAGES" "$BOOTDECK" $cmd \
		    >"$T/out" 2>"$T/err" ||
		    bd_fail "mode $1: bootdeck $cmd failed: $(cat "$T/err")"
		left=$(find "$dir" -user "$READER")
		[ -z "$left" ] ||
		    bd_fail "mode $1: bootdeck $cmd left $left owned by uid $READER"
	done
}
# follow MODE: `log --follow` as the reader until SIGINT, which ends it
# normally: its files go too.
follow() {
	chmod "$1" "$BOOTDECK_DB"
	setpriv --reuid="$READER" --regid="$READER" --clear-groups -- \
	    env BOOTDECK_DB="$BOOTDECK_DB" "$BOOTDECK" log --follow \
	    >"$T/follow.out" 2>"$T/follow.err" &
	fpid=$!
	BD_PIDS="$BD_PIDS $fpid"
	bd_wait_for 10 test -e "$dir/catalog.db-shm" ||
	    bd_fail "mode $1: log --follow did not open the catalog"
	kill -INT "$fpid"
	wait "$fpid" || bd_fail "mode $1: log --follow exited $?: $(cat "$T/follow.err")"
	bd_forget "$fpid"
	left=$(find "$dir" -user "$READER")
	[ -z "$left" ] ||
	    bd_fail "mode $1: log --follow left $left owned by uid $READER"
}
reads 0644
reads 0666
follow 0644
follow 0666
# A read command must not write either.
as "$READER" env BOOTDECK_DB="$BOOTDECK_DB" "$BOOTDECK" entry list \
    >/dev/null || bd_fail "entry list as the reader"
[ "$(sqlite3 "$BOOTDECK_DB" 'PRAGMA user_version')" -gt 0 ] ||
    bd_fail "the catalog is damaged"

# The service: its own user, able to write the catalog and the directory.
chmod 0666 "$BOOTDECK_DB"
start_service() {
	rc=0
	timeout 20 setpriv --reuid="$SERVICE" --regid="$SERVICE" \
	    --clear-groups -- "$BOOTDECKD" --db "$BOOTDECK_DB" \
	    --listen 127.0.0.1:0 --images "$T/images" >"$T/out" 2>"$T/err" &
	pid=$!
	BD_PIDS="$BD_PIDS $pid"
}
for side in wal shm; do
	f=$dir/catalog.db-$side
	as "$READER" sh -c ": > '$f'"
	start_service
	rc=0
	wait "$pid" || rc=$?
	bd_forget "$pid"
	case $rc in
	0|124) bd_fail "bootdeckd started past a foreign -$side" ;;
	esac
	bd_expect_eq "-$side: stderr lines" 1 "$(wc -l < "$T/err")"
	grep -q "^bootdeckd: .*cannot write $f: owned by .*(uid $READER," \
	    "$T/err" || bd_fail "-$side: the reason: $(cat "$T/err")"
	grep -q "we run as (uid $SERVICE," "$T/err" ||
	    bd_fail "-$side: who we are: $(cat "$T/err")"
	rm -f "$f"
done

# Without them it starts as that user, and serves.
: > "$T/err"
start_service
bd_wait_for 10 grep -q 'listening on' "$T/err" ||
    bd_fail "bootdeckd did not start as uid $SERVICE: $(cat "$T/err")"
kill -TERM "$pid"
wait "$pid" || bd_fail "bootdeckd exited with status $?"
bd_forget "$pid"
