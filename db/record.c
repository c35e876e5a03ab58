/* record.c: storing what bootdeckd saw: boot events, clients, image transfers, next boots, pruning. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "db/catalog_int.h"

/* Events deleted per catalog_record call, so one batch never stalls. */
#define RECORD_PRUNE_BATCH 1000
/* How long after a machine last identified itself its address still
   stands for it, for downloads that carry no MAC. */
#define RECORD_ATTRIBUTE_MS (6 * 3600 * 1000)
/* Client-supplied text beyond these is cut. */
#define RECORD_TEXT_MAX 512

static const char *const record_kind_names[RECORD_KIND_COUNT] = {
	[RECORD_BOOT] = "boot",
	[RECORD_ENTRY] = "entry",
	[RECORD_TRANSFER] = "image",
	[RECORD_ERROR] = "error",
};

const char *
record_kind_name(enum record_kind kind)
{
	if ((unsigned)kind >= RECORD_KIND_COUNT)
		return "unknown";
	return record_kind_names[kind];
}

int
record_kind_parse(const char *s, enum record_kind *kind)
{
	int i;

	for (i = 0; s != NULL && i < RECORD_KIND_COUNT; i++) {
		if (strcmp(s, record_kind_names[i]) == 0) {
			*kind = (enum record_kind)i;
			return 0;
		}
	}
	return -1;
}

void
boot_record_clear(struct boot_record *r)
{
	if (r == NULL)
		return;
	free(r->platform);
	free(r->arch);
	free(r->uuid);
	free(r->serial);
	free(r->manufacturer);
	free(r->product);
	free(r->version);
	free(r->build);
	free(r->entry);
	free(r->path);
	free(r->detail);
	memset(r, 0, sizeof *r);
}

bool
boot_record_changes_state(const struct boot_record *r)
{
	return r->kind == RECORD_ENTRY && r->consume_next;
}

/* The statements one batch uses, prepared once per call. */
enum record_stmt {
	RS_EVENT,
	RS_CLIENT,
	RS_BOOT_ID,
	RS_TRANSFER_FIND,
	RS_TRANSFER_ADD,
	RS_TRANSFER_GROW,
	RS_CONSUME_NEXT,
	RS_MARK_GET,
	RS_MARK_SET,
	RS_MAC_BY_IP,
	RS_COUNT
};

static const char *const record_sql[RS_COUNT] = {
	[RS_EVENT] =
	    "INSERT INTO events (ts_ms, kind, mac, ip, entry, path, detail,"
	    " transfer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* NULL facts, stage, entry and boot keep what the client had. */
	[RS_CLIENT] =
	    "INSERT INTO clients (key, mac, ip, platform, arch, uuid, serial,"
	    " manufacturer, product, version, first_seen_ms, last_seen_ms,"
	    " stage, entry, boot_id, build) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?11, ?12, ?13, coalesce(?14, 0), ?15)"
	    " ON CONFLICT (key) DO UPDATE SET"
	    " mac = coalesce(nullif(excluded.mac, ''), mac),"
	    " ip = coalesce(nullif(excluded.ip, ''), ip),"
	    " platform = coalesce(excluded.platform, platform),"
	    " arch = coalesce(excluded.arch, arch),"
	    " uuid = coalesce(excluded.uuid, uuid),"
	    " serial = coalesce(excluded.serial, serial),"
	    " manufacturer = coalesce(excluded.manufacturer, manufacturer),"
	    " product = coalesce(excluded.product, product),"
	    " version = coalesce(excluded.version, version),"
	    /* A report without build= is a stock iPXE: no coalesce. */
	    " build = CASE WHEN excluded.version IS NULL THEN build"
	    " ELSE excluded.build END,"
	    " last_seen_ms = max(last_seen_ms, excluded.last_seen_ms),"
	    " stage = coalesce(excluded.stage, stage),"
	    " entry = coalesce(excluded.entry, entry),"
	    " boot_id = coalesce(?14, boot_id)",
	[RS_BOOT_ID] =
	    "SELECT boot_id FROM clients WHERE key = ?1",
	[RS_TRANSFER_FIND] =
	    "SELECT id FROM transfers WHERE client = ?1 AND boot_id = ?2"
	    " AND path = ?3",
	[RS_TRANSFER_ADD] =
	    "INSERT INTO transfers (client, boot_id, path, bytes, requests,"
	    " size, first_ms, last_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
	[RS_TRANSFER_GROW] =
	    "UPDATE transfers SET bytes = bytes + ?2, requests = requests + ?3,"
	    " size = CASE WHEN ?4 > 0 THEN ?4 ELSE size END,"
	    " last_ms = max(last_ms, ?5) WHERE id = ?1",
	/* Only when the next boot still names the entry just served, and
	   nobody changed the host since the boot. */
	[RS_CONSUME_NEXT] =
	    "UPDATE hosts SET next_entry = NULL, rev = rev + 1"
	    " WHERE mac = ?1 AND (?3 = 0 OR rev = ?3) AND next_entry ="
	    " (SELECT id FROM entries WHERE name = ?2)",
	[RS_MARK_GET] =
	    "SELECT applied_seq FROM journal_mark WHERE id = 1",
	[RS_MARK_SET] =
	    "UPDATE journal_mark SET applied_seq = ?1"
	    " WHERE id = 1 AND applied_seq < ?1",
	/* The machine that last identified itself from this address, lately. */
	[RS_MAC_BY_IP] =
	    "SELECT mac FROM clients WHERE ip = ?1 AND mac <> ''"
	    " AND last_seen_ms >= ?2 ORDER BY last_seen_ms DESC LIMIT 1",
};

