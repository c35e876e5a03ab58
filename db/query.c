/* query.c: reading the boot log back: clients seen and boot events for the console and `bootdeck log`. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "db/catalog_int.h"

/* The current boot's transfers of client c; each is an indexed lookup. */
#define CLIENT_TRANSFERS(expr) \
	" (SELECT " expr " FROM transfers t" \
	" WHERE t.client = c.key AND t.boot_id = c.boot_id)"

static const char client_select[] =
	"SELECT c.key, c.mac, c.ip, h.name, c.platform, c.arch, c.uuid,"
	" c.serial, c.manufacturer, c.product, c.version, c.first_seen_ms,"
	" c.last_seen_ms, c.stage, c.entry,"
	" (SELECT t.path FROM transfers t WHERE t.client = c.key"
	"  AND t.boot_id = c.boot_id ORDER BY t.last_ms DESC, t.id DESC"
	"  LIMIT 1),"
	CLIENT_TRANSFERS("coalesce(sum(t.bytes), 0)") ","
	CLIENT_TRANSFERS("coalesce(sum(t.size), 0)") ","
	CLIENT_TRANSFERS("coalesce(sum(t.requests), 0)") ","
	" c.build"
	" FROM clients c LEFT JOIN hosts h ON c.mac != '' AND h.mac = c.mac"
	" WHERE c.last_seen_ms >= ?1"
	" ORDER BY c.last_seen_ms DESC, c.key LIMIT ?2";

static void
client_clear(struct client *c)
{
	free(c->host_name);
	free(c->platform);
	free(c->arch);
	free(c->uuid);
	free(c->serial);
	free(c->manufacturer);
	free(c->product);
	free(c->version);
	free(c->build);
	free(c->stage);
	free(c->entry);
	free(c->image);
	memset(c, 0, sizeof *c);
}

void
client_array_free(struct client *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		client_clear(&v[i]);
	free(v);
}

static void
client_read(sqlite3_stmt *st, struct client *c)
{
	char **const facts[] = { &c->platform, &c->arch, &c->uuid, &c->serial,
	    &c->manufacturer, &c->product, &c->version };
	size_t i;

	memset(c, 0, sizeof *c);
	catalog_column_copy(st, 0, c->key, sizeof c->key);
	catalog_column_copy(st, 1, c->mac, sizeof c->mac);
	catalog_column_copy(st, 2, c->ip, sizeof c->ip);
	c->host_name = catalog_column_dup(st, 3);
	for (i = 0; i < sizeof facts / sizeof facts[0]; i++)
		*facts[i] = catalog_column_dup(st, 4 + (int)i);
	c->first_seen_ms = sqlite3_column_int64(st, 11);
	c->last_seen_ms = sqlite3_column_int64(st, 12);
	c->stage = catalog_column_dup(st, 13);
	c->entry = catalog_column_dup(st, 14);
	c->image = catalog_column_dup(st, 15);
	c->bytes = sqlite3_column_int64(st, 16);
	c->size = sqlite3_column_int64(st, 17);
	c->requests = sqlite3_column_int64(st, 18);
	c->build = catalog_column_dup(st, 19);
}

int
catalog_client_list(struct catalog *cat, struct client **vp, size_t *np)
{
	return catalog_client_list_recent(cat, 0, 0, vp, np);
}

