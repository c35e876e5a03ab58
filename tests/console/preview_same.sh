#!/bin/sh
# tests/console/preview_same.sh: bootdeckd, `bootdeck preview` and the console's Preview give byte-identical scripts.
. "$top_srcdir/tests/console/console.sh"
bd_need curl

mac=52:54:00:5a:5a:01
# Every rule the three once disagreed on: a disabled entry (never offered),
# the catalog's base_url (beats the request's Host; nothing configured
# beats it here), the arch a BIOS client reports when it does not say.
"$BOOTDECK" init >/dev/null
"$BOOTDECK" entry add linux --title "Linux rescue" --key l \
    --kernel linux/vmlinuz --kernel-efi linux/vmlinuz.efi \
    --initrd linux/initrd.img --initrd linux/extra.img \
    --args "console=ttyS0 quiet"
"$BOOTDECK" entry add inst --title "Installer ISO" --iso inst.iso
"$BOOTDECK" entry add old --title "Old tool" --memdisk old.iso --disabled
"$BOOTDECK" entry add disk --title "Local disk" --localboot
"$BOOTDECK" menu set --title "Same everywhere" --timeout 7 --default disk \
    --base-url http://boot.lab:8080/pxe
"$BOOTDECK" host set "$mac" --name web1 --default linux
unset BOOTDECK_BASE_URL
bd_start_server

# One script three ways: the server's body, preview's stdout, and the
# console's Preview pane (wide enough that no line is cut).
server_script() { # PATH PLATFORM [ARCH]
	curl -s "$BD_URL$1?mac=$mac&platform=$2${3:+&arch=$3}"
}
con_tmux new -d -x 250 -y 80 -s "$CON_S" "env TERM=screen sh -c '
    BOOTDECK_IMAGES=\"$T/images\" \"$BOOTDECK\" -d \"$BOOTDECK_DB\"
    exec sleep 600'"
BD_PIDS="$BD_PIDS $(con_tmux display -p -t "$CON_S" '#{pid}')"
con_wait "1 Entries"
console_script() { # LINES: the script shown from its #!ipxe on
	con_screen | sed 's/[[:space:]]*$//' | sed -n '/^#!ipxe$/,$p' |
	    head -n "$1"
}
same() { # WHAT: $T/server, $T/preview and the console must agree
	n=$(wc -l < "$T/server")
	[ "$n" -gt 3 ] || bd_fail "$1: the server sent almost nothing"
	grep -q 'http://boot.lab:8080/pxe/' "$T/server" ||
	    bd_fail "$1: the catalog's base_url is not in the script"
	cmp "$T/server" "$T/preview" || {
		diff -u "$T/server" "$T/preview"
		bd_fail "$1: bootdeck preview differs from bootdeckd"
	}
	console_script "$n" > "$T/console"
	cmp "$T/server" "$T/console" || {
		diff -u "$T/server" "$T/console"
		bd_fail "$1: the console's Preview differs from bootdeckd"
	}
}

for plat in pcbios efi; do
	key=b
	[ "$plat" = efi ] && key=u
	# The boot script of the host: the menu, with its default.
	server_script /boot.ipxe "$plat" > "$T/server"
	"$BOOTDECK" preview "$mac" --platform "$plat" -i "$T/images" \
	    > "$T/preview" 2>/dev/null || true
	con_keys 6 m C-u "$mac" Enter "$key"
	con_wait "boot script of $mac on $( [ $plat = efi ] && echo UEFI || echo BIOS)"
	con_wait "menu Same everywhere"
	same "boot script, $plat"
	grep -q 'Old tool' "$T/server" && bd_fail "a disabled entry was offered"

	# One entry, as /entry/linux: kernel, initrds, arguments.
	server_script /entry/linux "$plat" > "$T/server"
	"$BOOTDECK" preview "$mac" --platform "$plat" --entry linux \
	    -i "$T/images" > "$T/preview" 2>/dev/null || true
	con_keys 1 g p "$key"
	con_wait "entry linux for $mac on $( [ $plat = efi ] && echo UEFI || echo BIOS)"
	con_wait "console=ttyS0 quiet"
	same "entry linux, $plat"
done

# A disabled entry: the server has none to give, and the previews say why.
curl -s -o /dev/null -w '%{http_code}' "$BD_URL/entry/old?mac=$mac&platform=pcbios" \
    > "$T/code"
bd_expect_eq "disabled entry status" 404 "$(cat "$T/code")"
if "$BOOTDECK" preview "$mac" --entry old > "$T/preview" 2> "$T/err"; then
	bd_fail "preview of a disabled entry succeeded"
fi
bd_expect_grep "entry 'old' is disabled" "$T/err"
con_keys 1 g j j p
con_wait "entry 'old' is disabled"
exit 0
