/* test_catalog.c: the catalog library against real SQLite files in a temporary directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "db/catalog.h"

#define MAC_A "52:54:00:00:00:0a"
#define MAC_B "52:54:00:00:00:0b"

struct fixture {
	char		 dir[PATH_MAX];
	char		 path[PATH_MAX + 16];
	struct catalog	*cat;
};

/* Helpers ---------------------------------------------------------------- */

static void
rm_rf(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		if (unlink(path) != 0 && errno == EISDIR)
			rm_rf(path);
	}
	closedir(dp);
	rmdir(dir);
}

static void
make_tmpdir(char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/bootdeck-catalog-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
}

static int
fx_setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	char err[256];

	make_tmpdir(fx->dir, sizeof fx->dir);
	snprintf(fx->path, sizeof fx->path, "%s/catalog.db", fx->dir);
	if (catalog_open(fx->path, CATALOG_OPEN_CREATE, &fx->cat, err,
	    sizeof err) != CATALOG_OK)
		fail_msg("open: %s", err);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fixture *fx = *state;

	catalog_close(fx->cat);
	chmod(fx->dir, 0700);	/* in case a test failed with it read-only */
	rm_rf(fx->dir);
	free(fx);
	return 0;
}

/* Fails the test with the catalog's reason unless status is want. */
#define assert_status(cat, got, want) do {				\
	int got_ = (got);						\
	if (got_ != (want))						\
		fail_msg("%s: got %s, want %s (%s)", #got,		\
		    catalog_status_name(got_), catalog_status_name(want),\
		    catalog_error(cat));				\
} while (0)

#define assert_ok(cat, expr) assert_status(cat, expr, CATALOG_OK)

static void
assert_contains(const char *hay, const char *needle)
{
	if (hay == NULL || strstr(hay, needle) == NULL)
		fail_msg("'%s' does not contain '%s'", hay ? hay : "(null)",
		    needle);
}

struct entry_spec {
	const char	*name, *title;
	enum entry_kind	 kind;
	char		 key;
	enum platform	 platform;
	const char	*target, *target_efi, *args, *script;
	const char	*initrds[4];
	bool		 disabled;
};

static void
entry_from_spec(struct entry *e, const struct entry_spec *s)
{
	size_t i;

	memset(e, 0, sizeof *e);
	e->name = xstrdup_null(s->name);
	e->title = xstrdup_null(s->title != NULL ? s->title : "A title");
	e->kind = s->kind;
	e->key = s->key;
	e->platform = s->platform;
	e->enabled = !s->disabled;
	e->target = xstrdup_null(s->target);
	e->target_efi = xstrdup_null(s->target_efi);
	e->args = xstrdup_null(s->args);
	e->script = xstrdup_null(s->script);
	for (i = 0; i < 4 && s->initrds[i] != NULL; i++) {
		e->initrds = xreallocarray(e->initrds, i + 1,
		    sizeof *e->initrds);
		e->initrds[i] = xstrdup(s->initrds[i]);
		e->n_initrds = i + 1;
	}
}

static void
add_entry(struct catalog *cat, const struct entry_spec *s)
{
	struct entry e;

	entry_from_spec(&e, s);
	assert_ok(cat, catalog_entry_add(cat, &e));
	entry_clear(&e);
}

static void
add_iso(struct catalog *cat, const char *name, char key)
{
	struct entry_spec s = { .name = name, .kind = ENTRY_ISO, .key = key,
	    .target = "isos/x.iso" };

	add_entry(cat, &s);
}

/* "a b c": the entry names in menu order, checking positions are dense. */
static void
assert_order(struct catalog *cat, const char *want)
{
	char got[512] = "";
	struct entry *v;
	size_t n, i;

	assert_ok(cat, catalog_entry_list(cat, &v, &n));
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].position, (int)i + 1);
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		    i > 0 ? " " : "", v[i].name);
	}
	entry_array_free(v, n);
	assert_string_equal(got, want);
}

static void
put_host(struct catalog *cat, const char *mac, const char *def,
    const char *next)
{
	struct host h = { 0 };

	assert_true(mac_parse(mac, h.mac));
	h.default_entry = xstrdup_null(def);
	h.next_entry = xstrdup_null(next);
	assert_ok(cat, catalog_host_put(cat, &h));
	host_clear(&h);
}

static struct boot_record
rec(enum record_kind kind, int64_t ts, const char *mac, const char *entry)
{
	struct boot_record r = { .kind = kind, .ts_ms = ts };

	snprintf(r.mac, sizeof r.mac, "%s", mac != NULL ? mac : "");
	/* 52:54:00:00:00:0a is 10.0.0.10; no MAC is 10.0.0.99. */
	snprintf(r.ip, sizeof r.ip, "10.0.0.%ld", mac != NULL ?
	    strtol(mac + 15, NULL, 16) : 99L);
	r.entry = (char *)entry;
	return r;
}

static struct boot_record
rec_transfer(int64_t ts, const char *mac, const char *path, int64_t bytes,
    int64_t requests, int64_t size)
{
	struct boot_record r = rec(RECORD_TRANSFER, ts, mac, NULL);

	r.path = (char *)path;
	r.bytes = bytes;
	r.requests = requests;
	r.size = size;
	return r;
}

