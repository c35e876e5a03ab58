#!/bin/sh
# bench/console-scale.sh: the console with 10,000 hosts and 1,000,000 boot events: startup and keypress latency.
#
# The catalog is made by `bootdeck init --demo`, then filled by one sqlite3
# transaction of INSERT ... SELECT over a recursive counter (a few seconds
# for a million rows): hosts with names and default entries, a client row
# per host seen in the last hours (half downloading, with a transfer row),
# and events cycling boot, entry, image and error over the hosts.
#
# The real console runs in a private tmux server at 80x24 (TERM=screen).
# A figure is the time from sending a key (tmux send-keys) until the pane,
# polled with capture-pane -e (text and attributes, so a moved highlight
# counts), differs from before and shows the screen's marker. It includes
# tmux's own round trips (a few ms each), so it is an upper bound.
#
#   startup        bootdeck started until the Entries screen is drawn
#   screen N       key 1..5 until that screen is drawn
#   hosts j/PgDn   moving through the Hosts list
#   log k/PgUp     moving through the Log list
#   ... (writer)   the same while another process commits an event every
#                  100 ms, so the console's data_version poll fires
#
# Usage: bench/console-scale.sh [BUILD_DIR]
#   env: SCALE_HOSTS (10000), SCALE_EVENTS (1000000), SCALE_SAMPLES (40),
#        SCALE_KEEP=1 keeps the work directory.

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
hosts=${SCALE_HOSTS:-10000}
events=${SCALE_EVENTS:-1000000}
samples=${SCALE_SAMPLES:-40}
bench_name=console-scale
. "$here/lib.sh"

bench_need tmux sqlite3
bench_need_built bootdeck

