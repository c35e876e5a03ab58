#!/bin/sh
# startup.sh: bad configuration fails at start with one line; SIGTERM and SIGHUP flush the log and exit 0.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/images"

# refuse WHAT ARGS...: bootdeckd must exit non-zero with one stderr line.
refuse() {
	what=$1
	shift
	# timeout: a bootdeckd that wrongly starts must not hang the test.
	rc=0
	timeout 20 "$BOOTDECKD" "$@" >"$T/out" 2>"$T/err" || rc=$?
	case $rc in
	0|124) bd_fail "$what: bootdeckd started" ;;
	esac
	bd_expect_eq "$what: stderr lines" 1 "$(wc -l < "$T/err")"
	grep -q '^bootdeckd: ' "$T/err" || bd_fail "$what: $(cat "$T/err")"
	[ -z "${SRV_VERBOSE:-}" ] || cat "$T/err"
}
OK="--listen 127.0.0.1:0 --images $T/images"

refuse "missing catalog" --db "$T/none.db" $OK
echo "not a database, just text" > "$T/text.db"
refuse "text catalog" --db "$T/text.db" $OK
refuse "missing images" --db "$BOOTDECK_DB" --listen 127.0.0.1:0 \
    --images "$T/no-such-dir"
refuse "images is a file" --db "$BOOTDECK_DB" --listen 127.0.0.1:0 \
    --images "$T/text.db"
for addr in nonsense 127.0.0.1 127.0.0.1: 127.0.0.1:99999 127.0.0.1:-1 \
    :80 1.2.3:80 '[::1]' '[zz]:80' '::1:80' '[::1]:x' 'host.example:80'; do
	refuse "listen '$addr'" --db "$BOOTDECK_DB" --images "$T/images" \
	    --listen "$addr"
done
BOOTDECK_THREADS=abc refuse "bad threads" --db "$BOOTDECK_DB" $OK
BOOTDECK_CONNECTION_TIMEOUT=0 refuse "zero timeout" --db "$BOOTDECK_DB" $OK
BOOTDECK_MAX_CONNECTIONS=99999999999999999999 refuse "huge limit" \
    --db "$BOOTDECK_DB" $OK
refuse "missing config" -c "$T/none.conf" --db "$BOOTDECK_DB" $OK
echo "colour = blue" > "$T/bad.conf"
refuse "unknown config key" -c "$T/bad.conf" --db "$BOOTDECK_DB" $OK
refuse "bad base URL" --base-url 'ftp://x' --db "$BOOTDECK_DB" $OK
refuse "bad base URL" --base-url 'http://h?x=' --db "$BOOTDECK_DB" $OK
if [ "$(id -u)" != 0 ]; then
	cp "$BOOTDECK_DB" "$T/ro.db"
	chmod 444 "$T/ro.db"
	refuse "read-only catalog" --db "$T/ro.db" $OK
fi
# The address is in use (another catalog: one bootdeckd per catalog).
bd_start_server
BOOTDECK_DB="$T/other.db" "$BOOTDECK" init >/dev/null
refuse "port in use" --db "$T/other.db" --images "$T/images" \
    --listen "127.0.0.1:$BD_PORT"
grep -q 'cannot listen' "$T/err" || bd_fail "port in use: $(cat "$T/err")"
# A second bootdeckd on the same catalog: its journal is taken.
refuse "same catalog" --db "$BOOTDECK_DB" $OK
grep -q 'in use by another bootdeckd' "$T/err" ||
    bd_fail "same catalog: $(cat "$T/err")"
bd_stop_server

"$BOOTDECKD" --help > "$T/out" || bd_fail "--help failed"
grep -q -- '--listen' "$T/out" || bd_fail "--help does not list --listen"
"$BOOTDECKD" --version | grep -q '^bootdeckd [0-9]' || bd_fail "--version"
"$BOOTDECKD" --no-such-flag 2>/dev/null && bd_fail "unknown flag accepted"

