/* catalog.h: the bootdeck catalog in SQLite: entries, hosts, menu, clients, boot events. */
#ifndef BOOTDECK_CATALOG_H
#define BOOTDECK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/mac.h"
#include "db/entry_kind.h"

/*
 * Every function returns one of these. On failure catalog_error() holds a
 * one-line reason fit for a sysadmin ("no entry named 'x'", "database is
 * locked by another process"). The library never prints and never exits.
 */
enum catalog_status {
	CATALOG_OK = 0,
	CATALOG_NOTFOUND,	/* no such entry, host or file */
	CATALOG_EXISTS,		/* name or MAC already taken */
	CATALOG_INVALID,	/* a field fails validation */
	CATALOG_INUSE,		/* entry still referenced (hosts, menu default) */
	CATALOG_CONFLICT,	/* record changed since it was read (rev) */
	CATALOG_BUSY,		/* locked past busy_timeout */
	CATALOG_READONLY,	/* file or directory not writable */
	CATALOG_CORRUPT,	/* damaged, or not a bootdeck catalog */
	CATALOG_TOONEW,		/* schema newer than this build knows */
	CATALOG_ERROR		/* any other SQLite or I/O failure */
};

enum catalog_open_flags {
	CATALOG_OPEN_CREATE = 1u << 0,	/* create a missing file (init) */
	CATALOG_OPEN_READONLY = 1u << 1,
	/* Read-write (migrations may run), then PRAGMA query_only: readers
	   that can write get SQLite's clean-up of -wal and -shm on close. */
	CATALOG_OPEN_QUERY_ONLY = 1u << 2,
};

struct catalog;

/*
 * Opens (and with CREATE makes) the catalog, sets WAL, synchronous=NORMAL,
 * busy_timeout and foreign keys, checks it is a bootdeck catalog and runs
 * pending migrations forward in one transaction. A missing file without
 * CREATE, a locked, unreadable or corrupt file all fail here with the
 * reason in err. *catp is NULL on failure.
 */
int catalog_open(const char *path, unsigned flags, struct catalog **catp,
    char *err, size_t errlen);
/*
 * Closes. A connection opened READONLY that made the -wal and -shm files
 * (SQLite never removes those of a read-only connection) removes them
 * when they are still empty and unused, so a reader leaves no files
 * owned by its user that would lock the service out.
 */
void catalog_close(struct catalog *cat);
/*
 * Whether this process can write the catalog at path, the -wal, -shm and
 * -journal files beside it (those that exist) and its directory: SQLite
 * opens a -shm it cannot write read-only and the writer then fails much
 * later. CATALOG_OK, or CATALOG_READONLY with a line in err naming the
 * file, its owner and mode, and the user we run as. A missing catalog
 * is left to catalog_open to report.
 */
int catalog_check_writable(const char *path, char *err, size_t errlen);
const char *catalog_error(const struct catalog *cat);
const char *catalog_status_name(int status);
/* PRAGMA user_version after migrations; the newest this build knows. */
int catalog_schema_version(struct catalog *cat);
int catalog_schema_latest(void);
/* PRAGMA data_version: changes when another connection commits. */
int catalog_data_version(struct catalog *cat, int64_t *version);
/* Changes with every commit that adds, changes or removes a host or renames
   or removes an entry, and not otherwise (clients seen, boot events): a
   screen of thousands of hosts re-reads them only when this moved. */
int catalog_host_stamp(struct catalog *cat, int64_t *stamp);
/* Overrides the busy_timeout (default 5000 ms) of this connection. */
void catalog_set_busy_timeout(struct catalog *cat, int ms);
/* PRAGMA quick_check: CORRUPT with the first problem, for a health check
   (not run at open: it reads the whole file). */
int catalog_check(struct catalog *cat);

/* Entries --------------------------------------------------------------- */

/* Entry platform filter, and also a client's firmware. */
enum platform {
	PLATFORM_ANY = 0,	/* entries only; a client is never ANY */
	PLATFORM_BIOS,		/* iPXE ${platform} "pcbios" */
	PLATFORM_EFI,		/* iPXE ${platform} "efi" */
	PLATFORM_COUNT
};

#define ENTRY_NAME_MAX	 64	/* [A-Za-z0-9][A-Za-z0-9._-]* */
#define ENTRY_TITLE_MAX	 200
#define ENTRY_PATH_MAX	 1024	/* a PATH under the images root, or a URL */
#define ENTRY_ARGS_MAX	 2048
#define ENTRY_SCRIPT_MAX 65536
#define ENTRY_INITRDS_MAX 16
#define ENTRY_SUBMENU_MAX 64

