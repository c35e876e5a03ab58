#!/bin/sh
# tests/server/activation.sh: bootdeckd serves on sockets systemd passes (LISTEN_FDS), picked by FileDescriptorName, as bootdeckd.socket does.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need systemd-socket-activate
mkdir -p "$T/images"
"$BOOTDECK" init > /dev/null

# activate LOG ARGS...: systemd-socket-activate ARGS with P1 and P2 set
# to free loopback ports (ARGS are eval'd: write "$P1"). It listens, and
# starts bootdeckd on the first connection (systemd 252's has no --now).
activate() {
	log=$1
	shift
	P1=$((20000 + $$ % 20000))
	while [ "$P1" -lt 60000 ]; do
		P2=$((P1 + 1))
		: > "$T/$log"
		eval exec systemd-socket-activate "$@" 2>>"$T/$log" &
		BD_SERVER_PID=$!
		BD_PIDS="$BD_PIDS $BD_SERVER_PID"
		bd_wait_for 10 grep -q 'Listening on\|in use' "$T/$log" ||
		    bd_fail "systemd-socket-activate did not start: $(cat "$T/$log")"
		grep -q 'in use' "$T/$log" || return 0
		wait "$BD_SERVER_PID" 2>/dev/null || true
		bd_forget "$BD_SERVER_PID"
		P1=$((P1 + 2))
	done
	bd_fail "no free loopback port"
}

# listening LOG: the first request started bootdeckd; its log line.
listening() {
	bd_wait_for 10 grep -q 'listening on' "$T/$1" ||
	    bd_fail "bootdeckd did not start: $(cat "$T/$1")"
}

D="--db $BOOTDECK_DB --images $T/images"

# One socket named http; bootdeckd's own --listen (a port it could not
# bind) is not used.
activate one.log -l '127.0.0.1:$P1' --fdname=http '"$BOOTDECKD"' $D \
    --listen 127.0.0.1:1
BD_URL="http://127.0.0.1:$P1"
srv_expect "healthz on the passed socket" 200 --max-time 10 /healthz
listening one.log
bd_expect_grep "listening on 127.0.0.1:$P1 " "$T/one.log"
srv_expect "a boot script on the passed socket" 200 /boot.ipxe
bd_stop_server

# One socket with no name: it is the HTTP one.
activate plain.log -l '127.0.0.1:$P1' '"$BOOTDECKD"' $D --listen 127.0.0.1:1
BD_URL="http://127.0.0.1:$P1"
srv_expect "healthz on an unnamed socket" 200 --max-time 10 /healthz
bd_stop_server

# Two, https first: bootdeckd takes the one named http, whatever its place.
activate two.log -l '127.0.0.1:$P1' -l '127.0.0.1:$P2' --fdname=https:http \
    '"$BOOTDECKD"' $D --listen 127.0.0.1:1
BD_URL="http://127.0.0.1:$P2"
srv_expect "healthz on the socket named http" 200 --max-time 10 /healthz
listening two.log
bd_expect_grep "listening on 127.0.0.1:$P2 " "$T/two.log"
bd_stop_server

# Both, with HTTPS configured: the socket named https serves TLS, the one
# named http plain HTTP (bootdeckd.socket with a 443 socket added).
"$BOOTDECK" tls init --dir "$T/tls" --name 127.0.0.1 > /dev/null ||
    bd_fail "tls init failed"
activate tls.log -l '127.0.0.1:$P1' -l '127.0.0.1:$P2' --fdname=http:https \
    '"$BOOTDECKD"' $D --listen 127.0.0.1:1 --listen-tls 127.0.0.1:1 \
    --tls-cert "$T/tls/server.pem" --tls-key "$T/tls/server.key"
curl -s --max-time 10 -o /dev/null "http://127.0.0.1:$P1/healthz" || true
listening tls.log
bd_wait_for 10 grep -q 'listening for HTTPS on' "$T/tls.log" ||
    bd_fail "no HTTPS listener: $(cat "$T/tls.log")"
bd_expect_grep "listening for HTTPS on 127.0.0.1:$P2 " "$T/tls.log"
curl -sf --max-time 10 --cacert "$T/tls/ca.pem" -o /dev/null \
    "https://127.0.0.1:$P2/healthz" || bd_fail "no HTTPS on the socket named https"
curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$P1/healthz" ||
    bd_fail "no HTTP on the socket named http"
bd_stop_server

# Only a socket of another name: bootdeckd binds its own --listen, and
# leaves the https one alone.
activate other.log -l '127.0.0.1:$P1' --fdname=https '"$BOOTDECKD"' $D \
    --listen 127.0.0.1:0
curl -s --max-time 3 -o /dev/null "http://127.0.0.1:$P1/healthz" || true
listening other.log
grep -q "listening on 127.0.0.1:$P1 " "$T/other.log" &&
    bd_fail "bootdeckd took the socket named https for HTTP"
bd_expect_grep "listening on 127.0.0.1:[0-9]+ " "$T/other.log"
bd_stop_server
exit 0