struct record_batch {
	struct catalog	*cat;
	sqlite3_stmt	*st[RS_COUNT];
};

/*
 * Binds client-supplied text, cut to max bytes (not inside a UTF-8
 * sequence) with control bytes replaced, so a log viewer can print it.
 */
static void
record_bind_text(sqlite3_stmt *st, int col, const char *s, size_t max)
{
	char *copy;
	size_t len, i;

	if (s == NULL) {
		sqlite3_bind_null(st, col);
		return;
	}
	len = strlen(s);
	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	copy = xstrndup(s, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)copy[i] < 0x20 || copy[i] == 0x7f)
			copy[i] = '?';
	sqlite3_bind_text(st, col, copy, (int)len, SQLITE_TRANSIENT);
	free(copy);
}

/* Resets a statement for reuse and clears old bindings. */
static sqlite3_stmt *
record_stmt(struct record_batch *b, enum record_stmt which)
{
	sqlite3_stmt *st = b->st[which];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

static void
record_client_key(const struct boot_record *r, char *key, size_t len)
{
	if (r->mac[0] != '\0')
		snprintf(key, len, "%s", r->mac);
	else
		snprintf(key, len, "ip:%s", r->ip);
}

static int
record_event(struct record_batch *b, const struct boot_record *r,
    int64_t transfer_id, int64_t *id)
{
	sqlite3_stmt *st = record_stmt(b, RS_EVENT);
	int status;

	sqlite3_bind_int64(st, 1, r->ts_ms);
	catalog_bind_text(st, 2, record_kind_name(r->kind));
	record_bind_text(st, 3, r->mac, MAC_STRLEN);
	record_bind_text(st, 4, r->ip, IP_STRLEN);
	record_bind_text(st, 5, r->entry, ENTRY_NAME_MAX);
	record_bind_text(st, 6, r->path, ENTRY_PATH_MAX);
	record_bind_text(st, 7, r->detail, RECORD_TEXT_MAX);
	if (transfer_id != 0)
		sqlite3_bind_int64(st, 8, transfer_id);
	status = catalog_step_done(b->cat, st);
	*id = sqlite3_last_insert_rowid(b->cat->db);
	return status;
}

/* What a record says about the client's progress. */
struct client_update {
	const char	*stage;
	const char	*entry;		/* NULL: keep */
	int64_t		 boot_id;	/* 0: keep */
	bool		 facts;
};

static int
record_client(struct record_batch *b, const struct boot_record *r,
    const struct client_update *u)
{
	sqlite3_stmt *st = record_stmt(b, RS_CLIENT);
	const char *const facts[] = { r->platform, r->arch, r->uuid,
	    r->serial, r->manufacturer, r->product, r->version };
	char key[MAC_STRLEN + IP_STRLEN];
	size_t i;

	record_client_key(r, key, sizeof key);
	catalog_bind_text(st, 1, key);
	record_bind_text(st, 2, r->mac, MAC_STRLEN);
	record_bind_text(st, 3, r->ip, IP_STRLEN);
	for (i = 0; u->facts && i < sizeof facts / sizeof facts[0]; i++)
		record_bind_text(st, 4 + (int)i, facts[i], CLIENT_FACT_MAX);
	if (u->facts)
		record_bind_text(st, 15, r->build, CLIENT_FACT_MAX);
	sqlite3_bind_int64(st, 11, r->ts_ms);
	catalog_bind_text(st, 12, u->stage);
	record_bind_text(st, 13, u->entry, ENTRY_NAME_MAX);
	if (u->boot_id != 0)
		sqlite3_bind_int64(st, 14, u->boot_id);
	return catalog_step_done(b->cat, st);
}

static int
record_boot(struct record_batch *b, const struct boot_record *r)
{
	bool menu = r->entry == NULL || strcmp(r->entry, "menu") == 0;
	struct client_update u = {
		.stage = menu ? "menu" : "entry",
		.entry = menu ? NULL : r->entry,
		.facts = true,
	};
	int status;

	/* A boot chained straight to an entry starts a boot of its own. */
	status = record_event(b, r, 0, &u.boot_id);
	if (status == CATALOG_OK)
		status = record_client(b, r, &u);
	return status;
}

static int
record_entry(struct record_batch *b, const struct boot_record *r)
{
	struct client_update u = { .stage = "entry", .entry = r->entry };
	sqlite3_stmt *st;
	int status;

	status = record_event(b, r, 0, &u.boot_id);
	if (status == CATALOG_OK)
		status = record_client(b, r, &u);
	if (status != CATALOG_OK || !r->consume_next || r->mac[0] == '\0' ||
	    r->entry == NULL)
		return status;
	st = record_stmt(b, RS_CONSUME_NEXT);
	catalog_bind_text(st, 1, r->mac);
	catalog_bind_text(st, 2, r->entry);
	sqlite3_bind_int64(st, 3, r->host_rev);
	return catalog_step_done(b->cat, st);
}

static int
record_error(struct record_batch *b, const struct boot_record *r)
{
	struct client_update u = { .stage = "error" };
	int64_t id;
	int status;

	status = record_event(b, r, 0, &id);
	if (status == CATALOG_OK)
		status = record_client(b, r, &u);
	return status;
}

/* Runs a statement that yields at most one integer; *value stays when no row. */
static int
record_query_int(struct record_batch *b, sqlite3_stmt *st, int64_t *value)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		return catalog_sqlite_fail(b->cat, rc);
	return CATALOG_OK;
}

