/* query.c: reading the boot log back: clients seen, boot events and one machine's detail for the console, `bootdeck log` and `host show`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "db/catalog_int.h"

/* The current boot's transfers of client c; each is an indexed lookup. */
#define CLIENT_TRANSFERS(expr) \
	" (SELECT " expr " FROM transfers t" \
	" WHERE t.client = c.key AND t.boot_id = c.boot_id)"

#define CLIENT_SELECT \
	"SELECT c.key, c.mac, c.ip, h.name, c.platform, c.arch, c.uuid," \
	" c.serial, c.manufacturer, c.product, c.version, c.first_seen_ms," \
	" c.last_seen_ms, c.stage, c.entry," \
	" (SELECT t.path FROM transfers t WHERE t.client = c.key" \
	"  AND t.boot_id = c.boot_id ORDER BY t.last_ms DESC, t.id DESC" \
	"  LIMIT 1)," \
	CLIENT_TRANSFERS("coalesce(sum(t.bytes), 0)") "," \
	CLIENT_TRANSFERS("coalesce(sum(t.size), 0)") "," \
	CLIENT_TRANSFERS("coalesce(sum(t.requests), 0)") "," \
	" c.build" \
	" FROM clients c LEFT JOIN hosts h ON c.mac != '' AND h.mac = c.mac"

static const char client_select[] = CLIENT_SELECT
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

/* Host detail ----------------------------------------------------------- */

static const char *const host_boot_outcome_names[HOST_BOOT_OUTCOME_COUNT] = {
	[HOST_BOOT_MENU] = "menu",
	[HOST_BOOT_ENTRY] = "entry",
	[HOST_BOOT_IMAGES] = "images",
	[HOST_BOOT_ERROR] = "error",
};

/* The statements of one detail read, prepared once. */
enum detail_stmt {
	DS_CLIENT,
	DS_IPS,
	DS_BOOTS,
	DS_CHOSEN,
	DS_ERROR,
	DS_TRANSFERS,
	DS_COUNT
};

static const char *const detail_sql[DS_COUNT] = {
	[DS_CLIENT] = CLIENT_SELECT " WHERE c.key = ?1",
	/* The log keeps each request's address: distinct ones, last used
	   first (events_mac is on (mac, id)). */
	[DS_IPS] =
	    "SELECT ip, min(ts_ms), max(ts_ms) FROM events"
	    " WHERE mac = ?1 AND ip <> '' GROUP BY ip"
	    " ORDER BY max(ts_ms) DESC LIMIT ?2",
	[DS_BOOTS] =
	    "SELECT id, ts_ms, entry FROM events WHERE mac = ?1"
	    " AND kind = 'boot' ORDER BY id DESC LIMIT ?2",
	/* A boot runs from its event to the next boot's (?2 .. ?3). */
	[DS_CHOSEN] =
	    "SELECT entry FROM events WHERE mac = ?1 AND kind = 'entry'"
	    " AND id > ?2 AND id < ?3 ORDER BY id DESC LIMIT 1",
	[DS_ERROR] =
	    "SELECT detail FROM events WHERE mac = ?1 AND kind = 'error'"
	    " AND id > ?2 AND id < ?3 ORDER BY id DESC LIMIT 1",
	/* Transfers hang off the boot or entry event that started them. */
	[DS_TRANSFERS] =
	    "SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(size), 0)"
	    " FROM transfers WHERE client = ?1 AND boot_id >= ?2"
	    " AND boot_id < ?3",
};

const char *
host_boot_outcome_name(enum host_boot_outcome o)
{
	if ((unsigned)o >= HOST_BOOT_OUTCOME_COUNT)
		return "unknown";
	return host_boot_outcome_names[o];
}

void
host_detail_clear(struct host_detail *d)
{
	size_t i;

	if (d == NULL)
		return;
	host_clear(&d->host);
	client_clear(&d->client);
	for (i = 0; i < d->n_boots; i++) {
		free(d->boots[i].entry);
		free(d->boots[i].detail);
	}
	free(d->boots);
	free(d->ips);
	memset(d, 0, sizeof *d);
}

static sqlite3_stmt *
detail_stmt(sqlite3_stmt **st, enum detail_stmt which, const char *mac)
{
	sqlite3_reset(st[which]);
	sqlite3_clear_bindings(st[which]);
	catalog_bind_text(st[which], 1, mac);
	return st[which];
}

/* Steps a statement; ROW and DONE are fine, anything else fails. */
static int
detail_step(struct catalog *cat, sqlite3_stmt *st, bool *row)
{
	int rc = sqlite3_step(st);

	*row = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return catalog_sqlite_fail(cat, rc);
	return CATALOG_OK;
}

static int
detail_ips(struct catalog *cat, sqlite3_stmt **st, struct host_detail *d)
{
	sqlite3_stmt *q = detail_stmt(st, DS_IPS, d->mac);
	struct host_ip *ip;
	bool row = true, known = false;
	int status = CATALOG_OK;
	size_t i;

	sqlite3_bind_int64(q, 2, HOST_DETAIL_IPS);
	d->ips = xcalloc(HOST_DETAIL_IPS + 1, sizeof *d->ips);
	while (d->n_ips < HOST_DETAIL_IPS &&
	    (status = detail_step(cat, q, &row)) == CATALOG_OK && row) {
		ip = &d->ips[d->n_ips++];
		catalog_column_copy(q, 0, ip->ip, sizeof ip->ip);
		ip->first_ms = sqlite3_column_int64(q, 1);
		ip->last_ms = sqlite3_column_int64(q, 2);
	}
	/* The client's last address, when the pruned log no longer has it. */
	if (status != CATALOG_OK || !d->seen || d->client.ip[0] == '\0')
		return status;
	for (i = 0; i < d->n_ips && !known; i++)
		known = strcmp(d->ips[i].ip, d->client.ip) == 0;
	if (known)
		return status;
	memmove(&d->ips[1], &d->ips[0], d->n_ips * sizeof *d->ips);
	if (d->n_ips < HOST_DETAIL_IPS)
		d->n_ips++;
	snprintf(d->ips[0].ip, sizeof d->ips[0].ip, "%s", d->client.ip);
	d->ips[0].first_ms = d->ips[0].last_ms = d->client.last_seen_ms;
	return status;
}

