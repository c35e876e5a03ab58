#!/bin/sh
# traversal.sh: nothing outside the images root is served, however the path is spelled.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/images/sub" "$T/outside"
echo "top secret" > "$T/secret.txt"
echo "also secret" > "$T/outside/file.txt"
echo "public" > "$T/images/ok.txt"
echo "inner" > "$T/images/sub/inner.txt"
ln -s ../secret.txt "$T/images/escape"
ln -s "$T/secret.txt" "$T/images/escape_abs"
ln -s "$T/outside" "$T/images/outdir"
ln -s sub/inner.txt "$T/images/inside"
ln -s ../ok.txt "$T/images/sub/up_inside"
bd_start_server

for p in \
    /images/../secret.txt \
    /images/sub/../../secret.txt \
    /images/%2e%2e/secret.txt \
    /images/%2E%2E/secret.txt \
    /images/.%2e/secret.txt \
    /images/%2e%2e%2fsecret.txt \
    /images/sub%2f..%2f..%2fsecret.txt \
    /images/sub/%2e%2e/%2e%2e/secret.txt \
    /images/..%5csecret.txt \
    "/images/ok.txt%00" \
    "/images/ok.txt%00.iso" \
    /images/%00 \
    /images//etc/passwd \
    /images/%2fetc%2fpasswd \
    /images/%2Fetc/passwd \
    /images/./ok.txt \
    /images/sub//inner.txt \
    /images/escape \
    /images/escape_abs \
    /images/outdir/file.txt \
    /images/%zz \
    /images/%2 \
    /images/sub \
    /images/; do
	code=$(srv_get "$p")
	bd_expect_eq "$p" 404 "$code"
	if grep -q secret "$T/b"; then
		bd_fail "$p leaked a file outside the root"
	fi
done

# Inside the root, symlinks and encoded names are fine.
srv_expect "plain" 200 /images/ok.txt
bd_expect_eq "plain body" public "$(cat "$T/b")"
srv_expect "symlink inside" 200 /images/inside
bd_expect_eq "symlink inside body" inner "$(cat "$T/b")"
srv_expect "symlink up, still inside" 200 /images/sub/up_inside
bd_expect_eq "symlink up body" public "$(cat "$T/b")"
srv_expect "encoded slash" 200 /images/sub%2finner.txt
srv_expect "encoded name" 200 /images/%6fk.txt
srv_expect "query ignored" 200 "/images/ok.txt?mac=zz&x=%00"

# No other route reaches the filesystem either.
srv_expect "ipxe traversal" 404 /ipxe/../secret.txt
srv_expect "ipxe encoded" 404 /ipxe/%2e%2e/secret.txt

srv_alive
bd_stop_server
