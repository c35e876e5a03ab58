/* journal.c: the file of next-boot consumptions not yet in the catalog: format, append, replay, masking. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "server/journal.h"
#include "server/metrics.h"

#define JOURNAL_VERSION		1
/* An existing file's slot count is believed up to this (256 MiB). */
#define JOURNAL_SLOTS_MAX	(1u << 20)

/* "BOOTDECKJOURNAL" and a NUL: what says a file is ours. */
static const char journal_magic[16] = "BOOTDECKJOURNAL";

/* Header slot: byte offsets. */
enum {
	JH_MAGIC = 0,
	JH_VERSION = 16,
	JH_SLOT_SIZE = 20,
	JH_SLOTS = 24,
	JH_CRC = 28,		/* CRC-32 of the slot with these 4 bytes zero */
};

/* Record slot: byte offsets. */
enum {
	JR_MAGIC = 0,		/* "BDJR" */
	JR_CRC = 4,		/* as JH_CRC */
	JR_SEQ = 8,
	JR_TS = 16,
	JR_REV = 24,
	JR_KIND = 32,
	JR_FLAGS = 33,		/* JR_CONSUME */
	JR_CATALOG = 34,	/* CATALOG_ID_LEN, NUL-terminated */
	JR_MAC = JR_CATALOG + CATALOG_ID_LEN,
	JR_IP = JR_MAC + MAC_STRLEN,
	JR_ENTRY = JR_IP + IP_STRLEN,
	JR_PLATFORM = JR_ENTRY + ENTRY_NAME_MAX + 1,
	JR_ARCH = JR_PLATFORM + 8,
	JR_END = JR_ARCH + 16,
};
#define JR_CONSUME	0x01

static const char journal_record_magic[4] = { 'B', 'D', 'J', 'R' };

_Static_assert(JR_END <= JOURNAL_SLOT_SIZE, "a record fits its slot");

/* The text fields of a record: where they sit in the slot and the struct. */
static const struct journal_text {
	size_t	 at, len;
	size_t	 field;		/* offset in struct boot_record */
	bool	 ptr;		/* a char * there, else a char array */
} journal_texts[] = {
	{ JR_MAC, MAC_STRLEN, offsetof(struct boot_record, mac), false },
	{ JR_IP, IP_STRLEN, offsetof(struct boot_record, ip), false },
	{ JR_ENTRY, ENTRY_NAME_MAX + 1, offsetof(struct boot_record, entry),
	    true },
	{ JR_PLATFORM, 8, offsetof(struct boot_record, platform), true },
	{ JR_ARCH, 16, offsetof(struct boot_record, arch), true },
};

/* A consumption served and not yet in the catalog. */
struct journal_pending {
	int64_t	 seq;
	int64_t	 rev;
	char	 mac[MAC_STRLEN];
	char	 entry[ENTRY_NAME_MAX + 1];
	bool	 saved;		/* in the file, not only here */
};

struct journal {
	char			*path;
	int			 fd;
	uint32_t		 slots;
	char			 catalog_id[CATALOG_ID_LEN];
	pthread_mutex_t		 lock;	/* next_seq and pending */
	int64_t			 next_seq;
	struct journal_pending	*pending;	/* oldest first */
	size_t			 n_pending, cap_pending;
	uint64_t		 generation;	/* journal_done calls that took some */
	struct boot_record	*replay;	/* until journal_replay */
	size_t			 n_replay;
};

/* The outcome of reading the slots at open. */
struct journal_scan {
	size_t	 damaged, foreign;
	int64_t	 last;		/* highest record number of ours */
	bool	*clear;		/* per slot: damaged or foreign, to be zeroed */
};

