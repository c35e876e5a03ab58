# bench/lib.sh: the setup the benchmark scripts share (sourced, never run).
#
# Tool checks, the work directory, bootdeckd and nginx on loopback, wrk's
# Range GETs, medians and ratios. A script sets here (its directory),
# build and bench_name (the prefix of its messages), sources this file,
# then calls bench_workdir: what it starts through bench_track is stopped
# at exit, and the work directory $T is removed.

set -eu

# nginx lives in /usr/sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin

# bench_die MESSAGE: stops the run, saying which script stopped it.
bench_die() {
	echo "$bench_name: $*" >&2
	exit 1
}

# bench_need TOOL...: every TOOL is on PATH, or the run stops before it
# spends minutes making files.
bench_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is not installed"
	done
}

# bench_need_built FILE...: every FILE is built under $build.
bench_need_built() {
	for f in "$@"; do
		[ -x "$build/$f" ] || bench_die "no $build/$f"
	done
}

bench_cleanup() {
	# A server may be gone already (the storm's hold client is killed on
	# purpose); under set -e a failed kill would end the cleanup here.
	for p in $bench_pids; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$T"
}

# bench_workdir NAME: a private $T (/tmp/bootdeck-NAME.*), removed at exit
# with every process given to bench_track stopped first. Readable by all,
# as nginx's workers run as another user.
bench_workdir() {
	T=$(mktemp -d "/tmp/bootdeck-$1.XXXXXX")
	chmod 755 "$T"
	bench_pids=""
	trap bench_cleanup EXIT
	trap 'exit 1' INT TERM
}

# bench_track PID: stop PID at exit.
bench_track() {
	bench_pids="$bench_pids $1"
}

# bench_wait_for TRIES LOG COMMAND...: polls COMMAND every 0.1 s; after
# TRIES failures shows LOG (why the server did not come up) and stops.
bench_wait_for() {
	bw_tries=$1 bw_log=$2
	shift 2
	i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -lt "$bw_tries" ] || { cat "$bw_log"; exit 1; }
		sleep 0.1
	done
}

# bench_start_bootdeckd [ARGS...]: bootdeckd on the catalog $T/catalog.db
# and the images in $T/images, on a loopback port the kernel picks; sets
# bd_pid, and bd_port and bd_url from the line its log ($T/bootdeckd.log)
# announces it with.
bench_start_bootdeckd() {
	"$build/bootdeckd" -d "$T/catalog.db" -i "$T/images" -l 127.0.0.1:0 \
	    "$@" 2>"$T/bootdeckd.log" &
	bd_pid=$!
	bench_track "$bd_pid"
	bench_wait_for 100 "$T/bootdeckd.log" grep -q 'listening on' "$T/bootdeckd.log"
	bd_port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
	    "$T/bootdeckd.log" | head -n 1)
	bd_url=http://127.0.0.1:$bd_port
}

# bench_next_port PORT [TAKEN...]: the port after PORT that is none of
# TAKEN. nginx needs a fixed port: one next to bootdeckd's is likely free.
bench_next_port() {
	np=$(($1 + 1))
	shift
	for taken in "$@"; do
		[ "$np" != "$taken" ] || np=$((np + 1))
	done
	echo "$np"
}

# bench_nginx_conf CONNECTIONS [MAIN...] < HTTP: writes $T/nginx.conf:
# nginx in the foreground with CONNECTIONS per worker and the MAIN lines,
# and in http the settings every run shares (no access log, sendfile,
# keep-alive for the whole run) followed by the HTTP lines from stdin,
# which carry the server block.
bench_nginx_conf() {
	nc_connections=$1
	shift
	{
		echo "daemon off;"
		echo "worker_processes auto;"
		for line in "$@"; do
			echo "$line"
		done
		echo "pid $T/nginx.pid;"
		echo "error_log $T/nginx-error.log;"
		echo "events { worker_connections $nc_connections; }"
		echo "http {"
		printf '\taccess_log off;\n'
		printf '\tsendfile on;\n'
		printf '\tkeepalive_requests 100000000;\n'
		printf '\tkeepalive_timeout 60s;\n'
		cat
		echo "}"
	} > "$T/nginx.conf"
}

# bench_start_nginx PROBE...: nginx on $T/nginx.conf; returns once the
# PROBE command (a request it must answer) succeeds.
bench_start_nginx() {
	nginx -c "$T/nginx.conf" -e "$T/nginx-error.log" &
	bench_track $!
	bench_wait_for 100 "$T/nginx-error.log" "$@"
}

# bench_wrk URL CONNECTIONS THREADS [PATH] -> "req/s errors p99(us)": wrk
# for $secs seconds of 2 KiB Range GETs at random offsets within the
# first $size bytes of PATH (default /images/disk.iso), on keep-alive
# connections (range.lua).
bench_wrk() {
	BENCH_PATH=${4:-/images/disk.iso}?mac=52-54-00-00-00-01 BENCH_SIZE=$size BENCH_CHUNK=2048 \
	    wrk -t"$3" -c"$2" -d"${secs}s" -s "$here/range.lua" "$1" 2>&1 |
	    sed -n 's/^RESULT //p'
}

# median N...: the middle value (the lower middle one for an even count).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ratio A B: A / B to two places; 0 where B is 0 (a failed run), so that
# one bad case does not end the table.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
