#!/bin/sh
# tests/cli/import_pxelinux.sh: import pxelinux on the seed's pxelinux.cfg/default and on a syslinux tree with includes, a submenu, a per-MAC file and a memdisk ISO; --copy, --dry-run, bad input; the submenu rendered.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

data="$top_srcdir/tests/cli/data"
mkdir -p "$T/images"
echo "images = $T/images" > "$T/bootdeck.conf"
bd_run 0 bd init

# The seed's file, verbatim, where pxelinux would have it.
mkdir -p "$T/seed/pxelinux.cfg"
cp "$data/seed-pxelinux-default" "$T/seed/pxelinux.cfg/default"
bd_run 0 bd import pxelinux "$T/seed/pxelinux.cfg/default"
bd_no_error
bd_expect_grep "^pxelinux.cfg/default:5: label 'Memtest': entry 'Memtest' \(kernel\)$" "$T/out"
bd_expect_grep "^pxelinux.cfg/default:8: label 'Debian': entry 'Debian' \(iso\)$" "$T/out"
bd_expect_grep "^pxelinux.cfg/default:12: label 'LocalBoot': entry 'LocalBoot' \(localboot\)$" "$T/out"
bd_expect_grep '^entries: 3 added, 0 changed, 0 unchanged$' "$T/out"
bd_expect_grep '^note: memtest86 is not in the images directory \(--copy copies it from the TFTP root\)$' "$T/out"
bd_run 0 bd entry list
bd_expect_eq "entries" 3 "$(($(wc -l < "$T/out") - 1))"
bd_run 0 bd entry show Memtest
bd_expect_grep '^kernel: +memtest86$' "$T/out"
bd_run 0 bd entry show Debian
bd_expect_grep '^kind: +iso$' "$T/out"
bd_expect_grep '^target: +path/to/some.iso$' "$T/out"
bd_run 0 bd menu show
bd_expect_grep '^timeout: +12 s$' "$T/out"
bd_expect_grep '^default: +LocalBoot$' "$T/out"
# Again: the same catalog, nothing changes.
bd_run 0 bd export
cp "$T/out" "$T/seed1.json"
bd_run 0 bd import pxelinux "$T/seed/pxelinux.cfg"
bd_expect_grep '^entries: 0 added, 0 changed, 3 unchanged$' "$T/out"
bd_expect_grep '^menu: 0 changed' "$T/out"
bd_run 0 bd export
cmp -s "$T/out" "$T/seed1.json" || bd_fail "a second import changed the catalog"

# A syslinux tree as a lab has it: menu.c32, an INCLUDE (relative to the
# TFTP root), a submenu, hotkeys, MENU HIDE, TEXT HELP, memdisk ISO, a
# COM32 module, a per-MAC file and one that is not.
rm -f "$BOOTDECK_DB"
bd_run 0 bd init
tftp="$T/tftp"
mkdir -p "$tftp/pxelinux.cfg" "$tftp/menus" "$tftp/debian" "$tftp/isos"
cat > "$tftp/pxelinux.cfg/default" <<'EOF'
# lab menu
UI menu.c32
MENU TITLE Lab boot
MENU COLOR border 30;44 #40ffffff #a0000000 std
Timeout 50
PROMPT 0
ONTIMEOUT local
include menus/tools.cfg

LABEL local
  MENU LABEL ^Local disk
  LOCALBOOT 0

label deb
  menu label ^Debian installer
  menu default
  kernel debian/linux
  append initrd=debian/initrd.gz,debian/firmware.gz auto=true priority=critical
  text help
    Installs Debian without questions.
  endtext

MENU BEGIN rescue
MENU TITLE Rescue tools
  LABEL memtest
    LINUX memtest86+.bin
  LABEL dos
    KERNEL memdisk
    APPEND iso initrd=isos/freedos.iso
  LABEL secret
    MENU HIDE
    KERNEL debian/linux
    INITRD debian/initrd.gz
  LABEL hdt
    COM32 hdt.c32
  LABEL back
    MENU EXIT
MENU END
EOF
cat > "$tftp/menus/tools.cfg" <<'EOF'
LABEL gparted
  MENU LABEL GParted live
  KERNEL /menus/gparted/vmlinuz
  APPEND boot=live fetch=http://192.0.2.1/gparted.squashfs
