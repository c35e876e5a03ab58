/* recipe.c: the table of ISO families that boot from their own kernel, and matching an ISO against it. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "iso/recipe.h"

/*
 * Why not sanboot: iPXE hands the ISO to the firmware as a disk, the
 * ISO's bootloader starts its kernel, and from then on that disk is gone:
 * the initramfs finds no medium. Each row instead boots the kernel and
 * initrd inside the ISO and tells the initramfs where to fetch the rest
 * over HTTP, from the ISO's own tree under /images/ISO/. Adding a family
 * is a row here and a golden test (tests/unit/test_recipe.c).
 *
 * Order matters: the first row whose files are all there wins, so rows
 * that require more come before those they would be mistaken for.
 */
static const struct iso_recipe iso_recipes[] = {
	{
		/* Fedora, CentOS Stream, RHEL, Rocky, Alma: full DVDs carry
		   their packages, so the installer needs nothing else. */
		.family = "anaconda-dvd",
		.what = "Fedora, RHEL, Rocky, Alma, CentOS DVD installers",
		.requires = { "images/install.img", "BaseOS/repodata/repomd.xml" },
		.kernel = "images/pxeboot/vmlinuz",
		.initrds = { "images/pxeboot/initrd.img" },
		.args = "inst.repo={iso} ip=dhcp",
		.fetches = "the installer image, then packages from the ISO",
		.ram = "3 GiB",
	},
	{
		.family = "anaconda",
		.what = "Fedora, RHEL, Rocky, Alma boot and netinst ISOs",
		.requires = { "images/install.img" },
		.kernel = "images/pxeboot/vmlinuz",
		.initrds = { "images/pxeboot/initrd.img" },
		.args = "inst.stage2={iso} ip=dhcp",
		.fetches = "the installer image (images/install.img); packages "
		    "from the network repositories the admin picks",
		.ram = "3 GiB",
	},
	{
		/* dracut's dmsquash-live with livenet: root=live:URL. */
		.family = "dracut-live",
		.what = "Fedora and other dracut live ISOs",
		.requires = { "LiveOS/squashfs.img" },
		.kernel = "images/pxeboot/vmlinuz*",
		.initrds = { "images/pxeboot/initrd*.img" },
		.args = "root=live:{iso}/LiveOS/squashfs.img rd.live.image "
		    "rd.neednet=1 ip=dhcp",
		.fetches = "LiveOS/squashfs.img, into RAM",
		.ram = "1 GiB more than the squashfs",
	},
	{
		/* Ubuntu's casper fetches the whole ISO into RAM (url=). */
		.family = "casper",
		.what = "Ubuntu, Linux Mint, Pop!_OS desktop and server",
		.requires = { "casper/*.squashfs" },
		.kernel = "casper/vmlinuz*",
		.initrds = { "casper/initrd*" },
		.args = "boot=casper ip=dhcp url={iso} cloud-config-url=/dev/null",
		.fetches = "the whole ISO, into RAM",
		.ram = "the ISO's size plus 2 GiB",
	},
	{
		/* live-boot: Debian live, Kali, Clonezilla, GParted. */
		.family = "debian-live",
		.what = "Debian live, Kali, Clonezilla, GParted Live",
		.requires = { "live/filesystem.squashfs" },
		.kernel = "live/vmlinuz*",
		.initrds = { "live/initrd*" },
		.args = "boot=live components fetch={iso}/live/filesystem.squashfs "
		    "ip=dhcp",
		.fetches = "live/filesystem.squashfs, into RAM",
		.ram = "1 GiB more than the squashfs",
	},
	{
		/* archiso (SystemRescue is built with it). */
		.family = "sysrescue",
		.what = "SystemRescue",
		.requires = { "sysresccd/x86_64/airootfs.sfs" },
		.kernel = "sysresccd/boot/x86_64/vmlinuz",
		.initrds = { "sysresccd/boot/x86_64/sysresccd.img" },
		.args = "archisobasedir=sysresccd archiso_http_srv={iso}/ ip=dhcp",
		.fetches = "sysresccd/x86_64/airootfs.sfs, into RAM",
		.ram = "2 GiB",
	},
	{
		.family = "archiso",
		.what = "Arch Linux and other archiso ISOs",
		.requires = { "arch/x86_64/airootfs.sfs" },
		.kernel = "arch/boot/x86_64/vmlinuz-linux",
		.initrds = { "arch/boot/x86_64/initramfs-linux.img" },
		.args = "archisobasedir=arch archiso_http_srv={iso}/ ip=dhcp",
		.fetches = "arch/x86_64/airootfs.sfs, into RAM",
		.ram = "2 GiB",
	},
	{
		.family = "alpine",
		.what = "Alpine Linux (lts kernel)",
		.requires = { "boot/vmlinuz-lts", "apks" },
		.kernel = "boot/vmlinuz-lts",
		.initrds = { "boot/initramfs-lts" },
		.args = "alpine_repo={iso}/apks modloop={iso}/boot/modloop-lts "
		    "ip=dhcp",
		.fetches = "the kernel modules (boot/modloop-lts) and packages",
		.ram = "512 MiB",
	},
	{
		.family = "alpine-virt",
		.what = "Alpine Linux (virt kernel)",
		.requires = { "boot/vmlinuz-virt", "apks" },
		.kernel = "boot/vmlinuz-virt",
		.initrds = { "boot/initramfs-virt" },
		.args = "alpine_repo={iso}/apks modloop={iso}/boot/modloop-virt "
		    "ip=dhcp",
		.fetches = "the kernel modules (boot/modloop-virt) and packages",
		.ram = "512 MiB",
	},
	{
		.family = "suse",
		.what = "openSUSE and SLES installers",
		.requires = { "boot/x86_64/loader/linux" },
		.kernel = "boot/x86_64/loader/linux",
		.initrds = { "boot/x86_64/loader/initrd" },
		.args = "install={iso}",
		.fetches = "the installer and packages from the ISO",
		.ram = "2 GiB",
	},
	{
		/* memtest86+ 6 ISOs: the BIOS binary fills a floppy image,
		   the UEFI one is the ESP's boot loader. */
		.family = "memtest86+",
		.what = "memtest86+ 6 and later",
		.requires = { "boot/floppy.img", "EFI/BOOT/bootx64.efi" },
		.kernel = "boot/floppy.img",
		.kernel_efi = "EFI/BOOT/bootx64.efi",
		.fetches = "nothing",
		.ram = "any",
	},
};

