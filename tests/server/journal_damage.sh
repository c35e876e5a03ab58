#!/bin/sh
# journal_damage.sh: a torn or damaged journal record is ignored with one log line; a file that is not a journal stops bootdeckd; another catalog's journal is not replayed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need sqlite3 mkfifo dd truncate

MAC=52:54:00:00:0d:01
J=$BOOTDECK_DB.journal
# The layout (server/journal.h): 256-byte slots, the header in the first,
# record number S (from 1) in slot 1 + (S - 1) % slots.
SLOT=256
SLOTS=4096

setup_catalog() {
	"$BOOTDECK" init >/dev/null
	"$BOOTDECK" entry add debian --title "Debian installer" \
	    --iso debian.iso >/dev/null
	"$BOOTDECK" entry add rescue --title "Rescue" --iso rescue.iso \
	    >/dev/null
	"$BOOTDECK" host set "$MAC" --default rescue --no-menu --next debian \
	    >/dev/null
}

# consume_and_kill: a next boot served, then SIGKILL before the writer
# could write it (the lock), so only the journal has it.
consume_and_kill() {
	srv_lock_catalog
	srv_expect "entry" 200 "/entry/debian?mac=$MAC"
	srv_kill9
	srv_unlock_catalog
}

# scribble OFFSET TEXT: overwrites bytes of the journal in place.
scribble() {
	printf '%s' "$2" | dd of="$J" bs=1 seek="$1" conv=notrunc 2>/dev/null
}

setup_catalog
bd_start_server
[ -f "$J" ] || bd_fail "no journal beside the catalog"
bd_expect_eq "journal size" $((SLOT * (SLOTS + 1))) "$(wc -c < "$J")"
bd_expect_eq "journal mode" "$(stat -c %a "$BOOTDECK_DB")" "$(stat -c %a "$J")"
set -- $(srv_host "$MAC")
rev=$1

# A torn write after the last record (record 2 half written): ignored
# with one line; record 1 is still written at start.
consume_and_kill
scribble $((SLOT * 2 + 40)) "half a record"
bd_start_server
bd_expect_eq "damaged lines" 1 "$(grep -c 'damaged' "$T/bootdeckd.log")"
bd_expect_eq "record 1 replayed" "$((rev + 1)) -" "$(srv_host "$MAC")"
srv_alive

# A record damaged after it was written (one byte flipped): ignored, not
# replayed, never a crash.
"$BOOTDECK" host set "$MAC" --next debian >/dev/null
set -- $(srv_host "$MAC")
rev=$1
consume_and_kill
scribble $((SLOT * 2 + 60)) "X"
bd_start_server
bd_expect_eq "damaged record lines" 1 \
    "$(grep -c 'damaged' "$T/bootdeckd.log")"
bd_expect_eq "damaged record not replayed" "$rev debian" "$(srv_host "$MAC")"
srv_alive
bd_stop_server

# Cut short in the middle of a record: started, and the file is whole again.
truncate -s $((SLOT * 2 + 100)) "$J"
bd_start_server
bd_expect_grep "journal.*short" "$T/bootdeckd.log"
bd_expect_eq "journal size after" $((SLOT * (SLOTS + 1))) "$(wc -c < "$J")"
srv_alive
# The CLI does not mind the file beside the catalog.
"$BOOTDECK" host list >/dev/null || bd_fail "bootdeck host list with a journal"
"$BOOTDECK" entry list >/dev/null || bd_fail "bootdeck entry list with a journal"
bd_stop_server

# Something else at the journal's path: refused, with one line, untouched.
echo "not a journal, an admin's notes" > "$J"
cp "$J" "$T/notes"
rc=0
timeout 20 "$BOOTDECKD" --db "$BOOTDECK_DB" --listen 127.0.0.1:0 \
    --images "$T/images" 2>"$T/err" || rc=$?
case $rc in 0|124) bd_fail "bootdeckd started over a foreign journal" ;; esac
bd_expect_eq "refusal lines" 1 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeckd: .*journal.*not a bootdeckd journal" "$T/err"
cmp -s "$J" "$T/notes" || bd_fail "the foreign file was changed"
rm -f "$J"

# A journal left by another catalog at the same path: not replayed into
# a new catalog that happens to have the same host and entries.
bd_start_server
consume_and_kill
rm -f "$BOOTDECK_DB" "$BOOTDECK_DB-wal" "$BOOTDECK_DB-shm"
setup_catalog
set -- $(srv_host "$MAC")
bd_start_server
bd_expect_grep "journal.*another catalog" "$T/bootdeckd.log"
bd_expect_eq "new catalog untouched" "$1 debian" "$(srv_host "$MAC")"
srv_alive
bd_stop_server