EOF
printf 'DEFAULT dos\n' > "$tftp/pxelinux.cfg/01-52-54-00-12-34-56"
printf 'DEFAULT x\n' > "$tftp/pxelinux.cfg/C0A80001"
mkdir -p "$tftp/menus/gparted"
for f in debian/linux debian/initrd.gz debian/firmware.gz isos/freedos.iso \
    memtest86+.bin menus/gparted/vmlinuz; do
	echo "$f bytes" > "$tftp/$f"
done

bd_run 0 bd export
cp "$T/out" "$T/before.json"
# --dry-run reports all of it and writes nothing, files neither.
bd_run 0 bd import pxelinux "$tftp/pxelinux.cfg" --copy --dry-run
bd_no_error
bd_expect_grep '^entries: 6 added, 0 changed, 0 unchanged \(dry run: nothing written\)$' "$T/out"
bd_expect_grep "^would copy $tftp/debian/linux to $T/images/debian/linux$" "$T/out"
bd_run 0 bd export
cmp -s "$T/out" "$T/before.json" || bd_fail "--dry-run changed the catalog"
[ ! -e "$T/images/debian" ] || bd_fail "--dry-run copied files"

bd_run 0 bd import pxelinux "$tftp/pxelinux.cfg" --copy
bd_no_error
cp "$T/out" "$T/lab.out"
o="$T/lab.out"
bd_expect_grep "^menus/tools.cfg:1: label 'gparted': entry 'gparted' \(kernel\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:10: label 'local': entry 'local' \(localboot\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:14: label 'deb': entry 'deb' \(kernel\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:14: note: label 'deb': TEXT HELP left out$" "$o"
bd_expect_grep "^pxelinux.cfg/default:25: label 'memtest': entry 'memtest' \(kernel, submenu 'Rescue tools'\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:27: label 'dos': entry 'dos' \(iso, submenu 'Rescue tools'\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:30: label 'secret': entry 'secret' \(kernel, submenu 'Rescue tools', disabled: MENU HIDE\)$" "$o"
bd_expect_grep "^pxelinux.cfg/default:34: skipped: label 'hdt': COM32 modules are not supported$" "$o"
bd_expect_grep "^pxelinux.cfg/default:36: skipped: label 'back': menu navigation" "$o"
bd_expect_grep "^pxelinux.cfg/default:4: note: menu color left out: layout$" "$o"
bd_expect_grep "^pxelinux.cfg/01-52-54-00-12-34-56:1: host 52:54:00:12:34:56: default 'dos'$" "$o"
bd_expect_grep "^pxelinux.cfg/C0A80001: note: not read: only 'default' and per-MAC" "$o"
bd_expect_grep "^copied $tftp/isos/freedos.iso to $T/images/isos/freedos.iso$" "$o"
bd_expect_grep "^copied $tftp/menus/gparted/vmlinuz to $T/images/menus/gparted/vmlinuz$" "$o"
bd_expect_grep '^entries: 6 added, 0 changed, 0 unchanged$' "$o"
bd_expect_grep '^hosts: 1 added, 0 changed, 0 unchanged$' "$o"
cmp -s "$tftp/debian/firmware.gz" "$T/images/debian/firmware.gz" ||
    bd_fail "--copy did not copy debian/firmware.gz"

bd_run 0 bd entry show deb
bd_expect_grep '^kernel: +debian/linux$' "$T/out"
bd_expect_grep '^initrd: +debian/initrd.gz$' "$T/out"
bd_expect_grep '^initrd: +debian/firmware.gz$' "$T/out"
bd_expect_grep '^args: +auto=true priority=critical$' "$T/out"
bd_expect_grep '^key: +d$' "$T/out"
bd_expect_grep '^title: +Debian installer$' "$T/out"
bd_run 0 bd entry show gparted
bd_expect_grep '^kernel: +menus/gparted/vmlinuz$' "$T/out"
bd_run 0 bd entry show secret
bd_expect_grep '^enabled: +no$' "$T/out"
bd_expect_grep '^submenu: +Rescue tools$' "$T/out"
bd_run 0 bd menu show
bd_expect_grep '^title: +Lab boot$' "$T/out"
bd_expect_grep '^timeout: +5 s$' "$T/out"
bd_expect_grep '^default: +local$' "$T/out"
bd_run 0 bd host list
bd_expect_grep '^52:54:00:12:34:56 +- +dos ' "$T/out"

