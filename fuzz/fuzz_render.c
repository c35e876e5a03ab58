/* fuzz_render.c: hostile catalog and client text never changes the commands of a rendered script (no injection). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "ipxe/render.h"
#include "tests/unit/script_shape.h"

/*
 * The input: three bytes choosing the kind, the client's platform and
 * the scene, then NUL-separated text for the fields below. The same
 * scene rendered from benign text gives the reference shape; the
 * hostile one must have the same shape, the same number of "${", and
 * (but for the admin's own script body) only printable ASCII and '\n'.
 */
enum field {
	F_NAME, F_TITLE, F_TARGET, F_TARGET_EFI, F_INITRD1, F_INITRD2,
	F_ARGS, F_MENU_TITLE, F_HOST_NAME, F_BASE, F_MESSAGE, F_COUNT
};

static const char *const benign[F_COUNT] = {
	[F_NAME] = "entry0",
	[F_TITLE] = "Entry number 0",
	[F_TARGET] = "dir/file.img",
	[F_TARGET_EFI] = "dir/file.efi",
	[F_INITRD1] = "dir/initrd.img",
	[F_INITRD2] = "dir/initrd2.img",
	[F_ARGS] = "console=ttyS0 quiet",
	[F_MENU_TITLE] = "Boot menu",
	[F_HOST_NAME] = "lab-pc-1",
	[F_BASE] = "http://10.0.2.2:8080",
	[F_MESSAGE] = "no entry named x",
};

struct scene_in {
	enum entry_kind	 kind;
	enum platform	 platform;
	unsigned	 scene;
	bool		 two_initrds, efi_kernel;
};

static char *
render_scene(const struct scene_in *si, const char *const *text)
{
	struct entry e[2];
	struct boot_view view;
	struct render_client client;
	struct render_input in;
	char *initrds[2] = { (char *)text[F_INITRD1], (char *)text[F_INITRD2] };
	char *script;

	memset(e, 0, sizeof e);
	memset(&view, 0, sizeof view);
	memset(&client, 0, sizeof client);
	memset(&in, 0, sizeof in);
	e[0].name = (char *)text[F_NAME];
	e[0].title = (char *)text[F_TITLE];
	e[0].kind = si->kind;
	e[0].key = 'a';
	e[0].position = 1;
	e[0].enabled = true;
	if (si->kind == ENTRY_SCRIPT)
		e[0].script = "#!ipxe\necho admin\n";
	else if (si->kind != ENTRY_LOCALBOOT && si->kind != ENTRY_SHELL)
		e[0].target = (char *)text[F_TARGET];
	if (si->kind == ENTRY_KERNEL) {
		if (si->efi_kernel)
			e[0].target_efi = (char *)text[F_TARGET_EFI];
		e[0].initrds = initrds;
		e[0].n_initrds = si->two_initrds ? 2 : 1;
		e[0].args = (char *)text[F_ARGS];
	}
	/* A second, fixed entry the first must not disturb. */
	e[1].name = "other";
	e[1].title = "Other";
	e[1].kind = ENTRY_SHELL;
	e[1].position = 2;
	e[1].enabled = true;

	view.menu.title = (char *)text[F_MENU_TITLE];
	view.menu.timeout = 7;
	view.menu.default_entry = e[0].name;
	view.entries = e;
	view.n_entries = 2;
	view.host_known = si->scene != 2;
	memcpy(view.host.mac, "52:54:00:12:34:56", MAC_STRLEN);
	view.host.name = (char *)text[F_HOST_NAME];
	view.host.default_entry = e[0].name;
	view.host.next_entry = si->scene == 3 ? e[0].name : NULL;
	view.host.skip_menu = si->scene == 4;
	memcpy(client.mac, view.host.mac, MAC_STRLEN);
	client.platform = si->platform;
	memcpy(client.arch, "x86_64", 7);
	in.base_url = text[F_BASE];
	in.view = &view;
	in.client = &client;

	switch (si->scene) {
	case 0:
		script = render_entry(&in, &e[0]);
		break;
	case 1:
		script = render_error(&in, text[F_MESSAGE]);
		break;
	case 5:
		script = render_bootstrap(text[F_BASE], "bootdeck-0.1.0");
		break;
	case 6:
		script = render_bootstrap(text[F_BASE], NULL);
		break;
	default:
		script = render_boot(&in);
		break;
	}
	FUZZ_CHECK(script != NULL && strncmp(script, "#!ipxe\n", 7) == 0);
	return script;
}

static bool
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != '\n' && (*s < 0x20 || *s > 0x7e))
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	const char *text[F_COUNT];
	char *copy, *p, *end, *script;
	struct scene_in si;
	size_t want_dollars, got_dollars, i;

	if (size < 3)
		return 0;
	si.kind = (enum entry_kind)(data[0] % ENTRY_KIND_COUNT);
	si.platform = data[1] & 1 ? PLATFORM_EFI : PLATFORM_BIOS;
	si.two_initrds = data[1] & 2;
	si.efi_kernel = data[1] & 4;
	si.scene = data[2] % 7;
	copy = xmalloc(size - 3 + 1);
	memcpy(copy, data + 3, size - 3);
	copy[size - 3] = '\0';
	end = copy + size - 3;
	/* Missing or empty fields stay benign: the catalog refuses empty
	   names and targets, and the shape of a line without them differs. */
	for (i = 0, p = copy; i < F_COUNT; i++) {
		text[i] = benign[i];
		if (p <= end) {
			if (*p != '\0')
				text[i] = p;
			p += strlen(p) + 1;
		}
	}
	/* Both entries need their own names for the menu to reach them. */
	if (strcmp(text[F_NAME], "other") == 0)
		text[F_NAME] = benign[F_NAME];

	script = render_scene(&si, benign);
	want_dollars = script_shape(script, &want);
	free(script);
	script = render_scene(&si, text);
	got_dollars = script_shape(script, &got);
	if (strcmp(want.data, got.data) != 0 || want_dollars != got_dollars ||
	    (si.kind != ENTRY_SCRIPT && !plain_ascii(script)))
		fprintf(stderr, "--- want (%zu ${)\n%s--- got (%zu ${)\n%s"
		    "--- script\n%.4000s\n", want_dollars, want.data,
		    got_dollars, got.data, script);
	FUZZ_CHECK(strcmp(want.data, got.data) == 0);
	FUZZ_CHECK(want_dollars == got_dollars);
	FUZZ_CHECK(si.kind == ENTRY_SCRIPT || plain_ascii(script));
	free(script);
	strbuf_free(&want);
	strbuf_free(&got);
	free(copy);
	return 0;
}
