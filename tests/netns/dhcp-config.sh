#!/bin/sh
# tests/netns/dhcp-config.sh: `bootdeck dhcp-config` output for each server passes that server's own syntax check, and says what it serves.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_need dnsmasq
URL=http://192.168.7.10:8080
printf 'ipxe_dir = %s\n' "$T/no-build" > "$T/bootdeck.conf"

for fmt in dnsmasq dnsmasq-proxy; do
	bd_run 0 bd dhcp-config "--$fmt" --url "$URL" --interface eth1
	bd_no_error
	cp "$T/out" "$T/$fmt.conf"
	dnsmasq --test -C "$T/$fmt.conf" >"$T/test.out" 2>&1 || {
		cat "$T/$fmt.conf" "$T/test.out"
		bd_fail "dnsmasq --test rejects the --$fmt output"
	}
	# No build in ipxe_dir: Debian's binaries and the user-class method.
	bd_expect_grep '^tftp-root=/usr/lib/ipxe$' "$T/$fmt.conf"
	bd_expect_grep '^# These are prebuilt iPXE binaries' "$T/$fmt.conf"
	bd_expect_grep '^dhcp-userclass=set:ipxe,iPXE$' "$T/$fmt.conf"
	bd_expect_grep '^interface=eth1$' "$T/$fmt.conf"
	bd_expect_grep '^port=0$' "$T/$fmt.conf"
done
f="$T/dnsmasq.conf"
bd_expect_grep '^dhcp-range=192\.168\.7\.100,192\.168\.7\.200,12h$' "$f"
bd_expect_grep '^dhcp-boot=tag:!ipxe,tag:!efi64,undionly\.kpxe,,192\.168\.7\.10$' "$f"
bd_expect_grep '^dhcp-boot=tag:!ipxe,tag:efi64,ipxe\.efi,,192\.168\.7\.10$' "$f"
bd_expect_grep "^dhcp-boot=tag:ipxe,$URL/boot\\.ipxe\$" "$f"
bd_expect_grep '^dhcp-match=set:efi64,option:client-arch,7$' "$f"
bd_expect_grep '^dhcp-match=set:efi64,option:client-arch,9$' "$f"
f="$T/dnsmasq-proxy.conf"
bd_expect_grep '^dhcp-range=192\.168\.7\.10,proxy$' "$f"
bd_expect_grep '^pxe-service=tag:!ipxe,x86PC,"bootdeck",undionly\.kpxe,192\.168\.7\.10$' "$f"
bd_expect_grep '^pxe-service=tag:!ipxe,X86-64_EFI,"bootdeck",ipxe\.efi,192\.168\.7\.10$' "$f"
bd_expect_grep "^pxe-service=tag:ipxe,X86-64_EFI,\"bootdeck\",$URL/boot\\.ipxe\$" "$f"
! grep -q '^dhcp-boot\|,12h' "$f" || bd_fail "the proxy hands out addresses or files"

bd_run 0 bd dhcp-config --isc --url "$URL" --range 192.168.7.50,192.168.7.60
cp "$T/out" "$T/dhcpd.conf"
bd_expect_grep '^subnet 192\.168\.7\.0 netmask 255\.255\.255\.0 \{$' "$T/dhcpd.conf"
bd_expect_grep '^	range 192\.168\.7\.50 192\.168\.7\.60;$' "$T/dhcpd.conf"
bd_expect_grep "^		filename \"$URL/boot\\.ipxe\";\$" "$T/dhcpd.conf"
if command -v dhcpd >/dev/null 2>&1; then
	dhcpd -t -cf "$T/dhcpd.conf" >"$T/test.out" 2>&1 || {
		cat "$T/dhcpd.conf" "$T/test.out"
		bd_fail "dhcpd -t rejects the --isc output"
	}
fi

# --server when the URL names no address; the base URL from the config.
bd_run 2 bd dhcp-config --dnsmasq --url http://boot.example.net:8080
bd_one_error "give the TFTP server's address with --server"
bd_run 0 bd dhcp-config --dnsmasq --url http://boot.example.net:8080 \
    --server 10.5.5.5 --tftp-root /srv/tftp
bd_expect_grep '^dhcp-boot=tag:!ipxe,tag:!efi64,undionly\.kpxe,,10\.5\.5\.5$' "$T/out"
bd_expect_grep '^tftp-root=/srv/tftp$' "$T/out"
printf 'base_url = http://10.6.6.6:81/\n' > "$T/bootdeck.conf"
bd_run 0 bd dhcp-config --dnsmasq-proxy
bd_expect_grep '^dhcp-range=10\.6\.6\.6,proxy$' "$T/out"
bd_expect_grep '^pxe-service=tag:ipxe,x86PC,"bootdeck",http://10\.6\.6\.6:81/boot\.ipxe$' "$T/out"
printf 'base_url = http://10.6.6.6:81/pxe?x=1\n' > "$T/bad.conf"
bd_run 1 "$BOOTDECK" -c "$T/bad.conf" dhcp-config --dnsmasq-proxy
bd_one_error "base_url 'http://10\.6\.6\.6:81/pxe\?x=1' from $T/bad\.conf is not"
[ ! -s "$T/out" ] || bd_fail "a bad base_url printed a config"

