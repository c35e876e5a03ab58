/* test_legacy.c: the pxelinux and iPXE menu importers on memory buffers, includes from an in-memory loader: a table of inputs and what each must make. */
#include "config.h"

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
#include "import/ipxe_menu.h"
#include "import/pxelinux.h"

/* Files an INCLUDE may name: path, then content. */
static const char *const files[][2] = {
	{ "a.cfg", "LABEL fromA\n  KERNEL a/vmlinuz\nINCLUDE b.cfg\n" },
	{ "b.cfg", "MENU INCLUDE /a.cfg\n" },
	{ "sub.cfg", "LABEL inner\n  LOCALBOOT 0\n" },
	{ "self.cfg", "INCLUDE self.cfg\n" },
	{ "def.cfg", "\n\nDEFAULT nowhere\n" },
};

static int
mem_load(void *ctx, const char *path, char **buf, size_t *len, char *err,
    size_t errlen)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		if (strcmp(files[i][0], path) == 0) {
			*buf = xstrdup(files[i][1]);
			*len = strlen(*buf);
			return 0;
		}
	snprintf(err, errlen, "no such file");
	return -1;
}

static const struct import_loader loader = { .load = mem_load };

struct pxe_case {
	const char	*text;
	size_t		 errors;
	/* "name:kind:submenu" for each entry, ';' between; "" for none. */
	const char	*entries;
	int		 timeout;	/* -1: not given */
	const char	*def;		/* NULL: not given */
	const char	*finding;	/* a finding text that must be there */
};

static const struct pxe_case pxe_cases[] = {
	{ "timeout 120\ndefault LocalBoot\nprompt 1\n\nLABEL Memtest\n"
	  "    kernel memtest86\n\nLABEL Debian\n    kernel memdisk\n"
	  "    append iso initrd=path/to/some.iso\n\nLABEL LocalBoot\n"
	  "    localboot 0\n", 0,
	  "Memtest:kernel:;Debian:iso:;LocalBoot:localboot:", 12, "LocalBoot",
	  NULL },
	/* Keywords in any case, CRLF lines, 1 tenth rounds up to 1 s. */
	{ "TIMEOUT 1\r\nlAbEl x\r\n  LiNuX vmlinuz\r\n", 0, "x:kernel:", 1,
	  NULL, NULL },
	{ "MENU BEGIN t\nMENU TITLE Tools\nLABEL a\n LOCALBOOT 0\nMENU END\n"
	  "LABEL b\n LOCALBOOT 0\nMENU INCLUDE sub.cfg More\n", 0,
	  "a:localboot:Tools;b:localboot:;inner:localboot:More", -1, NULL,
	  NULL },
	{ "INCLUDE a.cfg\n", 1, "", -1, NULL, "include loop: /a.cfg" },
	{ "INCLUDE self.cfg\n", 1, "", -1, NULL, "include loop: self.cfg" },
	{ "INCLUDE none.cfg\n", 1, "", -1, NULL,
	  "cannot include none.cfg: no such file" },
	{ "INCLUDE a/../../x.cfg\n", 1, "", -1, NULL,
	  "cannot include a/../../x.cfg: the path leaves the TFTP root" },
	{ "LABEL a\n KERNEL x\n WIBBLE\n", 1, "", -1, NULL,
	  "unknown keyword 'wibble'" },
	{ "LABEL hdt\n COM32 hdt.c32\nLABEL m\n KERNEL vesamenu.c32\n"
	  "LABEL p\n KERNEL pxelinux.0\n", 0, "", -1, NULL,
	  "label 'p': a PXE boot program" },
	{ "LABEL k\n KERNEL vmlinuz initrd=i1,i2 quiet\n INITRD i3\n", 0,
	  "k:kernel:", -1, NULL, NULL },
	{ "LABEL up\n KERNEL ../../etc/passwd\n", 0, "", -1, NULL,
	  "label 'up': the kernel path leaves the TFTP root" },
	/* What the catalog would refuse is a label skipped, with why. */
	{ "LABEL a\n KERNEL k\n APPEND x=${y}\n", 0, "", -1, NULL,
	  "label 'a': args: 'x=${y}' would be expanded by iPXE" },
	{ "DEFAULT nowhere\nLABEL a\n LOCALBOOT 0\n", 0, "a:localboot:", -1,
	  NULL, "DEFAULT 'nowhere' names no label" },
	{ "LABEL a\n LOCALBOOT 0\nLABEL b\n MENU DEFAULT\n LOCALBOOT 0\n"
	  "MENU LABEL ^Back\n", 0, "a:localboot:;b:localboot:", -1, "b",
	  NULL },
};

