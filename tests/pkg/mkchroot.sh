#!/bin/sh
# tests/pkg/mkchroot.sh: a clean Debian 12 base (debootstrap minbase) as a tarball, made once per machine and mirror in $BOOTDECK_CACHE; prints its path.
#
# The mirror is the one this machine's apt uses (sources.list, or the
# deb822 .sources files). The key names the suite, the mirror and what is
# included: change one and a new tarball is made beside the old ones.
set -eu
cache=${BOOTDECK_CACHE:-$HOME/.cache/bootdeck}
suite=bookworm
# What bootdeck's package depends on, so that installing it needs no
# download; debootstrap resolves their own dependencies.
include=adduser,libsqlite3-0,libmicrohttpd12,libncursesw6,libjansson4,curl,ca-certificates

mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\) .*/\2/p' \
    /etc/apt/sources.list 2>/dev/null | head -n 1)
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	    sed -n 's/^URIs: *\(http[^ ]*\).*/\1/p' | grep -v security |
	    head -n 1)
fi
[ -n "$mirror" ] || { echo "mkchroot: no apt mirror found" >&2; exit 1; }

key=$(printf '%s %s %s v1' "$suite" "$mirror" "$include" | cksum |
    cut -d' ' -f1)
tarball="$cache/debootstrap-$suite-$key.tar.gz"
if [ ! -f "$tarball" ]; then
	mkdir -p "$cache"
	work=$(mktemp -d "$cache/debootstrap.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	debootstrap --variant=minbase --include="$include" "$suite" \
	    "$work/root" "$mirror" > "$work/log" 2>&1 || {
		tail -n 20 "$work/log" >&2
		echo "mkchroot: debootstrap $suite $mirror failed" >&2
		exit 1
	}
	rm -rf "$work/root/var/cache/apt/archives/"*.deb
	tar -C "$work/root" -czf "$work/base.tar.gz" .
	mv "$work/base.tar.gz" "$tarball"
fi
echo "$tarball"
