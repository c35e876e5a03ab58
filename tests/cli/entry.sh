#!/bin/sh
# tests/cli/entry.sh: entry add of every kind, list, show, partial set, rename, rm with and without --force.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_run 0 bd init
# The images the entries below name are there: no warnings.
mkdir -p "$T/images"
echo "images = $T/images" >> "$T/bootdeck.conf"
for f in debian-12.iso fdos.iso vmlinuz vmlinuz.efi initrd.img extra.img; do
	: > "$T/images/$f"
done

# Every kind.
bd_run 0 bd entry add deb --title "Debian 12" --iso debian-12.iso --key d
bd_no_error
bd_run 0 bd entry add dos --title "FreeDOS" --memdisk fdos.iso --platform bios
bd_run 0 bd entry add linux --title "Linux" --kernel vmlinuz \
    --kernel-efi vmlinuz.efi --initrd initrd.img --initrd extra.img \
    --args "console=ttyS0 quiet"
bd_run 0 bd entry add local --title "Local disk" --localboot --key l
bd_run 0 bd entry add xyz --title "netboot.xyz" \
    --chain http://boot.netboot.xyz/ipxe/netboot.xyz.lkrn --platform efi
bd_run 0 bd entry add sh --title "iPXE shell" --shell --disabled
printf '#!ipxe\necho custom one\nshell\n' > "$T/custom.ipxe"
bd_run 0 bd entry add custom --title "Custom" --script "$T/custom.ipxe"
printf '#!ipxe\necho from stdin\n' |
    bd_run 0 bd entry add piped --title "Piped" --script -

bd_run 0 bd entry list
cp "$T/out" "$T/list"
bd_expect_grep '^POS +KEY +NAME +KIND +PLATFORM +ENABLED +TARGET$' "$T/list"
bd_expect_grep '^1 +d +deb +iso +any +yes +debian-12\.iso$' "$T/list"
bd_expect_grep '^2 +- +dos +memdisk +bios +yes +fdos\.iso$' "$T/list"
bd_expect_grep '^3 +- +linux +kernel +any +yes +vmlinuz \(efi: vmlinuz\.efi\)$' "$T/list"
bd_expect_grep '^4 +l +local +localboot +any +yes +-$' "$T/list"
bd_expect_grep '^5 +- +xyz +chain +efi +yes +http://boot\.netboot\.xyz/ipxe/netboot\.xyz\.lkrn$' "$T/list"
bd_expect_grep '^6 +- +sh +shell +any +no +-$' "$T/list"
bd_expect_grep "^7 +- +custom +script +any +yes +\\(script, $(wc -c < "$T/custom.ipxe") bytes\\)\$" "$T/list"
bd_expect_grep '^8 +- +piped +script ' "$T/list"
bd_expect_eq "list lines" 9 "$(wc -l < "$T/list")"
# Columns line up: every row has TARGET where the header has it.
col=$(head -n 1 "$T/list" | awk '{ print index($0, "TARGET") }')
awk -v c="$col" 'NR > 1 && substr($0, c - 2, 2) != "  " { exit 1 }' \
    "$T/list" || bd_fail "columns are not aligned"

bd_run 0 bd entry show linux
bd_expect_grep '^kernel: +vmlinuz$' "$T/out"
bd_expect_grep '^kernel-efi: +vmlinuz\.efi$' "$T/out"
bd_expect_eq "initrds" "initrd.img extra.img" \
    "$(sed -n 's/^initrd: *//p' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
bd_expect_grep '^args: +console=ttyS0 quiet$' "$T/out"
bd_run 0 bd entry show piped
bd_expect_grep 'echo from stdin' "$T/out"
bd_run 0 bd entry list --long
bd_expect_grep '^title: +netboot\.xyz$' "$T/out"

