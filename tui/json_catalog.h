/* json_catalog.h: the catalog as JSON: the export/import document and the --json forms of the lists. */
#ifndef BOOTDECK_JSON_CATALOG_H
#define BOOTDECK_JSON_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "db/catalog.h"

/* The document's "format" and the newest "version" this build reads and
   writes; share/bootdeck-catalog.schema.json describes it. */
#define JSON_CATALOG_FORMAT	"bootdeck-catalog"
/* 2: entries[].submenu; 1 is read too */
#define JSON_CATALOG_VERSION	2
/* Imports larger than this are refused before parsing. */
#define JSON_CATALOG_MAX_BYTES	(64u * 1024 * 1024)

/* One record as an object; the lists' --json and the export share them. */
json_t *json_catalog_entry(const struct entry *e);
/* with_seen: also last_seen and last_ip, which an export leaves out. */
json_t *json_catalog_host(const struct host *h, bool with_seen);
/* `bootdeck host show --json`: the host (or null), what the client
   reported (or null), its IPs and its last boots, times in unix ms. */
json_t *json_catalog_host_detail(const struct host_detail *d);
json_t *json_catalog_client(const struct client *c);
json_t *json_catalog_event(const struct boot_event *ev);

/* The whole catalog, read in one transaction; with_log adds the boot
   events. NULL on a catalog failure (catalog_error() says why). */
json_t *json_catalog_export(struct catalog *cat, bool with_log, int *status);

/*
 * Parses and checks a document into imp (which the caller clears with
 * json_catalog_import_clear): syntax, the format and version, types,
 * unknown fields, duplicate names and MACs, and every entry through
 * entry_validate. On failure -1 and err holds "PATH: reason" with the
 * JSON path ("entries[3].target: ...") or "LINE:COLUMN: reason".
 */
int json_catalog_parse(const char *text, size_t len,
    struct catalog_import *imp, char *err, size_t errlen);
void json_catalog_import_clear(struct catalog_import *imp);

/* Prints v to f: indented, or one line when compact; then a newline.
   Takes v's reference. */
void json_catalog_print(json_t *v, FILE *f, bool compact);

#endif
