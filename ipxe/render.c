/* render.c: turning catalog data into iPXE scripts (menus, entries, bootstrap). */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "common/strbuf.h"
#include "ipxe/render.h"
#include "ipxe/sanitize.h"

/*
 * Every byte that came from the catalog or a client goes through
 * sanitize.h; everything else written here is a fixed string or a number.
 * Labels are generated ("bd_" + the entry's index in the view), never taken
 * from names.
 *
 * A script's `exit` ends only the innermost script: a chained script that
 * exits (UEFI local boot) returns success to its caller. So every `chain`
 * that succeeds is followed by `exit`, all the way up to the embedded
 * bootstrap, and iPXE hands control back to the firmware.
 */

#define PAUSE_SECONDS		3	/* a message stays on screen this long */
#define DHCP_ATTEMPTS		3
#define DHCP_RETRY_SECONDS	5
#define SHELL_OFFER_MS		10000	/* "press a key for the shell" */
#define MENU_TIMEOUT_MAX	86400	/* seconds; keeps the ms value in range */

/* ${platform} as iPXE spells it. */
static const char *const platform_ipxe[PLATFORM_COUNT] = {
	[PLATFORM_BIOS] = "pcbios",
	[PLATFORM_EFI] = "efi",
};

static bool
is_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* Same rule as entry_target_is_url(); kept here so ipxe/ needs no db/. */
static bool
target_is_url(const char *t)
{
	return strncasecmp(t, "http://", 7) == 0 ||
	    strncasecmp(t, "https://", 8) == 0;
}

static bool
platform_valid(enum platform p)
{
	return p == PLATFORM_BIOS || p == PLATFORM_EFI;
}

/* URLs --------------------------------------------------------------------- */

/* mac=&platform=&arch= of the client; what iPXE knows fills any gap. */
static void
add_client_query(struct strbuf *sb, const struct render_client *c)
{
	strbuf_adds(sb, "mac=");
	if (c->mac[0] != '\0')
		sanitize_url_query(sb, c->mac);
	else
		strbuf_adds(sb, "${netX/mac}");
	strbuf_adds(sb, "&platform=");
	strbuf_adds(sb, platform_valid(c->platform) ?
	    platform_ipxe[c->platform] : "${platform}");
	strbuf_adds(sb, "&arch=");
	if (c->arch[0] != '\0')
		sanitize_url_query(sb, c->arch);
	else
		strbuf_adds(sb, "${buildarch}");
}

/* The base URL may come from a client's Host header: sanitized too. */
static void
add_base(struct strbuf *sb, const char *base_url)
{
	/* Callers check the base (common/url.h); a '?' or '#' that slipped
	   through must still not turn our paths into a query or fragment. */
	sanitize_url_base(sb, base_url);
}

static void
add_menu_url(struct strbuf *sb, const struct render_input *in)
{
	add_base(sb, in->base_url);
	strbuf_adds(sb, "/boot.ipxe?");
	add_client_query(sb, in->client);
	strbuf_adds(sb, "&menu=1");
}

static void
add_entry_url(struct strbuf *sb, const struct render_input *in,
    const char *name)
{
	add_base(sb, in->base_url);
	strbuf_adds(sb, "/entry/");
	sanitize_url_path(sb, name);
	strbuf_addc(sb, '?');
	add_client_query(sb, in->client);
}

/* The base of /images/ URLs: images_url when the admin set one. */
static void
add_images_root(struct strbuf *sb, const struct render_input *in)
{
	add_base(sb, in->images_base_url != NULL &&
	    in->images_base_url[0] != '\0' ? in->images_base_url :
	    in->base_url);
	strbuf_adds(sb, "/images");
}

/* A URL target as is (sanitized), a PATH under /images/ with the MAC the
   server attributes the bytes to. */
static void
add_image_url(struct strbuf *sb, const struct render_input *in,
    const char *target)
{
	if (target == NULL)
		target = "";
	if (target_is_url(target)) {
		sanitize_url(sb, target);
		return;
	}
	add_images_root(sb, in);
	strbuf_addc(sb, '/');
	while (*target == '/')
		target++;
	sanitize_url_path(sb, target);
	if (in->client->mac[0] != '\0') {
		strbuf_adds(sb, "?mac=");
		sanitize_url_query(sb, in->client->mac);
	}
}

/* The URL of an image PATH, without the ?mac= that add_image_url adds:
   for URLs the booted system fetches itself, where a query would become
   part of a file name. */
