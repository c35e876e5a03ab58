#!/bin/sh
# tests/e2e/mklive.sh: builds real live-OS payloads (a Debian kernel and two live ISOs) for the e2e tests.
#
# Usage: mklive.sh OUTDIR
#
# Writes OUTDIR (built in OUTDIR.tmp and renamed, so a half-built set is
# never used; a no-op when OUTDIR is already there):
#   vmlinuz           the kernel of Debian's linux-image-cloud-amd64
#   debian-live.iso   Debian live layout: live/vmlinuz, live/initrd.img (made
#                     by mkinitramfs with live-boot), live/filesystem.squashfs,
#                     .disk/info; volume id "d-live 12 bootdeck amd64"
#   fedora-live.iso   Fedora live layout: images/pxeboot/vmlinuz,
#                     images/pxeboot/initrd.img (made by dracut with
#                     dmsquash-live, livenet and network-legacy), and
#                     LiveOS/squashfs.img holding LiveOS/rootfs.img (ext4);
#                     volume id "Fedora-WS-Live-40-1-14"
#   MANIFEST          the packages and versions used, sizes and checksums
#
# Each root filesystem's /sbin/init (busybox) prints
# "BOOTDECK-LIVE-ROOT debian-live" (or fedora-live) and the device and type
# mounted on / to /dev/console and /dev/ttyS0, then powers off. Both ISOs
# boot under BIOS and UEFI through grub-mkrescue.
#
# Everything comes from Debian 12 packages fetched with apt-get download and
# unpacked (never installed) into a private merged-/usr chroot, where the
# real mkinitramfs and dracut run against the kernel's modules. The chroot
# has no systemd, so dracut builds its classic (non-systemd) initramfs.
# Needs root, or unprivileged user namespaces (for chroot and bind mounts).
set -eu

out=${1:?usage: mklive.sh OUTDIR}
case $out in /*) ;; *) out=$PWD/$out ;; esac
if [ -f "$out/MANIFEST" ]; then
	echo "mklive: $out is there"
	exit 0
fi

# The packages the chroot needs besides the kernel: the essential tools
# the initramfs builders' shell scripts call (no package depends on those),
# then each builder with what its modules copy into the initramfs.
base_pkgs="base-files base-passwd bash coreutils dash debianutils diffutils
	findutils grep gzip hostname libc-bin mawk sed tar util-linux mount"
live_pkgs="initramfs-tools live-boot live-boot-initramfs-tools busybox"
# network-legacy calls dhclient, ip and arping, and dracut's own scripts
# pkill; livenet fetches with curl; dmsquash-live sets up device-mapper.
dracut_pkgs="dracut-core dracut-live dracut-network isc-dhcp-client
	iproute2 iputils-arping procps curl dmsetup e2fsprogs kmod"

die() { echo "mklive: $*" >&2; exit 1; }

step_name=""
step_start=0
build_start=$(date +%s)
# step TEXT: ends the previous step (printing its time) and starts another.
step() {
	now=$(date +%s)
	[ -z "$step_name" ] || echo "mklive: ... $step_name: $((now - step_start)) s"
	step_name=$1
	step_start=$now
	[ -z "$1" ] || echo "mklive: $1"
}

for tool in apt-get apt-cache dpkg-deb tar chroot unshare mksquashfs \
    mkfs.ext4 grub-mkrescue xorriso mformat cpio sha256sum; do
	command -v "$tool" >/dev/null 2>&1 ||
	    die "$tool not found (see ./quickstart check)"
done
[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 hosts are supported"

# Chroot and bind mounts need root; anyone else maps themselves to root in
# a user namespace. The mount namespace drops every mount when it ends.
as_root="unshare --mount --fork"
[ "$(id -u)" = 0 ] || as_root="unshare --mount --fork --map-root-user"

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp/work"
work=$tmp/work
# MKLIVE_KEEP=1 keeps a failed build's OUTDIR.tmp to look into.
trap '[ "${MKLIVE_KEEP:-0}" = 1 ] || rm -rf "$tmp"' EXIT
root=$work/root
debs=$work/debs

# linux-image-cloud-amd64 is a metapackage: its dependency is the kernel.
step "resolving packages"
kernel_pkg() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
	    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' |
	    head -n 1
}
kpkg=$(kernel_pkg)
if [ -z "$kpkg" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -q >/dev/null
	kpkg=$(kernel_pkg)
fi
[ -n "$kpkg" ] || die "cannot resolve linux-image-cloud-amd64 (run apt-get update)"
kver=${kpkg#linux-image-}

# apt resolves the whole dependency closure when told that nothing is
# installed (an empty dpkg status); it only prints what it would fetch.
: > "$work/status"
mkdir -p "$work/archives/partial" "$debs"
# shellcheck disable=SC2086
apt-get -q -o Dir::State::status="$work/status" \
    -o Dir::Cache::archives="$work/archives" -o Debug::NoLocking=1 \
    -o APT::Install-Recommends=false install --print-uris -qq \
    $base_pkgs $live_pkgs $dracut_pkgs "$kpkg" > "$work/uris" ||
    die "apt cannot resolve the packages"
sed -n "s/^'[^']*' \([^_]*\)_.*/\1/p" "$work/uris" | sort -u > "$work/pkgs"
grep -qx systemd "$work/pkgs" && die "systemd crept into the chroot"

