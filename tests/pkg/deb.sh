#!/bin/sh
# tests/pkg/deb.sh: debian/ builds a lintian-clean bootdeck package that installs in a clean Debian 12 chroot, serves /healthz the way its unit runs it, keeps a catalog across reinstalls and purges only what it made.
#
# Slow (a package build, lintian, a chroot): minutes. Needs root, dpkg-dev,
# debhelper, lintian and debootstrap; the base chroot is cached by
# tests/pkg/mkchroot.sh in $BOOTDECK_CACHE (~/.cache/bootdeck).
. "$top_srcdir/tests/lib.sh"
[ "${BOOTDECK_PKG_TEST:-1}" != 0 ] ||
    bd_skip "the package is built in one pass only (BOOTDECK_PKG_TEST=0)"
[ "$(id -u)" = 0 ] || bd_skip "needs root (chroot, package install)"
bd_need dpkg-buildpackage dh lintian debootstrap unshare chroot curl tar
[ -f "$top_srcdir/debian/control" ] || bd_skip "no debian/ in this tree"

# The sources as they are (tracked and new files, not build outputs),
# outside the tree: dpkg-buildpackage writes into the parent folder.
mkdir -p "$T/pkg/bootdeck"
if git -C "$top_srcdir" rev-parse --git-dir > /dev/null 2>&1; then
	git -C "$top_srcdir" ls-files -z --cached --others --exclude-standard |
	    (cd "$top_srcdir" && tar --null -T - -cf -) |
	    tar -C "$T/pkg/bootdeck" -xf -
else
	# A release tarball: the tree is the sources.
	(cd "$top_srcdir" && tar --exclude=./_build --exclude=./_inst -cf - .) |
	    tar -C "$T/pkg/bootdeck" -xf -
fi
t0=$(date +%s)
# BD_DEB=FILE: while working on the install steps, a package built before.
if [ -n "${BD_DEB:-}" ]; then
	cp "$BD_DEB" "$T/pkg/"
	deb=$T/pkg/$(basename "$BD_DEB")
	t1=$t0
	t2=$t0
else
	(cd "$T/pkg/bootdeck" && dpkg-buildpackage -us -uc -b) \
	    > "$T/build.log" 2>&1 || bd_fail "dpkg-buildpackage failed"
	t1=$(date +%s)
	deb=$(ls "$T"/pkg/bootdeck_*_*.deb)
	[ -f "$deb" ] || bd_fail "no bootdeck .deb"
	# lintian: no errors (warnings are shown, not fatal).
	lintian "$T"/pkg/bootdeck_*.changes > "$T/lintian.log" 2>&1 || true
	cat "$T/lintian.log"
	grep -q '^E:' "$T/lintian.log" && bd_fail "lintian errors"
	t2=$(date +%s)
fi

# What the package holds.
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$T/contents"
for f in usr/bin/bootdeck usr/sbin/bootdeckd etc/bootdeck/bootdeck.conf \
    usr/share/man/man1/bootdeck.1.gz usr/share/man/man8/bootdeckd.8.gz \
    usr/share/man/man5/bootdeck.conf.5.gz \
    lib/systemd/system/bootdeckd.service lib/systemd/system/bootdeckd.socket \
    usr/share/doc/bootdeck/examples/dnsmasq.conf \
    usr/share/doc/bootdeck/examples/dnsmasq-proxy.conf \
    usr/share/doc/bootdeck/examples/dhcpd.conf; do
	grep -qx "\./$f" "$T/contents" || bd_fail "$f is not in the package"
done
grep -q '^\./var/' "$T/contents" && bd_fail "the package ships /var (postinst makes it)"

# A clean Debian 12, from the cached base.
tarball=$("$top_srcdir/tests/pkg/mkchroot.sh") || bd_fail "no base chroot"
root="$T/root"
mkdir "$root"
tar -C "$root" -xzf "$tarball"
t3=$(date +%s)
# in_root CMD...: CMD in the chroot, with /proc mounted in a mount
# namespace of its own (gone with the command, nothing to unmount).
in_root() {
	unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' \
	    "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"
}
cp "$deb" "$root/tmp/bootdeck.deb"
install_pkg() {
	in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    "$@" /tmp/bootdeck.deb > "$T/apt.log" 2>&1 ||
	    { cat "$T/apt.log"; bd_fail "apt-get install $* failed"; }
}
install_pkg

# postinst: the user and group, the setgid group-shared state directory,
# an empty catalog the user owns.
in_root getent passwd bootdeck > /dev/null || bd_fail "no bootdeck user"
in_root getent group bootdeck > /dev/null || bd_fail "no bootdeck group"
uid=$(in_root id -u bootdeck)
gid=$(in_root id -g bootdeck)
bd_expect_eq "state directory" "2770 $uid $gid" \
    "$(stat -c '%a %u %g' "$root/var/lib/bootdeck")"