static void
add_image_base(struct strbuf *sb, const struct render_input *in,
    const char *path)
{
	add_images_root(sb, in);
	if (path == NULL)
		return;
	strbuf_addc(sb, '/');
	while (*path == '/')
		path++;
	sanitize_url_path(sb, path);
}

/*
 * Kernel arguments with render.h's placeholders expanded, then sanitized
 * word by word like any other: what the placeholders expand to is already
 * URL-encoded, so it passes through unchanged.
 */
static void
add_args(struct strbuf *sb, const struct render_input *in,
    const struct entry *e, const char *args)
{
	static const char *const names[] = { "{base}", "{images}", "{iso}" };
	struct strbuf ex = STRBUF_INIT;
	const char *p;
	size_t i, len;

	if (args == NULL)
		return;
	for (p = args; *p != '\0'; p += len) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strncmp(p, names[i], strlen(names[i])) == 0)
				break;
		len = i < 3 ? strlen(names[i]) : 1;
		if (i == 0)
			add_base(&ex, in->base_url);
		else if (i == 1)
			add_image_base(&ex, in, NULL);
		else if (i == 2 && e->kind == ENTRY_ISO &&
		    !target_is_url(e->target))
			add_image_base(&ex, in, e->target);
		else if (i == 2 && e->kind == ENTRY_ISO)
			sanitize_url(&ex, e->target);
		else
			strbuf_add(&ex, p, len);
	}
	strbuf_adds(&ex, "");
	sanitize_args(sb, ex.data);
	strbuf_free(&ex);
}

/* Script pieces ------------------------------------------------------------ */

static void
add_echo(struct strbuf *sb, const char *prefix, const char *text,
    const char *suffix)
{
	strbuf_adds(sb, "echo bootdeck: ");
	strbuf_adds(sb, prefix);
	sanitize_text(sb, text);
	strbuf_adds(sb, suffix);
	strbuf_addc(sb, '\n');
}

static void
add_back_to_menu(struct strbuf *sb, const struct render_input *in)
{
	strbuf_addf(sb, "sleep %d\nchain ", PAUSE_SECONDS);
	add_menu_url(sb, in);
	strbuf_addc(sb, '\n');
}

static const char *
entry_text(const struct entry *e)
{
	return is_set(e->title) ? e->title : e->name;
}

/* The kernel (or image) an entry boots on p: memtest's UEFI binary on EFI. */
static const char *
entry_boot_target(const struct entry *e, enum platform p)
{
	if (e->kind == ENTRY_KERNEL && p == PLATFORM_EFI &&
	    is_set(e->target_efi))
		return e->target_efi;
	return e->target;
}

/* Entry kinds -------------------------------------------------------------- */

static void
render_memdisk(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	strbuf_adds(sb, "kernel ");
	add_base(sb, in->base_url);
	strbuf_adds(sb, "/ipxe/memdisk iso raw\ninitrd ");
	add_image_url(sb, in, e->target);
	strbuf_adds(sb, "\nboot\n");
}

/* A file inside the ISO e boots: /images/ISO/PATH, with the client's MAC. */
static void
add_iso_file_url(struct strbuf *sb, const struct render_input *in,
    const struct entry *e, const char *path)
{
	if (target_is_url(e->target))
		sanitize_url(sb, e->target);
	else
		add_image_base(sb, in, e->target);
	strbuf_addc(sb, '/');
	sanitize_url_path(sb, path);
	if (in->client->mac[0] != '\0') {
		strbuf_adds(sb, "?mac=");
		sanitize_url_query(sb, in->client->mac);
	}
}

/* The kernel and initrds inside the ISO, as render_kernel does them. */
static void
render_iso_direct(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	const struct render_iso *iso = in->iso;
	enum platform p = in->client->platform;
	size_t i;

	strbuf_adds(sb, "kernel ");
	add_iso_file_url(sb, in, e, p == PLATFORM_EFI && iso->kernel_efi ?
	    iso->kernel_efi : iso->kernel);
	if (p == PLATFORM_EFI)
		for (i = 0; i < iso->n_initrds; i++)
			strbuf_addf(sb, " initrd=initrd%zu", i);
	add_args(sb, in, e, iso->args);
	add_args(sb, in, e, e->args);
	strbuf_addc(sb, '\n');
	for (i = 0; i < iso->n_initrds; i++) {
		strbuf_addf(sb, "initrd --name initrd%zu ", i);
		add_iso_file_url(sb, in, e, iso->initrds[i]);
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "boot\n");
}

