# tests/server/server_lib.sh: helpers for the bootdeckd tests (sourced after tests/lib.sh).

bd_need curl
[ -x "$BOOTDECKD" ] || bd_skip "bootdeckd is not built"
[ -x "$BOOTDECK" ] || bd_skip "bootdeck is not built"

# srv_get [CURL ARGS...] PATH: GETs $BD_URL/PATH (as is, no dot folding);
# prints the status code, leaves the headers in $T/h and the body in $T/b.
srv_get() {
	# Split off the last argument, the path.
	srv_n=$#
	srv_i=0
	for srv_a; do
		shift
		srv_i=$((srv_i + 1))
		if [ "$srv_i" -lt "$srv_n" ]; then
			set -- "$@" "$srv_a"
		else
			srv_path=$srv_a
		fi
	done
	# curl leaves -o alone when there is no body.
	: > "$T/b"
	curl -s --path-as-is -o "$T/b" -D "$T/h" -w '%{http_code}' "$@" \
	    "$BD_URL$srv_path"
}

# srv_header NAME: the value of header NAME in $T/h (CR stripped).
srv_header() {
	tr -d '\r' < "$T/h" | sed -n "s/^$1: //Ip" | head -n 1
}

# srv_expect WHAT WANT-STATUS [CURL ARGS...] PATH
srv_expect() {
	srv_what=$1
	srv_want=$2
	shift 2
	srv_code=$(srv_get "$@") || bd_fail "$srv_what: curl failed"
	bd_expect_eq "$srv_what: status" "$srv_want" "$srv_code"
}

# srv_slice FILE START LEN: those bytes of FILE on stdout.
srv_slice() {
	tail -c +"$(( $2 + 1 ))" "$1" | head -c "$3"
}

# srv_alive: the server still answers (after abuse).
srv_alive() {
	kill -0 "$BD_SERVER_PID" 2>/dev/null || bd_fail "bootdeckd died"
	srv_expect "healthz" 200 /healthz
}

# srv_log_has PATTERN [LOG ARGS...]: polls `bootdeck log` for PATTERN.
srv_log_has() {
	srv_pat=$1
	shift
	SRV_PAT=$srv_pat bd_wait_for 10 \
	    sh -c '"$0" log "$@" | grep -Eq -- "$SRV_PAT"' "$BOOTDECK" "$@" ||
	    { "$BOOTDECK" log "$@"; bd_fail "'$srv_pat' never in bootdeck log"; }
}
