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

# srv_kill9: SIGKILL, as a crash or the OOM killer would: nothing is
# flushed, nothing closed.
srv_kill9() {
	kill -KILL "$BD_SERVER_PID"
	wait "$BD_SERVER_PID" 2>/dev/null || true
	bd_forget "$BD_SERVER_PID"
}

# srv_lock_catalog: another process takes the catalog's write lock and
# holds it until srv_unlock_catalog (readers go on: WAL).
srv_lock_catalog() {
	rm -f "$T/sql"
	mkfifo "$T/sql"
	: > "$T/sql.out"
	sqlite3 "$BOOTDECK_DB" < "$T/sql" > "$T/sql.out" 2>&1 &
	SRV_SQL_PID=$!
	BD_PIDS="$BD_PIDS $SRV_SQL_PID"
	exec 3>"$T/sql"
	echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&3
	bd_wait_for 10 grep -q locked "$T/sql.out" || bd_fail "could not lock"
}

srv_unlock_catalog() {
	echo "COMMIT;" >&3
	exec 3>&-
	wait "$SRV_SQL_PID" || true
	bd_forget "$SRV_SQL_PID"
}

# srv_host MAC: "REV NEXT" for a host, read straight from the catalog
# ("-" when it has no next boot).
srv_host() {
	sqlite3 -cmd '.timeout 5000' "$BOOTDECK_DB" "SELECT h.rev || ' ' ||
	    coalesce(e.name, '-') FROM hosts h LEFT JOIN entries e
	    ON e.id = h.next_entry WHERE h.mac = '$1'"
}

# srv_metric NAME: a counter or gauge from /metrics.
srv_metric() {
	curl -s "$BD_URL/metrics" | sed -n "s/^$1 //p"
}

# srv_metric_at_least NAME N: for bd_wait_for.
srv_metric_at_least() {
	srv_v=$(srv_metric "$1")
	[ "${srv_v:-0}" -ge "$2" ]
}

# srv_entry_events MAC: how many entry events the log holds for MAC.
srv_entry_events() {
	"$BOOTDECK" log --mac "$1" | grep -c " entry " || true
}
