# tests/e2e/scenarios.sh: the scenarios run once per firmware (sourced after tests/e2e/e2e.sh).
#
# Each bios-NAME.sh / efi-NAME.sh test only names its firmware and MAC and
# calls scenario_NAME here, so both firmwares run the same steps and the
# same checks, and the suite still counts each firmware's run on its own.

# scenario_iso bios|efi MAC: the client sanboots the hybrid ISO that is its
# host default, without a menu.
scenario_iso() {
	PLATFORM=$1 MAC=$2
	case $PLATFORM in
	bios) firmware='pcbios +i386' ;;
	efi) firmware='efi +x86_64' ;;
	esac
	e2e_init
	e2e_image iso.iso

	"$BOOTDECK" init
	"$BOOTDECK" entry add iso --title "GRUB rescue ISO" --iso iso.iso
	"$BOOTDECK" host set "$MAC" --name "$PLATFORM-iso" --default iso --no-menu
	bd_start_server

	e2e_boot vm "$PLATFORM" "$MAC"
	e2e_wait vm BOOTDECK-MARKER-ISO
	e2e_stop
	e2e_no_ipxe_error vm

	# Straight to the default (no menu), then the sanboot's Range reads.
	e2e_check_log "$MAC +boot +iso\$" "$MAC +entry +iso\$" \
	    "$MAC +image +[^ ]+ +iso\.iso [1-9][0-9]*/$(e2e_size iso.iso) bytes"
	e2e_check_clients "^$MAC +$PLATFORM-iso +[^ ]+ +$firmware +[a-z]+ +iso +iso\.iso +[1-9]"
}

# scenario_kernel bios|efi MAC: a kernel+initrd entry boots Linux with its
# command line intact.
scenario_kernel() {
	PLATFORM=$1 MAC=$2
	# Several words, '=', commas, slashes and dots: none may be split or eaten.
	ARGS="console=ttyS0,115200 bootdeck.test=a,b/c.d quiet"
	e2e_init kernel
	e2e_image vmlinuz
	e2e_image initrd.cpio.gz boot/initrd.cpio.gz

	"$BOOTDECK" init
	"$BOOTDECK" entry add linux --title "Linux with busybox" --kernel vmlinuz \
	    --initrd boot/initrd.cpio.gz --args "$ARGS"
	"$BOOTDECK" host set "$MAC" --default linux --no-menu
	bd_start_server

	e2e_boot vm "$PLATFORM" "$MAC"
	e2e_wait vm BOOTDECK-INIT-DONE
	e2e_stop
	e2e_no_ipxe_error vm

	# The initramfs ran (so the initrd reached the kernel: on UEFI only
	# when the renderer names it with initrd= on the command line) and saw
	# the args as one unchanged run of words at the end of the command line.
	line=$(tr -d '\r' < "$T/vm.serial" | sed -n 's/^.*BOOTDECK-CMDLINE: //p' | head -n 1)
	case " $line" in
	*" $ARGS") ;;
	*) bd_fail "kernel command line '$line' does not end in '$ARGS'" ;;
	esac

	e2e_check_log "$MAC +entry +linux\$" \
	    "$MAC +image +[^ ]+ +vmlinuz $(e2e_size vmlinuz)/$(e2e_size vmlinuz) bytes" \
	    "$MAC +image +[^ ]+ +boot/initrd\.cpio\.gz $(e2e_size boot/initrd.cpio.gz)/$(e2e_size boot/initrd.cpio.gz) bytes"
	e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +linux "
}

