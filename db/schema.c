/* schema.c: the catalog schema as a list of forward migrations, one per version. */
#include "config.h"

#include <stdio.h>

#include "db/catalog_int.h"

/*
 * catalog_migrations[i] takes a catalog from schema version i to i + 1.
 * Append new steps; never edit a released one, since catalogs in the field
 * already ran it. All pending steps run in the caller's one transaction.
 */
static const char *const catalog_migrations[] = {
	/* 1: entries, hosts, the menu and settings. */
	"CREATE TABLE entries ("
	"	id		INTEGER PRIMARY KEY,"
	"	rev		INTEGER NOT NULL DEFAULT 1,"
	"	name		TEXT NOT NULL UNIQUE,"
	"	title		TEXT NOT NULL,"
	"	kind		TEXT NOT NULL,"
	"	hotkey		TEXT UNIQUE,"
	"	platform	TEXT NOT NULL DEFAULT 'any',"
	"	position	INTEGER NOT NULL,"
	"	enabled		INTEGER NOT NULL DEFAULT 1,"
	"	target		TEXT,"
	"	target_efi	TEXT,"
	"	args		TEXT,"
	"	script		TEXT"
	");"
	"CREATE INDEX entries_position ON entries (position);"
	"CREATE TABLE entry_initrds ("
	"	entry_id	INTEGER NOT NULL"
	"			REFERENCES entries (id) ON DELETE CASCADE,"
	"	seq		INTEGER NOT NULL,"
	"	path		TEXT NOT NULL,"
	"	PRIMARY KEY (entry_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE hosts ("
	"	id		INTEGER PRIMARY KEY,"
	"	rev		INTEGER NOT NULL DEFAULT 1,"
	"	mac		TEXT NOT NULL UNIQUE,"
	"	name		TEXT,"
	"	default_entry	INTEGER REFERENCES entries (id),"
	"	next_entry	INTEGER REFERENCES entries (id),"
	"	skip_menu	INTEGER NOT NULL DEFAULT 0,"
	"	localboot	TEXT NOT NULL DEFAULT 'auto'"
	");"
	/* Foreign keys are checked on entry deletes through these. */
	"CREATE INDEX hosts_default_entry ON hosts (default_entry);"
	"CREATE INDEX hosts_next_entry ON hosts (next_entry);"
	"CREATE TABLE menu ("
	"	id		INTEGER PRIMARY KEY CHECK (id = 1),"
	"	title		TEXT NOT NULL,"
	"	timeout		INTEGER NOT NULL,"
	"	default_entry	INTEGER REFERENCES entries (id)"
	");"
	"INSERT INTO menu (id, title, timeout) VALUES (1, 'bootdeck', 10);"
	"CREATE TABLE settings ("
	"	key		TEXT PRIMARY KEY,"
	"	value		TEXT NOT NULL"
	") WITHOUT ROWID;",

	/* 2: clients seen, boot events and aggregated image transfers. */
	"CREATE TABLE clients ("
	"	key		TEXT PRIMARY KEY,"
	"	mac		TEXT NOT NULL DEFAULT '',"
	"	ip		TEXT NOT NULL DEFAULT '',"
	"	platform	TEXT,"
	"	arch		TEXT,"
	"	uuid		TEXT,"
	"	serial		TEXT,"
	"	manufacturer	TEXT,"
	"	product		TEXT,"
	"	version		TEXT,"
	"	first_seen_ms	INTEGER NOT NULL,"
	"	last_seen_ms	INTEGER NOT NULL,"
	"	stage		TEXT,"
	"	entry		TEXT,"
	/* The event that started the current boot; transfers hang off it. */
	"	boot_id		INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE INDEX clients_last_seen ON clients (last_seen_ms);"
	"CREATE TABLE transfers ("
	"	id		INTEGER PRIMARY KEY,"
	"	client		TEXT NOT NULL,"
	"	boot_id		INTEGER NOT NULL,"
	"	path		TEXT NOT NULL,"
	"	bytes		INTEGER NOT NULL DEFAULT 0,"
	"	requests	INTEGER NOT NULL DEFAULT 0,"
	"	size		INTEGER NOT NULL DEFAULT 0,"
	"	first_ms	INTEGER NOT NULL,"
	"	last_ms		INTEGER NOT NULL,"
	"	UNIQUE (client, boot_id, path)"
	");"
	/* AUTOINCREMENT: ids are never reused after pruning, so readers can
	   poll with "id > last seen" and ids stay dense for pruning. */
	"CREATE TABLE events ("
	"	id		INTEGER PRIMARY KEY AUTOINCREMENT,"
	"	ts_ms		INTEGER NOT NULL,"
	"	kind		TEXT NOT NULL,"
	"	mac		TEXT NOT NULL DEFAULT '',"
	"	ip		TEXT NOT NULL DEFAULT '',"
	"	entry		TEXT,"
	"	path		TEXT,"
	"	detail		TEXT,"
	"	transfer_id	INTEGER"
	");"
	"CREATE INDEX events_mac ON events (mac, id);",

	/* 3: a counter bumped by every change to hosts or entries, so a
	   console with thousands of hosts re-reads them only when they
	   changed, not on every boot event (catalog_host_stamp). */
	"CREATE TABLE stamps ("
	"	name		TEXT PRIMARY KEY,"
	"	n		INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"INSERT INTO stamps (name, n) VALUES ('hosts', 0);"
	"CREATE TRIGGER hosts_stamp_ins AFTER INSERT ON hosts BEGIN"
	"	UPDATE stamps SET n = n + 1 WHERE name = 'hosts'; END;"
	"CREATE TRIGGER hosts_stamp_upd AFTER UPDATE ON hosts BEGIN"
	"	UPDATE stamps SET n = n + 1 WHERE name = 'hosts'; END;"
	"CREATE TRIGGER hosts_stamp_del AFTER DELETE ON hosts BEGIN"
	"	UPDATE stamps SET n = n + 1 WHERE name = 'hosts'; END;"
	/* Hosts show entry names: a rename or delete changes them too. */
	/* UPDATE OF name fires whenever name is in the SET list, which every
	   entry update has: only a real rename counts. */
	"CREATE TRIGGER entries_stamp_upd AFTER UPDATE OF name ON entries"
	"	WHEN old.name IS NOT new.name BEGIN"
	"	UPDATE stamps SET n = n + 1 WHERE name = 'hosts'; END;"
	"CREATE TRIGGER entries_stamp_del AFTER DELETE ON entries BEGIN"
	"	UPDATE stamps SET n = n + 1 WHERE name = 'hosts'; END;"
	/* Pruning finds transfers by the boot they belong to. */
	"CREATE INDEX transfers_boot ON transfers (boot_id);",
	/* 4: for bootdeckd's journal (server/journal.c), which keeps next
	   boots consumed until they are written here: this catalog's
	   identity, so a journal left by another catalog at the same path
	   is not replayed into it, and the last journal record written, so
	   a replay writes each record once. */
	"CREATE TABLE journal_mark ("
	"	id		INTEGER PRIMARY KEY CHECK (id = 1),"
	"	catalog_id	TEXT NOT NULL,"
	"	applied_seq	INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO journal_mark (id, catalog_id)"
	"	VALUES (1, lower(hex(randomblob(8))));",
	/* 5: how an ISO entry boots (auto, direct, sanboot, memdisk); NULL
	   is auto. Downloads without a MAC are put down to the machine last
	   seen at their address (record.c), found by this index. */
	"ALTER TABLE entries ADD COLUMN boot TEXT;"
	"CREATE INDEX clients_ip ON clients (ip, last_seen_ms);",
	/* 6: which iPXE build a client runs: a bootdeck-built iPXE reports
	   build=bootdeck-VERSION with its facts; NULL is a stock iPXE. */
	"ALTER TABLE clients ADD COLUMN build TEXT;",
	/* 7: submenus: the title of the submenu an entry is listed in;
	   NULL is the main menu. */
	"ALTER TABLE entries ADD COLUMN submenu TEXT;",
};

#define CATALOG_SCHEMA_LATEST \
	((int)(sizeof catalog_migrations / sizeof catalog_migrations[0]))

int
catalog_schema_latest(void)
{
	return CATALOG_SCHEMA_LATEST;
}

int
catalog_schema_migrate(struct catalog *cat, int from)
{
	char sql[128];
	int status = CATALOG_OK, v;

	for (v = from; v < CATALOG_SCHEMA_LATEST && status == CATALOG_OK; v++)
		status = catalog_exec(cat, catalog_migrations[v]);
	if (status != CATALOG_OK) {
		char why[sizeof cat->err];

		snprintf(why, sizeof why, "%s", cat->err);
		return catalog_fail(cat, status,
		    "migrating the schema to version %d failed: %s", v, why);
	}
	snprintf(sql, sizeof sql,
	    "PRAGMA application_id = %d; PRAGMA user_version = %d",
	    CATALOG_APPLICATION_ID, CATALOG_SCHEMA_LATEST);
	return catalog_exec(cat, sql);
}
