#!/bin/sh
# tests/e2e/efi-kernel.sh: a kernel+initrd entry boots Linux on UEFI with its command line intact.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"

MAC=52:54:00:bd:00:04
PLATFORM=efi
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

# The initramfs ran (so the initrd reached the kernel: on UEFI only when
# the renderer names it with initrd= on the command line) and saw the args
# as one unchanged run of words at the end of the command line.
line=$(tr -d '\r' < "$T/vm.serial" | sed -n 's/^.*BOOTDECK-CMDLINE: //p' | head -n 1)
case " $line" in
*" $ARGS") ;;
*) bd_fail "kernel command line '$line' does not end in '$ARGS'" ;;
esac

e2e_check_log "$MAC +entry +linux\$" \
    "$MAC +image +[^ ]+ +vmlinuz $(e2e_size vmlinuz)/$(e2e_size vmlinuz) bytes" \
    "$MAC +image +[^ ]+ +boot/initrd\.cpio\.gz $(e2e_size boot/initrd.cpio.gz)/$(e2e_size boot/initrd.cpio.gz) bytes"
e2e_check_clients "^$MAC +- +[^ ]+ +[a-z]+ +[a-z0-9_]+ +[a-z]+ +linux "
