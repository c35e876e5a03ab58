/* screen_settings.c: the Settings screen: menu title, timeout, default, unknown clients, base URL, retention. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/url.h"
#include "common/xmalloc.h"
#include "tui/console_form.h"
#include "tui/console_int.h"

#define NONE "(none)"
#define MENU "(the menu)"

/* Keys of catalog_setting_get/set this screen edits. */
#define SETTING_BASE_URL	CATALOG_SETTING_BASE_URL
#define SETTING_RETENTION	CATALOG_SETTING_LOG_RETENTION
/* unset: the menu */
#define SETTING_UNKNOWN		CATALOG_SETTING_UNKNOWN_ENTRY
#define NO_CONFIG		(-1)

static struct {
	struct menu_settings	 menu;
	char			*base_url, *retention, *unknown;
	struct ui_list		 list;
} settings;

enum setting_id { S_TITLE, S_TIMEOUT, S_DEFAULT, S_UNKNOWN, S_BASE_URL,
    S_RETENTION, S_COUNT };

static int put_menu(struct console *con, enum setting_id id, const char *v);
static int put_setting(struct console *con, enum setting_id id, const char *v);
static bool check_title(struct console *con, const char *v, char *err,
    size_t len);
static bool check_base_url(struct console *con, const char *v, char *err,
    size_t len);
static bool check_retention(struct console *con, const char *v, char *err,
    size_t len);
static const char *settings_retention_default(struct console *con);

/* One row per setting: how it is shown,
 * checked and stored (one catalog call). */
static const struct {
	const char	*label;
	const char	*help;
	bool		 entry_choice;	/* the value is an entry name */
	const char	*none;		/* entry_choice: what no entry means */
	/* catalog_setting key, NULL for menu fields */
	const char	*key;
	/* config key that beats it, or NO_CONFIG */
	int		 config;
	/* its subject in lint findings, or NULL */
	const char	*lint;
	bool		(*check)(struct console *, const char *, char *,
	    size_t);
	int		(*put)(struct console *, enum setting_id, const char *);
} setting_rows[S_COUNT] = {
	[S_TITLE]	= { "Menu title", "shown above the boot menu",
			    .check = check_title, .put = put_menu,
			    .config = NO_CONFIG },
	[S_TIMEOUT]	= { "Menu timeout",
	    "seconds before the default boots; 0 waits",
			    .check = form_check_number, .put = put_menu,
			    .config = NO_CONFIG },
	[S_DEFAULT]	= { "Menu default", "the entry the timeout boots",
			    .entry_choice = true, .none = NONE, .put = put_menu,
			    .config = NO_CONFIG, .lint = "menu.default" },
	[S_UNKNOWN]	= { "Unknown clients",
	    "what a MAC that is not a host boots "
			    "(if it fits; else the menu)",
			    .entry_choice = true, .none = MENU,
			    .key = SETTING_UNKNOWN,
			    .put = put_setting, .config = NO_CONFIG,
			    .lint = CATALOG_SETTING_UNKNOWN_ENTRY },
	[S_BASE_URL]	= { "Base URL",
	    "how clients reach bootdeckd; empty: from Host",
			    .key = SETTING_BASE_URL, .check = check_base_url,
			    .put = put_setting, .config = CONFIG_BASE_URL,
			    .lint = CATALOG_SETTING_BASE_URL },
	[S_RETENTION]	= { "Log retention",
	    "boot events kept; 0 keeps all; empty: ",
			    .key = SETTING_RETENTION, .check = check_retention,
			    .put = put_setting,
			    .config = CONFIG_LOG_RETENTION },
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
		status = catalog_setting_get(con->cat, SETTING_BASE_URL,
		    &settings.base_url);
	if (status == CATALOG_OK)
		status = catalog_setting_get(con->cat, SETTING_RETENTION,
		    &settings.retention);
	if (status == CATALOG_OK)
		status = catalog_setting_get(con->cat, SETTING_UNKNOWN,
		    &settings.unknown);
	if (status != CATALOG_OK)
		console_catalog_error(con, "settings", status);
	settings.list.n = S_COUNT;
	console_lint_run(con);
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
	case S_TIMEOUT:	  snprintf(buf, len, "%d", settings.menu.timeout);
	    return;
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
		char value[512], from[512];
		const char *over = setting_rows[i].config == NO_CONFIG ? NULL :
		    console_override(con,
		    (enum config_key)setting_rows[i].config, from, sizeof from);
		const struct lint_finding *f = setting_rows[i].lint == NULL ?
		    NULL : console_lint_find(LINT_SUBJECT_SETTING,
		    setting_rows[i].lint);

		settings_value((enum setting_id)i, value, sizeof value);
		wattrset(w, console_attr((size_t)i == settings.list.sel ?
		    ROLE_SELECTED : ROLE_NORMAL));
		ui_putf(w, 1 + 2 * i, 0, cols, "%-18s %s",
		    setting_rows[i].label, value);
		if (2 + 2 * i >= rows)
			continue;
		/* What `bootdeck check` finds wrong with it comes first. */
		if (f != NULL) {
			if (cols > 19)
				console_lint_status(w, 2 + 2 * i, 19, cols - 19,
				    f);
		} else if (over != NULL) {
			/* A catalog value that config beats does nothing. */
			wattrset(w, console_attr(ROLE_WARN));
			ui_putf(w, 2 + 2 * i, 0, cols,
			    "%-18s overridden: %s from %s",
			    "", over, from);
		} else {
			wattrset(w, console_attr(ROLE_DIM));
			ui_putf(w, 2 + 2 * i, 0, cols, "%-18s %s%s", "",
			    setting_rows[i].help, i == S_RETENTION ?
			    settings_retention_default(con) : "");
		}
	}
	wattrset(w, A_NORMAL);
}