/* How an ISO entry boots with this input: "direct", "sanboot" or
   "memdisk" (auto resolved by whether a recipe fits). */
static const char *
render_iso_method(const struct render_input *in, const struct entry *e)
{
	const char *m = entry_boot_mode(e);

	if (strcmp(m, ENTRY_BOOT_AUTO) == 0)
		return in->iso != NULL ? ENTRY_BOOT_DIRECT : ENTRY_BOOT_SANBOOT;
	return m;
}

static void
render_iso(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	const char *m = render_iso_method(in, e);

	if (strcmp(m, ENTRY_BOOT_MEMDISK) == 0)
		render_memdisk(sb, in, e);
	else if (strcmp(m, ENTRY_BOOT_DIRECT) == 0 && in->iso != NULL)
		render_iso_direct(sb, in, e);
	else if (strcmp(m, ENTRY_BOOT_DIRECT) == 0) {
		/* Asked for, and impossible: say why rather than sanboot
		   into an installer that will not find its medium. */
		add_echo(sb, "", entry_text(e), " cannot boot direct:");
		add_echo(sb, "", in->iso_problem != NULL ? in->iso_problem :
		    "no recipe fits this ISO", "");
		add_back_to_menu(sb, in);
	} else {
		/* Works on BIOS, and on UEFI for a hybrid ISO. */
		strbuf_adds(sb, "sanboot ");
		add_image_url(sb, in, e->target);
		strbuf_addc(sb, '\n');
	}
}

/*
 * Initrds are named initrd0, initrd1... on both firmwares: names are then
 * unique whatever the files are called. On UEFI the 2019 iPXE does not hand
 * initrds to an EFI-stub kernel by itself; the kernel finds them by the
 * initrd=NAME arguments. On BIOS bzimage.c loads every fetched image as
 * initrd whatever its name, so the command line stays the entry's args.
 */
static void
render_kernel(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	enum platform p = in->client->platform;
	size_t i;

	strbuf_adds(sb, "kernel ");
	add_image_url(sb, in, entry_boot_target(e, p));
	if (p == PLATFORM_EFI)
		for (i = 0; i < e->n_initrds; i++)
			strbuf_addf(sb, " initrd=initrd%zu", i);
	add_args(sb, in, e, e->args);
	strbuf_addc(sb, '\n');
	for (i = 0; i < e->n_initrds; i++) {
		strbuf_addf(sb, "initrd --name initrd%zu ", i);
		add_image_url(sb, in, e->initrds[i]);
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "boot\n");
}

static void
render_localboot(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	/* BIOS: boot the first hard disk; UEFI: `exit` lets the firmware's
	   boot manager go on to the next boot option. */
	static const char *const bios[LOCALBOOT_COUNT] = {
		[LOCALBOOT_AUTO] = "sanboot --no-describe --drive 0x80\n",
		[LOCALBOOT_SANBOOT] = "sanboot --no-describe --drive 0x80\n",
		[LOCALBOOT_EXIT] = "exit\n",
	};
	const struct boot_view *v = in->view;
	enum localboot_method m = LOCALBOOT_AUTO;

	if (v != NULL && v->host_known &&
	    (unsigned)v->host.localboot < LOCALBOOT_COUNT)
		m = v->host.localboot;
	strbuf_adds(sb, in->client->platform == PLATFORM_BIOS ? bios[m] :
	    "exit\n");
}

static void
render_chain(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	strbuf_adds(sb, "chain ");
	add_image_url(sb, in, e->target);
	strbuf_addc(sb, '\n');
}

static void
render_shell(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	strbuf_adds(sb, "shell\n");
}

/* The admin's code, served as written; only the magic line is ensured. */
static void
render_script(struct strbuf *sb, const struct render_input *in,
    const struct entry *e)
{
	const char *body = e->script != NULL ? e->script : "";

	if (strncmp(body, "#!ipxe\n", 7) == 0)
		body += 7;
	strbuf_adds(sb, body);
}

/* How each kind is rendered, by name: a kind without its render_<id>
   does not compile (db/entry_kind.h). */
typedef void render_kind_fn(struct strbuf *, const struct render_input *,
    const struct entry *);
static render_kind_fn *const render_kinds[ENTRY_KIND_COUNT] = {
#define RENDER_KIND(ID, id) [ENTRY_##ID] = render_##id,
	ENTRY_KINDS(RENDER_KIND)
#undef RENDER_KIND
};