static void
check_entries(const struct import_plan *plan, const char *want)
{
	char buf[512], *save = NULL, *t;
	size_t i = 0;

	snprintf(buf, sizeof buf, "%s", want);
	for (t = strtok_r(buf, ";", &save); t != NULL;
	    t = strtok_r(NULL, ";", &save), i++) {
		char got[256];
		const struct entry *e;

		assert_true(i < plan->n_entries);
		e = &plan->entries[i];
		snprintf(got, sizeof got, "%s:%s:%s", e->name,
		    entry_kind_name(e->kind), e->submenu ? e->submenu : "");
		assert_string_equal(got, t);
	}
	assert_int_equal(i, plan->n_entries);
}

static bool
has_finding(const struct import_plan *plan, const char *text)
{
	size_t i;

	for (i = 0; i < plan->n_findings; i++)
		if (strstr(plan->findings[i].text, text) != NULL)
			return true;
	return false;
}

static void
test_pxelinux_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pxe_cases / sizeof pxe_cases[0]; i++) {
		const struct pxe_case *c = &pxe_cases[i];
		struct import_plan plan = { 0 };

		print_message("case %zu\n", i);
		assert_int_equal(pxelinux_parse(&plan, "default", c->text,
		    strlen(c->text), &loader, NULL), c->errors);
		check_entries(&plan, c->entries);
		if (c->timeout >= 0) {
			assert_true(plan.menu_given &
			    CATALOG_IMPORT_MENU_TIMEOUT);
			assert_int_equal(plan.menu.timeout, c->timeout);
		} else
			assert_false(plan.menu_given &
			    CATALOG_IMPORT_MENU_TIMEOUT);
		if (c->def != NULL)
			assert_string_equal(plan.menu.default_entry, c->def);
		if (c->finding != NULL && !has_finding(&plan, c->finding)) {
			size_t j;

			for (j = 0; j < plan.n_findings; j++)
				print_message("  %s\n", plan.findings[j].text);
			fail_msg("no finding '%s'", c->finding);
		}
		import_plan_free(&plan);
	}
}

static void
test_pxelinux_details(void **state)
{
	static const char text[] = "LABEL k\n MENU LABEL ^Kernel one\n"
	    " KERNEL /vmlinuz initrd=i1,i2 quiet splash\n INITRD ::i3\n"
	    " MENU HIDE\n";
	struct import_plan plan = { 0 };
	const struct entry *e;

	(void)state;
	assert_int_equal(pxelinux_parse(&plan, "default", text,
	    sizeof text - 1, NULL, NULL), 0);
	assert_int_equal(plan.n_entries, 1);
	e = &plan.entries[0];
	assert_string_equal(e->title, "Kernel one");
	assert_int_equal(e->key, 'k');
	assert_string_equal(e->target, "vmlinuz");
	assert_string_equal(e->args, "quiet splash");
	assert_int_equal(e->n_initrds, 3);
	assert_string_equal(e->initrds[0], "i1");
	assert_string_equal(e->initrds[2], "i3");
	assert_false(e->enabled);
	import_plan_free(&plan);
}

static void
test_pxelinux_binary(void **state)
{
	static const char text[] = "LABEL a\0\0";
	struct import_plan plan = { 0 };
	char mac[MAC_STRLEN];

	(void)state;
	assert_int_equal(pxelinux_parse(&plan, "default", text,
	    sizeof text - 1, NULL, NULL), 1);
	assert_int_equal(plan.n_entries, 0);
	import_plan_free(&plan);
	assert_true(pxelinux_mac_file("01-AA-bb-cc-dd-ee-ff", mac));
	assert_string_equal(mac, "aa:bb:cc:dd:ee:ff");
	assert_false(pxelinux_mac_file("C0A80001", mac));
	assert_false(pxelinux_mac_file("02-aa-bb-cc-dd-ee-ff-00", mac));
}

