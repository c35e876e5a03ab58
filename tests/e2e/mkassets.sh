#!/bin/sh
# tests/e2e/mkassets.sh: builds the boot assets the end-to-end tests serve.
#
# Usage: mkassets.sh OUTDIR
#
# Writes into OUTDIR (which must not exist yet; the caller builds into a
# temporary directory and renames it, so a half-built set is never used):
#   iso.iso          GRUB rescue image (hybrid BIOS+UEFI, CD and disk) whose
#                    grub.cfg prints BOOTDECK-MARKER-ISO on serial and halts
#   localdisk.img    the same kind of image printing BOOTDECK-MARKER-LOCALDISK,
#                    attached to the VMs as their local hard disk
#   initrd.cpio.gz   busybox initramfs whose /init prints
#                    "BOOTDECK-CMDLINE: <the kernel command line>", then
#                    "BOOTDECK-INIT-DONE", and powers off
#   memtest86+x64.bin, memtest86+x64.efi   from Debian's memtest86+ package
set -eu

out=$1
[ ! -e "$out" ] || { echo "mkassets: $out exists" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/bootdeck-mkassets.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The modules grub.cfg needs; installing only these keeps the image small
# (sanboot reads it over HTTP one Range request at a time).
# GRUB's early config probes every partition map: list them all to keep
# "file not found" noise out of the serial log.
grub_modules="normal echo serial terminal halt test configfile iso9660 fat \
	part_msdos part_gpt part_acorn part_amiga part_apple part_bsd \
	part_dfly part_dvh part_plan part_sun part_sunpc"

# mkgrub IMAGE MARKER: a grub-mkrescue image whose menu-less grub.cfg puts
# GRUB's console on the first serial port, prints MARKER and powers off.
mkgrub() {
	dir="$work/grub-$2"
	mkdir -p "$dir/boot/grub"
	cat > "$dir/boot/grub/grub.cfg" <<-EOF
	serial --unit=0 --speed=115200
	terminal_output serial console
	terminal_input serial console
	set timeout=0
	echo "$2"
	halt
	EOF
	grub-mkrescue --output="$1" --compress=xz --fonts= --locales= \
	    --themes= --install-modules="$grub_modules" "$dir" \
	    >"$work/grub-mkrescue.log" 2>&1 || {
		cat "$work/grub-mkrescue.log" >&2
		return 1
	}
}

mkgrub "$out/iso.iso" BOOTDECK-MARKER-ISO
mkgrub "$out/localdisk.img" BOOTDECK-MARKER-LOCALDISK

# The initramfs: busybox alone. /init writes straight to ttyS0 (through
# devtmpfs) so the marker reaches the serial log whatever console= says.
root="$work/initramfs"
mkdir -p "$root/bin" "$root/dev" "$root/proc"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cat > "$root/init" <<'EOF'
#!/bin/sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
exec >/dev/ttyS0 2>&1
echo "BOOTDECK-CMDLINE: $(/bin/busybox cat /proc/cmdline)"
echo "BOOTDECK-INIT-DONE"
/bin/busybox poweroff -f
EOF
chmod 755 "$root/init"
(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
    gzip -9n > "$out/initrd.cpio.gz"

for f in memtest86+x64.bin memtest86+x64.efi; do
	cp "/boot/$f" "$out/$f"
done