bool
render_entry_fits(const struct entry *e, enum platform p)
{
	return entry_fits(e, p);
}

char *
render_entry(const struct render_input *in, const struct entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	enum platform p = in->client->platform;

	strbuf_adds(&sb, "#!ipxe\n");
	if (!render_entry_fits(e, p)) {
		add_echo(&sb, "", entry_text(e), p == PLATFORM_EFI ?
		    " cannot boot on UEFI" : " cannot boot on BIOS");
		add_back_to_menu(&sb, in);
	} else {
		if (!entry_kind_def(e->kind)->verbatim)
			add_echo(&sb, "", entry_text(e), "");
		render_kinds[e->kind](&sb, in, e);
	}
	return strbuf_detach(&sb, NULL);
}

/* Appends path when it is a file under the images root. */
static void
add_image_path(const char **paths, size_t max, size_t *n, const char *path)
{
	if (is_set(path) && !target_is_url(path) && *n < max)
		paths[(*n)++] = path;
}

size_t
render_entry_images(const struct entry *e, enum platform p,
    const char **paths, size_t max)
{
	size_t n = 0, i;

	if (!render_entry_fits(e, p) || !entry_kind_def(e->kind)->downloads)
		return 0;
	add_image_path(paths, max, &n, entry_boot_target(e, p));
	if (e->kind == ENTRY_KERNEL)
		for (i = 0; i < e->n_initrds; i++)
			add_image_path(paths, max, &n, e->initrds[i]);
	return n;
}

/* /boot.ipxe --------------------------------------------------------------- */

/* Straight to one entry; if it fails to boot, the menu. */
static void
render_direct(struct strbuf *sb, const struct render_input *in,
    const char *name, const char *why)
{
	const struct boot_view *v = in->view;
	const char *text = name;
	size_t i;

	/* The title reads better, when the entry is there to give one. */
	for (i = 0; i < v->n_entries; i++)
		if (v->entries[i].name != NULL &&
		    strcmp(v->entries[i].name, name) == 0)
			text = entry_text(&v->entries[i]);
	add_echo(sb, why, text, "");
	strbuf_adds(sb, "chain ");
	add_entry_url(sb, in, name);
	strbuf_adds(sb, " || goto bd_menu\nexit\n:bd_menu\n");
	add_echo(sb, "", text, " did not boot, showing the menu");
	add_back_to_menu(sb, in);
}

/* Index of the entry named name in the view if it fits, else -1. */
static long
find_fitting(const struct render_input *in, const char *name)
{
	const struct boot_view *v = in->view;
	size_t i;

	if (!is_set(name))
		return -1;
	for (i = 0; i < v->n_entries; i++)
		if (v->entries[i].name != NULL &&
		    strcmp(v->entries[i].name, name) == 0)
			return render_entry_fits(&v->entries[i],
			    in->client->platform) ? (long)i : -1;
	return -1;
}

static void
add_item(struct strbuf *sb, const struct entry *e, size_t i)
{
	unsigned char key = (unsigned char)e->key;

	strbuf_adds(sb, "item ");
	if ((key >= 'a' && key <= 'z') || (key >= '0' && key <= '9'))
		strbuf_addf(sb, "--key %c ", key);
	strbuf_addf(sb, "bd_%zu ", i + 1);
	sanitize_text(sb, entry_text(e));
	strbuf_addc(sb, '\n');
}

/* The first fitting entry of entry i's submenu: the submenu is listed
   in the main menu where that entry is, and labelled by it (bd_sN). */
static size_t
submenu_first(const struct render_input *in, size_t i)
{
	const struct boot_view *v = in->view;
	const char *s = v->entries[i].submenu;
	size_t j;

	for (j = 0; j < i; j++)
		if (is_set(v->entries[j].submenu) &&
		    strcmp(v->entries[j].submenu, s) == 0 &&
		    render_entry_fits(&v->entries[j], in->client->platform))
			return j;
	return i;
}

/* A submenu: its entries in menu order and a way back. It has no
   timeout: whoever opened it is at the console. */