struct entry {
	int64_t		  id;		/* 0 until stored */
	int64_t		  rev;		/* bumped by every update */
	char		 *name;
	char		 *title;
	enum entry_kind	  kind;
	char		  key;		/* menu hotkey, '\0' for none */
	enum platform	  platform;	/* ANY, BIOS or EFI */
	int		  position;	/* menu order, 1-based, dense */
	bool		  enabled;
	char		 *target;	/* ISO, memdisk ISO, kernel or chain URL */
	char		 *target_efi;	/* ENTRY_KERNEL: separate UEFI kernel */
	char		**initrds;	/* ENTRY_KERNEL */
	size_t		  n_initrds;
	char		 *args;		/* ENTRY_KERNEL command line */
	char		 *script;	/* ENTRY_SCRIPT body */
	char		 *boot;		/* ENTRY_ISO: ENTRY_BOOT_*, NULL: auto */
	/* The submenu it is listed in (its title, free text); NULL: the
	   main menu. Entries with the same submenu make one submenu, shown
	   in the main menu where its first entry is. */
	char		 *submenu;
};

/* How an ISO entry boots: straight from the kernel inside it with its
   family's arguments, as an emulated disk, or loaded into RAM. */
#define ENTRY_BOOT_AUTO		"auto"		/* direct if a recipe fits, else sanboot */
#define ENTRY_BOOT_DIRECT	"direct"
#define ENTRY_BOOT_SANBOOT	"sanboot"
#define ENTRY_BOOT_MEMDISK	"memdisk"	/* BIOS only */
/* e's boot method, "auto" when unset. */
const char *entry_boot_mode(const struct entry *e);

/* Frees the fields (not e itself) and zeroes it; accepts NULL. */
void entry_clear(struct entry *e);
void entry_array_free(struct entry *v, size_t n);
/* Deep copy; dst is overwritten (clear it first if it held anything). */
void entry_copy(struct entry *dst, const struct entry *src);
/*
 * Checks every field against the kind: name syntax, required targets,
 * fields a kind does not use left empty, lengths, no control bytes, hotkey
 * [a-z0-9], memdisk not EFI. Pure: no catalog needed.
 */
int entry_validate(const struct entry *e, char *err, size_t errlen);
/* Where e keeps a text field (target, target_efi, args, script); NULL for
   the initrds, which are a list. */
char **entry_field_text(struct entry *e, enum entry_field field);
/* Whether e can boot on client firmware p (BIOS or EFI): kind, platform
   filter, memdisk, a target for p. */
bool entry_fits(const struct entry *e, enum platform p);
/* A target that is an http:// or https:// URL rather than an image PATH. */
bool entry_target_is_url(const char *target);

const char *entry_kind_name(enum entry_kind kind);	/* "iso", "kernel"... */
int entry_kind_parse(const char *s, enum entry_kind *kind);
/* Whether a kind can boot on client firmware p (BIOS or EFI). */
bool entry_kind_boots_on(enum entry_kind kind, enum platform p);
const char *platform_name(enum platform p);		/* "any" "bios" "efi" */
/* Accepts any|bios|pcbios|efi; returns 0 or -1. */
int platform_parse(const char *s, enum platform *p);

/* All entries (enabled or not) in menu order. */
int catalog_entry_list(struct catalog *cat, struct entry **v, size_t *n);
int catalog_entry_get(struct catalog *cat, const char *name, struct entry *e);
/* Validates, appends at the end of the menu when position is 0, sets id and rev. */
int catalog_entry_add(struct catalog *cat, struct entry *e);
/*
 * Replaces the stored entry e->id with e (renames allowed). Fails with
 * CONFLICT when the stored rev differs from e->rev; on success e->rev is
 * the new rev. Position is changed only through catalog_entry_move.
 */
int catalog_entry_update(struct catalog *cat, struct entry *e);
/* INUSE while hosts or the menu default refer to it, unless force clears them. */
int catalog_entry_remove(struct catalog *cat, const char *name, bool force);
/* Moves to a 1-based position (clamped), renumbering the rest. */
int catalog_entry_move(struct catalog *cat, const char *name, int position);

/* Hosts ----------------------------------------------------------------- */

enum localboot_method {
	LOCALBOOT_AUTO = 0,	/* UEFI: exit; BIOS: sanboot --drive 0x80 */
	LOCALBOOT_SANBOOT,	/* BIOS: sanboot --no-describe --drive 0x80 */
	LOCALBOOT_EXIT,		/* both: exit to the firmware's next device */
	LOCALBOOT_COUNT
};

#define HOST_NAME_MAX_LEN 64

