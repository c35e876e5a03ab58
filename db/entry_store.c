/* entry_store.c: boot entries in the catalog: list, get, add, update, remove and menu order. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "db/catalog_int.h"

/* Hosts named in an INUSE message before "and N more". */
#define ENTRY_USERS_SHOWN 5

static int
entry_read_initrds(struct catalog *cat, struct entry *e)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	status = catalog_prepare_kept(cat, &st, "SELECT path FROM entry_initrds"
	    " WHERE entry_id = ? ORDER BY seq");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int64(st, 1, e->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e->initrds = xreallocarray(e->initrds, e->n_initrds + 1,
		    sizeof *e->initrds);
		e->initrds[e->n_initrds++] = catalog_column_dup(st, 0);
	}
	if (rc != SQLITE_DONE)
		status = catalog_sqlite_fail(cat, rc);
	catalog_release(cat, st);
	return status;
}

int
catalog_entry_read(struct catalog *cat, sqlite3_stmt *st, struct entry *e)
{
	const char *key;

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->rev = sqlite3_column_int64(st, 1);
	e->name = catalog_column_dup(st, 2);
	e->title = catalog_column_dup(st, 3);
	if (entry_kind_parse((const char *)sqlite3_column_text(st, 4),
	    &e->kind) != 0 || platform_parse((const char *)
	    sqlite3_column_text(st, 6), &e->platform) != 0)
		return catalog_fail(cat, CATALOG_CORRUPT, "entry '%s' has an "
		    "unknown kind or platform", e->name);
	key = (const char *)sqlite3_column_text(st, 5);
	e->key = key != NULL ? key[0] : '\0';
	e->position = sqlite3_column_int(st, 7);
	e->enabled = sqlite3_column_int(st, 8) != 0;
	e->target = catalog_column_dup(st, 9);
	e->target_efi = catalog_column_dup(st, 10);
	e->args = catalog_column_dup(st, 11);
	e->script = catalog_column_dup(st, 12);
	e->boot = catalog_column_dup(st, 13);
	e->submenu = catalog_column_dup(st, 14);
	return entry_read_initrds(cat, e);
}

int
catalog_entry_select(struct catalog *cat, bool enabled_only,
    struct entry **vp, size_t *np)
{
	sqlite3_stmt *st = NULL;
	struct entry *v = NULL;
	size_t n = 0;
	int status, rc;

	status = catalog_prepare_kept(cat, &st, enabled_only ?
	    "SELECT " CATALOG_ENTRY_COLUMNS " FROM entries WHERE enabled"
	    " ORDER BY position, id" :
	    "SELECT " CATALOG_ENTRY_COLUMNS " FROM entries"
	    " ORDER BY position, id");
	while (status == CATALOG_OK && (rc = sqlite3_step(st)) != SQLITE_DONE) {
		if (rc != SQLITE_ROW) {
			status = catalog_sqlite_fail(cat, rc);
			break;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		status = catalog_entry_read(cat, st, &v[n++]);
	}
	catalog_release(cat, st);
	if (status != CATALOG_OK) {
		entry_array_free(v, n);
		v = NULL;
		n = 0;
	}
	*vp = v;
	*np = n;
	return status;
}

int
catalog_entry_list(struct catalog *cat, struct entry **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	return catalog_entry_select(cat, false, v, n);
}

int
catalog_entry_get(struct catalog *cat, const char *name, struct entry *e)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	memset(e, 0, sizeof *e);
	status = catalog_prepare(cat, &st, "SELECT " CATALOG_ENTRY_COLUMNS
	    " FROM entries WHERE name = ?");
	if (status != CATALOG_OK)
		goto out;
	catalog_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = catalog_entry_read(cat, st, e);
	else if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_NOTFOUND,
		    "no entry named '%.64s'", name);
	else
		status = catalog_sqlite_fail(cat, rc);
out:
	sqlite3_finalize(st);
	if (status != CATALOG_OK)
		entry_clear(e);
	return status;
}

/* Looks up an entry's id and position by name; NOTFOUND names it. */
static int
entry_lookup(struct catalog *cat, const char *name, int64_t *id,
    int *position)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	status = catalog_prepare(cat, &st,
	    "SELECT id, position FROM entries WHERE name = ?");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (position != NULL)
			*position = sqlite3_column_int(st, 1);
	} else if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_NOTFOUND,
		    "no entry named '%.64s'", name);
	else
		status = catalog_sqlite_fail(cat, rc);
	sqlite3_finalize(st);
	return status;
}