static void
render_submenu(struct strbuf *sb, const struct render_input *in, size_t first)
{
	const struct boot_view *v = in->view;
	const char *s = v->entries[first].submenu;
	size_t j;

	strbuf_addf(sb, ":bd_s%zu\nmenu ", first + 1);
	sanitize_text(sb, s);
	strbuf_addc(sb, '\n');
	for (j = first; j < v->n_entries; j++)
		if (is_set(v->entries[j].submenu) &&
		    strcmp(v->entries[j].submenu, s) == 0 &&
		    render_entry_fits(&v->entries[j], in->client->platform))
			add_item(sb, &v->entries[j], j);
	strbuf_adds(sb, "item --gap\nitem bd_cancel Back\n"
	    "choose bd_choice || goto bd_cancel\ngoto ${bd_choice}\n");
}

/*
 * The menu. Labels are bd_N, N the entry's index in the view; a submenu
 * is bd_sN, N its first entry's. Escape (or a
 * failed entry) shows the menu again without the timeout, so someone at the
 * console gets to choose; an admin who wants the iPXE shell offered adds a
 * shell entry, which also shows up in the boot log.
 */
static void
render_menu(struct strbuf *sb, const struct render_input *in)
{
	const struct boot_view *v = in->view;
	enum platform p = in->client->platform;
	int timeout = v->menu.timeout;
	long def = -1;
	size_t i, n_fit = 0;

	for (i = 0; i < v->n_entries; i++)
		if (render_entry_fits(&v->entries[i], p))
			n_fit++;
	if (n_fit == 0) {
		add_echo(sb, "no boot entry fits this machine (",
		    platform_valid(p) ? platform_ipxe[p] : "?",
		    "), leaving iPXE");
		strbuf_addf(sb, "sleep %d\nexit\n", PAUSE_SECONDS);
		return;
	}
	if (v->host_known)
		def = find_fitting(in, v->host.default_entry);
	if (def < 0)
		def = find_fitting(in, v->menu.default_entry);
	if (timeout < 0)
		timeout = 0;
	if (timeout > MENU_TIMEOUT_MAX)
		timeout = MENU_TIMEOUT_MAX;

	strbuf_addf(sb, "set bd_timeout %d\n:bd_menu\nmenu ", timeout * 1000);
	sanitize_text(sb, is_set(v->menu.title) ? v->menu.title : "bootdeck");
	strbuf_addc(sb, '\n');
	for (i = 0; i < v->n_entries; i++) {
		const struct entry *e = &v->entries[i];

		if (!render_entry_fits(e, p))
			continue;
		/* The default stays in the main menu even when it belongs to
		   a submenu: the timeout can only choose from this one. */
		if (!is_set(e->submenu) || (long)i == def)
			add_item(sb, e, i);
		if (is_set(e->submenu) && submenu_first(in, i) == i) {
			strbuf_addf(sb, "item bd_s%zu ", i + 1);
			sanitize_text(sb, e->submenu);
			strbuf_adds(sb, " ...\n");
		}
	}
	/* Tell whoever is at the console which machine this is. */
	if (in->client->mac[0] != '\0') {
		strbuf_adds(sb, "item --gap\nitem --gap Machine: ");
		if (v->host_known && is_set(v->host.name)) {
			sanitize_text(sb, v->host.name);
			strbuf_addc(sb, ' ');
		}
		sanitize_url_query(sb, in->client->mac);
		if (!v->host_known)
			strbuf_adds(sb, " (not registered)");
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "choose --timeout ${bd_timeout} ");
	if (def >= 0)
		strbuf_addf(sb, "--default bd_%ld ", def + 1);
	strbuf_adds(sb, "bd_choice || goto bd_cancel\n"
	    "set bd_timeout 0\ngoto ${bd_choice}\n");
	for (i = 0; i < v->n_entries; i++)
		if (render_entry_fits(&v->entries[i], p) &&
		    is_set(v->entries[i].submenu) && submenu_first(in, i) == i)
			render_submenu(sb, in, i);
	for (i = 0; i < v->n_entries; i++) {
		if (!render_entry_fits(&v->entries[i], p))
			continue;
		strbuf_addf(sb, ":bd_%zu\nchain ", i + 1);
		add_entry_url(sb, in, v->entries[i].name);
		strbuf_adds(sb, " || goto bd_failed\nexit\n");
	}
	strbuf_adds(sb, ":bd_failed\n"
	    "echo bootdeck: that entry did not boot, back to the menu\n");
	strbuf_addf(sb, "sleep %d\ngoto bd_menu\n", PAUSE_SECONDS);
	strbuf_adds(sb, ":bd_cancel\nset bd_timeout 0\ngoto bd_menu\n");
}

