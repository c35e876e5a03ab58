#!/bin/sh
# tests/cli/preview.sh: preview of the menu, a next boot and single entries on BIOS and UEFI; missing images, inside ISOs too; base URL precedence.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_run 0 bd init --demo
img="$T/images"
mkdir -p "$img"
url=http://boot.example:8080
mac=52:54:00:12:34:56

# An unknown MAC gets the menu. Images are missing: warnings, exit 1.
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url"
bd_expect_eq "first line" "#!ipxe" "$(head -n 1 "$T/out")"
bd_expect_grep 'bootdeck demo' "$T/out"
for e in local memtest shell debian; do
	bd_expect_grep "$url/entry/$e\\?" "$T/out"
done
bd_expect_grep "mac=$mac" "$T/out"
bd_expect_eq "warnings" 2 "$(wc -l < "$T/err")"
bd_expect_grep "^bootdeck: warning: entry 'memtest': image 'memtest86\\+x64\\.bin' not found in $img\$" "$T/err"
bd_expect_grep "^bootdeck: warning: entry 'debian': image 'debian-12-amd64-netinst\\.iso' not found in $img\$" "$T/err"
cp "$T/out" "$T/menu.ipxe"

# With the images there: the same script, no warnings, exit 0.
: > "$img/memtest86+x64.bin"
: > "$img/debian-12-amd64-netinst.iso"
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url"
bd_no_error
cmp "$T/out" "$T/menu.ipxe" || bd_fail "the script changed with the images"
# A directory where a file should be still counts as missing.
rm "$img/debian-12-amd64-netinst.iso"
mkdir "$img/debian-12-amd64-netinst.iso"
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url"
bd_one_error "warning: entry 'debian': image 'debian-12-amd64-netinst.iso'"
rmdir "$img/debian-12-amd64-netinst.iso"
: > "$img/debian-12-amd64-netinst.iso"
# UEFI clients need the UEFI memtest.
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --platform efi
bd_one_error "warning: entry 'memtest': image 'memtest86\\+x64\\.efi' not found"
bd_expect_grep 'platform=efi' "$T/out"
: > "$img/memtest86+x64.efi"
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --platform efi
# The images directory from the environment.
bd_run 0 env BOOTDECK_IMAGES="$img" "$BOOTDECK" -c "$T/bootdeck.conf" \
    preview "$mac" --base-url "$url"
bd_run 1 bd preview "$mac" --base-url "$url" -i "$T/empty"

# A host with a one-shot next boot is sent straight to that entry.
bd_run 0 bd host set "$mac" --next memtest
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url"
bd_expect_grep "chain $url/entry/memtest\\?" "$T/out"
grep -q 'entry/debian' "$T/out" && bd_fail "a next boot still showed the menu"
# Other clients still get the menu.
bd_run 0 bd preview 52:54:00:00:00:01 -i "$img" --base-url "$url"
cmp "$T/out" "$T/menu.ipxe" >/dev/null &&
    bd_fail "another MAC got the first client's menu (MAC not in it)"
bd_expect_grep 'entry/debian' "$T/out"

# --entry: the entry's own boot commands, per platform.
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --entry memtest
bd_expect_grep 'memtest86(\+|%2B)x64\.bin' "$T/out"
grep -Eq 'memtest86(\+|%2B)x64\.efi' "$T/out" && bd_fail "BIOS got the UEFI memtest"
bd_expect_grep 'console=ttyS0,115200' "$T/out"
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --entry memtest \
    --platform efi --arch x86_64
bd_expect_grep 'memtest86(\+|%2B)x64\.efi' "$T/out"
grep -Eq 'memtest86(\+|%2B)x64\.bin' "$T/out" && bd_fail "UEFI got the BIOS memtest"
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --entry debian
bd_expect_grep "sanboot.*$url/images/debian-12-amd64-netinst\\.iso" "$T/out"
# --entry checks only that entry's images (an empty file is no ISO: it
# can only be sanbooted, and preview says so).
rm "$img/memtest86+x64.bin"
bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --entry debian
bd_one_error "warning: entry 'debian' sanboots: not an ISO 9660 image"
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --entry memtest
bd_one_error "warning: entry 'memtest': image 'memtest86\\+x64\\.bin'"
: > "$img/memtest86+x64.bin"
# Kernels inside an ISO (ISO/INNER) are found there, any case.
if command -v xorriso >/dev/null 2>&1; then
	mkdir -p "$T/src/live"
	echo kernel > "$T/src/live/vmlinuz"
	echo initrd > "$T/src/live/initrd.img"
	xorriso -outdev "$img/live.iso" -map "$T/src" / >/dev/null 2>&1 ||
	    bd_fail "xorriso failed"
	bd_run 0 bd entry add live --title Live --kernel live.iso/live/vmlinuz \
	    --initrd live.iso/LIVE/INITRD.IMG
	bd_run 0 bd preview "$mac" -i "$img" --base-url "$url" --entry live
	bd_no_error
	bd_run 0 bd entry set live --initrd live.iso/live/nope.img
	bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --entry live
	bd_one_error "warning: entry 'live': image 'live.iso/live/nope.img'"
	bd_run 0 bd entry set live --kernel live.iso/live --initrd live.iso/live/initrd.img
	bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --entry live
	bd_one_error "warning: entry 'live': image 'live.iso/live' not found"
	bd_run 0 bd entry rm live
