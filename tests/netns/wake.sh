#!/bin/sh
# tests/netns/wake.sh: `bootdeck wake` in network namespaces made here: a listener on the bridge gets one valid magic packet per MAC, by address and by interface; --next is set first; bad MACs are refused.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need ip socat od
[ "$(id -u)" -eq 0 ] || bd_skip "network namespaces need root"

# Two namespaces, nothing else: bootdeck runs in $NS beside the bridge
# br0 (10.98.0.1/24); the listener in $PEER on a veth into that bridge
# (10.98.0.2/24). Neither has a link out, so no packet leaves them.
NS=bd-wake-$$
PEER=bd-wake-peer-$$
wake_teardown() {
	ip netns del "$PEER" 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
}
ip netns add "$NS" 2>"$T/netns.err" ||
    bd_skip "cannot create a network namespace: $(cat "$T/netns.err")"
bd_at_exit wake_teardown
ip netns add "$PEER"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 10.98.0.1/24 broadcast 10.98.0.255 dev br0
ip -n "$NS" link set br0 up
ip -n "$NS" link add vb type veth peer name vp netns "$PEER"
ip -n "$NS" link set vb master br0
ip -n "$NS" link set vb up
ip -n "$PEER" link set lo up
ip -n "$PEER" addr add 10.98.0.2/24 broadcast 10.98.0.255 dev vp
ip -n "$PEER" link set vp up
# Only our links, and no route but the bridge's own subnet.
links=$(ip -n "$NS" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' |
    sort | tr '\n' ' ')
bd_expect_eq "links in the namespace" "br0 lo vb " "$links"
ip -n "$NS" route show | grep -q default && bd_fail "the namespace has a default route"
bd_wait_for 10 sh -c "ip -n $NS link show vb | grep -q 'state UP'" ||
    bd_fail "the veth did not come up"

# listen FILE: socat in the peer, writing every datagram to port 9 to FILE.
listen() {
	: > "$1"
	ip netns exec "$PEER" socat -u UDP4-RECV:9,reuseaddr "OPEN:$1,append" &
	LISTENER=$!
	BD_PIDS="$BD_PIDS $LISTENER"
	bd_wait_for 10 sh -c "ip netns exec $PEER ss -uln | grep -q ':9 '" ||
	    bd_fail "the listener did not start"
}
stop_listener() {
	kill "$LISTENER" 2>/dev/null || true
	wait "$LISTENER" 2>/dev/null || true
	bd_forget "$LISTENER"
}
# magic MAC: the packet for MAC, as one line of hex.
magic() {
	hex=$(echo "$1" | tr -d ':')
	printf 'ffffffffffff'
	i=0
	while [ "$i" -lt 16 ]; do
		printf '%s' "$hex"
		i=$((i + 1))
	done
	echo
}
# got FILE: the datagrams received, 102 bytes each, one per line of hex.
got() {
	od -An -v -tx1 "$1" | tr -d ' \n' | fold -w 204
	echo
}
inns() {
	ip netns exec "$NS" "$@"
}

bd_run 0 bd init
bd_run 0 bd entry add install --title Install --shell
bd_run 0 bd host set 52:54:00:aa:bb:01 --name web1

# By the bridge's broadcast address: one packet per MAC, web1 by name.
listen "$T/got1"
bd_run 0 inns "$BOOTDECK" -c "$T/bootdeck.conf" wake web1 52-54-00-AA-BB-02 \
    --broadcast 10.98.0.255 --next install
bd_no_error
bd_expect_grep '^woke 52:54:00:aa:bb:01 via 10.98.0.255 port 9, next boot install$' "$T/out"
bd_wait_for 10 sh -c "[ \$(wc -c < '$T/got1') -ge 204 ]" ||
    bd_fail "the listener got $(wc -c < "$T/got1") bytes, not two packets"
{ magic 52:54:00:aa:bb:01; magic 52:54:00:aa:bb:02; } > "$T/want"
got "$T/got1" > "$T/have"
cmp -s "$T/want" "$T/have" || { cat "$T/want" "$T/have"; bd_fail "wrong magic packets"; }
stop_listener
# --next was set first, on the known host and on a new one.
bd_run 0 bd host list
bd_expect_grep '^52:54:00:aa:bb:01 +web1 +- +install ' "$T/out"
bd_expect_grep '^52:54:00:aa:bb:02 +- +- +install ' "$T/out"

# Out of an interface, to the config's broadcast address (the default,
# 255.255.255.255, which only SO_BINDTODEVICE sends out of br0 here).
printf 'wake_interface = br0\n' > "$T/bootdeck.conf"
listen "$T/got2"
bd_run 0 inns "$BOOTDECK" -c "$T/bootdeck.conf" wake 52:54:00:aa:bb:03
bd_expect_grep '^woke 52:54:00:aa:bb:03 via 255.255.255.255 port 9 on br0$' "$T/out"
bd_wait_for 10 sh -c "[ \$(wc -c < '$T/got2') -ge 102 ]" ||
    bd_fail "nothing arrived by the interface"
magic 52:54:00:aa:bb:03 > "$T/want"
got "$T/got2" > "$T/have"
cmp -s "$T/want" "$T/have" || { cat "$T/want" "$T/have"; bd_fail "wrong magic packet"; }
stop_listener
bd_run 1 inns "$BOOTDECK" -c "$T/bootdeck.conf" wake 52:54:00:aa:bb:03 \
    --interface nosuch0
bd_one_error "interface nosuch0: "

# Refused before anything changes or is sent.
for bad in ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 00:00:00:00:00:00; do
	bd_run 2 inns "$BOOTDECK" -c "$T/bootdeck.conf" wake "$bad" \
	    --next install
	bd_one_error "refusing to wake $bad: "
done
# A next boot that cannot be set: none is set, for any of the hosts.
bd_run 1 inns "$BOOTDECK" -c "$T/bootdeck.conf" wake 52:54:00:aa:bb:09 web1 \
    --next nosuch
bd_one_error "no entry named 'nosuch'"
bd_run 0 bd host list
grep -q 'ff:ff:ff' "$T/out" && bd_fail "a refused MAC became a host"
grep -q 'aa:bb:09' "$T/out" && bd_fail "a failed --next made a host"
bd_expect_grep '^52:54:00:aa:bb:01 +web1 +- +install ' "$T/out"
bd_run 1 bd wake nosuchhost
bd_one_error "'nosuchhost' is neither a MAC nor a host's name"
bd_run 2 bd wake
bd_one_error "missing the MAC or host NAME"
bd_run 1 bd wake 52:54:00:aa:bb:01 --broadcast 10.98.0
bd_one_error "broadcast address '10.98.0' is no IPv4 address"
