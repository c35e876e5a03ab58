/* catalog.c: opening and closing the catalog, connection settings, errors and transactions. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "db/catalog_int.h"

static const char *const catalog_status_names[] = {
	[CATALOG_OK] = "ok",
	[CATALOG_NOTFOUND] = "not found",
	[CATALOG_EXISTS] = "exists",
	[CATALOG_INVALID] = "invalid",
	[CATALOG_INUSE] = "in use",
	[CATALOG_CONFLICT] = "conflict",
	[CATALOG_BUSY] = "busy",
	[CATALOG_READONLY] = "read-only",
	[CATALOG_CORRUPT] = "corrupt",
	[CATALOG_TOONEW] = "too new",
	[CATALOG_ERROR] = "error",
};

const char *
catalog_status_name(int status)
{
	if (status < 0 || (size_t)status >= sizeof catalog_status_names /
	    sizeof catalog_status_names[0])
		return "unknown";
	return catalog_status_names[status];
}

int
catalog_fail(struct catalog *cat, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cat->err, sizeof cat->err, fmt, ap);
	va_end(ap);
	return status;
}

int
catalog_sqlite_fail(struct catalog *cat, int rc)
{
	const char *msg = cat->db != NULL ? sqlite3_errmsg(cat->db) :
	    sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return catalog_fail(cat, CATALOG_BUSY,
		    "database is locked by another process");
	case SQLITE_READONLY:
		return catalog_fail(cat, CATALOG_READONLY,
		    "catalog is read-only (%s)", msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return catalog_fail(cat, CATALOG_CORRUPT,
		    "catalog is damaged (%s)", msg);
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return catalog_fail(cat, CATALOG_EXISTS, "%s", msg);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return catalog_fail(cat, CATALOG_INUSE, "%s", msg);
		return catalog_fail(cat, CATALOG_INVALID, "%s", msg);
	default:
		return catalog_fail(cat, CATALOG_ERROR, "%s", msg);
	}
}

int
catalog_prepare(struct catalog *cat, sqlite3_stmt **st, const char *sql)
{
	int rc;

	rc = sqlite3_prepare_v2(cat->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return catalog_sqlite_fail(cat, rc);
	}
	return CATALOG_OK;
}

int
catalog_prepare_kept(struct catalog *cat, sqlite3_stmt **st, const char *sql)
{
	struct catalog_kept *k;
	int rc;

	for (size_t i = 0; i < cat->n_kept; i++) {
		k = &cat->kept[i];
		if (k->sql == sql && !k->busy) {
			k->busy = true;
			*st = k->st;
			return CATALOG_OK;
		}
	}
	rc = sqlite3_prepare_v3(cat->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return catalog_sqlite_fail(cat, rc);
	}
	/* Full, or the same statement is in use further up: one-off. */
	if (cat->n_kept < CATALOG_KEPT_MAX) {
		k = &cat->kept[cat->n_kept++];
		k->sql = sql;
		k->st = *st;
		k->busy = true;
	}
	return CATALOG_OK;
}