struct host {
	int64_t			 id;
	int64_t			 rev;
	char			 mac[MAC_STRLEN];	/* normalized */
	char			*name;		/* free text label, may be NULL */
	char			*default_entry;	/* entry name or NULL */
	char			*next_entry;	/* one-shot entry name or NULL */
	bool			 skip_menu;	/* boot default without the menu */
	enum localboot_method	 localboot;
	/* Read only, filled from the clients table by get/list: */
	int64_t			 last_seen;	/* unix seconds, 0: never */
	char			*last_ip;
};

void host_clear(struct host *h);
void host_array_free(struct host *v, size_t n);
const char *localboot_name(enum localboot_method m);	/* auto sanboot exit */
int localboot_parse(const char *s, enum localboot_method *m);

int catalog_host_list(struct catalog *cat, struct host **v, size_t *n);
int catalog_host_get(struct catalog *cat, const char *mac, struct host *h);
/*
 * Inserts (h->id == 0) or updates (rev checked as for entries). Entry names
 * must exist (NOTFOUND names the missing one).
 */
int catalog_host_put(struct catalog *cat, struct host *h);
int catalog_host_remove(struct catalog *cat, const char *mac);

/* Menu and settings ------------------------------------------------------ */

#define MENU_TITLE_MAX 200

struct menu_settings {
	char	*title;
	int	 timeout;		/* seconds; 0: wait for a choice */
	char	*default_entry;		/* entry name or NULL */
};

void menu_settings_clear(struct menu_settings *m);
/* Why title cannot be the menu's ("is empty", "is longer than 200
   bytes", "contains a control character" ...), or NULL. Pure. */
const char *menu_title_problem(const char *title);
int catalog_menu_get(struct catalog *cat, struct menu_settings *m);
int catalog_menu_put(struct catalog *cat, const struct menu_settings *m);

/* Other key/value settings (base_url, log_retention, ...). *value is NULL
   when unset; setting NULL removes it. Keys are [a-z0-9_.-]. The keys below
   are checked when set (INVALID, or NOTFOUND for a missing entry); "" is
   the same as unset. */
#define CATALOG_SETTING_BASE_URL	"base_url"	/* http://HOST[:PORT] */
#define CATALOG_SETTING_LOG_RETENTION	"log_retention"	/* events kept, >= 0 */
/* The entry a client without a host row boots instead of the menu. Removing
   that entry is INUSE unless forced (which clears it); renames carry it. */
#define CATALOG_SETTING_UNKNOWN_ENTRY	"unknown_entry"
int catalog_setting_get(struct catalog *cat, const char *key, char **value);
int catalog_setting_set(struct catalog *cat, const char *key, const char *value);

/*
 * Everything one /boot.ipxe or /entry request needs, read in one short
 * read transaction so the menu is consistent.
 */
struct boot_view {
	struct menu_settings	 menu;
	struct entry		*entries;	/* enabled entries, menu order */
	size_t			 n_entries;
	bool			 host_known;
	struct host		 host;		/* valid when host_known */
	/* The settings of the same names; NULL when unset or empty. */
	char			*unknown_entry;
	char			*base_url;
};

void boot_view_clear(struct boot_view *bv);
/* mac may be NULL or "" (unidentified client): host_known is false. */
int catalog_boot_view(struct catalog *cat, const char *mac,
    struct boot_view *bv);

/* Clients and boot events -------------------------------------------------- */

/* What bootdeckd saw; filled on the request path, stored by the writer. */
enum record_kind {
	RECORD_BOOT,		/* /boot.ipxe served: menu, or chained to entry */
	RECORD_ENTRY,		/* /entry/NAME served: the client chose NAME */
	RECORD_TRANSFER,	/* image bytes sent since the last record */
	RECORD_ERROR,		/* unknown entry, missing image, bad request */
	RECORD_KIND_COUNT
};

#define CLIENT_FACT_MAX 128	/* longer client-supplied facts are cut */
#define IP_STRLEN 46

