#!/bin/sh
# journal_full.sh: a next boot consumed while the catalog's disk is full is written once there is space again.
# Mounts a small tmpfs, in a mount namespace of its own so that it goes
# away with the test however it ends: root only, else skipped.
if [ -z "${BD_MOUNT_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare --mount --propagation private true 2>/dev/null; then
	BD_MOUNT_NS=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need sqlite3 dd
[ -n "${BD_MOUNT_NS:-}" ] ||
    bd_skip "needs root and a private mount namespace (unshare) to mount a full tmpfs"

mkdir "$T/fs"
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$T/fs" ||
    bd_skip "cannot mount a tmpfs here"
bd_at_exit umount "$T/fs"
export BOOTDECK_DB="$T/fs/catalog.db"
MAC=52:54:00:00:0e:01
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add debian --title "Debian installer" --iso debian.iso \
    >/dev/null
"$BOOTDECK" entry add rescue --title "Rescue" --iso rescue.iso >/dev/null
"$BOOTDECK" host set "$MAC" --default rescue --no-menu --next debian >/dev/null
bd_start_server
srv_expect "boot before" 200 "/boot.ipxe?mac=52:54:00:00:0e:02"
srv_log_has "52:54:00:00:0e:02 +boot"
set -- $(srv_host "$MAC")
rev=$1

# Fill the file system to the last block.
dd if=/dev/zero of="$T/fs/fill" bs=4096 2>/dev/null || true
bd_expect_eq "free blocks" 0 "$(stat -f -c %a "$T/fs")"

srv_expect "boot on a full disk" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "one-time boot of Debian installer" "$T/b"
srv_expect "entry on a full disk" 200 "/entry/debian?mac=$MAC"
bd_expect_grep "^sanboot .*/images/debian.iso" "$T/b"
bd_wait_for 30 srv_metric_at_least bootdeckd_writer_errors_total 1 ||
    bd_fail "the writer never failed on the full disk"
bd_expect_eq "catalog while full" "$rev debian" "$(srv_host "$MAC")"
srv_expect "boot again while full" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "booting Rescue" "$T/b"

# Space again: written once, with the events of the wait.
rm -f "$T/fs/fill"
bd_wait_for 30 sh -c '[ "$(sqlite3 -cmd ".timeout 5000" "$1" \
    "SELECT count(*) FROM hosts WHERE next_entry IS NULL")" = 1 ]' \
    sh "$BOOTDECK_DB" || bd_fail "the next boot was never consumed"
bd_expect_eq "catalog after" "$((rev + 1)) -" "$(srv_host "$MAC")"
bd_expect_eq "entry events" 1 "$(srv_entry_events "$MAC")"
"$BOOTDECK" log --mac "$MAC" > "$T/log"
bd_expect_eq "boot events" 2 "$(grep -c ' boot ' "$T/log")"
srv_alive
bd_stop_server

# A start on a full disk before the journal was ever made (SQLite's own
# files are there: another program has the catalog open). It serves all
# the same, with the consumption in memory, and says so.
rm -f "$BOOTDECK_DB.journal"
"$BOOTDECK" host set "$MAC" --next debian >/dev/null
set -- $(srv_host "$MAC")
rev=$1
mkfifo "$T/sql"
sqlite3 "$BOOTDECK_DB" < "$T/sql" > "$T/sql.out" 2>&1 &
SQL_PID=$!
BD_PIDS="$BD_PIDS $SQL_PID"
exec 3>"$T/sql"
echo "SELECT 'open' FROM hosts LIMIT 1;" >&3
bd_wait_for 10 grep -q open "$T/sql.out" || bd_fail "could not open"
dd if=/dev/zero of="$T/fs/fill" bs=4096 2>/dev/null || true
bd_start_server
bd_expect_grep "journal.*No space left.*memory only" "$T/bootdeckd.log"
[ ! -e "$BOOTDECK_DB.journal" ] || bd_fail "a journal made on a full disk"
srv_expect "entry, no journal" 200 "/entry/debian?mac=$MAC"
bd_expect_grep "^sanboot " "$T/b"
srv_expect "boot again, no journal" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "booting Rescue" "$T/b"
rm -f "$T/fs/fill"
bd_wait_for 30 sh -c '[ "$(sqlite3 -cmd ".timeout 5000" "$1" \
    "SELECT count(*) FROM hosts WHERE next_entry IS NULL")" = 1 ]' \
    sh "$BOOTDECK_DB" || bd_fail "the next boot was never consumed"
bd_expect_eq "catalog, no journal" "$((rev + 1)) -" "$(srv_host "$MAC")"
bd_stop_server
exec 3>&-
wait "$SQL_PID" || true
bd_forget "$SQL_PID"
