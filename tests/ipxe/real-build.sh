#!/bin/sh
# tests/ipxe/real-build.sh: the real `bootdeck ipxe build` from iPXE source: four binaries with the bootstrap embedded, progress, incremental rebuilds.
#
# The tree is cached per machine (tests/ipxe/real.sh): the first run
# anywhere pays minutes for the cold build, every later one only checks
# that nothing needs rebuilding. The URL is the network-namespace tests'
# (tests/netns/netns.sh), so their builds find this one done.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ipxe/real.sh"

URL=$IPXE_PLAIN_URL
ipxe_real_init
start=$(date +%s)
ipxe_real_build "$URL" "$T/out"
echo "first build: $(( $(date +%s) - start )) s"
o="$T/ipxe-build.out"
n=1
for file in undionly.kpxe undionly-x86_64.kpxe ipxe.efi snponly.efi; do
	bd_expect_grep "^  \\[$n/4\\] $file +[0-9]+:[0-5][0-9]  (built|up to date) \\([0-9]+ files? compiled\\)\$" "$o"
	bd_expect_grep "^  $file +[0-9]+ bytes" "$o"
	n=$((n + 1))
done
bd_expect_grep "build=bootdeck-" "$T/out/bootdeck-ipxe.txt"

# What they are: PXE images that fit a PXE ROM's base memory, PE32+
# x86_64 EFI applications.
for f in undionly.kpxe undionly-x86_64.kpxe; do
	size=$(wc -c < "$T/out/$f")
	[ "$size" -gt 16384 ] && [ "$size" -lt 524288 ] ||
	    bd_fail "$f is $size bytes: not an iPXE PXE image"
done
for f in ipxe.efi snponly.efi; do
	[ "$(head -c 2 "$T/out/$f")" = MZ ] || bd_fail "$f is not a PE image"
	pe=$(od -An -tu4 -j 60 -N 4 "$T/out/$f" | tr -d ' ')
	[ "$(od -An -c -j "$pe" -N 4 "$T/out/$f" | tr -d ' ')" = 'PE\0\0' ] ||
	    bd_fail "$f has no PE header"
	[ "$(od -An -tx2 -j $((pe + 4)) -N 2 "$T/out/$f" | tr -d ' ')" = 8664 ] ||
	    bd_fail "$f is not for x86_64"
done
cmp -s "$T/out/ipxe.efi" "$T/out/snponly.efi" && bd_fail "ipxe.efi is snponly.efi"
cmp -s "$T/out/undionly.kpxe" "$T/out/undionly-x86_64.kpxe" &&
    bd_fail "the two BIOS builds are the same"

# Nothing changed: make does not even run (its log stays as it was, and
# the state of its last run is there), every target is up to date.
cfg="$IPXE_TREE/src/config/local/bootdeck"
[ -s "$cfg/build.state" ] || bd_fail "no build.state after a build"
log_before=$(stat -c '%i %z' "$cfg/build.log")
start=$(date +%s)
ipxe_real_build "$URL" "$T/again"
echo "rebuild, nothing changed: $(( $(date +%s) - start )) s"
[ "$(stat -c '%i %z' "$cfg/build.log")" = "$log_before" ] ||
    bd_fail "make ran again with nothing changed"
n=1
for file in undionly.kpxe undionly-x86_64.kpxe ipxe.efi snponly.efi; do
	bd_expect_grep "^  \\[$n/4\\] $file +[0-9]+:[0-5][0-9]  up to date \\(0 files compiled\\)\$" "$o"
	cmp "$T/out/$file" "$T/again/$file" || bd_fail "$file differs, rebuilt unchanged"
	n=$((n + 1))
done