static uint32_t
journal_crc32(const unsigned char *p, size_t len)
{
	uint32_t crc = 0xffffffffu;
	size_t i;
	int k;

	/* Bit by bit: a slot per boot, and one pass over the file at start. */
	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void
journal_put32(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
journal_put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
journal_get32(const unsigned char *p)
{
	uint32_t v = 0;
	int i;

	for (i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
journal_get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The CRC-32 of a slot, its own field (at crc_at) counted as zero. */
static uint32_t
journal_slot_crc(const unsigned char *slot, size_t crc_at)
{
	unsigned char copy[JOURNAL_SLOT_SIZE];

	memcpy(copy, slot, sizeof copy);
	memset(copy + crc_at, 0, 4);
	return journal_crc32(copy, sizeof copy);
}

static off_t
journal_offset(const struct journal *j, int64_t seq)
{
	return (off_t)JOURNAL_SLOT_SIZE *
	    (off_t)(1 + (uint64_t)(seq - 1) % j->slots);
}

static void
journal_header_encode(unsigned char *slot, uint32_t slots)
{
	memset(slot, 0, JOURNAL_SLOT_SIZE);
	memcpy(slot + JH_MAGIC, journal_magic, sizeof journal_magic);
	journal_put32(slot + JH_VERSION, JOURNAL_VERSION);
	journal_put32(slot + JH_SLOT_SIZE, JOURNAL_SLOT_SIZE);
	journal_put32(slot + JH_SLOTS, slots);
	journal_put32(slot + JH_CRC, journal_slot_crc(slot, JH_CRC));
}

static void
journal_text_put(unsigned char *slot, const struct journal_text *t,
    const struct boot_record *r)
{
	const char *p = (const char *)r + t->field;
	size_t len;

	if (t->ptr)
		p = *(char *const *)(const void *)p;
	if (p == NULL)
		return;
	len = strlen(p);
	/* Every field is checked shorter on the way in; cut, never overrun. */
	memcpy(slot + t->at, p, len < t->len ? len : t->len - 1);
}

static void
journal_record_encode(const struct journal *j, const struct boot_record *r,
    unsigned char *slot)
{
	size_t i;

	memset(slot, 0, JOURNAL_SLOT_SIZE);
	memcpy(slot + JR_MAGIC, journal_record_magic,
	    sizeof journal_record_magic);
	journal_put64(slot + JR_SEQ, (uint64_t)r->journal_seq);
	journal_put64(slot + JR_TS, (uint64_t)r->ts_ms);
	journal_put64(slot + JR_REV, (uint64_t)r->host_rev);
	slot[JR_KIND] = (unsigned char)r->kind;
	slot[JR_FLAGS] = r->consume_next ? JR_CONSUME : 0;
	memcpy(slot + JR_CATALOG, j->catalog_id, CATALOG_ID_LEN);
	for (i = 0; i < sizeof journal_texts / sizeof journal_texts[0]; i++)
		journal_text_put(slot, &journal_texts[i], r);
	journal_put32(slot + JR_CRC, journal_slot_crc(slot, JR_CRC));
}

/* A slot's text field, when it is NUL-terminated within its room. */
static bool
journal_text_ok(const unsigned char *slot, const struct journal_text *t)
{
	return memchr(slot + t->at, '\0', t->len) != NULL;
}

static void
journal_text_get(const unsigned char *slot, const struct journal_text *t,
    struct boot_record *r)
{
	const char *s = (const char *)slot + t->at;
	char *p = (char *)r + t->field;

	if (t->ptr)
		*(char **)(void *)p = *s != '\0' ? xstrdup(s) : NULL;
	else
		snprintf(p, t->len, "%s", s);
}

/*
 * Whether a slot holds a whole record: the magic, the CRC, a kind we
 * write, and text that ends where it should. A write cut short fails
 * here, and so does any other damage.
 */
static bool
journal_record_ok(const unsigned char *slot)
{
	size_t i;

	if (memcmp(slot + JR_MAGIC, journal_record_magic,
	    sizeof journal_record_magic) != 0 ||
	    journal_get32(slot + JR_CRC) != journal_slot_crc(slot, JR_CRC) ||
	    slot[JR_KIND] != RECORD_ENTRY || (int64_t)journal_get64(slot +
	    JR_SEQ) <= 0 || memchr(slot + JR_CATALOG, '\0',
	    CATALOG_ID_LEN) == NULL)
		return false;
	for (i = 0; i < sizeof journal_texts / sizeof journal_texts[0]; i++)
		if (!journal_text_ok(slot, &journal_texts[i]))
			return false;
	return true;
}

static void
journal_record_decode(const unsigned char *slot, struct boot_record *r)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->kind = RECORD_ENTRY;
	r->journal_seq = (int64_t)journal_get64(slot + JR_SEQ);
	r->ts_ms = (int64_t)journal_get64(slot + JR_TS);
	r->host_rev = (int64_t)journal_get64(slot + JR_REV);
	r->consume_next = (slot[JR_FLAGS] & JR_CONSUME) != 0;
	for (i = 0; i < sizeof journal_texts / sizeof journal_texts[0]; i++)
		journal_text_get(slot, &journal_texts[i], r);
}

static bool
journal_zero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static int
journal_pwrite_all(int fd, const unsigned char *buf, size_t len, off_t off)
{
	ssize_t w;

	while (len > 0) {
		w = pwrite(fd, buf, len, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Reads up to len bytes from offset 0; returns how many, or -1. */
static ssize_t
journal_pread_all(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	ssize_t r;

	while (got < len) {
		r = pread(fd, buf + got, len - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The directory entry of a new file outlives a crash only once its directory is synced. */
static int
journal_sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc = -1;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/*
 * Makes the file whole under a temporary name and renames it into place,
 * so that a crash never leaves a half-made journal at the real name.
 * Mode and owner are the catalog's, as SQLite gives its -wal file.
 * Returns 0, or the errno with the reason in err.
 */
static int
journal_create(struct journal *j, const struct stat *cat_sb, size_t slots,
    char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.new", j->path);
	size_t size = JOURNAL_SLOT_SIZE * (slots + 1);
	unsigned char *buf = xcalloc(1, size);
	const char *what = "create";
	int fd, rc = -1;

	unlink(tmp);	/* left by a crash while making it */
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    cat_sb->st_mode & 0666);
	if (fd < 0)
		goto out;
	what = "set the mode and owner of";
	if (fchmod(fd, cat_sb->st_mode & 0666) != 0 ||
	    ((cat_sb->st_uid != geteuid() || cat_sb->st_gid != getegid()) &&
	    geteuid() == 0 && fchown(fd, cat_sb->st_uid, cat_sb->st_gid) != 0))
		goto out;
	/* Zeros written, not just allocated: later writes need no allocation. */
	what = "write";
	journal_header_encode(buf, (uint32_t)slots);
	if (journal_pwrite_all(fd, buf, size, 0) != 0 || fsync(fd) != 0)
		goto out;
	what = "name";
	if (rename(tmp, j->path) != 0)
		goto out;
	what = "sync the directory of";
	if (journal_sync_dir(j->path) != 0)
		goto out;
	j->fd = fd;
	j->slots = (uint32_t)slots;
	fd = -1;
	rc = 0;
out:
	if (rc != 0) {
		rc = errno;
		snprintf(err, errlen, "journal %s: cannot %s it: %s", j->path,
		    what, strerror(rc));
		if (fd >= 0)
			unlink(tmp);
	}
	if (fd >= 0)
		close(fd);
	free(tmp);
	free(buf);
	return rc;
}

/* Header checks: whose file this is, and whether we can read it. */
static int
journal_check_header(struct journal *j, const unsigned char *hdr, size_t got,
    char *err, size_t errlen)
{
	uint32_t slots;

	if (got < JOURNAL_SLOT_SIZE || memcmp(hdr + JH_MAGIC, journal_magic,
	    sizeof journal_magic) != 0) {
		snprintf(err, errlen, "journal %s: not a bootdeckd journal; "
		    "move it away (bootdeckd keeps next boots it served "
		    "there until the catalog has them)", j->path);
		return -1;
	}
	if (journal_get32(hdr + JH_CRC) != journal_slot_crc(hdr, JH_CRC)) {
		snprintf(err, errlen, "journal %s: damaged header; move it "
		    "away (the next boots it holds are lost)", j->path);
		return -1;
	}
	if (journal_get32(hdr + JH_VERSION) != JOURNAL_VERSION) {
		snprintf(err, errlen, "journal %s: format version %u, this "
		    "bootdeckd knows %u: upgrade bootdeckd", j->path,
		    journal_get32(hdr + JH_VERSION), JOURNAL_VERSION);
		return -1;
	}
	slots = journal_get32(hdr + JH_SLOTS);
	if (journal_get32(hdr + JH_SLOT_SIZE) != JOURNAL_SLOT_SIZE ||
	    slots == 0 || slots > JOURNAL_SLOTS_MAX) {
		snprintf(err, errlen, "journal %s: damaged header (slots %u of "
		    "%u bytes); move it away", j->path, slots,
		    journal_get32(hdr + JH_SLOT_SIZE));
		return -1;
	}
	j->slots = slots;
	return 0;
}

static int
journal_replay_cmp(const void *a, const void *b)
{
	const struct boot_record *x = a, *y = b;

	return x->journal_seq < y->journal_seq ? -1 :
	    x->journal_seq > y->journal_seq;
}

static void
journal_pending_add(struct journal *j, const struct boot_record *r,
    bool saved)
{
	struct journal_pending *p;

	if (j->n_pending == j->cap_pending) {
		j->cap_pending = j->cap_pending == 0 ? 16 : j->cap_pending * 2;
		j->pending = xreallocarray(j->pending, j->cap_pending,
		    sizeof *j->pending);
	}
	p = &j->pending[j->n_pending++];
	memset(p, 0, sizeof *p);
	p->seq = r->journal_seq;
	p->rev = r->host_rev;
	p->saved = saved;
	snprintf(p->mac, sizeof p->mac, "%s", r->mac);
	snprintf(p->entry, sizeof p->entry, "%s",
	    r->entry != NULL ? r->entry : "");
	metrics_gauge_set(METRICS_JOURNAL_PENDING, (int64_t)j->n_pending);
}

/*
 * Sorts every slot out: ours and in the catalog already, ours to replay,
 * another catalog's, damaged, empty. A slot must also sit where its
 * number says, or it is damaged.
 */
static void
journal_scan(struct journal *j, const unsigned char *buf, int64_t applied,
    struct journal_scan *sc)
{
	const unsigned char *slot;
	struct boot_record *r;
	int64_t seq;
	size_t i;

	for (i = 0; i < j->slots; i++) {
		slot = buf + JOURNAL_SLOT_SIZE * (i + 1);
		if (journal_zero(slot, JOURNAL_SLOT_SIZE))
			continue;
		seq = (int64_t)journal_get64(slot + JR_SEQ);
		if (!journal_record_ok(slot) ||
		    journal_offset(j, seq) != (off_t)(JOURNAL_SLOT_SIZE *
		    (i + 1))) {
			sc->damaged++;
			sc->clear[i] = true;
			continue;
		}
		if (strcmp((const char *)slot + JR_CATALOG,
		    j->catalog_id) != 0) {
			sc->foreign++;
			sc->clear[i] = true;
			continue;
		}
		if (seq > sc->last)
			sc->last = seq;
		if (seq <= applied)
			continue;
		j->replay = xreallocarray(j->replay, j->n_replay + 1,
		    sizeof *j->replay);
		r = &j->replay[j->n_replay++];
		journal_record_decode(slot, r);
	}
	if (j->n_replay > 1)
		qsort(j->replay, j->n_replay, sizeof *j->replay,
		    journal_replay_cmp);
	for (i = 0; i < j->n_replay; i++)
		journal_pending_add(j, &j->replay[i], true);
}

/*
 * Zeroes what the scan found damaged or foreign, so that the next start
 * does not report it again, and writes zeros where the file was cut
 * short: the file is whole again, every slot writable in place.
 */
static int
journal_repair(struct journal *j, const struct journal_scan *sc, size_t got)
{
	static const unsigned char zero[JOURNAL_SLOT_SIZE];
	size_t i, start, end;
	bool wrote = false;

	for (i = 0; i < j->slots; i++) {
		start = JOURNAL_SLOT_SIZE * (i + 1);
		end = start + JOURNAL_SLOT_SIZE;
		if (!sc->clear[i]) {
			if (end <= got)
				continue;
			/* Only what is missing: a whole record may have
			   lost no more than its trailing zeros. */
			if (start < got)
				start = got;
		}
		if (journal_pwrite_all(j->fd, zero, end - start,
		    (off_t)start) != 0)
			return -1;
		wrote = true;
	}
	return wrote ? fdatasync(j->fd) : 0;
}

/*
 * Reads an existing journal: the header, then every slot. A file cut
 * short (a copy, a full disk when it was copied) is read as far as it
 * goes and made whole again.
 */
static int
journal_load(struct journal *j, int64_t applied, char *err, size_t errlen)
{
	unsigned char hdr[JOURNAL_SLOT_SIZE] = { 0 }, *buf = NULL;
	struct journal_scan sc = { 0 };
	struct stat sb;
	size_t size;
	ssize_t got;
	int rc = -1;

	if (fstat(j->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "journal %s: not a bootdeckd journal "
		    "(not a regular file)", j->path);
		goto out;
	}
	got = journal_pread_all(j->fd, hdr, sizeof hdr);
	if (got < 0)
		goto fail;
	if (journal_check_header(j, hdr, (size_t)got, err, errlen) != 0)
		goto out;
	size = JOURNAL_SLOT_SIZE * ((size_t)j->slots + 1);
	buf = xcalloc(1, size);
	got = journal_pread_all(j->fd, buf, size);
	if (got < 0)
		goto fail;
	sc.clear = xcalloc(j->slots, sizeof *sc.clear);
	journal_scan(j, buf, applied, &sc);
	if (journal_repair(j, &sc, (size_t)got) != 0)
		goto fail;
	if ((size_t)got < size)
		fprintf(stderr, "bootdeckd: journal %s: short (%zd of %zu "
		    "bytes), made whole again; what was cut off is lost\n",
		    j->path, got, size);
	if (sc.damaged > 0)
		fprintf(stderr, "bootdeckd: journal %s: %zu damaged record%s "
		    "ignored and cleared (a write cut short by a crash is "
		    "one)\n", j->path, sc.damaged, sc.damaged == 1 ? "" : "s");
	if (sc.foreign > 0)
		fprintf(stderr, "bootdeckd: journal %s: %zu record%s of "
		    "another catalog, once at this path, cleared (not written "
		    "into this one)\n", j->path, sc.foreign,
		    sc.foreign == 1 ? "" : "s");
	/* Numbers only grow, past those the catalog has seen too. */
	j->next_seq = (sc.last > applied ? sc.last : applied) + 1;
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "journal %s: %s", j->path, strerror(errno));
out:
	free(sc.clear);
	free(buf);
	return rc;
}

/*
 * Opens (or makes) the file at j->path and locks it. The lock must be on
 * the file still at that path: one made by another bootdeckd starting at
 * the same moment may have replaced ours; then we start over. Sets *made
 * when this call made it; returns 0, or the errno with the reason in err.
 */
static int
journal_open_locked(struct journal *j, const struct stat *cat_sb,
    size_t slots, bool *made, char *err, size_t errlen)
{
	struct stat fd_sb, path_sb;
	int tries, e = 0;

	for (tries = 0; tries < 3; tries++) {
		if (j->fd >= 0)
			close(j->fd);
		j->fd = open(j->path, O_RDWR | O_CLOEXEC);
		*made = j->fd < 0 && errno == ENOENT;
		if (*made && (e = journal_create(j, cat_sb, slots, err,
		    errlen)) != 0)
			return e;
		if (j->fd < 0) {
			e = errno;
			snprintf(err, errlen, "journal %s: %s", j->path,
			    strerror(e));
			return e;
		}
		if (flock(j->fd, LOCK_EX | LOCK_NB) != 0) {
			e = errno;
			snprintf(err, errlen, "journal %s: %s", j->path,
			    e == EWOULDBLOCK ? "in use by another bootdeckd "
			    "(one per catalog)" : strerror(e));
			return e;
		}
		if (fstat(j->fd, &fd_sb) == 0 && stat(j->path, &path_sb) == 0 &&
		    fd_sb.st_dev == path_sb.st_dev &&
		    fd_sb.st_ino == path_sb.st_ino)
			return 0;
	}
	snprintf(err, errlen, "journal %s: replaced while opening it (another "
	    "bootdeckd starting?)", j->path);
	return EAGAIN;
}

int
journal_open(const char *catalog_path, const char *catalog_id,
    int64_t applied, size_t slots, struct journal **jp, char *err,
    size_t errlen)
{
	struct journal *j;
	struct stat sb;
	bool made = false;
	int rc = -1, e;

	*jp = NULL;
	j = xcalloc(1, sizeof *j);
	j->fd = -1;
	j->path = xasprintf("%s%s", catalog_path, JOURNAL_SUFFIX);
	snprintf(j->catalog_id, sizeof j->catalog_id, "%s", catalog_id);
	pthread_mutex_init(&j->lock, NULL);
	if (slots == 0 || slots > JOURNAL_SLOTS_MAX)
		slots = JOURNAL_SLOTS;
	j->next_seq = applied + 1;
	if (stat(catalog_path, &sb) != 0) {
		snprintf(err, errlen, "journal %s: %s: %s", j->path,
		    catalog_path, strerror(errno));
		goto out;
	}
	e = journal_open_locked(j, &sb, slots, &made, err, errlen);
	if (made && (e == ENOSPC || e == EDQUOT)) {
		/* Serving boots matters more than the guarantee; said. */
		fprintf(stderr, "bootdeckd: %s; until a start finds room, next "
		    "boots served are kept in memory only\n", err);
		j->slots = (uint32_t)slots;
		goto done;
	}
	if (e != 0 || (!made && journal_load(j, applied, err, errlen) != 0))
		goto out;
done:
	*jp = j;
	rc = 0;
out:
	if (rc != 0)
		journal_close(j);
	return rc;
}

void
journal_close(struct journal *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->fd >= 0)
		close(j->fd);
	for (i = 0; i < j->n_replay; i++)
		boot_record_clear(&j->replay[i]);
	free(j->replay);
	free(j->pending);
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	free(j);
}

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

size_t
journal_replay(struct journal *j, struct boot_record **v)
{
	size_t n = j->n_replay;

	*v = j->replay;
	j->replay = NULL;
	j->n_replay = 0;
	return n;
}

/* The oldest record in the file that the catalog lacks: its slot is the
   first one a new record may not take. 0: none. */
static int64_t
journal_oldest_saved(const struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n_pending; i++)
		if (j->pending[i].saved)
			return j->pending[i].seq;
	return 0;
}

int
journal_append(struct journal *j, struct boot_record *r)
{
	unsigned char slot[JOURNAL_SLOT_SIZE];
	int64_t seq, oldest;
	size_t i, waiting;
	bool room;

	pthread_mutex_lock(&j->lock);
	seq = j->next_seq++;
	oldest = journal_oldest_saved(j);
	room = j->fd >= 0 &&
	    (oldest == 0 || seq - oldest < (int64_t)j->slots);
	r->journal_seq = seq;
	journal_pending_add(j, r, room);
	waiting = j->n_pending;
	pthread_mutex_unlock(&j->lock);

	if (!room) {
		fprintf(stderr, "bootdeckd: journal %s: %s (%zu next boots "
		    "wait for the catalog): the one-shot boot of %s is kept in "
		    "memory only\n", j->path, j->fd < 0 ? "no file, no room "
		    "for it at start" : "full", waiting, r->mac);
		metrics_add(METRICS_JOURNAL_ERRORS, 1);
		return -1;
	}
	journal_record_encode(j, r, slot);
	if (journal_pwrite_all(j->fd, slot, sizeof slot,
	    journal_offset(j, seq)) == 0 && fdatasync(j->fd) == 0) {
		metrics_add(METRICS_JOURNAL_WRITES, 1);
		return 0;
	}
	fprintf(stderr, "bootdeckd: journal %s: cannot write: %s: the one-shot "
	    "boot of %s is kept in memory only\n", j->path, strerror(errno),
	    r->mac);
	metrics_add(METRICS_JOURNAL_ERRORS, 1);
	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n_pending; i++)
		if (j->pending[i].seq == seq)
			j->pending[i].saved = false;
	pthread_mutex_unlock(&j->lock);
	return -1;
}

void
journal_done(struct journal *j, int64_t seq)
{
	size_t i;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n_pending && j->pending[i].seq <= seq; i++)
		;
	if (i > 0) {
		memmove(j->pending, j->pending + i,
		    (j->n_pending - i) * sizeof *j->pending);
		j->n_pending -= i;
		j->generation++;
	}
	metrics_gauge_set(METRICS_JOURNAL_PENDING, (int64_t)j->n_pending);
	pthread_mutex_unlock(&j->lock);
}

size_t
journal_pending(struct journal *j, size_t *unsaved)
{
	size_t i, n;

	pthread_mutex_lock(&j->lock);
	n = j->n_pending;
	if (unsaved != NULL)
		for (*unsaved = 0, i = 0; i < n; i++)
			*unsaved += !j->pending[i].saved;
	pthread_mutex_unlock(&j->lock);
	return n;
}

uint64_t
journal_generation(struct journal *j)
{
	uint64_t g;

	if (j == NULL)
		return 0;
	pthread_mutex_lock(&j->lock);
	g = j->generation;
	pthread_mutex_unlock(&j->lock);
	return g;
}

bool
journal_mask(struct journal *j, struct boot_view *bv, uint64_t since)
{
	const struct journal_pending *p;
	bool used = false, current;
	size_t i;

	if (j == NULL || !bv->host_known || bv->host.next_entry == NULL)
		return true;
	pthread_mutex_lock(&j->lock);
	current = j->generation == since;
	for (i = 0; current && i < j->n_pending && !used; i++) {
		p = &j->pending[i];
		used = p->rev == bv->host.rev &&
		    strcmp(p->mac, bv->host.mac) == 0 &&
		    strcmp(p->entry, bv->host.next_entry) == 0;
	}
	pthread_mutex_unlock(&j->lock);
	if (used) {
		free(bv->host.next_entry);
		bv->host.next_entry = NULL;
	}
	return current;
}