# scenario_localboot bios|efi MAC: the localboot entry reaches the local
# disk's GRUB, with no iPXE error and no image downloaded.
scenario_localboot() {
	PLATFORM=$1 MAC=$2
	e2e_init

	"$BOOTDECK" init
	"$BOOTDECK" entry add local --title "Local disk" --localboot
	"$BOOTDECK" host set "$MAC" --default local --no-menu
	bd_start_server

	# BIOS leaves iPXE with sanboot --drive 0x80, UEFI with exit (OVMF then
	# boots the next device in its boot order: the disk).
	e2e_boot vm "$PLATFORM" "$MAC" --disk
	e2e_wait vm BOOTDECK-MARKER-LOCALDISK
	e2e_stop
	e2e_no_ipxe_error vm

	e2e_check_log "$MAC +boot +local\$" "$MAC +entry +local\$"
	! grep -E "$MAC +image" "$T/bootdeck-log.out" ||
	    bd_fail "a localboot downloaded an image"
	e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +local "
}

# memtest_boot: boots the VM and waits for memtest86+. memtest86+ 6 draws
# its screen on the serial port when console= says so; it never exits:
# seeing its banner and a test running is the pass. Before its banner it
# walks all of RAM, which under TCG is 13 s for 512 MiB and 4 s for 128:
# the guest gets what the firmware and iPXE need.
memtest_boot() {
	E2E_MEM=160 e2e_boot vm "$PLATFORM" "$MAC"
	e2e_wait vm 'Memtest86\+ v[0-9]'
	e2e_wait vm '\[Address test'
	e2e_stop
	e2e_no_ipxe_error vm
}

# scenario_memtest bios|efi MAC: one memtest entry with both binaries boots
# the firmware's own (.bin on BIOS, .efi on UEFI), never the other.
scenario_memtest() {
	PLATFORM=$1 MAC=$2
	case $PLATFORM in
	bios) WANT=memtest86+x64.bin NOT=memtest86+x64.efi ;;
	efi) WANT=memtest86+x64.efi NOT=memtest86+x64.bin ;;
	esac
	e2e_init
	e2e_image memtest86+x64.bin
	e2e_image memtest86+x64.efi

	"$BOOTDECK" init
	"$BOOTDECK" entry add memtest --title "Memtest86+" \
	    --kernel memtest86+x64.bin --kernel-efi memtest86+x64.efi \
	    --args console=ttyS0,115200
	"$BOOTDECK" host set "$MAC" --default memtest --no-menu
	bd_start_server

	memtest_boot

	want_re=$(echo "$WANT" | sed 's/[.+]/\\&/g')
	e2e_check_log "$MAC +entry +memtest\$" \
	    "$MAC +image +[^ ]+ +$want_re $(e2e_size "$WANT")/$(e2e_size "$WANT") bytes"
	! grep -F "$NOT" "$T/bootdeck-log.out" ||
	    bd_fail "the $PLATFORM client was served $NOT"
	e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +memtest +$want_re "
}

# scenario_memtest_iso bios|efi MAC: a memtest86+ ISO, laid out as
# memtest86+'s own build makes it (the BIOS binary filling
# boot/floppy.img, the UEFI one as EFI/BOOT/bootx64.efi), boots direct by
# its recipe: the firmware's binary served from inside the ISO.
scenario_memtest_iso() {
	PLATFORM=$1 MAC=$2
	case $PLATFORM in
	bios) WANT=boot/floppy.img ;;
	efi) WANT=EFI/BOOT/bootx64.efi ;;
	esac
	e2e_init
	mkdir -p "$T/mt/boot" "$T/mt/EFI/BOOT"
	dd if=/dev/zero of="$T/mt/boot/floppy.img" bs=1474560 count=1 2>/dev/null
	dd if=/boot/memtest86+x64.bin of="$T/mt/boot/floppy.img" conv=notrunc \
	    2>/dev/null
	cp /boot/memtest86+x64.efi "$T/mt/EFI/BOOT/bootx64.efi"
	xorriso -as mkisofs -quiet -R -J -V PCMemTest64 \
	    -o "$T/images/mt86plus.iso" "$T/mt" ||
	    bd_fail "xorriso failed"

	"$BOOTDECK" init
	"$BOOTDECK" entry add memtest --title "Memtest86+ ISO" \
	    --iso mt86plus.iso --args console=ttyS0,115200
	"$BOOTDECK" host set "$MAC" --default memtest --no-menu
	BOOTDECK_IMAGES="$T/images" "$BOOTDECK" entry show memtest | grep -q '^recipe: *memtest86+$' ||
	    bd_fail "the memtest86+ recipe does not fit the ISO"
	bd_start_server

	memtest_boot

	want_re=$(echo "mt86plus.iso/$WANT" | sed 's/[.+]/\\&/g')
	e2e_check_log "$MAC +entry +memtest\$" "$MAC +image +[^ ]+ +$want_re "
	! grep -E "$MAC +image .*mt86plus\.iso " "$T/bootdeck-log.out" ||
	    bd_fail "the $PLATFORM client sanbooted the ISO"
}