const char *
render_boot_choice(const struct render_input *in, bool *next)
{
	const struct boot_view *v = in->view;
	const struct host *h = v->host_known ? &v->host : NULL;

	long i;

	*next = false;
	if (in->force_menu)
		return NULL;
	/* An unknown client: the admin's pick for strangers, when it can
	   boot here (enabled and fitting); else the menu to choose from. */
	if (h == NULL) {
		i = find_fitting(in, v->unknown_entry);
		return i >= 0 ? v->entries[i].name : NULL;
	}
	if (is_set(h->next_entry)) {
		*next = true;
		return h->next_entry;
	}
	if (h->skip_menu && is_set(h->default_entry))
		return h->default_entry;
	return NULL;
}

char *
render_boot(const struct render_input *in)
{
	struct strbuf sb = STRBUF_INIT;
	const char *direct;
	bool next;

	strbuf_adds(&sb, "#!ipxe\n");
	direct = render_boot_choice(in, &next);
	if (direct != NULL)
		render_direct(&sb, in, direct,
		    next ? "one-time boot of " : "booting ");
	else
		render_menu(&sb, in);
	return strbuf_detach(&sb, NULL);
}

char *
render_error(const struct render_input *in, const char *message)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "#!ipxe\n");
	add_echo(&sb, "", message, "");
	add_back_to_menu(&sb, in);
	return strbuf_detach(&sb, NULL);
}

/* Bootstrap ---------------------------------------------------------------- */

/*
 * The client facts iPXE knows. ${netX/mac} is the interface dhcp opened,
 * in colon form. ${uuid} is already URL-safe hex; with :uristring iPXE
 * would encode its raw bytes instead of the text. Free-text SMBIOS strings
 * are encoded by iPXE with :uristring.
 */
static void
add_bootstrap_chain(struct strbuf *sb, const char *base_url,
    const char *build)
{
	strbuf_adds(sb, "chain ");
	add_base(sb, base_url);
	strbuf_adds(sb, "/boot.ipxe?mac=${netX/mac}&platform=${platform}"
	    "&arch=${buildarch}&uuid=${uuid}&serial=${serial:uristring}"
	    "&manufacturer=${manufacturer:uristring}"
	    "&product=${product:uristring}&version=${version:uristring}");
	if (build != NULL) {
		/* Ours, but still only URL-safe bytes into the script. */
		strbuf_adds(sb, "&build=");
		sanitize_url_query(sb, build);
	}
}

char *
render_bootstrap(const char *base_url, const char *build)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	strbuf_adds(&sb, "#!ipxe\n");
	if (build == NULL) {
		strbuf_adds(&sb, "# bootdeck: ask again with this machine's "
		    "facts filled in by iPXE.\n");
		add_bootstrap_chain(&sb, base_url, NULL);
		strbuf_adds(&sb, "\n");
		return strbuf_detach(&sb, NULL);
	}
	strbuf_adds(&sb, "# bootdeck bootstrap: get an address, then this "
	    "machine's menu.\n");
	for (i = 1; i <= DHCP_ATTEMPTS; i++) {
		if (i > 1)
			strbuf_addf(&sb, ":bd_dhcp%d\n"
			    "echo bootdeck: no DHCP answer, trying again in %d "
			    "seconds\nsleep %d\n", i, DHCP_RETRY_SECONDS,
			    DHCP_RETRY_SECONDS);
		if (i < DHCP_ATTEMPTS)
			strbuf_addf(&sb, "dhcp || goto bd_dhcp%d\n", i + 1);
		else
			strbuf_adds(&sb, "dhcp || goto bd_nodhcp\n");
		strbuf_adds(&sb, "goto bd_chain\n");
	}
	strbuf_addf(&sb, ":bd_nodhcp\n"
	    "echo bootdeck: no DHCP answer after %d tries\n"
	    "goto bd_fail\n:bd_chain\n", DHCP_ATTEMPTS);
	add_bootstrap_chain(&sb, base_url, build);
	strbuf_adds(&sb, " || goto bd_nochain\nexit\n:bd_nochain\n"
	    "echo bootdeck: could not load the boot menu from ");
	sanitize_text(&sb, base_url);
	/* With nobody at the console, leave: the firmware goes on to its
	   next boot device instead of hanging here. */
	strbuf_addf(&sb, "\n:bd_fail\n"
	    "prompt --timeout %d Press any key for the iPXE shell || exit\n"
	    "shell\nexit\n", SHELL_OFFER_MS);
	return strbuf_detach(&sb, NULL);
}
