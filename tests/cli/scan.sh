#!/bin/sh
# tests/cli/scan.sh: `bootdeck scan`: recipes, labels, users, problems, --add and --checksums on ISOs made here.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need xorriso sha256sum truncate

img="$T/images"
mkdir -p "$img/live" "$img/tools"
# mkiso ISO LABEL FILE...: an ISO holding FILEs (each its own name).
mkiso() {
	out=$1 vol=$2
	shift 2
	rm -rf "$T/tree"
	for f in "$@"; do
		mkdir -p "$T/tree/$(dirname "$f")"
		case $f in
		.disk/info) cp "$T/info" "$T/tree/$f" ;;
		*) echo "$f" > "$T/tree/$f" ;;
		esac
	done
	xorriso -as mkisofs -quiet -R -J -V "$vol" -o "$out" "$T/tree" ||
	    bd_fail "xorriso failed for $out"
}
# .disk/info names the release, as Debian's and Ubuntu's do.
printf 'Debian GNU/Linux 12.8.0 "Bookworm" - Official amd64 LIVE\n' > "$T/info"
mkiso "$img/live/debian-live-12.8.0-amd64-standard.iso" 'd-live 12' \
    live/vmlinuz live/initrd.img live/filesystem.squashfs .disk/info
mkiso "$img/live/Fedora-Live.ISO" 'Fedora-WS-Live-40' \
    LiveOS/squashfs.img images/pxeboot/vmlinuz images/pxeboot/initrd.img
mkiso "$img/tools/dos.iso" 'FREEDOS' README.TXT
# A huge ISO of no family: sparse, so it costs no disk.
cp "$img/tools/dos.iso" "$img/tools/huge.iso"
truncate -s 3G "$img/tools/huge.iso"
head -c 70000 /dev/urandom > "$img/tools/junk.iso"
ln -s /etc/passwd "$img/tools/outside.iso"
echo "not an iso" > "$img/tools/readme.txt"
printf 'images = %s\n' "$img" > "$T/bootdeck.conf"
bd_run 0 bd init
bd_run 0 bd entry add dos --title FreeDOS --memdisk tools/dos.iso

# The table: every *.iso (any case) under the root, symlinks left alone;
# junk makes the exit status 1.
bd_run 1 bd scan
bd_expect_grep '^ISO +SIZE +RECIPE +LABEL +USED-BY +PROBLEM$' "$T/out"
bd_expect_grep '^live/debian-live-12.8.0-amd64-standard.iso +[0-9.]+ KiB +debian-live +Debian GNU/Linux 12.8.0 "Bookworm" - Official amd64 LIVE +- +-$' "$T/out"
bd_expect_grep '^live/Fedora-Live.ISO +.* dracut-live +Fedora-WS-Live-40 ' "$T/out"
bd_expect_grep '^tools/dos.iso +.* sanboot +FREEDOS +dos +-$' "$T/out"
bd_expect_grep '^tools/huge.iso +3.0 GiB +sanboot .*over 2 GiB: 32-bit BIOS iPXE' "$T/out"
bd_expect_grep '^tools/junk.iso +.* - +- +- +not an ISO 9660 image' "$T/out"
grep -q 'outside\|readme' "$T/out" && bd_fail "scan listed a symlink or a non-ISO"
[ "$(tail -n +2 "$T/out" | wc -l)" -eq 5 ] || bd_fail "expected 5 ISOs"

# --add: an entry for each readable ISO nobody uses, named after its file.
bd_run 1 bd scan --add
bd_expect_grep "^added entry 'debian-live-12.8.0-amd64-standard' for live/debian-live-12.8.0-amd64-standard.iso \\(debian-live\\)$" "$T/out"
bd_expect_grep "^added entry 'fedora-live' for live/Fedora-Live.ISO \\(dracut-live\\)$" "$T/out"
bd_expect_grep "^added entry 'huge' for tools/huge.iso \\(sanboot\\)$" "$T/out"
bd_expect_grep "warning: tools/junk.iso: not added: not an ISO 9660 image" "$T/err"
grep -q "added entry 'dos'" "$T/out" && bd_fail "--add duplicated a used ISO"
bd_run 0 bd entry show fedora-live
bd_expect_grep '^title: +Fedora-WS-Live-40$' "$T/out"
bd_expect_grep '^recipe: +dracut-live$' "$T/out"
rm "$img/tools/junk.iso"
bd_run 0 bd scan --add
bd_expect_grep '^every readable ISO has an entry already$' "$T/out"
# A name taken already gets a suffix.
cp "$img/tools/dos.iso" "$img/huge.iso"
bd_run 0 bd scan --add
bd_expect_grep "^added entry 'huge-2' for huge.iso" "$T/out"

# --checksums: published SHA-256 sums, in either file form.
(cd "$img/live" && sha256sum debian-live-12.8.0-amd64-standard.iso > SHA256SUMS)
(cd "$img/tools" && printf '%064d *dos.iso\n' 0 > SHA256SUMS)
(cd "$img/live" && printf 'SHA256 (Fedora-Live.ISO) = %s\n' \
    "$(sha256sum Fedora-Live.ISO | cut -d ' ' -f 1)" > Fedora-40-x86_64-CHECKSUM)
sha256sum "$img/huge.iso" | cut -d ' ' -f 1 > "$img/huge.iso.sha256"
bd_run 1 bd scan --checksums
bd_expect_grep '^live/debian-live-12.8.0-amd64-standard.iso +ok \(sha256\)$' "$T/out"
bd_expect_grep '^huge.iso +ok \(sha256\)$' "$T/out"
bd_expect_grep '^tools/dos.iso +MISMATCH: sha256 [0-9a-f]{64}, published 0{64}$' "$T/out"
bd_expect_grep '^live/Fedora-Live.ISO +ok \(sha256\)$' "$T/out"
bd_expect_grep '^tools/huge.iso +no checksum file names it$' "$T/out"
(cd "$img/tools" && sha256sum dos.iso > SHA256SUMS)
rm "$img/tools/huge.iso"
bd_run 0 bd scan --checksums

# Nothing to scan, and a missing directory.
bd_run 0 bd scan -i "$T/tree"
bd_expect_grep '^no ISO' "$T/out"
bd_run 1 bd scan -i "$T/nowhere"
bd_one_error "cannot read the images directory .*nowhere"
exit 0