/* The built-in default, as the retention help line shows it. */
static const char *
settings_retention_default(struct console *con)
{
	return con->opt->config != NULL ?
	    config_get(con->opt->config, CONFIG_LOG_RETENTION) : "the default";
}

static bool
check_retention(struct console *con, const char *v, char *err, size_t len)
{
	size_t n = strlen(v);

	if (n <= 12 && strspn(v, "0123456789") == n)
		return true;
	snprintf(err, len, "a number of events (0 keeps all), or empty");
	return false;
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
	char why[128];

	/* The shared rule (common/url.h) plus
	 * the catalog's: no trailing '/'. */
	if (n == 0 || (url_base_ok(v, why, sizeof why) && v[n - 1] != '/'))
		return true;
	snprintf(err, len,
	    "http[s]://HOST[:PORT] without a trailing '/', or empty");
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
	if (setting_rows[id].entry_choice &&
	    strcmp(v, setting_rows[id].none) == 0)
		v = "";
	return catalog_setting_set(con->cat, setting_rows[id].key, v);
}

/* One setting being edited, and its value when the form opened. */
struct setting_edit {
	enum setting_id	id;
	char		opened[512];
};

/* A save over a change someone else made since the form opened asks first;
   after "keep editing" that change counts as seen. */
static bool
setting_save(struct console *con, void *ctx, struct form_spec *spec,
    char *err, size_t errlen)
{
	struct setting_edit *se = ctx;
	enum setting_id id = se->id;
	const char *v = spec->fields[0].value;
	char now[sizeof se->opened];
	int status;

	settings_load(con);
	settings_value(id, now, sizeof now);
	if (strcmp(now, se->opened) != 0 && strcmp(now, v) != 0) {
		snprintf(se->opened, sizeof se->opened, "%s", now);
		if (ui_ask(con, "ok",
		    "%s was changed by someone else meanwhile: "
		    "o overwrite, k keep editing",
		    setting_rows[id].label) != 'o') {
			snprintf(err, errlen, "not saved: %s is now '%s'",
			    setting_rows[id].label, now);
			return false;
		}
	}
	status = setting_rows[id].put(con, id, v);
	if (status != CATALOG_OK)
		snprintf(err, errlen, "not saved: %s", catalog_error(con->cat));
	return status == CATALOG_OK;
}

static void
key_edit(struct console *con)
{
	enum setting_id id = (enum setting_id)settings.list.sel;
	char **choices = NULL;
	struct setting_edit se = { .id = id };
	struct form_field field = {
		.label = setting_rows[id].label,
		.check = setting_rows[id].check,
		.hint = id != S_RETENTION ? setting_rows[id].help : NULL,
	};
	struct form_spec spec = {
		.title = setting_rows[id].label, .fields = &field,
		.n_fields = 1,
		.layout_field = -1, .save = setting_save, .ctx = &se,
	};
	enum form_result r;

	if (setting_rows[id].entry_choice) {
		choices = ui_entry_choices(con, setting_rows[id].none);
		field.type = FF_CHOICE;
		field.choices = (const char *const *)choices;
	}
	settings_value(id, se.opened, sizeof se.opened);
	form_set(&field, se.opened);
	do
		r = form_run(con, &spec);
	while (r == FORM_RELAYOUT);
	if (r == FORM_SAVED) {
		console_changed(con);
		console_message(con, ROLE_GOOD, "saved %s",
		    setting_rows[id].label);
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
	.keys = settings_keys,
	.n_keys = sizeof settings_keys / sizeof settings_keys[0],
	.footer = "e/Enter:change",
	.load = settings_load,
	.draw = settings_draw,
	.list = settings_list,
	.click_rows = 2,
	.free = settings_free,
};
