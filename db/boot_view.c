/* boot_view.c: everything one /boot.ipxe or /entry request needs, in one read transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/catalog_int.h"

void
boot_view_clear(struct boot_view *bv)
{
	if (bv == NULL)
		return;
	menu_settings_clear(&bv->menu);
	entry_array_free(bv->entries, bv->n_entries);
	host_clear(&bv->host);
	free(bv->unknown_entry);
	free(bv->base_url);
	memset(bv, 0, sizeof *bv);
}

/* A setting for the boot view: NULL when unset or empty. */
static int
boot_view_setting(struct catalog *cat, const char *key, char **value)
{
	int status = catalog_setting_get(cat, key, value);

	if (*value != NULL && **value == '\0') {
		free(*value);
		*value = NULL;
	}
	return status;
}

static int
boot_view_read(struct catalog *cat, const char *mac, struct boot_view *bv)
{
	int status;

	status = catalog_menu_read(cat, &bv->menu);
	if (status == CATALOG_OK)
		status = catalog_entry_select(cat, true, &bv->entries,
		    &bv->n_entries);
	if (status == CATALOG_OK)
		status = boot_view_setting(cat, CATALOG_SETTING_UNKNOWN_ENTRY,
		    &bv->unknown_entry);
	if (status == CATALOG_OK)
		status = boot_view_setting(cat, CATALOG_SETTING_BASE_URL,
		    &bv->base_url);
	if (status != CATALOG_OK || mac == NULL || *mac == '\0')
		return status;
	status = catalog_host_read(cat, mac, &bv->host);
	if (status == CATALOG_OK)
		bv->host_known = true;
	else if (status == CATALOG_NOTFOUND)
		status = CATALOG_OK;
	return status;
}

int
catalog_boot_view(struct catalog *cat, const char *mac, struct boot_view *bv)
{
	int status;

	memset(bv, 0, sizeof *bv);
	/* One read transaction: the menu, entries and host agree. */
	status = catalog_begin(cat, false);
	if (status != CATALOG_OK)
		return status;
	status = catalog_end(cat, boot_view_read(cat, mac, bv));
	if (status != CATALOG_OK)
		boot_view_clear(bv);
	return status;
}
