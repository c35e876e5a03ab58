/* import.c: a whole catalog applied in one transaction (JSON import), and batches of catalog calls. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "db/catalog_int.h"

static const char *const import_settings[CATALOG_IMPORT_SETTINGS] = {
	CATALOG_SETTING_BASE_URL,
	CATALOG_SETTING_LOG_RETENTION,
	CATALOG_SETTING_UNKNOWN_ENTRY,
};

int
catalog_batch_begin(struct catalog *cat, bool write)
{
	return catalog_begin(cat, write);
}

int
catalog_batch_end(struct catalog *cat, int status)
{
	return catalog_end(cat, status);
}

const char *
catalog_import_setting(size_t i)
{
	return i < CATALOG_IMPORT_SETTINGS ? import_settings[i] : NULL;
}

/* Text fields compare with NULL and "" the same: the store keeps no "". */
static bool
import_same_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Everything but id, rev and position, which the import does not carry
   or sets apart. */
static bool
import_same_entry(const struct entry *a, const struct entry *b)
{
	size_t i;

	if (!import_same_text(a->name, b->name) ||
	    !import_same_text(a->title, b->title) || a->kind != b->kind ||
	    a->key != b->key || a->platform != b->platform ||
	    a->enabled != b->enabled || !import_same_text(a->target, b->target) ||
	    !import_same_text(a->target_efi, b->target_efi) ||
	    !import_same_text(a->args, b->args) ||
	    !import_same_text(a->script, b->script) ||
	    !import_same_text(a->boot, b->boot) ||
	    !import_same_text(a->submenu, b->submenu) || a->n_initrds != b->n_initrds)
		return false;
	for (i = 0; i < a->n_initrds; i++)
		if (!import_same_text(a->initrds[i], b->initrds[i]))
			return false;
	return true;
}

static bool
import_same_host(const struct host *a, const struct host *b)
{
	return import_same_text(a->name, b->name) &&
	    import_same_text(a->default_entry, b->default_entry) &&
	    import_same_text(a->next_entry, b->next_entry) &&
	    a->skip_menu == b->skip_menu && a->localboot == b->localboot;
}

static int
import_entry(struct catalog *cat, const struct entry *in,
    struct catalog_import_result *res)
{
	struct entry old = { 0 }, e;
	int status;

	entry_copy(&e, in);
	e.position = 0;
	status = catalog_entry_get(cat, in->name, &old);
	if (status == CATALOG_NOTFOUND) {
		status = catalog_entry_add(cat, &e);
		res->entries[CATALOG_IMPORT_ADDED]++;
	} else if (status == CATALOG_OK && import_same_entry(&old, &e))
		res->entries[CATALOG_IMPORT_SAME]++;
	else if (status == CATALOG_OK) {
		e.id = old.id;
		e.rev = old.rev;
		status = catalog_entry_update(cat, &e);
		res->entries[CATALOG_IMPORT_CHANGED]++;
	}
	entry_clear(&old);
	entry_clear(&e);
	return status;
}

static int
import_host(struct catalog *cat, const struct host *in,
    struct catalog_import_result *res)
{
	struct host old = { 0 }, h = *in;
	int status;

	h.id = h.rev = 0;
	h.last_ip = NULL;
	status = catalog_host_get(cat, in->mac, &old);
	if (status == CATALOG_NOTFOUND) {
		status = catalog_host_put(cat, &h);
		res->hosts[CATALOG_IMPORT_ADDED]++;
	} else if (status == CATALOG_OK && import_same_host(&old, &h))
		res->hosts[CATALOG_IMPORT_SAME]++;
	else if (status == CATALOG_OK) {
		h.id = old.id;
		h.rev = old.rev;
		status = catalog_host_put(cat, &h);
		res->hosts[CATALOG_IMPORT_CHANGED]++;
	}
	host_clear(&old);
	return status;
}

/* With replace: the hosts the import does not list. */
static int
import_prune_hosts(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	struct host *v = NULL;
	size_t n = 0, i, j;
	int status;

	status = catalog_host_list(cat, &v, &n);
	for (i = 0; status == CATALOG_OK && i < n; i++) {
		for (j = 0; j < imp->n_hosts; j++)
			if (strcmp(v[i].mac, imp->hosts[j].mac) == 0)
				break;
		if (j < imp->n_hosts)
			continue;
		status = catalog_host_remove(cat, v[i].mac);
		res->hosts[CATALOG_IMPORT_REMOVED]++;
	}
	host_array_free(v, n);
	return status;
}

/* With replace: the entries the import does not list, and with them
   what refers to them (hosts and settings are set from the import next). */
static int
import_prune_entries(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	struct entry *v = NULL;
	size_t n = 0, i, j;
	int status;

	status = catalog_entry_list(cat, &v, &n);
	for (i = 0; status == CATALOG_OK && i < n; i++) {
		for (j = 0; j < imp->n_entries; j++)
			if (strcmp(v[i].name, imp->entries[j].name) == 0)
				break;
		if (j < imp->n_entries)
			continue;
		status = catalog_entry_remove(cat, v[i].name, true);
		res->entries[CATALOG_IMPORT_REMOVED]++;
	}
	entry_array_free(v, n);
	return status;
}

