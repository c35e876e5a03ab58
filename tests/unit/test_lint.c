/* test_lint.c: db/lint.c's base URL rules, entry fitness and ISO memo, on a real catalog and real ISOs in a temporary directory. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
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

#include "db/lint.h"
#include "tests/unit/catalog_fixture.h"

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

static void
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void
add_iso(struct fixture *f, const char *name, const char *target,
    const char *boot)
{
	struct entry e = { .name = (char *)name, .title = (char *)name,
	    .kind = ENTRY_ISO, .platform = PLATFORM_ANY, .enabled = true,
	    .target = (char *)target, .boot = (char *)boot };

	assert_int_equal(catalog_entry_add(f->cat, &e), CATALOG_OK);
}

/* One run with the memo; its codes in got, the memo's counts in n. */
static void
lint_memo_run(struct fixture *f, const char *images, struct lint_memo *m,
    char *got, size_t len, struct lint_memo_counts *n)
{
	struct lint_options o = { .images_dir = images, .memo = m };
	struct lint_report r;

	assert_int_equal(lint_run(f->cat, &o, &r), CATALOG_OK);
	codes(&r, got, len);
	lint_report_free(&r);
	lint_memo_counts(m, n);
}

#define assert_counts(n, h, mi, e) do {					\
	assert_int_equal((n).hits, (h));				\
	assert_int_equal((n).misses, (mi));				\
	assert_int_equal((n).entries, (e));				\
} while (0)

/*
 * The console's memo: a second run does not parse an unchanged ISO; a
 * replaced one, or one rewritten in place, is read again and its new
 * verdict found; a deleted one is missing; and the same findings come
 * from the memo as from a read, word for word.
 */