# Not bench_workdir: the cleanup also stops a private tmux server, and
# SCALE_KEEP keeps the directory.
T=$(mktemp -d /tmp/bootdeck-scale.XXXXXX)
SOCK="bdscale$$"
writer=""
cleanup() {
	[ -z "$writer" ] || kill "$writer" 2>/dev/null || true
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	if [ "${SCALE_KEEP:-0}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL
DB="$T/catalog.db"

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# The catalog -------------------------------------------------------------------

t0=$(now_ms)
now=$t0	# clients seen in the last hours: the Clients screen's worst case
"$build/bootdeck" -d "$DB" init --demo >/dev/null
sqlite3 "$DB" >/dev/null <<EOF
PRAGMA busy_timeout = 5000;
BEGIN IMMEDIATE;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $hosts)
INSERT INTO hosts (mac, name, default_entry, skip_menu, localboot)
SELECT printf('52:54:%02x:%02x:%02x:%02x', i >> 24 & 255, i >> 16 & 255,
    i >> 8 & 255, i & 255), 'host-' || i,
    (SELECT id FROM entries WHERE position = 1 + i % 3),
    i % 2, 'auto' FROM n;
INSERT INTO clients (key, mac, ip, platform, arch, first_seen_ms, last_seen_ms,
    stage, entry)
SELECT mac, mac, '10.0.' || (id / 250) || '.' || (id % 250 + 1), 'pcbios',
    'x86_64', $now - id * 1000, $now - id * 1000,
    CASE id % 2 WHEN 0 THEN 'download' ELSE 'entry' END, 'debian'
FROM hosts;
INSERT INTO transfers (client, boot_id, path, bytes, requests, size, first_ms,
    last_ms)
SELECT key, 0, 'debian-12.iso', 1000 * (last_seen_ms % 1000000), 100,
    1000000000, last_seen_ms, last_seen_ms FROM clients WHERE stage = 'download';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
INSERT INTO events (id, ts_ms, kind, mac, ip, entry, path, detail)
SELECT i, 1700000000000 + i * 50,
    CASE i % 4 WHEN 0 THEN 'boot' WHEN 1 THEN 'entry' WHEN 2 THEN 'image'
        ELSE 'error' END,
    printf('52:54:%02x:%02x:%02x:%02x', 0, 0, (i % $hosts) >> 8 & 255,
        (i % $hosts) & 255),
    '10.0.0.' || (i % 250 + 1),
    CASE i % 4 WHEN 0 THEN 'menu' WHEN 1 THEN 'debian' ELSE NULL END,
    CASE i % 4 WHEN 2 THEN 'debian-12.iso' ELSE NULL END,
    CASE i % 4 WHEN 3 THEN 'no entry named x' ELSE NULL END
FROM n;
COMMIT;
EOF
t1=$(now_ms)
echo "catalog: $hosts hosts, $events events in $((t1 - t0)) ms ($(du -h "$DB" | cut -f1))"

# Driving the console --------------------------------------------------------------

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

screen() {
	tm capture-pane -e -p -t bd
}

# wait_change BEFORE MARKER: polls until the pane differs from BEFORE and
# contains MARKER; prints the ms it took since $sent. Gives up after 5 s.
wait_change() {
	i=0
	while :; do
		cur=$(screen)
		if [ "$cur" != "$1" ] && printf '%s' "$cur" | grep -Fq -- "$2"; then
			echo $(( $(now_ms) - sent ))
			return 0
		fi
		i=$((i + 1))
		[ "$i" -lt 2000 ] || { echo 99999; return 0; }
	done
}

# key KEY MARKER [FILE]: sends KEY, appends the latency to FILE ($T/samples).
key() {
	before=$(screen)
	sent=$(now_ms)
	tm send-keys -t bd "$1"
	wait_change "$before" "$2" >> "${3:-$T/samples}"
}

# report NAME [FILE]: median, p95 and max of FILE ($T/samples), then clears it.
report() {
	f=${2:-$T/samples}
	sort -n "$f" | awk -v name="$1" '
	    { v[NR] = $1 }
	    END {
		if (NR == 0) { printf "%-28s no samples\n", name; exit }
		p95 = int(NR * 0.95 + 0.999); if (p95 > NR) p95 = NR
		printf "%-28s n=%-4d median %4d ms  p95 %4d ms  max %4d ms\n",
		    name, NR, v[int((NR + 1) / 2)], v[p95], v[NR]
	    }'
	: > "$f"
}

# run_round LABEL: every screen in turn, then the Hosts and Log lists.
run_round() {
	for r in $(seq "$samples"); do
		key 2 "DEFAULT" "$T/s2"
		key 3 "STAGE" "$T/s3"
		key 4 "KIND" "$T/s4"
		key 5 "SETTING" "$T/s5"
		key 1 "TARGET" "$T/s1"
	done
	report "$1screen 1 Entries" "$T/s1"
	report "$1screen 2 Hosts" "$T/s2"
	report "$1screen 3 Clients" "$T/s3"
	report "$1screen 4 Log" "$T/s4"
	report "$1screen 5 Settings" "$T/s5"
	key 2 "DEFAULT"; : > "$T/samples"
	for r in $(seq "$samples"); do key j "host-"; done
	report "$1hosts j"
	for r in $(seq "$samples"); do key NPage "host-"; done
	report "$1hosts PgDn"
	key 4 "KIND"; : > "$T/samples"
	for r in $(seq "$samples"); do key k "52:54"; done
	report "$1log k"
	for r in $(seq "$samples"); do key PPage "52:54"; done
	report "$1log PgUp"
	key 1 "TARGET"; : > "$T/samples"
}

: > "$T/samples"
sent=$(now_ms)
tm new -d -x 80 -y 24 -s bd "env TERM=screen \"$build/bootdeck\" -d \"$DB\"; sleep 600"
wait_change "" "TARGET" >> "$T/samples"
report "startup (first screen)"

run_round ""

# The same with another process committing an event every 100 ms.
last=$events
(
	i=$((last + 1))
	while :; do
		sqlite3 "$DB" ".timeout 5000" "INSERT INTO events
		    (id, ts_ms, kind, mac, ip, entry) VALUES ($i,
		    $(date +%s%3N), 'boot', '52:54:00:00:00:01', '10.0.0.1',
		    'menu')" 2>/dev/null || true
		i=$((i + 1))
		sleep 0.1
	done
) &
writer=$!
run_round "(writer) "
kill "$writer" 2>/dev/null || true
writer=""

sent=$(now_ms)
tm send-keys -t bd q
i=0
while tm has-session -t bd 2>/dev/null && screen | grep -Fq "1 Entries"; do
	i=$((i + 1)); [ "$i" -lt 500 ] || break
done
echo "quit: $(( $(now_ms) - sent )) ms"
