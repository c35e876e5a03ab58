/* test_recipe.c: every ISO recipe on an ISO laid out like its family's, rendered for BIOS and UEFI against golden scripts. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/xmalloc.h"
#include "ipxe/render.h"
#include "iso/recipe.h"
#include "tests/unit/golden.h"

#define BASE "http://10.0.2.2:8080"
#define MAC "52:54:00:12:34:56"

/*
 * The files that make an ISO look like each family's (the contents do not
 * matter to the recipe). Adding a recipe means adding its layout here: the
 * test fails for a recipe without one.
 */
static const struct layout {
	const char	*family;
	const char	*files[6];
} layouts[] = {
	{ "anaconda-dvd", { "images/install.img", "BaseOS/repodata/repomd.xml",
	    "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img",
	    ".treeinfo" } },
	{ "anaconda", { "images/install.img", "images/pxeboot/vmlinuz",
	    "images/pxeboot/initrd.img", ".treeinfo" } },
	{ "dracut-live", { "LiveOS/squashfs.img", "images/pxeboot/vmlinuz",
	    "images/pxeboot/initrd.img" } },
	{ "casper", { "casper/filesystem.squashfs", "casper/vmlinuz",
	    "casper/initrd", ".disk/info" } },
	{ "debian-live", { "live/filesystem.squashfs",
	    "live/vmlinuz-6.1.0-13-amd64", "live/initrd.img-6.1.0-13-amd64",
	    ".disk/info" } },
	{ "sysrescue", { "sysresccd/x86_64/airootfs.sfs",
	    "sysresccd/boot/x86_64/vmlinuz",
	    "sysresccd/boot/x86_64/sysresccd.img" } },
	{ "archiso", { "arch/x86_64/airootfs.sfs",
	    "arch/boot/x86_64/vmlinuz-linux",
	    "arch/boot/x86_64/initramfs-linux.img" } },
	{ "alpine", { "boot/vmlinuz-lts", "boot/initramfs-lts",
	    "boot/modloop-lts", "apks/x86_64/APKINDEX.tar.gz" } },
	{ "alpine-virt", { "boot/vmlinuz-virt", "boot/initramfs-virt",
	    "boot/modloop-virt", "apks/x86_64/APKINDEX.tar.gz" } },
	{ "suse", { "boot/x86_64/loader/linux", "boot/x86_64/loader/initrd",
	    "media.1/products" } },
	{ "memtest86+", { "boot/floppy.img", "EFI/BOOT/bootx64.efi" } },
};

static char tmp[] = "/tmp/bootdeck-recipe.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	if (system("command -v xorriso >/dev/null 2>&1") != 0)
		return 0;
	return mkdtemp(tmp) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp);

	(void)state;
	if (strchr(tmp, 'X') == NULL && system(cmd) != 0)
		print_error("cannot remove %s\n", tmp);
	free(cmd);
	return 0;
}

/* Makes an ISO holding files (each its own name as content); returns
   its path, or NULL when xorriso is missing (the test then skips). */
static char *
make_iso(const char *name, const char *const *files, size_t n, bool rr)
{
	char *root, *iso, *cmd;
	size_t i;
	int rc;

	if (strchr(tmp, 'X') != NULL)
		return NULL;
	root = xasprintf("%s/%s.d", tmp, name);
	iso = xasprintf("%s/%s.iso", tmp, name);
	for (i = 0; i < n && files[i] != NULL; i++) {
		char *path = xasprintf("%s/%s", root, files[i]), *dir;
		FILE *f;

		dir = xasprintf("mkdir -p \"$(dirname '%s')\"", path);
		assert_int_equal(system(dir), 0);
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "%s\n", files[i]);
		assert_int_equal(fclose(f), 0);
		free(dir);
		free(path);
	}
	/* Its banner, and on a failure what it said, go to the test's log. */
	cmd = xasprintf("xorriso -as mkisofs -quiet %s -V '%s' -o '%s' '%s'",
	    rr ? "-R -J" : "", name, iso, root);
	rc = system(cmd);
	if (rc != 0)
		fail_msg("xorriso failed (status %d) making %s", rc, iso);
	free(cmd);
	free(root);
	return iso;
}

/* Whether the file under the source tree holds text. */
static bool
doc_mentions(const char *rel, const char *text)
{
	const char *top = getenv("top_srcdir");
	char *path = xasprintf("%s/%s", top ? top : ".", rel), line[4096];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		fail_msg("%s: cannot open", path);
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = strstr(line, text) != NULL;
	fclose(f);
	free(path);
	return found;
}

static struct iso_image *
read_iso(const char *path)
{
	struct iso_image *img = NULL;
	char err[256];
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	if (iso_image_read(fd, &img, err, sizeof err) != 0)
		fail_msg("%s: %s", path, err);
	close(fd);
	return img;
}

/* The script /entry/NAME gives an ISO entry booted by plan. */
static char *
render_plan(const struct iso_plan *plan, const char *iso_path,
    enum platform p, const char *args)
{
	struct entry e = { .name = "x", .title = "ISO", .kind = ENTRY_ISO,
	    .target = (char *)iso_path, .args = (char *)args };
	struct render_client c = { .mac = MAC, .platform = p };
	struct boot_view v = { 0 };
	struct render_iso iso = {
		.family = plan->recipe->family, .kernel = plan->kernel,
		.kernel_efi = plan->kernel_efi,
		.initrds = (const char *const *)plan->initrds,
		.n_initrds = plan->n_initrds, .args = plan->recipe->args,
	};
	struct render_input in = { .base_url = BASE, .view = &v,
	    .client = &c, .iso = &iso };

