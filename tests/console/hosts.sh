#!/bin/sh
# tests/console/hosts.sh: add, edit and delete a host; set and clear its next boot in two keys.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start
con_keys 2; con_wait "No hosts yet"

# Add: a bad MAC is refused at the field, and so is one no one machine
# has, in the words of `bootdeck host set`.
con_keys a; con_wait "Add host"
con_keys 'zz:11' Tab; con_wait "is not a MAC address"
con_keys C-u FF-FF-FF-FF-FF-FF Tab
con_wait "ff:ff:ff:ff:ff:ff is the broadcast address, not one machine's"
con_keys C-u 01:00:5e:00:00:fb Tab; con_wait "is a multicast address"
con_keys C-u 52-54-00-AB-CD-EF Tab lab7 Tab Right Right Right Right F2
con_wait "saved host 52:54:00:ab:cd:ef"
"$BOOTDECK" host list | grep -q '52:54:00:ab:cd:ef.*lab7.*debian' ||
    bd_fail "host not stored: $("$BOOTDECK" host list)"

# Edit the name.
con_keys e; con_wait "Edit host"
con_keys Tab C-u bench-7 F2
con_wait "bench-7"
"$BOOTDECK" host list | grep -q 'bench-7' || bd_fail "name not updated"

# Next boot: n then the entry's hotkey; N clears it.
con_keys n; con_wait "Next boot of 52:54:00:ab:cd:ef"; con_keys m
con_wait "next boot of 52:54:00:ab:cd:ef: memtest"
"$BOOTDECK" host list | grep -q 'memtest' || bd_fail "next boot not set"
con_keys N; con_wait "next boot of 52:54:00:ab:cd:ef cleared"
"$BOOTDECK" host list | grep -q 'memtest' && bd_fail "next boot not cleared"
con_keys n; con_wait "Next boot of"; con_keys s
con_wait "next boot of 52:54:00:ab:cd:ef: shell"
con_keys n; con_wait "Next boot of"; con_keys -
con_wait "next boot of 52:54:00:ab:cd:ef cleared"

# Delete after confirmation.
con_keys d; con_wait "Delete host 52:54:00:ab:cd:ef bench-7?"; con_keys y
con_wait "deleted host 52:54:00:ab:cd:ef"
"$BOOTDECK" host list | grep -q 'ab:cd:ef' && bd_fail "host still there"
con_quit
exit 0