# scenario_live bios|efi MAC debian|fedora: a live ISO as a distribution
# ships it, with an initramfs made by the distribution's own tools
# (live-boot, dracut: tests/e2e/mklive.sh), is an --iso entry with boot
# auto. Real iPXE boots the kernel and initrd inside it by its recipe, and
# the initramfs fetches the root squashfs from inside the same ISO over
# HTTP: the marker is printed by the booted root's own init. make check
# boots Debian on BIOS and Fedora on UEFI: the two families' scripts
# differ between firmwares only in the UEFI kernel's initrd= argument,
# and a live boot is a minute of TCG (tests/e2e/live-proof.sh boots every
# pair by hand).
scenario_live() {
	PLATFORM=$1 MAC=$2 FAMILY=$3
	case $FAMILY in
	debian) RECIPE=debian-live KERNEL=live/vmlinuz
		FETCHED=live/filesystem.squashfs ;;
	fedora) RECIPE=dracut-live KERNEL=images/pxeboot/vmlinuz
		FETCHED=LiveOS/squashfs.img ;;
	esac
	ISO=distros/$FAMILY-live.iso
	# A live boot under TCG takes 40-80 s alone; the root goes to RAM.
	E2E_TIMEOUT=${BOOTDECK_E2E_LIVE_TIMEOUT:-600}
	E2E_MEM=1024
	# What live-boot and dracut print when the fetch failed: no point
	# waiting out the timeout (dracut would retry for ever).
	E2E_FATAL="$E2E_FATAL|BOOT FAILED|Unable to find a live file system|failed to download live image"
	e2e_init
	e2e_live_init
	mkdir -p "$T/images/distros"
	ln -f "$E2E_LIVE/$FAMILY-live.iso" "$T/images/$ISO" 2>/dev/null ||
	    cp "$E2E_LIVE/$FAMILY-live.iso" "$T/images/$ISO"

	"$BOOTDECK" init
	"$BOOTDECK" entry add live --title "$FAMILY live" --iso "$ISO" \
	    --args console=ttyS0
	"$BOOTDECK" host set "$MAC" --name "$PLATFORM-live" --default live \
	    --no-menu
	BOOTDECK_IMAGES="$T/images" "$BOOTDECK" entry show live > "$T/show"
	bd_expect_grep "^recipe: +$RECIPE\$" "$T/show"
	bd_start_server

	e2e_boot vm "$PLATFORM" "$MAC"
	e2e_wait vm "BOOTDECK-LIVE-ROOT $FAMILY-live"
	e2e_stop
	e2e_no_ipxe_error vm

	# The kernel from inside the ISO, never the ISO sanbooted; and the
	# squashfs, fetched by the initramfs without a MAC, is this machine's.
	iso_re=$(echo "$ISO" | sed 's/[.+]/\\&/g')
	e2e_check_log "$MAC +entry +live\$" \
	    "$MAC +image +[^ ]+ +$iso_re/$(echo "$KERNEL" | sed 's/\./\\./g') " \
	    "$MAC +image +[^ ]+ +$iso_re/$(echo "$FETCHED" | sed 's/\./\\./g') "
	! grep -E "$MAC +image +[^ ]+ +$iso_re " "$T/bootdeck-log.out" ||
	    bd_fail "the $PLATFORM client sanbooted the ISO"
}
