#!/bin/sh
# tests/cli/tls.sh: `bootdeck tls init`: the CA and server certificate, names, modes, --force, --reuse-ca; `ipxe build --trust` refusing bad anchors.
. "$top_srcdir/tests/lib.sh"
bd_need openssl

C="$T/etc/bootdeck.conf"
mkdir -p "$T/etc"
printf 'base_url = https://10.99.0.1:8443\n' > "$C"

# Default directory: tls/ next to the config file; default name: the
# host of base_url, as an IP subjectAltName.
"$BOOTDECK" -c "$C" tls init > "$T/out" || bd_fail "tls init failed"
D="$T/etc/tls"
for f in ca.pem ca.key server.pem server.key; do
	[ -f "$D/$f" ] || bd_fail "$f not written"
done
bd_expect_eq "ca.key mode" 600 "$(stat -c %a "$D/ca.key")"
bd_expect_eq "server.key mode" 600 "$(stat -c %a "$D/server.key")"
bd_expect_eq "server.pem mode" 644 "$(stat -c %a "$D/server.pem")"
[ -z "$(find "$D" -name '.*')" ] || bd_fail "temporary files left in $D"
bd_expect_grep "for 10\\.99\\.0\\.1\$" "$T/out"
openssl x509 -in "$D/server.pem" -noout -text > "$T/server.txt"
bd_expect_grep "IP Address:10\\.99\\.0\\.1" "$T/server.txt"
bd_expect_grep "Public Key Algorithm: rsaEncryption" "$T/server.txt"
bd_expect_grep "TLS Web Server Authentication" "$T/server.txt"
openssl x509 -in "$D/ca.pem" -noout -text > "$T/ca.txt"
bd_expect_grep "CA:TRUE, pathlen:0" "$T/ca.txt"
openssl verify -CAfile "$D/ca.pem" "$D/server.pem" > /dev/null ||
    bd_fail "the server certificate is not signed by the CA"

# Never overwritten without --force: one line, the files as they were.
cp -p "$D/ca.pem" "$T/ca.before"
if "$BOOTDECK" -c "$C" tls init --name boot.example 2> "$T/err"; then
	bd_fail "tls init overwrote the CA"
fi
bd_expect_eq "refusal lines" 1 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeck: $D/ca\\.pem exists: not replaced \\(--force" "$T/err"
cmp "$D/ca.pem" "$T/ca.before" || bd_fail "ca.pem changed"

# --reuse-ca: a new server certificate from the same CA, for more names
# (DNS names and IPv6 too); the CA stays byte for byte.
"$BOOTDECK" -c "$C" tls init --reuse-ca --force --name boot.example \
    --name 10.99.0.1 --name fd00::1 --days 30 > "$T/out" ||
    bd_fail "tls init --reuse-ca failed"
cmp "$D/ca.pem" "$T/ca.before" || bd_fail "--reuse-ca changed the CA"
openssl x509 -in "$D/server.pem" -noout -text > "$T/server.txt"
bd_expect_grep "DNS:boot\\.example, IP Address:10\\.99\\.0\\.1, IP Address:FD00:0:0:0:0:0:0:1" "$T/server.txt"
openssl verify -CAfile "$D/ca.pem" "$D/server.pem" > /dev/null ||
    bd_fail "--reuse-ca: not signed by the CA"
end=$(openssl x509 -in "$D/server.pem" -noout -enddate | cut -d= -f2)
[ $(( ($(date -d "$end" +%s) - $(date +%s) + 43200) / 86400 )) -eq 30 ] ||
    bd_fail "--days 30 gave a certificate until $end"
# --reuse-ca with a CA key that is not the CA's: one line, nothing new.
cp "$D/server.key" "$T/server.key.before"
cp "$D/ca.key" "$T/ca.key.real"
cp "$D/server.key" "$D/ca.key"
if "$BOOTDECK" -c "$C" tls init --reuse-ca --force --name x.example 2> "$T/err"; then
	bd_fail "--reuse-ca took a key that is not the CA's"
fi
bd_expect_eq "mismatch lines" 1 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeck: key $D/ca\\.key does not match certificate $D/ca\\.pem\$" "$T/err"
cmp "$D/server.key" "$T/server.key.before" || bd_fail "server.key replaced"
cp "$T/ca.key.real" "$D/ca.key"

# --force: a new CA.
"$BOOTDECK" -c "$C" tls init --force --dir "$D" --name 10.99.0.1 > /dev/null
cmp -s "$D/ca.pem" "$T/ca.before" && bd_fail "--force kept the CA"

# Bad names: usage errors, nothing written.
for bad in 'a b' '-x.example' 'x..example' 'x.example-' "$(printf 'a%.0s' $(seq 64)).example" '10.0.0.1/24'; do
	if "$BOOTDECK" -c "$C" tls init --dir "$T/bad" --name "$bad" 2> "$T/err"; then
		bd_fail "'$bad' taken as a name"
	fi
	bd_expect_grep "^bootdeck: --name wants a DNS name or an IP address" "$T/err"
done
[ ! -e "$T/bad" ] || bd_fail "a bad name wrote files"

# A directory that cannot be written: one line, no temporary files.
mkdir -p "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	if "$BOOTDECK" -c "$C" tls init --dir "$T/ro" --name a.example 2> "$T/err"; then
		bd_fail "wrote into a read-only directory"
	fi
	bd_expect_eq "read-only lines" 1 "$(wc -l < "$T/err")"
	[ -z "$(ls -A "$T/ro")" ] || bd_fail "files left in a read-only directory"
fi

# ipxe build --trust: a file that is no certificate, and a plain URL,
# are refused in one line before anything is built or written.
printf 'not a certificate\n' > "$T/junk.pem"
mkdir -p "$T/ipxe-out"
if "$BOOTDECK" -c "$C" ipxe build --src "$T/nowhere" --out "$T/ipxe-out" \
    --trust "$T/junk.pem" 2> "$T/err"; then
	bd_fail "ipxe build took a trust anchor that is no certificate"
fi
bd_expect_eq "junk anchor lines" 1 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeck: certificate $T/junk\\.pem is not a PEM certificate" "$T/err"
if "$BOOTDECK" -c "$C" ipxe build --src "$T/nowhere" --out "$T/ipxe-out" \
    --url http://10.99.0.1:8080 2> "$T/err"; then
	bd_fail "ipxe build with the CA and an http:// URL"
fi
bd_expect_eq "plain URL lines" 1 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeck: a build that trusts $D/ca\\.pem chains over HTTPS: the URL must be https://" "$T/err"
[ -z "$(ls -A "$T/ipxe-out")" ] || bd_fail "files written into ipxe_dir"
# --trust none: a plain build, refused here only for the missing tree.
if "$BOOTDECK" -c "$C" ipxe build --src "$T/nowhere" --out "$T/ipxe-out" \
    --url http://10.99.0.1:8080 --trust none 2> "$T/err"; then
	bd_fail "ipxe build without a tree"
fi
bd_expect_grep "^bootdeck: no iPXE source tree at $T/nowhere" "$T/err"

# The catalog's base_url takes https:// as the config file does.
"$BOOTDECK" init > /dev/null
"$BOOTDECK" menu set --base-url https://boot.example:8443 ||
    bd_fail "menu set --base-url https:// refused"
"$BOOTDECK" menu show > "$T/menu"
bd_expect_grep "https://boot\\.example:8443" "$T/menu"
