#!/bin/sh
# tests/cli/menu.sh: menu set/show of unknown_entry, base_url and log_retention: values, unsets, bad input, overrides, bootdeckd.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_run 0 bd init --demo

# A new catalog: none of the three is set.
bd_run 0 bd menu show
bd_no_error
bd_expect_grep '^unknown: +none \(the menu\)$' "$T/out"
bd_expect_grep '^base-url: +none \(from each request.s Host header\)$' "$T/out"
bd_expect_grep '^log-retention: +none \(the default, 100000\)$' "$T/out"

# Each one set, alone and together; the rest stays.
bd_run 0 bd menu set --unknown memtest
bd_no_error
bd_run 0 bd menu
bd_expect_grep '^unknown: +memtest$' "$T/out"
bd_expect_grep '^base-url: +none ' "$T/out"
bd_run 0 bd menu set --base-url http://boot.example:8080
bd_run 0 bd menu show
bd_expect_grep '^unknown: +memtest$' "$T/out"
bd_expect_grep '^base-url: +http://boot\.example:8080$' "$T/out"
bd_run 0 bd menu set --log-retention 0250
bd_run 0 bd menu show
bd_expect_grep '^log-retention: +250$' "$T/out"
bd_run 0 bd menu set --log-retention 0 --unknown shell --title Lab
bd_run 0 bd menu show
bd_expect_eq "all settings" "title:          Lab
timeout:        10 s
default:        local
unknown:        shell
base-url:       http://boot.example:8080
log-retention:  0 (keeps all)" "$(cat "$T/out")"
cp "$T/out" "$T/menu"

# Bad values: the documented status, one line, nothing changes (not even
# the good options next to them).
bd_run 1 bd menu set --unknown nosuch
bd_one_error "nosuch"
bd_run 1 bd menu set --title Changed --log-retention 5 --unknown nosuch
bd_one_error "nosuch"
for bad in http://boot.example/ ftp://boot.example boot.example http:// \
    'http://a b' 'http://a;reboot' 'http://a?b' 'http://a/pxe?x=1' \
    'http://a/x#y' 'http://a#' 'http://:80' 'http:///pxe' 'http://a/${x}' \
    'http://a:0' 'https://boot.example/'; do
	bd_run 2 bd menu set --base-url "$bad" --title Changed --no-unknown
	bd_one_error "--base-url wants http://HOST\[:PORT\]"
done
# The error says what is wrong with it.
bd_run 2 bd menu set --base-url 'http://a/pxe?x=1'
bd_one_error "not 'http://a/pxe\\?x=1': it has a '\\?', where iPXE would cut"
bd_run 2 bd menu set --base-url 'http://a/x#y'
bd_one_error "it has a '#'"
bd_run 2 bd menu set --base-url 'http://:80'
bd_one_error "it names no host"
for bad in -1 x 12x ' 5' 1e3 9999999999999; do
	bd_run 2 bd menu set --log-retention "$bad" --no-base-url
	bd_one_error "--log-retention wants a number of events"
done
# Both ways at once is a usage error, in either order.
bd_run 2 bd menu set --unknown memtest --no-unknown
bd_one_error "--unknown and --no-unknown contradict each other"
bd_run 2 bd menu set --no-base-url --base-url http://a:1
bd_one_error "--base-url and --no-base-url contradict each other"
bd_run 2 bd menu set --log-retention 5 --no-log-retention --title Changed
bd_one_error "--log-retention and --no-log-retention contradict each other"
bd_run 2 bd menu set --no-log-retention extra
bd_one_error "unexpected argument 'extra'"
bd_run 0 bd menu show
cmp "$T/out" "$T/menu" || {
	diff "$T/menu" "$T/out" || true
	bd_fail "a failed menu set changed the settings"
}
# A path is fine.
bd_run 0 bd menu set --base-url http://boot.example:8080/pxe
bd_run 0 bd menu show
bd_expect_grep '^base-url: +http://boot\.example:8080/pxe$' "$T/out"
bd_run 0 bd menu set --base-url http://boot.example:8080

# The environment and the config file beat the catalog: menu show says so.
BOOTDECK_BASE_URL=http://env.example:81 bd_run 0 bd menu show
bd_expect_grep '^base-url: +http://boot\.example:8080 \(overridden by \$BOOTDECK_BASE_URL: http://env\.example:81\)$' "$T/out"
bd_expect_grep '^log-retention: +0 \(keeps all\)$' "$T/out"
echo "log_retention = 42" > "$T/over.conf"
bd_run 0 "$BOOTDECK" -c "$T/over.conf" menu show
bd_expect_grep "^log-retention: +0 \\(keeps all\\) \\(overridden by $T/over.conf: 42\\)\$" "$T/out"
bd_expect_grep '^base-url: +http://boot\.example:8080$' "$T/out"

# Unset each; an empty value unsets too.
bd_run 0 bd menu set --no-unknown --no-base-url
bd_run 0 bd menu show
bd_expect_grep '^unknown: +none \(the menu\)$' "$T/out"
bd_expect_grep '^base-url: +none \(from' "$T/out"
bd_expect_grep '^log-retention: +0 ' "$T/out"
BOOTDECK_BASE_URL=http://env.example:81 bd_run 0 bd menu show
bd_expect_grep '^base-url: +none \(overridden by \$BOOTDECK_BASE_URL: http://env\.example:81\)$' "$T/out"
bd_run 0 bd menu set --no-log-retention --unknown ''
bd_run 0 bd menu show
bd_expect_grep '^log-retention: +none \(the default, 100000\)$' "$T/out"
bd_expect_grep '^unknown: +none \(the menu\)$' "$T/out"
bd_run 0 bd menu set --help
bd_expect_grep 'no-log-retention +bootdeckd' "$T/out"

# bootdeckd honours them, read per request: an unknown client chains to the
# entry, and the script's URLs use the base URL.
bd_need curl
bd_start_server -c "$T/bootdeck.conf"
mac=52:54:00:de:ad:01
q="mac=$mac&platform=pcbios"
curl -fsS "$BD_URL/boot.ipxe?$q" > "$T/script"
bd_expect_grep '^menu ' "$T/script"
bd_run 0 bd menu set --unknown memtest
curl -fsS "$BD_URL/boot.ipxe?$q" > "$T/script"
bd_expect_grep "^chain $BD_URL/entry/memtest\\?mac=$mac&" "$T/script"
if grep -q '^menu ' "$T/script"; then
	bd_fail "an unknown client still got the menu"
fi
bd_run 0 bd menu set --base-url http://boot.example:8080
curl -fsS "$BD_URL/boot.ipxe?$q" > "$T/script"
bd_expect_grep "^chain http://boot\\.example:8080/entry/memtest\\?mac=$mac&" "$T/script"
if grep -q "127\\.0\\.0\\.1" "$T/script"; then
	bd_fail "the script still names the listen address"
fi
bd_run 0 bd menu set --no-unknown --no-base-url
curl -fsS "$BD_URL/boot.ipxe?$q" > "$T/script"
bd_expect_grep '^menu ' "$T/script"
bd_expect_grep "^chain $BD_URL/entry/memtest\\?" "$T/script"
bd_stop_server

# The menu's title is shown as entry titles are: saved, with the warning.
bd_run 0 bd menu set --title 'Labör — $x'
bd_one_error "warning: title: clients will see 'Labor - _x'\$"
bd_run 0 bd menu set --title 'Lab menu'
bd_no_error
