#!/bin/sh
# tests/cli/import_ipxe.sh: import ipxe on the seed's boot.php and palepurple.ipxe (verbatim) and on a menu using every mapped command; lines not mapped are listed; --dry-run, bad input.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

data="$top_srcdir/tests/cli/data"
bd_run 0 bd init

# The seed's boot.php: two sanboot items, the menu's title.
bd_run 0 bd export
cp "$T/out" "$T/empty.json"
bd_run 0 bd import ipxe --dry-run "$data/seed-boot.php"
bd_expect_grep '^entries: 2 added, 0 changed, 0 unchanged \(dry run' "$T/out"
bd_run 0 bd export
cmp -s "$T/out" "$T/empty.json" || bd_fail "--dry-run changed the catalog"

bd_run 0 bd import ipxe "$data/seed-boot.php"
bd_no_error
f="$data/seed-boot.php"
bd_expect_grep "^$f:4: item 'debian': entry 'debian' \(iso\)$" "$T/out"
bd_expect_grep "^$f:5: item 'fedora': entry 'fedora' \(iso\)$" "$T/out"
bd_expect_grep "^$f:2: note: left out: echo Boot menu$" "$T/out"
bd_expect_grep '^entries: 2 added, 0 changed, 0 unchanged$' "$T/out"
bd_run 0 bd entry show debian
bd_expect_grep '^title: +Debian Netboot \(7\.4\)$' "$T/out"
bd_expect_grep '^target: +http://server/path/to/debian-7\.4\.0-amd64-netinst\.iso$' "$T/out"
bd_expect_grep '^boot: +sanboot$' "$T/out"
bd_run 0 bd entry show fedora
bd_expect_grep '^title: +Fedora 20$' "$T/out"
bd_run 0 bd menu show
bd_expect_grep '^title: +Selection$' "$T/out"
bd_run 0 bd import ipxe "$data/seed-boot.php"
bd_expect_grep '^entries: 0 added, 0 changed, 2 unchanged$' "$T/out"

# The seed's embedded script has no menu: its chain is listed, not lost.
bd_run 0 bd import ipxe "$data/seed-palepurple.ipxe"
f="$data/seed-palepurple.ipxe"
bd_expect_grep "^$f:5: skipped: line not mapped: chain http://172\.30\.33\.67/netboot/boot\.php$" "$T/out"
bd_expect_grep "^$f: note: no menu items$" "$T/out"
bd_expect_grep '^entries: 0 added' "$T/out"

# Every command the importer maps, and some it cannot.
cat > "$T/menu.ipxe" <<'EOF'
#!ipxe
dhcp
:start
menu Lab menu
item --gap -- Installers
item --key d deb Debian installer
item --key m mt Memtest
item xyz netboot.xyz
item local Boot from disk
item sh iPXE shell
item odd Something odd
item lost Nowhere
choose --default local --timeout 8500 target && goto ${target} || goto start

:deb
kernel http://192.0.2.1/debian/linux auto=true priority=critical
initrd http://192.0.2.1/debian/initrd.gz
boot || goto failed

:mt
kernel memtest86+x64.bin
boot

:xyz
chain --autofree http://boot.netboot.xyz/menu.ipxe || goto failed

:local
sanboot --no-describe --drive 0x80

:sh
shell

:odd
set base http://192.0.2.1
kernel ${base}/vmlinuz
boot

:failed
echo Boot failed
sleep 3
goto start
EOF
bd_run 0 bd import ipxe "$T/menu.ipxe"
bd_no_error
o="$T/out"
f="$T/menu.ipxe"
bd_expect_grep "^$f:6: item 'deb': entry 'deb' \(kernel\)$" "$o"
bd_expect_grep "^$f:7: item 'mt': entry 'mt' \(kernel\)$" "$o"
bd_expect_grep "^$f:8: item 'xyz': entry 'xyz' \(chain\)$" "$o"
bd_expect_grep "^$f:9: item 'local': entry 'local' \(localboot\)$" "$o"
bd_expect_grep "^$f:10: item 'sh': entry 'sh' \(shell\)$" "$o"
bd_expect_grep "^$f:34: skipped: item 'odd': line not mapped: set base http://192\.0\.2\.1$" "$o"
bd_expect_grep "^$f:35: skipped: item 'odd': line not mapped: kernel \\$\{base\}/vmlinuz$" "$o"
bd_expect_grep "^$f:11: skipped: item 'odd': its section boots nothing" "$o"
bd_expect_grep "^$f:12: skipped: item 'lost': no :label section for it$" "$o"
bd_expect_grep '^entries: 5 added' "$o"
bd_run 0 bd entry show deb
bd_expect_grep '^key: +d$' "$T/out"
bd_expect_grep '^kernel: +http://192\.0\.2\.1/debian/linux$' "$T/out"
bd_expect_grep '^initrd: +http://192\.0\.2\.1/debian/initrd\.gz$' "$T/out"
bd_expect_grep '^args: +auto=true priority=critical$' "$T/out"
bd_run 0 bd entry show xyz
bd_expect_grep '^target: +http://boot\.netboot\.xyz/menu\.ipxe$' "$T/out"
bd_run 0 bd menu show
bd_expect_grep '^title: +Lab menu$' "$T/out"
bd_expect_grep '^timeout: +9 s$' "$T/out"
bd_expect_grep '^default: +local$' "$T/out"

# Bad input: exit 1, nothing imported.
bd_run 0 bd export
cp "$T/out" "$T/before.json"
bad() { # FILE PATTERN
	bd_run 1 bd import ipxe "$1"
	bd_expect_grep "^bootdeck: $2" "$T/err"
	bd_expect_grep '^bootdeck: 1 error; nothing imported$' "$T/err"
	bd_run 0 bd export
	cmp -s "$T/out" "$T/before.json" || bd_fail "a failed import changed the catalog"
}
printf 'menu x\nitem a A\n:a\nexit\n' > "$T/noheader.ipxe"
bad "$T/noheader.ipxe" "$T/noheader.ipxe:1: not an iPXE script"
printf '#!ipxe\nmenu\0\0\0' > "$T/bin.ipxe"
bad "$T/bin.ipxe" "$T/bin.ipxe: a binary file"
truncate -s 100M "$T/big.ipxe"
bad "$T/big.ipxe" "$T/big.ipxe: larger than 1 MiB"
bad "$T/nonesuch.ipxe" "$T/nonesuch.ipxe: No such file or directory"
