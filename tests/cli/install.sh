#!/bin/sh
# tests/cli/install.sh: `make install` puts programs, man pages, the unit (naming this prefix) and the sample config in place; an admin's config is kept.
. "$top_srcdir/tests/lib.sh"
bd_need make cmp
[ -f "$top_builddir/Makefile" ] || bd_skip "no Makefile in $top_builddir"

dest="$T/dest"
# A make of its own, not a sub-make of `make check`: the parent's flags
# (-w under -j) would put "Entering directory" lines into what we read.
unset MAKEFLAGS MFLAGS MAKELEVEL
# prefix/sysconfdir as configured: ask the Makefile, as make install will.
var() { make -s -C "$top_builddir" --no-print-directory -f Makefile \
    -f - print <<MK
print: ; @echo \$($1)
MK
}
sbindir=$(var sbindir)
sysconfdir=$(var sysconfdir)
localstatedir=$(var localstatedir)
unitdir=$(var systemdsystemunitdir)
[ -n "$sbindir" ] && [ -n "$unitdir" ] || bd_fail "cannot read the install paths"
make -s -C "$top_builddir" install DESTDIR="$dest" > "$T/install.log" 2>&1 ||
    { cat "$T/install.log"; bd_fail "make install failed"; }

for f in "$sbindir/bootdeckd" "$(var bindir)/bootdeck"; do
	[ -x "$dest$f" ] || bd_fail "$f not installed"
done
[ -f "$dest$(var mandir)/man1/bootdeck.1" ] || bd_fail "bootdeck.1 not installed"
unit="$dest$unitdir/bootdeckd.service"
bd_expect_grep "^ExecStart=$sbindir/bootdeckd\$" "$unit"
bd_expect_grep "^ReadWritePaths=$localstatedir/lib/bootdeck\$" "$unit"
grep -q '@[a-z]*@' "$unit" && bd_fail "unsubstituted names in the unit"
conf="$dest$sysconfdir/bootdeck/bootdeck.conf"
cmp "$conf" "$top_srcdir/share/bootdeck.conf" || bd_fail "sample config not installed"
[ -d "$dest$localstatedir/lib/bootdeck/images" ] || bd_fail "no images directory"

# The admin's config survives a reinstall and an uninstall.
echo "listen = 0.0.0.0:8080" > "$conf"
make -s -C "$top_builddir" install DESTDIR="$dest" > "$T/install.log" 2>&1 ||
    bd_fail "second make install failed"
bd_expect_grep '^listen = 0.0.0.0:8080$' "$conf"
make -s -C "$top_builddir" uninstall DESTDIR="$dest" > "$T/install.log" 2>&1 ||
    bd_fail "make uninstall failed"
bd_expect_grep '^listen = 0.0.0.0:8080$' "$conf"
[ -e "$dest$sbindir/bootdeckd" ] && bd_fail "uninstall left bootdeckd"
exit 0
