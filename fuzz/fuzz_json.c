/* fuzz_json.c: JSON import: a located one-line reason on failure; what it accepts is valid and exports to a document that imports the same. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "tui/json_catalog.h"

static bool
same_text(const char *a, const char *b)
{
	/* The store keeps "" and NULL alike. */
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static void
check_same_entry(const struct entry *a, const struct entry *b)
{
	size_t i;

	FUZZ_CHECK(strcmp(a->name, b->name) == 0);
	FUZZ_CHECK(same_text(a->title, b->title));
	FUZZ_CHECK(a->kind == b->kind && a->key == b->key);
	FUZZ_CHECK(a->platform == b->platform && a->enabled == b->enabled);
	FUZZ_CHECK(same_text(a->target, b->target));
	FUZZ_CHECK(same_text(a->target_efi, b->target_efi));
	FUZZ_CHECK(same_text(a->args, b->args));
	FUZZ_CHECK(same_text(a->script, b->script));
	FUZZ_CHECK(same_text(a->boot, b->boot));
	FUZZ_CHECK(a->n_initrds == b->n_initrds);
	for (i = 0; i < a->n_initrds; i++)
		FUZZ_CHECK(strcmp(a->initrds[i], b->initrds[i]) == 0);
}

static void
check_same_host(const struct host *a, const struct host *b)
{
	FUZZ_CHECK(strcmp(a->mac, b->mac) == 0);
	FUZZ_CHECK(same_text(a->name, b->name));
	FUZZ_CHECK(same_text(a->default_entry, b->default_entry));
	FUZZ_CHECK(same_text(a->next_entry, b->next_entry));
	FUZZ_CHECK(a->skip_menu == b->skip_menu);
	FUZZ_CHECK(a->localboot == b->localboot);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog_import imp, again;
	char err[1024], verr[256], *doc;
	json_t *root, *a;
	size_t i;

	err[0] = '\0';
	if (json_catalog_parse((const char *)data, size, &imp, err,
	    sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		json_catalog_import_clear(&imp);
		return 0;
	}
	for (i = 0; i < imp.n_entries; i++)
		FUZZ_CHECK(entry_validate(&imp.entries[i], verr,
		    sizeof verr) == CATALOG_OK);

	/* Entries and hosts as export writes them import as they were. */
	root = json_object();
	json_object_set_new(root, "format", json_string(JSON_CATALOG_FORMAT));
	json_object_set_new(root, "version",
	    json_integer(JSON_CATALOG_VERSION));
	a = json_array();
	for (i = 0; i < imp.n_entries; i++)
		json_array_append_new(a, json_catalog_entry(&imp.entries[i]));
	json_object_set_new(root, "entries", a);
	a = json_array();
	for (i = 0; i < imp.n_hosts; i++)
		json_array_append_new(a, json_catalog_host(&imp.hosts[i],
		    false));
	json_object_set_new(root, "hosts", a);
	doc = json_dumps(root, JSON_COMPACT);
	FUZZ_CHECK(doc != NULL);
	if (json_catalog_parse(doc, strlen(doc), &again, err,
	    sizeof err) != 0)
		fprintf(stderr, "re-import failed: %s\n%s\n", err, doc);
	FUZZ_CHECK(again.n_entries == imp.n_entries);
	FUZZ_CHECK(again.n_hosts == imp.n_hosts);
	for (i = 0; i < imp.n_entries; i++)
		check_same_entry(&imp.entries[i], &again.entries[i]);
	for (i = 0; i < imp.n_hosts; i++)
		check_same_host(&imp.hosts[i], &again.hosts[i]);
	free(doc);
	json_decref(root);
	json_catalog_import_clear(&again);
	json_catalog_import_clear(&imp);
	return 0;
}