const struct iso_recipe *
iso_recipe_table(size_t *n)
{
	*n = sizeof iso_recipes / sizeof iso_recipes[0];
	return iso_recipes;
}

/* The first file (in path order) matching pattern, ignoring case. */
static const struct iso_file *
recipe_find(const struct iso_image *img, const char *pattern)
{
	const struct iso_file *f;
	size_t i, n = iso_image_count(img);

	/* Most patterns are plain paths: one lookup, not a scan. */
	if (strpbrk(pattern, "*?[") == NULL)
		return iso_image_find(img, pattern);
	for (i = 0; i < n; i++) {
		f = iso_image_file(img, i);
		if (fnmatch(pattern, f->path, FNM_PATHNAME | FNM_CASEFOLD) == 0)
			return f;
	}
	return NULL;
}

/* The path of a regular file matching pattern, or NULL. */
static const char *
recipe_file(const struct iso_image *img, const char *pattern)
{
	const struct iso_file *f = recipe_find(img, pattern);

	return f != NULL && !f->is_dir ? f->path : NULL;
}

static bool
recipe_resolve(const struct iso_image *img, const struct iso_recipe *r,
    struct iso_plan *plan, char *why, size_t whylen)
{
	const char *p;
	size_t i;

	for (i = 0; i < 3 && r->requires[i] != NULL; i++)
		if (recipe_find(img, r->requires[i]) == NULL)
			return false;
	/* The family is recognised: a missing part is worth saying. */
	if ((p = recipe_file(img, r->kernel)) == NULL) {
		snprintf(why, whylen, "looks like %s but has no %s", r->family,
		    r->kernel);
		return false;
	}
	plan->kernel = xstrdup(p);
	if (r->kernel_efi != NULL) {
		if ((p = recipe_file(img, r->kernel_efi)) == NULL) {
			snprintf(why, whylen, "looks like %s but has no %s",
			    r->family, r->kernel_efi);
			return false;
		}
		plan->kernel_efi = xstrdup(p);
	}
	for (i = 0; i < ISO_RECIPE_INITRDS && r->initrds[i] != NULL; i++) {
		if ((p = recipe_file(img, r->initrds[i])) == NULL) {
			snprintf(why, whylen, "looks like %s but has no %s",
			    r->family, r->initrds[i]);
			return false;
		}
		plan->initrds[plan->n_initrds++] = xstrdup(p);
	}
	plan->recipe = r;
	return true;
}

int
iso_plan_make(const struct iso_image *img, struct iso_plan *plan, char *why,
    size_t whylen)
{
	char partial[256] = "";
	size_t i;

	memset(plan, 0, sizeof *plan);
	for (i = 0; i < sizeof iso_recipes / sizeof iso_recipes[0]; i++) {
		if (recipe_resolve(img, &iso_recipes[i], plan, partial,
		    sizeof partial))
			return 0;
		iso_plan_clear(plan);
	}
	if (partial[0] != '\0') {
		snprintf(why, whylen, "no recipe fits: it %s", partial);
		return -2;
	}
	snprintf(why, whylen, "no recipe fits (volume '%s'): no known "
	    "layout of kernel and initrd", iso_image_volume_id(img));
	return -1;
}

void
iso_plan_clear(struct iso_plan *plan)
{
	size_t i;

	if (plan == NULL)
		return;
	free(plan->kernel);
	free(plan->kernel_efi);
	for (i = 0; i < plan->n_initrds; i++)
		free(plan->initrds[i]);
	memset(plan, 0, sizeof *plan);
}