struct boot_record {
	enum record_kind kind;
	int64_t		 ts_ms;		/* unix milliseconds */
	char		 mac[MAC_STRLEN];	/* "" when unknown */
	char		 ip[IP_STRLEN];
	/* RECORD_BOOT: client facts (platform, arch validated; rest free text). */
	char		*platform, *arch, *uuid, *serial, *manufacturer,
			*product, *version;
	/* RECORD_BOOT: the iPXE build's own id (build=), NULL for a stock
	   iPXE; stored whenever version is (the facts of one report). */
	char		*build;
	/* RECORD_BOOT: "menu" or the entry chained to; RECORD_ENTRY: entry name. */
	char		*entry;
	/* RECORD_ENTRY: clear the host's next boot if it still names entry
	   and, when host_rev is not 0, the host is still at that rev (the one
	   the server saw when it served the boot): a next boot set again
	   after the boot is newer than it, and stays. */
	bool		 consume_next;
	int64_t		 host_rev;
	/* Not 0: the record's number in bootdeckd's journal, which replays
	   it after a crash; a record at or below the catalog's mark
	   (catalog_journal_mark) is skipped whole, and storing it moves the
	   mark, in the same transaction: each is written once. */
	int64_t		 journal_seq;
	/* RECORD_TRANSFER: image path under /images/, bytes and Range requests
	   since the last record of this transfer, the file size. */
	char		*path;
	int64_t		 bytes, requests, size;
	/* RECORD_ERROR (and optional note elsewhere): one line. */
	char		*detail;
};

void boot_record_clear(struct boot_record *r);
/*
 * Whether storing r changes the catalog's configuration (a next boot
 * consumed) rather than only its log: such a record must not be lost,
 * where a log event may be dropped under pressure.
 */
bool boot_record_changes_state(const struct boot_record *r);

/*
 * Stores a batch in one BEGIN IMMEDIATE transaction: events rows, the
 * clients table (last seen, IP, facts, stage), image transfers aggregated
 * per client, image and boot (one row, updated, however many ranges), and
 * one-shot next boots consumed. Then prunes events beyond the retention
 * limit (at most a bounded number of rows per call, so pruning is batched).
 * A client's current boot starts at its latest RECORD_BOOT or RECORD_ENTRY;
 * retention <= 0 keeps every event. Control bytes in stored text become '?'.
 * A transfer or error without a MAC (what a booted system fetches itself)
 * is put down to the machine last identified from its IP within 6 hours.
 * A MAC that names no one machine (mac_problem) counts as none.
 */
int catalog_record(struct catalog *cat, const struct boot_record *v, size_t n,
    int64_t retention);

/* A catalog's identity: 16 hex digits made when the schema was, so a file
   beside the catalog can tell it from another one later at the same path. */
#define CATALOG_ID_LEN 17
/* The identity, and the highest journal_seq stored (0: none). */
int catalog_journal_mark(struct catalog *cat, char id[CATALOG_ID_LEN],
    int64_t *applied);

struct client {
	char	 key[MAC_STRLEN + IP_STRLEN];	/* mac, or "ip:ADDR" */
	char	 mac[MAC_STRLEN];		/* "" when never identified */
	char	 ip[IP_STRLEN];
	char	*host_name;			/* from hosts, NULL if unknown */
	char	*platform, *arch, *uuid, *serial, *manufacturer, *product,
		*version;
	char	*build;		/* NULL: a stock iPXE, or never reported */
	int64_t	 first_seen_ms, last_seen_ms;
	char	*stage;		/* "menu", "entry", "download", "error" */
	char	*entry;		/* last entry chosen, NULL if none */
	/* The current boot's image transfers, summed: */
	char	*image;		/* most recent image path, NULL if none */
	int64_t	 bytes, size, requests;
};

void client_array_free(struct client *v, size_t n);
/* Most recently seen first. */
int catalog_client_list(struct catalog *cat, struct client **v, size_t *n);
/* The same, only clients seen at or after since_ms, at most limit (0: all):
   an index walk, so cheap however many clients the table holds. */
int catalog_client_list_recent(struct catalog *cat, int64_t since_ms,
    size_t limit, struct client **v, size_t *n);

/* Everything the catalog knows of one machine: what `bootdeck host show`
   and the console's host view print. */
#define HOST_DETAIL_IPS		10	/* most recent addresses kept */
#define HOST_DETAIL_BOOTS	10	/* most recent boots kept */

struct host_ip {
	char	 ip[IP_STRLEN];
	int64_t	 first_ms, last_ms;	/* seen from it, in the log kept */
};

/* How a boot (a menu or a chain to an entry, /boot.ipxe) went. */
enum host_boot_outcome {
	HOST_BOOT_MENU,		/* the menu was shown; nothing chosen */
	HOST_BOOT_ENTRY,	/* an entry was served; no image fetched */
	HOST_BOOT_IMAGES,	/* image files were fetched */
	HOST_BOOT_ERROR,	/* bootdeckd answered an error (detail) */
	HOST_BOOT_OUTCOME_COUNT
};

struct host_boot {
	int64_t			 ts_ms;
	char			*entry;		/* chosen or chained to; NULL: none */
	enum host_boot_outcome	 outcome;
	char			*detail;	/* HOST_BOOT_ERROR: the last error */
	int64_t			 images;	/* image files fetched */
	int64_t			 bytes, size;	/* their bytes sent, their sizes */
};