/* What happened between boot event id and the next one, before. */
static int
detail_boot(struct catalog *cat, sqlite3_stmt **st, const char *mac,
    int64_t id, int64_t before, struct host_boot *b)
{
	sqlite3_stmt *q;
	bool row;
	int status;

	q = detail_stmt(st, DS_CHOSEN, mac);
	sqlite3_bind_int64(q, 2, id);
	sqlite3_bind_int64(q, 3, before);
	if ((status = detail_step(cat, q, &row)) != CATALOG_OK)
		return status;
	if (row) {
		free(b->entry);
		b->entry = catalog_column_dup(q, 0);
	}
	q = detail_stmt(st, DS_ERROR, mac);
	sqlite3_bind_int64(q, 2, id);
	sqlite3_bind_int64(q, 3, before);
	if ((status = detail_step(cat, q, &row)) != CATALOG_OK)
		return status;
	if (row)
		b->detail = catalog_column_dup(q, 0);
	q = detail_stmt(st, DS_TRANSFERS, mac);
	sqlite3_bind_int64(q, 2, id);
	sqlite3_bind_int64(q, 3, before);
	if ((status = detail_step(cat, q, &row)) != CATALOG_OK)
		return status;
	if (row) {
		b->images = sqlite3_column_int64(q, 0);
		b->bytes = sqlite3_column_int64(q, 1);
		b->size = sqlite3_column_int64(q, 2);
	}
	b->outcome = b->detail != NULL ? HOST_BOOT_ERROR :
	    b->images > 0 ? HOST_BOOT_IMAGES :
	    b->entry != NULL ? HOST_BOOT_ENTRY : HOST_BOOT_MENU;
	return CATALOG_OK;
}

static int
detail_boots(struct catalog *cat, sqlite3_stmt **st, struct host_detail *d)
{
	sqlite3_stmt *q = detail_stmt(st, DS_BOOTS, d->mac);
	int64_t ids[HOST_DETAIL_BOOTS], before;
	struct host_boot *b;
	const char *entry;
	bool row = true;
	int status = CATALOG_OK;
	size_t i;

	sqlite3_bind_int64(q, 2, HOST_DETAIL_BOOTS);
	d->boots = xcalloc(HOST_DETAIL_BOOTS + 1, sizeof *d->boots);
	while (d->n_boots < HOST_DETAIL_BOOTS &&
	    (status = detail_step(cat, q, &row)) == CATALOG_OK && row) {
		b = &d->boots[d->n_boots];
		ids[d->n_boots++] = sqlite3_column_int64(q, 0);
		b->ts_ms = sqlite3_column_int64(q, 1);
		/* "menu", or the entry the boot chained to at once. */
		entry = (const char *)sqlite3_column_text(q, 2);
		if (entry != NULL && strcmp(entry, "menu") != 0)
			b->entry = xstrdup(entry);
	}
	for (i = 0; i < d->n_boots && status == CATALOG_OK; i++) {
		before = i == 0 ? INT64_MAX : ids[i - 1];
		status = detail_boot(cat, st, d->mac, ids[i], before,
		    &d->boots[i]);
	}
	return status;
}

static int
detail_read(struct catalog *cat, sqlite3_stmt **st, struct host_detail *d)
{
	sqlite3_stmt *q;
	bool row;
	int status;
	size_t i;

	for (i = 0; i < DS_COUNT; i++)
		if ((status = catalog_prepare(cat, &st[i], detail_sql[i])) !=
		    CATALOG_OK)
			return status;
	status = catalog_host_read(cat, d->mac, &d->host);
	if (status == CATALOG_OK)
		d->is_host = true;
	else if (status != CATALOG_NOTFOUND)
		return status;
	q = detail_stmt(st, DS_CLIENT, d->mac);
	if ((status = detail_step(cat, q, &row)) != CATALOG_OK)
		return status;
	if (row) {
		client_read(q, &d->client);
		d->seen = true;
	}
	if ((status = detail_ips(cat, st, d)) != CATALOG_OK ||
	    (status = detail_boots(cat, st, d)) != CATALOG_OK)
		return status;
	if (!d->is_host && !d->seen && d->n_ips == 0 && d->n_boots == 0)
		return catalog_fail(cat, CATALOG_NOTFOUND,
		    "no host or client %.20s", d->mac);
	return CATALOG_OK;
}

int
catalog_host_detail(struct catalog *cat, const char *mac,
    struct host_detail *d)
{
	sqlite3_stmt *st[DS_COUNT] = { NULL };
	int status;
	size_t i;

	memset(d, 0, sizeof *d);
	snprintf(d->mac, sizeof d->mac, "%s", mac != NULL ? mac : "");
	status = catalog_begin(cat, false);
	if (status != CATALOG_OK)
		return status;
	status = detail_read(cat, st, d);
	for (i = 0; i < DS_COUNT; i++)
		sqlite3_finalize(st[i]);
	status = catalog_end(cat, status);
	if (status != CATALOG_OK)
		host_detail_clear(d);
	return status;
}
