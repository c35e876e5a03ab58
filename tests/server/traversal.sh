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
# Absolute links: inside the root is what an admin writes (ln -s
# /var/lib/bootdeck/images/x.iso y.iso); through a link to the root too.
ln -s "$T/images/ok.txt" "$T/images/abs_inside"
ln -s "$T/images/sub" "$T/images/abs_dir"
ln -s "$T/images" "$T/root_link"
ln -s "$T/root_link/sub/inner.txt" "$T/images/abs_via_link"
ln -s "$T/images/../secret.txt" "$T/images/abs_dotdot"
ln -s "$T/images/abs_dotdot" "$T/images/abs_chain"
ln -s loop_b "$T/images/loop_a"
ln -s loop_a "$T/images/loop_b"
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
    /images/abs_dotdot \
    /images/abs_chain \
    /images/abs_dir/../../secret.txt \
    /images/loop_a \
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
srv_expect "absolute symlink inside" 200 /images/abs_inside
bd_expect_eq "absolute symlink inside body" public "$(cat "$T/b")"
srv_expect "absolute symlink to a folder inside" 200 /images/abs_dir/inner.txt
bd_expect_eq "absolute folder body" inner "$(cat "$T/b")"
srv_expect "absolute symlink through a link" 200 /images/abs_via_link
bd_expect_eq "through a link body" inner "$(cat "$T/b")"
srv_expect "encoded slash" 200 /images/sub%2finner.txt
srv_expect "encoded name" 200 /images/%6fk.txt
srv_expect "query ignored" 200 "/images/ok.txt?mac=zz&x=%00"

# A way out is logged as such, not as a missing file.
for p in escape escape_abs outdir/file.txt abs_dotdot abs_chain loop_a; do
	bd_expect_grep "image $p: leaves the images root" "$T/bootdeckd.log"
done
if grep -q 'missing image \(escape\|outdir\|abs_\)' "$T/bootdeckd.log"; then
	bd_fail "a way out was logged as a missing image"
fi

# No other route reaches the filesystem either.
srv_expect "ipxe traversal" 404 /ipxe/../secret.txt
srv_expect "ipxe encoded" 404 /ipxe/%2e%2e/secret.txt

srv_alive
bd_stop_server
