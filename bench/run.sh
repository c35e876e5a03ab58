#!/bin/sh
# bench/run.sh: bootdeckd against nginx on the sanboot pattern, in one run, as ratios.
#
# Both servers serve the same file from the same directory on loopback;
# wrk sends 2 KiB Range GETs at random offsets on keep-alive connections,
# first on one connection, then on 64. nginx runs with sendfile on and the
# access log off. Numbers vary with the machine; the ratio is the point.
# With xorriso, bootdeckd also serves the same bytes as a file inside an
# ISO (/images/bench.iso/disk.img), compared with the plain file: in the
# table, then in BENCH_PAIRS back-to-back pairs of 3 s runs on one
# connection, where load elsewhere drifts less within a pair, with
# bootdeckd's CPU time per request (from /proc) beside the rates.
#
# The machine may be busy with other work: each case runs BENCH_ROUNDS
# times, the servers taking turns at going first, and the table shows
# the medians (ratio = median / median) with every round after it.
#
# Usage: bench/run.sh [BUILD_DIR]   (env: BENCH_SECONDS, default 10;
#                                    BENCH_ROUNDS, default 3;
#                                    BENCH_FILE_MB, default 512;
#                                    BENCH_PAIRS, default 10)

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
secs=${BENCH_SECONDS:-10}
mb=${BENCH_FILE_MB:-512}
rounds=${BENCH_ROUNDS:-3}
bench_name=bench
. "$here/lib.sh"

bench_need wrk nginx curl
bench_need_built bootdeckd
bench_workdir bench

mkdir -p "$T/images"
head -c "$((mb * 1024 * 1024))" /dev/urandom > "$T/images/disk.iso"
# The same bytes inside an ISO, where xorriso is at hand.
inner=""
if command -v xorriso >/dev/null 2>&1 &&
    xorriso -outdev "$T/images/bench.iso" -map "$T/images/disk.iso" /disk.img \
    >"$T/xorriso.log" 2>&1; then
	inner=/images/bench.iso/disk.img
fi
chmod -R a+rX "$T/images"
size=$(stat -c %s "$T/images/disk.iso")

"$build/bootdeck" -d "$T/catalog.db" init >/dev/null
bench_start_bootdeckd

ng_port=$(bench_next_port "$bd_port")
bench_nginx_conf 1024 <<NGINX
	tcp_nopush on;
	server {
		listen 127.0.0.1:$ng_port;
		location /images/ { alias $T/images/; }
	}
NGINX
ng_url=http://127.0.0.1:$ng_port
bench_start_nginx curl -sf -o /dev/null -r 0-0 "$ng_url/images/disk.iso"

# one WHO CONNECTIONS THREADS: one wrk run against bd, ng or in (the ISO).
one() {
	case $1 in
	bd) set -- $(bench_wrk "$bd_url" "$2" "$3"); bd_rps=$1 bd_err=$2 ;;
	ng) set -- $(bench_wrk "$ng_url" "$2" "$3"); ng_rps=$1 ng_err=$2 ;;
	in) set -- $(bench_wrk "$bd_url" "$2" "$3" "$inner"); in_rps=$1 in_err=$2 ;;
	esac
}

echo "file: $mb MiB, 2 KiB random Range GETs, $rounds rounds of ${secs}s per server, $(nproc) cores"
if [ -n "$inner" ]; then
	printf '%-12s %14s %14s %8s %14s %12s   %s\n' connections "bootdeckd r/s" "nginx r/s" ratio \
	    "in-ISO r/s" "ISO/plain" "per round: bootdeckd/nginx/in-ISO (bootdeckd/nginx, ISO/plain)"
else
	printf '%-12s %14s %14s %8s   %s\n' connections "bootdeckd r/s" "nginx r/s" ratio "per round: bootdeckd/nginx (ratio)"
fi
for c in 1 64; do
	t=1; [ "$c" -gt 1 ] && t=2
	bd_all="" ng_all="" in_all="" rounds_shown="" errs=""
	in_rps=0 in_err=0
	r=0
	while [ $r -lt "$rounds" ]; do
		r=$((r + 1))
		# Take turns at going first so a burst of load elsewhere hits all.
		case $((r % 3)):$inner in
		*:) order="bd ng"; [ $((r % 2)) = 0 ] && order="ng bd" ;;
		1:*) order="bd ng in" ;;
		2:*) order="ng in bd" ;;
		0:*) order="in bd ng" ;;
		esac
		for who in $order; do
			one "$who" $c $t
		done
		bd_all="$bd_all $bd_rps" ng_all="$ng_all $ng_rps" in_all="$in_all $in_rps"
		if [ -n "$inner" ]; then
			rounds_shown="$rounds_shown $bd_rps/$ng_rps/$in_rps ($(ratio "$bd_rps" "$ng_rps"), $(ratio "$in_rps" "$bd_rps"))"
		else
			rounds_shown="$rounds_shown $bd_rps/$ng_rps ($(ratio "$bd_rps" "$ng_rps"))"
		fi
		[ "$bd_err" = 0 ] && [ "$ng_err" = 0 ] && [ "$in_err" = 0 ] ||
		    errs="$errs round $r: bootdeckd $bd_err, nginx $ng_err, in-ISO $in_err;"
	done
	bd_med=$(median $bd_all) ng_med=$(median $ng_all) in_med=$(median $in_all)
	if [ -n "$inner" ]; then
		printf '%-12s %14s %14s %8s %14s %12s  %s\n' "$c" "$bd_med" "$ng_med" \
		    "$(ratio "$bd_med" "$ng_med")" "$in_med" "$(ratio "$in_med" "$bd_med")" "$rounds_shown"
	else
		printf '%-12s %14s %14s %8s  %s\n' "$c" "$bd_med" "$ng_med" \
		    "$(ratio "$bd_med" "$ng_med")" "$rounds_shown"
	fi
	[ -z "$errs" ] || echo "  errors (non-206 or socket errors):$errs"
done

[ -n "$inner" ] || exit 0

# cpu_ticks: bootdeckd's user + system time so far, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$bd_pid/stat"
}

# pair_run PATH -> "req/s cpu-us-per-request"
pair_run() {
	pr_secs=$secs
	secs=3
	pr_c0=$(cpu_ticks)
	set -- $(bench_wrk "$bd_url" 1 1 "$1")
	pr_c1=$(cpu_ticks)
	secs=$pr_secs
	awk -v r="$1" -v c="$((pr_c1 - pr_c0))" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { printf "%d %.1f", r, c * 1e6 / hz / (r * 3) }'
}

pairs=${BENCH_PAIRS:-10}
rates="" cpus="" shown=""
p=0
while [ $p -lt "$pairs" ]; do
	p=$((p + 1))
	if [ $((p % 2)) = 1 ]; then
		a=$(pair_run /images/disk.iso); b=$(pair_run "$inner")
	else
		b=$(pair_run "$inner"); a=$(pair_run /images/disk.iso)
	fi
	set -- $a $b
	rates="$rates $(ratio "$3" "$1")" cpus="$cpus $(ratio "$2" "$4")"
	shown="$shown $1/$3"
done
echo "in-ISO vs plain, $pairs pairs of 3 s on 1 connection: median rate ratio" \
    "$(median $rates), median CPU-per-request ratio plain/in-ISO $(median $cpus)"
echo "  rates plain/in-ISO:$shown"