# The submenu as iPXE gets it: an item in the main menu that goes to a
# menu of its own with a way back; the hidden entry is not offered.
bd_run 0 bd preview 52:54:00:00:00:01 --base-url http://127.0.0.1:9
cp "$T/out" "$T/menu.ipxe"
bd_expect_grep '^item bd_1 GParted live$' "$T/menu.ipxe"
bd_expect_grep '^item --key l bd_2 Local disk$' "$T/menu.ipxe"
bd_expect_grep '^item bd_s4 Rescue tools \.\.\.$' "$T/menu.ipxe"
sed -n '/^:bd_s4$/,/^goto/p' "$T/menu.ipxe" > "$T/sub.ipxe"
bd_expect_eq "submenu script" ":bd_s4
menu Rescue tools
item bd_4 memtest
item bd_5 dos
item --gap
item bd_cancel Back
choose bd_choice || goto bd_cancel
goto \${bd_choice}" "$(cat "$T/sub.ipxe")"
[ "$(grep -c '^item bd_4 ' "$T/menu.ipxe")" -eq 1 ] ||
    bd_fail "a submenu entry is in the main menu"
grep -q 'secret' "$T/menu.ipxe" && bd_fail "MENU HIDE entry offered"
# bootdeckd serves the same submenu (one render input for both).
if command -v curl >/dev/null 2>&1; then
	bd_start_server
	curl -fsS "$BD_URL/boot.ipxe?mac=52:54:00:00:00:01&platform=pcbios&arch=i386" \
	    > "$T/served.ipxe" || bd_fail "GET /boot.ipxe failed"
	bd_expect_grep '^item bd_s4 Rescue tools \.\.\.$' "$T/served.ipxe"
	sed -n '/^:bd_s4$/,/^goto/p' "$T/served.ipxe" > "$T/served-sub.ipxe"
	cmp -s "$T/served-sub.ipxe" "$T/sub.ipxe" ||
	    bd_fail "bootdeckd's submenu differs from preview's"
	bd_stop_server
fi
# A default inside a submenu stays reachable by the timeout.
bd_run 0 bd menu set --default dos
bd_run 0 bd preview 52:54:00:00:00:01 --base-url http://127.0.0.1:9
bd_expect_grep '^choose --timeout \$\{bd_timeout\} --default bd_5 ' "$T/out"
[ "$(grep -c '^item bd_5 dos$' "$T/out")" -eq 2 ] ||
    bd_fail "the default is not in the main menu as well"
bd_run 0 bd menu set --default local

# Submenu titles are free text: what reaches the script is neutralized.
bd_run 0 bd entry set memtest --submenu 'Evil ${x} ; #y || z'
bd_run 0 bd preview 52:54:00:00:00:01 --base-url http://127.0.0.1:9
grep -n 'Evil' "$T/out" > "$T/evil"
grep -q '\${x}' "$T/evil" && bd_fail "\${ reached the script: $(cat "$T/evil")"
grep -Eq ' (;|\|\||#y)( |$)' "$T/evil" && bd_fail "a separator reached the script: $(cat "$T/evil")"
bd_run 0 bd entry set memtest --submenu ''
bd_run 0 bd entry show memtest
grep -q '^submenu:' "$T/out" && bd_fail "--submenu '' did not clear it"
bd_run 0 bd entry add tool --title Tool --shell --submenu 'Rescue tools'
bd_run 0 bd entry show tool
bd_expect_grep '^submenu: +Rescue tools$' "$T/out"

# The submenu goes through export and import json unchanged.
bd_run 0 bd export
cp "$T/out" "$T/lab.json"
bd_expect_grep '"submenu": "Rescue tools"' "$T/lab.json"
bd_run 0 bd import json "$T/lab.json"
bd_expect_grep '^entries: 0 added, 0 changed, 0 removed, 7 unchanged$' "$T/out"
bd_run 0 bd export
cmp -s "$T/out" "$T/lab.json" || bd_fail "export -> import -> export differs"
# A version 1 document (no submenus) is still read.
perl -0pe 's/"version": 2,/"version": 1,/;
    s/,\n\s*"submenu": [^\n]*(?=\n\s*\})//g; s/\n\s*"submenu": [^\n]*,//g' \
    "$T/lab.json" > "$T/v1.json"
