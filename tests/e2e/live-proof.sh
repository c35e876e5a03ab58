#!/bin/sh
# tests/e2e/live-proof.sh: boots mklive.sh's live ISOs' kernel+initrd under QEMU with each family's net-boot arguments.
#
# Usage: tests/e2e/live-proof.sh [debian|fedora]... (run by hand from the
#        source tree; not part of make check)
#
# The kernel arguments that the ISO recipes give each family, proven
# without bootdeckd: QEMU loads the ISO's kernel and initrd itself (-kernel,
# SeaBIOS and OVMF alike) and the initramfs (live-boot, dracut) fetches the
# root squashfs over HTTP from a plain busybox httpd serving each ISO's
# files at /images/<iso>/<inner path>, the URL shape bootdeckd uses. The
# guest reaches it the way the e2e tests reach bootdeckd (restrict=on,
# http://10.0.2.100). Passes when every boot prints its root's marker.
# Environment: LIVE_PROOF_MEM (MiB, default 1024), LIVE_PROOF_FW (default
# "bios efi"), BOOTDECK_CACHE (where e2e_live_init keeps the payloads).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

families=${*:-debian fedora}
mem=${LIVE_PROOF_MEM:-1024}

# family FAMILY URL: sets the kernel, the initrd (paths inside the ISO) and
# the kernel arguments of FAMILY, whose ISO's files are at URL.
family() {
	case $1 in
	debian)
		kernel=live/vmlinuz initrd=live/initrd.img
		append="boot=live fetch=$2/live/filesystem.squashfs ip=dhcp console=ttyS0"
		;;
	fedora)
		kernel=images/pxeboot/vmlinuz initrd=images/pxeboot/initrd.img
		append="root=live:$2/LiveOS/squashfs.img rd.neednet=1 ip=dhcp console=ttyS0"
		;;
	*) bd_fail "unknown family $1 (debian, fedora)" ;;
	esac
}

bd_need busybox
e2e_live_init
sed -n 2p "$E2E_LIVE/MANIFEST"

for fam in $families; do
	family "$fam" ""
	dir="$T/srv/images/$fam-live.iso"
	mkdir -p "$dir"
	xorriso -osirrox on -indev "$E2E_LIVE/$fam-live.iso" -extract / "$dir" \
	    >"$T/xorriso.log" 2>&1 || bd_fail "extracting $fam-live.iso failed"
done

# A free loopback port for httpd: the kernel picks one, then it is let go.
port=0
for try in 1 2 3 4 5; do
	port=$(( 20000 + ($$ * 7 + try * 1009) % 40000 ))
	busybox httpd -f -p "127.0.0.1:$port" -h "$T/srv" 2>"$T/httpd.log" &
	httpd=$!
	sleep 0.3
	kill -0 "$httpd" 2>/dev/null && break
	port=0
done
[ "$port" != 0 ] || bd_fail "busybox httpd could not listen"
BD_PIDS="$BD_PIDS $httpd"
BD_PORT=$port

for fam in $families; do
	for fw in ${LIVE_PROOF_FW:-bios efi}; do
		name=$fam-$fw
		family "$fam" "$E2E_GUEST_URL/images/$fam-live.iso"
		fwargs=""
		if [ "$fw" = efi ]; then
			cp "$E2E_OVMF_VARS" "$T/$name.vars"
			fwargs="-drive if=pflash,format=raw,readonly=on,file=$E2E_OVMF_CODE
			    -drive if=pflash,format=raw,file=$T/$name.vars"
		fi
		: > "$T/$name.serial"
		# shellcheck disable=SC2086
		qemu-system-x86_64 -accel tcg -m "$mem" -smp 1 -display none \
		    -no-reboot $fwargs -serial "file:$T/$name.serial" \
		    -kernel "$T/srv/images/$fam-live.iso/$kernel" \
		    -initrd "$T/srv/images/$fam-live.iso/$initrd" \
		    -append "$append" \
		    -netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:socat - TCP:127.0.0.1:$BD_PORT" \
		    -device virtio-net-pci,netdev=n0 >"$T/$name.qemu.log" 2>&1 &
		E2E_QEMU_PID=$!
		BD_PIDS="$BD_PIDS $E2E_QEMU_PID"
		E2E_START=$(date +%s)
		echo "$name: -m $mem -append '$append'"
		e2e_wait "$name" "BOOTDECK-LIVE-ROOT $fam-live"
		e2e_wait "$name" "BOOTDECK-LIVE-ROOTFS"
		grep -a -m 1 BOOTDECK-LIVE-ROOTFS "$T/$name.serial"
		e2e_stop
	done
done
echo "live-proof: every boot reached its root's marker"