static void
test_ipxe_menu(void **state)
{
	static const char text[] = "#!ipxe\nmenu Pick one\n"
	    "item --key a a Alpha\nitem b Beta\nitem c Gamma\n"
	    "choose --default b --timeout 1500 x && goto ${x}\n"
	    ":a\nsanboot --drive 0x81 http://h/a.iso\n"
	    ":b\nkernel k1 quiet \\\n  splash\ninitrd --name i i1\nboot ||\n"
	    ":c\nchain ${u}\nfrobnicate\n";
	struct import_plan plan = { 0 };

	(void)state;
	assert_int_equal(ipxe_menu_parse(&plan, "m", text, sizeof text - 1),
	    0);
	check_entries(&plan, "a:iso:;b:kernel:");
	assert_string_equal(plan.entries[0].target, "http://h/a.iso");
	assert_int_equal(plan.entries[0].key, 'a');
	assert_string_equal(plan.entries[1].args, "quiet splash");
	assert_string_equal(plan.entries[1].initrds[0], "i1");
	assert_string_equal(plan.menu.title, "Pick one");
	assert_string_equal(plan.menu.default_entry, "b");
	assert_int_equal(plan.menu.timeout, 2);
	assert_true(has_finding(&plan, "line not mapped: chain ${u}"));
	assert_true(has_finding(&plan, "line not mapped: frobnicate"));
	assert_true(has_finding(&plan, "item 'c': its section boots nothing"));
	import_plan_free(&plan);

	assert_int_equal(ipxe_menu_parse(&plan, "m", "menu x\n", 7), 1);
	import_plan_free(&plan);
}

static const struct import_finding *
find(const struct import_plan *plan, const char *text)
{
	size_t i;

	for (i = 0; i < plan->n_findings; i++)
		if (strstr(plan->findings[i].text, text) != NULL)
			return &plan->findings[i];
	return NULL;
}

/* What the fuzz targets found: each plan the catalog would refuse, or a
   finding at a place that is not in the file it names. */