static int
import_menu(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	struct menu_settings old = { 0 }, m;
	int status;

	if (imp->menu_given == 0)
		return CATALOG_OK;
	status = catalog_menu_get(cat, &old);
	if (status != CATALOG_OK)
		return status;
	m = old;
	if (imp->menu_given & CATALOG_IMPORT_MENU_TITLE)
		m.title = imp->menu.title;
	if (imp->menu_given & CATALOG_IMPORT_MENU_TIMEOUT)
		m.timeout = imp->menu.timeout;
	if (imp->menu_given & CATALOG_IMPORT_MENU_DEFAULT)
		m.default_entry = imp->menu.default_entry;
	if (!import_same_text(m.title, old.title) || m.timeout != old.timeout ||
	    !import_same_text(m.default_entry, old.default_entry)) {
		status = catalog_menu_put(cat, &m);
		res->settings_changed++;
	}
	menu_settings_clear(&old);
	return status;
}

static int
import_setting(struct catalog *cat, const struct catalog_import *imp,
    size_t i, struct catalog_import_result *res)
{
	char *old = NULL;
	int status;

	if (!(imp->settings_given & (1u << i)) && !imp->replace)
		return CATALOG_OK;
	status = catalog_setting_get(cat, import_settings[i], &old);
	if (status == CATALOG_OK &&
	    !import_same_text(old, imp->settings[i])) {
		status = catalog_setting_set(cat, import_settings[i],
		    imp->settings[i]);
		res->settings_changed++;
	}
	free(old);
	return status;
}

/* Last, when every entry is in: each to its place, in ascending order so
   one move never undoes an earlier one. */
static int
import_order(struct catalog *cat, const struct catalog_import *imp)
{
	struct entry cur;
	size_t i, j, *order;
	int status = CATALOG_OK, want;

	order = xcalloc(imp->n_entries + 1, sizeof *order);
	for (i = 0; i < imp->n_entries; i++)
		order[i] = i;
	/* Insertion sort by wanted position: the lists are short. */
	for (i = 1; i < imp->n_entries; i++)
		for (j = i; j > 0; j--) {
			const struct entry *a = &imp->entries[order[j - 1]];
			const struct entry *b = &imp->entries[order[j]];
			int pa = a->position > 0 ? a->position : (int)order[j - 1] + 1;
			int pb = b->position > 0 ? b->position : (int)order[j] + 1;
			size_t t;

			if (pa <= pb)
				break;
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; status == CATALOG_OK && i < imp->n_entries; i++) {
		const struct entry *e = &imp->entries[order[i]];

		want = e->position > 0 ? e->position : (int)order[i] + 1;
		memset(&cur, 0, sizeof cur);
		status = catalog_entry_get(cat, e->name, &cur);
		if (status == CATALOG_OK && cur.position != want)
			status = catalog_entry_move(cat, e->name, want);
		entry_clear(&cur);
	}
	free(order);
	return status;
}

/* Hotkeys that move from one entry to another: the stored ones are let
   go first, so the unique check sees only where they end up. */
static int
import_free_keys(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	struct entry old;
	size_t i;
	int status = CATALOG_OK;

	for (i = 0; status == CATALOG_OK && i < imp->n_entries; i++) {
		res->index = i;
		memset(&old, 0, sizeof old);
		status = catalog_entry_get(cat, imp->entries[i].name, &old);
		if (status == CATALOG_NOTFOUND)
			status = CATALOG_OK;
		else if (status == CATALOG_OK && old.key != '\0' &&
		    old.key != imp->entries[i].key) {
			old.key = '\0';
			status = catalog_entry_update(cat, &old);
		}
		entry_clear(&old);
	}
	return status;
}

static int
import_apply_tx(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	size_t i;
	int status;

	/* With replace, what goes goes first (references to it cleared:
	   the file sets every host and the menu again), so a name or
	   hotkey it held is free for what comes. */
	res->where = "entries";
	if (imp->replace && (status = import_prune_entries(cat, imp, res)) !=
	    CATALOG_OK)
		return status;
	if ((status = import_free_keys(cat, imp, res)) != CATALOG_OK)
		return status;
	for (i = 0; i < imp->n_entries; i++) {
		res->index = i;
		if ((status = import_entry(cat, &imp->entries[i], res)) !=
		    CATALOG_OK)
			return status;
	}
	res->where = "hosts";
	for (i = 0; i < imp->n_hosts; i++) {
		res->index = i;
		if ((status = import_host(cat, &imp->hosts[i], res)) !=
		    CATALOG_OK)
			return status;
	}
	res->index = SIZE_MAX;
	if (imp->replace && (status = import_prune_hosts(cat, imp, res)) !=
	    CATALOG_OK)
		return status;
	res->where = "menu";
	if ((status = import_menu(cat, imp, res)) != CATALOG_OK)
		return status;
	res->where = "settings";
	for (i = 0; i < CATALOG_IMPORT_SETTINGS; i++)
		if ((status = import_setting(cat, imp, i, res)) != CATALOG_OK)
			return status;
	res->where = "entries";
	status = import_order(cat, imp);
	if (status == CATALOG_OK)
		res->where = NULL;
	return status;
}

int
catalog_import_apply(struct catalog *cat, const struct catalog_import *imp,
    struct catalog_import_result *res)
{
	size_t i;
	int status;

	memset(res, 0, sizeof *res);
	res->index = SIZE_MAX;
	/* Every entry on its own first: the cheap checks fail before any write. */
	res->where = "entries";
	for (i = 0; i < imp->n_entries; i++) {
		res->index = i;
		status = entry_validate(&imp->entries[i], cat->err,
		    sizeof cat->err);
		if (status != CATALOG_OK)
			return status;
	}
	res->index = SIZE_MAX;
	res->where = NULL;
	status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	status = import_apply_tx(cat, imp, res);
	if (status == CATALOG_OK && imp->dry_run) {
		/* The whole import ran, its checks with it; none of it stays. */
		catalog_end(cat, CATALOG_ERROR);
		return CATALOG_OK;
	}
	return catalog_end(cat, status);
}
