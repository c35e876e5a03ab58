#!/bin/sh
# boot.sh: /boot.ipxe and /entry: menus, one-shot boots, bad input, 404 scripts, methods, metrics.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add debian --title "Debian installer" --iso debian.iso \
    >/dev/null
"$BOOTDECK" entry add shell --title "iPXE shell" --shell >/dev/null
ONE=52:54:00:00:00:01
"$BOOTDECK" host set "$ONE" --next shell >/dev/null
bd_start_server

# script_ok WHAT: the last body is an iPXE script.
script_ok() {
	[ "$(head -n 1 "$T/b")" = "#!ipxe" ] || {
		cat "$T/b"; bd_fail "$1: body is not an iPXE script"; }
}

# Without a MAC: the bootstrap chain back to ourselves with iPXE's facts.
srv_expect "bootstrap" 200 /boot.ipxe
script_ok bootstrap
bd_expect_grep "chain $BD_URL/boot.ipxe\\?mac=" "$T/b"

# An unknown client gets the menu; the Host header names the server.
srv_expect "menu" 200 "/boot.ipxe?mac=52:54:00:aa:bb:cc&platform=pcbios&arch=i386"
script_ok menu
bd_expect_grep "Debian installer" "$T/b"
bd_expect_grep "$BD_URL/entry/debian\\?" "$T/b"
srv_expect "menu via Host" 200 -H "Host: boot.example.org:8080" \
    "/boot.ipxe?mac=52-54-00-AA-BB-CC"
bd_expect_grep "http://boot.example.org:8080/entry/debian" "$T/b"
srv_expect "menu via IPv6 Host" 200 -H "Host: [fd00::1]:8080" \
    "/boot.ipxe?mac=525400aabbcc&platform=efi"
bd_expect_grep "http://\\[fd00::1\\]:8080/entry/debian" "$T/b"
for host in 'evil host' 'a$b' 'x;y' '[fd00::1' 'h:99999999' 'h:'; do
	srv_expect "Host '$host'" 200 -H "Host: $host" \
	    "/boot.ipxe?mac=52:54:00:aa:bb:cc"
	bd_expect_grep "$BD_URL/entry/debian" "$T/b"
done

# The one-shot next boot chains straight to its entry, once.
srv_expect "one-shot" 200 "/boot.ipxe?mac=$ONE"
bd_expect_grep "/entry/shell" "$T/b"
if grep -q "Debian installer" "$T/b"; then bd_fail "one-shot showed the menu"; fi
srv_expect "menu=1" 200 "/boot.ipxe?mac=$ONE&menu=1"
bd_expect_grep "Debian installer" "$T/b"
srv_expect "entry" 200 "/entry/shell?mac=$ONE&platform=pcbios&arch=i386"
script_ok entry
bd_expect_grep "^shell" "$T/b"
# The writer consumes it shortly after.
bd_wait_for 10 sh -c '"$0" host list | grep "^$1" | grep -vq shell' \
    "$BOOTDECK" "$ONE" || bd_fail "the one-shot was not consumed"
srv_expect "after one-shot" 200 "/boot.ipxe?mac=$ONE"
bd_expect_grep "Debian installer" "$T/b"
srv_log_has "entry +shell" --mac "$ONE"

# Client facts are kept, cut to size, and inert.
LONG=$(printf '%0300d' 7)
srv_expect "facts" 200 "/boot.ipxe?mac=52:54:00:00:00:02&platform=efi&arch=x86_64&serial=$LONG&product=Big%20Box%0a%24%7Bx%7D&uuid=1234"
srv_log_has "boot +menu" --mac 52:54:00:00:00:02

