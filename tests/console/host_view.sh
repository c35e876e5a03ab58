#!/bin/sh
# tests/console/host_view.sh: Enter on Hosts and on Clients opens one machine's view (facts, IPs, last boots) at 80x24 and 132x40; Esc returns to the list.
. "$top_srcdir/tests/console/console.sh"
. "$top_srcdir/tests/cli/host_boots.sh"

hb_boots
for size in 80x24 132x40; do
	CON_S="bd$size" CON_COLS=${size%x*} CON_ROWS=${size#*x}
	con_start
	con_keys 2; con_wait "lab-1"
	con_keys Enter; con_wait "What it reported"
	con_wait "no entry named 'gone'"
	con_golden "host-view-$size"
	con_keys Escape; con_wait_gone "What it reported"
	con_wait "NEXT BOOT"
	con_has "lab-1" || bd_fail "Esc did not return to the hosts"
	con_quit
done

# The same machine from the Clients screen (which shows the last day).
sqlite3 "$BOOTDECK_DB" "UPDATE clients SET last_seen_ms =
    CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE mac = '$HB_MAC'"
CON_S=clients
con_start
con_keys 3; con_wait "$HB_MAC"
con_keys Enter; con_wait "What it reported"
con_has "Standard PC (Q35)" || bd_fail "the client's view lacks its facts"
con_keys Escape; con_wait_gone "What it reported"
con_wait "Enter:details"
con_quit
exit 0
