/*
 * iso9660.c: a small strict reader of ISO 9660 directory trees: volume
 * descriptors, Rock Ridge names, Joliet, multi-extent files, El Torito.
 *
 * Why not libcdio's libiso9660 (Debian 12: libiso9660-dev 2.1.0), as
 * checked on an image that xorriso -as mkisofs -iso-level 3 made with a
 * 4.4 GiB file:
 * - its iso9660_stat_t has one lsn and a 32-bit size, and no file flags:
 *   iso9660_ifs_readdir lists the multi-extent file as two entries of
 *   the same name (4294965248 and 423626752 bytes), and
 *   iso9660_ifs_stat_translate finds only the first, with nothing that
 *   tells that apart from two files;
 * - iso9660_open and its variants take a path and open the file
 *   themselves (no fd or stream in the installed API): the tree read
 *   could belong to another file than the fd we serve from whenever an
 *   ISO is replaced between the two opens.
 * What we need is small: descriptors, directory records, the SUSP
 * entries SP, CE, ST, ER, PX, NM, SL, CL and RE, UCS-2 names and the boot
 * catalog, with every offset, length and count checked against the file
 * and against the limits in iso9660.h.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "iso/iso9660.h"

#define ISO_BLOCK		2048
#define ISO_VD_FIRST		16	/* sectors 0-15 are the system area */
#define ISO_VD_MAX		64	/* descriptors before the terminator */
#define ISO_CE_MAX		16	/* continuation areas of one record */
#define ISO_NAME_MAX		1024	/* bytes of one name, NM pieces joined */
#define ISO_RECORD_MIN		34	/* 33 fixed bytes and one of name */

#define ISO_FLAG_DIR		0x02
#define ISO_FLAG_ASSOCIATED	0x04
#define ISO_FLAG_MULTI		0x80	/* not the last extent of the file */

#define NM_CURRENT		0x02
#define NM_PARENT		0x04

struct iso_image {
	struct iso_file		 *files;	/* sorted by path */
	size_t			  n_files;
	const struct iso_file	**folded;	/* sorted by path, case ignored */
	struct iso_extent	 *extents;
	char			 *paths;
	char			  volume_id[33];
	enum iso_names		  names;
	unsigned		  boot;
};

/* One file while the tree is read: offsets, since the arrays move. */
struct iso_entry {
	size_t		 path_off;
	size_t		 ext_first;
	size_t		 n_ext;
	uint64_t	 size;
	bool		 is_dir;
};

/* A directory still to read. */
struct iso_todo {
	uint64_t	 offset;
	uint64_t	 length;
	size_t		 path_off;	/* its path in r->paths */
	size_t		 path_len;
	unsigned	 depth;
};

/* One directory record, decoded. */
struct iso_record {
	size_t		 len;
	uint32_t	 lba;
	uint64_t	 offset;	/* of the data, after any XAR */
	uint64_t	 length;
	uint8_t		 flags;
	bool		 interleaved;
	const uint8_t	*name;
	size_t		 name_len;
	const uint8_t	*su;		/* the System Use area */
	size_t		 su_len;
};

/* What the SUSP entries of one record say. */
struct iso_rr {
	bool		 sp;
	unsigned	 sp_skip;
	bool		 rock_ridge;	/* ER, PX, NM or RR seen */
	bool		 symlink;
	bool		 relocated;	/* RE: reached through its CL instead */
	bool		 child;		/* CL: a relocated directory's place */
	uint32_t	 child_lba;
	bool		 name_bad;
	size_t		 name_len;
	char		 name[ISO_NAME_MAX + 1];
};

struct iso_reader {
	int		 fd;
	uint64_t	 file_size;
	char		 why[256];
	int		 errnum;	/* EINVAL: the image is at fault */
	enum iso_names	 names;
	unsigned	 sp_skip;
	uint64_t	 tree_bytes;

	struct iso_entry *entries;
	size_t		 n_entries, cap_entries;
	struct iso_extent *extents;
	size_t		 n_extents, cap_extents;
	char		*paths;
	size_t		 n_paths, cap_paths;
	struct iso_todo	*todo;
	size_t		 n_todo, cap_todo;
	uint64_t	*seen;		/* open addressing: directory offset + 1 */
	size_t		 n_seen, cap_seen;
};

