#!/bin/sh
# answers.sh: every malformed or oversized request gets a status line and a closed connection, never a hang.
# bash for $'...' strings with NUL-free printf escapes and arithmetic loops.
if [ -z "${BASH_VERSION:-}" ]; then
	command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

CLIENT="$top_builddir/tests/server/raw_client"
[ -x "$CLIENT" ] || bd_skip "raw_client is not built"
"$BOOTDECK" init >/dev/null
mkdir -p "$T/images"
echo data > "$T/images/x.iso"
# The timeouts are far beyond the client's wait: a hang is "open".
BOOTDECK_CONNECTION_TIMEOUT=120 BOOTDECK_HEADER_TIMEOUT=120 bd_start_server

# args N: a query of N arguments.
args() {
	local i s="a0=1"
	for ((i = 1; i < $1; i++)); do
		s="$s&a$i=1"
	done
	echo "$s"
}

# send WHAT WANT-STATUS WANT-STATE REQUEST: REQUEST is a printf format
# (\0 is a NUL); WANT-STATE is "closed" within 10 s (a refused request:
# at once, a hang: never), "open" after 1 s, or "*" either (so 1 s too).
send() {
	local out wait=1
	[ "$3" = closed ] && wait=10
	printf "$4" > "$T/req"
	out=$("$CLIENT" "$BD_PORT" "$wait" < "$T/req" | tr '\n' ' ') || true
	case $out in
	"HTTP/1.1 "$2" "*" "$3" ") ;;
	*) bd_fail "$1: want $2 and $3, got: $out" ;;
	esac
}

H='Host: x\r\n'
# Too many arguments: MHD ran out of its pool and answered nothing.
send "64 arguments" 200 open "GET /boot.ipxe?$(args 64) HTTP/1.1\r\n$H\r\n"
for n in 65 240 300 1000; do
	send "$n arguments" 414 closed "GET /boot.ipxe?$(args $n) HTTP/1.1\r\n$H\r\n"
done
# Long URIs with many arguments: answered either way, up to MHD's own 414.
for len in 1000 4000 7000 8100 9000 12000 15000 17000 20000; do
	pad=$(head -c "$len" /dev/zero | tr '\0' b)
	want=414
	[ "$len" -lt 8000 ] && want=200
	[ "$want" = 200 ] && state=open || state=closed
	send "63 arguments and $len bytes" "$want" "$state" \
	    "GET /boot.ipxe?$(args 63)&b=$pad HTTP/1.1\r\n$H\r\n"
done
# Big headers: served while they fit, else 431.
for len in 1000 8000 10000 12000 14000 16000 17000 20000; do
	pad=$(head -c "$len" /dev/zero | tr '\0' b)
	[ "$len" -le 16000 ] && { want=200; state=open; } ||
	    { want=431; state=closed; }
	send "a $len-byte header" "$want" "$state" \
	    "GET /healthz HTTP/1.1\r\n${H}X-Pad: $pad\r\n\r\n"
	# Whether it fits or not, it is answered.
	send "a $len-byte header and 64 arguments" "[24]*" "*" \
	    "GET /boot.ipxe?$(args 64) HTTP/1.1\r\n${H}X-Pad: $pad\r\n\r\n"
done
many=$(for i in $(seq 600); do printf 'X-%d: 1\\r\\n' "$i"; done)
send "600 headers" 431 closed "GET /healthz HTTP/1.1\r\n$H$many\r\n"

# A NUL in the request line is a 400, not a shorter name.
send "NUL in the path" 400 closed "GET /images/x.iso\0.txt HTTP/1.1\r\n$H\r\n"
send "NUL in an argument" 400 closed "GET /boot.ipxe?mac=52:54:00:00:00:01\0x HTTP/1.1\r\n$H\r\n"
send "NUL in the version" 400 closed "GET /healthz HTTP/1.1\0x\r\n$H\r\n"
# A query hidden behind a NUL cannot be counted first: MHD runs out of
# pool splitting it, and bootdeckd answers for it.
send "NUL, then 300 arguments" 414 closed "GET /boot.ipxe\0x?$(args 300) HTTP/1.1\r\n$H\r\n"
send "NUL, then 40 arguments" 400 closed "GET /boot.ipxe\0x?$(args 40) HTTP/1.1\r\n$H\r\n"

# Content-Length twice: the same value is one header, two are refused.
send "two equal Content-Length" 200 open "GET /healthz HTTP/1.1\r\n${H}Content-Length: 0\r\nContent-Length: 0\r\n\r\n"
send "two Content-Length, 0 first" 400 closed "GET /healthz HTTP/1.1\r\n${H}Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello"
send "two Content-Length, 5 first" 400 closed "GET /healthz HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 0\r\n\r\nhello"

# If-Modified-Since in the future is no date: the file is sent.
send "If-Modified-Since in 2099" 200 open "GET /images/x.iso HTTP/1.1\r\n${H}If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT\r\n\r\n"
send "If-Modified-Since its date" 304 open "GET /images/x.iso HTTP/1.1\r\n${H}If-Modified-Since: $(TZ=GMT date -r "$T/images/x.iso" '+%a, %d %b %Y %H:%M:%S GMT')\r\n\r\n"
srv_alive
bd_stop_server
