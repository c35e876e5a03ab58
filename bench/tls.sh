#!/bin/sh
# bench/tls.sh: the sanboot pattern over HTTPS: bootdeckd's TLS listener against its plain HTTP one and against nginx with TLS on the same certificate.
#
# One file, one certificate (`bootdeck tls init`, RSA 2048), loopback;
# wrk sends 2 KiB Range GETs at random offsets on keep-alive connections,
# on 1 connection and on 64. Each case runs BENCH_ROUNDS times, the
# servers taking turns at going first; the table shows medians and the
# ratios HTTPS/HTTP (what TLS costs bootdeckd) and bootdeckd/nginx over
# HTTPS. Handshakes are not measured: keep-alive makes them one per
# connection, as with iPXE's sanboot.
#
# Usage: bench/tls.sh [BUILD_DIR]   (env: BENCH_SECONDS, default 10;
#                                    BENCH_ROUNDS, default 3;
#                                    BENCH_FILE_MB, default 256)

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
secs=${BENCH_SECONDS:-10}
mb=${BENCH_FILE_MB:-256}
rounds=${BENCH_ROUNDS:-3}
bench_name=bench
. "$here/lib.sh"

bench_need wrk nginx curl
bench_need_built bootdeckd
bench_workdir bench-tls

mkdir -p "$T/images"
head -c "$((mb * 1024 * 1024))" /dev/urandom > "$T/images/disk.iso"
chmod -R a+rX "$T/images"
size=$(stat -c %s "$T/images/disk.iso")
: > "$T/bootdeck.conf"
"$build/bootdeck" -c "$T/bootdeck.conf" tls init --dir "$T/tls" \
    --name 127.0.0.1 >/dev/null
chmod 644 "$T/tls/server.key"

"$build/bootdeck" -d "$T/catalog.db" init >/dev/null
bench_start_bootdeckd --listen-tls 127.0.0.1:0 --tls-cert "$T/tls/server.pem" \
    --tls-key "$T/tls/server.key"
# The HTTPS listener is announced after the plain one.
bench_wait_for 100 "$T/bootdeckd.log" grep -q 'listening for HTTPS on' "$T/bootdeckd.log"
bs_port=$(sed -n 's/.*listening for HTTPS on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$T/bootdeckd.log")
bs_url=https://127.0.0.1:$bs_port

ng_port=$(bench_next_port "$bs_port" "$bd_port")
ng_url=https://127.0.0.1:$ng_port
bench_nginx_conf 1024 <<NGINX
	server {
		listen 127.0.0.1:$ng_port ssl;
		ssl_certificate $T/tls/server.pem;
		ssl_certificate_key $T/tls/server.key;
		# What bootdeckd (GnuTLS NORMAL) and wrk agree on: the same protocol.
		ssl_protocols TLSv1.2 TLSv1.3;
		location /images/ { alias $T/images/; }
	}
NGINX
bench_start_nginx curl -sf --cacert "$T/tls/ca.pem" -o /dev/null -r 0-0 \
    "$ng_url/images/disk.iso"
curl -sf --cacert "$T/tls/ca.pem" -o /dev/null -r 0-0 "$bs_url/images/disk.iso" ||
    bench_die "bootdeckd's HTTPS does not answer"

# What the TLS sessions negotiated, for the record.
proto() {
	curl -sv --cacert "$T/tls/ca.pem" -o /dev/null -r 0-0 "$1/images/disk.iso" 2>&1 |
	    sed -n 's/^\* SSL connection using //p' | head -n 1
}
echo "file: $mb MiB, 2 KiB random Range GETs over keep-alive, $rounds rounds of ${secs}s per server, $(nproc) cores"
echo "bootdeckd TLS: $(proto "$bs_url"); nginx TLS: $(proto "$ng_url")"
printf '%-12s %12s %12s %12s %10s %10s   %s\n' connections "bd-TLS r/s" "bd-HTTP r/s" \
    "nginx-TLS r/s" "TLS/HTTP" "bd/nginx" "per round: bd-TLS/bd-HTTP/nginx-TLS"
for c in 1 64; do
	t=1; [ "$c" -gt 1 ] && t=2
	bs_all="" bd_all="" ng_all="" shown="" errs=""
	r=0
	while [ $r -lt "$rounds" ]; do
		r=$((r + 1))
		case $((r % 3)) in
		1) order="bs bd ng" ;;
		2) order="ng bs bd" ;;
		0) order="bd ng bs" ;;
		esac
		for who in $order; do
			case $who in
			bs) set -- $(bench_wrk "$bs_url" $c $t); bs=$1 bs_err=$2 ;;
			bd) set -- $(bench_wrk "$bd_url" $c $t); bd=$1 bd_err=$2 ;;
			ng) set -- $(bench_wrk "$ng_url" $c $t); ng=$1 ng_err=$2 ;;
			esac
		done
		bs_all="$bs_all $bs" bd_all="$bd_all $bd" ng_all="$ng_all $ng"
		shown="$shown $bs/$bd/$ng"
		[ "$bs_err" = 0 ] && [ "$bd_err" = 0 ] && [ "$ng_err" = 0 ] ||
		    errs="$errs round $r: bd-TLS $bs_err, bd-HTTP $bd_err, nginx-TLS $ng_err;"
	done
	bs_med=$(median $bs_all) bd_med=$(median $bd_all) ng_med=$(median $ng_all)
	printf '%-12s %12s %12s %12s %10s %10s  %s\n' "$c" "$bs_med" "$bd_med" "$ng_med" \
	    "$(ratio "$bs_med" "$bd_med")" "$(ratio "$bs_med" "$ng_med")" "$shown"
	[ -z "$errs" ] || echo "  errors (non-206 or socket errors):$errs"
done