static void
test_memo(void **state)
{
	struct fixture *f = *state;
	struct lint_memo *m;
	struct lint_memo_counts n;
	struct lint_report r1, r2;
	struct lint_options o = { 0 };
	const struct lint_memo_verdict planted = { .parsed = false,
	    .plan = -2, .why = "planted" }, fits = { .parsed = true };
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct stat sb;
	char images[128], iso[160], got[256];
	char *zeros;
	int fd;

	if (system("xorriso -version >/dev/null 2>&1") != 0)
		skip();
	snprintf(images, sizeof images, "%s/images", f->dir);
	snprintf(iso, sizeof iso, "%s/live.iso", images);
	/* A Debian live layout (a recipe fits) and a DOS disc (none). */
	run("mkdir -p %s %s/tree/live %s/dos", images, f->dir, f->dir);
	run("cd %s/tree && echo k > live/vmlinuz && echo i > live/initrd.img "
	    "&& echo s > live/filesystem.squashfs", f->dir);
	run("xorriso -as mkisofs -quiet -R -J -o %s %s/tree", iso, f->dir);
	run("cp %s %s/live.good && echo x > %s/dos/README.TXT", iso, f->dir,
	    f->dir);
	run("xorriso -as mkisofs -quiet -R -J -o %s/dos.iso %s/dos", f->dir,
	    f->dir);
	add_iso(f, "live", "live.iso", ENTRY_BOOT_DIRECT);
	/* Sanbooted as told: its ISO is never read, so never memoized. */
	add_iso(f, "disk", "live.iso", ENTRY_BOOT_SANBOOT);
	m = lint_memo_new();

	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 0, 1, 1);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 1, 1, 1);
	/* What it says comes from the memo, not the file: a verdict
	   planted for this version of the file is what the lint reports. */
	assert_int_equal(stat(iso, &sb), 0);
	lint_memo_put(m, &sb, NULL, &planted);
	o.images_dir = images;
	o.memo = m;
	assert_int_equal(lint_run(f->cat, &o, &r1), CATALOG_OK);
	assert_int_equal(r1.n, 1);
	assert_int_equal(r1.v[0].code, LINT_ISO_NO_RECIPE);
	assert_string_equal(r1.v[0].message,
	    "set to boot direct but cannot: planted");
	lint_report_free(&r1);
	lint_memo_counts(m, &n);
	assert_counts(n, 2, 1, 1);
	lint_memo_put(m, &sb, NULL, &fits);
	/* One file named twice (a symbolic link to it: a hard link would
	   change its ctime): one verdict. */
	run("ln -s live.iso %s/again.iso", images);
	add_iso(f, "again", "again.iso", ENTRY_BOOT_AUTO);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 4, 1, 1);
	run("rm %s/again.iso", images);
	assert_int_equal(catalog_entry_remove(f->cat, "again", false),
	    CATALOG_OK);

	/* A new download renamed over it: no ISO 9660 at all. */
	run("head -c 70000 /dev/zero > %s/new && mv %s/new %s", images,
	    images, iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:iso-no-recipe");
	assert_counts(n, 4, 2, 1);
	/* The verdict from the memo reads as the one from the file. */
	o.memo = NULL;
	assert_int_equal(lint_run(f->cat, &o, &r1), CATALOG_OK);
	o.memo = m;
	assert_int_equal(lint_run(f->cat, &o, &r2), CATALOG_OK);
	lint_memo_counts(m, &n);
	assert_counts(n, 5, 2, 1);
	assert_int_equal(r1.n, 1);
	assert_int_equal(r2.n, 1);
	assert_non_null(strstr(r1.v[0].message, "ISO 9660"));
	assert_string_equal(r1.v[0].message, r2.v[0].message);
	lint_report_free(&r1);
	lint_report_free(&r2);

	/* A valid ISO of another family renamed over it. */
	run("cp %s/dos.iso %s/new && mv %s/new %s", f->dir, images, images,
	    iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:iso-no-recipe");
	assert_counts(n, 5, 3, 1);

	/* Rewritten in place, same inode and size: its mtime tells. The
	   bytes are zeros and the mtime is set far back, so neither the
	   size nor a coarse clock can hide the change. */
	run("cp %s/live.good %s && touch -d @1500000000 %s", f->dir, iso,
	    iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 5, 4, 1);
	assert_int_equal(stat(iso, &sb), 0);
	zeros = calloc(1, (size_t)sb.st_size);
	assert_non_null(zeros);
	fd = open(iso, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zeros, (size_t)sb.st_size), sb.st_size);
	assert_int_equal(futimens(fd, old), 0);
	assert_int_equal(close(fd), 0);
	free(zeros);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:iso-no-recipe");
	assert_counts(n, 5, 5, 1);

	/* Deleted: missing, as without a memo, and its verdict dropped. */
	run("rm %s", iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:image-missing error:image-missing");
	assert_counts(n, 5, 5, 0);
	run("cp %s/live.good %s", f->dir, iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 5, 6, 1);

	lint_memo_free(m);
	run("rm -rf %s %s/tree %s/dos %s/dos.iso %s/live.good", images,
	    f->dir, f->dir, f->dir, f->dir);
}

/*
 * Kernel entries that boot files inside an ISO (ISO/INNER): each path's
 * verdict is remembered for that version of the ISO, and found again
 * when the ISO is replaced by one without that file, or by no ISO.
 */
static void
test_memo_inner(void **state)
{
	struct fixture *f = *state;
	struct entry e = { .name = "k", .title = "k", .kind = ENTRY_KERNEL,
	    .platform = PLATFORM_ANY, .enabled = true,
	    .target = "live.iso/live/vmlinuz" };
	char *initrds[] = { "live.iso/live/initrd.img" };
	const struct lint_memo_verdict gone = { .parsed = true };
	struct lint_options o = { 0 };
	struct lint_memo *m;
	struct lint_memo_counts n;
	struct lint_report r;
	struct stat sb;
	char images[128], iso[160], got[256];

	if (system("xorriso -version >/dev/null 2>&1") != 0)
		skip();
	snprintf(images, sizeof images, "%s/images", f->dir);
	snprintf(iso, sizeof iso, "%s/live.iso", images);
	run("mkdir -p %s %s/tree/live %s/half/live", images, f->dir, f->dir);
	run("cd %s/tree && echo k > live/vmlinuz && echo i > live/initrd.img",
	    f->dir);
	run("xorriso -as mkisofs -quiet -R -J -o %s %s/tree", iso, f->dir);
	run("echo k > %s/half/live/vmlinuz && xorriso -as mkisofs -quiet -R "
	    "-J -o %s/half.iso %s/half", f->dir, f->dir, f->dir);
	e.initrds = initrds;
	e.n_initrds = 1;
	assert_int_equal(catalog_entry_add(f->cat, &e), CATALOG_OK);
	m = lint_memo_new();

	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 0, 2, 2);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "");
	assert_counts(n, 2, 2, 2);
	/* From the memo: a verdict planted for the kernel is reported. */
	assert_int_equal(stat(iso, &sb), 0);
	lint_memo_put(m, &sb, "live/vmlinuz", &gone);
	o.images_dir = images;
	o.memo = m;
	assert_int_equal(lint_run(f->cat, &o, &r), CATALOG_OK);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].code, LINT_IMAGE_MISSING);
	assert_string_equal(r.v[0].message,
	    "live.iso holds no file live/vmlinuz");
	lint_report_free(&r);

	/* Replaced by an ISO without the initrd, then by no ISO at all. */
	run("cp %s/half.iso %s/new && mv %s/new %s", f->dir, images, images,
	    iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:image-missing");
	assert_counts(n, 4, 4, 2);
	run("head -c 70000 /dev/zero > %s/new && mv %s/new %s", images,
	    images, iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got,
	    "error:image-unreadable error:image-unreadable");
	assert_counts(n, 4, 6, 2);
	run("rm %s", iso);
	lint_memo_run(f, images, m, got, sizeof got, &n);
	assert_string_equal(got, "error:image-missing error:image-missing");
	assert_counts(n, 4, 6, 0);

	lint_memo_free(m);
	run("rm -rf %s %s/tree %s/half %s/half.iso", images, f->dir, f->dir,
	    f->dir);
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
		CATALOG_TEST(test_base_url),
		CATALOG_TEST(test_base_url_catalog),
		CATALOG_TEST(test_memo),
		CATALOG_TEST(test_memo_inner),
		cmocka_unit_test(test_entry_fits),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