int
catalog_entry_id(struct catalog *cat, const char *name, int64_t *id)
{
	return entry_lookup(cat, name, id, NULL);
}

/* Runs a query returning one integer, with arg as ?1 if it has one. */
static int
entry_query_int(struct catalog *cat, const char *sql, int64_t arg,
    int64_t *value)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	status = catalog_prepare(cat, &st, sql);
	if (status != CATALOG_OK)
		return status;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, arg);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	else
		status = catalog_sqlite_fail(cat, rc);
	sqlite3_finalize(st);
	return status;
}

/* The name and hotkey must be free, except on the entry itself (id). */
static int
entry_check_unique(struct catalog *cat, const struct entry *e, int64_t id)
{
	sqlite3_stmt *st = NULL;
	char key[2] = { e->key, '\0' };
	int status, rc;

	status = catalog_prepare(cat, &st, "SELECT name, hotkey = ?2"
	    " FROM entries WHERE id != ?3 AND (name = ?1 OR hotkey = ?2)");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, e->name);
	catalog_bind_text(st, 2, e->key != '\0' ? key : NULL);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 1))
		status = catalog_fail(cat, CATALOG_EXISTS, "key: '%c' is "
		    "already used by entry '%s'", e->key,
		    sqlite3_column_text(st, 0));
	else if (rc == SQLITE_ROW)
		status = catalog_fail(cat, CATALOG_EXISTS, "an entry named "
		    "'%s' already exists", e->name);
	else if (rc != SQLITE_DONE)
		status = catalog_sqlite_fail(cat, rc);
	sqlite3_finalize(st);
	return status;
}

/* Optional text is stored as NULL when empty, so readers see one form. */
static void
entry_bind_optional(sqlite3_stmt *st, int col, const char *s)
{
	catalog_bind_text(st, col, s != NULL && *s != '\0' ? s : NULL);
}

/* Binds ?1..?10, ?12 and ?13 of the INSERT and UPDATE statements below. */
static void
entry_bind_fields(sqlite3_stmt *st, const struct entry *e)
{
	char key[2] = { e->key, '\0' };

	catalog_bind_text(st, 1, e->name);
	catalog_bind_text(st, 2, e->title);
	catalog_bind_text(st, 3, entry_kind_name(e->kind));
	catalog_bind_text(st, 4, e->key != '\0' ? key : NULL);
	catalog_bind_text(st, 5, platform_name(e->platform));
	sqlite3_bind_int(st, 6, e->enabled);
	entry_bind_optional(st, 7, e->target);
	entry_bind_optional(st, 8, e->target_efi);
	entry_bind_optional(st, 9, e->args);
	entry_bind_optional(st, 10, e->script);
	entry_bind_optional(st, 12, e->boot);
	entry_bind_optional(st, 13, e->submenu);
}

static int
entry_write_initrds(struct catalog *cat, int64_t id, const struct entry *e)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int status;

	status = catalog_prepare(cat, &st,
	    "DELETE FROM entry_initrds WHERE entry_id = ?");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	if (status != CATALOG_OK || e->n_initrds == 0)
		return status;

	status = catalog_prepare(cat, &st, "INSERT INTO entry_initrds"
	    " (entry_id, seq, path) VALUES (?, ?, ?)");
	for (i = 0; status == CATALOG_OK && i < e->n_initrds; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		catalog_bind_text(st, 3, e->initrds[i]);
		status = catalog_step_done(cat, st);
	}
	sqlite3_finalize(st);
	return status;
}

/* Moves entry id from position from to to (clamped), shifting the ones between. */
static int
entry_move_tx(struct catalog *cat, int64_t id, int from, int to, int *final)
{
	sqlite3_stmt *st = NULL;
	int64_t count;
	int status;

	status = entry_query_int(cat, "SELECT count(*) FROM entries", 0,
	    &count);
	if (status != CATALOG_OK)
		return status;
	if (to < 1)
		to = 1;
	if (to > count)
		to = (int)count;
	*final = to;
	if (to == from)
		return CATALOG_OK;
	status = catalog_prepare(cat, &st, to < from ?
	    "UPDATE entries SET position = position + 1"
	    " WHERE position >= ?1 AND position < ?2" :
	    "UPDATE entries SET position = position - 1"
	    " WHERE position > ?2 AND position <= ?1");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int(st, 1, to);
	sqlite3_bind_int(st, 2, from);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	if (status != CATALOG_OK)
		return status;
	status = catalog_prepare(cat, &st,
	    "UPDATE entries SET position = ? WHERE id = ?");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int(st, 1, to);
	sqlite3_bind_int64(st, 2, id);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	return status;
}