/*
 * One transfers row per client, image and boot (the event that started the
 * client's current boot), however many records and Range requests.
 */
static int
record_transfer(struct record_batch *b, const struct boot_record *r)
{
	struct client_update u = { .stage = "download" };
	char key[MAC_STRLEN + IP_STRLEN];
	const char *path = r->path != NULL ? r->path : "";
	int64_t boot = 0, tid = 0, id;
	sqlite3_stmt *st;
	int status;

	record_client_key(r, key, sizeof key);
	st = record_stmt(b, RS_BOOT_ID);
	catalog_bind_text(st, 1, key);
	status = record_query_int(b, st, &boot);
	if (status == CATALOG_OK) {
		st = record_stmt(b, RS_TRANSFER_FIND);
		catalog_bind_text(st, 1, key);
		sqlite3_bind_int64(st, 2, boot);
		record_bind_text(st, 3, path, ENTRY_PATH_MAX);
		status = record_query_int(b, st, &tid);
	}
	if (status != CATALOG_OK)
		return status;

	if (tid != 0) {
		st = record_stmt(b, RS_TRANSFER_GROW);
		sqlite3_bind_int64(st, 1, tid);
		sqlite3_bind_int64(st, 2, r->bytes);
		sqlite3_bind_int64(st, 3, r->requests);
		sqlite3_bind_int64(st, 4, r->size);
		sqlite3_bind_int64(st, 5, r->ts_ms);
		status = catalog_step_done(b->cat, st);
	} else {
		st = record_stmt(b, RS_TRANSFER_ADD);
		catalog_bind_text(st, 1, key);
		sqlite3_bind_int64(st, 2, boot);
		record_bind_text(st, 3, path, ENTRY_PATH_MAX);
		sqlite3_bind_int64(st, 4, r->bytes);
		sqlite3_bind_int64(st, 5, r->requests);
		sqlite3_bind_int64(st, 6, r->size > 0 ? r->size : 0);
		sqlite3_bind_int64(st, 7, r->ts_ms);
		status = catalog_step_done(b->cat, st);
		tid = sqlite3_last_insert_rowid(b->cat->db);
		/* The log shows one line per transfer, not per record. */
		if (status == CATALOG_OK)
			status = record_event(b, r, tid, &id);
	}
	if (status == CATALOG_OK)
		status = record_client(b, r, &u);
	return status;
}

