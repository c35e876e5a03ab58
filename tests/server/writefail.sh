#!/bin/sh
# writefail.sh: while the catalog cannot be written, menus and images are still served.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need sqlite3 mkfifo

"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add debian --title "Debian installer" --iso debian.iso \
    >/dev/null
mkdir -p "$T/images"
echo data > "$T/images/debian.iso"
bd_start_server

# Another process holds the write lock (readers go on, WAL).
mkfifo "$T/sql"
sqlite3 "$BOOTDECK_DB" < "$T/sql" > "$T/sql.out" 2>&1 &
SQL_PID=$!
BD_PIDS="$BD_PIDS $SQL_PID"
exec 3>"$T/sql"
echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&3
bd_wait_for 10 grep -q locked "$T/sql.out" || bd_fail "could not lock"

srv_expect "menu while locked" 200 "/boot.ipxe?mac=52:54:00:00:03:01"
bd_expect_grep "Debian installer" "$T/b"
# The writer gives up after the busy timeout, says so and counts it.
bd_wait_for 30 grep -q "cannot write" "$T/bootdeckd.log" ||
    bd_fail "no write error reported"
srv_expect "metrics" 200 /metrics
bd_expect_grep '^bootdeckd_writer_errors_total [1-9]' "$T/b"
srv_expect "menu after a failed write" 200 "/boot.ipxe?mac=52:54:00:00:03:02"
srv_expect "image after a failed write" 200 /images/debian.iso

# Once the lock is gone, events are written again.
echo "COMMIT;" >&3
exec 3>&-
wait "$SQL_PID" || true
srv_expect "menu after unlock" 200 "/boot.ipxe?mac=52:54:00:00:03:03"
srv_log_has "52:54:00:00:03:03 +boot"
srv_alive
bd_stop_server
