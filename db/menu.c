/* menu.c: the menu settings and the other key/value settings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/url.h"
#include "db/catalog_int.h"

#define MENU_TIMEOUT_MAX 86400		/* a day, in seconds */
#define SETTING_KEY_MAX 64
#define SETTING_VALUE_MAX 4096
#define MENU_STR_(x) #x
#define MENU_STR(x) MENU_STR_(x)

void
menu_settings_clear(struct menu_settings *m)
{
	if (m == NULL)
		return;
	free(m->title);
	free(m->default_entry);
	memset(m, 0, sizeof *m);
}

int
catalog_menu_read(struct catalog *cat, struct menu_settings *m)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	memset(m, 0, sizeof *m);
	status = catalog_prepare_kept(cat, &st, "SELECT m.title, m.timeout, e.name"
	    " FROM menu m LEFT JOIN entries e ON e.id = m.default_entry"
	    " WHERE m.id = 1");
	if (status != CATALOG_OK)
		return status;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->title = catalog_column_dup(st, 0);
		m->timeout = sqlite3_column_int(st, 1);
		m->default_entry = catalog_column_dup(st, 2);
	} else if (rc == SQLITE_DONE)
		status = catalog_fail(cat, CATALOG_CORRUPT,
		    "the menu settings are missing");
	else
		status = catalog_sqlite_fail(cat, rc);
	catalog_release(cat, st);
	return status;
}

int
catalog_menu_get(struct catalog *cat, struct menu_settings *m)
{
	return catalog_menu_read(cat, m);
}

const char *
menu_title_problem(const char *title)
{
	if (title == NULL || *title == '\0')
		return "is empty";
	if (strlen(title) > MENU_TITLE_MAX)
		return "is longer than " MENU_STR(MENU_TITLE_MAX) " bytes";
	return catalog_text_problem(title, false);
}

static int
menu_validate(struct catalog *cat, const struct menu_settings *m)
{
	const char *why;

	if ((why = menu_title_problem(m->title)) != NULL)
		return catalog_fail(cat, CATALOG_INVALID, "title: %s", why);
	if (m->timeout < 0 || m->timeout > MENU_TIMEOUT_MAX)
		return catalog_fail(cat, CATALOG_INVALID,
		    "timeout: must be 0 to %d seconds", MENU_TIMEOUT_MAX);
	return CATALOG_OK;
}

static int
menu_put_tx(struct catalog *cat, const struct menu_settings *m)
{
	sqlite3_stmt *st = NULL;
	int64_t def = 0;
	int status = CATALOG_OK;

	if (m->default_entry != NULL && *m->default_entry != '\0')
		status = catalog_entry_id(cat, m->default_entry, &def);
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, "UPDATE menu SET title = ?,"
		    " timeout = ?, default_entry = nullif(?, 0) WHERE id = 1");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, m->title);
	sqlite3_bind_int(st, 2, m->timeout);
	sqlite3_bind_int64(st, 3, def);
	status = catalog_step_done(cat, st);
	sqlite3_finalize(st);
	return status;
}

int
catalog_menu_put(struct catalog *cat, const struct menu_settings *m)
{
	int status;

	status = menu_validate(cat, m);
	if (status == CATALOG_OK)
		status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	return catalog_end(cat, menu_put_tx(cat, m));
}

static int
setting_key_check(struct catalog *cat, const char *key)
{
	size_t len = key != NULL ? strlen(key) : 0;

	if (len == 0 || len > SETTING_KEY_MAX ||
	    strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != len)
		return catalog_fail(cat, CATALOG_INVALID, "setting: a key is "
		    "1 to %d of a-z, 0-9, '_', '.' and '-'", SETTING_KEY_MAX);
	return CATALOG_OK;
}

int
catalog_setting_get(struct catalog *cat, const char *key, char **value)
{
	sqlite3_stmt *st = NULL;
	int status, rc;

	*value = NULL;
	status = setting_key_check(cat, key);
	if (status == CATALOG_OK)
		status = catalog_prepare_kept(cat, &st,
		    "SELECT value FROM settings WHERE key = ?");
	if (status != CATALOG_OK)
		return status;
	catalog_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = catalog_column_dup(st, 0);
	else if (rc != SQLITE_DONE)
		status = catalog_sqlite_fail(cat, rc);
	catalog_release(cat, st);
	return status;
}

static int
setting_check_base_url(struct catalog *cat, const char *v)
{
	char why[160];
	size_t n = strlen(v);

	/* The same rule as every other way of giving a base URL: it goes
	   into scripts and DHCP filenames with paths appended. */
	if (!url_base_ok(v, why, sizeof why))
		return catalog_fail(cat, CATALOG_INVALID, "base_url: expected "
		    URL_BASE_FORM ": %s", why);
	if (v[n - 1] == '/')
		return catalog_fail(cat, CATALOG_INVALID, "base_url: expected "
		    URL_BASE_FORM " without a trailing '/'");
	return CATALOG_OK;
}

static int
setting_check_retention(struct catalog *cat, const char *v)
{
	size_t n = strlen(v);

	if (n > 0 && n <= 12 && strspn(v, "0123456789") == n)
		return CATALOG_OK;
	return catalog_fail(cat, CATALOG_INVALID, "log_retention: expected "
	    "a number of events (0 keeps all)");
}

static int
setting_check_entry(struct catalog *cat, const char *v)
{
	int64_t id;

	return catalog_entry_id(cat, v, &id);
}

/* Settings others act on, checked in the writing transaction. */
static const struct {
	const char	*key;
	int		(*check)(struct catalog *, const char *);
} setting_checks[] = {
	{ CATALOG_SETTING_BASE_URL, setting_check_base_url },
	{ CATALOG_SETTING_LOG_RETENTION, setting_check_retention },
	{ CATALOG_SETTING_UNKNOWN_ENTRY, setting_check_entry },
};

static int
setting_check(struct catalog *cat, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < sizeof setting_checks / sizeof setting_checks[0]; i++)
		if (strcmp(setting_checks[i].key, key) == 0)
			return setting_checks[i].check(cat, value);
	return CATALOG_OK;
}

/* A NULL value removes the setting; so does "" for the checked keys. */
int
catalog_setting_set(struct catalog *cat, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	const char *why;
	size_t i;
	int status;

	for (i = 0; i < sizeof setting_checks / sizeof setting_checks[0]; i++)
		if (value != NULL && *value == '\0' &&
		    strcmp(setting_checks[i].key, key) == 0)
			value = NULL;

	status = setting_key_check(cat, key);
	if (status == CATALOG_OK && value != NULL &&
	    strlen(value) > SETTING_VALUE_MAX)
		status = catalog_fail(cat, CATALOG_INVALID, "%s: longer than "
		    "%d bytes", key, SETTING_VALUE_MAX);
	if (status == CATALOG_OK && value != NULL &&
	    (why = catalog_text_problem(value, false)) != NULL)
		status = catalog_fail(cat, CATALOG_INVALID, "%s: %s", key, why);
	if (status == CATALOG_OK)
		status = catalog_begin(cat, true);
	if (status != CATALOG_OK)
		return status;
	if (value != NULL)
		status = setting_check(cat, key, value);
	if (status == CATALOG_OK)
		status = catalog_prepare(cat, &st, value != NULL ?
	    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value" :
	    "DELETE FROM settings WHERE key = ?1");
	if (status == CATALOG_OK) {
		catalog_bind_text(st, 1, key);
		if (value != NULL)
			catalog_bind_text(st, 2, value);
		status = catalog_step_done(cat, st);
	}
	sqlite3_finalize(st);
	return catalog_end(cat, status);
}
