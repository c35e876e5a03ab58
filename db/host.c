/* host.c: hosts known by MAC: their default and one-shot next entries and boot options. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "db/catalog_int.h"

static const char *const localboot_names[LOCALBOOT_COUNT] = {
	[LOCALBOOT_AUTO] = "auto",
	[LOCALBOOT_SANBOOT] = "sanboot",
	[LOCALBOOT_EXIT] = "exit",
};

/* Entry references are ids in SQL and names in struct host. */
#define HOST_SELECT \
	"SELECT h.id, h.rev, h.mac, h.name, d.name, n.name, h.skip_menu," \
	" h.localboot, c.last_seen_ms, nullif(c.ip, '') FROM hosts h" \
	" LEFT JOIN entries d ON d.id = h.default_entry" \
	" LEFT JOIN entries n ON n.id = h.next_entry" \
	" LEFT JOIN clients c ON c.key = h.mac"

const char *
localboot_name(enum localboot_method m)
{
	if ((unsigned)m >= LOCALBOOT_COUNT)
		return "unknown";
	return localboot_names[m];
}

int
localboot_parse(const char *s, enum localboot_method *m)
{
	int i;

	for (i = 0; s != NULL && i < LOCALBOOT_COUNT; i++) {
		if (strcmp(s, localboot_names[i]) == 0) {
			*m = (enum localboot_method)i;
			return 0;
		}
	}
	return -1;
}

void
host_clear(struct host *h)
{
	if (h == NULL)
		return;
	free(h->name);
	free(h->default_entry);
	free(h->next_entry);
	free(h->last_ip);
	memset(h, 0, sizeof *h);
}

void
host_array_free(struct host *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		host_clear(&v[i]);
	free(v);
}

static int
host_read_row(struct catalog *cat, sqlite3_stmt *st, struct host *h)
{
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(st, 0);
	h->rev = sqlite3_column_int64(st, 1);
	catalog_column_copy(st, 2, h->mac, sizeof h->mac);
	h->name = catalog_column_dup(st, 3);
	h->default_entry = catalog_column_dup(st, 4);
	h->next_entry = catalog_column_dup(st, 5);
	h->skip_menu = sqlite3_column_int(st, 6) != 0;
	if (localboot_parse((const char *)sqlite3_column_text(st, 7),
	    &h->localboot) != 0)
		return catalog_fail(cat, CATALOG_CORRUPT, "host %s has an "
		    "unknown local boot method", h->mac);
	h->last_seen = sqlite3_column_int64(st, 8) / 1000;
	h->last_ip = catalog_column_dup(st, 9);
	return CATALOG_OK;
}

int
catalog_host_list(struct catalog *cat, struct host **vp, size_t *np)
{
	sqlite3_stmt *st = NULL;
	struct host *v = NULL;
	size_t n = 0;
	int status, rc;

	status = catalog_prepare(cat, &st, HOST_SELECT " ORDER BY h.mac");
	while (status == CATALOG_OK && (rc = sqlite3_step(st)) != SQLITE_DONE) {
		if (rc != SQLITE_ROW) {
			status = catalog_sqlite_fail(cat, rc);
			break;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		status = host_read_row(cat, st, &v[n++]);
	}
	sqlite3_finalize(st);
	if (status != CATALOG_OK) {
		host_array_free(v, n);
		v = NULL;
		n = 0;
	}
	*vp = v;
	*np = n;
	return status;
}

int
catalog_host_read(struct catalog *cat, const char *mac, struct host *h)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	memset(h, 0, sizeof *h);
	status = catalog_prepare_kept(cat, &st, HOST_SELECT " WHERE h.mac = ?");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, mac);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = host_read_row(cat, st, h);
	else if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_NOTFOUND, "no host %.20s",
		    mac);
	else
		status = catalog_sqlite_fail(cat, rc);
	catalog_release(cat, st);
	if (status != CATALOG_OK)
		host_clear(h);
	return status;
}

int
catalog_host_get(struct catalog *cat, const char *mac, struct host *h)
{
	return catalog_host_read(cat, mac, h);
}

static int
host_validate(struct catalog *cat, const struct host *h)
{
	char norm[MAC_STRLEN];
	const char *why;

	if (!mac_parse(h->mac, norm) || strcmp(norm, h->mac) != 0)
		return catalog_fail(cat, CATALOG_INVALID,
		    "mac: not a normalized MAC address");
	if ((why = mac_problem(h->mac)) != NULL)
		return catalog_fail(cat, CATALOG_INVALID, "mac: %s %s", h->mac,
		    why);
	if (h->name != NULL && strlen(h->name) > HOST_NAME_MAX_LEN)
		return catalog_fail(cat, CATALOG_INVALID,
		    "name: longer than %d bytes", HOST_NAME_MAX_LEN);
	if (h->name != NULL && (why = catalog_text_problem(h->name, false)))
		return catalog_fail(cat, CATALOG_INVALID, "name: %s", why);
	if ((unsigned)h->localboot >= LOCALBOOT_COUNT)
		return catalog_fail(cat, CATALOG_INVALID,
		    "localboot: unknown method %d", (int)h->localboot);
	return CATALOG_OK;
}

