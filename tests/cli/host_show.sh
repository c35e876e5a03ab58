#!/bin/sh
# tests/cli/host_show.sh: host show by MAC and by name, text and JSON: facts, IP history, last boots; unknown MACs; a broadcast MAC is never a client.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
. "$top_srcdir/tests/cli/host_boots.sh"

hb_boots

bd_run 0 bd host show $HB_MAC
cat > "$T/want" <<'END'
mac:          52:54:00:00:00:01
name:         lab-1
default:      debian
next boot:    -
menu:         show
local boot:   auto
manufacturer: QEMU
product:      Standard PC (Q35)
serial:       SN-42
uuid:         4c4c4544-0042
firmware:     efi
arch:         x86_64
ipxe:         2.0.0+ bootdeck-0.1.0
first seen:   2025-12-01 12:01:00
last seen:    2025-12-01 12:05:00
last entry:   memtest

IP         FIRST-SEEN           LAST-SEEN
127.0.0.2  2025-12-01 12:03:00  2025-12-01 12:05:00
127.0.0.1  2025-12-01 12:01:00  2025-12-01 12:02:00

TIME                 ENTRY    OUTCOME                       IMAGES
2025-12-01 12:04:00  -        error: no entry named 'gone'  -
2025-12-01 12:01:00  memtest  images                        97.7 KiB of 97.7 KiB in 1 file
END
diff -u "$T/want" "$T/out" || bd_fail "host show differs"
bd_no_error

# The same by name, and as JSON.
bd_run 0 bd host show lab-1
diff -u "$T/want" "$T/out" || bd_fail "host show NAME differs"
bd_run 0 bd host show 52-54-00-00-00-01 --json
cp "$T/out" "$T/json"
bd_expect_grep '^  "mac": "52:54:00:00:00:01",$' "$T/json"
bd_expect_grep '^    "name": "lab-1",$' "$T/json"
bd_expect_grep '^    "product": "Standard PC \(Q35\)",$' "$T/json"
bd_expect_grep '^    "build": "bootdeck-0\.1\.0",$' "$T/json"
bd_expect_eq "ips" "127.0.0.2 127.0.0.1" \
    "$(sed -n 's/^      "ip": "\(.*\)",$/\1/p' "$T/json" | tr '\n' ' ' |
    sed 's/ $//')"
bd_expect_eq "outcomes" "error images" \
    "$(sed -n 's/^      "outcome": "\(.*\)",$/\1/p' "$T/json" | tr '\n' ' ' |
    sed 's/ $//')"
bd_expect_grep '^      "bytes": 100000,$' "$T/json"
bd_expect_grep "^      \"detail\": \"no entry named 'gone'\",\$" "$T/json"

# Unknown machines and names: one line, exit 1; bad usage: 2.
bd_run 1 bd host show 52:54:00:00:00:99
bd_one_error "no host or client 52:54:00:00:00:99"
bd_run 1 bd host show nosuch
bd_one_error "'nosuch' is neither a MAC address nor a host's name"
bd_run 2 bd host show
bd_one_error "missing the MAC or NAME"
bd_run 2 bd host show a b
bd_one_error "unexpected argument 'b'"

# A machine seen but not a host: what it reported, no host settings.
sqlite3 "$BOOTDECK_DB" "DELETE FROM hosts"
bd_run 0 bd host show $HB_MAC
bd_expect_grep '^host: +no: a client only' "$T/out"
bd_expect_grep '^serial: +SN-42$' "$T/out"
bd_run 0 bd host show $HB_MAC --json
bd_expect_grep '^  "host": null,$' "$T/out"

# The broadcast MAC was served as an unknown client, never recorded as one.
bd_run 1 bd host show ff:ff:ff:ff:ff:ff
bd_one_error "no host or client ff:ff:ff:ff:ff:ff"
bd_run 0 bd clients
grep -q 'ff:ff:ff:ff:ff:ff' "$T/out" && bd_fail "a broadcast MAC is a client"
[ "$(sqlite3 "$BOOTDECK_DB" "SELECT count(*) FROM events
    WHERE mac = 'ff:ff:ff:ff:ff:ff'")" = 0 ] ||
    bd_fail "a broadcast MAC is in the log"
exit 0