# Usage errors: nothing printed on stdout.
bd_run 2 bd dhcp-config --url "$URL"
bd_one_error "say which server"
bd_run 2 bd dhcp-config --dnsmasq --isc --url "$URL"
bd_one_error "give one of"
bd_run 2 bd dhcp-config --dnsmasq --server 10.1.1
bd_one_error "--server wants an IPv4 address"
bd_run 2 bd dhcp-config --dnsmasq --url 'http://10.1.1.1/a,b'
bd_one_error "--url wants an http:// URL"
bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --interface 'eth0 x'
bd_one_error "--interface wants"
bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --range 10.1.1.9,10.1.1.2
bd_one_error "--range wants FIRST,LAST"
bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --range 192.168.7.60,192.168.7.50
bd_one_error "--range wants FIRST,LAST IPv4 addresses with FIRST <= LAST"
# The range must be in the server's /24 (192.168.7.0/24 for $URL).
for bad in 10.1.1.2,10.1.1.9 192.168.7.50,192.168.8.10 \
    192.168.6.250,192.168.7.10 192.168.7.0,192.168.7.10 \
    192.168.7.10,192.168.7.255; do
	bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --range "$bad"
	bd_one_error "--range wants addresses of the server's subnet 192\.168\.7\.0/24 \(\.1 to \.254\), not '$bad'"
	bd_run 2 bd dhcp-config --isc --server 10.9.9.9 --url "$URL" \
	    --range "$bad"
	bd_one_error "subnet 10\.9\.9\.0/24"
done
bd_run 0 bd dhcp-config --isc --url "$URL" --range 192.168.7.1,192.168.7.254
bd_expect_grep '^	range 192\.168\.7\.1 192\.168\.7\.254;$' "$T/out"
: > "$T/out"
# Base URLs iPXE would cut short: '?' or '#', no host.
for bad in 'http://192.168.7.10:8080/x?y' 'http://192.168.7.10#x' \
    'http://:8080'; do
	bd_run 2 bd dhcp-config --dnsmasq --url "$bad"
	bd_one_error "--url wants an http:// URL \\(http://HOST\\[:PORT\\]\\[/PATH\\]\\), not"
done
bd_run 2 bd dhcp-config --dnsmasq-proxy --url "$URL" --range 10.1.1.1,10.1.1.2
bd_one_error "--range is for --dnsmasq and --isc"
[ ! -s "$T/out" ] || bd_fail "a usage error printed a config"

# A bootdeck build in ipxe_dir: every client gets it (its embedded script
# ignores the filename), iPXE ROMs included; no URL is handed out.
mkdir -p "$T/built"
: > "$T/built/bootdeck-ipxe.txt"
printf 'ipxe_dir = %s\n' "$T/built" > "$T/bootdeck.conf"
for fmt in dnsmasq dnsmasq-proxy isc; do
	bd_run 0 bd dhcp-config "--$fmt" --url "$URL" --efi-file snponly.efi
	cp "$T/out" "$T/built-$fmt.conf"
	bd_expect_grep '^# These are bootdeck-built iPXE binaries' "$T/out"
	! grep -q 'ipxe,iPXE\|set:ipxe\|tag:ipxe\|user-class\|boot\.ipxe"' "$T/out" ||
	    bd_fail "--$fmt with a bootdeck build still tells iPXE clients apart"
done
for fmt in dnsmasq dnsmasq-proxy; do
	dnsmasq --test -C "$T/built-$fmt.conf" >"$T/test.out" 2>&1 ||
	    bd_fail "dnsmasq --test rejects the built --$fmt output: $(cat "$T/test.out")"
	bd_expect_grep "^tftp-root=$T/built\$" "$T/built-$fmt.conf"
done
f="$T/built-dnsmasq.conf"
bd_expect_grep '^dhcp-boot=tag:!efi64,undionly\.kpxe,,192\.168\.7\.10$' "$f"
bd_expect_grep '^dhcp-boot=tag:efi64,snponly\.efi,,192\.168\.7\.10$' "$f"
[ "$(grep -c '^dhcp-boot=' "$f")" -eq 2 ] || bd_fail "more than two dhcp-boot lines"
f="$T/built-dnsmasq-proxy.conf"
bd_expect_grep '^pxe-service=x86PC,"bootdeck",undionly\.kpxe,192\.168\.7\.10$' "$f"
bd_expect_grep '^pxe-service=X86-64_EFI,"bootdeck",snponly\.efi,192\.168\.7\.10$' "$f"
bd_expect_grep '^		filename "snponly\.efi";$' "$T/built-isc.conf"
bd_expect_grep '^		filename "undionly\.kpxe";$' "$T/built-isc.conf"
bd_run 0 bd dhcp-config --dnsmasq --url "$URL" --bios-file undionly-x86_64.kpxe
bd_expect_grep '^dhcp-boot=tag:!efi64,undionly-x86_64\.kpxe,,192\.168\.7\.10$' "$T/out"
bd_expect_grep '^dhcp-boot=tag:efi64,ipxe\.efi,,192\.168\.7\.10$' "$T/out"
: > "$T/out"
bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --efi-file undionly.kpxe
bd_one_error "--efi-file wants ipxe.efi or snponly.efi, not 'undionly.kpxe'"
bd_run 2 bd dhcp-config --dnsmasq --url "$URL" --bios-file ../x.kpxe
bd_one_error "--bios-file wants undionly.kpxe or undionly-x86_64.kpxe"
[ ! -s "$T/out" ] || bd_fail "a usage error printed a config"

# The shipped samples pass too.
for f in "$top_srcdir"/share/dhcp/dnsmasq.conf "$top_srcdir"/share/dhcp/dnsmasq-proxy.conf; do
	dnsmasq --test -C "$f" >"$T/test.out" 2>&1 ||
	    bd_fail "dnsmasq --test rejects $f: $(cat "$T/test.out")"
done