static int
entry_add_tx(struct catalog *cat, const struct entry *e, int64_t *id,
    int *position)
{
	sqlite3_stmt *st = NULL;
	int64_t count;
	int status;

	status = entry_check_unique(cat, e, 0);
	if (status == CATALOG_OK)
		status = entry_query_int(cat,
		    "SELECT count(*) FROM entries", 0, &count);
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, "INSERT INTO entries"
		    " (name, title, kind, hotkey, platform, enabled, target,"
		    " target_efi, args, script, position, boot, submenu)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		    " ?12, ?13)");
	if (status != CATALOG_OK)
		return status;
	entry_bind_fields(st, e);
	sqlite3_bind_int64(st, 11, count + 1);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	if (status != CATALOG_OK)
		return status;
	*id = sqlite3_last_insert_rowid(cat->db);
	*position = (int)count + 1;
	status = entry_write_initrds(cat, *id, e);
	if (status == CATALOG_OK && e->position > 0)
		status = entry_move_tx(cat, *id, *position, e->position,
		    position);
	return status;
}

int
catalog_entry_add(struct catalog *cat, struct entry *e)
{
	int64_t id = 0;
	int status, position = 0;

	status = entry_validate(e, cat->err, sizeof cat->err);
	if (status != CATALOG_OK)
		return status;
	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = catalog_end(cat, entry_add_tx(cat, e, &id, &position));
	if (status == CATALOG_OK) {
		e->id = id;
		e->rev = 1;
		e->position = position;
	}
	return status;
}

/* Checks the caller saw the latest version of the entry, CONFLICT if not. */
static int
entry_check_rev(struct catalog *cat, const struct entry *e, int *position)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	status = catalog_prepare(cat, &st,
	    "SELECT rev, name, position FROM entries WHERE id = ?");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int64(st, 1, e->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_NOTFOUND, "entry '%s' was "
		    "removed by someone else", e->name);
	else if (rc != SQLITE_ROW)
		status = catalog_sqlite_fail(cat, rc);
	else if (sqlite3_column_int64(st, 0) != e->rev)
		status = catalog_fail(cat, CATALOG_CONFLICT, "entry '%s' was "
		    "changed by someone else", sqlite3_column_text(st, 1));
	else
		*position = sqlite3_column_int(st, 2);
	sqlite3_finalize(st);
	return status;
}

static int
entry_update_tx(struct catalog *cat, const struct entry *e, int *position)
{
	sqlite3_stmt *st = NULL;
	int status;

	status = entry_check_rev(cat, e, position);
	if (status == CATALOG_OK)
		status = entry_check_unique(cat, e, e->id);
	/* The unknown-client setting names the entry: a rename carries it. */
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, "UPDATE settings SET value = ?1"
		    " WHERE key = '" CATALOG_SETTING_UNKNOWN_ENTRY "'"
		    " AND value = (SELECT name FROM entries WHERE id = ?2)");
	if (status == CATALOG_OK) {
		catalog_bind_text(st, 1, e->name);
		sqlite3_bind_int64(st, 2, e->id);
		status = catalog_step_done(cat, st);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, "UPDATE entries SET"
		    " name = ?1, title = ?2, kind = ?3, hotkey = ?4,"
		    " platform = ?5, enabled = ?6, target = ?7,"
		    " target_efi = ?8, args = ?9, script = ?10, boot = ?12,"
		    " submenu = ?13,"
		    " rev = rev + 1 WHERE id = ?11");
	if (status != CATALOG_OK)
		return status;
	entry_bind_fields(st, e);
	sqlite3_bind_int64(st, 11, e->id);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	if (status == CATALOG_OK)
		status = entry_write_initrds(cat, e->id, e);
	return status;
}

int
catalog_entry_update(struct catalog *cat, struct entry *e)
{
	int status, position = 0;

	status = entry_validate(e, cat->err, sizeof cat->err);
	if (status != CATALOG_OK)
		return status;
	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = catalog_end(cat, entry_update_tx(cat, e, &position));
	if (status == CATALOG_OK) {
		e->rev++;
		e->position = position;
	}
	return status;
}

/*
 * Describes who refers to entry id ("the menu default, host aa:.. (next
 * boot)") into sb; leaves sb empty when nobody does.
 */
