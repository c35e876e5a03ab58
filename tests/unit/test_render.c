/* test_render.c: golden iPXE scripts for every entry kind x platform, menu case, bootstrap and error. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/render.h"
#include "tests/unit/golden.h"

#define BASE "http://10.0.2.2:8080"

/* The demo catalog the goldens are rendered from. */
static char *alpine_initrds[] = { "alpine/initramfs-lts", "alpine/modloop-lts" };

static struct entry catalog[] = {
	{ .id = 1, .name = "debian", .title = "Debian 12 netinst", .key = 'd',
	    .kind = ENTRY_ISO, .target = "iso/debian-12.5.0-amd64-netinst.iso" },
	{ .id = 2, .name = "freedos", .title = "FreeDOS 1.3 (memdisk)",
	    .key = 'f', .kind = ENTRY_MEMDISK, .target = "iso/FD13LIVE.iso" },
	{ .id = 3, .name = "alpine", .title = "Alpine Linux 3.19", .key = 'a',
	    .kind = ENTRY_KERNEL, .target = "alpine/vmlinuz-lts",
	    .initrds = alpine_initrds, .n_initrds = 2,
	    .args = "console=ttyS0,115200 modules=loop,squashfs quiet" },
	{ .id = 4, .name = "memtest", .title = "Memtest86+ 6", .key = 'm',
	    .kind = ENTRY_KERNEL, .target = "memtest/memtest86+x64.bin",
	    .target_efi = "memtest/memtest86+x64.efi" },
	{ .id = 5, .name = "local", .title = "Boot from the local disk",
	    .key = 'l', .kind = ENTRY_LOCALBOOT },
	{ .id = 6, .name = "netbootxyz", .title = "netboot.xyz",
	    .kind = ENTRY_CHAIN, .target = "http://boot.netboot.xyz/ipxe/netboot.xyz.lkrn" },
	{ .id = 7, .name = "shell", .title = "iPXE shell", .key = 's',
	    .kind = ENTRY_SHELL },
	{ .id = 8, .name = "custom", .title = "Custom script",
	    .kind = ENTRY_SCRIPT,
	    .script = "#!ipxe\necho hello from the admin\nsleep 2\n" },
	{ .id = 9, .name = "winpe", .title = "WinPE (UEFI only)",
	    .kind = ENTRY_ISO, .platform = PLATFORM_EFI, .target = "iso/winpe.iso" },
};
#define N_CATALOG (sizeof(catalog) / sizeof(catalog[0]))

/* Extra entries for single-entry goldens. */
static struct entry script_nomagic = { .name = "bare", .title = "Bare script",
    .kind = ENTRY_SCRIPT, .script = "echo no magic line\nshell\n" };
static struct entry iso_url = { .name = "remote", .title = "Remote ISO",
    .kind = ENTRY_ISO, .target = "http://mirror.example.org/iso/grub rescue.iso" };

/* One rendering situation: client, host, menu, flags. */
struct scene {
	enum platform	 platform;
	const char	*mac;		/* NULL: unidentified */
	bool		 host_known;
	const char	*host_name;
	const char	*host_default;
	const char	*host_next;
	bool		 skip_menu;
	enum localboot_method localboot;
	const char	*menu_title;
	int		 timeout;
	const char	*menu_default;
	bool		 force_menu;
	size_t		 n_entries;	/* 0: the whole catalog */
	size_t		 first;		/* first catalog entry in the view */
	const char	*unknown_entry;	/* the setting for clients without a host */
};

struct rendered {
	struct render_client	client;
	struct boot_view	view;
	struct render_input	in;
};

static void
scene_setup(struct rendered *r, const struct scene *s)
{
	memset(r, 0, sizeof *r);
	if (s->mac != NULL)
		strcpy(r->client.mac, s->mac);
	r->client.platform = s->platform;
	strcpy(r->client.arch, "x86_64");
	r->view.menu.title = (char *)(s->menu_title ? s->menu_title :
	    "bootdeck lab");
	r->view.menu.timeout = s->timeout;
	r->view.menu.default_entry = (char *)s->menu_default;
	r->view.entries = catalog + s->first;
	r->view.n_entries = s->n_entries ? s->n_entries : N_CATALOG - s->first;
	r->view.host_known = s->host_known;
	r->view.unknown_entry = (char *)s->unknown_entry;
	if (s->host_known) {
		strcpy(r->view.host.mac, s->mac);
		r->view.host.name = (char *)s->host_name;
		r->view.host.default_entry = (char *)s->host_default;
		r->view.host.next_entry = (char *)s->host_next;
		r->view.host.skip_menu = s->skip_menu;
		r->view.host.localboot = s->localboot;
	}
	r->in.base_url = BASE;
	r->in.view = &r->view;
	r->in.client = &r->client;
	r->in.force_menu = s->force_menu;
}

