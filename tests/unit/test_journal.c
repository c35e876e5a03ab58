/* test_journal.c: bootdeckd's journal file: append, replay, damage, other catalogs, full, masking. */
#include "config.h"

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
#include <unistd.h>

#include <cmocka.h>

#include "common/xmalloc.h"
#include "server/journal.h"

#define ID_A	"0123456789abcdef"
#define ID_B	"fedcba9876543210"
#define MAC_A	"52:54:00:00:00:0a"
#define MAC_B	"52:54:00:00:00:0b"

struct fixture {
	char	 dir[PATH_MAX];
	char	 catalog[PATH_MAX + 16];
	char	 path[PATH_MAX + 32];
};

static int
fx_setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(fx->dir, sizeof fx->dir, "%s/bootdeck-journal-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->catalog, sizeof fx->catalog, "%s/catalog.db", fx->dir);
	snprintf(fx->path, sizeof fx->path, "%s" JOURNAL_SUFFIX, fx->catalog);
	/* The journal takes the catalog's mode: an unusual one shows it. */
	fd = open(fx->catalog, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0640), 0);
	close(fd);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fixture *fx = *state;

	unlink(fx->path);
	unlink(fx->catalog);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static struct journal *
open_ok(struct fixture *fx, const char *id, int64_t applied, size_t slots)
{
	struct journal *j;
	char err[512];

	if (journal_open(fx->catalog, id, applied, slots, &j, err,
	    sizeof err) != 0)
		fail_msg("journal_open: %s", err);
	return j;
}

/* A consumption as route_entry makes it. */
static struct boot_record
consumption(const char *mac, const char *entry, int64_t rev, int64_t ts)
{
	struct boot_record r = { .kind = RECORD_ENTRY, .ts_ms = ts,
	    .consume_next = true, .host_rev = rev };

	snprintf(r.mac, sizeof r.mac, "%s", mac);
	snprintf(r.ip, sizeof r.ip, "10.0.0.%lld", (long long)rev);
	r.entry = xstrdup(entry);
	r.platform = xstrdup("efi");
	r.arch = xstrdup("x86_64");
	return r;
}

static int64_t
append(struct journal *j, const char *mac, const char *entry, int64_t rev,
    int want)
{
	struct boot_record r = consumption(mac, entry, rev, 1000 + rev);
	int64_t seq;

	assert_int_equal(journal_append(j, &r), want);
	seq = r.journal_seq;
	boot_record_clear(&r);
	return seq;
}

static size_t
replay(struct journal *j, struct boot_record **v)
{
	return journal_replay(j, v);
}

static void
replay_free(struct boot_record *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		boot_record_clear(&v[i]);
	free(v);
}

static void
scribble(const char *path, off_t at, const char *bytes)
{
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, strlen(bytes), at),
	    (ssize_t)strlen(bytes));
	close(fd);
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

static void
test_made_whole(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	struct stat sb;

	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_size, JOURNAL_SLOT_SIZE * (JOURNAL_SLOTS + 1));
	assert_int_equal(sb.st_mode & 0777, 0640);
	/* Written, not sparse: later records need no new blocks. */
	assert_true((off_t)sb.st_blocks * 512 >= sb.st_size);
	assert_string_equal(journal_path(j), fx->path);
	journal_close(j);
}

