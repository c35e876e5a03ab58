#!/bin/sh
# journal_lock.sh: a next boot consumed while the catalog is locked past busy_timeout is written once the lock goes, with the events around it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need sqlite3 mkfifo

MAC=52:54:00:00:0b:01
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add debian --title "Debian installer" --iso debian.iso \
    >/dev/null
"$BOOTDECK" entry add rescue --title "Rescue" --iso rescue.iso >/dev/null
"$BOOTDECK" host set "$MAC" --default rescue --no-menu --next debian >/dev/null
bd_start_server
set -- $(srv_host "$MAC")
rev=$1
bd_expect_eq "next boot before" debian "$2"

# Held for longer than the writer's busy_timeout (5 s): its first try fails.
srv_lock_catalog
srv_expect "boot while locked" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "one-time boot of Debian installer" "$T/b"
srv_expect "entry while locked" 200 "/entry/debian?mac=$MAC"
bd_expect_grep "^sanboot .*/images/debian.iso" "$T/b"
srv_expect "another client while locked" 200 "/boot.ipxe?mac=52:54:00:00:0b:02"
bd_wait_for 30 srv_metric_at_least bootdeckd_writer_errors_total 1 ||
    bd_fail "the writer never failed under the lock"
bd_expect_grep "cannot write" "$T/bootdeckd.log"

# Not written yet, but the next boot is not served a second time.
bd_expect_eq "catalog while locked" "$rev debian" "$(srv_host "$MAC")"
srv_expect "boot again while locked" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "booting Rescue" "$T/b"
bd_expect_eq "consumptions waiting" 1 \
    "$(srv_metric bootdeckd_journal_pending)"

# Once the lock goes: consumed once, and the events of the wait are there.
srv_unlock_catalog
bd_wait_for 30 sh -c '[ "$(sqlite3 -cmd ".timeout 5000" "$1" \
    "SELECT count(*) FROM hosts WHERE next_entry IS NULL")" = 1 ]' \
    sh "$BOOTDECK_DB" || bd_fail "the next boot was never consumed"
bd_expect_eq "catalog after the lock" "$((rev + 1)) -" "$(srv_host "$MAC")"
bd_expect_eq "entry events" 1 "$(srv_entry_events "$MAC")"
srv_log_has "52:54:00:00:0b:02 +boot"
"$BOOTDECK" log --mac "$MAC" > "$T/log"
bd_expect_eq "boot events" 2 "$(grep -c ' boot ' "$T/log")"
bd_wait_for 10 sh -c '[ "$(curl -s "$1/metrics" |
    sed -n "s/^bootdeckd_journal_pending //p")" = 0 ]' sh "$BD_URL" ||
    bd_fail "the consumption still counts as waiting"
bd_expect_eq "events dropped" 0 "$(srv_metric bootdeckd_events_dropped_total)"
srv_alive
bd_stop_server
bd_expect_eq "catalog after stop" "$((rev + 1)) -" "$(srv_host "$MAC")"