#define MAC "52:54:00:12:34:56"

static const struct scene bios = { .platform = PLATFORM_BIOS, .mac = MAC };
static const struct scene efi = { .platform = PLATFORM_EFI, .mac = MAC };

static char *
boot(const struct scene *s)
{
	struct rendered r;

	scene_setup(&r, s);
	return render_boot(&r.in);
}

static char *
entry(const struct scene *s, const struct entry *e)
{
	struct rendered r;

	scene_setup(&r, s);
	return render_entry(&r.in, e);
}

struct golden {
	const char	*name;
	char		*(*render)(void);
};

/* Entries: every kind on both firmwares. */
#define ENTRY_GOLDEN(fn, idx)						\
static char *fn##_bios(void) { return entry(&bios, &catalog[idx]); }	\
static char *fn##_efi(void) { return entry(&efi, &catalog[idx]); }
ENTRY_GOLDEN(g_iso, 0)
ENTRY_GOLDEN(g_memdisk, 1)
ENTRY_GOLDEN(g_kernel, 2)
ENTRY_GOLDEN(g_memtest, 3)
ENTRY_GOLDEN(g_localboot, 4)
ENTRY_GOLDEN(g_chain, 5)
ENTRY_GOLDEN(g_shell, 6)
ENTRY_GOLDEN(g_script, 7)
ENTRY_GOLDEN(g_efionly, 8)

static char *
g_localboot_exit_bios(void)
{
	struct scene s = bios;

	s.host_known = true;
	s.localboot = LOCALBOOT_EXIT;
	return entry(&s, &catalog[4]);
}

static char *
g_localboot_sanboot_efi(void)
{
	struct scene s = efi;

	s.host_known = true;
	s.localboot = LOCALBOOT_SANBOOT;
	return entry(&s, &catalog[4]);
}

static char *g_script_nomagic(void) { return entry(&bios, &script_nomagic); }
static char *g_iso_url_efi(void) { return entry(&efi, &iso_url); }

static char *
g_kernel_nomac_efi(void)
{
	struct scene s = efi;

	s.mac = NULL;
	return entry(&s, &catalog[2]);
}

/* Menus. */
static char *
g_menu_known_bios(void)
{
	struct scene s = bios;

	s.host_known = true;
	s.host_name = "lab-pc-1";
	s.host_default = "alpine";
	s.timeout = 10;
	s.menu_default = "debian";
	return boot(&s);
}

static char *
g_menu_unknown_efi(void)
{
	struct scene s = efi;

	s.timeout = 5;
	s.menu_default = "debian";
	return boot(&s);
}

static char *
g_menu_default_unfit_efi(void)
{
	struct scene s = efi;

	/* memdisk does not fit UEFI: the menu default is used instead. */
	s.host_known = true;
	s.host_default = "freedos";
	s.menu_default = "winpe";
	s.timeout = 5;
	return boot(&s);
}

static char *
g_menu_timeout0_bios(void)
{
	struct scene s = bios;

	s.menu_title = "Pick one";
	return boot(&s);
}

static char *
g_menu_nomac_bios(void)
{
	struct scene s = bios;

	s.mac = NULL;
	s.timeout = 3;
	return boot(&s);
}

static char *
g_menu_empty_efi(void)
{
	struct scene s = efi;

	s.first = 1;	/* only memdisk... */
	s.n_entries = 1;
	return boot(&s);
}

static char *
g_skip_menu_bios(void)
{
	struct scene s = bios;

	s.host_known = true;
	s.host_default = "alpine";
	s.skip_menu = true;
	s.timeout = 10;
	return boot(&s);
}

static char *
g_next_efi(void)
{
	struct scene s = efi;

	s.host_known = true;
	s.host_default = "alpine";
	s.host_next = "memtest";
	s.skip_menu = true;
	return boot(&s);
}

static char *
g_next_forced_menu_efi(void)
{
	struct scene s = efi;

	s.host_known = true;
	s.host_name = "lab-pc-2";
	s.host_default = "alpine";
	s.host_next = "memtest";
	s.skip_menu = true;
	s.force_menu = true;
	s.timeout = 10;
	return boot(&s);
}

/* Unknown clients and the unknown_entry setting. */
static char *
g_unknown_entry_bios(void)
{
	struct scene s = bios;

	s.unknown_entry = "alpine";
	s.timeout = 10;
	s.menu_default = "debian";
	return boot(&s);
}

static char *
g_unknown_entry_unfit_efi(void)
{
	struct scene s = efi;

	/* memdisk cannot boot on UEFI: the stranger gets the menu instead. */
	s.unknown_entry = "freedos";
	s.timeout = 5;
	return boot(&s);
}

