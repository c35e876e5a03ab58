#!/bin/sh
# tests/console/settings.sh: unknown clients, base URL and log retention set in the console take effect on a running bootdeckd.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --default debian >/dev/null
bd_start_server
STRANGER="boot.ipxe?mac=52:54:00:99:99:99&platform=pcbios&arch=x86_64"
KNOWN="boot.ipxe?mac=52:54:00:00:00:01&platform=pcbios&arch=x86_64"

# get PATH: the body of GET $BD_URL/PATH into $T/b.
get() {
	curl -fsS -o "$T/b" "$BD_URL/$1" || bd_fail "GET /$1 failed"
}

get "$STRANGER"
bd_expect_grep "^menu " "$T/b"

con_start
con_keys 5; con_wait "Unknown clients"
con_wait "(the menu)"

# Unknown clients: memtest. A stranger now chains straight to it; a host
# still gets its menu.
con_keys j j j Enter; con_wait "Unknown clients"
con_keys Right Right F2; con_wait "saved Unknown clients"
get "$STRANGER"
bd_expect_grep "^chain $BD_URL/entry/memtest\\?mac=52:54:00:99:99:99" "$T/b"
get "$KNOWN"
bd_expect_grep "^menu " "$T/b"
grep -q "boot -> memtest" "$T/bootdeckd.log" || bd_fail "server log disagrees"

# Base URL: the console's own environment sets one (con_start), so the row
# says it is overridden here; bootdeckd has none, so it uses the catalog's.
con_keys j Enter; con_wait "Base URL"
con_keys C-u 'http://catalog.example:9090' F2; con_wait "saved Base URL"
con_wait "overridden: http://boot.test:8080 from \$BOOTDECK_BASE_URL"
get "$STRANGER"
bd_expect_grep "^chain http://catalog.example:9090/entry/memtest\\?" "$T/b"
get "boot.ipxe"
bd_expect_grep "^chain http://catalog.example:9090/boot.ipxe\\?mac=" "$T/b"

# Back to the menu for strangers: the choice before the first entry.
con_keys k Enter; con_wait "Unknown clients"; con_keys Left Left F2
con_wait "saved Unknown clients"
get "$STRANGER"
bd_expect_grep "^menu " "$T/b"
bd_expect_grep "chain http://catalog.example:9090/entry/debian\\?" "$T/b"

# Log retention 3, read by the running writer within a few seconds.
con_keys j j Enter; con_wait "Log retention"
con_keys C-u 'x' F2; con_wait "a number of events"
con_keys C-u 3 F2; con_wait "saved Log retention"
pruned() {
	get "$KNOWN"
	[ "$("$BOOTDECK" log | wc -l)" -le 3 ]
}
bd_wait_for 15 pruned || { "$BOOTDECK" log; bd_fail "log_retention 3 not applied"; }
con_quit

# A flag beats the catalog.
bd_stop_server
bd_start_server --base-url http://flag.example:1
get "$KNOWN"
bd_expect_grep "chain http://flag.example:1/entry/debian\\?" "$T/b"
exit 0