static char *
read_file(const char *path, size_t *len)
{
	struct stat sb;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	buf = xmalloc((size_t)sb.st_size + 1);
	assert_int_equal(read(fd, buf, (size_t)sb.st_size), sb.st_size);
	close(fd);
	*len = (size_t)sb.st_size;
	return buf;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static bool
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Validation -------------------------------------------------------------- */

static const struct validate_case {
	const char		*what;
	struct entry_spec	 e;
	int			 status;
	const char		*msg;	/* substring of the message */
} validate_cases[] = {
	/* good */
	{ "iso path", { .name = "debian", .kind = ENTRY_ISO,
	    .target = "isos/debian-12.iso" }, CATALOG_OK, NULL },
	{ "iso url", { .name = "d.1_x-y", .kind = ENTRY_ISO, .key = 'd',
	    .target = "http://mirror.example/x.iso" }, CATALOG_OK, NULL },
	{ "path with space", { .name = "a", .kind = ENTRY_ISO,
	    .target = "my isos/x y.iso" }, CATALOG_OK, NULL },
	{ "memdisk bios", { .name = "fd", .kind = ENTRY_MEMDISK,
	    .platform = PLATFORM_BIOS, .target = "fd.img" }, CATALOG_OK, NULL },
	{ "kernel full", { .name = "linux", .kind = ENTRY_KERNEL, .key = '9',
	    .target = "k/vmlinuz", .target_efi = "k/vmlinuz.efi",
	    .initrds = { "k/initrd.gz", "https://x.example/fw.cpio" },
	    .args = "console=ttyS0,115200 quiet root=/dev/ram0 a=b#c" },
	    CATALOG_OK, NULL },
	{ "localboot", { .name = "disk", .kind = ENTRY_LOCALBOOT },
	    CATALOG_OK, NULL },
	{ "shell", { .name = "shell", .kind = ENTRY_SHELL,
	    .platform = PLATFORM_EFI }, CATALOG_OK, NULL },
	{ "chain", { .name = "netboot", .kind = ENTRY_CHAIN,
	    .target = "https://boot.netboot.xyz/menu.ipxe" }, CATALOG_OK, NULL },
	{ "script", { .name = "s", .kind = ENTRY_SCRIPT,
	    .script = "#!ipxe\n\techo ${net0/mac}\r\nshell\n" }, CATALOG_OK,
	    NULL },
	{ "utf-8 title", { .name = "u", .title = "D\xc3\xa9" "bian \xe2\x98\x83",
	    .kind = ENTRY_SHELL }, CATALOG_OK, NULL },
	{ "empty optional", { .name = "e", .kind = ENTRY_ISO, .target = "x",
	    .args = "", .script = "" }, CATALOG_OK, NULL },

	/* names */
	{ "no name", { .kind = ENTRY_SHELL }, CATALOG_INVALID, "name: is empty" },
	{ "name dash", { .name = "-x", .kind = ENTRY_SHELL }, CATALOG_INVALID,
	    "name:" },
	{ "name space", { .name = "a b", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "name:" },
	{ "name slash", { .name = "a/b", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "name:" },
	{ "name utf8", { .name = "\xc3\xa9", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "name:" },
	{ "name reserved", { .name = "menu", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "name: 'menu' is reserved" },

	/* titles */
	{ "empty title", { .name = "a", .title = "", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "title: is empty" },
	{ "title tab", { .name = "a", .title = "a\tb", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "title: contains a control character" },
	{ "title escape", { .name = "a", .title = "\x1b[31mred",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID,
	    "title: contains a control character" },
	{ "title newline", { .name = "a", .title = "a\nkernel x",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID,
	    "title: contains a control character" },
	{ "title DEL", { .name = "a", .title = "a\x7f", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "title: contains a control character" },
	{ "title C1", { .name = "a", .title = "a\xc2\x85", .kind = ENTRY_SHELL },
	    CATALOG_INVALID, "title: contains a control character" },
	{ "title bad utf8", { .name = "a", .title = "a\xc3\x28",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID, "title: is not valid UTF-8" },
	{ "title overlong", { .name = "a", .title = "\xc0\xaf",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID, "title: is not valid UTF-8" },
	{ "title surrogate", { .name = "a", .title = "\xed\xa0\x80",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID, "title: is not valid UTF-8" },
	{ "title truncated", { .name = "a", .title = "ab\xe2\x98",
	    .kind = ENTRY_SHELL }, CATALOG_INVALID, "title: is not valid UTF-8" },

	/* keys, kinds, platforms */
	{ "key upper", { .name = "a", .kind = ENTRY_SHELL, .key = 'A' },
	    CATALOG_INVALID, "key:" },
	{ "key punct", { .name = "a", .kind = ENTRY_SHELL, .key = '#' },
	    CATALOG_INVALID, "key:" },
	{ "bad kind", { .name = "a", .kind = ENTRY_KIND_COUNT },
	    CATALOG_INVALID, "kind:" },
	{ "bad platform", { .name = "a", .kind = ENTRY_SHELL,
	    .platform = PLATFORM_COUNT }, CATALOG_INVALID, "platform:" },
	{ "memdisk efi", { .name = "a", .kind = ENTRY_MEMDISK,
	    .platform = PLATFORM_EFI, .target = "fd.img" }, CATALOG_INVALID,
	    "platform: memdisk entries boot on BIOS only" },

	/* required and forbidden fields */
	{ "iso no target", { .name = "a", .kind = ENTRY_ISO }, CATALOG_INVALID,
	    "target: iso entries need one" },
	{ "memdisk no target", { .name = "a", .kind = ENTRY_MEMDISK },
	    CATALOG_INVALID, "target:" },
	{ "kernel no target", { .name = "a", .kind = ENTRY_KERNEL,
	    .target_efi = "k.efi" }, CATALOG_INVALID, "target: kernel" },
	{ "memdisk args", { .name = "a", .kind = ENTRY_MEMDISK,
	    .target = "x.iso", .args = "quiet" }, CATALOG_INVALID,
	    "args: not used by memdisk" },
	{ "iso initrd", { .name = "a", .kind = ENTRY_ISO, .target = "x.iso",
	    .initrds = { "i" } }, CATALOG_INVALID, "initrds: not used" },
	{ "localboot target", { .name = "a", .kind = ENTRY_LOCALBOOT,
	    .target = "x" }, CATALOG_INVALID, "target: not used by localboot" },
	{ "shell script", { .name = "a", .kind = ENTRY_SHELL, .script = "x" },
	    CATALOG_INVALID, "script: not used" },
	{ "script missing", { .name = "a", .kind = ENTRY_SCRIPT },
	    CATALOG_INVALID, "script: script entries need one" },
	{ "script target", { .name = "a", .kind = ENTRY_SCRIPT, .script = "x",
	    .target = "y" }, CATALOG_INVALID, "target: not used" },
	{ "script control", { .name = "a", .kind = ENTRY_SCRIPT,
	    .script = "echo\x1b" }, CATALOG_INVALID,
	    "script: contains a control character" },
	{ "chain path", { .name = "a", .kind = ENTRY_CHAIN,
	    .target = "menu.ipxe" }, CATALOG_INVALID,
	    "target: must be an http:// or https:// URL" },
	{ "chain ftp", { .name = "a", .kind = ENTRY_CHAIN,
	    .target = "ftp://x/menu.ipxe" }, CATALOG_INVALID, "target:" },

	/* targets */
	{ "absolute", { .name = "a", .kind = ENTRY_ISO, .target = "/srv/x.iso" },
	    CATALOG_INVALID, "target: is an absolute path" },
	{ "dotdot", { .name = "a", .kind = ENTRY_ISO, .target = "../x.iso" },
	    CATALOG_INVALID, "target: has a '..' path component" },
	{ "inner dotdot", { .name = "a", .kind = ENTRY_ISO,
	    .target = "a/../../x.iso" }, CATALOG_INVALID, "'..'" },
	{ "dot", { .name = "a", .kind = ENTRY_ISO, .target = "./x.iso" },
	    CATALOG_INVALID, "'.'" },
	{ "empty component", { .name = "a", .kind = ENTRY_ISO,
	    .target = "a//x.iso" }, CATALOG_INVALID, "empty path component" },
	{ "trailing slash", { .name = "a", .kind = ENTRY_ISO, .target = "a/" },
	    CATALOG_INVALID, "empty path component" },
	{ "backslash", { .name = "a", .kind = ENTRY_ISO,
	    .target = "a\\x.iso" }, CATALOG_INVALID, "target: contains a backslash" },
	{ "path newline", { .name = "a", .kind = ENTRY_ISO,
	    .target = "a\nshell" }, CATALOG_INVALID, "control character" },
	{ "path expansion", { .name = "a", .kind = ENTRY_ISO,
	    .target = "${x}.iso" }, CATALOG_INVALID, "'${'" },
	{ "url space", { .name = "a", .kind = ENTRY_ISO,
	    .target = "http://x/a b.iso" }, CATALOG_INVALID, "URL contains" },
	{ "url no host", { .name = "a", .kind = ENTRY_ISO,
	    .target = "http:///x.iso" }, CATALOG_INVALID, "URL has no host" },
	{ "url empty", { .name = "a", .kind = ENTRY_CHAIN,
	    .target = "https://" }, CATALOG_INVALID, "URL has no host" },
	{ "url utf8", { .name = "a", .kind = ENTRY_ISO,
	    .target = "http://x/\xc3\xa9.iso" }, CATALOG_INVALID, "URL contains" },
	{ "efi absolute", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .target_efi = "/k.efi" }, CATALOG_INVALID, "target_efi: is an absolute" },
	{ "initrd empty", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .initrds = { "i1", "" } }, CATALOG_INVALID, "initrd 2: is empty" },
	{ "initrd dotdot", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .initrds = { "../i" } }, CATALOG_INVALID, "initrd 1: has a '..'" },

	/* kernel arguments */
	{ "args comment", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "quiet #rest" }, CATALOG_INVALID,
	    "args: '#rest' would start a comment" },
	{ "args or", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "quiet || shell" }, CATALOG_INVALID, "args: '||' would end" },
	{ "args and", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "a && b" }, CATALOG_INVALID, "args: '&&'" },
	{ "args semicolon", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "a ; shell" }, CATALOG_INVALID, "args: ';'" },
	{ "args expansion", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "ip=${ip}" }, CATALOG_INVALID,
	    "args: 'ip=${ip}' would be expanded" },
	{ "args backslash", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "quiet \\" }, CATALOG_INVALID,
	    "args: '\\' has a '\\', which iPXE cannot pass" },
	/* iPXE has no escape for these: the kernel would get '_' instead. */
	{ "args dollar", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "quiet init=/bin/a$b" }, CATALOG_INVALID,
	    "args: 'init=/bin/a$b' has a '$', which iPXE cannot pass" },
	{ "args dollar alone", { .name = "a", .kind = ENTRY_KERNEL,
	    .target = "k", .args = "$" }, CATALOG_INVALID, "args: '$' has" },
	{ "args inner backslash", { .name = "a", .kind = ENTRY_KERNEL,
	    .target = "k", .args = "x=a\\b quiet" }, CATALOG_INVALID,
	    "args: 'x=a\\b' has a '\\'" },
	{ "args tab", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "a\tb" }, CATALOG_INVALID, "args: only printable ASCII" },
	{ "args newline", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "a\nshell" }, CATALOG_INVALID, "args: only printable" },
	{ "args utf8", { .name = "a", .kind = ENTRY_KERNEL, .target = "k",
	    .args = "x=\xc3\xa9" }, CATALOG_INVALID, "args: only printable" },
};

/* Every front end derives from these rows: each must be whole and agree
   with itself (the compile-time check only proves each row exists). */
static void
test_kind_table(void **state)
{
	enum entry_kind parsed;
	int i, j;

	(void)state;
	for (i = 0; i < ENTRY_KIND_COUNT; i++) {
		const struct entry_kind_def *k = entry_kind_def(i);

		assert_non_null(k);
		assert_non_null(k->name);
		assert_int_equal(entry_kind_parse(k->name, &parsed), 0);
		assert_int_equal(parsed, i);
		assert_non_null(k->flag);
		assert_int_equal(strncmp(k->flag, "--", 2), 0);
		assert_non_null(k->help);
		assert_true(k->bios || k->efi);
		/* What the kind's own option sets is needed by the kind. */
		if (k->value != NULL)
			assert_true(k->need & ENTRY_FIELD_BIT(k->value_field));
		assert_int_equal(k->need & ~k->allow, 0);
		if (k->allow & ENTRY_FIELD_BIT(ENTRY_FIELD_TARGET))
			assert_non_null(k->target_label);
		for (j = 0; j < i; j++)
			assert_string_not_equal(k->flag,
			    entry_kind_def(j)->flag);
	}
	assert_null(entry_kind_def(ENTRY_KIND_COUNT));
	for (i = 0; i < ENTRY_FIELD_COUNT; i++) {
		const struct entry_field_def *f = entry_field_def(i);

		assert_non_null(f->name);
		assert_non_null(f->label);
		assert_true(f->flag == NULL || (f->value != NULL &&
		    f->help != NULL));
	}
	assert_null(entry_field_def(ENTRY_FIELD_COUNT));
}

static void
test_validate_table(void **state)
{
	char err[256];
	struct entry e;
	size_t i;
	int status;

	for (i = 0; i < sizeof validate_cases / sizeof validate_cases[0]; i++) {
		const struct validate_case *c = &validate_cases[i];

		entry_from_spec(&e, &c->e);
		err[0] = '\0';
		status = entry_validate(&e, err, sizeof err);
		entry_clear(&e);
		if (status != c->status)
			fail_msg("%s: got %s (%s), want %s", c->what,
			    catalog_status_name(status), err,
			    catalog_status_name(c->status));
		if (c->msg != NULL && strstr(err, c->msg) == NULL)
			fail_msg("%s: message '%s' lacks '%s'", c->what, err,
			    c->msg);
	}
}

/* Limits, built at run time: each at the limit passes, one past fails. */
static void
test_validate_lengths(void **state)
{
	char name[ENTRY_NAME_MAX + 2], title[ENTRY_TITLE_MAX + 2];
	char target[ENTRY_PATH_MAX + 2], args[ENTRY_ARGS_MAX + 2];
	struct entry_spec s = { .kind = ENTRY_KERNEL, .target = "k" };
	char err[256];
	struct entry e;
	size_t i;

	for (i = 0; i < 2; i++) {
		memset(name, 'n', ENTRY_NAME_MAX + i);
		name[ENTRY_NAME_MAX + i] = '\0';
		memset(title, 't', ENTRY_TITLE_MAX + i);
		title[ENTRY_TITLE_MAX + i] = '\0';
		memset(target, 'p', ENTRY_PATH_MAX + i);
		target[ENTRY_PATH_MAX + i] = '\0';
		memset(args, 'a', ENTRY_ARGS_MAX + i);
		args[ENTRY_ARGS_MAX + i] = '\0';

		const struct entry_spec cases[] = {
			{ .name = name, .kind = ENTRY_SHELL },
			{ .name = "a", .title = title, .kind = ENTRY_SHELL },
			{ .name = "a", .kind = ENTRY_ISO, .target = target },
			{ .name = "a", .kind = ENTRY_KERNEL, .target = "k",
			    .args = args },
		};
		for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
			entry_from_spec(&e, &cases[j]);
			assert_int_equal(entry_validate(&e, err, sizeof err),
			    i == 0 ? CATALOG_OK : CATALOG_INVALID);
			entry_clear(&e);
		}
	}

	/* Initrds: the maximum passes, one more fails. */
	s.name = "a";
	entry_from_spec(&e, &s);
	for (i = 0; i <= ENTRY_INITRDS_MAX; i++) {
		e.initrds = xreallocarray(e.initrds, i + 1, sizeof *e.initrds);
		e.initrds[i] = xasprintf("initrd-%zu.img", i);
		e.n_initrds = i + 1;
		assert_int_equal(entry_validate(&e, err, sizeof err),
		    e.n_initrds <= ENTRY_INITRDS_MAX ? CATALOG_OK :
		    CATALOG_INVALID);
	}
	assert_contains(err, "initrds:");
	entry_clear(&e);
}

