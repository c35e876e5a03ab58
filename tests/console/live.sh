#!/bin/sh
# tests/console/live.sh: others' changes appear live; a concurrent edit asks; Clients and Log follow a real bootdeckd.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

"$BOOTDECK" init --demo >/dev/null
con_start

# A change by the CLI shows within a second or two, on the open screen.
con_keys 2; con_wait "No hosts yet"
"$BOOTDECK" host set 52:54:00:00:00:01 --name from-cli --default shell >/dev/null
con_wait "from-cli" 3
con_keys 1
"$BOOTDECK" entry add cli-added --title 'Added by CLI' --shell >/dev/null
con_wait "cli-added" 3

# Saving a record someone else changed meanwhile asks instead of overwriting.
con_keys G e; con_wait "Edit entry"
"$BOOTDECK" entry set cli-added --title 'Changed elsewhere' >/dev/null
con_keys Tab C-u 'Mine' F2
con_wait "changed by someone else"
con_keys k; con_wait "not saved"
"$BOOTDECK" entry show cli-added | grep -q 'Changed elsewhere' ||
    bd_fail "the other change was overwritten"
con_keys F2; con_wait "changed by someone else"; con_keys o
con_wait "saved entry 'cli-added'"
"$BOOTDECK" entry show cli-added | grep -q 'Mine' || bd_fail "overwrite did not save"

# A client booting from a real bootdeckd: Clients shows its transfer, Log its events.
bd_start_server
head -c 4194304 /dev/zero > "$T/images/debian-12-amd64-netinst.iso"
mac=52:54:00:00:00:02
curl -fsS "$BD_URL/boot.ipxe?mac=$mac&platform=pcbios&arch=x86_64" >/dev/null
curl -fsS "$BD_URL/entry/debian?mac=$mac&platform=pcbios&arch=x86_64" >/dev/null
curl -fsS -r 0-1048575 "$BD_URL/images/debian-12-amd64-netinst.iso" \
    -H "X-Client-MAC: $mac" -o /dev/null
con_keys 3
con_wait "52:54:00:00:00:02" 10
bd_wait_for 10 con_has "%" || { con_screen; bd_fail "no progress bar"; }
con_keys 4
con_wait "entry 52:54:00:00:00:02" 5
# h on Clients makes the unknown client a host with a default entry.
con_keys 3 g
bd_wait_for 5 con_has "52:54:00:00:00:02"
con_keys /
con_wait "Search"; con_keys C-u 00:02 Enter
con_keys h; con_wait "added host"
"$BOOTDECK" host list | grep -q "$mac" || bd_fail "client not made a host"
con_quit
exit 0