void
catalog_release(struct catalog *cat, sqlite3_stmt *st)
{
	for (size_t i = 0; i < cat->n_kept; i++) {
		if (cat->kept[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			cat->kept[i].busy = false;
			return;
		}
	}
	sqlite3_finalize(st);
}

int
catalog_exec(struct catalog *cat, const char *sql)
{
	int rc;

	rc = sqlite3_exec(cat->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return catalog_sqlite_fail(cat, rc);
	return CATALOG_OK;
}

int
catalog_step_done(struct catalog *cat, sqlite3_stmt *st)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return catalog_sqlite_fail(cat, rc);
	return CATALOG_OK;
}

/* BEGIN and COMMIT run around every request's reads: parsed once. */
static int
catalog_exec_kept(struct catalog *cat, const char *sql)
{
	sqlite3_stmt *st;
	int status;

	status = catalog_prepare_kept(cat, &st, sql);
	if (status == CATALOG_OK) {
		status = catalog_step_done(cat, st);
		catalog_release(cat, st);
	}
	return status;
}

int
catalog_begin(struct catalog *cat, bool write)
{
	int status;

	if (cat->tx_depth > 0) {
		cat->tx_depth++;
		return CATALOG_OK;
	}
	status = catalog_exec_kept(cat, write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (status == CATALOG_OK)
		cat->tx_depth = 1;
	return status;
}

int
catalog_end(struct catalog *cat, int status)
{
	/* Inside a batch the outermost end commits or rolls back it all. */
	if (cat->tx_depth > 1) {
		cat->tx_depth--;
		return status;
	}
	cat->tx_depth = 0;
	if (status == CATALOG_OK)
		status = catalog_exec_kept(cat, "COMMIT");
	/* A failed COMMIT may leave the transaction open; keep the first reason. */
	if (!sqlite3_get_autocommit(cat->db))
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

void
catalog_bind_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
}

char *
catalog_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

void
catalog_column_copy(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(buf, len, "%s", s == NULL ? "" : (const char *)s);
}

const char *
catalog_error(const struct catalog *cat)
{
	return cat == NULL ? "no catalog" : cat->err;
}

/* Reads the header fields that say whose file this is, without writing. */
static int
catalog_identify(struct catalog *cat, int *appid, int *version, int *objects)
{
	sqlite3_stmt *st = NULL;
	int status = CATALOG_OK, rc;

	rc = sqlite3_prepare_v2(cat->db,
	    "SELECT (SELECT application_id FROM pragma_application_id),"
	    " (SELECT user_version FROM pragma_user_version),"
	    " (SELECT count(*) FROM sqlite_schema)", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*appid = sqlite3_column_int(st, 0);
		*version = sqlite3_column_int(st, 1);
		*objects = sqlite3_column_int(st, 2);
	} else if ((rc & 0xff) == SQLITE_NOTADB)
		/* A text file given by mistake: say what it is. */
		status = catalog_fail(cat, CATALOG_CORRUPT,
		    "not a bootdeck catalog (not an SQLite database)");
	else
		status = catalog_sqlite_fail(cat, rc);
	sqlite3_finalize(st);
	return status;
}

/*
 * Decides from the header whether we may touch the file at all: ours at a
 * version we know, or an empty database we are asked to create.
 */
static int
catalog_check_identity(struct catalog *cat, unsigned flags, int *version)
{
	int status, appid = 0, objects = 0;

	status = catalog_identify(cat, &appid, version, &objects);
	if (status != CATALOG_OK)
		return status;
	if (appid == 0 && *version == 0 && objects == 0) {
		if (!(flags & CATALOG_OPEN_CREATE))
			return catalog_fail(cat, CATALOG_CORRUPT,
			    "empty file, not a bootdeck catalog "
			    "(run 'bootdeck init')");
		return CATALOG_OK;
	}
	if (appid != CATALOG_APPLICATION_ID)
		return catalog_fail(cat, CATALOG_CORRUPT,
		    "not a bootdeck catalog (an SQLite database of "
		    "another application)");
	if (*version > catalog_schema_latest())
		return catalog_fail(cat, CATALOG_TOONEW,
		    "catalog schema version %d is newer than this bootdeck "
		    "knows (%d): upgrade bootdeck", *version,
		    catalog_schema_latest());
	return CATALOG_OK;
}

/* Runs a statement that yields one text value (a PRAGMA) into buf. */
static int
catalog_pragma_text(struct catalog *cat, const char *sql, char *buf,
    size_t len)
{
	sqlite3_stmt *st = NULL;
	const char *text;
	int status, rc;

	buf[0] = '\0';
	status = catalog_prepare(cat, &st, sql);
	if (status != CATALOG_OK)
		goto out;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		status = catalog_sqlite_fail(cat, rc);
		goto out;
	}
	text = (const char *)sqlite3_column_text(st, 0);
	snprintf(buf, len, "%s", text != NULL ? text : "");
out:
	sqlite3_finalize(st);
	return status;
}

static int
catalog_set_wal(struct catalog *cat)
{
	char mode[16];
	int status;

	status = catalog_pragma_text(cat, "PRAGMA journal_mode = WAL", mode,
	    sizeof mode);
	if (status == CATALOG_OK && strcmp(mode, "wal") != 0)
		status = catalog_fail(cat, CATALOG_READONLY,
		    "cannot switch to WAL mode (is the directory writable?)");
	return status;
}

/* Runs pending migrations; re-reads the version under the write lock in
 * case another process migrated first. */
static int
catalog_migrate(struct catalog *cat, unsigned flags)
{
	int status, version;

	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = catalog_check_identity(cat, flags, &version);
	if (status == CATALOG_OK && version < catalog_schema_latest())
		status = catalog_schema_migrate(cat, version);
	return catalog_end(cat, status);
}

static bool
catalog_dir_writable(const char *path)
{
	char *copy = xstrdup(path);
	bool ok = access(dirname(copy), W_OK) == 0;

	free(copy);
	return ok;
}

/*
 * WAL puts PATH-wal and PATH-shm next to the catalog, so a catalog in an
 * unwritable directory fails even for reading: say so rather than
 * "unable to open database file".
 */
static int
catalog_dir_fail(struct catalog *cat, int status)
{
	if ((status == CATALOG_READONLY || status == CATALOG_ERROR) &&
	    !catalog_dir_writable(cat->path))
		return catalog_fail(cat, CATALOG_READONLY, "the directory is "
		    "not writable (SQLite needs to create files next to the "
		    "catalog)");
	return status;
}

/* Catalogs open in this process: see catalog_drop_side_files. */
static int catalog_open_count;

static bool
catalog_side_exists(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	struct stat sb;
	bool exists = lstat(p, &sb) == 0 || errno != ENOENT;

	free(p);
	return exists;
}

/*
 * Removes the -wal and -shm a read-only connection of ours made, once it
 * is closed: they must be ours, the -wal empty (a reader writes nothing
 * to it, so nothing is lost) and the -shm mapped by nobody. Every SQLite
 * connection holds a read lock on the -shm's DMS byte (offset 128 in the
 * unix VFS) while it has the file mapped, so a write lock on it succeeds
 * only when none does, and newcomers see busy until the files are gone.
 * POSIX locks are per process: with another catalog open here, ours
 * would not see its lock, so then the files stay.
 */
static void
catalog_drop_side_files(const char *path)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
	    .l_start = 128, .l_len = 1 };
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	struct stat ws, ss;
	int fd;

	fd = open(shm, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &ss) != 0 || ss.st_uid != geteuid())
		goto out;
	if (lstat(wal, &ws) == 0 && (!S_ISREG(ws.st_mode) ||
	    ws.st_uid != geteuid() || ws.st_size != 0))
		goto out;
	if (fcntl(fd, F_SETLK, &fl) != 0)
		goto out;
	unlink(wal);
	unlink(shm);
