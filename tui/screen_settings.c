/* screen_settings.c: the Settings screen: menu title, timeout, default, unknown clients, base URL, retention. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "tui/console_form.h"
#include "tui/console_int.h"

#define NONE "(none)"
#define MENU "(the menu)"

/* Keys of catalog_setting_get/set this screen edits. */
#define SETTING_BASE_URL	"base_url"
#define SETTING_RETENTION	"log_retention"
#define SETTING_UNKNOWN		"unknown_entry"	/* entry unknown clients boot; unset: the menu */

static struct {
	struct menu_settings	 menu;
	char			*base_url, *retention, *unknown;
	struct ui_list		 list;
} settings;

enum setting_id { S_TITLE, S_TIMEOUT, S_DEFAULT, S_UNKNOWN, S_BASE_URL, S_RETENTION, S_COUNT };

static int put_menu(struct console *con, enum setting_id id, const char *v);
static int put_setting(struct console *con, enum setting_id id, const char *v);
static bool check_title(struct console *con, const char *v, char *err, size_t len);
static bool check_base_url(struct console *con, const char *v, char *err, size_t len);

/* One row per setting: how it is shown, checked and stored (one catalog call). */
static const struct {
	const char	*label;
	const char	*help;
	bool		 entry_choice;	/* the value is an entry name */
	const char	*none;		/* entry_choice: what no entry means */
	const char	*key;		/* catalog_setting key, NULL for menu fields */
	bool		(*check)(struct console *, const char *, char *, size_t);
	int		(*put)(struct console *, enum setting_id, const char *);
} setting_rows[S_COUNT] = {
	[S_TITLE]	= { "Menu title", "shown above the boot menu",
			    .check = check_title, .put = put_menu },
	[S_TIMEOUT]	= { "Menu timeout", "seconds before the default boots; 0 waits",
			    .check = form_check_number, .put = put_menu },
	[S_DEFAULT]	= { "Menu default", "the entry the timeout boots",
			    .entry_choice = true, .none = NONE, .put = put_menu },
	[S_UNKNOWN]	= { "Unknown clients", "what a MAC that is not a host gets",
			    .entry_choice = true, .none = MENU, .key = SETTING_UNKNOWN,
			    .put = put_setting },
	[S_BASE_URL]	= { "Base URL", "how clients reach bootdeckd; empty: from Host",
			    .key = SETTING_BASE_URL, .check = check_base_url,
			    .put = put_setting },
	[S_RETENTION]	= { "Log retention", "boot events kept",
			    .key = SETTING_RETENTION, .check = form_check_number,
			    .put = put_setting },
};

static void
settings_free(void)
{
	menu_settings_clear(&settings.menu);
	free(settings.base_url);
	free(settings.retention);
	free(settings.unknown);
	settings.base_url = settings.retention = settings.unknown = NULL;
}

static void
settings_load(struct console *con)
{
	int status;

	settings_free();
	status = catalog_menu_get(con->cat, &settings.menu);
	if (status == CATALOG_OK)
		status = catalog_setting_get(con->cat, SETTING_BASE_URL, &settings.base_url);
	if (status == CATALOG_OK)
		status = catalog_setting_get(con->cat, SETTING_RETENTION, &settings.retention);
	if (status == CATALOG_OK)
		status = catalog_setting_get(con->cat, SETTING_UNKNOWN, &settings.unknown);
	if (status != CATALOG_OK)
		console_catalog_error(con, "settings", status);
	settings.list.n = S_COUNT;
}

static void
settings_value(enum setting_id id, char *buf, size_t len)
{
	const char *v = NULL;

	buf[0] = '\0';
	if (id >= S_COUNT)
		return;
	switch (id) {	/* where each value lives; not behaviour */
	case S_TITLE:	  v = settings.menu.title; break;
	case S_TIMEOUT:	  snprintf(buf, len, "%d", settings.menu.timeout); return;
	case S_DEFAULT:	  v = settings.menu.default_entry; break;
	case S_UNKNOWN:	  v = settings.unknown; break;
	case S_BASE_URL:  v = settings.base_url; break;
	case S_RETENTION: v = settings.retention; break;
	case S_COUNT:	  break;
	}
	if ((v == NULL || v[0] == '\0') && setting_rows[id].entry_choice)
		v = setting_rows[id].none;
	snprintf(buf, len, "%s", v ? v : "");
}

static struct ui_list *
settings_list(struct console *con)
{
	return &settings.list;
}