static char *
g_unknown_entry_known_bios(void)
{
	struct scene s = bios;

	/* A registered host is not a stranger: its own settings apply. */
	s.host_known = true;
	s.host_name = "lab-pc-3";
	s.unknown_entry = "alpine";
	s.timeout = 10;
	return boot(&s);
}

static char *
g_unknown_entry_forced_menu_efi(void)
{
	struct scene s = efi;

	s.unknown_entry = "debian";
	s.force_menu = true;
	s.timeout = 5;
	return boot(&s);
}

/* A base with '?' and '#' (callers refuse one; the renderer must still
   keep every path it appends a path, not a query or fragment). */
#define BAD_BASE "http://boot.example/pxe?x=1#top"

static char *
g_kernel_bad_base_bios(void)
{
	struct rendered r;

	scene_setup(&r, &bios);
	r.in.base_url = BAD_BASE;
	return render_entry(&r.in, &catalog[2]);
}

static char *g_bootstrap_bad_base(void) { return render_bootstrap(BAD_BASE, NULL); }
static char *g_bootstrap_embedded(void) { return render_bootstrap(BASE, "bootdeck-0.1.0"); }
static char *g_bootstrap_chain(void) { return render_bootstrap(BASE, NULL); }

static char *
g_error_bios(void)
{
	struct rendered r;

	scene_setup(&r, &bios);
	return render_error(&r.in, "no entry named 'ubuntu'");
}

static const struct golden goldens[] = {
	{ "entry_iso_bios", g_iso_bios },
	{ "entry_iso_efi", g_iso_efi },
	{ "entry_memdisk_bios", g_memdisk_bios },
	{ "entry_memdisk_efi", g_memdisk_efi },
	{ "entry_kernel_bios", g_kernel_bios },
	{ "entry_kernel_efi", g_kernel_efi },
	{ "entry_memtest_bios", g_memtest_bios },
	{ "entry_memtest_efi", g_memtest_efi },
	{ "entry_localboot_bios", g_localboot_bios },
	{ "entry_localboot_efi", g_localboot_efi },
	{ "entry_chain_bios", g_chain_bios },
	{ "entry_chain_efi", g_chain_efi },
	{ "entry_shell_bios", g_shell_bios },
	{ "entry_shell_efi", g_shell_efi },
	{ "entry_script_bios", g_script_bios },
	{ "entry_script_efi", g_script_efi },
	{ "entry_efionly_bios", g_efionly_bios },
	{ "entry_efionly_efi", g_efionly_efi },
	{ "entry_localboot_exit_bios", g_localboot_exit_bios },
	{ "entry_localboot_sanboot_efi", g_localboot_sanboot_efi },
	{ "entry_script_nomagic_bios", g_script_nomagic },
	{ "entry_iso_url_efi", g_iso_url_efi },
	{ "entry_kernel_nomac_efi", g_kernel_nomac_efi },
	{ "boot_menu_known_bios", g_menu_known_bios },
	{ "boot_menu_unknown_efi", g_menu_unknown_efi },
	{ "boot_menu_default_unfit_efi", g_menu_default_unfit_efi },
	{ "boot_menu_timeout0_bios", g_menu_timeout0_bios },
	{ "boot_menu_nomac_bios", g_menu_nomac_bios },
	{ "boot_menu_empty_efi", g_menu_empty_efi },
	{ "boot_skip_menu_bios", g_skip_menu_bios },
	{ "boot_next_efi", g_next_efi },
	{ "boot_next_forced_menu_efi", g_next_forced_menu_efi },
	{ "boot_unknown_entry_bios", g_unknown_entry_bios },
	{ "boot_unknown_entry_unfit_efi", g_unknown_entry_unfit_efi },
	{ "boot_unknown_entry_known_bios", g_unknown_entry_known_bios },
	{ "boot_unknown_entry_forced_menu_efi", g_unknown_entry_forced_menu_efi },
	{ "bootstrap_embedded", g_bootstrap_embedded },
	{ "bootstrap_chain", g_bootstrap_chain },
	{ "entry_kernel_bad_base_bios", g_kernel_bad_base_bios },
	{ "bootstrap_chain_bad_base", g_bootstrap_bad_base },
	{ "error_bios", g_error_bios },
};

static void
test_goldens(void **state)
{
	size_t i, failed = 0;

	for (i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
		char *got = goldens[i].render();

		assert_memory_equal(got, "#!ipxe\n", 7);
		if (!golden_check(goldens[i].name, got))
			failed++;
		free(got);
	}
	if (failed > 0)
		fail_msg("%zu golden scripts differ (BOOTDECK_REGEN_GOLDEN=1 "
		    "rewrites them; review the diff)", failed);
}