int
catalog_client_list_recent(struct catalog *cat, int64_t since_ms,
    size_t limit, struct client **vp, size_t *np)
{
	sqlite3_stmt *st = NULL;
	struct client *v = NULL;
	size_t n = 0;
	int status, rc;

	status = catalog_prepare(cat, &st, client_select);
	if (status == CATALOG_OK) {
		sqlite3_bind_int64(st, 1, since_ms);
		/* SQLite: a negative LIMIT is no limit. */
		sqlite3_bind_int64(st, 2, limit == 0 || limit > INT64_MAX ? -1 :
		    (int64_t)limit);
	}
	while (status == CATALOG_OK && (rc = sqlite3_step(st)) != SQLITE_DONE) {
		if (rc != SQLITE_ROW) {
			status = catalog_sqlite_fail(cat, rc);
			break;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		client_read(st, &v[n++]);
	}
	sqlite3_finalize(st);
	if (status != CATALOG_OK) {
		client_array_free(v, n);
		v = NULL;
		n = 0;
	}
	*vp = v;
	*np = n;
	return status;
}

static void
boot_event_clear(struct boot_event *e)
{
	free(e->entry);
	free(e->path);
	free(e->detail);
	memset(e, 0, sizeof *e);
}

void
boot_event_array_free(struct boot_event *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		boot_event_clear(&v[i]);
	free(v);
}

static int
boot_event_read(struct catalog *cat, sqlite3_stmt *st, struct boot_event *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->ts_ms = sqlite3_column_int64(st, 1);
	if (record_kind_parse((const char *)sqlite3_column_text(st, 2),
	    &e->kind) != 0)
		return catalog_fail(cat, CATALOG_CORRUPT, "event %lld has an "
		    "unknown kind", (long long)e->id);
	catalog_column_copy(st, 3, e->mac, sizeof e->mac);
	catalog_column_copy(st, 4, e->ip, sizeof e->ip);
	e->entry = catalog_column_dup(st, 5);
	e->path = catalog_column_dup(st, 6);
	e->detail = catalog_column_dup(st, 7);
	e->bytes = sqlite3_column_int64(st, 8);
	e->size = sqlite3_column_int64(st, 9);
	e->requests = sqlite3_column_int64(st, 10);
	e->last_ms = sqlite3_column_int64(st, 11);
	return CATALOG_OK;
}

/* Newest first from SQL when only the tail is wanted; callers get oldest first. */
static void
boot_event_reverse(struct boot_event *v, size_t n)
{
	struct boot_event tmp;
	size_t i;

	for (i = 0; i < n / 2; i++) {
		tmp = v[i];
		v[i] = v[n - 1 - i];
		v[n - 1 - i] = tmp;
	}
}

int
catalog_event_list(struct catalog *cat, int64_t after_id, const char *mac,
    size_t limit, struct boot_event **vp, size_t *np)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	struct boot_event *v = NULL;
	bool tail = after_id <= 0 && limit > 0;
	size_t n = 0;
	int status, rc;

	strbuf_adds(&sql, "SELECT e.id, e.ts_ms, e.kind, e.mac, e.ip, e.entry,"
	    " e.path, e.detail, coalesce(t.bytes, 0), coalesce(t.size, 0),"
	    " coalesce(t.requests, 0), coalesce(t.last_ms, 0) FROM events e"
	    " LEFT JOIN transfers t ON t.id = e.transfer_id WHERE e.id > ?1");
	if (mac != NULL)
		strbuf_adds(&sql, " AND e.mac = ?2");
	strbuf_adds(&sql, tail ? " ORDER BY e.id DESC" : " ORDER BY e.id");
	if (limit > 0)
		strbuf_adds(&sql, " LIMIT ?3");
	status = catalog_prepare(cat, &st, sql.data);
	if (status == CATALOG_OK) {
		sqlite3_bind_int64(st, 1, after_id);
		if (mac != NULL)
			catalog_bind_text(st, 2, mac);
		if (limit > 0)
			sqlite3_bind_int64(st, 3, limit > INT64_MAX ?
			    INT64_MAX : (int64_t)limit);
	}
	while (status == CATALOG_OK && (rc = sqlite3_step(st)) != SQLITE_DONE) {
		if (rc != SQLITE_ROW) {
			status = catalog_sqlite_fail(cat, rc);
			break;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		status = boot_event_read(cat, st, &v[n++]);
	}
	sqlite3_finalize(st);
	strbuf_free(&sql);
	if (status != CATALOG_OK) {
		boot_event_array_free(v, n);
		v = NULL;
		n = 0;
	} else if (tail)
		boot_event_reverse(v, n);
	*vp = v;
	*np = n;
	return status;
}