static int (*const record_handlers[RECORD_KIND_COUNT])(struct record_batch *,
    const struct boot_record *) = {
	[RECORD_BOOT] = record_boot,
	[RECORD_ENTRY] = record_entry,
	[RECORD_TRANSFER] = record_transfer,
	[RECORD_ERROR] = record_error,
};

static int
record_run(struct catalog *cat, sqlite3_stmt *st, int64_t upto)
{
	sqlite3_bind_int64(st, 1, upto);
	return catalog_step_done(cat, st);
}

/*
 * Deletes clients that no event mentions any more (last seen before the
 * oldest event kept) and that are not hosts, at most RECORD_PRUNE_BATCH:
 * every new MAC that asks for a menu adds one, with its facts, and
 * without this they would pile up for ever. Hosts keep theirs: the
 * console shows when and where a host was last seen. The oldest event is
 * the lowest id (ts_ms has no index; ids and times grow together).
 */
static int
record_prune_clients(struct catalog *cat)
{
	sqlite3_stmt *st = NULL;
	int status;

	status = catalog_prepare_kept(cat, &st, "DELETE FROM clients"
	    " WHERE key IN"
	    " (SELECT key FROM clients WHERE last_seen_ms <"
	    " (SELECT ts_ms FROM events ORDER BY id LIMIT 1)"
	    " AND mac NOT IN (SELECT mac FROM hosts)"
	    " ORDER BY last_seen_ms LIMIT ?1)");
	if (status == CATALOG_OK)
		status = record_run(cat, st, RECORD_PRUNE_BATCH);
	catalog_release(cat, st);
	return status;
}

/*
 * Deletes the oldest events beyond retention, at most RECORD_PRUNE_BATCH.
 * Event ids are dense (AUTOINCREMENT, only ever pruned from the bottom),
 * so the cut is found from min and max without counting rows.
 */
static int
record_prune(struct catalog *cat, int64_t retention)
{
	sqlite3_stmt *st = NULL;
	int64_t lo, hi, upto;
	int status, rc;

	/* Two subqueries: SQLite reads one end of the rowid for a lone min()
	   or max(), but scans every row for both in one SELECT. */
	status = catalog_prepare_kept(cat, &st, "SELECT"
	    " (SELECT min(id) FROM events), (SELECT max(id) FROM events)");
	if (status != CATALOG_OK)
		return status;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		status = catalog_sqlite_fail(cat, rc);
		goto out;
	}
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1);
	upto = hi - retention;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL || upto < lo)
		goto out;
	if (upto > lo + RECORD_PRUNE_BATCH - 1)
		upto = lo + RECORD_PRUNE_BATCH - 1;
	catalog_release(cat, st);

	/*
	 * A transfer goes once the boot it belongs to is pruned (its image
	 * event always comes after that boot's event), unless it is still
	 * the client's current boot: a sanboot reads for as long as the
	 * machine runs, and its byte count must not restart from zero.
	 */
	status = catalog_prepare_kept(cat, &st, "DELETE FROM transfers"
	    " WHERE boot_id <= ?1 AND NOT EXISTS (SELECT 1 FROM clients c"
	    " WHERE c.key = transfers.client AND c.boot_id = transfers.boot_id)");
	if (status == CATALOG_OK)
		status = record_run(cat, st, upto);
	catalog_release(cat, st);
	st = NULL;
	if (status == CATALOG_OK)
		status = catalog_prepare_kept(cat, &st,
		    "DELETE FROM events WHERE id <= ?1");
	if (status == CATALOG_OK)
		status = record_run(cat, st, upto);