out:
	if (fd >= 0)
		close(fd);
	free(wal);
	free(shm);
}

/* "alice (uid 1001, group staff)": who owns a file, or who we are. */
static void
catalog_describe_user(char *buf, size_t len, uid_t uid, gid_t gid)
{
	struct passwd *pw = getpwuid(uid);
	struct group *gr = getgrgid(gid);
	char gbuf[16];

	snprintf(gbuf, sizeof gbuf, "%u", (unsigned)gid);
	snprintf(buf, len, "%s%s(uid %u, group %s)",
	    pw != NULL ? pw->pw_name : "", pw != NULL ? " " : "",
	    (unsigned)uid, gr != NULL ? gr->gr_name : gbuf);
}

int
catalog_check_writable(const char *path, char *err, size_t errlen)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char *copy = xstrdup(path), *p = NULL, owner[160], self[160];
	const char *dir = dirname(copy);
	struct stat sb;
	size_t i;
	int status = CATALOG_OK;

	/* The directory first: SQLite makes the -wal and -shm there. */
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0 &&
	    errno != ENOENT) {
		p = xstrdup(dir);
		goto fail;
	}
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		free(p);
		p = xasprintf("%s%s", path, suffixes[i]);
		if (lstat(p, &sb) != 0)
			continue;
		if (faccessat(AT_FDCWD, p, R_OK | W_OK, AT_EACCESS) != 0)
			goto fail;
	}
	goto out;
fail:
	status = CATALOG_READONLY;
	if (stat(p, &sb) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", p,
		    strerror(errno));
		goto out;
	}
	catalog_describe_user(owner, sizeof owner, sb.st_uid, sb.st_gid);
	catalog_describe_user(self, sizeof self, geteuid(), getegid());
	snprintf(err, errlen, "cannot write %s: owned by %s, mode %04o, "
	    "and we run as %s (left by another user? chown it to ours)", p,
	    owner, (unsigned)(sb.st_mode & 07777), self);
out:
	free(p);
	free(copy);
	return status;
}