step "downloading $(wc -l < "$work/pkgs") packages"
# apt's sandbox user must reach the directory; it cannot write there, so
# apt warns and downloads as the caller (the warning is dropped).
chmod 755 "$tmp" "$work" "$debs"
# shellcheck disable=SC2046
(cd "$debs" && apt-get download -q $(cat "$work/pkgs")) 2>&1 |
    grep -v 'unsandboxed' | tail -n 3 || true
[ "$(find "$debs" -name "*.deb" | wc -l)" -eq "$(wc -l < "$work/pkgs")" ] ||
    die "downloading the packages failed"
# busybox-static is for the live roots; it would clash with the
# initramfs builders' busybox in the chroot.
(cd "$work" && apt-get download -q busybox-static) 2>&1 |
    grep -v 'unsandboxed' | tail -n 3 || true
ls "$work"/busybox-static_*.deb >/dev/null 2>&1 || die "downloading busybox-static failed"

# A merged-/usr root, as Debian 12 has: the packages still ship /bin and
# /lib, and tar must follow those symlinks rather than replace them (as
# dpkg -x would).
step "unpacking the chroot"
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/usr/lib64" \
    "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/etc"
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$root/$d"
done
for deb in "$debs"/*.deb; do
	dpkg-deb --fsys-tarfile "$deb" |
	    tar -x -C "$root" --keep-directory-symlink --no-same-owner
done
chmod 1777 "$root/tmp"
# No maintainer scripts ran: give the tools the files those would write.
cp "$root/usr/share/base-passwd/passwd.master" "$root/etc/passwd"
cp "$root/usr/share/base-passwd/group.master" "$root/etc/group"
: > "$root/etc/fstab"
ln -sf /proc/self/mounts "$root/etc/mtab"
# The commands update-alternatives would have linked.
ln -s mawk "$root/usr/bin/awk"
[ ! -e "$root/usr/bin/which.debianutils" ] ||
    ln -s which.debianutils "$root/usr/bin/which"

# in_chroot COMMAND...: runs COMMAND in the chroot, with the host's /dev,
# /proc and /sys bound in a private mount namespace.
# shellcheck disable=SC2016
in_chroot() {
	$as_root sh -c 'r=$1; shift
		mount --rbind /dev "$r/dev" && mount --rbind /proc "$r/proc" &&
		mount --rbind /sys "$r/sys" && exec chroot "$r" "$@"' \
	    in_chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    HOME=/root TMPDIR=/tmp LC_ALL=C "$@"
}
in_chroot depmod "$kver"
cp "$root/boot/vmlinuz-$kver" "$tmp/vmlinuz"

# The live roots: a static busybox whose init prints the marker.
step "making the live root filesystems"
mkdir "$work/bbs"
dpkg-deb --fsys-tarfile "$work"/busybox-static_*.deb |
    tar -x -C "$work/bbs" ./bin/busybox
# mkroot DIR NAME: a tiny root whose init prints "BOOTDECK-LIVE-ROOT NAME".
mkroot() {
	mkdir -p "$1/bin" "$1/sbin" "$1/etc" "$1/dev" "$1/proc" "$1/sys" \
	    "$1/run" "$1/tmp" "$1/root" "$1/usr/bin" "$1/var/tmp"
	cp "$work/bbs/bin/busybox" "$1/bin/busybox"
	ln -s busybox "$1/bin/sh"
	: > "$1/etc/fstab"
	printf 'root:x:0:0:root:/root:/bin/sh\n' > "$1/etc/passwd"
	printf 'NAME="bootdeck %s test root"\nID=bootdeck\n' "$2" > "$1/etc/os-release"
	cat > "$1/sbin/init" <<-EOF
	#!/bin/busybox sh
	# The live root's init: shows it runs from the booted root filesystem
	# (the marker, then what is mounted on /), then powers off.
	bb=/bin/busybox
	\$bb mount -t proc proc /proc 2>/dev/null
	\$bb mount -t devtmpfs devtmpfs /dev 2>/dev/null
	fs=\$(\$bb awk '\$2 == "/" { r = \$1 " " \$3 } END { print r }' /proc/mounts)
	for c in /dev/console /dev/ttyS0; do
		printf '\nBOOTDECK-LIVE-ROOT $2\nBOOTDECK-LIVE-ROOTFS %s\n' "\$fs" > \$c
	done
	\$bb sync
	\$bb poweroff -f
	EOF
	chmod 755 "$1/sbin/init"
}
mkroot "$work/deb-root" debian-live
mkroot "$work/fed-root" fedora-live
deb_iso=$work/deb-iso
fed_iso=$work/fed-iso
mkdir -p "$deb_iso/live" "$deb_iso/.disk" "$fed_iso/images/pxeboot" \
    "$fed_iso/LiveOS" "$work/fed-sq/LiveOS"
mksquashfs "$work/deb-root" "$deb_iso/live/filesystem.squashfs" \
    -all-root -comp xz -noappend -quiet -no-progress
# dracut 059's dmsquash-live wants Fedora's older layout: an ext4 image
# at LiveOS/rootfs.img inside the squashfs.
mkfs.ext4 -q -F -d "$work/fed-root" -L Anaconda -E root_owner=0:0 \
    "$work/fed-sq/LiveOS/rootfs.img" 16M >/dev/null
mksquashfs "$work/fed-sq" "$fed_iso/LiveOS/squashfs.img" \
    -all-root -comp xz -noappend -quiet -no-progress

# live-boot's hooks and scripts, gzip (the builder's zstd would need one
# more package) and every module the cloud kernel has for the boot.
step "mkinitramfs with live-boot"
cat > "$root/etc/initramfs-tools/conf.d/bootdeck" <<'EOF'
MODULES=most
COMPRESS=gzip
BUSYBOX=y
EOF
in_chroot mkinitramfs -o /tmp/live-initrd.img "$kver"
cp "$root/tmp/live-initrd.img" "$deb_iso/live/initrd.img"
cp "$tmp/vmlinuz" "$deb_iso/live/vmlinuz"
printf 'Debian GNU/Linux 12 "Bookworm" - Official amd64 LIVE bootdeck test\n' \
    > "$deb_iso/.disk/info"

# No host-only mode: the image must boot any machine, like Fedora's.
step "dracut with dmsquash-live and livenet"
in_chroot dracut --quiet --force --no-hostonly --no-hostonly-cmdline \
    --kver "$kver" --gzip \
    --modules "base dmsquash-live livenet network-legacy kernel-modules" \
    /tmp/dracut-initrd.img
cp "$root/tmp/dracut-initrd.img" "$fed_iso/images/pxeboot/initrd.img"
cp "$tmp/vmlinuz" "$fed_iso/images/pxeboot/vmlinuz"

# GRUB's menu for when an ISO boots as a disc (sanboot): each family's own
# way to find its root on the medium.
step "making the ISOs"
grub_modules="normal linux echo serial terminal search search_label test \
	configfile iso9660 gzio part_msdos part_gpt"
# mkiso TREE ISO VOLID KERNEL INITRD ARGS
mkiso() {
	mkdir -p "$1/boot/grub"
	cat > "$1/boot/grub/grub.cfg" <<-EOF
	serial --unit=0 --speed=115200
	terminal_output serial console
	terminal_input serial console
	set timeout=1
	menuentry "$3" {
		linux $4 $6 console=tty0 console=ttyS0,115200
		initrd $5
	}
	EOF
	grub-mkrescue --output="$2" --compress=xz --fonts= --locales= \
	    --themes= --install-modules="$grub_modules" "$1" \
	    -- -volid "$3" >"$work/grub-mkrescue.log" 2>&1 || {
		cat "$work/grub-mkrescue.log" >&2
		return 1
	}
}
mkiso "$deb_iso" "$tmp/debian-live.iso" "d-live 12 bootdeck amd64" \
    /live/vmlinuz /live/initrd.img "boot=live"
mkiso "$fed_iso" "$tmp/fedora-live.iso" "Fedora-WS-Live-40-1-14" \
    /images/pxeboot/vmlinuz /images/pxeboot/initrd.img \
    "root=live:CDLABEL=Fedora-WS-Live-40-1-14 rd.live.image"

step "writing the manifest"
{
	echo "# tests/e2e/mklive.sh output, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel $kver"
	echo "debian-live.iso: volume 'd-live 12 bootdeck amd64', initramfs by mkinitramfs with live-boot, marker 'BOOTDECK-LIVE-ROOT debian-live'"
	echo "fedora-live.iso: volume 'Fedora-WS-Live-40-1-14', initramfs by dracut (dmsquash-live livenet network-legacy), marker 'BOOTDECK-LIVE-ROOT fedora-live'"
	echo
	echo "# files (bytes sha256)"
	for f in vmlinuz debian-live.iso fedora-live.iso; do
		echo "$f $(wc -c < "$tmp/$f" | tr -d ' ') $(sha256sum < "$tmp/$f" | cut -d ' ' -f 1)"
	done
	echo
	echo "# packages"
	for deb in "$debs"/*.deb "$work"/busybox-static_*.deb; do
		# shellcheck disable=SC2016
		dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"
	done
} > "$work/MANIFEST"
mv "$work/MANIFEST" "$tmp/MANIFEST"
rm -rf "$work"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
step ""
echo "mklive: $out done in $(( $(date +%s) - build_start )) s"
ls -l "$out"