/* Records come back after a crash, oldest first, whole, past the mark. */
static void
test_replay(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	struct boot_record *v;
	size_t n, unsaved;

	assert_int_equal(append(j, MAC_A, "debian", 3, 0), 1);
	assert_int_equal(append(j, MAC_B, "rescue", 4, 0), 2);
	assert_int_equal(append(j, MAC_A, "memtest", 5, 0), 3);
	assert_int_equal(journal_pending(j, &unsaved), 3);
	assert_int_equal(unsaved, 0);
	journal_close(j);

	/* The catalog has the first. */
	j = open_ok(fx, ID_A, 1, 0);
	n = replay(j, &v);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].journal_seq, 2);
	assert_int_equal(v[0].kind, RECORD_ENTRY);
	assert_true(v[0].consume_next);
	assert_string_equal(v[0].mac, MAC_B);
	assert_string_equal(v[0].entry, "rescue");
	assert_string_equal(v[0].ip, "10.0.0.4");
	assert_string_equal(v[0].platform, "efi");
	assert_string_equal(v[0].arch, "x86_64");
	assert_int_equal(v[0].host_rev, 4);
	assert_int_equal(v[0].ts_ms, 1004);
	assert_int_equal(v[1].journal_seq, 3);
	assert_string_equal(v[1].entry, "memtest");
	replay_free(v, n);
	assert_int_equal(journal_pending(j, NULL), 2);
	/* Numbers go on from the last. */
	assert_int_equal(append(j, MAC_B, "debian", 9, 0), 4);
	journal_done(j, 4);
	assert_int_equal(journal_pending(j, NULL), 0);
	journal_close(j);

	/* A catalog that has seen more (a journal removed meanwhile): its
	   mark, not the file, says where numbers go on. */
	unlink(fx->path);
	j = open_ok(fx, ID_A, 40, 0);
	assert_int_equal(replay(j, &v), 0);
	free(v);
	assert_int_equal(append(j, MAC_A, "debian", 1, 0), 41);
	journal_close(j);
}

/* A write cut short and a record damaged later: ignored, cleared, and
   the records around them still replayed. */
static void
test_damage(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	unsigned char slot[JOURNAL_SLOT_SIZE];
	struct boot_record *v;
	size_t n, i;
	int fd;

	append(j, MAC_A, "debian", 1, 0);
	append(j, MAC_A, "debian", 2, 0);
	append(j, MAC_A, "debian", 3, 0);
	journal_close(j);
	scribble(fx->path, JOURNAL_SLOT_SIZE * 2 + 70, "X");
	scribble(fx->path, JOURNAL_SLOT_SIZE * 4 + 10, "torn");

	j = open_ok(fx, ID_A, 0, 0);
	n = replay(j, &v);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].journal_seq, 1);
	assert_int_equal(v[1].journal_seq, 3);
	replay_free(v, n);
	journal_close(j);

	/* Cleared: the next start has nothing to say about them. */
	fd = open(fx->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, slot, sizeof slot, JOURNAL_SLOT_SIZE * 2),
	    (ssize_t)sizeof slot);
	close(fd);
	for (i = 0; i < sizeof slot; i++)
		assert_int_equal(slot[i], 0);
}

/* Cut short in the middle of record 2: record 1 stays, the file is whole. */
static void
test_short(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	struct boot_record *v;
	size_t n;

	append(j, MAC_A, "debian", 1, 0);
	append(j, MAC_A, "debian", 2, 0);
	journal_close(j);
	assert_int_equal(truncate(fx->path, JOURNAL_SLOT_SIZE * 2 + 100), 0);
	j = open_ok(fx, ID_A, 0, 0);
	n = replay(j, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].journal_seq, 1);
	replay_free(v, n);
	assert_int_equal(file_size(fx->path),
	    JOURNAL_SLOT_SIZE * (JOURNAL_SLOTS + 1));
	assert_int_equal(append(j, MAC_A, "debian", 3, 0), 2);
	journal_close(j);
}

/* The records of another catalog once at this path are not replayed. */
static void
test_other_catalog(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	struct boot_record *v;

	append(j, MAC_A, "debian", 1, 0);
	journal_close(j);
	j = open_ok(fx, ID_B, 0, 0);
	assert_int_equal(replay(j, &v), 0);
	free(v);
	assert_int_equal(append(j, MAC_A, "debian", 1, 0), 1);
	journal_close(j);
}

/* Files that are not ours, or not in a form we know: refused, untouched. */
static void
test_refused(void **state)
{
	static const char *const texts[] = {
		"an admin's notes, not a journal\n",
		"",
	};
	struct fixture *fx = *state;
	struct journal *j, *j2;
	char err[512];
	size_t i;
	int fd;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		fd = open(fx->path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, texts[i], strlen(texts[i])),
		    (ssize_t)strlen(texts[i]));
		close(fd);
		assert_int_equal(journal_open(fx->catalog, ID_A, 0, 0, &j,
		    err, sizeof err), -1);
		assert_null(j);
		assert_non_null(strstr(err, "not a bootdeckd journal"));
		assert_int_equal(file_size(fx->path),
		    (off_t)strlen(texts[i]));
	}
	unlink(fx->path);

	/* A header changed after it was written (a newer format would say
	   its version, with a header of its own). */
	j = open_ok(fx, ID_A, 0, 0);
	journal_close(j);
	scribble(fx->path, 16, "\x02");
	assert_int_equal(journal_open(fx->catalog, ID_A, 0, 0, &j, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "damaged header"));
	unlink(fx->path);

	/* One bootdeckd per catalog. */
	j = open_ok(fx, ID_A, 0, 0);
	assert_int_equal(journal_open(fx->catalog, ID_A, 0, 0, &j2, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "in use by another bootdeckd"));
	journal_close(j);
	j = open_ok(fx, ID_A, 0, 0);
	journal_close(j);
}