static void
test_names(void **state)
{
	enum entry_kind k;
	enum platform p;
	enum localboot_method m;
	int i;

	for (i = 0; i < ENTRY_KIND_COUNT; i++) {
		assert_int_equal(entry_kind_parse(entry_kind_name(i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(entry_kind_parse("floppy", &k), -1);
	assert_int_equal(entry_kind_parse(NULL, &k), -1);
	for (i = 0; i < PLATFORM_COUNT; i++) {
		assert_int_equal(platform_parse(platform_name(i), &p), 0);
		assert_int_equal(p, i);
	}
	assert_int_equal(platform_parse("pcbios", &p), 0);
	assert_int_equal(p, PLATFORM_BIOS);
	assert_int_equal(platform_parse("uefi", &p), -1);
	for (i = 0; i < LOCALBOOT_COUNT; i++) {
		assert_int_equal(localboot_parse(localboot_name(i), &m), 0);
		assert_int_equal(m, i);
	}
	assert_int_equal(localboot_parse("grub", &m), -1);
	assert_string_equal(record_kind_name(RECORD_TRANSFER), "image");
	assert_string_equal(catalog_status_name(CATALOG_TOONEW), "too new");
	assert_string_equal(catalog_status_name(99), "unknown");
	assert_true(entry_target_is_url("https://x/"));
	assert_false(entry_target_is_url("isos/http://x"));
}

static void
test_entry_copy(void **state)
{
	struct entry_spec s = { .name = "k", .kind = ENTRY_KERNEL,
	    .target = "k", .initrds = { "a", "b" }, .args = "quiet" };
	struct entry a, b;

	entry_from_spec(&a, &s);
	entry_copy(&b, &a);
	assert_ptr_not_equal(a.name, b.name);
	assert_ptr_not_equal(a.initrds, b.initrds);
	assert_ptr_not_equal(a.initrds[1], b.initrds[1]);
	assert_string_equal(b.initrds[1], "b");
	entry_clear(&a);
	assert_null(a.name);
	assert_string_equal(b.args, "quiet");
	entry_clear(&b);
	entry_clear(NULL);
	entry_array_free(NULL, 0);
}

/* Entries ------------------------------------------------------------------ */

static void
test_entry_crud(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct entry_spec ks = { .name = "linux", .title = "Linux",
	    .kind = ENTRY_KERNEL, .key = 'l', .target = "k/vmlinuz",
	    .initrds = { "k/one.img", "k/two.img" }, .args = "quiet",
	    .script = "" };
	struct entry e, got;

	add_iso(cat, "debian", 'd');
	entry_from_spec(&e, &ks);
	assert_ok(cat, catalog_entry_add(cat, &e));
	assert_true(e.id > 0);
	assert_int_equal(e.rev, 1);
	assert_int_equal(e.position, 2);

	assert_ok(cat, catalog_entry_get(cat, "linux", &got));
	assert_int_equal(got.id, e.id);
	assert_string_equal(got.title, "Linux");
	assert_int_equal(got.kind, ENTRY_KERNEL);
	assert_int_equal(got.key, 'l');
	assert_true(got.enabled);
	assert_int_equal(got.n_initrds, 2);
	assert_string_equal(got.initrds[0], "k/one.img");
	assert_string_equal(got.initrds[1], "k/two.img");
	assert_null(got.script);	/* "" is stored as NULL */
	assert_null(got.target_efi);

	/* Update with the current rev: renamed, new rev, initrds replaced. */
	free(got.name);
	got.name = xstrdup("linux-6");
	free(got.initrds[1]);
	got.n_initrds = 1;
	got.enabled = false;
	assert_ok(cat, catalog_entry_update(cat, &got));
	assert_int_equal(got.rev, 2);
	entry_clear(&got);
	assert_status(cat, catalog_entry_get(cat, "linux", &got),
	    CATALOG_NOTFOUND);
	assert_contains(catalog_error(cat), "no entry named 'linux'");
	assert_ok(cat, catalog_entry_get(cat, "linux-6", &got));
	assert_int_equal(got.rev, 2);
	assert_int_equal(got.n_initrds, 1);
	assert_false(got.enabled);
	assert_int_equal(got.position, 2);
	entry_clear(&got);

	/* e still holds rev 1: someone else changed it since. */
	assert_status(cat, catalog_entry_update(cat, &e), CATALOG_CONFLICT);
	assert_contains(catalog_error(cat),
	    "entry 'linux-6' was changed by someone else");
	assert_int_equal(e.rev, 1);
	entry_clear(&e);

	/* Names and hotkeys are unique. */
	assert_ok(cat, catalog_entry_get(cat, "linux-6", &e));
	free(e.name);
	e.name = xstrdup("debian");
	assert_status(cat, catalog_entry_update(cat, &e), CATALOG_EXISTS);
	assert_contains(catalog_error(cat), "'debian' already exists");
	free(e.name);
	e.name = xstrdup("linux-6");
	e.key = 'd';
	assert_status(cat, catalog_entry_update(cat, &e), CATALOG_EXISTS);
	assert_contains(catalog_error(cat),
	    "key: 'd' is already used by entry 'debian'");
	e.key = 'l';
	assert_ok(cat, catalog_entry_update(cat, &e));	/* its own key is fine */
	assert_int_equal(e.rev, 3);
	entry_clear(&e);

	ks.key = 'd';
	ks.name = "other";
	entry_from_spec(&e, &ks);
	assert_status(cat, catalog_entry_add(cat, &e), CATALOG_EXISTS);
	assert_int_equal(e.id, 0);
	entry_clear(&e);
	ks.key = 0;
	ks.name = "debian";
	entry_from_spec(&e, &ks);
	assert_status(cat, catalog_entry_add(cat, &e), CATALOG_EXISTS);
	entry_clear(&e);

	/* Invalid entries never reach the catalog. */
	ks.name = "bad";
	ks.args = "a ; b";
	entry_from_spec(&e, &ks);
	assert_status(cat, catalog_entry_add(cat, &e), CATALOG_INVALID);
	assert_contains(catalog_error(cat), "args: ';'");
	entry_clear(&e);
	assert_order(cat, "debian linux-6");

	/* Updating a removed entry. */
	assert_ok(cat, catalog_entry_get(cat, "debian", &e));
	assert_ok(cat, catalog_entry_remove(cat, "debian", false));
	assert_status(cat, catalog_entry_update(cat, &e), CATALOG_NOTFOUND);
	entry_clear(&e);
	assert_status(cat, catalog_entry_remove(cat, "debian", false),
	    CATALOG_NOTFOUND);
}

static void
test_entry_order(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct entry_spec s = { .name = "first", .kind = ENTRY_SHELL };
	struct entry e;

	add_iso(cat, "a", 0);
	add_iso(cat, "b", 0);
	add_iso(cat, "c", 0);
	add_iso(cat, "d", 0);
	assert_order(cat, "a b c d");

	assert_ok(cat, catalog_entry_move(cat, "c", 1));
	assert_order(cat, "c a b d");
	assert_ok(cat, catalog_entry_move(cat, "c", 3));
	assert_order(cat, "a b c d");
	assert_ok(cat, catalog_entry_move(cat, "a", 99));	/* clamped */
	assert_order(cat, "b c d a");
	assert_ok(cat, catalog_entry_move(cat, "a", -5));
	assert_order(cat, "a b c d");
	assert_ok(cat, catalog_entry_move(cat, "b", 2));	/* no-op */
	assert_order(cat, "a b c d");
	assert_status(cat, catalog_entry_move(cat, "zz", 1), CATALOG_NOTFOUND);

	assert_ok(cat, catalog_entry_remove(cat, "b", false));
	assert_order(cat, "a c d");
	assert_ok(cat, catalog_entry_remove(cat, "a", false));
	assert_order(cat, "c d");

	/* An explicit position on add inserts there. */
	entry_from_spec(&e, &s);
	e.position = 1;
	assert_ok(cat, catalog_entry_add(cat, &e));
	assert_int_equal(e.position, 1);
	entry_clear(&e);
	assert_order(cat, "first c d");
}

static void
test_entry_inuse(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct menu_settings m = { 0 };
	struct host h;

	add_iso(cat, "rescue", 0);
	add_iso(cat, "debian", 0);
	add_iso(cat, "other", 0);
	put_host(cat, MAC_A, "rescue", NULL);
	put_host(cat, MAC_B, "debian", "rescue");
	assert_ok(cat, catalog_menu_get(cat, &m));
	free(m.default_entry);
	m.default_entry = xstrdup("rescue");
	assert_ok(cat, catalog_menu_put(cat, &m));
	menu_settings_clear(&m);

	assert_status(cat, catalog_entry_remove(cat, "rescue", false),
	    CATALOG_INUSE);
	assert_contains(catalog_error(cat), "entry 'rescue' is in use by");
	assert_contains(catalog_error(cat), "the menu default");
	assert_contains(catalog_error(cat), "host " MAC_A " (default)");
	assert_contains(catalog_error(cat), "host " MAC_B " (next boot)");
	assert_order(cat, "rescue debian other");

	/* Entries nobody refers to go without force. */
	assert_ok(cat, catalog_entry_remove(cat, "other", false));

	assert_ok(cat, catalog_host_get(cat, MAC_B, &h));
	assert_int_equal(h.rev, 1);
	host_clear(&h);
	assert_ok(cat, catalog_entry_remove(cat, "rescue", true));
	assert_order(cat, "debian");
	assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
	assert_null(h.default_entry);
	host_clear(&h);
	assert_ok(cat, catalog_host_get(cat, MAC_B, &h));
	assert_string_equal(h.default_entry, "debian");
	assert_null(h.next_entry);
	assert_int_equal(h.rev, 2);	/* editors holding rev 1 must reload */
	host_clear(&h);
	assert_ok(cat, catalog_menu_get(cat, &m));
	assert_null(m.default_entry);
	menu_settings_clear(&m);
}

/* Hosts -------------------------------------------------------------------- */

static void
test_host(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct host h = { 0 }, got, *v;
	size_t n;

	add_iso(cat, "debian", 0);
	add_iso(cat, "rescue", 0);

	/* The caller normalizes with mac_parse; the catalog insists on it. */
	snprintf(h.mac, sizeof h.mac, "52-54-00-AA-BB-CC");
	assert_status(cat, catalog_host_put(cat, &h), CATALOG_INVALID);
	assert_contains(catalog_error(cat), "mac:");
	assert_true(mac_parse("52-54-00-AA-BB-CC", h.mac));
	h.name = xstrdup("lab pc 1");
	h.default_entry = xstrdup("debian");
	h.next_entry = xstrdup("nosuch");
	h.skip_menu = true;
	h.localboot = LOCALBOOT_EXIT;
	assert_status(cat, catalog_host_put(cat, &h), CATALOG_NOTFOUND);
	assert_contains(catalog_error(cat), "no entry named 'nosuch'");
	assert_int_equal(h.id, 0);
	free(h.next_entry);
	h.next_entry = xstrdup("rescue");
	assert_ok(cat, catalog_host_put(cat, &h));
	assert_true(h.id > 0);
	assert_int_equal(h.rev, 1);

	assert_ok(cat, catalog_host_get(cat, "52:54:00:aa:bb:cc", &got));
	assert_int_equal(got.id, h.id);
	assert_string_equal(got.name, "lab pc 1");
	assert_string_equal(got.default_entry, "debian");
	assert_string_equal(got.next_entry, "rescue");
	assert_true(got.skip_menu);
	assert_int_equal(got.localboot, LOCALBOOT_EXIT);
	assert_int_equal(got.last_seen, 0);
	assert_null(got.last_ip);

	/* A second insert of the same MAC. */
	h.id = 0;
	assert_status(cat, catalog_host_put(cat, &h), CATALOG_EXISTS);
	h.id = got.id;

	/* Update, then a stale update. */
	free(got.next_entry);
	got.next_entry = NULL;
	assert_ok(cat, catalog_host_put(cat, &got));
	assert_int_equal(got.rev, 2);
	assert_status(cat, catalog_host_put(cat, &h), CATALOG_CONFLICT);
	assert_contains(catalog_error(cat), "changed by someone else");
	host_clear(&got);

	/* Names are free text, but one line. */
	put_host(cat, MAC_A, NULL, NULL);
	assert_ok(cat, catalog_host_get(cat, MAC_A, &got));
	free(got.name);
	got.name = xstrdup("a\nb");
	assert_status(cat, catalog_host_put(cat, &got), CATALOG_INVALID);
	host_clear(&got);

	assert_ok(cat, catalog_host_list(cat, &v, &n));
	assert_int_equal(n, 2);
	assert_string_equal(v[0].mac, "52:54:00:00:00:0a");
	assert_string_equal(v[1].mac, "52:54:00:aa:bb:cc");
	assert_null(v[1].next_entry);
	host_array_free(v, n);

	assert_ok(cat, catalog_host_remove(cat, MAC_A));
	assert_status(cat, catalog_host_remove(cat, MAC_A), CATALOG_NOTFOUND);
	assert_status(cat, catalog_host_get(cat, MAC_A, &got), CATALOG_NOTFOUND);
	h.rev = 2;
	host_clear(&h);
}

/* Menu, settings, boot view ---------------------------------------------- */

static void
test_menu_settings(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct menu_settings m = { 0 }, bad;
	char *value;

	assert_ok(cat, catalog_menu_get(cat, &m));
	assert_non_null(m.title);
	assert_true(m.timeout >= 0);
	assert_null(m.default_entry);
	menu_settings_clear(&m);

	add_iso(cat, "debian", 0);
	m.title = xstrdup("Lab boot menu");
	m.timeout = 5;
	m.default_entry = xstrdup("debian");
	assert_ok(cat, catalog_menu_put(cat, &m));
	menu_settings_clear(&m);
	assert_ok(cat, catalog_menu_get(cat, &m));
	assert_string_equal(m.title, "Lab boot menu");
	assert_int_equal(m.timeout, 5);
	assert_string_equal(m.default_entry, "debian");

	bad = m;
	bad.title = "x\x1b";
	assert_status(cat, catalog_menu_put(cat, &bad), CATALOG_INVALID);
	assert_contains(catalog_error(cat), "title: contains a control");
	bad.title = "";
	assert_status(cat, catalog_menu_put(cat, &bad), CATALOG_INVALID);
	bad.title = "t";
	bad.timeout = -1;
	assert_status(cat, catalog_menu_put(cat, &bad), CATALOG_INVALID);
	assert_contains(catalog_error(cat), "timeout:");
	bad.timeout = 0;
	bad.default_entry = "nosuch";
	assert_status(cat, catalog_menu_put(cat, &bad), CATALOG_NOTFOUND);
	menu_settings_clear(&m);
	assert_ok(cat, catalog_menu_get(cat, &m));
	assert_string_equal(m.title, "Lab boot menu");
	menu_settings_clear(&m);

	assert_ok(cat, catalog_setting_get(cat, "base_url", &value));
	assert_null(value);
	assert_ok(cat, catalog_setting_set(cat, "base_url", "http://x:8080"));
	assert_ok(cat, catalog_setting_set(cat, "log_retention", "100"));
	assert_ok(cat, catalog_setting_set(cat, "base_url", "http://y"));
	assert_ok(cat, catalog_setting_get(cat, "base_url", &value));
	assert_string_equal(value, "http://y");
	free(value);
	assert_ok(cat, catalog_setting_set(cat, "base_url", NULL));
	assert_ok(cat, catalog_setting_get(cat, "base_url", &value));
	assert_null(value);
	assert_ok(cat, catalog_setting_get(cat, "log_retention", &value));
	assert_string_equal(value, "100");
	free(value);
	assert_status(cat, catalog_setting_set(cat, "Bad Key", "x"),
	    CATALOG_INVALID);
	assert_status(cat, catalog_setting_set(cat, "k", "a\nb"),
	    CATALOG_INVALID);
}

static void
test_boot_view(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct entry_spec off = { .name = "off", .kind = ENTRY_SHELL,
	    .disabled = true };
	struct boot_view bv;

	add_iso(cat, "debian", 'd');
	add_entry(cat, &off);
	add_iso(cat, "rescue", 'r');
	assert_ok(cat, catalog_entry_move(cat, "rescue", 1));
	put_host(cat, MAC_A, "debian", "rescue");

	assert_ok(cat, catalog_boot_view(cat, NULL, &bv));
	assert_false(bv.host_known);
	assert_int_equal(bv.n_entries, 2);
	assert_string_equal(bv.entries[0].name, "rescue");
	assert_string_equal(bv.entries[1].name, "debian");
	assert_string_equal(bv.entries[1].target, "isos/x.iso");
	assert_non_null(bv.menu.title);
	boot_view_clear(&bv);

	assert_ok(cat, catalog_boot_view(cat, MAC_B, &bv));
	assert_false(bv.host_known);
	boot_view_clear(&bv);

	assert_ok(cat, catalog_boot_view(cat, MAC_A, &bv));
	assert_true(bv.host_known);
	assert_string_equal(bv.host.mac, MAC_A);
	assert_string_equal(bv.host.default_entry, "debian");
	assert_string_equal(bv.host.next_entry, "rescue");
	boot_view_clear(&bv);
	boot_view_clear(NULL);
}

/*
 * The boot view's statements are kept prepared between requests: a reader
 * that asks again sees what another connection wrote in between (a kept
 * statement left unreset would pin its old snapshot), again and again.
 */
static void
test_boot_view_kept(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat, *other;
	struct boot_view bv;
	char err[256];

	assert_int_equal(catalog_open(fx->path, 0, &other, err, sizeof err),
	    CATALOG_OK);
	add_iso(cat, "debian", 'd');
	for (int round = 0; round < 3; round++) {
		assert_ok(other, catalog_boot_view(other, MAC_A, &bv));
		assert_int_equal(bv.n_entries, 1 + round);
		assert_int_equal(bv.host_known, round > 0);
		if (round > 0)
			assert_string_equal(bv.host.default_entry,
			    round == 1 ? "debian" : "rescue");
		boot_view_clear(&bv);
		add_iso(cat, (const char *[]){ "rescue", "third", "fourth" }[round],
		    0);
		if (round == 0) {
			put_host(cat, MAC_A, "debian", NULL);
		} else {
			struct host h;

			assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
			free(h.default_entry);
			h.default_entry = xstrdup("rescue");
			assert_ok(cat, catalog_host_put(cat, &h));
			host_clear(&h);
		}
	}
	catalog_close(other);
}

/* The settings bootdeckd acts on: checked, carried by renames, guarded on delete. */
static void
test_server_settings(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_view bv;
	struct entry e;
	char *value = NULL;

	add_iso(cat, "debian", 'd');
	add_iso(cat, "rescue", 'r');
	assert_status(cat, catalog_setting_set(cat, "unknown_entry", "nosuch"),
	    CATALOG_NOTFOUND);
	assert_status(cat, catalog_setting_set(cat, "base_url", "ftp://x"),
	    CATALOG_INVALID);
	assert_status(cat, catalog_setting_set(cat, "base_url", "http://x/"),
	    CATALOG_INVALID);
	assert_status(cat, catalog_setting_set(cat, "base_url", "http://x;y"),
	    CATALOG_INVALID);
	assert_status(cat, catalog_setting_set(cat, "log_retention", "-1"),
	    CATALOG_INVALID);
	assert_status(cat, catalog_setting_set(cat, "log_retention", "10k"),
	    CATALOG_INVALID);
	assert_ok(cat, catalog_setting_set(cat, "log_retention", "0"));

	/* Unset and empty both leave the boot view's fields NULL. */
	assert_ok(cat, catalog_boot_view(cat, MAC_A, &bv));
	assert_null(bv.unknown_entry);
	assert_null(bv.base_url);
	boot_view_clear(&bv);
	assert_ok(cat, catalog_setting_set(cat, "base_url", ""));
	assert_ok(cat, catalog_setting_get(cat, "base_url", &value));
	assert_null(value);

	assert_ok(cat, catalog_setting_set(cat, "unknown_entry", "rescue"));
	assert_ok(cat, catalog_setting_set(cat, "base_url", "http://boot:8080"));
	assert_ok(cat, catalog_boot_view(cat, MAC_A, &bv));
	assert_string_equal(bv.unknown_entry, "rescue");
	assert_string_equal(bv.base_url, "http://boot:8080");
	boot_view_clear(&bv);

	/* A rename carries the setting along. */
	memset(&e, 0, sizeof e);
	assert_ok(cat, catalog_entry_get(cat, "rescue", &e));
	free(e.name);
	e.name = strdup("rescue2");
	assert_ok(cat, catalog_entry_update(cat, &e));
	entry_clear(&e);
	assert_ok(cat, catalog_setting_get(cat, "unknown_entry", &value));
	assert_string_equal(value, "rescue2");
	free(value);

	/* Deleting it is refused, like the menu default; force clears it. */
	assert_status(cat, catalog_entry_remove(cat, "rescue2", false),
	    CATALOG_INUSE);
	assert_contains(catalog_error(cat), "what unknown clients boot");
	assert_ok(cat, catalog_entry_remove(cat, "debian", false));
	assert_ok(cat, catalog_entry_remove(cat, "rescue2", true));
	assert_ok(cat, catalog_setting_get(cat, "unknown_entry", &value));
	assert_null(value);
	assert_ok(cat, catalog_setting_get(cat, "base_url", &value));
	assert_string_equal(value, "http://boot:8080");
	free(value);
}

/* catalog_host_stamp moves with hosts and entry names, not with boot records. */
static void
test_host_stamp(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r = { .kind = RECORD_BOOT, .ts_ms = 1000,
	    .mac = MAC_A, .ip = "10.0.0.1", .entry = "menu" };
	struct entry e;
	int64_t a, b;

	add_iso(cat, "debian", 'd');
	assert_ok(cat, catalog_host_stamp(cat, &a));
	put_host(cat, MAC_A, "debian", NULL);
	assert_ok(cat, catalog_host_stamp(cat, &b));
	assert_true(b != a);
	/* A client seen and an event logged: hosts unchanged. */
	assert_ok(cat, catalog_record(cat, &r, 1, 0));
	assert_ok(cat, catalog_host_stamp(cat, &a));
	assert_true(a == b);
	/* A new title changes nothing a host row shows. */
	memset(&e, 0, sizeof e);
	assert_ok(cat, catalog_entry_get(cat, "debian", &e));
	free(e.title);
	e.title = strdup("Debian 12");
	assert_ok(cat, catalog_entry_update(cat, &e));
	entry_clear(&e);
	assert_ok(cat, catalog_host_stamp(cat, &a));
	assert_true(a == b);
	/* Renaming the entry a host shows changes what the host row shows. */
	memset(&e, 0, sizeof e);
	assert_ok(cat, catalog_entry_get(cat, "debian", &e));
	free(e.name);
	e.name = strdup("debian12");
	assert_ok(cat, catalog_entry_update(cat, &e));
	entry_clear(&e);
	assert_ok(cat, catalog_host_stamp(cat, &b));
	assert_true(b != a);
	assert_ok(cat, catalog_host_remove(cat, MAC_A));
	assert_ok(cat, catalog_host_stamp(cat, &a));
	assert_true(a != b);
}

/* Records ------------------------------------------------------------------- */

static const struct client *
find_client(const struct client *v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	fail_msg("no client %s", key);
	return NULL;
}

static void
test_record_clients(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r[8];
	struct client *cv;
	const struct client *c;
	struct boot_event *ev;
	struct host h;
	char longfact[CLIENT_FACT_MAX * 2];
	size_t n;

	add_iso(cat, "debian", 0);
	put_host(cat, MAC_A, NULL, NULL);
	assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
	free(h.name);
	h.name = xstrdup("rack 1");
	assert_ok(cat, catalog_host_put(cat, &h));
	host_clear(&h);

	memset(longfact, 'm', sizeof longfact - 1);
	longfact[sizeof longfact - 1] = '\0';
	r[0] = rec(RECORD_BOOT, 1000, MAC_A, "menu");
	r[0].platform = "pcbios";
	r[0].arch = "i386";
	r[0].serial = "SN\x1b[2J1";		/* control bytes neutralized */
	r[0].manufacturer = longfact;		/* cut */
	r[1] = rec(RECORD_BOOT, 1100, NULL, "menu");	/* no MAC: by IP */
	assert_ok(cat, catalog_record(cat, r, 2, 0));

	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(n, 2);
	assert_string_equal(cv[0].key, "ip:10.0.0.99");	/* newest first */
	assert_string_equal(cv[0].mac, "");
	assert_null(cv[0].host_name);
	c = find_client(cv, n, MAC_A);
	assert_string_equal(c->stage, "menu");
	assert_string_equal(c->platform, "pcbios");
	assert_string_equal(c->arch, "i386");
	assert_string_equal(c->serial, "SN?[2J1");
	assert_int_equal(strlen(c->manufacturer), CLIENT_FACT_MAX);
	assert_string_equal(c->host_name, "rack 1");
	assert_string_equal(c->ip, "10.0.0.10");
	assert_int_equal(c->first_seen_ms, 1000);
	assert_null(c->entry);
	assert_null(c->image);
	client_array_free(cv, n);

	/* Chosen, then three transfer records of one image and one of another. */
	r[0] = rec(RECORD_ENTRY, 2000, MAC_A, "debian");
	r[1] = rec_transfer(2100, MAC_A, "isos/x.iso", 4096, 2, 1 << 20);
	r[2] = rec_transfer(2200, MAC_A, "isos/x.iso", 8192, 3, 1 << 20);
	assert_ok(cat, catalog_record(cat, r, 3, 0));
	r[0] = rec_transfer(2500, MAC_A, "isos/x.iso", 100, 1, 1 << 20);
	r[1] = rec_transfer(2300, MAC_A, "isos/fw.img", 10, 1, 10);
	assert_ok(cat, catalog_record(cat, r, 2, 0));

	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	c = find_client(cv, n, MAC_A);
	assert_string_equal(c->stage, "download");
	assert_string_equal(c->entry, "debian");
	assert_string_equal(c->image, "isos/x.iso");	/* latest last_ms */
	assert_int_equal(c->bytes, 4096 + 8192 + 100 + 10);
	assert_int_equal(c->requests, 7);
	assert_int_equal(c->size, (1 << 20) + 10);
	assert_string_equal(c->platform, "pcbios");	/* facts kept */
	assert_int_equal(c->last_seen_ms, 2500);
	client_array_free(cv, n);

	/* One image event per transfer, carrying the totals. */
	assert_ok(cat, catalog_event_list(cat, 0, MAC_A, 0, &ev, &n));
	assert_int_equal(n, 4);
	assert_int_equal(ev[0].kind, RECORD_BOOT);
	assert_int_equal(ev[1].kind, RECORD_ENTRY);
	assert_string_equal(ev[1].entry, "debian");
	assert_int_equal(ev[2].kind, RECORD_TRANSFER);
	assert_string_equal(ev[2].path, "isos/x.iso");
	assert_int_equal(ev[2].bytes, 4096 + 8192 + 100);
	assert_int_equal(ev[2].requests, 6);
	assert_int_equal(ev[2].size, 1 << 20);
	assert_int_equal(ev[2].ts_ms, 2100);
	assert_int_equal(ev[2].last_ms, 2500);
	assert_string_equal(ev[3].path, "isos/fw.img");
	boot_event_array_free(ev, n);

	/* The same image booted again is a new transfer. */
	r[0] = rec(RECORD_ENTRY, 90000, MAC_A, "debian");
	r[1] = rec_transfer(90100, MAC_A, "isos/x.iso", 1000, 1, 1 << 20);
	assert_ok(cat, catalog_record(cat, r, 2, 0));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	c = find_client(cv, n, MAC_A);
	assert_int_equal(c->bytes, 1000);
	assert_int_equal(c->requests, 1);
	client_array_free(cv, n);
	assert_ok(cat, catalog_event_list(cat, 0, MAC_A, 1, &ev, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].kind, RECORD_TRANSFER);
	assert_int_equal(ev[0].bytes, 1000);
	boot_event_array_free(ev, n);

	/* Errors. */
	r[0] = rec(RECORD_ERROR, 91000, MAC_A, NULL);
	r[0].detail = "missing image isos/gone.iso";
	assert_ok(cat, catalog_record(cat, r, 1, 0));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	c = find_client(cv, n, MAC_A);
	assert_string_equal(c->stage, "error");
	assert_string_equal(c->entry, "debian");
	client_array_free(cv, n);

	/* The host sees when and where its client was last. */
	assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
	assert_int_equal(h.last_seen, 91);
	assert_string_equal(h.last_ip, "10.0.0.10");
	host_clear(&h);

	/* A bad record rolls back the whole batch. */
	r[0] = rec(RECORD_BOOT, 92000, MAC_B, "menu");
	r[1] = rec(RECORD_KIND_COUNT, 92000, MAC_B, NULL);
	assert_status(cat, catalog_record(cat, r, 2, 0), CATALOG_INVALID);
	assert_ok(cat, catalog_event_list(cat, 0, MAC_B, 0, &ev, &n));
	assert_int_equal(n, 0);
	boot_event_array_free(ev, n);
}

/* What a booted system fetches itself carries no MAC: it goes to the
   machine last identified from that address, lately, and no other. */
static void
test_record_attribute(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r[4];
	struct boot_event *ev;
	struct client *cv;
	const struct client *c;
	size_t n;

	add_iso(cat, "debian", 0);
	r[0] = rec(RECORD_ENTRY, 1000, MAC_A, "debian");	/* 10.0.0.10 */
	r[1] = rec_transfer(2000, NULL, "d.iso/live/filesystem.squashfs",
	    5000, 1, 9000);
	snprintf(r[1].ip, sizeof r[1].ip, "10.0.0.10");
	/* From an address nobody identified from: its own "ip:" client. */
	r[2] = rec_transfer(2100, NULL, "other.img", 10, 1, 10);
	assert_ok(cat, catalog_record(cat, r, 3, 0));

	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(n, 2);
	c = find_client(cv, n, MAC_A);
	assert_string_equal(c->image, "d.iso/live/filesystem.squashfs");
	assert_int_equal(c->bytes, 5000);
	assert_int_equal(c->size, 9000);
	assert_string_equal(c->entry, "debian");
	assert_non_null(find_client(cv, n, "ip:10.0.0.99"));
	client_array_free(cv, n);
	assert_ok(cat, catalog_event_list(cat, 0, MAC_A, 0, &ev, &n));
	assert_int_equal(n, 2);
	assert_int_equal(ev[1].kind, RECORD_TRANSFER);
	assert_string_equal(ev[1].path, "d.iso/live/filesystem.squashfs");
	boot_event_array_free(ev, n);

	/* Long after that boot, the address stands for nobody. */
	r[0] = rec_transfer(1000 + 7 * 3600 * 1000, NULL, "late.img", 1, 1, 1);
	snprintf(r[0].ip, sizeof r[0].ip, "10.0.0.10");
	assert_ok(cat, catalog_record(cat, r, 1, 0));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_non_null(find_client(cv, n, "ip:10.0.0.10"));
	assert_string_equal(find_client(cv, n, MAC_A)->image,
	    "d.iso/live/filesystem.squashfs");
	client_array_free(cv, n);
}

static void
test_record_next_boot(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r;
	struct host h;

	add_iso(cat, "debian", 0);
	add_iso(cat, "rescue", 0);
	put_host(cat, MAC_A, "debian", "rescue");
	put_host(cat, MAC_B, "debian", "rescue");

	static const struct {
		const char	*mac, *entry;
		bool		 consume;
		const char	*next_a;	/* MAC_A's next boot afterwards */
	} steps[] = {
		{ MAC_A, "debian", true, "rescue" },	/* other entry */
		{ MAC_A, "rescue", false, "rescue" },	/* not asked */
		{ MAC_B, "rescue", true, "rescue" },	/* other host */
		{ MAC_A, "rescue", true, NULL },	/* consumed */
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		r = rec(RECORD_ENTRY, 1000 + (int64_t)i, steps[i].mac,
		    steps[i].entry);
		r.consume_next = steps[i].consume;
		assert_ok(cat, catalog_record(cat, &r, 1, 0));
		assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
		if (steps[i].next_a == NULL)
			assert_null(h.next_entry);
		else
			assert_string_equal(h.next_entry, steps[i].next_a);
		assert_string_equal(h.default_entry, "debian");
		host_clear(&h);
	}
	assert_ok(cat, catalog_host_get(cat, MAC_B, &h));
	assert_null(h.next_entry);
	host_clear(&h);
}

static size_t
event_count(struct catalog *cat)
{
	struct boot_event *ev;
	size_t n;

	assert_ok(cat, catalog_event_list(cat, 0, NULL, 0, &ev, &n));
	boot_event_array_free(ev, n);
	return n;
}

static const char *
next_of(struct catalog *cat, const char *mac, struct host *h)
{
	host_clear(h);
	assert_ok(cat, catalog_host_get(cat, mac, h));
	return h->next_entry != NULL ? h->next_entry : "-";
}

/* A consumption that carries the host's rev at boot time: a next boot the
   admin set (again) after that boot is newer, and stays. */
static void
test_record_next_boot_rev(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r;
	struct host h = { 0 };
	int64_t rev;

	add_iso(cat, "debian", 0);
	put_host(cat, MAC_A, NULL, "debian");
	assert_string_equal(next_of(cat, MAC_A, &h), "debian");
	rev = h.rev;

	/* Set again after the boot: the rev moved on. */
	assert_ok(cat, catalog_host_put(cat, &h));
	r = rec(RECORD_ENTRY, 1000, MAC_A, "debian");
	r.consume_next = true;
	r.host_rev = rev;
	assert_ok(cat, catalog_record(cat, &r, 1, 0));
	assert_string_equal(next_of(cat, MAC_A, &h), "debian");
	assert_int_equal(h.rev, rev + 1);

	/* At the rev the boot saw: consumed, and the rev moves. */
	r.host_rev = h.rev;
	assert_ok(cat, catalog_record(cat, &r, 1, 0));
	assert_string_equal(next_of(cat, MAC_A, &h), "-");
	assert_int_equal(h.rev, rev + 2);
	host_clear(&h);
}

/* Journal records: stored once, however often replayed; the mark moves. */
static void
test_record_journal(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	char id[CATALOG_ID_LEN], id2[CATALOG_ID_LEN], err[256], path[PATH_MAX + 32];
	struct boot_record r[3];
	struct catalog *other;
	struct host h = { 0 };
	int64_t applied, rev;
	size_t i;

	assert_ok(cat, catalog_journal_mark(cat, id, &applied));
	assert_int_equal(strlen(id), 16);
	assert_int_equal(strspn(id, "0123456789abcdef"), 16);
	assert_int_equal(applied, 0);

	add_iso(cat, "debian", 0);
	put_host(cat, MAC_A, NULL, "debian");
	next_of(cat, MAC_A, &h);
	rev = h.rev;
	r[0] = rec(RECORD_BOOT, 1000, MAC_A, "debian");
	r[1] = rec(RECORD_ENTRY, 1001, MAC_A, "debian");
	r[1].consume_next = true;
	r[1].host_rev = rev;
	r[1].journal_seq = 7;
	r[2] = rec(RECORD_BOOT, 1002, MAC_B, "menu");
	assert_ok(cat, catalog_record(cat, r, 3, 0));
	assert_string_equal(next_of(cat, MAC_A, &h), "-");
	assert_ok(cat, catalog_journal_mark(cat, id2, &applied));
	assert_string_equal(id2, id);
	assert_int_equal(applied, 7);
	assert_int_equal(event_count(cat), 3);

	/* Replayed after a crash, with the next boot set again meanwhile at
	   a rev the record happens to match: skipped whole, no event. */
	for (i = 0; i < 2; i++) {
		next_of(cat, MAC_A, &h);
		free(h.next_entry);
		h.next_entry = xstrdup("debian");
		assert_ok(cat, catalog_host_put(cat, &h));
		r[1].host_rev = h.rev;
		r[1].journal_seq = 7 - (int64_t)i;
		assert_ok(cat, catalog_record(cat, &r[1], 1, 0));
		assert_string_equal(next_of(cat, MAC_A, &h), "debian");
		assert_int_equal(event_count(cat), 3);
	}

	/* A newer record is stored and moves the mark; a log event without a
	   number leaves it. */
	r[1].journal_seq = 9;
	assert_ok(cat, catalog_record(cat, &r[1], 1, 0));
	assert_string_equal(next_of(cat, MAC_A, &h), "-");
	assert_ok(cat, catalog_record(cat, &r[2], 1, 0));
	assert_ok(cat, catalog_journal_mark(cat, id2, &applied));
	assert_int_equal(applied, 9);
	assert_int_equal(event_count(cat), 5);
	host_clear(&h);

	/* Another catalog has another identity. */
	snprintf(path, sizeof path, "%s/other.db", fx->dir);
	if (catalog_open(path, CATALOG_OPEN_CREATE, &other, err,
	    sizeof err) != CATALOG_OK)
		fail_msg("open: %s", err);
	assert_ok(other, catalog_journal_mark(other, id2, &applied));
	assert_string_not_equal(id2, id);
	catalog_close(other);
}

static void
test_record_changes_state(void **state)
{
	static const struct {
		enum record_kind kind;
		bool		 consume, want;
	} cases[] = {
		{ RECORD_BOOT, false, false },
		{ RECORD_ENTRY, false, false },
		{ RECORD_ENTRY, true, true },
		{ RECORD_TRANSFER, false, false },
		{ RECORD_ERROR, false, false },
	};
	struct boot_record r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = rec(cases[i].kind, 1, MAC_A, "x");
		r.consume_next = cases[i].consume;
		assert_int_equal(boot_record_changes_state(&r), cases[i].want);
	}
}

static void
test_record_prune(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record *r;
	struct boot_event *ev;
	struct client *cv;
	size_t n, i;

	/* An image event pruned while its download is the client's current
	   boot (a host, whose client row stays): the byte count stays. */
	add_iso(cat, "x", 0);
	put_host(cat, MAC_A, "x", NULL);
	r = xcalloc(2500, sizeof *r);
	r[0] = rec(RECORD_ENTRY, 1, MAC_A, "x");
	r[1] = rec_transfer(2, MAC_A, "isos/x.iso", 500, 1, 500);
	for (i = 2; i < 2500; i++)
		r[i] = rec(RECORD_BOOT, (int64_t)i + 1, MAC_B, "menu");
	assert_ok(cat, catalog_record(cat, r, 2500, 0));
	assert_int_equal(event_count(cat), 2500);

	/* Pruning is batched: at most 1000 rows per call. */
	assert_ok(cat, catalog_record(cat, r + 2, 1, 10));
	assert_int_equal(event_count(cat), 1501);
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(find_client(cv, n, MAC_A)->bytes, 500);
	client_array_free(cv, n);
	assert_ok(cat, catalog_record(cat, r + 2, 1, 10));
	assert_int_equal(event_count(cat), 502);
	assert_ok(cat, catalog_record(cat, r + 2, 1, 10));
	assert_int_equal(event_count(cat), 10);

	/* The newest ten are the ones kept, and ids keep growing. */
	assert_ok(cat, catalog_event_list(cat, 0, NULL, 0, &ev, &n));
	assert_int_equal(ev[n - 1].id, 2503);
	assert_int_equal(ev[0].id, 2494);
	boot_event_array_free(ev, n);
	assert_ok(cat, catalog_record(cat, r + 2, 1, 0));
	assert_ok(cat, catalog_event_list(cat, 2503, NULL, 0, &ev, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].id, 2504);
	boot_event_array_free(ev, n);
	free(r);
}

static int64_t
transfer_rows(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM transfers",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * A sanboot reads for as long as the machine runs: pruning its image
 * event must not restart the download's byte count; the transfer goes
 * once the client has booted again.
 */
static void
test_record_prune_current_transfer(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r[8];
	struct client *cv;
	size_t n, i;

	add_iso(cat, "x", 0);
	put_host(cat, MAC_A, "x", NULL);
	r[0] = rec(RECORD_ENTRY, 1, MAC_A, "x");
	r[1] = rec_transfer(2, MAC_A, "isos/x.iso", 300000, 1, 900000);
	assert_ok(cat, catalog_record(cat, r, 2, 5));
	/* Another client's boots push MAC_A's events out of retention. */
	for (i = 0; i < 6; i++)
		r[i] = rec(RECORD_BOOT, (int64_t)i + 3, MAC_B, "menu");
	assert_ok(cat, catalog_record(cat, r, 6, 5));
	r[0] = rec_transfer(10, MAC_A, "isos/x.iso", 300000, 1, 900000);
	assert_ok(cat, catalog_record(cat, r, 1, 5));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(find_client(cv, n, MAC_A)->bytes, 600000);
	assert_int_equal(find_client(cv, n, MAC_A)->requests, 2);
	client_array_free(cv, n);
	assert_int_equal(transfer_rows(fx->path), 1);

	/* A new boot, then enough events to prune it: the old row goes. */
	r[0] = rec(RECORD_ENTRY, 11, MAC_A, "x");
	assert_ok(cat, catalog_record(cat, r, 1, 5));
	for (i = 0; i < 6; i++)
		r[i] = rec(RECORD_BOOT, (int64_t)i + 12, MAC_B, "menu");
	assert_ok(cat, catalog_record(cat, r, 6, 5));
	assert_int_equal(transfer_rows(fx->path), 0);
}

static size_t
client_count(struct catalog *cat)
{
	struct client *cv;
	size_t n;

	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	client_array_free(cv, n);
	return n;
}

/* Clients no kept event mentions go, hosts stay, a batch at a time. */
static void
test_record_prune_clients(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record *r, late;
	struct client *cv;
	char macs[1500][MAC_STRLEN];
	size_t n, i;

	add_iso(cat, "x", 0);
	put_host(cat, MAC_A, "x", NULL);
	/* Seen once long ago: a host, an IP-only client and 1500 MACs. */
	r = xcalloc(1502, sizeof *r);
	r[0] = rec(RECORD_BOOT, 1, MAC_A, "menu");
	r[1] = rec(RECORD_BOOT, 1, NULL, "menu");
	for (i = 0; i < 1500; i++) {
		snprintf(macs[i], sizeof macs[i], "52:54:00:01:%02zx:%02zx",
		    i >> 8, i & 0xff);
		r[i + 2] = rec(RECORD_BOOT, 10 + (int64_t)i, macs[i], "menu");
		r[i + 2].manufacturer = "Lots of facts";
	}
	assert_ok(cat, catalog_record(cat, r, 1502, 0));
	assert_int_equal(client_count(cat), 1502);
	/* Without retention nothing is pruned, clients included. */
	late = rec(RECORD_BOOT, 100000, MAC_B, "menu");
	assert_ok(cat, catalog_record(cat, &late, 1, 0));
	assert_int_equal(client_count(cat), 1503);
	/* Their events went, as a catalog pruned before clients were. */
	raw_exec(fx->path, "DELETE FROM events WHERE ts_ms < 100000");

	/* At most 1000 a call, the longest unseen first. */
	assert_ok(cat, catalog_record(cat, &late, 1, 100));
	assert_int_equal(client_count(cat), 503);
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	find_client(cv, n, macs[1499]);
	for (i = 0; i < n; i++)
		assert_string_not_equal(cv[i].key, macs[997]);
	client_array_free(cv, n);
	assert_ok(cat, catalog_record(cat, &late, 1, 100));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(n, 2);
	find_client(cv, n, MAC_A);	/* a host, however old */
	find_client(cv, n, MAC_B);	/* seen since the oldest event */
	client_array_free(cv, n);

	/* A client seen after the oldest event kept stays. */
	late = rec(RECORD_BOOT, 100001, macs[0], "menu");
	assert_ok(cat, catalog_record(cat, &late, 1, 100));
	assert_int_equal(client_count(cat), 3);
	free(r);
}

static void
test_event_list(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat = fx->cat;
	struct boot_record r[6];
	struct boot_event *ev;
	size_t n, i;

	for (i = 0; i < 6; i++)
		r[i] = rec(RECORD_BOOT, 100 + (int64_t)i, i % 2 ? MAC_B : MAC_A,
		    "menu");
	assert_ok(cat, catalog_record(cat, r, 6, 0));

	static const struct {
		int64_t		 after;
		const char	*mac;
		size_t		 limit;
		const char	*ids;
	} cases[] = {
		{ 0, NULL, 0, "1 2 3 4 5 6" },
		{ 0, NULL, 2, "5 6" },		/* the newest, oldest first */
		{ 2, NULL, 0, "3 4 5 6" },
		{ 2, NULL, 2, "3 4" },		/* following on */
		{ 6, NULL, 0, "" },
		{ 0, MAC_A, 0, "1 3 5" },
		{ 0, MAC_B, 1, "6" },
		{ 3, MAC_B, 5, "4 6" },
		{ 0, "52:54:00:00:00:0c", 0, "" },
	};
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char got[64] = "";

		assert_ok(cat, catalog_event_list(cat, cases[i].after,
		    cases[i].mac, cases[i].limit, &ev, &n));
		for (size_t j = 0; j < n; j++)
			snprintf(got + strlen(got), sizeof got - strlen(got),
			    "%s%lld", j ? " " : "", (long long)ev[j].id);
		if (n > 0) {
			assert_int_equal(ev[0].kind, RECORD_BOOT);
			assert_string_equal(ev[0].entry, "menu");
			assert_int_equal(ev[0].ts_ms, 99 + ev[0].id);
		}
		boot_event_array_free(ev, n);
		if (strcmp(got, cases[i].ids) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got,
			    cases[i].ids);
	}
}

/* Connections, locking and files ---------------------------------------- */

static void
test_busy(void **state)
{
	struct fixture *fx = *state;
	struct catalog *other;
	struct entry *v;
	sqlite3 *db;
	char err[256];
	int64_t t0, dv0, dv1;
	size_t n;

	add_iso(fx->cat, "debian", 0);
	assert_int_equal(catalog_open(fx->path, 0, &other, err, sizeof err),
	    CATALOG_OK);
	catalog_set_busy_timeout(other, 200);
	assert_ok(fx->cat, catalog_data_version(fx->cat, &dv0));

	/* Another writer holds the write lock. */
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	t0 = now_ms();
	assert_status(other, catalog_entry_remove(other, "debian", false),
	    CATALOG_BUSY);
	assert_true(now_ms() - t0 >= 150);	/* it waited, then gave up */
	assert_contains(catalog_error(other), "locked");
	/* WAL: readers go on meanwhile. */
	assert_ok(other, catalog_entry_list(other, &v, &n));
	assert_int_equal(n, 1);
	entry_array_free(v, n);
	assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	assert_ok(other, catalog_entry_remove(other, "debian", false));
	/* The first connection notices the other's commit. */
	assert_ok(fx->cat, catalog_data_version(fx->cat, &dv1));
	assert_true(dv1 != dv0);
	catalog_close(other);
}

static void
test_open_new(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db;
	sqlite3_stmt *st;
	struct catalog *ro;
	struct entry *v;
	char err[256];
	size_t n;

	assert_int_equal(catalog_schema_version(fx->cat),
	    catalog_schema_latest());
	assert_true(catalog_schema_latest() >= 2);
	assert_ok(fx->cat, catalog_check(fx->cat));

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* Read-only connections read but never write. */
	add_iso(fx->cat, "debian", 0);
	assert_int_equal(catalog_open(fx->path, CATALOG_OPEN_READONLY, &ro,
	    err, sizeof err), CATALOG_OK);
	assert_ok(ro, catalog_entry_list(ro, &v, &n));
	assert_int_equal(n, 1);
	entry_array_free(v, n);
	assert_status(ro, catalog_entry_remove(ro, "debian", false),
	    CATALOG_READONLY);
	catalog_close(ro);

	/* Opening again, with or without CREATE, keeps the data. */
	catalog_close(fx->cat);
	assert_int_equal(catalog_open(fx->path, 0, &fx->cat, err, sizeof err),
	    CATALOG_OK);
	assert_order(fx->cat, "debian");
}

/* Opening path fails with want, says why, and leaves the file as it was. */
static void
assert_open_fails(const char *path, unsigned flags, int want,
    const char *msg)
{
	static char not_null;
	char err[512] = "", wal[PATH_MAX + 8];
	/* Anything but NULL, to see that a failed open clears it. */
	struct catalog *cat = (struct catalog *)&not_null;
	char *before = NULL, *after;
	size_t blen = 0, alen;
	struct stat sb;
	bool existed = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	int status;

	if (existed)
		before = read_file(path, &blen);
	status = catalog_open(path, flags, &cat, err, sizeof err);
	if (status != want)
		fail_msg("%s: got %s, want %s (%s)", path,
		    catalog_status_name(status), catalog_status_name(want), err);
	assert_null(cat);
	assert_contains(err, path);
	assert_contains(err, msg);
	assert_null(strchr(err, '\n'));
	if (existed) {
		after = read_file(path, &alen);
		assert_int_equal(alen, blen);
		assert_memory_equal(after, before, blen);
		free(after);
	} else if (!S_ISDIR(sb.st_mode))
		assert_false(file_exists(path));
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_false(file_exists(wal));
	free(before);
}

static void
test_open_errors(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "# bootdeck.conf\ndb = /var/lib/x.db\n";
	char path[PATH_MAX + 32], sql[256];
	struct catalog *cat;
	char err[256];

	snprintf(path, sizeof path, "%s/missing.db", fx->dir);
	assert_open_fails(path, 0, CATALOG_NOTFOUND,
	    "no such catalog (run 'bootdeck init')");
	assert_open_fails(path, CATALOG_OPEN_READONLY, CATALOG_NOTFOUND,
	    "no such catalog");

	snprintf(path, sizeof path, "%s/bootdeck.conf", fx->dir);
	write_file(path, text, sizeof text - 1);
	assert_open_fails(path, 0, CATALOG_CORRUPT, "not a bootdeck catalog");
	assert_open_fails(path, CATALOG_OPEN_CREATE, CATALOG_CORRUPT,
	    "not an SQLite database");

	/* Someone else's SQLite database. */
	snprintf(path, sizeof path, "%s/other.db", fx->dir);
	raw_exec(path, "CREATE TABLE notes (t TEXT); INSERT INTO notes"
	    " VALUES ('keep me')");
	assert_open_fails(path, CATALOG_OPEN_CREATE, CATALOG_CORRUPT,
	    "another application");

	/* A catalog from a newer bootdeck. */
	snprintf(path, sizeof path, "%s/newer.db", fx->dir);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;"
	    " PRAGMA user_version = %d; CREATE TABLE future (x)",
	    0x6264636b, catalog_schema_latest() + 1);
	raw_exec(path, sql);
	assert_open_fails(path, 0, CATALOG_TOONEW, "newer than this bootdeck");

	/* An empty file is a catalog only when asked to create one. */
	snprintf(path, sizeof path, "%s/empty.db", fx->dir);
	write_file(path, "", 0);
	assert_open_fails(path, 0, CATALOG_CORRUPT, "bootdeck init");
	assert_int_equal(catalog_open(path, CATALOG_OPEN_CREATE, &cat, err,
	    sizeof err), CATALOG_OK);
	assert_int_equal(catalog_schema_version(cat), catalog_schema_latest());
	catalog_close(cat);

	assert_open_fails(fx->dir, CATALOG_OPEN_CREATE, CATALOG_CORRUPT,
	    "directory");
}

/* Permissions: root ignores them, so this runs for non-root users only. */
static void
test_open_permissions(void **state)
{
	struct fixture *fx = *state;
	struct catalog *cat;
	char err[256], wal[PATH_MAX + 32];

	if (geteuid() == 0)
		skip();
	catalog_close(fx->cat);
	fx->cat = NULL;
	assert_int_equal(chmod(fx->path, 0444), 0);
	assert_open_fails(fx->path, 0, CATALOG_READONLY, "read-only");
	assert_int_equal(catalog_open(fx->path, CATALOG_OPEN_READONLY, &cat,
	    err, sizeof err), CATALOG_OK);
	catalog_close(cat);
	assert_int_equal(chmod(fx->path, 0644), 0);
	/* No connection is open: the WAL files may go, as on a clean close. */
	snprintf(wal, sizeof wal, "%s-wal", fx->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", fx->path);
	unlink(wal);
	assert_int_equal(chmod(fx->dir, 0555), 0);
	assert_open_fails(fx->path, 0, CATALOG_READONLY, "directory");
	assert_int_equal(chmod(fx->dir, 0755), 0);
}

/* Schema version 1 as released: entries, hosts, menu, settings. */
static const char schema_v1[] =
	"PRAGMA application_id = 1650746219;"
	"PRAGMA user_version = 1;"
	"CREATE TABLE entries (id INTEGER PRIMARY KEY,"
	" rev INTEGER NOT NULL DEFAULT 1, name TEXT NOT NULL UNIQUE,"
	" title TEXT NOT NULL, kind TEXT NOT NULL, hotkey TEXT UNIQUE,"
	" platform TEXT NOT NULL DEFAULT 'any', position INTEGER NOT NULL,"
	" enabled INTEGER NOT NULL DEFAULT 1, target TEXT, target_efi TEXT,"
	" args TEXT, script TEXT);"
	"CREATE INDEX entries_position ON entries (position);"
	"CREATE TABLE entry_initrds (entry_id INTEGER NOT NULL"
	" REFERENCES entries (id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
	" path TEXT NOT NULL, PRIMARY KEY (entry_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE hosts (id INTEGER PRIMARY KEY,"
	" rev INTEGER NOT NULL DEFAULT 1, mac TEXT NOT NULL UNIQUE, name TEXT,"
	" default_entry INTEGER REFERENCES entries (id),"
	" next_entry INTEGER REFERENCES entries (id),"
	" skip_menu INTEGER NOT NULL DEFAULT 0,"
	" localboot TEXT NOT NULL DEFAULT 'auto');"
	"CREATE INDEX hosts_default_entry ON hosts (default_entry);"
	"CREATE INDEX hosts_next_entry ON hosts (next_entry);"
	"CREATE TABLE menu (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" title TEXT NOT NULL, timeout INTEGER NOT NULL,"
	" default_entry INTEGER REFERENCES entries (id));"
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"INSERT INTO entries (id, name, title, kind, position, target)"
	" VALUES (7, 'old', 'From v1', 'iso', 1, 'isos/old.iso');"
	"INSERT INTO menu VALUES (1, 'Old menu', 3, 7);"
	"INSERT INTO hosts (mac, default_entry) VALUES ('" MAC_A "', 7);";

static void
test_migrate(void **state)
{
	struct fixture *fx = *state;
	struct menu_settings m;
	struct boot_record r;
	struct catalog *cat;
	struct client *cv;
	struct host h;
	char path[PATH_MAX + 32], err[256];
	size_t n;

	snprintf(path, sizeof path, "%s/v1.db", fx->dir);
	raw_exec(path, schema_v1);

	/* A read-only open cannot migrate, and leaves the file alone. */
	assert_open_fails(path, CATALOG_OPEN_READONLY, CATALOG_READONLY,
	    "needs migrating");

	assert_int_equal(catalog_open(path, 0, &cat, err, sizeof err),
	    CATALOG_OK);
	assert_int_equal(catalog_schema_version(cat), catalog_schema_latest());
	assert_order(cat, "old");
	assert_ok(cat, catalog_menu_get(cat, &m));
	assert_string_equal(m.title, "Old menu");
	assert_string_equal(m.default_entry, "old");
	menu_settings_clear(&m);
	assert_ok(cat, catalog_host_get(cat, MAC_A, &h));
	assert_string_equal(h.default_entry, "old");
	host_clear(&h);

	/* The v2 tables work. */
	r = rec(RECORD_BOOT, 5, MAC_A, "old");
	assert_ok(cat, catalog_record(cat, &r, 1, 100));
	assert_ok(cat, catalog_client_list(cat, &cv, &n));
	assert_int_equal(n, 1);
	assert_string_equal(cv[0].stage, "entry");
	assert_string_equal(cv[0].entry, "old");
	client_array_free(cv, n);
	assert_ok(cat, catalog_check(cat));
	catalog_close(cat);

	/* Migrated once: opening again changes nothing. */
	assert_int_equal(catalog_open(path, CATALOG_OPEN_READONLY, &cat, err,
	    sizeof err), CATALOG_OK);
	assert_int_equal(catalog_schema_version(cat), catalog_schema_latest());
	catalog_close(cat);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_table),
		cmocka_unit_test(test_validate_table),
		cmocka_unit_test(test_validate_lengths),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_entry_copy),
		T(test_entry_crud),
		T(test_entry_order),
		T(test_entry_inuse),
		T(test_host),
		T(test_menu_settings),
		T(test_boot_view),
		T(test_boot_view_kept),
		T(test_server_settings),
		T(test_host_stamp),
		T(test_record_clients),
		T(test_record_attribute),
		T(test_record_next_boot),
		T(test_record_next_boot_rev),
		T(test_record_journal),
		cmocka_unit_test(test_record_changes_state),
		T(test_record_prune),
		T(test_record_prune_current_transfer),
		T(test_record_prune_clients),
		T(test_event_list),
		T(test_busy),
		T(test_open_new),
		T(test_open_errors),
		T(test_open_permissions),
		T(test_migrate),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