fi

# Unknown and disabled entries.
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --entry nosuch
bd_one_error "nosuch"
bd_run 0 bd entry set shell --disable
bd_run 1 bd preview "$mac" -i "$img" --base-url "$url" --entry shell
bd_one_error "entry 'shell' is disabled"

# Bad arguments.
bd_run 2 bd preview "$mac" --platform any
bd_one_error "--platform wants pcbios or efi"
bd_run 2 bd preview "$mac" --arch 'x86;reboot'
bd_one_error "--arch wants"
bd_run 2 bd preview "$mac" --base-url 'ftp://x'
bd_one_error "--base-url wants"
bd_run 2 bd preview
bd_one_error "missing the MAC"

# The base URL: --base-url > BOOTDECK_BASE_URL > config base_url > listen.
printf 'images = %s\nlisten = 127.0.0.1:9999\n' "$img" > "$T/listen.conf"
bd_run 0 "$BOOTDECK" -c "$T/listen.conf" preview "$mac"
bd_expect_grep 'http://127\.0\.0\.1:9999/entry/memtest\?' "$T/out"
printf 'images = %s\nlisten = 0.0.0.0:8081\n' "$img" > "$T/any.conf"
bd_run 0 "$BOOTDECK" -c "$T/any.conf" preview "$mac"
host=$(hostname 2>/dev/null || echo 127.0.0.1)
bd_expect_grep "http://($host|127\\.0\\.0\\.1):8081/entry/memtest\\?" "$T/out"
printf 'images = %s\nbase_url = http://conf.example/\nlisten = 127.0.0.1:9999\n' \
    "$img" > "$T/url.conf"
bd_run 0 "$BOOTDECK" -c "$T/url.conf" preview "$mac"
bd_expect_grep 'http://conf\.example/entry/memtest\?' "$T/out"
bd_run 0 env BOOTDECK_BASE_URL=http://env.example "$BOOTDECK" \
    -c "$T/url.conf" preview "$mac"
bd_expect_grep 'http://env\.example/entry/memtest\?' "$T/out"
bd_run 0 env BOOTDECK_BASE_URL=http://env.example "$BOOTDECK" \
    -c "$T/url.conf" preview "$mac" --base-url http://flag.example:1
bd_expect_grep 'http://flag\.example:1/entry/memtest\?' "$T/out"

# A bad base URL: on the command line a usage error saying what is wrong;
# from the environment, the config file or the catalog one line naming
# where it came from, exit 1. No script either way.
for bad in 'http://a?b' 'http://a/pxe?x=1' 'http://a/pxe#x' 'http://:8080' \
    'http://' 'http://a b' 'http://a/${x}' 'http://a:99999' 'http://a;b'; do
	bd_run 2 bd preview "$mac" -i "$img" --base-url "$bad"
	bd_one_error "--base-url wants an http:// URL \\(http://HOST\\[:PORT\\]\\[/PATH\\]\\), not"
	[ ! -s "$T/out" ] || bd_fail "preview printed a script for '$bad'"
done
bd_run 2 bd preview "$mac" -i "$img" --base-url 'http://a/pxe?x=1'
bd_one_error "it has a '\\?', where iPXE would cut its paths"
bd_run 0 bd preview "$mac" -i "$img" --base-url 'https://[::1]:8443/pxe/'
bd_expect_grep 'https://\[::1\]:8443/pxe/entry/memtest\?' "$T/out"
bd_run 1 env BOOTDECK_BASE_URL='http://env.example/pxe?x' "$BOOTDECK" \
    -c "$T/url.conf" preview "$mac"
bd_one_error "base_url 'http://env\\.example/pxe\\?x' from \\\$BOOTDECK_BASE_URL is not http://HOST\\[:PORT\\]\\[/PATH\\]: it has a '\\?'"
[ ! -s "$T/out" ] || bd_fail "preview printed a script for a bad environment"
printf 'images = %s\nbase_url = http://conf.example#x\n' "$img" > "$T/bad.conf"
bd_run 1 "$BOOTDECK" -c "$T/bad.conf" preview "$mac"
bd_one_error "base_url 'http://conf\\.example#x' from $T/bad\\.conf is not http://HOST"
[ ! -s "$T/out" ] || bd_fail "preview printed a script for a bad config"
# Catalogs from before this check may hold a '?': refused the same way.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$BOOTDECK_DB" "INSERT OR REPLACE INTO settings (key, value)
	    VALUES ('base_url', 'http://cat.example/a?b')"
	bd_run 1 bd preview "$mac" -i "$img"
	bd_one_error "base_url 'http://cat\\.example/a\\?b' from the catalog .*it has a '\\?'"
	[ ! -s "$T/out" ] || bd_fail "preview printed a script for a bad catalog"
	# What beats it still works.
	bd_run 0 bd preview "$mac" -i "$img" --base-url "$url"
fi
