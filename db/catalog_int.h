/* catalog_int.h: what the db/ modules share: the handle, errors, transactions and SQL helpers. */
#ifndef BOOTDECK_CATALOG_INT_H
#define BOOTDECK_CATALOG_INT_H

#include <sqlite3.h>

#include "db/catalog.h"

/* "bdck": marks a file as a bootdeck catalog in its SQLite header. */
#define CATALOG_APPLICATION_ID 0x6264636b
#define CATALOG_BUSY_TIMEOUT_MS 5000

/* Statements prepared once per connection: see catalog_prepare_kept. */
#define CATALOG_KEPT_MAX 24

struct catalog_kept {
	const char	*sql;		/* the literal it was prepared from */
	sqlite3_stmt	*st;
	bool		 busy;		/* handed out, not yet released */
};

struct catalog {
	sqlite3	*db;
	char	*path;
	char	 err[512];
	/* Open catalog_begin()s: the inner ones of a batch (db/import.c) join
	   the outer transaction instead of starting their own. */
	int	 tx_depth;
	struct catalog_kept kept[CATALOG_KEPT_MAX];
	size_t	 n_kept;
	/* Opened read-only when neither -wal nor -shm existed: whatever of
	   them is there at close, this connection made (catalog_close). */
	bool	 made_side_files;
};

/* Sets the error text and returns status, so failures read `return catalog_fail(...)`. */
int catalog_fail(struct catalog *cat, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Maps an SQLite result code to a status, with SQLite's message as the reason. */
int catalog_sqlite_fail(struct catalog *cat, int rc);

int catalog_prepare(struct catalog *cat, sqlite3_stmt **st, const char *sql);
/*
 * For the statements of every request (the boot view) and of every batch
 * of boot events: prepared once per connection and kept, since parsing
 * them cost more than running them.
 * sql must be a string literal: it is told apart by its address. Hand the
 * statement back with catalog_release, never sqlite3_finalize.
 */
int catalog_prepare_kept(struct catalog *cat, sqlite3_stmt **st,
    const char *sql);
/* Resets a kept statement for its next use; finalizes any other. */
void catalog_release(struct catalog *cat, sqlite3_stmt *st);
int catalog_exec(struct catalog *cat, const char *sql);
/* Steps a statement that returns no row (INSERT, UPDATE, DELETE). */
int catalog_step_done(struct catalog *cat, sqlite3_stmt *st);

/* BEGIN IMMEDIATE for writers (so they queue on busy_timeout), BEGIN for readers. */
int catalog_begin(struct catalog *cat, bool write);
/* Commits when status is CATALOG_OK, rolls back otherwise; returns the final status. */
int catalog_end(struct catalog *cat, int status);

/* NULL binds as SQL NULL. */
void catalog_bind_text(sqlite3_stmt *st, int col, const char *s);
/* A copy of a text column, NULL for SQL NULL. */
char *catalog_column_dup(sqlite3_stmt *st, int col);
/* Copies a text column into a fixed buffer ("" for NULL), cutting it to fit. */
void catalog_column_copy(sqlite3_stmt *st, int col, char *buf, size_t len);

/*
 * Shared text check (entry.c): NULL when s is valid UTF-8 without control
 * characters (tab and newlines allowed when multiline), else the problem
 * ("contains a control character").
 */
const char *catalog_text_problem(const char *s, bool multiline);

/* Schema (schema.c): runs pending migrations; the caller holds the write transaction. */
int catalog_schema_migrate(struct catalog *cat, int from);

/* Entry rows (entry.c), for the host, menu and boot view readers. */
int catalog_entry_id(struct catalog *cat, const char *name, int64_t *id);
int catalog_entry_read(struct catalog *cat, sqlite3_stmt *st, struct entry *e);
/* All entries, or the enabled ones, in menu order. */
int catalog_entry_select(struct catalog *cat, bool enabled_only,
    struct entry **v, size_t *n);
#define CATALOG_ENTRY_COLUMNS \
	"id, rev, name, title, kind, hotkey, platform, position, enabled, " \
	"target, target_efi, args, script, boot, submenu"

/* Boot events (record.c), for reading them back. */
int record_kind_parse(const char *s, enum record_kind *kind);

/* Hosts (host.c), for the boot view. */
int catalog_host_read(struct catalog *cat, const char *mac, struct host *h);
/* Menu (menu.c), for the boot view. */
int catalog_menu_read(struct catalog *cat, struct menu_settings *m);

#endif