# Bad input: a 400 script, never a crash.
for q in "mac=" "mac=zz" "mac=52:54:00:aa:bb" "mac=52:54:00:aa:bb:cc:dd" \
    "mac=52:54:00:aa:bb:cc%00" "mac=%zz" "mac=$LONG" "mac=52:54-00:aa:bb:cc" \
    "mac=52:54:00:aa:bb:cc&platform=bios2" "mac=52:54:00:aa:bb:cc&platform=" \
    "mac=52:54:00:aa:bb:cc&arch=X86" "mac=52:54:00:aa:bb:cc&arch=a%20b" \
    "mac=52:54:00:aa:bb:cc&arch=abcdefghijklmnop" \
    "mac=52:54:00:aa:bb:cc&arch="; do
	srv_expect "/boot.ipxe?$q" 400 "/boot.ipxe?$q"
	script_ok "/boot.ipxe?$q"
done
srv_expect "odd but fine query" 200 "/boot.ipxe?mac=52%3A54%3A00%3Aaa%3Abb%3Acc&&=&x&menu=2"
srv_expect "bad entry query" 400 "/entry/debian?mac=nope"
script_ok "bad entry query"
srv_alive

# Unknown entries: a 404 whose body is a script that says so.
srv_expect "unknown entry" 404 "/entry/nope?mac=52:54:00:aa:bb:cc"
script_ok "unknown entry"
bd_expect_grep "no entry named 'nope'" "$T/b"
srv_expect "hostile entry" 404 "/entry/%24%7Bx%7D%0Aexit"
script_ok "hostile entry"
if grep -q '^exit$' "$T/b"; then bd_fail "an entry name became a command"; fi
srv_expect "NUL entry" 404 "/entry/deb%00ian"
srv_log_has "no entry named 'nope'" --mac 52:54:00:aa:bb:cc

# Methods and paths.
srv_expect "POST" 405 -X POST /boot.ipxe
bd_expect_eq "Allow" "GET, HEAD" "$(srv_header Allow)"
srv_expect "DELETE" 405 -X DELETE /images/x
srv_expect "POST with a body" 413 --data-binary 'x=1' /healthz
srv_expect "unknown path" 404 /nothing
srv_expect "HEAD menu" 200 -I "/boot.ipxe?mac=52:54:00:aa:bb:cc"
srv_expect "healthz" 200 /healthz
bd_expect_eq "healthz body" ok "$(cat "$T/b")"

# Metrics: Prometheus text, and the counters moved.
srv_expect "metrics" 200 /metrics
grep -v '^# \(HELP\|TYPE\) ' "$T/b" | grep -Evq \
    '^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+$' &&
    bd_fail "metrics: a line is not in the text format"
bd_expect_grep '^bootdeckd_requests_total\{route="boot",status="4xx"\} [1-9]' "$T/b"
bd_expect_grep '^bootdeckd_requests_total\{route="entry",status="2xx"\} [1-9]' "$T/b"
bd_expect_grep '^bootdeckd_events_queued_total [1-9]' "$T/b"
bd_expect_grep '^bootdeckd_open_connections [1-9]' "$T/b"
bd_expect_grep '^# TYPE bootdeckd_queue_depth gauge$' "$T/b"

srv_alive
bd_stop_server

# --base-url wins over the Host header; its trailing '/' is dropped.
bd_start_server --base-url http://boot.lan:8080/
srv_expect "base URL" 200 -H "Host: other.example" \
    "/boot.ipxe?mac=52:54:00:aa:bb:cc"
bd_expect_grep "chain http://boot.lan:8080/entry/debian\\?" "$T/b"
bd_stop_server

# No Host header: the address the client connected to, known from the
# first request on, and a real one where we listen on every address.
bd_start_server --listen 0.0.0.0:0
srv_expect "no Host" 200 --http1.0 -H 'Host:' /boot.ipxe
script_ok "no Host"
bd_expect_grep "chain http://127.0.0.1:$BD_PORT/boot.ipxe\\?mac=" "$T/b"
srv_expect "no Host, menu" 200 --http1.0 -H 'Host:' \
    "/boot.ipxe?mac=52:54:00:aa:bb:cc"
bd_expect_grep "http://127.0.0.1:$BD_PORT/entry/debian\\?" "$T/b"
bd_stop_server
