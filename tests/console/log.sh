#!/bin/sh
# tests/console/log.sh: the Log screen follows new events, and filters by MAC (whole log) and by text.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

"$BOOTDECK" init --demo >/dev/null
bd_start_server

# boot N MAC: N menu requests from MAC.
boot() {
	for i in $(seq "$1"); do
		curl -fsS "$BD_URL/boot.ipxe?mac=$2&platform=pcbios&arch=x86_64" >/dev/null
	done
}
# Thirty events: more than the 21 rows the list has at 80x24.
boot 30 52:54:00:00:00:0a
curl -sS "$BD_URL/entry/ubuntu?mac=52:54:00:00:00:0b&platform=efi&arch=x86_64" >/dev/null
srv_events() { [ "$("$BOOTDECK" log | wc -l)" -ge "$1" ]; }
bd_wait_for 10 srv_events 31 || bd_fail "events not written"

con_start
con_keys 4; con_wait "[follow]"
con_wait "no entry named 'ubuntu'"

# Follow on: a new event shows at the bottom at once.
boot 1 52:54:00:00:00:0c
con_wait "52:54:00:00:00:0c" 3

# Follow off, at the top: newer events arrive but the view stays put.
con_keys f; con_wait "follow off"; con_wait_gone "[follow]"
con_keys g
con_wait_gone "52:54:00:00:00:0c"
boot 1 52:54:00:00:00:0d
bd_wait_for 10 sh -c '"$0" log | grep -q 52:54:00:00:00:0d' "$BOOTDECK" ||
    bd_fail "event not written"
# G may land just before the console reads the event: press until it shows.
end_shows() { con_keys G; con_has "$1"; }
bd_wait_for 3 end_shows 52:54:00:00:00:0d || { con_screen; bd_fail "0d not in the log"; }
con_keys g; con_wait_gone "52:54:00:00:00:0d"
# Follow on again jumps to the newest.
con_keys f; con_wait "[follow]"; con_wait "52:54:00:00:00:0d"

# MAC filter: a bad MAC is refused; a good one leaves only its events.
con_keys m; con_wait "Only MAC"; con_keys C-u 'not-a-mac' Enter
con_wait "is not a MAC address"
con_keys m; con_wait "Only MAC"; con_keys C-u 52-54-00-00-00-0B Enter
con_wait "mac=52:54:00:00:00:0b"
con_wait "no entry named 'ubuntu'"
con_lacks "52:54:00:00:00:0a" || { con_screen; bd_fail "MAC filter let others through"; }

# Text filter, on top of no MAC filter: c clears, t filters.
con_keys c; con_wait_gone "mac=52:54"; con_wait "52:54:00:00:00:0a"
con_keys t; con_wait "Only text"; con_keys C-u 'ubuntu' Enter
con_wait "text=ubuntu"
con_wait "no entry named 'ubuntu'"
con_lacks "52:54:00:00:00:0a" || { con_screen; bd_fail "text filter let others through"; }
con_keys t C-u 'nothing-like-this' Enter
con_wait "No event matches the filter"
con_keys c; con_wait "52:54:00:00:00:0d"
con_quit
exit 0
