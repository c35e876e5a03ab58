#!/bin/sh
# journal_kill.sh: kill -9 right after a next boot was served: the restart writes its consumption once, and never eats a next boot set after that boot.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need sqlite3 mkfifo

MAC=52:54:00:00:0c:01
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add debian --title "Debian installer" --iso debian.iso \
    >/dev/null
"$BOOTDECK" entry add rescue --title "Rescue" --iso rescue.iso >/dev/null
"$BOOTDECK" host set "$MAC" --default rescue --no-menu --next debian >/dev/null
bd_start_server
set -- $(srv_host "$MAC")
rev=$1

# The lock keeps the writer from writing before the kill.
srv_lock_catalog
srv_expect "entry" 200 "/entry/debian?mac=$MAC"
bd_expect_grep "^sanboot .*/images/debian.iso" "$T/b"
srv_kill9
srv_unlock_catalog
bd_expect_eq "catalog after the kill" "$rev debian" "$(srv_host "$MAC")"

# Written at start, before serving: by the time it listens, it is there.
bd_start_server
bd_expect_eq "catalog after the restart" "$((rev + 1)) -" "$(srv_host "$MAC")"
bd_expect_eq "entry events" 1 "$(srv_entry_events "$MAC")"
bd_expect_grep "journal.*1 next-boot consumption" "$T/bootdeckd.log"
srv_expect "boot after the restart" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "booting Rescue" "$T/b"

# The admin sets the same next boot again: no later start replays the
# old consumption over it, after a crash or a clean stop.
"$BOOTDECK" host set "$MAC" --next debian >/dev/null
set -- $(srv_host "$MAC")
rev=$1
srv_kill9
bd_start_server
bd_expect_eq "set again, after a kill" "$rev debian" "$(srv_host "$MAC")"
bd_stop_server
bd_start_server
bd_expect_eq "set again, after a stop" "$rev debian" "$(srv_host "$MAC")"
bd_expect_eq "entry events after restarts" 1 "$(srv_entry_events "$MAC")"

# A boot, a kill before the write, and the admin sets the next boot again
# while bootdeckd is down: that choice is newer than the boot, and stays.
srv_lock_catalog
srv_expect "entry 2" 200 "/entry/debian?mac=$MAC"
srv_kill9
srv_unlock_catalog
"$BOOTDECK" host set "$MAC" --next debian >/dev/null
set -- $(srv_host "$MAC")
rev=$1
bd_start_server
bd_expect_eq "set while down" "$rev debian" "$(srv_host "$MAC")"
bd_expect_eq "entry events, the second boot logged" 2 \
    "$(srv_entry_events "$MAC")"
srv_expect "boot after the newer choice" 200 "/boot.ipxe?mac=$MAC"
bd_expect_grep "one-time boot of Debian installer" "$T/b"

# And a plain consumption with a live writer still works.
srv_expect "entry 3" 200 "/entry/debian?mac=$MAC"
bd_wait_for 10 sh -c '[ "$(sqlite3 -cmd ".timeout 5000" "$1" \
    "SELECT count(*) FROM hosts WHERE next_entry IS NULL")" = 1 ]' \
    sh "$BOOTDECK_DB" || bd_fail "the third boot's next boot stayed"
bd_expect_eq "third boot" "$((rev + 1)) -" "$(srv_host "$MAC")"

# Stopped while the catalog cannot be written: it stops all the same,
# says what it leaves, and the next start writes the consumption.
"$BOOTDECK" host set "$MAC" --next debian >/dev/null
set -- $(srv_host "$MAC")
rev=$1
srv_lock_catalog
srv_expect "entry 4" 200 "/entry/debian?mac=$MAC"
bd_stop_server
srv_unlock_catalog
bd_expect_grep "stopping with [0-9]+ boot events not written.*1 next-boot" \
    "$T/bootdeckd.log"
bd_expect_eq "after the stop" "$rev debian" "$(srv_host "$MAC")"
bd_start_server
bd_expect_eq "after the start" "$((rev + 1)) -" "$(srv_host "$MAC")"
bd_stop_server
