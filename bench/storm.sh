#!/bin/sh
# bench/storm.sh: a boot storm against bootdeckd and against nginx serving the same bytes, as ratios.
#
# STORM_CLIENTS simulated iPXE clients (default 200), each from its own
# loopback address, start together: /boot.ipxe, their entry's script,
# then half sanboot a 256 MiB ISO (HEAD, then sequential Range reads of
# 4-32 KiB, STORM_RANGE_MB each from a random place) and half download a
# kernel and an initrd whole. nginx serves the same files and, for the
# scripts, static copies of what bootdeckd rendered. Reported: the time
# until every client is done (ratio nginx/bootdeckd: above 1 is faster),
# /boot.ipxe latency p50/p99 during the storm, boot events written and
# dropped, bootdeckd's peak RSS with STORM_HOLD connections open
# (default 1000), and whole-file GETs of the ISO on 8 connections.
#
# Each case runs STORM_ROUNDS times (default 3), the servers taking turns
# at going first; the table shows medians, then every round.
#
# Usage: bench/storm.sh [BUILD_DIR]

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
clients=${STORM_CLIENTS:-200}
range_mb=${STORM_RANGE_MB:-8}
rounds=${STORM_ROUNDS:-3}
hold=${STORM_HOLD:-1000}
whole_secs=${STORM_WHOLE_SECONDS:-10}
bench_name=storm
. "$here/lib.sh"

bench_need nginx curl
bench_need_built bootdeck bootdeckd bench/storm
bench_workdir storm

# The storm needs more descriptors than a login shell's 1024.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

mkdir -p "$T/images" "$T/static/entry"
head -c $((256 << 20)) /dev/urandom > "$T/images/storm.iso"
head -c $((8 << 20)) /dev/urandom > "$T/images/vmlinuz"
head -c $((32 << 20)) /dev/urandom > "$T/images/initrd.img"
chmod -R a+rX "$T/images"
iso_bytes=$(stat -c %s "$T/images/storm.iso")

bd() { BOOTDECK_IMAGES="$T/images" "$build/bootdeck" -d "$T/catalog.db" "$@" >/dev/null; }
bd init
bd entry add storm-iso --title "Storm ISO" --iso storm.iso --boot sanboot
bd entry add storm-linux --title "Storm Linux" --kernel vmlinuz \
    --initrd initrd.img --args "console=ttyS0"

BOOTDECK_MAX_CONNECTIONS=$((hold + 256)) bench_start_bootdeckd

# nginx serves what bootdeckd rendered, as static files.
curl -sf -o "$T/static/boot.ipxe" "$bd_url/boot.ipxe?mac=52-54-00-00-00-01"
for e in storm-iso storm-linux; do
	curl -sf -o "$T/static/entry/$e" "$bd_url/entry/$e?mac=52-54-00-00-00-01"
done
ng_port=$(bench_next_port "$bd_port")
bench_nginx_conf 4096 "worker_rlimit_nofile 8192;" <<NGINX
	tcp_nopush on;
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$ng_port;
		location /images/ { alias $T/images/; }
		location / { root $T/static; }
	}
NGINX
bench_start_nginx curl -sf -o /dev/null "http://127.0.0.1:$ng_port/boot.ipxe"

metric() {
	curl -sf "$bd_url/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}

# storm PORT -> "ms p50us p99us errors bytes"
storm() {
	"$build/bench/storm" boot "$1" "$clients" /images/storm.iso "$iso_bytes" \
	    /images/vmlinuz /images/initrd.img "$range_mb" | sed -n 's/^RESULT //p'
}

echo "boot storm: $clients clients (half sanboot ${range_mb} MiB of a 256 MiB ISO in 4-32 KiB Ranges," \
    "half kernel 8 MiB + initrd 32 MiB), $rounds rounds, $(nproc) cores"
written0=$(metric bootdeckd_events_written_total)
dropped0=$(metric bootdeckd_events_dropped_total)
bd_ms="" ng_ms="" bd_p50="" bd_p99="" ng_p50="" ng_p99="" shown="" errs=0
r=0
while [ "$r" -lt "$rounds" ]; do
	r=$((r + 1))
	order="bd ng"; [ $((r % 2)) = 0 ] && order="ng bd"
	for who in $order; do
		if [ "$who" = bd ]; then
			set -- $(storm "$bd_port")
			bd_ms="$bd_ms $1" bd_p50="$bd_p50 $2" bd_p99="$bd_p99 $3" b=$1
		else
			set -- $(storm "$ng_port")
			ng_ms="$ng_ms $1" ng_p50="$ng_p50 $2" ng_p99="$ng_p99 $3" n=$1
		fi
		errs=$((errs + $4))
	done
	shown="$shown $b/$n"
done
# Let the writer commit the last batch before reading its counters.
sleep 1
written=$(($(metric bootdeckd_events_written_total) - written0))
dropped=$(($(metric bootdeckd_events_dropped_total) - dropped0))
bm=$(median $bd_ms) nm=$(median $ng_ms)
printf '%-28s %12s %12s %8s\n' "" bootdeckd nginx "ratio"
printf '%-28s %12s %12s %8s   per round (ms, bootdeckd/nginx):%s\n' \
    "all clients done (ms)" "$bm" "$nm" "$(ratio "$nm" "$bm")" "$shown"
printf '%-28s %12s %12s\n' "/boot.ipxe p50 (us)" "$(median $bd_p50)" "$(median $ng_p50)"
printf '%-28s %12s %12s   goal: bootdeckd p99 <= 10000 us\n' "/boot.ipxe p99 (us)" \
    "$(median $bd_p99)" "$(median $ng_p99)"
echo "boot events written: $written, dropped: $dropped; failed requests: $errs"

# Peak RSS with many connections open, each after one /boot.ipxe.
"$build/bench/storm" hold "$bd_port" "$hold" > "$T/hold.out" &
hold_pid=$!
bench_track "$hold_pid"
i=0
until grep -q HELD "$T/hold.out"; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "storm: $hold connections did not open" >&2; exit 1; }
	sleep 0.1
done
open=$(metric bootdeckd_open_connections)
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$bd_pid/status")
kill "$hold_pid"
echo "bootdeckd peak RSS: $((hwm / 1024)) MiB with $open connections open" \
    "($(sed 's/HELD \([0-9]*\) \([0-9]*\)/\1 held, \2 refused/' "$T/hold.out")); goal <= 96 MiB at 1000"

# Whole-file GETs of the ISO on 8 connections.
bd_w="" ng_w="" shown=""
r=0
while [ "$r" -lt "$rounds" ]; do
	r=$((r + 1))
	b=$("$build/bench/storm" whole "$bd_port" 8 /images/storm.iso "$iso_bytes" "$whole_secs" | sed -n 's/^RESULT //p')
	n=$("$build/bench/storm" whole "$ng_port" 8 /images/storm.iso "$iso_bytes" "$whole_secs" | sed -n 's/^RESULT //p')
	bd_w="$bd_w $b" ng_w="$ng_w $n" shown="$shown $b/$n"
done
bw=$(median $bd_w) nw=$(median $ng_w)
echo "whole 256 MiB GETs, 8 connections: bootdeckd $bw MiB/s, nginx $nw MiB/s," \
    "ratio $(ratio "$bw" "$nw") (goal >= 0.95); per round:$shown"
