#!/bin/sh
# tests/e2e/fetch-kernel.sh: puts a Debian Linux kernel at CACHEDIR/vmlinuz for the e2e tests.
#
# Usage: fetch-kernel.sh [CACHEDIR]
#   CACHEDIR defaults to $BOOTDECK_E2E_CACHE, else tests/e2e/cache below the
#   current directory (run it from the build directory).
#
# The kernel comes from Debian's linux-image-amd64 package, downloaded with
# apt-get and unpacked with dpkg-deb, never installed. Running it again is a
# no-op once the kernel is there. The e2e kernel tests skip without it.
set -eu

dir=${1:-${BOOTDECK_E2E_CACHE:-tests/e2e/cache}}
if [ -s "$dir/vmlinuz" ]; then
	echo "fetch-kernel: $dir/vmlinuz is there ($(cat "$dir/vmlinuz.version" 2>/dev/null || echo unknown))"
	exit 0
fi
for tool in apt-cache apt-get dpkg-deb; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "fetch-kernel: $tool not found (needs Debian or a derivative)" >&2
		exit 1
	}
done
[ "$(dpkg --print-architecture)" = amd64 ] || {
	echo "fetch-kernel: only amd64 hosts are supported" >&2
	exit 1
}

# linux-image-amd64 is a metapackage: its dependency names the current kernel.
resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
	    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}
pkg=$(resolve)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -q >/dev/null
	pkg=$(resolve)
fi
[ -n "$pkg" ] || {
	echo "fetch-kernel: cannot resolve linux-image-amd64 (run apt-get update)" >&2
	exit 1
}

mkdir -p "$dir"
work=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt's download sandbox user must be able to write here.
chmod 755 "$work"
(cd "$work" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
deb=$(ls "$work"/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "fetch-kernel: downloading $pkg failed" >&2; exit 1; }
mkdir "$work/root"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/root" --wildcards './boot/vmlinuz-*'
kernel=$(ls "$work"/root/boot/vmlinuz-* | head -n 1)
cp "$kernel" "$work/vmlinuz"
mv "$work/vmlinuz" "$dir/vmlinuz"
echo "$pkg" > "$dir/vmlinuz.version"
echo "fetch-kernel: $dir/vmlinuz from $pkg"
