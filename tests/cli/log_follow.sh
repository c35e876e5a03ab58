#!/bin/sh
# tests/cli/log_follow.sh: against a real bootdeckd: log --follow sees new events, clients, preview equals the served script.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need curl
[ -x "$BOOTDECKD" ] || bd_skip "bootdeckd is not built"

bd_run 0 bd init --demo
bd_start_server -c "$T/bootdeck.conf"
mac=52:54:00:12:34:56
q="mac=$mac&platform=pcbios&arch=i386"

# preview prints exactly what the server sends.
for m in 52:54:00:aa:aa:aa "$mac"; do
	curl -fsS "$BD_URL/boot.ipxe?mac=$m&platform=pcbios&arch=i386" \
	    > "$T/served.ipxe"
	bd_run 1 bd preview "$m" --base-url "$BD_URL" -i "$T/images"
	cmp "$T/served.ipxe" "$T/out" || {
		diff "$T/served.ipxe" "$T/out" || true
		bd_fail "preview differs from what bootdeckd served"
	}
done
curl -fsS "$BD_URL/entry/memtest?mac=$mac&platform=efi&arch=x86_64" \
    > "$T/served.ipxe"
bd_run 1 bd preview "$mac" --base-url "$BD_URL" -i "$T/images" \
    --entry memtest --platform efi
cmp "$T/served.ipxe" "$T/out" || bd_fail "preview --entry differs from bootdeckd"

# The follower prints what is there, then what comes.
"$BOOTDECK" -c "$T/bootdeck.conf" log --follow --mac "$mac" \
    > "$T/follow.out" 2> "$T/follow.err" &
follower=$!
BD_PIDS="$BD_PIDS $follower"
bd_wait_for 20 grep -Eq "^[0-9-]+ [0-9:]+  $mac +boot " "$T/follow.out" ||
    bd_fail "log --follow did not show the boot event"
lines=$(wc -l < "$T/follow.out")
curl -fsS "$BD_URL/entry/debian?$q" > /dev/null
bd_wait_for 20 grep -Eq "^[0-9-]+ [0-9:]+  $mac +entry +debian" "$T/follow.out" ||
    bd_fail "log --follow did not show the new entry event"
# A file transfer: an image event with bytes of the size.
mkdir -p "$T/images"
head -c 100000 /dev/zero > "$T/images/debian-12-amd64-netinst.iso"
curl -fsS -r 0-2047 "$BD_URL/images/debian-12-amd64-netinst.iso?$q" > /dev/null
bd_wait_for 20 grep -Eq "  $mac +image +.*debian-12-amd64-netinst\\.iso [0-9]+/100000 bytes" \
    "$T/follow.out" || bd_fail "log --follow did not show the image transfer"
# Another client's events are not this follower's.
curl -fsS "$BD_URL/boot.ipxe?mac=52:54:00:bb:bb:bb&platform=efi&arch=x86_64" >/dev/null
# Hostile text from a client never reaches the terminal as control bytes.
curl -sS "$BD_URL/entry/%1b%5d0%3bowned%07%1b%5b2J?$q" > /dev/null || true
bd_wait_for 20 grep -Eq "  $mac +error " "$T/follow.out" ||
    bd_fail "log --follow did not show the error event"
bd_signal_wait INT "$follower"
bd_expect_eq "log --follow status after SIGINT" 0 "$rc"
[ ! -s "$T/follow.err" ] || { cat "$T/follow.err"; bd_fail "log --follow wrote errors"; }
[ "$(wc -l < "$T/follow.out")" -gt "$lines" ] || bd_fail "nothing followed"
grep -q '52:54:00:bb:bb:bb' "$T/follow.out" && bd_fail "--mac let another client through"
tr -d '\n' < "$T/follow.out" | LC_ALL=C grep -q '[[:cntrl:]]' &&
    bd_fail "control bytes in the log output"

# The whole log, and its tail.
bd_run 0 bd log -n 0
bd_expect_grep '52:54:00:bb:bb:bb +boot' "$T/out"
bd_run 0 bd log -n 1
bd_expect_eq "log -n 1 lines" 1 "$(wc -l < "$T/out")"
bd_run 0 bd log --mac 52-54-00-BB-BB-BB
bd_expect_grep '52:54:00:bb:bb:bb' "$T/out"
grep -q "$mac" "$T/out" && bd_fail "log --mac showed another client"

# clients: both clients, the first one's entry and bytes served.
bd_run 0 bd clients
bd_expect_grep '^MAC +HOST +IP +PLATFORM +ARCH +STAGE +ENTRY +IMAGE +SERVED +LAST-SEEN +IPXE$' "$T/out"
bd_expect_grep "^52:54:00:bb:bb:bb +- +127\\.0\\.0\\.1 +efi +x86_64 " "$T/out"
bd_expect_grep "^$mac +- +127\\.0\\.0\\.1 +pcbios +i386 .* debian .*debian-12-amd64-netinst\\.iso +2\\.0 KiB/97\\.7 KiB \\(2%\\) " "$T/out"
LC_ALL=C grep -q '[[:cntrl:]]' "$T/out" && bd_fail "control bytes in clients"
bd_run 0 bd clients --json
bd_expect_grep '^    "mac": "52:54:00:bb:bb:bb",$' "$T/out"
bd_expect_grep '^    "image": "debian-12-amd64-netinst\.iso",$' "$T/out"

# log --follow --json: one object per line, what is there and what comes.
"$BOOTDECK" -c "$T/bootdeck.conf" log --follow --json -n 0 --mac "$mac" \
    > "$T/jfollow.out" 2> "$T/jfollow.err" &
jfollower=$!
BD_PIDS="$BD_PIDS $jfollower"
bd_wait_for 20 grep -q '"kind":"image"' "$T/jfollow.out" ||
    bd_fail "log --follow --json did not show the earlier events"
curl -fsS "$BD_URL/entry/memtest?$q" > /dev/null
bd_wait_for 20 grep -Eq "^\\{\"id\":[0-9]+,\"ts_ms\":[0-9]+,\"kind\":\"entry\",\"mac\":\"$mac\",.*\"entry\":\"memtest\"" \
    "$T/jfollow.out" || bd_fail "log --follow --json did not show the new event"
bd_signal_wait INT "$jfollower"
bd_expect_eq "log --follow --json status after SIGINT" 0 "$rc"
[ ! -s "$T/jfollow.err" ] || { cat "$T/jfollow.err"; bd_fail "log --follow --json wrote errors"; }
grep -vEq '^\{.*\}$' "$T/jfollow.out" && bd_fail "log --json: not one object per line"
bd_stop_server