grep -q "\"submenu\"" "$T/v1.json" && bd_fail "v1.json still has submenus"
bd_run 0 bd import json --dry-run "$T/v1.json"
bd_expect_grep '^entries: 0 added, 3 changed' "$T/out"
sed 's/"submenu": "Rescue tools"/"submenu": 7/' "$T/lab.json" > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'entries\[[0-9]\]\.submenu: expected a string'

# Bad input: file:line, exit 1, nothing imported, catalog unchanged.
bd_run 0 bd export
cp "$T/out" "$T/before.json"
bad() { # FILE-CONTENT-SETUP PATTERN
	bd_run 1 bd import pxelinux "$T/bad/pxelinux.cfg/default"
	bd_expect_grep "^bootdeck: $1" "$T/err"
	bd_expect_grep '^bootdeck: [0-9]+ errors?; nothing imported$' "$T/err"
	bd_run 0 bd export
	cmp -s "$T/out" "$T/before.json" || bd_fail "a failed import changed the catalog"
}
mkdir -p "$T/bad/pxelinux.cfg"
printf 'LABEL a\n  KERNEL vmlinuz\n  FROBNICATE yes\n' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default:3: unknown keyword 'frobnicate'$"
printf 'LABEL a\n  KERNEL vmlinuz\nMENU FROB\n' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default:3: unknown keyword 'menu frob'$"
printf 'LABEL a\n  KERNEL vmlinuz\nINCLUDE one.cfg\n' > "$T/bad/pxelinux.cfg/default"
printf 'LABEL b\n  KERNEL vmlinuz\nINCLUDE two.cfg\n' > "$T/bad/one.cfg"
printf 'MENU INCLUDE /pxelinux.cfg/default\n' > "$T/bad/two.cfg"
bad "two.cfg:1: include loop: /pxelinux.cfg/default is already being read$"
printf 'INCLUDE missing.cfg\n' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default:1: cannot include missing.cfg: No such file or directory$"
printf 'INCLUDE blob.bin\n' > "$T/bad/pxelinux.cfg/default"
printf 'LABEL a\0\1\2\3' > "$T/bad/blob.bin"
bad "pxelinux.cfg/default:1: cannot include blob.bin: a binary file"
truncate -s 100M "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default: larger than 1 MiB \(104857600 bytes\)"
printf 'LABEL a\n  KERNEL vmlinuz\n\0\0\0' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default: a binary file"
printf 'TIMEOUT soon\n' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default:1: timeout: 'soon' is not a number"
printf 'MENU END\n' > "$T/bad/pxelinux.cfg/default"
bad "pxelinux.cfg/default:1: MENU END without MENU BEGIN$"
# --copy of a file the TFTP root lacks: nothing imported either.
printf 'LABEL a\n  KERNEL nothere\n' > "$T/bad/pxelinux.cfg/default"
bd_run 1 bd import pxelinux --copy "$T/bad/pxelinux.cfg/default"
bd_expect_grep "^bootdeck: cannot copy $T/bad/nothere: No such file" "$T/err"
bd_run 0 bd export
cmp -s "$T/out" "$T/before.json" || bd_fail "a failed --copy changed the catalog"
bd_run 1 bd import pxelinux "$T/nonesuch"
bd_one_error "nonesuch: No such file or directory; nothing imported"
bd_run 2 bd import pxelinux
bd_expect_grep 'missing the PATH' "$T/err"
printf 'TIMEOUT 864001\n' > "$T/bad/pxelinux.cfg/default"
bd_run 1 bd import pxelinux "$T/bad/pxelinux.cfg/default"
bd_expect_grep "^bootdeck: pxelinux.cfg/default:1: timeout: 864001 tenths of a second is more than a day$" "$T/err"

# Into a catalog that has entries: a hotkey one of them holds stays
# with it, same-named entries are updated, and a second run changes
# nothing.
rm -f "$BOOTDECK_DB"
bd_run 0 bd init --demo
bd_run 0 bd import pxelinux "$tftp/pxelinux.cfg"
bd_expect_grep "^note: entry 'deb': hotkey 'd' left to entry 'debian', which has it$" "$T/out"
bd_expect_grep '^entries: 4 added, 2 changed, 0 unchanged$' "$T/out"
bd_run 0 bd import pxelinux "$tftp/pxelinux.cfg"
bd_expect_grep '^entries: 0 added, 0 changed, 6 unchanged$' "$T/out"
bd_run 0 bd entry show debian
bd_expect_grep '^key: +d$' "$T/out"
