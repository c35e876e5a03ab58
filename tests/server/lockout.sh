#!/bin/sh
# lockout.sh: 4 addresses x 300 connections trickling a header byte every 5 s lock no one out.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

TRICKLE="$top_builddir/tests/server/trickle"
[ -x "$TRICKLE" ] || bd_skip "trickle is not built"
# Source addresses other than 127.0.0.1 on lo (Linux routes all of 127/8).
rc=0
curl -s -o /dev/null --interface 127.0.0.2 http://127.0.0.1:1/ || rc=$?
[ "$rc" -ne 45 ] || bd_skip "cannot bind 127.0.0.2"
"$BOOTDECK" init >/dev/null
mkdir -p "$T/images"
head -c 1000000 /dev/urandom > "$T/images/disk.iso"
MAC=52:54:00:00:0b:01
BOOTDECK_HEADER_TIMEOUT=8 bd_start_server

SECONDS_RUN=20
TRICKLERS=""
for a in 2 3 4 5; do
	"$TRICKLE" "127.0.0.$a" "$BD_PORT" 300 5 "$SECONDS_RUN" \
	    > "$T/trickle.$a" 2>&1 &
	TRICKLERS="$TRICKLERS $!"
	BD_PIDS="$BD_PIDS $!"
done
srv_slice "$T/images/disk.iso" 4096 4096 > "$T/want"

# Throughout, a new client is answered at once: before, it was never
# answered. Within 1 s on a quiet machine; make check runs beside QEMU
# guests on shared cores, so the bound here is looser (set
# BOOTDECK_LOCKOUT_WAIT=1 to hold it to the second).
wait_s=${BOOTDECK_LOCKOUT_WAIT:-5}
open_most=0
i=0
while [ "$i" -lt $((SECONDS_RUN * 2 - 6)) ]; do
	code=$(curl -s -o "$T/b" -w '%{http_code}' --max-time "$wait_s" \
	    "$BD_URL/boot.ipxe?mac=$MAC") || code="timeout ($code)"
	bd_expect_eq "/boot.ipxe at $((i / 2)) s" 200 "$code"
	code=$(curl -s -o "$T/r" -w '%{http_code}' --max-time "$wait_s" \
	    -r 4096-8191 "$BD_URL/images/disk.iso?mac=$MAC") ||
	    code="timeout ($code)"
	bd_expect_eq "Range GET at $((i / 2)) s" 206 "$code"
	cmp -s "$T/r" "$T/want" || bd_fail "Range GET: wrong bytes"
	curl -s --max-time 1 "$BD_URL/metrics" > "$T/m" || true
	n=$(sed -n 's/^bootdeckd_open_connections \([0-9]*\)$/\1/p' "$T/m")
	[ -n "$n" ] && [ "$n" -gt "$open_most" ] && open_most=$n
	sleep 0.5
	i=$((i + 1))
done
for pid in $TRICKLERS; do
	wait "$pid" || bd_fail "trickle failed"
	bd_forget "$pid"
done
cat "$T"/trickle.*
# The attack was real: hundreds of connections held at once.
[ "$open_most" -ge 400 ] || bd_fail "only $open_most connections were open at most"
echo "open connections at most: $open_most"
srv_alive
bd_stop_server
