#!/bin/sh
# tests/console/lint_wake.sh: `bootdeck check`'s findings on the Entries and Hosts rows and under the list; w on Hosts wakes a host, its next boot set first.
. "$top_srcdir/tests/console/console.sh"

mkdir -p "$T/images"
echo kernel > "$T/images/vmlinuz"
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add disk --title "Local disk" --localboot --key l >/dev/null
"$BOOTDECK" entry add gone --title "Kernel gone" --kernel nosuch/vmlinuz >/dev/null
"$BOOTDECK" entry add k --title "Kernel here" --kernel vmlinuz >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --name web1 --default gone >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:02 --name web2 --default disk >/dev/null
# The packets go to the loopback broadcast address: nowhere else.
con_start BOOTDECK_WAKE_BROADCAST=127.255.255.255

# Entries: a mark on the row with an error; its message when selected.
con_wait "Kernel gone"
con_screen | grep -q '^ !  gone ' || { con_screen; bd_fail "no mark on 'gone'"; }
con_screen | grep -q '^ !  k ' && bd_fail "a mark on a clean entry"
con_lacks "image-missing"
con_keys Down; con_wait "! image-missing: nosuch/vmlinuz is not in the images"
con_golden lint-entries
con_keys Down; con_wait_gone "image-missing"

# Hosts: web1's default cannot boot: said when web1 is selected.
con_keys 2; con_wait "web2"
con_wait "! ref-unfit: default 'gone' cannot boot: nosuch/vmlinuz is not in"
con_golden lint-hosts
con_keys Down; con_wait_gone "ref-unfit"
# A fix elsewhere shows at the next load.
"$BOOTDECK" host set 52:54:00:00:00:01 --default k >/dev/null
con_keys Up; con_keys 1; con_wait "Kernel gone"; con_keys 2
con_wait "web2"; con_lacks "ref-unfit" || bd_fail "the finding stayed after the fix"

# Settings: the menu default that cannot boot, under its row.
"$BOOTDECK" menu set --default gone >/dev/null
con_keys 5; con_wait "Menu default"
con_wait "! ref-unfit: the menu's default 'gone' cannot boot"
con_golden lint-settings
"$BOOTDECK" menu set --default disk >/dev/null
con_keys 1; con_wait "Kernel gone"; con_keys 5
con_wait "the entry the timeout boots"
con_keys 2; con_wait "web2"

# w: which entry boots next, or none; Esc wakes nobody.
con_keys w; con_wait "Wake 52:54:00:00:00:01: next boot"
con_golden wake-pick
con_keys Escape; con_wait_gone "Wake 52:54"
con_lacks "woke" || bd_fail "Esc woke the host"
con_keys w; con_wait "Wake 52:54:00:00:00:01: next boot"
con_keys Down Enter
con_wait "woke 52:54:00:00:00:01 via 127.255.255.255 port 9, next boot disk"
"$BOOTDECK" host list | grep -q '^52:54:00:00:00:01 .* k  *disk ' ||
    bd_fail "next boot not set: $("$BOOTDECK" host list)"
con_wait "disk"
# None: just the packet, the next boot left as it is.
con_keys w; con_wait "Wake 52:54:00:00:00:01: next boot"; con_keys Enter
con_wait "woke 52:54:00:00:00:01 via 127.255.255.255 port 9"
con_lacks "port 9, next boot" || bd_fail "a next boot was named"
"$BOOTDECK" host list | grep -q '^52:54:00:00:00:01 .* k  *disk ' ||
    bd_fail "the next boot changed: $("$BOOTDECK" host list)"
con_quit
exit 0
