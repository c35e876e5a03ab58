#!/bin/sh
# errors.sh: why an image failed: a full fd table is 503 (with a warning at start), no permission 403.
# bash for /dev/tcp: idle connections we hold open, one fd each in the server.
if [ -z "${BASH_VERSION:-}" ]; then
	command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/images"
echo data > "$T/images/x.iso"
REAL_BOOTDECKD=$BOOTDECKD

# A server whose hard limit is too low for max_connections: it cannot
# raise it, so it says so once at start.
LIMIT=48
cat > "$T/limited" <<EOF
#!/bin/sh
ulimit -n $LIMIT || exit 1
exec "$REAL_BOOTDECKD" "\$@"
EOF
chmod +x "$T/limited"
BOOTDECKD="$T/limited" BOOTDECK_MAX_CONNECTIONS=100 bd_start_server
bd_expect_eq "limit warnings" 1 "$(grep -c 'warning: open file limit 48 is below the 264' "$T/bootdeckd.log")"

# free_fds: how many fd numbers below LIMIT the server has free.
free_fds() {
	local used=0 fd
	for fd in /proc/"$BD_SERVER_PID"/fd/*; do
		[ "${fd##*/}" -lt "$LIMIT" ] && used=$((used + 1))
	done
	echo $((LIMIT - used))
}
free_below() { [ "$(free_fds)" -lt "$1" ]; }
free_above() { [ "$(free_fds)" -gt "$1" ]; }
[ -d "/proc/$BD_SERVER_PID/fd" ] || bd_skip "no /proc/PID/fd"

# Idle connections until one fd is left: the next connection is
# accepted with it, and its image cannot be opened.
HELD=""
while [ "$(free_fds)" -gt 1 ]; do
	before=$(free_fds)
	exec {fd}<>"/dev/tcp/127.0.0.1/$BD_PORT" || bd_fail "cannot connect"
	HELD="$HELD $fd"
	bd_wait_for 10 free_below "$before" ||
	    bd_fail "connection $fd was not accepted"
done
srv_expect "image with no fd left" 503 "/images/x.iso?mac=52:54:00:00:05:03"
bd_expect_grep 'image x.iso: too many open files' "$T/bootdeckd.log"
if grep -q 'missing image' "$T/bootdeckd.log"; then
	bd_fail "a full fd table was logged as a missing image"
fi

# Room again: served again.
for fd in $HELD; do
	exec {fd}>&-
done
bd_wait_for 10 free_above 2 || bd_fail "connections not closed"
srv_expect "image after the flood" 200 "/images/x.iso"
srv_log_has "52:54:00:00:05:03 +error .*too many open files"
bd_stop_server

# No permission to read it: 403, not a missing image. Root reads
# anything, so drop the capabilities that let it.
echo secret > "$T/images/locked.iso"
chmod 000 "$T/images/locked.iso"
BOOTDECKD=$REAL_BOOTDECKD
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || bd_skip "setpriv is not installed"
	setpriv --inh-caps=-dac_override,-dac_read_search \
	    --bounding-set=-dac_override,-dac_read_search true 2>/dev/null ||
	    bd_skip "cannot drop capabilities here"
	cat > "$T/nocap" <<EOF
#!/bin/sh
exec setpriv --inh-caps=-dac_override,-dac_read_search \
    --bounding-set=-dac_override,-dac_read_search "$REAL_BOOTDECKD" "\$@"
EOF
	chmod +x "$T/nocap"
	BOOTDECKD="$T/nocap"
fi
bd_start_server
srv_expect "unreadable image" 403 "/images/locked.iso"
if grep -q secret "$T/b"; then bd_fail "unreadable image was served"; fi
bd_expect_grep 'image locked.iso: permission denied' "$T/bootdeckd.log"
srv_expect "readable image" 200 "/images/x.iso"
srv_expect "missing image" 404 "/images/none.iso"
bd_expect_grep 'missing image none.iso' "$T/bootdeckd.log"
srv_alive
bd_stop_server