[ -d "$root/var/lib/bootdeck/images" ] || bd_fail "no images directory"
bd_expect_eq "catalog owner and mode (the group edits it)" "660 $uid $gid" \
    "$(stat -c '%a %u %g' "$root/var/lib/bootdeck/catalog.db")"

# bootdeckd as the unit runs it: its ExecStart, as its User and Group,
# with its UMask; on a loopback port (flags and environment over the
# config's listen).
unit="$root/lib/systemd/system/bootdeckd.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
unit_user=$(sed -n 's/^User=//p' "$unit")
unit_umask=$(sed -n 's/^UMask=//p' "$unit")
bd_expect_eq "unit user" bootdeck "$unit_user"
serve() {
	port=$((30000 + $$ % 20000))
	while [ "$port" -lt 60000 ]; do
		: > "$T/bootdeckd.log"
		unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot \
		    --userspec="$1:$2" --groups="$2" "$0" env -i \
		    BOOTDECK_LISTEN="127.0.0.1:$3" sh -c "umask $4; exec $5"' \
		    "$root" "$uid" "$gid" "$port" "$unit_umask" "$exec_start" \
		    2>> "$T/bootdeckd.log" &
		BD_SERVER_PID=$!
		BD_PIDS="$BD_PIDS $BD_SERVER_PID"
		bd_wait_for 10 grep -q 'listening on\|bootdeckd:.*cannot' \
		    "$T/bootdeckd.log" || bd_fail "bootdeckd did not start"
		grep -q 'listening on' "$T/bootdeckd.log" && return 0
		wait "$BD_SERVER_PID" 2>/dev/null || true
		bd_forget "$BD_SERVER_PID"
		grep -q 'in use' "$T/bootdeckd.log" || bd_fail "bootdeckd failed"
		port=$((port + 1))
	done
	bd_fail "no free port"
}
serve
bd_expect_eq "healthz from the packaged bootdeckd" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")"
bd_expect_eq "bootdeckd's user" "$uid" \
    "$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$BD_SERVER_PID/status")"
kill -TERM "$BD_SERVER_PID"
wait "$BD_SERVER_PID" || bd_fail "bootdeckd exited with status $?"
bd_forget "$BD_SERVER_PID"

# The group advice: an admin in the bootdeck group (umask 022) edits
# the catalog the service owns.
in_root useradd -m -G bootdeck admin || bd_fail "useradd admin"
in_root runuser -u admin -- sh -c 'umask 022; exec bootdeck host set \
    52:54:00:00:00:01 --name kept' > /dev/null ||
    bd_fail "an admin in the bootdeck group cannot edit the catalog"
bd_expect_eq "catalog after the admin's edit" "660 $uid $gid" \
    "$(stat -c '%a %u %g' "$root/var/lib/bootdeck/catalog.db")"

# A reinstall keeps the catalog, byte for byte, and its owner.
sum() { cksum < "$root/var/lib/bootdeck/catalog.db"; }
before=$(sum)
install_pkg --reinstall
bd_expect_eq "catalog after reinstall" "$before" "$(sum)"
in_root bootdeck host list | grep -q kept || bd_fail "host lost on reinstall"

# Purge removes what postinst made, not an admin's image.
cp "$root/var/lib/bootdeck/catalog.db" "$T/admin-catalog.db"
echo iso > "$root/var/lib/bootdeck/images/admin.iso"
in_root apt-get purge -y -q bootdeck > "$T/apt.log" 2>&1 ||
    { cat "$T/apt.log"; bd_fail "purge failed"; }
in_root getent passwd bootdeck > /dev/null && bd_fail "purge kept the user"
[ -e "$root/etc/bootdeck" ] && bd_fail "purge kept /etc/bootdeck"
[ -e "$root/var/lib/bootdeck/catalog.db" ] && bd_fail "purge kept its catalog"
[ -e "$root/var/lib/bootdeck/ipxe" ] && bd_fail "purge kept the ipxe directory"
[ -f "$root/var/lib/bootdeck/images/admin.iso" ] ||
    bd_fail "purge removed an admin's image"

# A catalog that was there first: not touched on install, kept on purge.
cp "$T/admin-catalog.db" "$root/var/lib/bootdeck/catalog.db"
chmod 640 "$root/var/lib/bootdeck/catalog.db"
before=$(sum)
install_pkg
bd_expect_eq "existing catalog after install" "$before" "$(sum)"
bd_expect_eq "existing catalog's owner and mode" "640 0" \
    "$(stat -c '%a %u' "$root/var/lib/bootdeck/catalog.db")"
in_root apt-get purge -y -q bootdeck > "$T/apt.log" 2>&1 ||
    { cat "$T/apt.log"; bd_fail "second purge failed"; }
bd_expect_eq "admin's catalog after purge" "$before" "$(sum)"
[ -f "$root/var/lib/bootdeck/images/admin.iso" ] ||
    bd_fail "second purge removed an admin's image"
t4=$(date +%s)
echo "times: build $((t1 - t0)) s, lintian $((t2 - t1)) s, chroot $((t3 - t2)) s, install and checks $((t4 - t3)) s"
exit 0
