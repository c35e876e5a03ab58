#!/bin/sh
# tests/server/unit_security.sh: the installed bootdeckd.service rates at most 2.0 in `systemd-analyze security` (offline), and bootdeckd.socket names its socket http.
. "$top_srcdir/tests/lib.sh"
bd_need systemd-analyze
unit="$top_builddir/share/systemd/bootdeckd.service"
make -s -C "$top_builddir" share/systemd/bootdeckd.service ||
    bd_fail "cannot make the unit"
# The unit file under its own name (the rating is per unit name).
mkdir -p "$T/units"
cp "$unit" "$T/units/bootdeckd.service"
systemd-analyze security --offline=yes "$T/units/bootdeckd.service" \
    > "$T/security.log" 2>&1 || {
	grep -qi 'unrecognized option\|unknown option' "$T/security.log" &&
	    bd_skip "systemd-analyze has no --offline (systemd < 250)"
	cat "$T/security.log"
	bd_fail "systemd-analyze security failed"
}
rating=$(sed -n 's/.*Overall exposure level for bootdeckd.service: \([0-9.]*\).*/\1/p' \
    "$T/security.log")
[ -n "$rating" ] || { cat "$T/security.log"; bd_fail "no rating"; }
echo "systemd-analyze security: $rating"
awk -v r="$rating" 'BEGIN { exit !(r <= 2.0) }' ||
    { cat "$T/security.log"; bd_fail "exposure $rating is above 2.0"; }

sock="$top_srcdir/share/systemd/bootdeckd.socket"
bd_expect_grep '^FileDescriptorName=http$' "$sock"
bd_expect_grep '^ListenStream=8080$' "$sock"
exit 0