# The config file, then the environment, then flags.
printf 'listen = nonsense\nimages = %s\n' "$T/images" > "$T/good.conf"
refuse "config listen" -c "$T/good.conf" --db "$BOOTDECK_DB"
BOOTDECK_LISTEN=127.0.0.1:0 "$BOOTDECKD" -c "$T/good.conf" \
    --db "$BOOTDECK_DB" 2>"$T/env.log" &
ENV_PID=$!
BD_PIDS="$BD_PIDS $ENV_PID"
bd_wait_for 10 grep -q 'listening on 127.0.0.1:' "$T/env.log" ||
    bd_fail "environment did not override the config file"
kill -TERM "$ENV_PID"
wait "$ENV_PID" || bd_fail "SIGTERM: exit status $?"

# IPv6, where the host has it.
if [ -e /proc/net/if_inet6 ] && grep -q '^0*1 ' /proc/net/if_inet6 2>/dev/null; then
	"$BOOTDECKD" --db "$BOOTDECK_DB" --images "$T/images" \
	    --listen '[::1]:0' 2>"$T/v6.log" &
	V6_PID=$!
	BD_PIDS="$BD_PIDS $V6_PID"
	bd_wait_for 10 grep -q 'listening on \[::1\]:' "$T/v6.log" ||
	    bd_fail "no IPv6 listen line"
	port=$(sed -n 's/.*listening on \[::1\]:\([0-9]*\).*/\1/p' "$T/v6.log")
	curl -sf -g "http://[::1]:$port/healthz" >/dev/null ||
	    bd_fail "IPv6 healthz"
	curl -sf -g "http://[::1]:$port/boot.ipxe" | grep -q "http://\[::1\]:$port/boot.ipxe" ||
	    bd_fail "IPv6 base URL"
	kill -TERM "$V6_PID"
	wait "$V6_PID" || bd_fail "IPv6 SIGTERM: exit status $?"
fi

# SIGTERM right after requests: what was queued reaches the catalog.
bd_start_server
for i in 1 2 3 4 5; do
	srv_expect "boot $i" 200 "/boot.ipxe?mac=52:54:00:00:01:0$i"
done
echo data > "$T/images/x.img"
srv_expect "image" 200 "/images/x.img?mac=52:54:00:00:01:01"
bd_stop_server
"$BOOTDECK" log > "$T/log"
bd_expect_eq "boot events" 5 "$(grep -c ' boot ' "$T/log")"
bd_expect_grep '52:54:00:00:01:01 +image .*x.img 5/5 bytes' "$T/log"
grep -q 'stopped' "$T/bootdeckd.log" || bd_fail "no 'stopped' line"

# SIGHUP (the SSH session that started it closed) stops it the same way.
bd_start_server
srv_expect "boot before SIGHUP" 200 "/boot.ipxe?mac=52:54:00:00:02:01"
kill -HUP "$BD_SERVER_PID"
rc=0
wait "$BD_SERVER_PID" || rc=$?
bd_forget "$BD_SERVER_PID"
bd_expect_eq "SIGHUP exit status" 0 "$rc"
"$BOOTDECK" log --mac 52:54:00:00:02:01 > "$T/log"
bd_expect_grep '52:54:00:00:02:01 +boot' "$T/log"
bd_expect_grep 'Hangup, stopping' "$T/bootdeckd.log"

# With the catalog gone under a running server, menus fail with a script.
bd_start_server
rm -f "$BOOTDECK_DB" "$BOOTDECK_DB-wal" "$BOOTDECK_DB-shm"
code=$(srv_get "/boot.ipxe?mac=52:54:00:00:01:01")
case $code in 200|503) ;; *) bd_fail "menu without a catalog: $code" ;; esac
[ "$(head -n 1 "$T/b")" = "#!ipxe" ] || bd_fail "no script without a catalog"
srv_alive
bd_stop_server