/* Every slot waiting for the catalog: the next record is kept in memory
   only; once the catalog has the oldest, its slot is taken again. */
static void
test_full(void **state)
{
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 2);
	struct boot_record *v;
	size_t n, unsaved;

	assert_int_equal(file_size(fx->path), JOURNAL_SLOT_SIZE * 3);
	append(j, MAC_A, "debian", 1, 0);
	append(j, MAC_A, "debian", 2, 0);
	assert_int_equal(append(j, MAC_B, "debian", 3, -1), 3);
	assert_int_equal(journal_pending(j, &unsaved), 3);
	assert_int_equal(unsaved, 1);
	/* Record 4's slot is record 2's, so 2 must be in the catalog first. */
	journal_done(j, 1);
	assert_int_equal(append(j, MAC_B, "rescue", 4, -1), 4);
	journal_done(j, 2);
	assert_int_equal(append(j, MAC_B, "rescue", 5, 0), 5);
	journal_close(j);

	/* Records 3 and 4 were never written; 5 took 1's slot. */
	j = open_ok(fx, ID_A, 2, 0);
	n = replay(j, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].journal_seq, 5);
	assert_string_equal(v[0].entry, "rescue");
	replay_free(v, n);
	journal_close(j);
}

/* A pending consumption hides the next boot it used, and only that one. */
static void
test_mask(void **state)
{
	static const struct {
		const char	*mac, *next;
		int64_t		 rev;
		bool		 masked;
	} cases[] = {
		{ MAC_A, "debian", 7, true },
		{ MAC_A, "debian", 8, false },	/* set again after the boot */
		{ MAC_A, "rescue", 7, false },	/* another next boot */
		{ MAC_B, "debian", 7, false },	/* another host */
		{ MAC_A, NULL, 7, false },
	};
	struct fixture *fx = *state;
	struct journal *j = open_ok(fx, ID_A, 0, 0);
	struct boot_view bv;
	uint64_t since;
	int64_t seq;
	size_t i;

	seq = append(j, MAC_A, "debian", 7, 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&bv, 0, sizeof bv);
		bv.host_known = true;
		snprintf(bv.host.mac, sizeof bv.host.mac, "%s", cases[i].mac);
		bv.host.rev = cases[i].rev;
		bv.host.next_entry = xstrdup_null(cases[i].next);
		assert_true(journal_mask(j, &bv, journal_generation(j)));
		if (cases[i].masked)
			assert_null(bv.host.next_entry);
		else if (cases[i].next != NULL)
			assert_string_equal(bv.host.next_entry, cases[i].next);
		boot_view_clear(&bv);
	}
	since = journal_generation(j);
	journal_done(j, seq);
	memset(&bv, 0, sizeof bv);
	bv.host_known = true;
	snprintf(bv.host.mac, sizeof bv.host.mac, "%s", MAC_A);
	bv.host.rev = 7;
	bv.host.next_entry = xstrdup("debian");
	/* A view read before the consumption was written and left the
	   journal may not show it: it is to be read again. */
	assert_false(journal_mask(j, &bv, since));
	assert_string_equal(bv.host.next_entry, "debian");
	/* One read after it: the catalog has it, nothing pending masks. */
	assert_true(journal_mask(j, &bv, journal_generation(j)));
	assert_string_equal(bv.host.next_entry, "debian");
	boot_view_clear(&bv);
	journal_close(j);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_made_whole),
		T(test_replay),
		T(test_damage),
		T(test_short),
		T(test_other_catalog),
		T(test_refused),
		T(test_full),
		T(test_mask),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
