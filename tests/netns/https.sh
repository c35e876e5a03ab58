#!/bin/sh
# tests/netns/https.sh: BIOS: bootdeck's iPXE built to trust only bootdeck's CA boots an ISO over HTTPS; against a certificate of another CA, an expired one or one for another name it stops with iPXE's certificate error and runs nothing.
#
# The chain is bios.sh's (PXE ROM -> DHCP -> TFTP undionly.kpxe), with
# `bootdeck ipxe build --trust ca.pem --url https://10.99.0.1:8443`:
# the bootstrap, the menu, the entry and every sanboot Range read go to
# bootdeckd's HTTPS listener, the only thing on port 8443. Then the same
# binaries against bootdeckd with a bad certificate: iPXE refuses the
# handshake (Permission denied), bootdeckd never sees an HTTP request.
# efi-https.sh runs the good case on UEFI (NETNS_HTTPS_FW=efi).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/netns/netns.sh"
. "$top_srcdir/tests/ipxe/real.sh"

FW=${NETNS_HTTPS_FW:-bios}
MAC=${NETNS_MAC:-52:54:00:99:00:11}
HTTPS_URL=https://$NETNS_SERVER:8443
ipxe_real_init https
bd_need openssl
netns_init
e2e_init
ipxe_real_tls
netns_iso_host "$MAC" "https-$FW"
ipxe_real_build "$HTTPS_URL" "$T/ipxe" --trust "$IPXE_TLS/ca.pem"
bd_expect_grep "trusting only $IPXE_TLS/ca\\.pem" "$T/ipxe-build.out"
bd_expect_grep "^HTTPS, trusting only the CA in $IPXE_TLS/ca\\.pem" \
    "$T/ipxe/bootdeck-ipxe.txt"
printf 'ipxe_dir = %s\n' "$T/ipxe" > "$T/bootdeck.conf"
"$BOOTDECK" -c "$T/bootdeck.conf" dhcp-config --dnsmasq --url "$NETNS_URL" \
    --interface "$NETNS_BR" > "$T/dhcp.conf"
netns_dnsmasq dnsmasq "$T/dhcp.conf"
netns_tap tap0

# netns_https_server CERT KEY: bootdeckd with HTTPS on :8443.
netns_https_server() {
	netns_server --listen-tls "$NETNS_SERVER:8443" --tls-cert "$1" \
	    --tls-key "$2"
	bd_wait_for 10 grep -q 'listening for HTTPS' "$T/bootdeckd.log" ||
	    bd_fail "no HTTPS listener"
}

# netns_boot NAME: one boot of the guest, on the test's firmware.
netns_boot() {
	if [ "$FW" = bios ]; then
		e2e_boot_tap "$1" bios "$MAC" "$NETNS" tap0 "$E2E_ROM"
	else
		e2e_boot_tap "$1" efi "$MAC" "$NETNS" tap0 ""
	fi
}

netns_https_server "$IPXE_TLS/server.pem" "$IPXE_TLS/server.key"
netns_boot vm
e2e_wait vm BOOTDECK-MARKER-ISO
e2e_stop
e2e_no_ipxe_error vm
# What iPXE fetched, it fetched from the HTTPS URL; nothing else listens
# on 8443, and bootdeckd served the whole chain there.
e2e_text vm > "$T/vm.txt"
bd_expect_grep "$HTTPS_URL/boot\\.ipxe" "$T/vm.txt"
! grep -q "$NETNS_URL/" "$T/vm.txt" || bd_fail "iPXE fetched over plain HTTP"
plat=pcbios/i386
[ "$FW" = bios ] || plat=efi/x86_64
[ "$(grep -c "$MAC $plat: boot ->" "$T/bootdeckd.log")" -eq 1 ] ||
    bd_fail "not one boot request from $MAC"
netns_server_stop
e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
[ "$FW" = bios ] || exit 0
# The refusals are iPXE's: bootdeckd only sees handshakes that end early,
# which tests/server/tls.sh covers with curl. CI's ASan pass boots the
# good chain only.
if [ "${BOOTDECK_GUEST_BOOTS:-all}" = core ]; then
	echo "the refused certificates boot in the first pass only (BOOTDECK_GUEST_BOOTS=core)"
	exit 0
fi

# The bad certificates. Another CA's, for the right address:
"$BOOTDECK" -c "$T/bootdeck.conf" tls init --dir "$T/other" \
    --name "$NETNS_SERVER" > /dev/null
# our CA's, for other names only:
mkdir -p "$T/wrong"
cp "$IPXE_TLS/ca.pem" "$IPXE_TLS/ca.key" "$T/wrong/"
"$BOOTDECK" -c "$T/bootdeck.conf" tls init --dir "$T/wrong" --reuse-ca \
    --name boot.example --name 10.99.0.2 > /dev/null
# our CA's, for the right address, expired three days ago (iPXE allows
# its clock some hours of error):
mkdir -p "$T/expired"
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$NETNS_SERVER" \
    -keyout "$T/expired/server.key" -out "$T/expired/server.csr" 2>/dev/null
printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth\n' \
    "$NETNS_SERVER" > "$T/expired/ext.cnf"
printf '' > "$T/expired/index.txt"
printf '[ca]\ndefault_ca = test_ca\n[test_ca]\ndatabase = %s\nnew_certs_dir = %s\nserial = %s\npolicy = any\ndefault_md = sha256\ncopy_extensions = none\n[any]\ncommonName = supplied\n' \
    "$T/expired/index.txt" "$T/expired" "$T/expired/serial" > "$T/expired/ca.cnf"
echo 1000 > "$T/expired/serial"
openssl ca -batch -config "$T/expired/ca.cnf" -cert "$IPXE_TLS/ca.pem" \
    -keyfile "$IPXE_TLS/ca.key" -in "$T/expired/server.csr" \
    -out "$T/expired/server.pem" -notext -extfile "$T/expired/ext.cnf" \
    -startdate "$(date -u -d '-30 days' +%Y%m%d%H%M%SZ)" \
    -enddate "$(date -u -d '-3 days' +%Y%m%d%H%M%SZ)" \
    > "$T/expired/ca.out" 2>&1 || {
	cat "$T/expired/ca.out"
	bd_fail "openssl ca could not make the expired certificate"
}
openssl x509 -in "$T/expired/server.pem" -noout -checkend 0 >/dev/null &&
    bd_fail "the expired certificate is not expired"

for bad in other wrong expired; do
	netns_https_server "$T/$bad/server.pem" "$T/$bad/server.key"
	netns_boot "$bad"
	# The bootstrap's own words when the chain fails; iPXE's error is
	# the line before it.
	bd_wait_for "$E2E_TIMEOUT" grep -aq 'could not load the boot menu' \
	    "$T/$bad.serial" || {
		e2e_dump "$bad"
		bd_fail "$bad: no failed chain"
	}
	e2e_stop
	e2e_text "$bad" > "$T/$bad.txt"
	bd_expect_grep "Permission denied \\(https?://ipxe\\.org/[0-9a-f]{8}" \
	    "$T/$bad.txt"
	! grep -q BOOTDECK-MARKER "$T/$bad.serial" ||
	    bd_fail "$bad: the ISO booted"
	! grep -q "$MAC .*: boot ->" "$T/bootdeckd.log" ||
	    bd_fail "$bad: bootdeckd served a script"
	netns_server_stop
	echo "$bad certificate: refused by iPXE"
done
