#!/bin/sh
# kept.sh: an image kept open on a keep-alive connection: replaced, removed or redirected files are noticed.
# bash for /dev/tcp: one connection we control, where curl would reconnect.
if [ -z "${BASH_VERSION:-}" ]; then
	command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
. "$top_srcdir/tests/server/kept_lib.sh"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/images/sub" "$T/outside"
head -c 4096 /dev/urandom > "$T/old"
head -c 4096 /dev/urandom > "$T/new"
head -c 4096 /dev/urandom > "$T/images/sub/inner.iso"
head -c 4096 /dev/urandom > "$T/outside/secret.iso"
cp "$T/old" "$T/images/disk.iso"
ln -s sub/inner.iso "$T/images/link.iso"
bd_start_server
exec 3<>"/dev/tcp/127.0.0.1/$BD_PORT" || bd_fail "cannot connect"

# is_slice FILE: the last body is bytes 100-163 of FILE.
is_slice() {
	srv_slice "$1" 100 64 | cmp -s - "$T/kb"
}

# A rename over the file: this connection keeps reading the file it
# opened, with that file's ETag, until it looks again (within a second).
kept_get /images/disk.iso
bd_expect_eq "first GET" 206 "$K_STATUS"
is_slice "$T/old" || bd_fail "first GET: wrong bytes"
OLD_ETAG=$K_ETAG
cp "$T/new" "$T/images/disk.tmp"
mv "$T/images/disk.tmp" "$T/images/disk.iso"
srv_expect "new connection after replace" 206 -H "Range: bytes=100-163" \
    /images/disk.iso
srv_slice "$T/new" 100 64 | cmp -s - "$T/b" ||
    bd_fail "a new connection got the old bytes"
i=0
while :; do
	kept_get /images/disk.iso
	bd_expect_eq "GET while replaced" 206 "$K_STATUS"
	if is_slice "$T/new"; then
		[ "$K_ETAG" != "$OLD_ETAG" ] || bd_fail "new bytes, old ETag"
		break
	fi
	is_slice "$T/old" || bd_fail "replaced: neither old nor new bytes"
	bd_expect_eq "old bytes keep the old ETag" "$OLD_ETAG" "$K_ETAG"
	i=$((i + 1))
	[ "$i" -lt 100 ] || bd_fail "the replaced file was never noticed"
	sleep 0.05
done
NEW_ETAG=$K_ETAG

# Removed: a 404 soon, the kept bytes until then.
rm "$T/images/disk.iso"
i=0
while :; do
	kept_get /images/disk.iso
	[ "$K_STATUS" != 404 ] || break
	bd_expect_eq "GET while removed" 206 "$K_STATUS"
	is_slice "$T/new" || bd_fail "removed: wrong bytes"
	bd_expect_eq "removed: ETag" "$NEW_ETAG" "$K_ETAG"
	i=$((i + 1))
	[ "$i" -lt 100 ] || bd_fail "the removed file was never noticed"
	sleep 0.05
done

# A symlink swapped to point outside the root: refused soon, and never
# a byte of the outside file.
kept_get /images/link.iso
bd_expect_eq "symlink inside" 206 "$K_STATUS"
is_slice "$T/images/sub/inner.iso" || bd_fail "symlink inside: wrong bytes"
ln -sfn "$T/outside/secret.iso" "$T/images/link.iso"
i=0
while :; do
	kept_get /images/link.iso
	is_slice "$T/outside/secret.iso" && bd_fail "served a file outside the root"
	[ "$K_STATUS" != 404 ] || break
	is_slice "$T/images/sub/inner.iso" || bd_fail "swapped: wrong bytes"
	i=$((i + 1))
	[ "$i" -lt 100 ] || bd_fail "the swapped symlink was never noticed"
	sleep 0.05
done

# Still the same connection, still serving.
cp "$T/old" "$T/images/disk.iso"
kept_get /images/disk.iso
bd_expect_eq "after all that" 206 "$K_STATUS"
is_slice "$T/old" || bd_fail "after all that: wrong bytes"
exec 3>&-
srv_alive
bd_stop_server
