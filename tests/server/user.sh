#!/bin/sh
# tests/server/user.sh: bootdeckd --user binds a port below 1024 as root, then serves as that user with no way back to root; a failed drop refuses to run.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
[ "$(id -u)" = 0 ] || bd_skip "needs root (binds a port below 1024, changes user)"
user=nobody
uid=$(id -u "$user" 2>/dev/null) || bd_skip "no user '$user'"
gid=$(id -g "$user")

# The user's state: a catalog it owns in a directory it may write.
chmod 711 "$T"
state="$T/state"
mkdir -p "$state/images"
BOOTDECK_DB="$state/catalog.db" "$BOOTDECK" init > /dev/null
chown -R "$uid:$gid" "$state"

# A free privileged port on loopback; the kernel says which are taken.
start() {
	for port in $(seq 600 1000); do
		: > "$T/bootdeckd.log"
		"$BOOTDECKD" --db "$state/catalog.db" --images "$state/images" \
		    --listen "127.0.0.1:$port" "$@" 2>>"$T/bootdeckd.log" &
		BD_SERVER_PID=$!
		BD_PIDS="$BD_PIDS $BD_SERVER_PID"
		if bd_wait_for 10 grep -q 'running as user' "$T/bootdeckd.log"
		then
			BD_URL="http://127.0.0.1:$port"
			return 0
		fi
		wait "$BD_SERVER_PID" 2>/dev/null || true
		bd_forget "$BD_SERVER_PID"
		grep -q 'Address already in use' "$T/bootdeckd.log" ||
		    bd_fail "bootdeckd --user did not start: $(cat "$T/bootdeckd.log")"
	done
	bd_fail "no free port from 600 to 1000"
}

# status FIELD: that line of the server's /proc status, tabs squeezed.
status() {
	sed -n "s/^$1:[[:space:]]*//p" "/proc/$BD_SERVER_PID/status" |
	    tr -s '\t ' '  ' | sed 's/ *$//'
}

check_dropped() {
	srv_expect "healthz as $user" 200 /healthz
	bd_expect_eq "Uid (real, effective, saved, fs)" "$uid $uid $uid $uid" \
	    "$(status Uid)"
	bd_expect_eq "Gid (real, effective, saved, fs)" "$gid $gid $gid $gid" \
	    "$(status Gid)"
	bd_expect_eq "supplementary groups" "$gid" "$(status Groups)"
	bd_expect_eq "effective capabilities" 0000000000000000 "$(status CapEff)"
	bd_expect_eq "permitted capabilities" 0000000000000000 "$(status CapPrm)"
	bd_expect_eq "no_new_privs" 1 "$(status NoNewPrivs)"
	# What the server wrote since (WAL, SHM, journal) is the user's too.
	for f in "$state"/catalog.db*; do
		bd_expect_eq "owner of $f" "$uid" "$(stat -c %u "$f")"
	done
}

start --user "$user"
check_dropped
bd_stop_server

# The config file's `user` does the same.
printf 'user = %s\n' "$user" > "$T/user.conf"
start -c "$T/user.conf"
check_dropped
bd_stop_server

# HTTPS as well: its port, privileged too, is bound before the drop, and
# the key (root's, mode 0600) is read before it.
"$BOOTDECK" tls init --dir "$T/tls" --name 127.0.0.1 > /dev/null ||
    bd_fail "tls init failed"
tport=
for p in $(seq 500 599); do
	ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || { tport=$p; break; }
done
[ -n "$tport" ] || bd_fail "no free port from 500 to 599"
start --user "$user" --listen-tls "127.0.0.1:$tport" \
    --tls-cert "$T/tls/server.pem" --tls-key "$T/tls/server.key"
check_dropped
curl -sf --max-time 10 --cacert "$T/tls/ca.pem" -o /dev/null \
    "https://127.0.0.1:$tport/healthz" || bd_fail "no HTTPS as $user on $tport"
bd_stop_server

# A drop that cannot happen: no such user, or root itself. bootdeckd must
# not go on serving as root.
refuse() {
	if "$BOOTDECKD" --db "$state/catalog.db" --images "$state/images" \
	    --listen 127.0.0.1:0 "$@" > "$T/out" 2> "$T/err"; then
		bd_fail "bootdeckd $* ran"
	fi
	grep -q 'listening on' "$T/err" && bd_fail "bootdeckd $* listened"
	[ "$(wc -l < "$T/err")" = 1 ] ||
	    bd_fail "bootdeckd $*: not a one-line reason: $(cat "$T/err")"
}
refuse --user bootdeck-no-such-user
bd_expect_grep "user 'bootdeck-no-such-user': no such user" "$T/err"
refuse --user root
bd_expect_grep "is root" "$T/err"
exit 0
