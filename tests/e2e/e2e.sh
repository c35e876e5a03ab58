# tests/e2e/e2e.sh: boots real iPXE under QEMU against a real bootdeckd (sourced after tests/lib.sh).
#
# The guest network is QEMU user mode with restrict=on: the guest reaches
# nothing but one forwarded address, http://10.0.2.100 (port 80), which a
# socat per connection joins to bootdeckd on 127.0.0.1. (10.0.2.2 is not
# reachable under restrict=on and cannot carry a guestfwd.) DHCP hands out
# the bare http://10.0.2.100/boot.ipxe, as a stock iPXE would be told.
#
# Assets are built once per cache directory ($BOOTDECK_E2E_CACHE, default
# $top_builddir/tests/e2e/cache) under a lock, so parallel tests share them;
# the Linux kernel there comes from fetch-kernel.sh.

E2E_DIR="$top_srcdir/tests/e2e"
E2E_CACHE=${BOOTDECK_E2E_CACHE:-$top_builddir/tests/e2e/cache}
E2E_ROM=/usr/lib/ipxe/qemu/efi-virtio.rom
E2E_OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
E2E_OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
E2E_GUEST_URL=http://10.0.2.100
# TCG on two shared cores is slow; a boot that takes longer is broken.
E2E_TIMEOUT=${BOOTDECK_E2E_TIMEOUT:-240}
# iPXE's own error lines end in an error URL (http://ipxe.org/3c092003);
# its banner has only the bare site.
E2E_IPXE_ERROR='Could not boot|Could not open|Error 0x|ipxe\.org/[0-9a-f]{8}'
# Text that means the boot went wrong: e2e_wait gives up at once on it.
E2E_FATAL="Kernel panic|No bootable device|$E2E_IPXE_ERROR"

# e2e_init [kernel]: skips unless QEMU, the firmware and the asset tools
# are here (and the fetched kernel, when "kernel" is given), then builds
# or reuses the assets and sets E2E_ASSETS.
e2e_init() {
	# CI's second pass (ASan) boots a core set only: a BIOS sanboot and
	# the HTTPS chain; the first pass boots them all against the same
	# code, and each is half a minute or more of TCG.
	if [ "${BOOTDECK_GUEST_BOOTS:-all}" = core ]; then
		case ${0##*/} in
		bios-iso.sh|https.sh) ;;
		*) bd_skip "this guest boot runs in one pass only" \
		    "(BOOTDECK_GUEST_BOOTS=core)" ;;
		esac
	fi
	bd_need qemu-system-x86_64 socat grub-mkrescue xorriso mformat cpio \
	    gzip flock
	for f in "$E2E_ROM" "$E2E_OVMF_CODE" "$E2E_OVMF_VARS" /bin/busybox \
	    /boot/memtest86+x64.bin /boot/memtest86+x64.efi \
	    /usr/lib/grub/i386-pc/boot_hybrid.img \
	    /usr/lib/grub/x86_64-efi/moddep.lst; do
		[ -e "$f" ] || bd_skip "$f is missing (see ./quickstart check)"
	done
	if [ "${1:-}" = kernel ] && [ ! -s "$E2E_CACHE/vmlinuz" ]; then
		bd_skip "no Linux kernel at $E2E_CACHE/vmlinuz: run tests/e2e/fetch-kernel.sh $E2E_CACHE"
	fi
	mkdir -p "$E2E_CACHE"
	# The assets' directory is named after the builder's checksum, so a
	# changed builder never reuses stale assets.
	key=$(cksum < "$E2E_DIR/mkassets.sh" | cut -d ' ' -f 1)
	E2E_ASSETS="$E2E_CACHE/assets-$key"
	(
		flock 9
		if [ ! -d "$E2E_ASSETS" ]; then
			# Sets from older builders are of no more use.
			rm -rf "$E2E_CACHE"/assets-*
			sh "$E2E_DIR/mkassets.sh" "$E2E_ASSETS.tmp" &&
			    mv "$E2E_ASSETS.tmp" "$E2E_ASSETS"
		fi
	) 9>"$E2E_CACHE/.lock" || bd_fail "building the e2e assets failed"
	printf '\370\003' > "$T/sercon-port"
	mkdir -p "$T/images"
}

