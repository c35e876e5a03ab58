#!/bin/sh
# tests/server/tls.sh: bootdeckd over HTTPS next to plain HTTP: https:// scripts, exact Range bodies, bad certificate files, stalled handshakes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
bd_need python3 ss

printf '' > "$T/bootdeck.conf"
"$BOOTDECK" -c "$T/bootdeck.conf" tls init --name 127.0.0.1 --name localhost \
    > "$T/init.out" || bd_fail "tls init failed"
TLS="$T/tls"
"$BOOTDECK" init > /dev/null
head -c 300000 /dev/urandom > "$T/disk.iso.src"
mkdir -p "$T/images"
cp "$T/disk.iso.src" "$T/images/disk.iso"
"$BOOTDECK" entry add disk --title Disk --iso disk.iso --boot sanboot
"$BOOTDECK" host set 52:54:00:00:00:01 --default disk --no-menu

# Bad input first: one line each, and no daemon left behind.
bd_refused() {
	what=$1
	want=$2
	shift 2
	if "$BOOTDECKD" --db "$BOOTDECK_DB" --listen 127.0.0.1:0 \
	    --images "$T/images" "$@" 2> "$T/refused.err"; then
		bd_fail "$what: bootdeckd started"
	fi
	[ "$(wc -l < "$T/refused.err")" -eq 1 ] || {
		cat "$T/refused.err"
		bd_fail "$what: not one line"
	}
	bd_expect_grep "$want" "$T/refused.err"
}
printf 'not a certificate\n' > "$T/junk.pem"
"$BOOTDECK" -c "$T/bootdeck.conf" tls init --dir "$T/other" --name 127.0.0.1 \
    > /dev/null
bd_refused "a cert that is none" "^bootdeckd: certificate $T/junk\\.pem is not a PEM certificate" \
    --listen-tls 127.0.0.1:0 --tls-cert "$T/junk.pem" --tls-key "$TLS/server.key"
bd_refused "a key that is none" "^bootdeckd: key $T/junk\\.pem is not a PEM private key" \
    --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" --tls-key "$T/junk.pem"
bd_refused "another certificate's key" "^bootdeckd: key $T/other/server\\.key does not match certificate $TLS/server\\.pem\$" \
    --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" --tls-key "$T/other/server.key"
bd_refused "half the settings" "^bootdeckd: HTTPS needs listen_tls, tls_cert and tls_key together" \
    --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem"
bd_refused "a missing key" "^bootdeckd: key $T/nope: No such file or directory\$" \
    --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" --tls-key "$T/nope"

bd_start_server --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" \
    --tls-key "$TLS/server.key"
bd_wait_for 10 grep -q 'listening for HTTPS on' "$T/bootdeckd.log" ||
    bd_fail "no HTTPS listener"
TLS_PORT=$(sed -n 's/.*listening for HTTPS on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
    "$T/bootdeckd.log")
S="https://localhost:$TLS_PORT"
tget() {
	curl -sS --max-time 30 --cacert "$TLS/ca.pem" \
	    --resolve "localhost:$TLS_PORT:127.0.0.1" "$@"
}

# Over HTTPS every URL a script names is https://, on the HTTPS port.
tget -o "$T/boot" "$S/boot.ipxe?mac=52:54:00:00:00:01&platform=pcbios" ||
    bd_fail "HTTPS GET /boot.ipxe failed"
bd_expect_grep "^chain $S/entry/disk\\?mac=52:54:00:00:00:01" "$T/boot"
tget -o "$T/entry" "$S/entry/disk?mac=52:54:00:00:00:01&platform=pcbios" ||
    bd_fail "HTTPS GET /entry/disk failed"
bd_expect_grep "^sanboot .*$S/images/disk\\.iso\\?mac=52:54:00:00:00:01" "$T/entry"
! grep -q 'http://' "$T/boot" "$T/entry" || bd_fail "an http:// URL over HTTPS"
tget -o "$T/bootstrap" "$S/boot.ipxe" || bd_fail "HTTPS bootstrap failed"
bd_expect_grep "^chain $S/boot\\.ipxe\\?mac=" "$T/bootstrap"
# Plain HTTP clients are served as before, with http:// URLs.
srv_expect "plain boot" 200 "/entry/disk?mac=52:54:00:00:00:01&platform=pcbios"
bd_expect_grep "^sanboot .*$BD_URL/images/disk\\.iso" "$T/b"
# A configured http:// base URL never sends an HTTPS client to HTTP...
bd_stop_server
bd_start_server --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" \
    --tls-key "$TLS/server.key" --base-url http://boot.example:8080
