/* test_lint.c: db/lint.c's base URL rules and entry fitness, table-driven, on a real catalog in a temporary directory. */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/lint.h"

struct fixture {
	char		 dir[64];
	char		 path[128];
	struct catalog	*cat;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[256];

	snprintf(f->dir, sizeof f->dir, "/tmp/bootdeck-lint.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/catalog.db", f->dir);
	assert_int_equal(catalog_open(f->path, CATALOG_OPEN_CREATE, &f->cat,
	    err, sizeof err), CATALOG_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char side[160];

	catalog_close(f->cat);
	unlink(f->path);
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The codes of r, space separated, in order; "" for none. */
static void
codes(const struct lint_report *r, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < r->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s:%s",
		    i ? " " : "", lint_severity_name(r->v[i].severity),
		    lint_code_name(r->v[i].code));
}

static void
test_base_url(void **state)
{
	static const struct {
		const char	*url, *listen, *want;
	} cases[] = {
		{ NULL, "0.0.0.0:8080", "" },
		{ "http://boot.example.net:8080", "0.0.0.0:8080", "" },
		{ "http://10.0.0.1:8080", "0.0.0.0:8080", "" },
		{ "http://10.0.0.1:8080", "10.0.0.1:8080", "" },
		{ "http://10.0.0.1", "0.0.0.0:80", "" },
		{ "https://10.0.0.1", "0.0.0.0:8080", "" },
		{ "http://10.0.0.1:8080/", "0.0.0.0:8080", "" },
		{ "http://[2001:db8::1]:8080/boot", "[::]:8080", "" },
		{ "http://10.0.0.1:8080", "[::]:8080", "" },
		{ "http://127.0.0.1:8080", "0.0.0.0:8080",
		    "error:base-url-loopback" },
		{ "http://127.1.2.3:8080", NULL, "error:base-url-loopback" },
		{ "http://[::1]:8080", "[::]:8080", "error:base-url-loopback" },
		{ "http://LocalHost:8080", "0.0.0.0:8080",
		    "error:base-url-loopback" },
		{ "http://a.localhost", "0.0.0.0:8080",
		    "error:base-url-loopback" },
		{ "http://127.0.0.1:8080", "127.0.0.1:8080",
		    "warning:base-url-loopback" },
		{ "http://[2001:db8::1]:8080", "0.0.0.0:8080",
		    "error:base-url-family" },
		{ "http://10.0.0.1:8080", "[2001:db8::1]:8080",
		    "error:base-url-family" },
		{ "http://10.0.0.2:8080", "10.0.0.1:8080",
		    "warning:base-url-address" },
		{ "http://10.0.0.1:8081", "10.0.0.1:8080",
		    "warning:base-url-address" },
		{ "http://10.0.0.1", "0.0.0.0:8080",
		    "warning:base-url-address" },
		{ "http://a?b", "0.0.0.0:8080", "error:base-url-bad" },
		{ "ftp://a", "0.0.0.0:8080", "error:base-url-bad" },
		{ "http://10.0.0.1:8080", "nonsense", "" },
	};
	struct fixture *f = *state;
	struct lint_report r;
	char got[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lint_options o = { .base_url = cases[i].url,
		    .listen = cases[i].listen };

		assert_int_equal(lint_run(f->cat, &o, &r), CATALOG_OK);
		codes(&r, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("base_url %s, listen %s: got '%s', want '%s'",
			    cases[i].url ? cases[i].url : "(none)",
			    cases[i].listen ? cases[i].listen : "(none)", got,
			    cases[i].want);
		lint_report_free(&r);
	}
}

/* The catalog's base_url counts when the config sets none, and not when
   it does. */
static void
test_base_url_catalog(void **state)
{
	struct fixture *f = *state;
	struct lint_options o = { .listen = "0.0.0.0:8080" };
	struct lint_report r;
	char got[256];

	assert_int_equal(catalog_setting_set(f->cat, CATALOG_SETTING_BASE_URL,
	    "http://127.0.0.1:8080"), CATALOG_OK);
	assert_int_equal(lint_run(f->cat, &o, &r), CATALOG_OK);
	codes(&r, got, sizeof got);
	assert_string_equal(got, "error:base-url-loopback");
	assert_non_null(strstr(r.v[0].message, "from the catalog"));
	assert_string_equal(r.v[0].subject, "base_url");
	assert_int_equal(r.v[0].subject_kind, LINT_SUBJECT_SETTING);
	assert_ptr_equal(lint_report_find(&r, LINT_SUBJECT_SETTING,
	    "base_url"), &r.v[0]);
	assert_null(lint_report_find(&r, LINT_SUBJECT_ENTRY, "base_url"));
	lint_report_free(&r);
	o.base_url = "http://10.0.0.1:8080";
	assert_int_equal(lint_run(f->cat, &o, &r), CATALOG_OK);
	assert_int_equal(r.n, 0);
	lint_report_free(&r);
}

/* entry_fits, the one rule the renderer and the lint share. */
static void
test_entry_fits(void **state)
{
	static const struct {
		enum entry_kind	 kind;
		enum platform	 platform;
		const char	*target, *target_efi, *boot;
		bool		 bios, efi;
	} cases[] = {
		{ ENTRY_ISO, PLATFORM_ANY, "a.iso", NULL, NULL, true, true },
		{ ENTRY_ISO, PLATFORM_ANY, "a.iso", NULL, "memdisk", true, false },
		{ ENTRY_ISO, PLATFORM_EFI, "a.iso", NULL, NULL, false, true },
		{ ENTRY_MEMDISK, PLATFORM_ANY, "a.iso", NULL, NULL, true, false },
		{ ENTRY_KERNEL, PLATFORM_BIOS, "k", NULL, NULL, true, false },
		{ ENTRY_KERNEL, PLATFORM_ANY, "k", "k.efi", NULL, true, true },
		{ ENTRY_KERNEL, PLATFORM_ANY, NULL, NULL, NULL, false, false },
		{ ENTRY_LOCALBOOT, PLATFORM_ANY, NULL, NULL, NULL, true, true },
		{ ENTRY_SHELL, PLATFORM_EFI, NULL, NULL, NULL, false, true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct entry e = { .kind = cases[i].kind,
		    .platform = cases[i].platform,
		    .target = (char *)cases[i].target,
		    .target_efi = (char *)cases[i].target_efi,
		    .boot = (char *)cases[i].boot };

		if (entry_fits(&e, PLATFORM_BIOS) != cases[i].bios ||
		    entry_fits(&e, PLATFORM_EFI) != cases[i].efi)
			fail_msg("case %zu: fits BIOS %d EFI %d", i,
			    entry_fits(&e, PLATFORM_BIOS),
			    entry_fits(&e, PLATFORM_EFI));
	}
}

/* Every code has a name and a line of help, and names are unique. */
static void
test_codes(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < LINT_CODE_COUNT; i++) {
		assert_true(strlen(lint_code_name((enum lint_code)i)) > 1);
		assert_true(strlen(lint_code_help((enum lint_code)i)) > 10);
		for (j = 0; j < i; j++)
			assert_string_not_equal(lint_code_name((enum lint_code)i),
			    lint_code_name((enum lint_code)j));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_url_catalog, setup,
		    teardown),
		cmocka_unit_test(test_entry_fits),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
