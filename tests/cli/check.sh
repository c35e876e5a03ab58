#!/bin/sh
# tests/cli/check.sh: `bootdeck check`: each finding from a catalog made to have it, a clean catalog, --json, the exit statuses.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"
bd_need xorriso truncate curl sqlite3

img="$T/images"
mkdir -p "$img"
# mkiso ISO FILE...: an ISO holding FILEs.
mkiso() {
	out=$1
	shift
	rm -rf "$T/tree"
	for f in "$@"; do
		mkdir -p "$T/tree/$(dirname "$f")"
		echo "$f" > "$T/tree/$f"
	done
	xorriso -as mkisofs -quiet -R -J -o "$out" "$T/tree" ||
	    bd_fail "xorriso failed for $out"
}
mkiso "$img/live.iso" live/vmlinuz live/initrd.img live/filesystem.squashfs
mkiso "$img/dos.iso" README.TXT
echo kernel > "$img/vmlinuz"
echo initrd > "$img/initrd.img"
printf 'images = %s\nlisten = 10.1.2.3:8080\n' "$img" > "$T/bootdeck.conf"

# check_has CODE SUBJECT: the last check's table has that finding.
check_has() {
	grep -Eq "^(error|warning) +$1 +$2 " "$T/out" || {
		cat "$T/out"
		bd_fail "no $1 finding about $2"
	}
}
check_lacks() {
	! grep -Eq " $1 " "$T/out" || {
		cat "$T/out"
		bd_fail "an unexpected $1 finding"
	}
}

# A clean catalog: every kind that fits, images present, exit 0.
bd_run 0 bd init
bd_run 0 bd entry add live --title Live --iso live.iso --boot direct --key l
bd_run 0 bd entry add dos --title DOS --memdisk dos.iso --platform bios
bd_run 0 bd entry add k --title Kernel --kernel vmlinuz --initrd initrd.img
bd_run 0 bd entry add disk --title Disk --localboot --key d
bd_run 0 bd entry add sh --title Shell --shell
bd_run 0 bd host set 52:54:00:00:00:01 --name web1 --default live
bd_run 0 bd menu set --default disk
bd_run 0 bd check
bd_no_error
bd_expect_eq "clean output" "no findings" "$(cat "$T/out")"
bd_run 0 bd check --quiet
[ ! -s "$T/out" ] || bd_fail "--quiet printed on a clean catalog"
bd_run 0 bd check --json
bd_expect_grep '"errors": 0' "$T/out"
bd_expect_grep '"findings": \[\]' "$T/out"

# Warnings only: exit 3. A memdisk entry offered to any platform.
bd_run 0 bd entry add dos2 --title DOS2 --memdisk dos.iso
bd_run 3 bd check
check_has memdisk-efi 'entry dos2'
bd_expect_grep '^0 errors, 1 warning$' "$T/out"
bd_run 0 bd entry rm dos2

# image-missing and image-unreadable (a directory: root reads anything).
bd_run 0 bd entry add gone --title Gone --kernel vmlinuz --initrd nosuch.img
mkdir "$img/dir.iso"
bd_run 0 bd entry add dir --title Dir --iso dir.iso
bd_run 0 bd entry add inner --title Inner --kernel live.iso/live/nosuch
bd_run 0 bd entry add inner-ok --title InnerOK --kernel live.iso/live/vmlinuz
bd_run 1 bd check
check_has image-missing 'entry gone'
bd_expect_grep "nosuch.img is not in the images directory" "$T/out"
check_has image-unreadable 'entry dir'
check_has image-missing 'entry inner'
bd_expect_grep "live.iso holds no file live/nosuch" "$T/out"
grep -q 'entry inner-ok' "$T/out" && bd_fail "a file inside an ISO was not found"
# A disabled entry is offered to nobody: not checked...
bd_run 0 bd entry set gone --disable
bd_run 1 bd check
grep -q 'entry gone' "$T/out" && bd_fail "a disabled entry was checked"
bd_run 0 bd entry rm gone
bd_run 0 bd entry rm dir
bd_run 0 bd entry rm inner
bd_run 0 bd entry rm inner-ok
rmdir "$img/dir.iso"
bd_run 0 bd check

# iso-no-recipe: direct with no family; iso-unreadable: not ISO 9660.
bd_run 0 bd entry add dosdirect --title X --iso dos.iso --boot direct \
    --platform efi
head -c 70000 /dev/zero > "$img/junk.iso"
bd_run 0 bd entry add junk --title Junk --iso junk.iso --platform efi
bd_run 1 bd check
check_has iso-no-recipe 'entry dosdirect'
check_has iso-unreadable 'entry junk'
bd_run 0 bd entry rm dosdirect
bd_run 0 bd entry rm junk

# iso-bios32: over 2 GiB, sanbooted on BIOS (sparse: no disk used). Not
# when only UEFI clients get it, nor when it boots direct.
cp "$img/dos.iso" "$img/huge.iso"
truncate -s 3G "$img/huge.iso"
bd_run 0 bd entry add huge --title Huge --iso huge.iso
bd_run 3 bd check
check_has iso-bios32 'entry huge'
bd_expect_grep 'over 2 GiB and sanbooted on BIOS' "$T/out"
bd_run 0 bd entry set huge --platform efi
bd_run 0 bd check
cp "$img/live.iso" "$img/hugelive.iso"
truncate -s 3G "$img/hugelive.iso"
bd_run 0 bd entry set huge --iso hugelive.iso --platform any
bd_run 0 bd check
bd_run 0 bd entry set huge --boot sanboot
bd_run 3 bd check
check_has iso-bios32 'entry huge'
bd_run 0 bd entry rm huge