static int iso_fail(struct iso_reader *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps the first reason: later ones are consequences. Names from the
   image may hold any byte: the reason stays one line of printable ASCII
   for the logs and terminals it goes to. */
static int
iso_fail(struct iso_reader *r, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (r->why[0] != '\0')
		return -1;
	if (r->errnum == 0)
		r->errnum = EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	for (p = r->why; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return -1;
}

static uint32_t
iso_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint16_t
iso_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Exactly len bytes at off, or the reason (what names the structure). */
static int
iso_read(struct iso_reader *r, void *buf, size_t len, uint64_t off,
    const char *what)
{
	size_t done = 0;
	ssize_t n;

	if (off > r->file_size || len > r->file_size - off)
		return iso_fail(r, "truncated: the %s at byte %llu lies past "
		    "the end of the file (%llu bytes)", what,
		    (unsigned long long)off, (unsigned long long)r->file_size);
	while (done < len) {
		n = pread(r->fd, (char *)buf + done, len - done,
		    (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r->errnum = r->why[0] == '\0' ? errno : r->errnum;
			return iso_fail(r, "cannot read the %s: %s", what,
			    strerror(errno));
		}
		if (n == 0)
			return iso_fail(r, "truncated: the file ended while "
			    "reading the %s", what);
		done += (size_t)n;
	}
	return 0;
}

/* Decodes the record at p, of which avail bytes are in its sector. */
static bool
iso_record_parse(const uint8_t *p, size_t avail, struct iso_record *rec)
{
	size_t su;

	rec->len = p[0];
	if (rec->len < ISO_RECORD_MIN || rec->len > avail)
		return false;
	rec->name_len = p[32];
	if (rec->name_len == 0 || 33 + rec->name_len > rec->len)
		return false;
	rec->lba = iso_le32(p + 2);
	rec->offset = ((uint64_t)rec->lba + p[1]) * ISO_BLOCK;
	rec->length = iso_le32(p + 10);
	rec->flags = p[25];
	rec->interleaved = p[26] != 0 || p[27] != 0;
	rec->name = p + 33;
	/* A pad byte keeps the System Use area at an even offset. */
	su = 33 + rec->name_len + (rec->name_len % 2 == 0 ? 1 : 0);
	rec->su = p + su;
	rec->su_len = su < rec->len ? rec->len - su : 0;
	return true;
}

/* Counts bytes of directories and their extras read, against the limit. */
static int
iso_tree_bytes(struct iso_reader *r, uint64_t n)
{
	if (n > ISO_TREE_BYTES_MAX - r->tree_bytes)
		return iso_fail(r, "directories larger than %u bytes in all",
		    ISO_TREE_BYTES_MAX);
	r->tree_bytes += n;
	return 0;
}

/* Everything but the name buffer, which name_len guards. */
static void
iso_rr_init(struct iso_rr *rr)
{
	memset(rr, 0, offsetof(struct iso_rr, name) + 1);
}

/* One NM piece: names are joined from all of them. */
static void
iso_rr_name(struct iso_rr *rr, const uint8_t *p, size_t len)
{
	if (len < 5 || (p[4] & (NM_CURRENT | NM_PARENT)) != 0) {
		rr->name_bad = true;
		return;
	}
	if (rr->name_len + (len - 5) > ISO_NAME_MAX) {
		rr->name_bad = true;
		return;
	}
	memcpy(rr->name + rr->name_len, p + 5, len - 5);
	rr->name_len += len - 5;
	rr->name[rr->name_len] = '\0';
}

/*
 * Walks the SUSP entries of a System Use area and its continuation
 * areas. A malformed entry ends the walk, as in Linux's isofs; an
 * unreadable continuation area is an error.
 */
static int
iso_susp(struct iso_reader *r, const uint8_t *su, size_t su_len,
    struct iso_rr *rr)
{
	uint8_t ce_buf[ISO_BLOCK];
	const uint8_t *p, *end;
	uint32_t ce_lba = 0, ce_off = 0, ce_len = 0, mode;
	unsigned ce_count = 0;
	size_t elen;
	bool ce;

	for (;;) {
		ce = false;
		p = su;
		end = su + su_len;
		while (end - p >= 4) {
			elen = p[2];
			if (elen < 4 || elen > (size_t)(end - p))
				break;
			if (memcmp(p, "ST", 2) == 0)
				return 0;
			if (memcmp(p, "CE", 2) == 0 && elen >= 28) {
				ce = true;
				ce_lba = iso_le32(p + 4);
				ce_off = iso_le32(p + 12);
				ce_len = iso_le32(p + 20);
			} else if (memcmp(p, "SP", 2) == 0 && elen >= 7 &&
			    p[4] == 0xbe && p[5] == 0xef) {
				rr->sp = true;
				rr->sp_skip = p[6];
			} else if (memcmp(p, "ER", 2) == 0 ||
			    memcmp(p, "RR", 2) == 0)
				rr->rock_ridge = true;
			else if (memcmp(p, "PX", 2) == 0) {
				rr->rock_ridge = true;
				mode = elen >= 12 ? iso_le32(p + 4) : 0;
				if ((mode & S_IFMT) == S_IFLNK)
					rr->symlink = true;
			} else if (memcmp(p, "NM", 2) == 0) {
				rr->rock_ridge = true;
				iso_rr_name(rr, p, elen);
			} else if (memcmp(p, "SL", 2) == 0)
				rr->symlink = true;
			else if (memcmp(p, "CL", 2) == 0 && elen >= 12) {
				rr->child = true;
				rr->child_lba = iso_le32(p + 4);
			} else if (memcmp(p, "RE", 2) == 0)
				rr->relocated = true;
			p += elen;
		}
		if (!ce)
			return 0;
		if (++ce_count > ISO_CE_MAX)
			return iso_fail(r, "corrupt: more than %d Rock Ridge "
			    "continuation areas in one record", ISO_CE_MAX);
		if (ce_off > ISO_BLOCK || ce_len > ISO_BLOCK - ce_off)
			return iso_fail(r, "corrupt: a Rock Ridge continuation "
			    "area crosses its sector");
		if (iso_tree_bytes(r, ISO_BLOCK) != 0 ||
		    iso_read(r, ce_buf, ISO_BLOCK, (uint64_t)ce_lba * ISO_BLOCK,
		    "Rock Ridge continuation area") != 0)
			return -1;
		su = ce_buf + ce_off;
		su_len = ce_len;
	}
}

/* Appends UTF-8 for code point c (valid, not NUL) to out. */
static size_t
iso_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Joliet names are UCS-2 (UTF-16 from some writers), big endian. */
static bool
iso_joliet_name(const uint8_t *p, size_t len, char *out, size_t *outlen)
{
	size_t i, o = 0;
	uint32_t c, lo;

	if (len % 2 != 0)
		return false;
	for (i = 0; i < len; i += 2) {
		c = (uint32_t)p[i] << 8 | p[i + 1];
		if (c >= 0xd800 && c < 0xdc00) {
			if (i + 3 >= len)
				return false;
			lo = (uint32_t)p[i + 2] << 8 | p[i + 3];
			if (lo < 0xdc00 || lo >= 0xe000)
				return false;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		} else if (c >= 0xdc00 && c < 0xe000)
			return false;
		if (c == 0)
			return false;
		o += iso_utf8(out + o, c);
	}
	*outlen = o;
	return true;
}

/* "VMLINUZ.;1" -> "VMLINUZ": the version, then the dot an empty extension leaves. */
static void
iso_plain_name(char *name, size_t *len, bool is_dir)
{
	size_t n = *len, i;

	if (is_dir)
		return;
	for (i = n; i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9'; i--)
		;
	if (i > 0 && name[i - 1] == ';')
		n = i - 1;
	if (n > 1 && name[n - 1] == '.')
		n--;
	name[n] = '\0';
	*len = n;
}

/* A name a URL can reach: not empty, no '/', no NUL, not "." or "..". */
static bool
iso_name_ok(const char *name, size_t len)
{
	if (len == 0 || memchr(name, '/', len) != NULL ||
	    memchr(name, '\0', len) != NULL)
		return false;
	return !(len == 1 && name[0] == '.') &&
	    !(len == 2 && name[0] == '.' && name[1] == '.');
}

/* Marks a directory read; false when it was read before (a loop). */
static bool
iso_seen_add(struct iso_reader *r, uint64_t offset)
{
	uint64_t key = offset + 1, *old;
	size_t i, j, cap, oldcap;

	if ((r->n_seen + 1) * 2 > r->cap_seen) {
		old = r->seen;
		oldcap = r->cap_seen;
		cap = oldcap == 0 ? 64 : oldcap * 2;
		r->seen = xcalloc(cap, sizeof *r->seen);
		r->cap_seen = cap;
		for (i = 0; i < oldcap; i++) {
			if (old[i] == 0)
				continue;
			j = (size_t)(old[i] * 0x9e3779b97f4a7c15u) &
			    (cap - 1);
			while (r->seen[j] != 0)
				j = (j + 1) & (cap - 1);
			r->seen[j] = old[i];
		}
		free(old);
	}
	i = (size_t)(key * 0x9e3779b97f4a7c15u) & (r->cap_seen - 1);
	while (r->seen[i] != 0) {
		if (r->seen[i] == key)
			return false;
		i = (i + 1) & (r->cap_seen - 1);
	}
	r->seen[i] = key;
	r->n_seen++;
	return true;
}

/* Adds parent/name to the path arena; the offset of the new path. */
static int
iso_path_add(struct iso_reader *r, size_t parent_off, size_t parent_len,
    const char *name, size_t name_len, size_t *off)
{
	size_t len = parent_len + (parent_len > 0 ? 1 : 0) + name_len;

	if (len > ISO_PATH_MAX)
		return iso_fail(r, "corrupt: an inner path is longer than %d "
		    "bytes", ISO_PATH_MAX);
	if (r->n_paths + len + 1 > ISO_PATH_BYTES_MAX)
		return iso_fail(r, "too many or too long names (over %u bytes)",
		    ISO_PATH_BYTES_MAX);
	if (r->n_paths + len + 1 > r->cap_paths) {
		r->cap_paths = r->cap_paths == 0 ? 65536 : r->cap_paths * 2;
		while (r->cap_paths < r->n_paths + len + 1)
			r->cap_paths *= 2;
		r->paths = xrealloc(r->paths, r->cap_paths);
	}
	*off = r->n_paths;
	if (parent_len > 0) {
		memmove(r->paths + r->n_paths, r->paths + parent_off,
		    parent_len);
		r->paths[r->n_paths + parent_len] = '/';
		r->n_paths += parent_len + 1;
	}
	memcpy(r->paths + r->n_paths, name, name_len);
	r->n_paths += name_len;
	r->paths[r->n_paths++] = '\0';
	return 0;
}

static int
iso_entry_add(struct iso_reader *r, size_t path_off, bool is_dir,
    struct iso_entry **out)
{
	struct iso_entry *e;

	if (r->n_entries >= ISO_FILES_MAX)
		return iso_fail(r, "too many files (more than %d)",
		    ISO_FILES_MAX);
	if (r->n_entries == r->cap_entries) {
		r->cap_entries = r->cap_entries == 0 ? 256 :
		    r->cap_entries * 2;
		r->entries = xreallocarray(r->entries, r->cap_entries,
		    sizeof *r->entries);
	}
	e = &r->entries[r->n_entries++];
	e->path_off = path_off;
	e->ext_first = r->n_extents;
	e->n_ext = 0;
	e->size = 0;
	e->is_dir = is_dir;
	*out = e;
	return 0;
}

/*
 * Appends an extent to e, the last entry. Its bytes must be in the file:
 * a file that ends past the end is the sign of a truncated download.
 */
static int
iso_extent_add(struct iso_reader *r, struct iso_entry *e, uint64_t offset,
    uint64_t length)
{
	struct iso_extent *last;

	if (length == 0)
		return 0;
	if (offset > r->file_size || length > r->file_size - offset)
		return iso_fail(r, "truncated: %s ends at byte %llu, past the "
		    "end of the file (%llu bytes)", r->paths + e->path_off,
		    (unsigned long long)(offset + length),
		    (unsigned long long)r->file_size);
	e->size += length;
	last = e->n_ext > 0 ? &r->extents[r->n_extents - 1] : NULL;
	if (last != NULL && last->offset + last->length == offset) {
		last->length += length;
		return 0;
	}
	if (e->n_ext >= ISO_FILE_EXTENTS_MAX)
		return iso_fail(r, "corrupt: %s has more than %d extents",
		    r->paths + e->path_off, ISO_FILE_EXTENTS_MAX);
	if (r->n_extents == r->cap_extents) {
		r->cap_extents = r->cap_extents == 0 ? 256 :
		    r->cap_extents * 2;
		r->extents = xreallocarray(r->extents, r->cap_extents,
		    sizeof *r->extents);
	}
	r->extents[r->n_extents].offset = offset;
	r->extents[r->n_extents].length = length;
	r->n_extents++;
	e->n_ext++;
	return 0;
}

static int
iso_todo_push(struct iso_reader *r, uint64_t offset, uint64_t length,
    size_t path_off, size_t path_len, unsigned depth)
{
	struct iso_todo *t;

	if (depth > ISO_DEPTH_MAX)
		return iso_fail(r, "corrupt: directories nested deeper than %d",
		    ISO_DEPTH_MAX);
	if (r->n_todo == r->cap_todo) {
		r->cap_todo = r->cap_todo == 0 ? 64 : r->cap_todo * 2;
		r->todo = xreallocarray(r->todo, r->cap_todo, sizeof *r->todo);
	}
	t = &r->todo[r->n_todo++];
	t->offset = offset;
	t->length = length;
	t->path_off = path_off;
	t->path_len = path_len;
	t->depth = depth;
	return 0;
}

/* A relocated directory's extent, from the "." record it starts with. */
static int
iso_child_dir(struct iso_reader *r, uint32_t lba, uint64_t *offset,
    uint64_t *length)
{
	uint8_t block[ISO_BLOCK];
	struct iso_record rec;

	if (iso_tree_bytes(r, sizeof block) != 0 ||
	    iso_read(r, block, sizeof block, (uint64_t)lba * ISO_BLOCK,
	    "relocated directory") != 0)
		return -1;
	if (!iso_record_parse(block, sizeof block, &rec) ||
	    rec.name_len != 1 || rec.name[0] != 0 ||
	    (rec.flags & ISO_FLAG_DIR) == 0)
		return iso_fail(r, "corrupt: a Rock Ridge child link points "
		    "at no directory");
	*offset = rec.offset;
	*length = rec.length;
	return 0;
}

/* The name of one record by the tree's rules; false: not reachable, skip it. */
static bool
iso_record_name(struct iso_reader *r, const struct iso_record *rec,
    const struct iso_rr *rr, bool is_dir, char *name, size_t *len)
{
	if (r->names == ISO_NAMES_ROCK_RIDGE && rr->name_len > 0 &&
	    !rr->name_bad) {
		memcpy(name, rr->name, rr->name_len + 1);
		*len = rr->name_len;
	} else if (r->names == ISO_NAMES_JOLIET) {
		if (!iso_joliet_name(rec->name, rec->name_len, name, len))
			return false;
		iso_plain_name(name, len, is_dir);
	} else {
		memcpy(name, rec->name, rec->name_len);
		*len = rec->name_len;
		iso_plain_name(name, len, is_dir);
	}
	name[*len] = '\0';
	return iso_name_ok(name, *len);
}

/* A directory's path for messages; computed anew since paths move. */
static const char *
iso_dir_name(const struct iso_reader *r, const struct iso_todo *dir)
{
	return dir->path_len > 0 ? r->paths + dir->path_off : "/";
}

/*
 * Reads one directory: its files become entries, its directories todo
 * items. A multi-extent file is a run of records of the same name, each
 * but the last flagged; the run must end in this directory. A run whose
 * first record is skipped is skipped whole.
 */
static int
iso_read_dir(struct iso_reader *r, const struct iso_todo *dir)
{
	char name[ISO_NAME_MAX * 2 + 1];
	const uint8_t *run_name = NULL;	/* in a run: its raw name, in buf */
	size_t run_name_len = 0;
	struct iso_entry *e = NULL, *run = NULL;	/* NULL: skipped */
	struct iso_record rec;
	struct iso_rr rr;
	uint64_t pos, sub_off, sub_len;
	size_t avail, name_len, path_off = 0, skip;
	uint8_t *buf = NULL;
	bool is_dir;
	int rc = -1;

	if (dir->length > ISO_DIR_BYTES_MAX) {
		iso_fail(r, "corrupt: directory %s is %llu bytes (at most %u)",
		    iso_dir_name(r, dir), (unsigned long long)dir->length,
		    ISO_DIR_BYTES_MAX);
		goto out;
	}
	if (iso_tree_bytes(r, dir->length) != 0)
		goto out;
	/* Before allocating: a directory must be in the file. */
	if (dir->offset > r->file_size ||
	    dir->length > r->file_size - dir->offset) {
		iso_fail(r, "truncated: directory %s lies past the end of "
		    "the file (%llu bytes)", iso_dir_name(r, dir),
		    (unsigned long long)r->file_size);
		goto out;
	}
	if (!iso_seen_add(r, dir->offset)) {
		iso_fail(r, "corrupt: directory %s is a loop",
		    iso_dir_name(r, dir));
		goto out;
	}
	buf = xmalloc(dir->length > 0 ? dir->length : 1);
	if (iso_read(r, buf, dir->length, dir->offset, "directory") != 0)
		goto out;
	for (pos = 0; pos < dir->length; pos += rec.len) {
		avail = ISO_BLOCK - pos % ISO_BLOCK;
		if (buf[pos] == 0) {
			/* Records never cross a sector: the rest is padding. */
			rec.len = avail;
			continue;
		}
		if (avail > dir->length - pos)
			avail = dir->length - pos;
		if (!iso_record_parse(buf + pos, avail, &rec)) {
			iso_fail(r, "corrupt: bad record at byte %llu of "
			    "directory %s", (unsigned long long)pos,
			    iso_dir_name(r, dir));
			goto out;
		}
		/* "." and "..". */
		if (rec.name_len == 1 && rec.name[0] <= 1)
			continue;
		if (run_name != NULL) {
			if ((rec.flags & ISO_FLAG_DIR) != 0 ||
			    rec.name_len != run_name_len ||
			    memcmp(rec.name, run_name, rec.name_len) != 0) {
				iso_fail(r, "corrupt: a multi-extent file in "
				    "directory %s is interrupted",
				    iso_dir_name(r, dir));
				goto out;
			}
			if (run != NULL && iso_extent_add(r, run, rec.offset,
			    rec.length) != 0)
				goto out;
			if ((rec.flags & ISO_FLAG_MULTI) == 0)
				run_name = NULL;
			continue;
		}
		/* A run starts here, whether this file is kept or not. */
		if ((rec.flags & ISO_FLAG_MULTI) != 0) {
			run = NULL;
			run_name = rec.name;
			run_name_len = rec.name_len;
		}
		if ((rec.flags & ISO_FLAG_ASSOCIATED) != 0 || rec.interleaved)
			continue;	/* resource forks; interleaving: unsupported */
		iso_rr_init(&rr);
		if (r->names == ISO_NAMES_ROCK_RIDGE) {
			skip = r->sp_skip < rec.su_len ? r->sp_skip : rec.su_len;
			if (iso_susp(r, rec.su + skip, rec.su_len - skip,
			    &rr) != 0)
				goto out;
			if (rr.relocated || rr.symlink)
				continue;
		}
		is_dir = (rec.flags & ISO_FLAG_DIR) != 0 || rr.child;
		if (!iso_record_name(r, &rec, &rr, is_dir, name, &name_len))
			continue;
		if (iso_path_add(r, dir->path_off, dir->path_len, name,
		    name_len, &path_off) != 0 ||
		    iso_entry_add(r, path_off, is_dir, &e) != 0)
			goto out;
		if (is_dir) {
			if ((rec.flags & ISO_FLAG_MULTI) != 0) {
				iso_fail(r, "corrupt: directory %s has "
				    "several extents", r->paths + path_off);
				goto out;
			}
			sub_off = rec.offset;
			sub_len = rec.length;
			if (rr.child && iso_child_dir(r, rr.child_lba, &sub_off,
			    &sub_len) != 0)
				goto out;
			if (iso_todo_push(r, sub_off, sub_len, path_off,
			    name_len + (dir->path_len > 0 ?
			    dir->path_len + 1 : 0), dir->depth + 1) != 0)
				goto out;
			continue;
		}
		if (iso_extent_add(r, e, rec.offset, rec.length) != 0)
			goto out;
		if (run_name != NULL)
			run = e;	/* entries stay put until the run ends */
	}
	if (run_name != NULL) {
		iso_fail(r, "corrupt: a multi-extent file in directory %s has "
		    "no last extent", iso_dir_name(r, dir));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* What the volume descriptors say. */
struct iso_volume {
	uint8_t		 root[ISO_RECORD_MIN];		/* the primary tree's */
	uint8_t		 joliet_root[ISO_RECORD_MIN];
	bool		 joliet;
	bool		 el_torito;
	uint32_t	 catalog_lba;
	char		 volume_id[33];
};

/* Printable ASCII, trailing blanks trimmed: it ends up in logs and lists. */
static void
iso_volume_id(char *dst, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : ' ';
	while (i > 0 && dst[i - 1] == ' ')
		i--;
	dst[i] = '\0';
}

static int
iso_primary(struct iso_reader *r, const uint8_t *vd, struct iso_volume *v)
{
	uint64_t space;
	unsigned block = iso_le16(vd + 128);

	if (block != ISO_BLOCK)
		return iso_fail(r, "unsupported logical block size %u (only "
		    "%d)", block, ISO_BLOCK);
	space = (uint64_t)iso_le32(vd + 80) * ISO_BLOCK;
	if (space > r->file_size)
		return iso_fail(r, "truncated: the volume is %llu bytes, the "
		    "file %llu", (unsigned long long)space,
		    (unsigned long long)r->file_size);
	memcpy(v->root, vd + 156, sizeof v->root);
	iso_volume_id(v->volume_id, vd + 40, 32);
	return 0;
}

/* Joliet is a supplementary descriptor with a UCS-2 escape sequence. */
static bool
iso_is_joliet(const uint8_t *vd)
{
	return vd[88] == '%' && vd[89] == '/' &&
	    (vd[90] == '@' || vd[90] == 'C' || vd[90] == 'E') &&
	    iso_le16(vd + 128) == ISO_BLOCK;
}

static int
iso_read_volume(struct iso_reader *r, struct iso_volume *v)
{
	uint8_t vd[ISO_BLOCK];
	bool primary = false;
	unsigned i;

	memset(v, 0, sizeof *v);
	if (r->file_size < (uint64_t)(ISO_VD_FIRST + 1) * ISO_BLOCK)
		return iso_fail(r, "not an ISO 9660 image (%llu bytes is too "
		    "short for one)", (unsigned long long)r->file_size);
	for (i = 0; i < ISO_VD_MAX; i++) {
		if (iso_read(r, vd, sizeof vd,
		    (uint64_t)(ISO_VD_FIRST + i) * ISO_BLOCK,
		    "volume descriptor") != 0)
			return -1;
		if (memcmp(vd + 1, "CD001", 5) != 0 && i == 0)
			return iso_fail(r, "not an ISO 9660 image (no volume "
			    "descriptor at byte 32768)");
		if (memcmp(vd + 1, "CD001", 5) != 0)
			return iso_fail(r, "corrupt: volume descriptor %u is "
			    "not one and no terminator came before", i + 1);
		if (vd[0] == 255)
			break;
		if (vd[0] == 1 && !primary) {
			if (iso_primary(r, vd, v) != 0)
				return -1;
			primary = true;
		} else if (vd[0] == 2 && !v->joliet && iso_is_joliet(vd)) {
			memcpy(v->joliet_root, vd + 156, sizeof v->joliet_root);
			v->joliet = true;
		} else if (vd[0] == 0 && !v->el_torito &&
		    memcmp(vd + 7, "EL TORITO SPECIFICATION", 23) == 0) {
			v->el_torito = true;
			v->catalog_lba = iso_le32(vd + 71);
		}
	}
	if (i == ISO_VD_MAX)
		return iso_fail(r, "corrupt: no volume descriptor terminator "
		    "in %d descriptors", ISO_VD_MAX);
	if (!primary)
		return iso_fail(r, "corrupt: no primary volume descriptor");
	return 0;
}

/* The root record of a descriptor, decoded and checked. */
static int
iso_root(struct iso_reader *r, const uint8_t *raw, struct iso_record *rec)
{
	if (!iso_record_parse(raw, ISO_RECORD_MIN, rec) ||
	    (rec->flags & ISO_FLAG_DIR) == 0)
		return iso_fail(r, "corrupt: the root directory record is "
		    "not one");
	return 0;
}

/*
 * Rock Ridge is in use when the root's "." record starts its System Use
 * area with SP and carries Rock Ridge entries (PX, NM, ER or RR).
 */
static int
iso_rock_ridge(struct iso_reader *r, const struct iso_record *root,
    bool *rr_used)
{
	uint8_t block[ISO_BLOCK];
	struct iso_record dot;
	struct iso_rr rr;

	*rr_used = false;
	if (root->length == 0)
		return 0;
	if (iso_read(r, block, sizeof block, root->offset,
	    "root directory") != 0)
		return -1;
	if (!iso_record_parse(block, sizeof block, &dot) ||
	    dot.name_len != 1 || dot.name[0] != 0)
		return iso_fail(r, "corrupt: the root directory does not "
		    "start with its \".\" record");
	iso_rr_init(&rr);
	if (iso_susp(r, dot.su, dot.su_len, &rr) != 0)
		return -1;
	if (rr.sp && rr.rock_ridge) {
		*rr_used = true;
		r->sp_skip = rr.sp_skip;
	}
	return 0;
}

static const struct iso_platform {
	uint8_t		 id;
	unsigned	 flag;
} iso_platforms[] = {
	{ 0x00, ISO_BOOT_BIOS },
	{ 0xef, ISO_BOOT_EFI },
};

/* A boot entry (initial or section entry) that is bootable on platform. */
static void
iso_boot_entry(const uint8_t *entry, uint8_t platform, unsigned *boot)
{
	size_t i;

	if (entry[0] != 0x88)
		return;
	for (i = 0; i < sizeof iso_platforms / sizeof iso_platforms[0]; i++)
		if (iso_platforms[i].id == platform)
			*boot |= iso_platforms[i].flag;
}

/*
 * The platforms of the bootable entries of the El Torito catalog: the
 * validation entry's for the default entry, each section header's for
 * its entries. An unusable catalog boots nothing; that is no error.
 */
static int
iso_boot_catalog(struct iso_reader *r, uint32_t lba, unsigned *boot)
{
	uint8_t b[ISO_BLOCK], header, platform;
	uint64_t off = (uint64_t)lba * ISO_BLOCK;
	unsigned sum = 0, n, k;
	size_t i;

	*boot = 0;
	if (off > r->file_size || r->file_size - off < ISO_BLOCK)
		return 0;
	if (iso_read(r, b, sizeof b, off, "boot catalog") != 0)
		return -1;
	for (i = 0; i < 32; i += 2)
		sum += iso_le16(b + i);
	if (b[0] != 1 || b[30] != 0x55 || b[31] != 0xaa || (sum & 0xffff) != 0)
		return 0;
	iso_boot_entry(b + 32, b[1], boot);
	for (i = 64; i + 32 <= sizeof b;) {
		header = b[i];
		if (header != 0x90 && header != 0x91)
			break;
		platform = b[i + 1];
		n = iso_le16(b + i + 2);
		i += 32;
		for (k = 0; k < n && i + 32 <= sizeof b; k++, i += 32)
			iso_boot_entry(b + i, platform, boot);
		if (header == 0x91)
			break;
	}
	return 0;
}

/* Ties (two records of one name) keep the first met: its path came first. */
static int
iso_cmp_path(const void *a, const void *b)
{
	const struct iso_file *fa = a, *fb = b;
	int c = strcmp(fa->path, fb->path);

	if (c != 0)
		return c;
	return fa->path < fb->path ? -1 : fa->path > fb->path;
}

static int
iso_cmp_folded(const void *a, const void *b)
{
	const struct iso_file *fa = *(const struct iso_file *const *)a;
	const struct iso_file *fb = *(const struct iso_file *const *)b;
	int c = strcasecmp(fa->path, fb->path);

	if (c != 0)
		return c;
	return fa < fb ? -1 : fa > fb;
}

/* The reader's arrays become the image: sorted, duplicates dropped, indexed. */
static struct iso_image *
iso_image_build(struct iso_reader *r, const struct iso_volume *v,
    unsigned boot)
{
	struct iso_image *img = xcalloc(1, sizeof *img);
	const struct iso_entry *e;
	struct iso_file *f;
	size_t i, n = 0;

	img->paths = r->paths;
	img->extents = r->extents;
	r->paths = NULL;
	r->extents = NULL;
	img->files = xreallocarray(NULL, r->n_entries + 1, sizeof *img->files);
	for (i = 0; i < r->n_entries; i++) {
		e = &r->entries[i];
		f = &img->files[i];
		f->path = img->paths + e->path_off;
		f->size = e->size;
		f->n_extents = e->n_ext;
		f->extents = e->n_ext > 0 ? img->extents + e->ext_first : NULL;
		f->is_dir = e->is_dir;
	}
	qsort(img->files, r->n_entries, sizeof *img->files, iso_cmp_path);
	for (i = 0; i < r->n_entries; i++)
		if (n == 0 || strcmp(img->files[n - 1].path,
		    img->files[i].path) != 0)
			img->files[n++] = img->files[i];
	img->n_files = n;
	img->folded = xreallocarray(NULL, n + 1, sizeof *img->folded);
	for (i = 0; i < n; i++)
		img->folded[i] = &img->files[i];
	qsort(img->folded, n, sizeof *img->folded, iso_cmp_folded);
	memcpy(img->volume_id, v->volume_id, sizeof img->volume_id);
	img->names = r->names;
	img->boot = boot;
	return img;
}

static void
iso_reader_free(struct iso_reader *r)
{
	free(r->entries);
	free(r->extents);
	free(r->paths);
	free(r->todo);
	free(r->seen);
}

int
iso_image_read(int fd, struct iso_image **out, char *err, size_t errlen)
{
	struct iso_reader r = { .fd = fd };
	struct iso_volume v;
	struct iso_record root;
	struct iso_todo dir;
	struct stat st;
	unsigned boot = 0;
	bool rr_used;
	int rc = -1;

	*out = NULL;
	if (fstat(fd, &st) != 0) {
		r.errnum = errno;
		iso_fail(&r, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		iso_fail(&r, "not a regular file");
		goto out;
	}
	r.file_size = (uint64_t)st.st_size;
	if (iso_read_volume(&r, &v) != 0 || iso_root(&r, v.root, &root) != 0 ||
	    iso_rock_ridge(&r, &root, &rr_used) != 0)
		goto out;
	if (rr_used)
		r.names = ISO_NAMES_ROCK_RIDGE;
	else if (v.joliet) {
		r.names = ISO_NAMES_JOLIET;
		if (iso_root(&r, v.joliet_root, &root) != 0)
			goto out;
	} else
		r.names = ISO_NAMES_ISO9660;
	if (iso_todo_push(&r, root.offset, root.length, 0, 0, 0) != 0)
		goto out;
	while (r.n_todo > 0) {
		dir = r.todo[--r.n_todo];
		if (iso_read_dir(&r, &dir) != 0)
			goto out;
	}
	if (v.el_torito && iso_boot_catalog(&r, v.catalog_lba, &boot) != 0)
		goto out;
	*out = iso_image_build(&r, &v, boot);
	rc = 0;
out:
	if (rc != 0 && errlen > 0)
		snprintf(err, errlen, "%s", r.why);
	iso_reader_free(&r);
	if (rc != 0)
		errno = r.errnum;
	return rc;
}

void
iso_image_free(struct iso_image *img)
{
	if (img == NULL)
		return;
	free(img->files);
	free(img->folded);
	free(img->extents);
	free(img->paths);
	free(img);
}

const struct iso_file *
iso_image_find(const struct iso_image *img, const char *path)
{
	size_t lo = 0, hi = img->n_files, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(img->files[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < img->n_files && strcmp(img->files[lo].path, path) == 0)
		return &img->files[lo];
	/* The first of the names equal but for case, in path order. */
	lo = 0;
	hi = img->n_files;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcasecmp(img->folded[mid]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < img->n_files && strcasecmp(img->folded[lo]->path, path) == 0)
		return img->folded[lo];
	return NULL;
}

size_t
iso_image_count(const struct iso_image *img)
{
	return img->n_files;
}

const struct iso_file *
iso_image_file(const struct iso_image *img, size_t i)
{
	return i < img->n_files ? &img->files[i] : NULL;
}

const char *
iso_image_volume_id(const struct iso_image *img)
{
	return img->volume_id;
}

enum iso_names
iso_image_names(const struct iso_image *img)
{
	return img->names;
}

unsigned
iso_image_boot(const struct iso_image *img)
{
	return img->boot;
}

bool
iso_file_span(const struct iso_file *f, uint64_t off, uint64_t len,
    uint64_t *iso_off)
{
	uint64_t base = 0;
	size_t i;

	for (i = 0; i < f->n_extents; i++) {
		if (off - base < f->extents[i].length) {
			if (len > f->extents[i].length - (off - base))
				return false;
			*iso_off = f->extents[i].offset + (off - base);
			return true;
		}
		base += f->extents[i].length;
	}
	return false;
}

ssize_t
iso_file_pread(int fd, const struct iso_file *f, void *buf, size_t len,
    uint64_t off)
{
	const struct iso_extent *x;
	uint64_t base = 0, in;
	size_t done = 0, want, i;
	ssize_t n;

	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	for (i = 0; i < f->n_extents && done < len; i++) {
		x = &f->extents[i];
		if (off + done >= base + x->length) {
			base += x->length;
			continue;
		}
		in = off + done - base;
		while (done < len && in < x->length) {
			want = len - done;
			if (want > x->length - in)
				want = (size_t)(x->length - in);
			n = pread(fd, (char *)buf + done, want,
			    (off_t)(x->offset + in));
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -1;
			if (n == 0)
				return (ssize_t)done;	/* the ISO shrank */
			done += (size_t)n;
			in += (uint64_t)n;
		}
		base += x->length;
	}
	return (ssize_t)done;
}

int
iso_image_slurp(const struct iso_image *img, int fd, const char *path,
    size_t max, char **buf, size_t *len)
{
	const struct iso_file *f = iso_image_find(img, path);
	ssize_t n;
	char *b;

	*buf = NULL;
	*len = 0;
	if (f == NULL) {
		errno = ENOENT;
		return -1;
	}
	if (f->is_dir) {
		errno = EISDIR;
		return -1;
	}
	if (f->size > max) {
		errno = EFBIG;
		return -1;
	}
	b = xmalloc((size_t)f->size + 1);
	n = iso_file_pread(fd, f, b, (size_t)f->size, 0);
	if (n < 0 || (uint64_t)n != f->size) {
		if (n >= 0)
			errno = EIO;
		free(b);
		return -1;
	}
	b[n] = '\0';
	*buf = b;
	*len = (size_t)n;
	return 0;
}