/* An entry name as an id to bind: 0 for none, NOTFOUND if it does not exist. */
static int
host_entry_id(struct catalog *cat, const char *name, int64_t *id)
{
	*id = 0;
	if (name == NULL || *name == '\0')
		return CATALOG_OK;
	return catalog_entry_id(cat, name, id);
}

/* The mac must be free (insert), and an update must start from the stored rev. */
static int
host_check(struct catalog *cat, const struct host *h)
{
	sqlite3_stmt *st = NULL;
	int status, rc = SQLITE_DONE;
	bool found = false;

	status = catalog_prepare(cat, &st, "SELECT id, rev, mac FROM hosts"
	    " WHERE id = ?1 OR mac = ?2");
	if (status != CATALOG_OK)
		return status;
	sqlite3_bind_int64(st, 1, h->id);
	catalog_bind_text(st, 2, h->mac);
	while (status == CATALOG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) != h->id)
			status = catalog_fail(cat, CATALOG_EXISTS,
			    "host %s already exists", h->mac);
		else if (sqlite3_column_int64(st, 1) != h->rev)
			status = catalog_fail(cat, CATALOG_CONFLICT, "host %s "
			    "was changed by someone else",
			    sqlite3_column_text(st, 2));
		else
			found = true;
	}
	if (status == CATALOG_OK && rc != SQLITE_DONE)
		status = catalog_sqlite_fail(cat, rc);
	else if (status == CATALOG_OK && h->id != 0 && !found)
		status = catalog_fail(cat, CATALOG_NOTFOUND, "host %s was "
		    "removed by someone else", h->mac);
	sqlite3_finalize(st);
	return status;
}

static int
host_put_tx(struct catalog *cat, const struct host *h, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int64_t def, next;
	int status;

	status = host_entry_id(cat, h->default_entry, &def);
	if (status == CATALOG_OK)
		status = host_entry_id(cat, h->next_entry, &next);
	if (status == CATALOG_OK)
		status = host_check(cat, h);
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, h->id == 0 ?
		    "INSERT INTO hosts (mac, name, default_entry, next_entry,"
		    " skip_menu, localboot) VALUES (?1, ?2, nullif(?3, 0),"
		    " nullif(?4, 0), ?5, ?6)" :
		    "UPDATE hosts SET mac = ?1, name = ?2,"
		    " default_entry = nullif(?3, 0),"
		    " next_entry = nullif(?4, 0), skip_menu = ?5,"
		    " localboot = ?6, rev = rev + 1 WHERE id = ?7");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, h->mac);
	catalog_bind_text(st, 2, h->name != NULL && *h->name != '\0' ?
	    h->name : NULL);
	sqlite3_bind_int64(st, 3, def);
	sqlite3_bind_int64(st, 4, next);
	sqlite3_bind_int(st, 5, h->skip_menu);
	catalog_bind_text(st, 6, localboot_name(h->localboot));
	if (h->id != 0)
		sqlite3_bind_int64(st, 7, h->id);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	*id = h->id != 0 ? h->id : sqlite3_last_insert_rowid(cat->db);
	return status;
}

int
catalog_host_put(struct catalog *cat, struct host *h)
{
	int64_t id = 0;
	int status;

	status = host_validate(cat, h);
	if (status == CATALOG_OK)
		status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = catalog_end(cat, host_put_tx(cat, h, &id));
	if (status == CATALOG_OK) {
		h->rev = h->id == 0 ? 1 : h->rev + 1;
		h->id = id;
	}
	return status;
}

static int
host_remove_tx(struct catalog *cat, const char *mac)
{
	sqlite3_stmt *st = NULL;
	int status;

	status = catalog_prepare(cat, &st, "DELETE FROM hosts WHERE mac = ?");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, mac);
	status = catalog_step_done(cat, st);
	if (status == CATALOG_OK && sqlite3_changes(cat->db) == 0)
		status = catalog_fail(cat, CATALOG_NOTFOUND, "no host %.20s",
		    mac);
	sqlite3_finalize(st);
	return status;
}

int
catalog_host_remove(struct catalog *cat, const char *mac)
{
	int status;

	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	return catalog_end(cat, host_remove_tx(cat, mac));
}