# hotkey-dup: the catalog keeps hotkeys unique, but the menu reads only
# a hotkey's first character, so a hand-edited 'lx' is 'l' again.
sqlite3 "$BOOTDECK_DB" "UPDATE entries SET hotkey = 'lx' WHERE name = 'k'"
bd_run 1 bd check
check_has hotkey-dup 'entry k'
bd_expect_grep "hotkey 'l' is also entry 'live''s, before it" "$T/out"
sqlite3 "$BOOTDECK_DB" "UPDATE entries SET hotkey = NULL WHERE name = 'k'"
bd_run 0 bd check

# ref-disabled, ref-unfit: defaults and next boots naming entries that
# clients cannot boot.
bd_run 0 bd entry set sh --disable
bd_run 0 bd host set 52:54:00:00:00:02 --name db1 --next sh
bd_run 0 bd menu set --unknown sh
bd_run 0 bd entry add broken --title Broken --iso nosuch.iso --boot direct
bd_run 0 bd menu set --default broken
bd_run 1 bd check
check_has ref-disabled 'host 52:54:00:00:00:02'
bd_expect_grep "next boot 'sh' is disabled" "$T/out"
check_has ref-unfit 'setting menu.default'
check_has ref-disabled 'setting unknown_entry'
bd_expect_grep "unknown_entry 'sh' is disabled" "$T/out"
bd_expect_grep "the menu's default 'broken' cannot boot: nosuch.iso is not in" "$T/out"
bd_run 0 bd host set 52:54:00:00:00:02 --no-next
bd_run 0 bd menu set --no-unknown
bd_run 0 bd menu set --default disk
bd_run 0 bd entry rm broken
bd_run 0 bd entry set sh --enable
bd_run 0 bd check

# host-firmware: web1 boots on UEFI (a real request to bootdeckd), and its
# default is made BIOS only.
bd_start_server
curl -fsS "$BD_URL/boot.ipxe?mac=52:54:00:00:00:01&platform=efi&arch=x86_64" \
    >/dev/null || bd_fail "boot.ipxe failed"
bd_stop_server
bd_run 0 bd check
bd_run 0 bd entry set live --platform bios
bd_run 1 bd check
check_has host-firmware 'host 52:54:00:00:00:01'
bd_expect_grep "last booted with UEFI firmware, where its default 'live' cannot boot" "$T/out"
bd_run 0 bd entry set live --platform any
bd_run 0 bd check

# The base URL: loopback, wrong family, another address or port, not a
# base URL at all (the catalog's: the rule was looser once).
bd_run 1 bd check --base-url http://127.0.0.1:8080
check_has base-url-loopback 'setting base_url'
bd_expect_grep 'from --base-url is a loopback address' "$T/out"
bd_run 3 bd check --base-url http://localhost:8080 --listen 127.0.0.1:8080
check_has base-url-loopback 'setting base_url'
bd_run 1 bd check --base-url 'http://[2001:db8::1]:8080'
check_has base-url-family 'setting base_url'
bd_run 0 bd check --base-url 'http://[2001:db8::1]:8080' --listen '[::]:8080'
bd_run 1 bd check --base-url 'http://10.1.2.3:8080' --listen '[2001:db8::1]:8080'
check_has base-url-family 'setting base_url'
bd_run 3 bd check --base-url http://10.1.2.4:8080
check_has base-url-address 'setting base_url'
bd_run 3 bd check --base-url http://10.1.2.3:8081
bd_expect_grep 'has port 8081, but bootdeckd listens on 10.1.2.3:8080' "$T/out"
bd_run 0 bd check --base-url http://10.1.2.3:8080
bd_run 0 bd check --base-url http://boot.example.net
bd_run 0 bd menu set --base-url http://127.0.0.1:8080
bd_run 1 bd check
bd_expect_grep 'http://127.0.0.1:8080 from the catalog is a loopback' "$T/out"
sqlite3 "$BOOTDECK_DB" "UPDATE settings SET value = 'http://a/b?c' WHERE key = 'base_url'"
bd_run 1 bd check
check_has base-url-bad 'setting base_url'

# --json: every finding with its fields; the same exit status.
bd_run 1 bd check --json
bd_no_error
bd_expect_grep '"errors": 1' "$T/out"
bd_expect_grep '"severity": "error"' "$T/out"
bd_expect_grep '"code": "base-url-bad"' "$T/out"
bd_expect_grep '"kind": "setting"' "$T/out"
bd_expect_grep '"subject": "base_url"' "$T/out"
bd_expect_grep '"message": ".http://a/b\?c. from the catalog is not' "$T/out"

# Usage and failures.
bd_run 2 bd check extra
bd_one_error "unexpected argument 'extra'"
bd_run 1 env BOOTDECK_DB="$T/none.db" "$BOOTDECK" -c "$T/bootdeck.conf" check
bd_one_error "no such catalog"
bd_run 0 bd check --help
bd_expect_grep '^  host-firmware ' "$T/out"
bd_expect_grep 'Exit status: 0 no findings, 1 errors' "$T/out"