bd_wait_for 10 grep -q 'listening for HTTPS on' "$T/bootdeckd.log"
TLS_PORT=$(sed -n 's/.*listening for HTTPS on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
    "$T/bootdeckd.log")
S="https://localhost:$TLS_PORT"
tget -o "$T/boot" "$S/entry/disk?mac=52:54:00:00:00:01&platform=pcbios"
bd_expect_grep "^sanboot .*$S/images/disk\\.iso" "$T/boot"
srv_expect "plain boot, base URL" 200 "/entry/disk?mac=52:54:00:00:00:01"
bd_expect_grep "^sanboot .*http://boot\\.example:8080/images/disk\\.iso" "$T/b"
# ...and an https:// one is used for both.
bd_stop_server
bd_start_server --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" \
    --tls-key "$TLS/server.key" --base-url https://boot.example:8443
bd_wait_for 10 grep -q 'listening for HTTPS on' "$T/bootdeckd.log"
TLS_PORT=$(sed -n 's/.*listening for HTTPS on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
    "$T/bootdeckd.log")
S="https://localhost:$TLS_PORT"
tget -o "$T/boot" "$S/entry/disk?mac=52:54:00:00:00:01&platform=pcbios"
bd_expect_grep "^sanboot .*https://boot\\.example:8443/images/disk\\.iso" "$T/boot"
srv_expect "plain boot, https base URL" 200 "/entry/disk?mac=52:54:00:00:00:01"
bd_expect_grep "^sanboot .*https://boot\\.example:8443/images/disk\\.iso" "$T/b"

# Range GETs over TLS: exact bytes, HEAD with the full length.
tget -r 4096-6143 -o "$T/range" "$S/images/disk.iso" || bd_fail "Range over TLS"
dd if="$T/disk.iso.src" of="$T/want" bs=2048 skip=2 count=1 2>/dev/null
cmp "$T/range" "$T/want" || bd_fail "wrong Range body over TLS"
tget -I -o /dev/null -D "$T/head" "$S/images/disk.iso"
bd_expect_grep "^Content-Length: 300000" "$T/head"

# A client that trusts another CA gets nothing: curl refuses, and the
# server goes on.
if curl -sS --max-time 30 --cacert "$T/other/ca.pem" \
    --resolve "localhost:$TLS_PORT:127.0.0.1" -o /dev/null "$S/healthz" \
    2> "$T/other.err"; then
	bd_fail "a client trusting another CA accepted the server"
fi
bd_expect_grep "certificate" "$T/other.err"

# Stalled handshakes: connections that send nothing, or half a
# ClientHello, and then wait; more of them than worker threads. Others
# are still served, over HTTPS and HTTP.
# One process holds them all: half send nothing, half the start of a
# ClientHello that announces 512 bytes.
python3 -c '
import socket, sys, time
socks = []
for i in range(12):
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	if i % 2:
		s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
	socks.append(s)
time.sleep(600)
' "$TLS_PORT" &
BD_PIDS="$BD_PIDS $!"
bd_wait_for 10 sh -c "[ \$(ss -tn state established '( dport = :$TLS_PORT )' | grep -c 127.0.0.1) -ge 12 ]" ||
    bd_fail "the stalled connections did not open"
n=0
while [ "$n" -lt 20 ]; do
	tget -r 0-2047 -o "$T/range" "$S/images/disk.iso" ||
	    bd_fail "HTTPS blocked by stalled handshakes"
	[ "$(wc -c < "$T/range")" -eq 2048 ] || bd_fail "short body"
	n=$((n + 1))
done
srv_expect "plain HTTP beside stalled handshakes" 200 /healthz
srv_alive

# images_url: the admin's choice of plain HTTP for images only; menus and
# scripts stay on HTTPS.
bd_stop_server
export BOOTDECK_IMAGES_URL=http://plain.example:8080/
bd_start_server \
    --listen-tls 127.0.0.1:0 --tls-cert "$TLS/server.pem" \
    --tls-key "$TLS/server.key"
bd_wait_for 10 grep -q 'listening for HTTPS on' "$T/bootdeckd.log"
TLS_PORT=$(sed -n 's/.*listening for HTTPS on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
    "$T/bootdeckd.log")
S="https://localhost:$TLS_PORT"
tget -o "$T/boot" "$S/boot.ipxe?mac=52:54:00:00:00:01&platform=pcbios"
bd_expect_grep "^chain $S/entry/disk\\?" "$T/boot"
tget -o "$T/entry" "$S/entry/disk?mac=52:54:00:00:00:01&platform=pcbios"
bd_expect_grep "^sanboot .*http://plain\\.example:8080/images/disk\\.iso\\?mac=" "$T/entry"