struct fits_case {
	size_t		 idx;		/* in catalog */
	enum platform	 p;
	bool		 fits;
	size_t		 n_images;
	const char	*images[3];
};

static void
test_fits_and_images(void **state)
{
	static const struct fits_case cases[] = {
		{ 0, PLATFORM_BIOS, true, 1, { "iso/debian-12.5.0-amd64-netinst.iso" } },
		{ 0, PLATFORM_EFI, true, 1, { "iso/debian-12.5.0-amd64-netinst.iso" } },
		{ 1, PLATFORM_BIOS, true, 1, { "iso/FD13LIVE.iso" } },
		{ 1, PLATFORM_EFI, false, 0, { NULL } },
		{ 2, PLATFORM_BIOS, true, 3, { "alpine/vmlinuz-lts",
		    "alpine/initramfs-lts", "alpine/modloop-lts" } },
		{ 2, PLATFORM_EFI, true, 3, { "alpine/vmlinuz-lts",
		    "alpine/initramfs-lts", "alpine/modloop-lts" } },
		{ 3, PLATFORM_BIOS, true, 1, { "memtest/memtest86+x64.bin" } },
		{ 3, PLATFORM_EFI, true, 1, { "memtest/memtest86+x64.efi" } },
		{ 4, PLATFORM_BIOS, true, 0, { NULL } },
		{ 5, PLATFORM_EFI, true, 0, { NULL } },	/* a URL */
		{ 6, PLATFORM_BIOS, true, 0, { NULL } },
		{ 7, PLATFORM_EFI, true, 0, { NULL } },
		{ 8, PLATFORM_BIOS, false, 0, { NULL } },
		{ 8, PLATFORM_EFI, true, 1, { "iso/winpe.iso" } },
		{ 0, PLATFORM_ANY, false, 0, { NULL } },
	};
	size_t i, j, n;
	const char *paths[8];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct fits_case *c = &cases[i];
		const struct entry *e = &catalog[c->idx];

		if (render_entry_fits(e, c->p) != c->fits)
			fail_msg("case %zu: %s fits %d", i, e->name, !c->fits);
		n = render_entry_images(e, c->p, paths, 8);
		assert_int_equal(n, c->n_images);
		for (j = 0; j < n; j++)
			assert_string_equal(paths[j], c->images[j]);
	}
	/* max bounds the output. */
	assert_int_equal(render_entry_images(&catalog[2], PLATFORM_BIOS,
	    paths, 2), 2);
	/* A kind needing a target without one fits nowhere. */
	{
		struct entry e = catalog[0];

		e.target = "";
		assert_false(render_entry_fits(&e, PLATFORM_BIOS));
		e.kind = ENTRY_KIND_COUNT;
		assert_false(render_entry_fits(&e, PLATFORM_BIOS));
	}
}

/* render_boot_choice: what render_boot does, as the server logs it. */
static void
test_choice(void **state)
{
	static const struct {
		struct scene	 s;
		const char	*want;		/* NULL: the menu */
		bool		 next;
	} cases[] = {
		{ { .platform = PLATFORM_BIOS, .mac = MAC }, NULL, false },
		{ { .platform = PLATFORM_BIOS, .mac = MAC, .unknown_entry = "alpine" },
		    "alpine", false },
		{ { .platform = PLATFORM_BIOS, .unknown_entry = "alpine" },
		    "alpine", false },
		{ { .platform = PLATFORM_EFI, .mac = MAC, .unknown_entry = "freedos" },
		    NULL, false },
		{ { .platform = PLATFORM_BIOS, .mac = MAC, .unknown_entry = "gone" },
		    NULL, false },
		{ { .platform = PLATFORM_BIOS, .mac = MAC, .unknown_entry = "alpine",
		    .force_menu = true }, NULL, false },
		{ { .platform = PLATFORM_BIOS, .mac = MAC, .host_known = true,
		    .unknown_entry = "alpine" }, NULL, false },
		{ { .platform = PLATFORM_BIOS, .mac = MAC, .host_known = true,
		    .host_next = "shell", .unknown_entry = "alpine" }, "shell", true },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rendered r;
		const char *got;
		bool next;

		scene_setup(&r, &cases[i].s);
		got = render_boot_choice(&r.in, &next);
		if ((got == NULL) != (cases[i].want == NULL) ||
		    (got != NULL && strcmp(got, cases[i].want) != 0) ||
		    next != cases[i].next)
			fail_msg("case %zu: got %s%s", i, got ? got : "(menu)",
			    next ? " (next)" : "");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_fits_and_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
