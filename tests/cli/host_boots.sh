# tests/cli/host_boots.sh: three boots of one machine through a real bootdeckd, at fixed times (sourced by host_show.sh and the console's host_view.sh).

# hb_boots: a demo catalog with host lab-1 (52:54:00:00:00:01, default
# debian, next boot memtest); the machine reports its facts from
# 127.0.0.1, boots memtest once and fetches it from 127.0.0.2, then asks
# for an entry that is gone; a broadcast MAC asks for the menu too. The
# log's times are then set to one minute per event from 2025-12-01 12:00
# UTC, so screens and output do not change from run to run.
HB_MAC=52:54:00:00:00:01
hb_boots() {
	bd_need curl
	bd_need sqlite3
	"$BOOTDECK" init --demo >/dev/null
	"$BOOTDECK" host set $HB_MAC --name lab-1 --default debian \
	    --next memtest >/dev/null
	mkdir -p "$T/images"
	head -c 100000 /dev/zero > "$T/images/memtest86+x64.efi"
	bd_start_server
	q="mac=$HB_MAC&platform=efi&arch=x86_64"
	curl -fsS "$BD_URL/boot.ipxe?$q&uuid=4c4c4544-0042&serial=SN-42&manufacturer=QEMU&product=Standard%20PC%20(Q35)&version=2.0.0%2B&build=bootdeck-0.1.0" >/dev/null
	curl -fsS "$BD_URL/entry/memtest?$q" >/dev/null
	curl -fsS --interface 127.0.0.2 \
	    "$BD_URL/images/memtest86%2Bx64.efi?mac=$HB_MAC" >/dev/null
	curl -fsS --interface 127.0.0.2 "$BD_URL/boot.ipxe?$q" >/dev/null
	curl -fsS --interface 127.0.0.2 "$BD_URL/entry/gone?$q" \
	    >/dev/null 2>&1 || :
	curl -fsS "$BD_URL/boot.ipxe?mac=ff:ff:ff:ff:ff:ff&platform=efi" \
	    >/dev/null
	bd_stop_server
	sqlite3 "$BOOTDECK_DB" "
	    UPDATE events SET ts_ms = 1764590400000 + id * 60000;
	    UPDATE transfers SET first_ms = 1764590400000 + boot_id * 60000,
	        last_ms = 1764590400000 + boot_id * 60000 + 30000;
	    UPDATE clients SET
	        first_seen_ms = (SELECT min(ts_ms) FROM events e
	            WHERE e.mac = clients.mac OR e.ip = clients.ip),
	        last_seen_ms = (SELECT max(ts_ms) FROM events e
	            WHERE e.mac = clients.mac OR e.ip = clients.ip);"
}