static int
entry_users(struct catalog *cat, int64_t id, struct strbuf *sb)
{
	sqlite3_stmt *st = NULL;
	int64_t menu = 0, unknown = 0;
	size_t hosts = 0;
	int status, rc;

	status = entry_query_int(cat, "SELECT count(*) FROM menu"
	    " WHERE default_entry = ?", id, &menu);
	if (status == CATALOG_OK)
		status = entry_query_int(cat, "SELECT count(*) FROM settings"
		    " WHERE key = '" CATALOG_SETTING_UNKNOWN_ENTRY "'"
		    " AND value = (SELECT name FROM entries WHERE id = ?)", id,
		    &unknown);
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, "SELECT mac,"
		    " default_entry IS ?1, next_entry IS ?1 FROM hosts"
		    " WHERE default_entry = ?1 OR next_entry = ?1 ORDER BY mac");
	if (status != CATALOG_OK)
		return status;
	if (menu > 0)
		strbuf_adds(sb, "the menu default");
	if (unknown > 0)
		strbuf_addf(sb, "%swhat unknown clients boot",
		    sb->len > 0 ? ", " : "");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (hosts++ >= ENTRY_USERS_SHOWN)
			continue;
		strbuf_addf(sb, "%shost %s (%s)", sb->len > 0 ? ", " : "",
		    sqlite3_column_text(st, 0),
		    sqlite3_column_int(st, 1) && sqlite3_column_int(st, 2) ?
		    "default and next boot" : sqlite3_column_int(st, 1) ?
		    "default" : "next boot");
	}
	if (rc != SQLITE_DONE)
		status = catalog_sqlite_fail(cat, rc);
	else if (hosts > ENTRY_USERS_SHOWN)
		strbuf_addf(sb, " and %zu more hosts",
		    hosts - ENTRY_USERS_SHOWN);
	sqlite3_finalize(st);
	return status;
}

/* Statements with the entry id as ?1 that clear every reference to it. */
static const char *const entry_unref_sql[] = {
	"UPDATE hosts SET default_entry = NULL, rev = rev + 1"
	" WHERE default_entry = ?1",
	"UPDATE hosts SET next_entry = NULL, rev = rev + 1"
	" WHERE next_entry = ?1",
	"UPDATE menu SET default_entry = NULL WHERE default_entry = ?1",
	/* Unknown clients then get the menu again. */
	"DELETE FROM settings WHERE key = '" CATALOG_SETTING_UNKNOWN_ENTRY "'"
	" AND value = (SELECT name FROM entries WHERE id = ?1)",
};

static int
entry_run_with_id(struct catalog *cat, const char *sql, int64_t id, int pos)
{
	sqlite3_stmt *st = NULL;
	int status;

	status = catalog_prepare(cat, &st, sql);
	if (status != CATALOG_OK)
		return status;
	/* Binding a number the SQL does not use is harmless. */
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int(st, 2, pos);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	return status;
}

static int
entry_remove_tx(struct catalog *cat, const char *name, bool force)
{
	struct strbuf users = STRBUF_INIT;
	int64_t id;
	size_t i;
	int status, position;

	status = entry_lookup(cat, name, &id, &position);
	if (status == CATALOG_OK)
		status = entry_users(cat, id, &users);
	if (status == CATALOG_OK && users.len > 0 && !force)
		status = catalog_fail(cat, CATALOG_INUSE, "entry '%s' is in "
		    "use by %s", name, users.data);
	for (i = 0; status == CATALOG_OK && users.len > 0 &&
	    i < sizeof entry_unref_sql / sizeof entry_unref_sql[0]; i++)
		status = entry_run_with_id(cat, entry_unref_sql[i], id, 0);
	if (status == CATALOG_OK)
		status = entry_run_with_id(cat,
		    "DELETE FROM entries WHERE id = ?1", id, 0);
	if (status == CATALOG_OK)
		status = entry_run_with_id(cat, "UPDATE entries"
		    " SET position = position - 1 WHERE position > ?2", id,
		    position);
	strbuf_free(&users);
	return status;
}

int
catalog_entry_remove(struct catalog *cat, const char *name, bool force)
{
	int status;

	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	return catalog_end(cat, entry_remove_tx(cat, name, force));
}

static int
entry_move_by_name(struct catalog *cat, const char *name, int position)
{
	int64_t id;
	int status, from, final;

	status = entry_lookup(cat, name, &id, &from);
	if (status == CATALOG_OK)
		status = entry_move_tx(cat, id, from, position, &final);
	return status;
}

int
catalog_entry_move(struct catalog *cat, const char *name, int position)
{
	int status;

	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	return catalog_end(cat, entry_move_by_name(cat, name, position));
}