out:
	catalog_release(cat, st);
	return status;
}

/*
 * What the booted system fetches itself (live-boot's squashfs, casper's
 * whole ISO, an installer's packages) comes without ?mac=, and is the
 * largest part of a boot: it belongs to the machine that last booted from
 * that address. Copies r with its MAC set when one is found.
 */
static bool
record_attribute(struct record_batch *b, const struct boot_record *r,
    struct boot_record *copy)
{
	sqlite3_stmt *st;

	if (r->mac[0] != '\0' || r->ip[0] == '\0' ||
	    (r->kind != RECORD_TRANSFER && r->kind != RECORD_ERROR))
		return false;
	st = record_stmt(b, RS_MAC_BY_IP);
	record_bind_text(st, 1, r->ip, IP_STRLEN);
	sqlite3_bind_int64(st, 2, r->ts_ms - RECORD_ATTRIBUTE_MS);
	if (sqlite3_step(st) != SQLITE_ROW)
		return false;
	*copy = *r;
	catalog_column_copy(st, 0, copy->mac, sizeof copy->mac);
	return copy->mac[0] != '\0';
}

static int
record_batch_tx(struct record_batch *b, const struct boot_record *v,
    size_t n, int64_t retention)
{
	struct boot_record owned, anon;	/* shallow copies: free nothing */
	const struct boot_record *r;
	int64_t mark = 0, seq = 0;
	int status = CATALOG_OK;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < RS_COUNT && status == CATALOG_OK; i++)
		status = catalog_prepare_kept(b->cat, &b->st[i],
		    record_sql[i]);
	if (status == CATALOG_OK)
		status = record_query_int(b, record_stmt(b, RS_MARK_GET), &mark);
	for (i = 0; i < n && status == CATALOG_OK; i++) {
		/* A journal replay of a record already stored. */
		if (v[i].journal_seq != 0 && v[i].journal_seq <= mark)
			continue;
		if (v[i].journal_seq > seq)
			seq = v[i].journal_seq;
		r = &v[i];
		/* A MAC no one machine has (mac_problem) is no client's:
		   such a record counts as one from an unidentified client. */
		if (r->mac[0] != '\0' && mac_problem(r->mac) != NULL) {
			anon = *r;
			anon.mac[0] = '\0';
			r = &anon;
		}
		if ((unsigned)r->kind >= RECORD_KIND_COUNT)
			status = catalog_fail(b->cat, CATALOG_INVALID,
			    "record %zu: unknown kind %d", i, (int)r->kind);
		else if (record_attribute(b, r, &owned))
			status = record_handlers[owned.kind](b, &owned);
		else
			status = record_handlers[r->kind](b, r);
	}
	if (status == CATALOG_OK && seq > mark) {
		st = record_stmt(b, RS_MARK_SET);
		sqlite3_bind_int64(st, 1, seq);
		status = catalog_step_done(b->cat, st);
	}
	if (status == CATALOG_OK && retention > 0)
		status = record_prune(b->cat, retention);
	/* Every batch: a catalog from before this pruning has a backlog. */
	if (status == CATALOG_OK && retention > 0)
		status = record_prune_clients(b->cat);
	return status;
}

int
catalog_record(struct catalog *cat, const struct boot_record *v, size_t n,
    int64_t retention)
{
	struct record_batch b = { .cat = cat };
	size_t i;
	int status;

	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = record_batch_tx(&b, v, n, retention);
	for (i = 0; i < RS_COUNT; i++)
		if (b.st[i] != NULL)
			catalog_release(cat, b.st[i]);
	return catalog_end(cat, status);
}

int
catalog_journal_mark(struct catalog *cat, char id[CATALOG_ID_LEN],
    int64_t *applied)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	id[0] = '\0';
	*applied = 0;
	status = catalog_prepare(cat, &st, "SELECT catalog_id, applied_seq"
	    " FROM journal_mark WHERE id = 1");
	if (status != CATALOG_OK)
		return status;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		catalog_column_copy(st, 0, id, CATALOG_ID_LEN);
		*applied = sqlite3_column_int64(st, 1);
	} else if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_CORRUPT,
		    "catalog is damaged (no journal mark)");
	else
		status = catalog_sqlite_fail(cat, rc);
	sqlite3_finalize(st);
	return status;
}