static void
settings_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	ui_list_fix(&settings.list, rows - 1);
	wattrset(w, console_attr(ROLE_HEADER));
	ui_putf(w, 0, 0, cols, "%-18s %s", "SETTING", "VALUE");
	for (int i = 0; i < S_COUNT && 1 + 2 * i < rows; i++) {
		char value[512];

		settings_value((enum setting_id)i, value, sizeof value);
		wattrset(w, console_attr((size_t)i == settings.list.sel ?
		    ROLE_SELECTED : ROLE_NORMAL));
		ui_putf(w, 1 + 2 * i, 0, cols, "%-18s %s", setting_rows[i].label, value);
		wattrset(w, console_attr(ROLE_DIM));
		if (2 + 2 * i < rows)
			ui_putf(w, 2 + 2 * i, 0, cols, "%-18s %s", "", setting_rows[i].help);
	}
	wattrset(w, A_NORMAL);
}

static bool
check_title(struct console *con, const char *v, char *err, size_t len)
{
	if (strlen(v) <= MENU_TITLE_MAX)
		return true;
	snprintf(err, len, "a title is at most %d bytes", MENU_TITLE_MAX);
	return false;
}

static bool
check_base_url(struct console *con, const char *v, char *err, size_t len)
{
	size_t n = strlen(v);

	if (n == 0 || (strncmp(v, "http://", 7) == 0 && n > 7 && v[n - 1] != '/' &&
	    strpbrk(v, " \t") == NULL))
		return true;
	snprintf(err, len, "http://HOST[:PORT] without a trailing '/', or empty");
	return false;
}

/* Menu fields: the stored menu with one field changed, in one put. */
static int
put_menu(struct console *con, enum setting_id id, const char *v)
{
	struct menu_settings m = { 0 };
	int status = catalog_menu_get(con->cat, &m);

	if (status != CATALOG_OK)
		return status;
	if (id == S_TITLE) {
		free(m.title);
		m.title = xstrdup(v);
	} else if (id == S_TIMEOUT) {
		m.timeout = atoi(v);
	} else {
		free(m.default_entry);
		m.default_entry = v[0] && strcmp(v, NONE) ? xstrdup(v) : NULL;
	}
	status = catalog_menu_put(con->cat, &m);
	menu_settings_clear(&m);
	return status;
}

static int
put_setting(struct console *con, enum setting_id id, const char *v)
{
	if (setting_rows[id].entry_choice && strcmp(v, setting_rows[id].none) == 0)
		v = "";
	return catalog_setting_set(con->cat, setting_rows[id].key, v);
}

static bool
setting_save(struct console *con, void *ctx, struct form_spec *spec,
    char *err, size_t errlen)
{
	enum setting_id id = *(enum setting_id *)ctx;
	int status = setting_rows[id].put(con, id, spec->fields[0].value);

	if (status != CATALOG_OK)
		snprintf(err, errlen, "not saved: %s", catalog_error(con->cat));
	return status == CATALOG_OK;
}

static void
key_edit(struct console *con)
{
	enum setting_id id = (enum setting_id)settings.list.sel;
	char **choices = NULL;
	char value[512];
	struct form_field field = {
		.label = setting_rows[id].label, .check = setting_rows[id].check,
	};
	struct form_spec spec = {
		.title = setting_rows[id].label, .fields = &field, .n_fields = 1,
		.layout_field = -1, .save = setting_save, .ctx = &id,
	};
	enum form_result r;

	if (setting_rows[id].entry_choice) {
		choices = ui_entry_choices(con, setting_rows[id].none);
		field.type = FF_CHOICE;
		field.choices = (const char *const *)choices;
	}
	settings_value(id, value, sizeof value);
	form_set(&field, value);
	do
		r = form_run(con, &spec);
	while (r == FORM_RELAYOUT);
	if (r == FORM_SAVED) {
		console_changed(con);
		console_message(con, ROLE_GOOD, "saved %s", setting_rows[id].label);
	}
	free(field.value);
	ui_choices_free(choices);
}

static const struct console_binding settings_keys[] = {
	{ 'e',		"e Enter",	"change the setting",	key_edit },
	{ '\r',		NULL,		NULL,			key_edit },
	{ '\n',		NULL,		NULL,			key_edit },
	{ KEY_ENTER,	NULL,		NULL,			key_edit },
};

const struct screen screen_settings = {
	.name = "Settings",
	.hotkey = '5',
	.keys = settings_keys,
	.n_keys = sizeof settings_keys / sizeof settings_keys[0],
	.footer = "e/Enter:change",
	.load = settings_load,
	.draw = settings_draw,
	.list = settings_list,
	.free = settings_free,
};
