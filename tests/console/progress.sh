#!/bin/sh
# tests/console/progress.sh: the Log's transfer rows climb with the bytes a client received, whole-file GETs and ranges, never past 100%.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

"$BOOTDECK" init --demo >/dev/null
bd_start_server
iso="$T/images/debian-12-amd64-netinst.iso"
head -c 41943040 /dev/zero > "$iso"
mac=52:54:00:00:00:02
con_start
con_keys 4; con_wait "No boot events yet"

# pct: the percentage on the Log's transfer row ("" while there is none).
pct() {
	con_screen | sed -n 's/.* image .* \([0-9]*\)% [0-9.]* [KMG]*i*B\/.*/\1/p' |
	    tail -n 1
}
between() {
	p=$(pct)
	[ -n "$p" ] && [ "$p" -gt "$1" ] && [ "$p" -lt 100 ]
}

# One whole-file GET at 4 MB/s: the row climbs while it downloads
# (before, it showed nothing until the connection closed).
curl -fsS --limit-rate 4M "$BD_URL/images/debian-12-amd64-netinst.iso?mac=$mac" \
    -o /dev/null &
curl_pid=$!
BD_PIDS="$BD_PIDS $curl_pid"
bd_wait_for 15 between 0 || { con_screen; bd_fail "no progress while downloading"; }
first=$(pct)
bd_wait_for 15 between "$first" ||
    { con_screen; bd_fail "progress stayed at $first%"; }
wait "$curl_pid" || bd_fail "the download failed"
con_wait "127.0.0.1       100% 40.0 MiB/40.0 MiB de" 5
con_quit

# sanboot's ranges on one keep-alive connection, the first MiB read
# twice: per boot they add up, shown as 100% at most.
head -c 1048576 /dev/zero > "$iso"
mac=52:54:00:00:00:03
u="$BD_URL/images/debian-12-amd64-netinst.iso?mac=$mac"
CON_S=bd132 CON_COLS=132 CON_ROWS=40
con_start
con_keys 4; con_wait "[follow]"
curl -fsS -r 0-524287 "$u" -o /dev/null --next -r 0-524287 "$u" -o /dev/null
con_wait "52:54:00:00:00:03"
con_wait " 100% 1.0 MiB/1.0 MiB debian-12-amd64-netinst.iso in 2 requests" 5
curl -fsS -r 524288-1048575 "$u" -o /dev/null --next -r 0-1048575 "$u" \
    -o /dev/null
con_wait " 100% 2.5 MiB/1.0 MiB debian-12-amd64-netinst.iso in 4 requests" 5
con_quit
exit 0
