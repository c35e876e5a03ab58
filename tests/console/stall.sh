#!/bin/sh
# tests/console/stall.sh: a transfer that stops short of its size stands out on Clients, with real progress.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

"$BOOTDECK" init --demo >/dev/null
bd_start_server
head -c 4194304 /dev/zero > "$T/images/debian-12-amd64-netinst.iso"
mac=52:54:00:00:00:05
curl -fsS "$BD_URL/boot.ipxe?mac=$mac&platform=pcbios&arch=x86_64" >/dev/null
curl -fsS "$BD_URL/entry/debian?mac=$mac&platform=pcbios&arch=x86_64" >/dev/null
# A quarter of the image in Range requests, as sanboot reads it; then silence.
for off in 0 262144 524288 786432; do
	curl -fsS -r "$off-$((off + 262143))" -H "X-Client-MAC: $mac" \
	    "$BD_URL/images/debian-12-amd64-netinst.iso" -o /dev/null
done

# The stall threshold is 10 s; BOOTDECK_STALL_SECONDS shortens it for tests.
con_start BOOTDECK_STALL_SECONDS=2
con_keys 3
con_wait "$mac" 10
con_wait " 25% 1.0 MiB / 4.0 MiB" 10
con_wait "STALLED" 10
con_quit
exit 0