# Bad adds: usage errors (2) leave nothing behind; catalog refusals are 1.
bd_run 1 bd entry add deb --title "Again" --shell
bd_one_error "deb"
bd_run 2 bd entry add nokind --title "No kind"
bd_one_error "missing the kind"
bd_run 2 bd entry add notitle --shell
bd_one_error "missing --title"
bd_run 2 bd entry add two --title Two --shell --localboot
bd_one_error "--shell and --localboot"
bd_run 2 bd entry add efidos --title X --memdisk x.iso --platform efi
bd_one_error "."
bd_run 2 bd entry add badplat --title X --shell --platform arm
bd_one_error "--platform wants"
bd_run 2 bd entry add badkey --title X --shell --key ab
bd_one_error "--key wants one character"
bd_run 2 bd entry add "bad name" --title X --shell
bd_one_error "."
bd_run 2 bd entry add shellargs --title X --shell --args quiet
bd_one_error "--args is not used by shell entries"
bd_run 2 bd entry add isoinitrd --title X --iso x.iso --no-initrds
bd_one_error "--no-initrds is not used by iso entries"
bd_run 1 bd entry add noscript --title X --script "$T/missing.ipxe"
bd_one_error "missing.ipxe: No such file"
bd_run 2 bd entry add a b --title X --shell
bd_one_error "unexpected argument 'b'"
bd_run 0 bd entry list
cmp "$T/out" "$T/list" || bd_fail "a failed add changed the entries"

# set changes only what it is given.
bd_run 0 bd entry set linux --args "console=tty0"
bd_no_error
bd_run 0 bd entry show linux
bd_expect_grep '^args: +console=tty0$' "$T/out"
bd_expect_grep '^title: +Linux$' "$T/out"
bd_expect_grep '^kernel: +vmlinuz$' "$T/out"
bd_expect_grep '^kernel-efi: +vmlinuz\.efi$' "$T/out"
bd_expect_eq "initrds kept" 2 "$(grep -c '^initrd:' "$T/out")"
bd_expect_grep '^position: +3$' "$T/out"
bd_run 0 bd entry set linux --initrd only.img --title "Linux 6" --key x
bd_run 0 bd entry show linux
bd_expect_eq "initrds replaced" "only.img" \
    "$(sed -n 's/^initrd: *//p' "$T/out")"
bd_expect_grep '^title: +Linux 6$' "$T/out"
bd_expect_grep '^key: +x$' "$T/out"
bd_expect_grep '^args: +console=tty0$' "$T/out"
bd_run 0 bd entry set linux --no-initrds --kernel-efi '' --key ''
bd_run 0 bd entry show linux
grep -q '^initrd:' "$T/out" && bd_fail "--no-initrds kept initrds"
grep -q '^kernel-efi:' "$T/out" && bd_fail "--kernel-efi '' kept it"
grep -q '^key:' "$T/out" && bd_fail "--key '' kept it"
bd_run 0 bd entry set sh --enable --platform bios
bd_run 0 bd entry list
bd_expect_grep '^6 +- +sh +shell +bios +yes +-$' "$T/out"
bd_run 0 bd entry set sh --disable
bd_run 0 bd entry list
bd_expect_grep '^6 +- +sh +shell +bios +no +-$' "$T/out"
# A new kind replaces the old kind's fields.
bd_run 0 bd entry set linux --iso rescue.iso
bd_run 0 bd entry show linux
bd_expect_grep '^kind: +iso$' "$T/out"
bd_expect_grep '^target: +rescue\.iso$' "$T/out"
grep -q '^args:' "$T/out" && bd_fail "the kernel args survived a kind change"
bd_expect_grep '^title: +Linux 6$' "$T/out"
# Fields of another kind are refused.
bd_run 2 bd entry set deb --initrd x.img
bd_one_error "."
# Position: moves, the rest renumbered densely.
bd_run 0 bd entry set custom --position 1
bd_run 0 bd entry list
bd_expect_grep '^1 +- +custom +script ' "$T/out"
bd_expect_grep '^2 +d +deb +iso ' "$T/out"
bd_expect_grep '^8 +- +piped +script ' "$T/out"
bd_expect_eq "positions" "1 2 3 4 5 6 7 8" \
    "$(awk 'NR > 1 { printf "%s%s", sep, $1; sep = " " }' "$T/out")"
bd_run 0 bd entry add last --title Last --shell --position 2
bd_run 0 bd entry list
bd_expect_grep '^2 +- +last +shell ' "$T/out"
bd_expect_grep '^9 +- +piped +script ' "$T/out"
bd_run 2 bd entry set linux
bd_one_error "nothing to change"
bd_run 1 bd entry set nosuch --title X
bd_one_error "nosuch"