# e2e_live_init: skips unless the tools of tests/e2e/mklive.sh are here,
# then builds or reuses its live payloads (a Debian kernel, debian-live.iso
# and fedora-live.iso) and sets E2E_LIVE to their directory. A cold build
# downloads some 70 MB of Debian packages and takes minutes, so the sets
# live outside the clone (CI clones afresh), in $BOOTDECK_CACHE (default
# $XDG_CACHE_HOME/bootdeck), named after the builder's checksum; sets no
# test used for a week are removed.
e2e_live_init() {
	# CI's second pass (ASan) leaves these out: each is minutes of TCG,
	# and the first pass has booted them against the same code.
	[ "${BOOTDECK_E2E_LIVE:-1}" != 0 ] ||
	    bd_skip "live boots run in one pass only (BOOTDECK_E2E_LIVE=0)"
	bd_need qemu-system-x86_64 socat flock apt-get dpkg-deb unshare \
	    chroot mksquashfs mkfs.ext4 grub-mkrescue xorriso mformat cpio
	cache=${BOOTDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bootdeck}
	mkdir -p "$cache"
	key=$(cksum < "$E2E_DIR/mklive.sh" | cut -d ' ' -f 1)
	E2E_LIVE="$cache/live-$key"
	(
		flock 9
		if [ ! -f "$E2E_LIVE/MANIFEST" ]; then
			sh "$E2E_DIR/mklive.sh" "$E2E_LIVE" || exit 1
		fi
		touch "$E2E_LIVE"
		find "$cache" -maxdepth 1 -name 'live-*' -mtime +7 \
		    -exec rm -rf {} +
	) 9>"$cache/.live.lock" || bd_fail "building the live payloads failed"
}

# e2e_image ASSET [NAME]: puts an asset into the images directory as NAME
# (a hard link when it can; bootdeckd refuses symlinks leaving the root).
e2e_image() {
	case $1 in
	vmlinuz) src="$E2E_CACHE/vmlinuz" ;;
	*) src="$E2E_ASSETS/$1" ;;
	esac
	dst="$T/images/${2:-$1}"
	mkdir -p "$(dirname "$dst")"
	ln -f "$src" "$dst" 2>/dev/null || cp "$src" "$dst"
}

# e2e_boot NAME bios|efi MAC [--disk] [QEMU ARGS...]: starts a VM that
# network-boots from bootdeckd ($BD_PORT) with its serial console in
# $T/NAME.serial. --disk attaches the local disk image (read-only, so
# parallel VMs share it) as the boot device after the network.
e2e_boot() {
	name=$1 plat=$2 mac=$3
	shift 3
	if [ "${1:-}" = --disk ]; then
		shift
		set -- -drive "file=$E2E_ASSETS/localdisk.img,format=raw,if=none,id=d0,readonly=on" \
		    -device virtio-blk-pci,drive=d0,bootindex=2 "$@"
	fi
	case $plat in
	bios)
		# SeaBIOS mirrors int 10h text (iPXE's console) to this port;
		# the value is read as a little-endian integer, not a string.
		set -- -fw_cfg "name=etc/sercon-port,file=$T/sercon-port" "$@"
		;;
	efi)
		[ -f "$T/$name.vars" ] || cp "$E2E_OVMF_VARS" "$T/$name.vars"
		# OVMF's own PXE and HTTP boot would run after iPXE exits
		# (and probe our server); iPXE has its own driver.
		set -- -drive "if=pflash,format=raw,readonly=on,file=$E2E_OVMF_CODE" \
		    -drive "if=pflash,format=raw,file=$T/$name.vars" \
		    -fw_cfg name=opt/org.tianocore/IPv4Support,string=n \
		    -fw_cfg name=opt/org.tianocore/IPv6Support,string=n "$@"
		;;
	*) bd_fail "e2e_boot: bad platform $plat" ;;
	esac
	: > "$T/$name.serial"
	# disable-legacy: Debian's ROM is for the virtio 1.0 device id 1af4:1041;
	# SeaBIOS skips it on the transitional device (1af4:1000).
	qemu-system-x86_64 -accel tcg -m "${E2E_MEM:-512}" -smp 1 -display none -no-reboot \
	    -serial "file:$T/$name.serial" \
	    -netdev "user,id=n0,restrict=on,bootfile=$E2E_GUEST_URL/boot.ipxe,guestfwd=tcp:10.0.2.100:80-cmd:socat - TCP:127.0.0.1:$BD_PORT" \
	    -device "virtio-net-pci,disable-legacy=on,netdev=n0,mac=$mac,romfile=$E2E_ROM,bootindex=1" \
	    "$@" >"$T/$name.qemu.log" 2>&1 &
	E2E_QEMU_PID=$!
	BD_PIDS="$BD_PIDS $E2E_QEMU_PID"
	E2E_START=$(date +%s)
}

# e2e_text NAME: the serial log as plain text: cursor moves become line
# breaks (full-screen programs draw with them), other escapes spaces.
e2e_text() {
	sed 's/\x1b\[[0-9;]*[Hf]/\n/g; s/\x1b\[[0-9;?=]*[A-Za-z]/ /g;
	    s/\x1b[c()][0-9A-Za-z]\{0,1\}//g' "$T/$1.serial" |
	    tr -d '\r' | tr -s ' '
}

# e2e_said NAME: e2e_text without what is no error: a current iPXE on
# UEFI first looks for autoexec.ipxe beside itself, and says (with an
# error URL) that there is none.
e2e_said() {
	e2e_text "$1" | grep -v 'autoexec\.ipxe\.\.\. Not found'
}

