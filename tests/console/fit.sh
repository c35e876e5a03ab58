#!/bin/sh
# tests/console/fit.sh: at 80 and 132 columns the screens show titles, whole IPv4 addresses, wrapped scripts, whole questions and every tab.
. "$top_srcdir/tests/console/console.sh"
bd_need sqlite3

"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" entry add live --title 'Debian live (HTTP fetch)' --key v \
    --kernel vmlinuz --initrd initrd.img \
    --args 'boot=live fetch=http://boot.example.org:8080/images/debian-live-12.8.0-amd64-standard/live/filesystem.squashfs components quiet console=ttyS0,115200n8 END-OF-CMDLINE' \
    >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --name lab-1 --default debian >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:02 --next memtest --no-menu \
    --name 'build-server-with-a-long-name.rack-12.lab.example.org' >/dev/null
# What bootdeckd would have recorded for two clients (no time: "never").
sqlite3 "$BOOTDECK_DB" "INSERT INTO clients (key, mac, ip, first_seen_ms,
    last_seen_ms) VALUES ('52:54:00:00:00:01', '52:54:00:00:00:01',
    '192.168.100.200', 0, 0), ('52:54:00:00:00:02', '52:54:00:00:00:02',
    '10.1.2.3', 0, 0)"

for size in 80x24 132x40; do
	CON_S="bd$size" CON_COLS=${size%x*} CON_ROWS=${size#*x}
	con_start
	con_wait "Debian live"; con_golden "fit-entries-$size"
	con_keys 2; con_wait "192.168.100.200"; con_golden "fit-hosts-$size"
	con_keys G d; con_wait "(y/n)"; con_golden "fit-question-$size"
	con_keys n; con_wait_gone "(y/n)"
	con_keys 1 G p; con_wait "END-OF-CMDLINE"; con_golden "fit-preview-$size"
	con_quit
done

# A title far longer than the screen (written by another tool), a
# terminal shrunk to 40x10 and back: the tabs and the title still show.
title=$(printf 'Ünïcödé title %.0s' $(seq 1 20))
sqlite3 "$BOOTDECK_DB" "UPDATE entries SET title = '$title' WHERE name = 'live'"
CON_S=small
con_start
con_wait "Ünïcödé title"
con_tmux resize-window -t "$CON_S" -x 40 -y 10
con_wait " 1 Entries  2  3  4  5  6"
con_wait "v live    Ünïcödé title Ünïcödé title"
con_keys G d; con_wait "(y/n)"; con_keys n; con_wait_gone "(y/n)"
con_tmux resize-window -t "$CON_S" -x 80 -y 24
con_wait "1 Entries  2 Hosts"; con_golden "fit-long-title"
con_quit
exit 0