# Rename: hosts and the menu default follow.
bd_run 0 bd host set 52:54:00:00:00:01 --default deb --next deb
bd_run 0 bd menu set --default deb
bd_run 0 bd entry set deb --name debian
bd_run 0 bd entry list
bd_expect_grep '^3 +d +debian +iso ' "$T/out"
grep -Eq ' deb ' "$T/out" && bd_fail "the old name is still listed"
bd_run 0 bd host list
bd_expect_grep '^52:54:00:00:00:01 +- +debian +debian ' "$T/out"
bd_run 0 bd menu
bd_expect_grep '^default: +debian$' "$T/out"
bd_run 1 bd entry set debian --name local
bd_one_error "local"

# rm refuses while in use, naming the users; --force clears them.
bd_run 0 bd host set 52-54-00-00-00-02 --next debian
bd_run 1 bd entry rm debian
bd_one_error "entry 'debian' is in use by host 52:54:00:00:00:01 \(default and next boot\), host 52:54:00:00:00:02 \(next boot\), the menu default; use --force"
bd_run 0 bd entry show debian
bd_run 0 bd entry rm debian --force
bd_expect_grep "removed entry 'debian'" "$T/out"
bd_run 1 bd entry show debian
bd_one_error "debian"
bd_run 0 bd host list
bd_expect_grep '^52:54:00:00:00:01 +- +- +- ' "$T/out"
bd_expect_grep '^52:54:00:00:00:02 +- +- +- ' "$T/out"
bd_run 0 bd menu
bd_expect_grep '^default: +none$' "$T/out"
bd_run 0 bd entry rm piped
bd_no_error
[ ! -s "$T/out" ] || bd_fail "plain rm printed something"
bd_run 1 bd entry rm piped
bd_one_error "piped"
# The entry unknown clients boot (menu set --unknown) is named as such, and
# --force says it cleared that use too.
bd_run 0 bd entry add unk --title "For strangers" --shell
bd_run 0 bd menu set --unknown unk
bd_run 1 bd entry rm unk
bd_one_error "entry 'unk' is in use by what unknown clients boot \(menu set --unknown\); use --force"
bd_run 0 bd entry rm unk --force
bd_no_error
bd_expect_grep "^removed entry 'unk'; it is no longer used by what unknown clients boot" "$T/out"
bd_run 0 bd menu
bd_expect_grep '^unknown: +none \(the menu\)$' "$T/out"
bd_run 0 bd entry list
bd_expect_eq "entries left" 8 "$(wc -l < "$T/out")"

# What the console's form says too: an image missing under the images
# directory and a title clients see otherwise are saved with a warning
# each (after the entry is); --strict refuses them and saves nothing.
bd_run 0 bd entry add gone --title "Gone" --iso gone.iso
bd_one_error "warning: iso: no file 'gone\.iso' under $T/images\$"
bd_run 0 bd entry show gone
bd_run 0 bd entry add fancy --title 'Café — $5 #1' --kernel vmlinuz \
    --initrd initrd.img --initrd nope.img
bd_expect_eq "warnings" "bootdeck: warning: title: clients will see 'Cafe - _5 _1'
bootdeck: warning: initrd: no file 'nope.img' under $T/images" "$(cat "$T/err")"
bd_run 0 bd entry set fancy --title "Plain" --no-initrds
bd_no_error
bd_run 0 bd entry set fancy --title 'Café'
bd_one_error "warning: title: clients will see 'Cafe'\$"
cp "$T/images/debian-12.iso" "$T/images/gone.iso"
bd_run 0 bd entry set gone --title "Back"
bd_no_error
bd_run 0 bd entry list
cp "$T/out" "$T/list"
bd_run 1 bd entry add strict --title "Strict" --iso missing.iso --strict
bd_expect_eq "strict refusal" "bootdeck: iso: no file 'missing.iso' under $T/images
bootdeck: --strict: entry 'strict' not saved" "$(cat "$T/err")"
bd_run 1 bd entry set fancy --title '50$' --strict
bd_expect_grep "^bootdeck: title: clients will see '50_'\$" "$T/err"
bd_run 0 bd entry add strict --title "Strict" --iso gone.iso --strict
bd_no_error
bd_run 0 bd entry show fancy
bd_expect_grep '^title: +Caf' "$T/out"