# e2e_wait NAME REGEX: waits until REGEX (extended) shows on NAME's serial
# log; fails at once if QEMU exits without it or E2E_FATAL text shows,
# or after E2E_TIMEOUT.
e2e_wait() {
	limit=$(( $(date +%s) + E2E_TIMEOUT ))
	while :; do
		if grep -aEq -- "$2" "$T/$1.serial"; then
			echo "$1: '$2' after $(( $(date +%s) - E2E_START )) s"
			return 0
		fi
		if e2e_said "$1" | grep -Eq -- "$E2E_FATAL"; then
			e2e_dump "$1"
			bd_fail "$1: boot failed before '$2'"
		fi
		if ! kill -0 "$E2E_QEMU_PID" 2>/dev/null; then
			# It may have written the marker just before exiting.
			grep -aEq -- "$2" "$T/$1.serial" && return 0
			e2e_dump "$1"
			bd_fail "$1: QEMU exited without '$2'"
		fi
		if [ "$(date +%s)" -ge "$limit" ]; then
			e2e_dump "$1"
			bd_fail "$1: no '$2' within $E2E_TIMEOUT s"
		fi
		sleep 0.2
	done
}

# e2e_stop: kills the VM and waits for it.
e2e_stop() {
	kill "$E2E_QEMU_PID" 2>/dev/null || true
	wait "$E2E_QEMU_PID" 2>/dev/null || true
	BD_PIDS=$(echo "$BD_PIDS" | sed "s/ $E2E_QEMU_PID\$//; s/ $E2E_QEMU_PID / /")
}

# e2e_no_ipxe_error NAME: iPXE printed no error on the way.
e2e_no_ipxe_error() {
	if e2e_said "$1" | grep -Eq -- "$E2E_IPXE_ERROR"; then
		e2e_dump "$1"
		bd_fail "$1: iPXE reported an error"
	fi
}

e2e_dump() {
	echo "--- $1 serial console (plain text, last 60 lines):"
	e2e_text "$1" | grep -v '^ *$' | tail -n 60 | cut -c 1-200
	echo "--- $1 QEMU:"
	cat "$T/$1.qemu.log"
}

# e2e_all_match FILE PATTERN...: FILE matches every extended PATTERN.
e2e_all_match() {
	f=$1
	shift
	for pat in "$@"; do
		grep -Eq -- "$pat" "$f" || return 1
	done
}

# e2e_check_output NAME PATTERN...: `bootdeck NAME` shows every PATTERN,
# polled for a while: bootdeckd writes its events in batches.
e2e_check_output() {
	what=$1
	shift
	i=0
	while :; do
		"$BOOTDECK" "$what" > "$T/bootdeck-$what.out" 2>&1 ||
		    bd_fail "bootdeck $what failed: $(cat "$T/bootdeck-$what.out")"
		e2e_all_match "$T/bootdeck-$what.out" "$@" && return 0
		i=$((i + 1))
		[ "$i" -lt 100 ] || break
		sleep 0.1
	done
	for pat in "$@"; do
		bd_expect_grep "$pat" "$T/bootdeck-$what.out"
	done
}

# e2e_check_log PATTERN...: `bootdeck log` shows every PATTERN.
e2e_check_log() {
	e2e_check_output log "$@"
}

# e2e_check_clients PATTERN...: `bootdeck clients` shows every PATTERN.
e2e_check_clients() {
	e2e_check_output clients "$@"
}

# e2e_size ASSET: the size in bytes of an image in the images directory.
e2e_size() {
	wc -c < "$T/images/$1" | tr -d ' '
}

# e2e_boot_tap NAME bios|efi MAC NETNS TAP ROM [QEMU ARGS...]: like
# e2e_boot, but the NIC is tap device TAP in network namespace NETNS (QEMU
# runs inside it) and the firmware's own network stack is left on. ROM is
# the NIC's option ROM; empty: none (OVMF then PXE-boots by itself).
e2e_boot_tap() {
	name=$1 plat=$2 mac=$3 ns=$4 tap=$5 rom=$6
	shift 6
	case $plat in
	bios)
		set -- -fw_cfg "name=etc/sercon-port,file=$T/sercon-port" "$@"
		;;
	efi)
		[ -f "$T/$name.vars" ] || cp "$E2E_OVMF_VARS" "$T/$name.vars"
		set -- -drive "if=pflash,format=raw,readonly=on,file=$E2E_OVMF_CODE" \
		    -drive "if=pflash,format=raw,file=$T/$name.vars" \
		    -fw_cfg name=opt/org.tianocore/IPv6Support,string=n "$@"
		;;
	*) bd_fail "e2e_boot_tap: bad platform $plat" ;;
	esac
	: > "$T/$name.serial"
	ip netns exec "$ns" qemu-system-x86_64 -accel tcg -m 512 -smp 1 \
	    -display none -no-reboot -serial "file:$T/$name.serial" \
	    -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
	    -device "virtio-net-pci,disable-legacy=on,netdev=n0,mac=$mac,romfile=$rom,bootindex=1" \
	    "$@" >"$T/$name.qemu.log" 2>&1 &
	E2E_QEMU_PID=$!
	BD_PIDS="$BD_PIDS $E2E_QEMU_PID"
	E2E_START=$(date +%s)
}
