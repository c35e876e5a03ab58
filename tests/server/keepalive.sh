#!/bin/sh
# keepalive.sh: 1,500 Range GETs on one connection, all 206 and exact; one transfer in the log.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

CLIENT="$top_builddir/tests/server/range_client"
[ -x "$CLIENT" ] || bd_skip "range_client is not built"
"$BOOTDECK" init >/dev/null
mkdir -p "$T/images"
head -c 4000000 /dev/urandom > "$T/images/disk.iso"
MAC=52:54:00:00:02:01
bd_start_server

"$CLIENT" "$BD_PORT" "/images/disk.iso?mac=$MAC" "$T/images/disk.iso" \
    1500 7 > "$T/client.out" || bd_fail "range_client failed"
BYTES=$(sed -n 's/^1500 ranges ok, \([0-9]*\) bytes$/\1/p' "$T/client.out")
[ -n "$BYTES" ] || bd_fail "range_client: $(cat "$T/client.out")"

# The connection closed: its transfer is flushed, then written.
srv_log_has "image .*disk.iso $BYTES/4000000 bytes.*1500 requests" --mac "$MAC"

# A second connection without ?mac= from the same address (what a booted
# system fetches by itself) is put down to the machine that booted from
# there: the same transfer grows.
"$CLIENT" "$BD_PORT" "/images/disk.iso" "$T/images/disk.iso" 20 8 \
    >/dev/null || bd_fail "range_client without a mac failed"
srv_alive
srv_log_has "image .*disk.iso [0-9]+/4000000 bytes.*1520 requests" --mac "$MAC"
"$BOOTDECK" log --mac "$MAC" > "$T/log"
bd_expect_eq "transfer events for $MAC" 1 "$(grep -c ' image ' "$T/log")"

# Not one log line per Range request.
[ "$(wc -l < "$T/bootdeckd.log")" -lt 20 ] ||
    bd_fail "bootdeckd logs per request"
srv_expect "metrics" 200 /metrics
bd_expect_grep '^bootdeckd_range_requests_total 1520$' "$T/b"
bd_stop_server
