# tests/netns/netns.sh: a private network namespace with a bridge, dnsmasq and bootdeckd, for QEMU guests on taps (sourced after tests/e2e/e2e.sh).
#
# Everything lives inside namespaces this test creates: the bridge
# NETNS_BR with 10.99.0.1/24, bootdeckd on 10.99.0.1:8080, dnsmasq from
# `bootdeck dhcp-config`, and one tap per guest. Nothing is routed out,
# and every exit path kills what was started and deletes the namespaces
# (the taps and the bridge go with them).

NETNS=bd-$$
NETNS_BR=br0
NETNS_SERVER=10.99.0.1
NETNS_URL=http://$NETNS_SERVER:8080
NETNS_EXTRA=""		# more namespaces to delete (netns_peer)

# netns_teardown: deletes the namespaces, once tests/lib.sh stopped what
# ran in them (a namespace is only gone once nothing runs in it).
netns_teardown() {
	for ns in $NETNS_EXTRA $NETNS; do
		ip netns del "$ns" 2>/dev/null || true
	done
}

# netns_init: skips unless namespaces can be made here, then makes ours
# with its bridge.
netns_init() {
	bd_need ip dnsmasq curl
	[ "$(id -u)" -eq 0 ] || bd_skip "network namespaces need root"
	ip netns add "$NETNS" 2>"$T/netns.err" ||
	    bd_skip "cannot create a network namespace: $(cat "$T/netns.err")"
	bd_at_exit netns_teardown
	ip -n "$NETNS" link set lo up
	ip -n "$NETNS" link add "$NETNS_BR" type bridge
	ip -n "$NETNS" addr add "$NETNS_SERVER/24" dev "$NETNS_BR"
	ip -n "$NETNS" link set "$NETNS_BR" up
}

# netns_iso_host MAC NAME: the catalog every chain test boots: the GRUB
# ISO made by e2e_image as MAC's default, without the menu.
netns_iso_host() {
	e2e_image iso.iso
	"$BOOTDECK" init
	"$BOOTDECK" entry add iso --title "GRUB rescue ISO" --iso iso.iso
	"$BOOTDECK" host set "$1" --name "$2" --default iso --no-menu
}

# netns_tap NAME: a tap device on the bridge, for one guest.
netns_tap() {
	ip -n "$NETNS" tuntap add dev "$1" mode tap
	ip -n "$NETNS" link set "$1" master "$NETNS_BR"
	ip -n "$NETNS" link set "$1" up
}

# netns_server [OPTION...]: bootdeckd inside the namespace on $NETNS_URL,
# with more options (--listen-tls ...) when given.
netns_server() {
	mkdir -p "$T/images"
	: > "$T/bootdeckd.log"
	ip netns exec "$NETNS" "$BOOTDECKD" --db "$BOOTDECK_DB" \
	    --listen "$NETNS_SERVER:8080" --images "$T/images" "$@" \
	    2>>"$T/bootdeckd.log" &
	NETNS_SERVER_PID=$!
	BD_PIDS="$BD_PIDS $NETNS_SERVER_PID"
	bd_wait_for 10 grep -q 'listening on' "$T/bootdeckd.log" ||
	    bd_fail "bootdeckd did not start"
}

# netns_server_stop: stops bootdeckd (SIGTERM) so that it writes out what
# it still holds. A killed guest leaves its TCP connections open (no FIN
# ever comes from a tap whose QEMU is gone), and the transfer totals of an
# open connection are only written when it ends.
netns_server_stop() {
	BD_SERVER_PID=$NETNS_SERVER_PID
	bd_stop_server
}

# netns_dnsmasq NAME CONFIG [NETNS]: runs dnsmasq with CONFIG in the
# namespace, logging every DHCP and TFTP exchange to $T/NAME.log. The
# config is checked with dnsmasq --test first.
netns_dnsmasq() {
	dnsmasq --test -C "$2" >"$T/$1.test" 2>&1 ||
	    bd_fail "dnsmasq --test $2: $(cat "$T/$1.test")"
	: > "$T/$1.log"
	ip netns exec "${3:-$NETNS}" dnsmasq --keep-in-foreground \
	    --conf-file="$2" --user=root --log-dhcp \
	    --log-facility="$T/$1.log" --dhcp-leasefile="$T/$1.leases" \
	    --pid-file= 2>>"$T/$1.log" &
	BD_PIDS="$BD_PIDS $!"
	bd_wait_for 10 grep -q 'started, version' "$T/$1.log" ||
	    bd_fail "dnsmasq $1 did not start"
}

# netns_peer NAME ADDR: a second namespace joined to the bridge by a veth
# pair, its end holding ADDR/24: another machine on the same LAN.
netns_peer() {
	ip netns add "$1"
	NETNS_EXTRA="$NETNS_EXTRA $1"
	ip -n "$NETNS" link add "v-$1" type veth peer name eth0 netns "$1"
	ip -n "$NETNS" link set "v-$1" master "$NETNS_BR"
	ip -n "$NETNS" link set "v-$1" up
	ip -n "$1" link set lo up
	ip -n "$1" addr add "$2/24" dev eth0
	ip -n "$1" link set eth0 up
}