static void
test_fuzz_findings(void **state)
{
	static const char bad_title[] = "#!ipxe\nmenu Caf\xe9 \x01\n"
	    "item a A\nchoose --timeout 99999999999999999999 x\n:a\nexit\n";
	static const char mac_text[] = "LABEL a\n LOCALBOOT 0\nDEFAULT a\n";
	static const char inc_text[] =
	    "LABEL a\n LOCALBOOT 0\nINCLUDE def.cfg\n";
	struct import_plan plan = { 0 };
	const struct import_finding *f;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	/* A title the catalog refuses and a timeout past a day: both left
	   out with a finding at their line, the item still made. */
	assert_int_equal(ipxe_menu_parse(&plan, "m", bad_title,
	    sizeof bad_title - 1), 0);
	assert_int_equal(plan.n_entries, 1);
	assert_int_equal(plan.menu_given, 0);
	assert_non_null(f = find(&plan, "not valid UTF-8: left out"));
	assert_int_equal(f->line, 2);
	assert_non_null(f = find(&plan, "choose --timeout 9999"));
	assert_int_equal(f->line, 4);
	import_plan_free(&plan);

	/* A long title of two-byte characters is cut between them. */
	strbuf_adds(&sb, "#!ipxe\nmenu ");
	for (i = 0; i < 150; i++)
		strbuf_adds(&sb, "\xc3\xa9");
	strbuf_adds(&sb, "\nitem a ");
	for (i = 0; i < 150; i++)
		strbuf_adds(&sb, "\xc3\xa9");
	strbuf_adds(&sb, "\n:a\nexit\n");
	assert_int_equal(ipxe_menu_parse(&plan, "m", sb.data, sb.len), 0);
	assert_int_equal(plan.n_entries, 1);
	assert_int_equal(strlen(plan.entries[0].title), ENTRY_TITLE_MAX);
	assert_int_equal(strlen(plan.menu.title), MENU_TITLE_MAX);
	import_plan_free(&plan);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "LABEL a\n MENU LABEL x");
	for (i = 0; i < 150; i++)
		strbuf_adds(&sb, "\xc3\xa9");
	strbuf_adds(&sb, "\n LOCALBOOT 0\n");
	assert_int_equal(pxelinux_parse(&plan, "d", sb.data, sb.len, NULL,
	    NULL), 0);
	assert_int_equal(plan.n_entries, 1);
	assert_int_equal(strlen(plan.entries[0].title), ENTRY_TITLE_MAX - 1);
	import_plan_free(&plan);

	/* Names made from equal labels take the smallest free suffix, and
	   a thousand of them stay cheap. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "LABEL a-3\n KERNEL k\nLABEL a-03\n KERNEL k0\n");
	for (i = 0; i < 997; i++)
		strbuf_addf(&sb, "LABEL a\n KERNEL k%zu\n", i);
	assert_int_equal(pxelinux_parse(&plan, "d", sb.data, sb.len, NULL,
	    NULL), 0);
	assert_int_equal(plan.n_entries, 999);
	assert_string_equal(plan.entries[2].name, "a");
	assert_string_equal(plan.entries[3].name, "a-2");
	assert_string_equal(plan.entries[4].name, "a-4");
	assert_string_equal(plan.entries[998].name, "a-998");
	import_plan_free(&plan);
	strbuf_free(&sb);

	/* DEFAULT read from an include is reported where it is. */
	assert_int_equal(pxelinux_parse(&plan, "default", inc_text,
	    sizeof inc_text - 1, &loader, NULL), 0);
	assert_non_null(f = find(&plan, "DEFAULT 'nowhere' names no label"));
	assert_string_equal(f->file, "def.cfg");
	assert_int_equal(f->line, 3);
	import_plan_free(&plan);

	/* A per-MAC file named for the broadcast address sets no host. */
	assert_int_equal(pxelinux_parse(&plan, "default", mac_text,
	    sizeof mac_text - 1, NULL, NULL), 0);
	assert_int_equal(pxelinux_parse(&plan, "01-ff-ff-ff-ff-ff-ff",
	    mac_text, sizeof mac_text - 1, NULL, "ff:ff:ff:ff:ff:ff"), 0);
	assert_int_equal(plan.n_hosts, 0);
	assert_non_null(find(&plan, "is the broadcast address, not one "
	    "machine's: no host"));
	import_plan_free(&plan);
}

/* Past the limits: one error, and the rest not read. */
static void
test_limits(void **state)
{
	struct import_plan plan = { 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i <= IMPORT_ENTRIES_MAX; i++)
		strbuf_addf(&sb, "LABEL a%zu\n KERNEL k\n", i);
	assert_int_equal(pxelinux_parse(&plan, "d", sb.data, sb.len, NULL,
	    NULL), 1);
	assert_int_equal(plan.n_entries, 0);
	import_plan_free(&plan);
	strbuf_reset(&sb);
	for (i = 0; i < 1000; i++)
		strbuf_adds(&sb, "WIBBLE\n");
	assert_int_equal(pxelinux_parse(&plan, "d", sb.data, sb.len, NULL,
	    NULL), PXELINUX_ERRORS_MAX + 1);
	import_plan_free(&plan);
	/* Includes multiply (each file may include others many times):
	   their number is capped too. */
	strbuf_reset(&sb);
	for (i = 0; i < 300; i++)
		strbuf_adds(&sb, "INCLUDE sub.cfg\n");
	assert_int_equal(pxelinux_parse(&plan, "d", sb.data, sb.len, &loader,
	    NULL), 1);
	assert_true(has_finding(&plan, "more than 256 files included"));
	import_plan_free(&plan);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "#!ipxe\n");
	for (i = 0; i <= IMPORT_ENTRIES_MAX; i++)
		strbuf_addf(&sb, "item a%zu A\n", i);
	assert_int_equal(ipxe_menu_parse(&plan, "m", sb.data, sb.len), 1);
	assert_int_equal(plan.n_entries, 0);
	import_plan_free(&plan);
	strbuf_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pxelinux_cases),
		cmocka_unit_test(test_pxelinux_details),
		cmocka_unit_test(test_pxelinux_binary),
		cmocka_unit_test(test_ipxe_menu),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_fuzz_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