struct host_detail {
	char		 mac[MAC_STRLEN];
	bool		 is_host;	/* a hosts row: host is valid */
	struct host	 host;
	bool		 seen;		/* a clients row: client is valid */
	struct client	 client;	/* what the machine reported */
	struct host_ip	*ips;		/* distinct IPs, last used first */
	size_t		 n_ips;
	struct host_boot *boots;	/* newest first */
	size_t		 n_boots;
};

/* "menu", "entry", "images", "error". */
const char *host_boot_outcome_name(enum host_boot_outcome o);
void host_detail_clear(struct host_detail *d);
/*
 * Reads d for the normalized mac in one read transaction: the host row,
 * the client's reported facts, its IPs and its last boots (from the boot
 * log, so as far back as retention keeps). NOTFOUND when the catalog has
 * neither a host nor a client nor an event with that MAC.
 */
int catalog_host_detail(struct catalog *cat, const char *mac,
    struct host_detail *d);

struct boot_event {
	int64_t		 id;
	int64_t		 ts_ms;
	enum record_kind kind;
	char		 mac[MAC_STRLEN];
	char		 ip[IP_STRLEN];
	char		*entry;
	char		*path;
	char		*detail;
	/* RECORD_TRANSFER events are one per transfer; these are its totals. */
	int64_t		 bytes, size, requests, last_ms;
};

void boot_event_array_free(struct boot_event *v, size_t n);
const char *record_kind_name(enum record_kind kind);	/* boot entry image error */
/*
 * Events with id > after_id, oldest first, at most limit (0: no limit);
 * mac NULL for all clients. With after_id 0 and a limit, the newest limit
 * events are returned (still oldest first).
 */
int catalog_event_list(struct catalog *cat, int64_t after_id, const char *mac,
    size_t limit, struct boot_event **v, size_t *n);

/* Import ------------------------------------------------------------------ */

/*
 * Makes the catalog calls between them one transaction (BEGIN IMMEDIATE
 * when write): a consistent read of several lists, or many changes that
 * apply together or not at all. end commits when status is CATALOG_OK,
 * rolls back otherwise, and returns the final status.
 */
int catalog_batch_begin(struct catalog *cat, bool write);
int catalog_batch_end(struct catalog *cat, int status);

/* The settings a whole-catalog import and export carry, by index; NULL
   past the last. */
const char *catalog_import_setting(size_t i);
#define CATALOG_IMPORT_SETTINGS 3

enum catalog_import_menu_field {
	CATALOG_IMPORT_MENU_TITLE = 1u << 0,
	CATALOG_IMPORT_MENU_TIMEOUT = 1u << 1,
	CATALOG_IMPORT_MENU_DEFAULT = 1u << 2,
};

/* A whole catalog to apply (from a JSON export). */
struct catalog_import {
	struct entry	*entries;	/* position 0: its place in the list */
	size_t		 n_entries;
	struct host	*hosts;		/* id and rev ignored */
	size_t		 n_hosts;
	struct menu_settings menu;
	unsigned	 menu_given;	/* CATALOG_IMPORT_MENU_* */
	char		*settings[CATALOG_IMPORT_SETTINGS];	/* NULL: unset */
	unsigned	 settings_given;	/* bit i: settings[i] given */
	bool		 replace;	/* remove what the import lacks */
	bool		 dry_run;	/* do it all, then roll back */
};

enum catalog_import_count {
	CATALOG_IMPORT_ADDED, CATALOG_IMPORT_CHANGED, CATALOG_IMPORT_REMOVED,
	CATALOG_IMPORT_SAME, CATALOG_IMPORT_COUNTS
};

struct catalog_import_result {
	size_t		 entries[CATALOG_IMPORT_COUNTS];
	size_t		 hosts[CATALOG_IMPORT_COUNTS];
	size_t		 settings_changed;	/* menu fields and settings */
	/* On failure: the part that failed ("entries", "hosts", "menu",
	   "settings") and the index in entries or hosts (SIZE_MAX: none). */
	const char	*where;
	size_t		 index;
};

/*
 * Applies imp in one BEGIN IMMEDIATE transaction, through the same checks
 * as every other change: entries merged by name, hosts by MAC, the given
 * menu fields and settings set, hotkeys free to move between entries;
 * with replace, entries (first) and hosts it lacks are removed and
 * settings it lacks unset. Unchanged records are left
 * alone (an import of an export changes nothing). Any failure rolls the
 * whole import back. Entries are validated (entry_validate) first.
 */
int catalog_import_apply(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res);

#endif