static int
catalog_open_db(struct catalog *cat, unsigned flags)
{
	bool readonly = flags & CATALOG_OPEN_READONLY;
	struct stat sb;
	int oflags, rc, status, version, persist = 0;

	if (stat(cat->path, &sb) != 0) {
		if (errno != ENOENT)
			return catalog_fail(cat, CATALOG_ERROR, "%s",
			    strerror(errno));
		if (readonly || !(flags & CATALOG_OPEN_CREATE))
			return catalog_fail(cat, CATALOG_NOTFOUND,
			    "no such catalog (run 'bootdeck init')");
	} else if (S_ISDIR(sb.st_mode))
		return catalog_fail(cat, CATALOG_CORRUPT,
		    "is a directory, not a bootdeck catalog");

	if (readonly)
		oflags = SQLITE_OPEN_READONLY;
	else {
		oflags = SQLITE_OPEN_READWRITE;
		if (flags & CATALOG_OPEN_CREATE)
			oflags |= SQLITE_OPEN_CREATE;
	}
	cat->made_side_files = readonly &&
	    !catalog_side_exists(cat->path, "-wal") &&
	    !catalog_side_exists(cat->path, "-shm");
	rc = sqlite3_open_v2(cat->path, &cat->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		int err = sqlite3_system_errno(cat->db);

		return catalog_dir_fail(cat, catalog_fail(cat, err == EACCES ||
		    err == EROFS ? CATALOG_READONLY : CATALOG_ERROR,
		    "cannot open: %s", err != 0 ? strerror(err) :
		    sqlite3_errstr(rc)));
	}
	sqlite3_extended_result_codes(cat->db, 1);
	sqlite3_busy_timeout(cat->db, CATALOG_BUSY_TIMEOUT_MS);
	/* The last connection to close removes -wal and -shm (the default,
	   said here because files left behind lock other users out). */
	sqlite3_file_control(cat->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &persist);

	/* SQLite quietly opens an unwritable file read-only. */
	if (!readonly && sqlite3_db_readonly(cat->db, "main") == 1)
		return catalog_fail(cat, CATALOG_READONLY,
		    "catalog is read-only (no write permission)");

	/* Nothing below may write before we know the file is ours. */
	status = catalog_check_identity(cat, flags, &version);
	if (status != CATALOG_OK)
		return catalog_dir_fail(cat, status);

	if (readonly) {
		if (version < catalog_schema_latest())
			return catalog_fail(cat, CATALOG_READONLY,
			    "catalog schema version %d needs migrating to %d, "
			    "which needs write access", version,
			    catalog_schema_latest());
	} else {
		status = catalog_set_wal(cat);
		if (status != CATALOG_OK)
			return status;
	}
	status = catalog_exec(cat,
	    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
	if (status != CATALOG_OK)
		return status;
	if (!readonly && version < catalog_schema_latest())
		status = catalog_migrate(cat, flags);
	if (status == CATALOG_OK && (flags & CATALOG_OPEN_QUERY_ONLY))
		status = catalog_exec(cat, "PRAGMA query_only = ON");
	return status;
}

int
catalog_open(const char *path, unsigned flags, struct catalog **catp,
    char *err, size_t errlen)
{
	struct catalog *cat;
	int status;

	*catp = NULL;
	cat = xcalloc(1, sizeof *cat);
	cat->path = xstrdup(path);
	__atomic_add_fetch(&catalog_open_count, 1, __ATOMIC_SEQ_CST);
	status = catalog_open_db(cat, flags);
	if (status != CATALOG_OK) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: %s", path, cat->err);
		catalog_close(cat);
		return status;
	}
	*catp = cat;
	return CATALOG_OK;
}

void
catalog_close(struct catalog *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n_kept; i++)
		sqlite3_finalize(cat->kept[i].st);
	sqlite3_close_v2(cat->db);
	if (__atomic_sub_fetch(&catalog_open_count, 1, __ATOMIC_SEQ_CST) ==
	    0 && cat->made_side_files)
		catalog_drop_side_files(cat->path);
	free(cat->path);
	free(cat);
}

void
catalog_set_busy_timeout(struct catalog *cat, int ms)
{
	sqlite3_busy_timeout(cat->db, ms);
}

static int
catalog_pragma_int(struct catalog *cat, const char *sql, int64_t *value)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	status = catalog_prepare(cat, &st, sql);
	if (status != CATALOG_OK)
		goto out;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		status = catalog_sqlite_fail(cat, rc);
		goto out;
	}
	*value = sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	return status;
}

int
catalog_schema_version(struct catalog *cat)
{
	int64_t v = -1;

	if (catalog_pragma_int(cat, "PRAGMA user_version", &v) != CATALOG_OK)
		return -1;
	return (int)v;
}

int
catalog_data_version(struct catalog *cat, int64_t *version)
{
	return catalog_pragma_int(cat, "PRAGMA data_version", version);
}

int
catalog_host_stamp(struct catalog *cat, int64_t *stamp)
{
	return catalog_pragma_int(cat, "SELECT n FROM stamps WHERE name = 'hosts'",
	    stamp);
}

int
catalog_check(struct catalog *cat)
{
	char res[256];
	int status;

	status = catalog_pragma_text(cat, "PRAGMA quick_check(1)", res,
	    sizeof res);
	if (status == CATALOG_OK && strcmp(res, "ok") != 0)
		status = catalog_fail(cat, CATALOG_CORRUPT,
		    "catalog is damaged (%.200s)", res);
	return status;
}