	snprintf(c.arch, sizeof c.arch, "%s", p == PLATFORM_EFI ? "x86_64" :
	    "i386");
	return render_entry(&in, &e);
}

static void
test_recipes_golden(void **state)
{
	const struct iso_recipe *table;
	size_t n, i, j, failed = 0;
	char why[300], name[128];

	(void)state;
	table = iso_recipe_table(&n);
	for (i = 0; i < n; i++) {
		const struct layout *l = NULL;
		struct iso_image *img;
		struct iso_plan plan;
		char *iso, *got, *path;

		for (j = 0; j < sizeof layouts / sizeof layouts[0]; j++)
			if (strcmp(layouts[j].family, table[i].family) == 0)
				l = &layouts[j];
		if (l == NULL)
			fail_msg("recipe %s has no layout in test_recipe.c",
			    table[i].family);
		/* The README's table says how each family boots. */
		snprintf(name, sizeof name, "`%s`", l->family);
		if (!doc_mentions("README.md", name))
			fail_msg("README.md's recipe table lacks %s", name);
		iso = make_iso(l->family, l->files, 6, true);
		if (iso == NULL)
			skip();
		img = read_iso(iso);
		if (iso_plan_make(img, &plan, why, sizeof why) != 0)
			fail_msg("%s: %s", l->family, why);
		/* The family's own recipe, not one it could be taken for. */
		assert_string_equal(plan.recipe->family, l->family);
		path = xasprintf("isos/%s.iso", l->family);
		for (j = 0; j < 2; j++) {
			enum platform p = j ? PLATFORM_EFI : PLATFORM_BIOS;

			snprintf(name, sizeof name, "recipe_%s_%s", l->family,
			    j ? "efi" : "bios");
			got = render_plan(&plan, path, p, NULL);
			if (!golden_check(name, got))
				failed++;
			free(got);
		}
		free(path);
		iso_plan_clear(&plan);
		iso_image_free(img);
		free(iso);
	}
	if (failed > 0)
		fail_msg("%zu recipe scripts differ (BOOTDECK_REGEN_GOLDEN=1 "
		    "rewrites them; review the diff)", failed);
}

/* The entry's own arguments follow the recipe's, placeholders and all. */
static void
test_recipe_entry_args(void **state)
{
	static const char *const files[] = { "live/filesystem.squashfs",
	    "live/vmlinuz", "live/initrd.img" };
	struct iso_image *img;
	struct iso_plan plan;
	char why[300], *iso, *got;

	(void)state;
	if ((iso = make_iso("args", files, 3, true)) == NULL)
		skip();
	img = read_iso(iso);
	assert_int_equal(iso_plan_make(img, &plan, why, sizeof why), 0);
	got = render_plan(&plan, "my isos/d l.iso", PLATFORM_BIOS,
	    "quiet toram=${x} url={images}/seed {nope}");
	assert_non_null(strstr(got, "fetch=" BASE
	    "/images/my%20isos/d%20l.iso/live/filesystem.squashfs ip=dhcp quiet "
	    "toram=_{x} url=" BASE "/images/seed {nope}\n"));
	assert_non_null(strstr(got, "kernel " BASE
	    "/images/my%20isos/d%20l.iso/live/vmlinuz?mac=" MAC " "));
	free(got);
	iso_plan_clear(&plan);
	iso_image_free(img);
	free(iso);
}

/* A family recognised by its files but missing its kernel says so; an
   ISO of no known family says that; plain ISO 9660 names still match. */
static void
test_recipe_misses(void **state)
{
	static const char *const no_kernel[] = { "live/filesystem.squashfs",
	    "live/initrd.img" };
	static const char *const unknown[] = { "README.TXT", "boot/grub/grub.cfg" };
	static const char *const plain[] = { "boot/floppy.img",
	    "EFI/BOOT/bootx64.efi" };
	struct iso_image *img;
	struct iso_plan plan;
	char why[300], *iso;

	(void)state;
	if ((iso = make_iso("nokernel", no_kernel, 2, true)) == NULL)
		skip();
	img = read_iso(iso);
	assert_int_equal(iso_plan_make(img, &plan, why, sizeof why), -2);
	assert_null(plan.recipe);
	assert_string_equal(why, "no recipe fits: it looks like debian-live "
	    "but has no live/vmlinuz*");
	iso_image_free(img);
	free(iso);

	iso = make_iso("unknown", unknown, 2, true);
	img = read_iso(iso);
	assert_int_equal(iso_plan_make(img, &plan, why, sizeof why), -1);
	assert_non_null(strstr(why, "no recipe fits (volume 'unknown')"));
	iso_image_free(img);
	free(iso);

	/* Without Rock Ridge or Joliet: FLOPPY.IMG;1 and the like. */
	iso = make_iso("plain", plain, 2, false);
	img = read_iso(iso);
	assert_int_equal(iso_plan_make(img, &plan, why, sizeof why), 0);
	assert_string_equal(plan.recipe->family, "memtest86+");
	iso_plan_clear(&plan);
	iso_image_free(img);
	free(iso);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recipes_golden),
		cmocka_unit_test(test_recipe_entry_args),
		cmocka_unit_test(test_recipe_misses),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
