/* cmd_menu.c: `bootdeck menu [show|set]`: the menu's title, timeout and default entry, and the catalog's other settings. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/url.h"
#include "common/xmalloc.h"
#include "tui/cli.h"
#include "tui/entry_warn.h"

/* Each catalog setting has --NAME VALUE and --no-NAME, in that order. */
enum menu_opt {
	OPT_TITLE = 256, OPT_TIMEOUT, OPT_DEFAULT, OPT_NO_DEFAULT,
	OPT_SETTING,
};

/* A day: longer is a typo, and iPXE counts the timeout in milliseconds. */
#define MENU_TIMEOUT_MAX 86400
/* The catalog takes up to 12 digits of events. */
#define MENU_RETENTION_MAX \
	(LONG_MAX < 999999999999LL ? LONG_MAX : (long)999999999999LL)
#define NO_CONFIG (-1)

enum menu_key { MK_UNKNOWN, MK_BASE_URL, MK_RETENTION, MK_COUNT };

/* The key/value settings, in the order
 * menu show prints and set applies them. */
static const struct {
	/* --NAME, --no-NAME; menu show's label */
	const char	*option;
	const char	*key;		/* catalog_setting key */
	/* config key that beats it, or NO_CONFIG */
	int		 config;
	const char	*unset;		/* what no value means */
	const char	*wants;		/* a bad value's usage error */
} menu_keys[MK_COUNT] = {
	[MK_UNKNOWN]	= { "unknown", CATALOG_SETTING_UNKNOWN_ENTRY, NO_CONFIG,
			    "none (the menu)", NULL },
	[MK_BASE_URL]	= { "base-url", CATALOG_SETTING_BASE_URL,
			    CONFIG_BASE_URL,
			    "none (from each request's Host header)",
			    URL_BASE_FORM " without a trailing '/'" },
	[MK_RETENTION]	= { "log-retention", CATALOG_SETTING_LOG_RETENTION,
			    CONFIG_LOG_RETENTION, NULL,
			    "a number of events (0 keeps all)" },
};

static void
menu_field(const char *label, const char *value)
{
	char *clean = cli_clean(value);

	printf("%-15s %s\n", label, clean);
	free(clean);
}

/* One key/value setting, and what beats it in bootdeckd. */
static void
menu_show_key(const struct config *cfg, enum menu_key k, const char *v)
{
	char label[32], from[512], *line;
	const char *over = menu_keys[k].config == NO_CONFIG ? NULL :
	    cli_config_override(cfg, (enum config_key)menu_keys[k].config,
	    from, sizeof from);

	snprintf(label, sizeof label, "%s:", menu_keys[k].option);
	if (v == NULL || *v == '\0')
		line = k == MK_RETENTION && over == NULL ?
		    xasprintf("none (the default, %s)",
		    config_get(cfg, CONFIG_LOG_RETENTION)) :
		    xstrdup(over != NULL ? "none" : menu_keys[k].unset);
	else
		line = xasprintf("%s%s", v, k == MK_RETENTION &&
		    strcmp(v, "0") == 0 ? " (keeps all)" : "");
	/* A catalog value the config beats does nothing: say so. */
	if (over != NULL) {
		char *full = xasprintf("%s (overridden by %s: %s)", line, from,
		    over);

		free(line);
		line = full;
	}
	menu_field(label, line);
	free(line);
}

static int
menu_show_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct menu_settings m = { 0 };
	char *values[MK_COUNT] = { NULL };
	struct catalog *cat;
	char timeout[64];
	int status, k;

	if ((status = cli_parse_common(cli, cmd, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = catalog_menu_get(cat, &m);
	for (k = 0; k < MK_COUNT && status == CATALOG_OK; k++)
		status = catalog_setting_get(cat, menu_keys[k].key,
		    &values[k]);
	if (status == CATALOG_OK) {
		if (m.timeout > 0)
			snprintf(timeout, sizeof timeout, "%d s", m.timeout);
		else
			snprintf(timeout, sizeof timeout, "none (wait for a "
			    "choice)");
		menu_field("title:", m.title != NULL ? m.title : "");
		menu_field("timeout:", timeout);
		menu_field("default:", m.default_entry != NULL ?
		    m.default_entry : "none");
		for (k = 0; k < MK_COUNT; k++)
			menu_show_key(cli_config(cli), (enum menu_key)k,
			    values[k]);
	} else
		status = cli_catalog_fail(cat, status);
	for (k = 0; k < MK_COUNT; k++)
		free(values[k]);
	menu_settings_clear(&m);
	catalog_close(cat);
	return status;
}

/* The shared rule plus the catalog's own (no trailing '/'), checked
   before anything is written; why says what is wrong. https:// is
   fine: bootdeckd then sends every client to its HTTPS listener. */
static bool
menu_check_base_url(const char *v, char *why, size_t len)
{
	size_t n = strlen(v);

	if (n == 0)
		return true;
	if (!url_base_ok(v, why, len))
		return false;
	if (v[n - 1] == '/')
		snprintf(why, len, "it ends in '/'");
	else
		return true;
	return false;
}

/* Stores the number without leading zeros in buf; "" stays unset. */
static bool
menu_check_retention(const char *v, char *buf, size_t len)
{
	long n;

	if (*v == '\0') {
		buf[0] = '\0';
		return true;
	}
	if (!cli_parse_long(v, 0, MENU_RETENTION_MAX, &n) ||
	    strspn(v, "0123456789") != strlen(v))
		return false;
	snprintf(buf, len, "%ld", n);
	return true;
}

/*
 * The catalog has no transaction across calls: every value is checked
 * first, the menu fields are stored next (their own checks run in that
 * put), and the key/value settings last, so bad input changes nothing.
 */
static int
menu_set_apply(struct catalog *cat, const char *title, long timeout,
    const char *def, const char *const values[MK_COUNT])
{
	struct menu_settings m = { 0 };
	struct entry e = { 0 };
	int status = CATALOG_OK, k;

	if (values[MK_UNKNOWN] != NULL && *values[MK_UNKNOWN] != '\0') {
		status = catalog_entry_get(cat, values[MK_UNKNOWN], &e);
		entry_clear(&e);
	}
	if (status == CATALOG_OK && (title != NULL || timeout >= 0 ||
	    def != NULL)) {
		status = catalog_menu_get(cat, &m);
		if (status == CATALOG_OK && title != NULL)
			cli_replace(&m.title, title);
		if (timeout >= 0)
			m.timeout = (int)timeout;
		if (def != NULL)
			cli_replace(&m.default_entry, def);
		if (status == CATALOG_OK)
			status = catalog_menu_put(cat, &m);
	}
	for (k = 0; k < MK_COUNT && status == CATALOG_OK; k++)
		if (values[k] != NULL)
			status = catalog_setting_set(cat, menu_keys[k].key,
			    values[k]);
	menu_settings_clear(&m);
	return cli_catalog_status(cat, status);
}

static int
menu_set_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "default", required_argument, NULL, OPT_DEFAULT },
		{ "no-default", no_argument, NULL, OPT_NO_DEFAULT },
		{ "unknown", required_argument, NULL, OPT_SETTING },
		{ "no-unknown", no_argument, NULL, OPT_SETTING + 1 },
		{ "base-url", required_argument, NULL, OPT_SETTING + 2 },
		{ "no-base-url", no_argument, NULL, OPT_SETTING + 3 },
		{ "log-retention", required_argument, NULL, OPT_SETTING + 4 },
		{ "no-log-retention", no_argument, NULL, OPT_SETTING + 5 },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *title = NULL, *def = NULL, *values[MK_COUNT] = { NULL };
	char shown[MENU_TITLE_MAX * 2 + 64];
	/* bit 0: --NAME, bit 1: --no-NAME */
	unsigned forms[MK_COUNT] = { 0 };
	char retention[32], why[128];
	struct catalog *cat;
	long timeout = -1;
	int c, k, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c >= OPT_SETTING && c < OPT_SETTING + 2 * MK_COUNT) {
			k = (c - OPT_SETTING) / 2;
			forms[k] |= 1u << (c - OPT_SETTING) % 2;
			if (forms[k] == 3)
				return cli_usage_error(cli, "--%s and --no-%s "
				    "contradict each other",
				    menu_keys[k].option, menu_keys[k].option);
			values[k] = (c - OPT_SETTING) % 2 ? "" : optarg;
			continue;
		}
		switch (c) {
		case OPT_TITLE:
			title = optarg;
			break;
		case OPT_TIMEOUT:
			if (!cli_parse_long(optarg, 0, MENU_TIMEOUT_MAX,
			    &timeout))
				return cli_usage_error(cli, "--timeout wants "
				    "seconds from 0 to %d, not '%s'",
				    MENU_TIMEOUT_MAX, optarg);
			break;
		case OPT_DEFAULT:
		case OPT_NO_DEFAULT:
			def = c == OPT_DEFAULT ? optarg : "";
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if (values[MK_BASE_URL] != NULL &&
	    !menu_check_base_url(values[MK_BASE_URL], why, sizeof why))
		return cli_usage_error(cli, "--base-url wants %s, not '%s': %s",
		    menu_keys[MK_BASE_URL].wants, values[MK_BASE_URL], why);
	if (values[MK_RETENTION] != NULL) {
		if (!menu_check_retention(values[MK_RETENTION], retention,
		    sizeof retention))
			return cli_usage_error(cli, "--log-retention wants "
			    "%s, not '%s'", menu_keys[MK_RETENTION].wants,
			    values[MK_RETENTION]);
		values[MK_RETENTION] = retention;
	}
	if (title == NULL && def == NULL && timeout < 0 &&
	    values[MK_UNKNOWN] == NULL && values[MK_BASE_URL] == NULL &&
	    values[MK_RETENTION] == NULL)
		return cli_usage_error(cli, "nothing to change");
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	status = menu_set_apply(cat, title, timeout, def, values);
	catalog_close(cat);
	/* The menu's title is shown as entry titles are (tui/entry_warn.c). */
	if (status == CLI_OK && entry_warn_title(title, shown, sizeof shown))
		cli_warn("title: %s", shown);
	return status;
}

static const struct cli_command menu_show = {
	.name = "show",
	.run = menu_show_run,
	.usage = "menu [show]",
	.help = "Prints the menu's title, timeout and default entry, what\n"
	    "clients without a host entry boot, the base URL and the log\n"
	    "retention; says when bootdeckd's flags, environment or config\n"
	    "file override the last two.\n",
};

static const struct cli_command menu_set = {
	.name = "set",
	.run = menu_set_run,
	.usage = "menu set [--title TEXT] [--timeout SECONDS] "
	    "[--default ENTRY|--no-default]\n"
	    "    [--unknown ENTRY|--no-unknown] [--base-url URL|--no-base-url]\n"
	    "    [--log-retention N|--no-log-retention]",
	.help = "Changes only the settings given; a bad value changes none.\n"
	    "\n"
	    "Options:\n"
	    "  --title TEXT         the menu's title\n"
	    "  --timeout SECONDS    boot the default after this long; 0 waits\n"
	    "  --default ENTRY      the entry chosen when the timeout runs out\n"
	    "  --no-default         no default: the first entry is selected\n"
	    "  --unknown ENTRY      what clients without a host entry boot\n"
	    "                       instead of the menu (if enabled and it fits)\n"
	    "  --no-unknown         they get the menu\n"
	    "  --base-url URL       how clients reach bootdeckd, http://HOST[:PORT]\n"
	    "                       (bootdeckd's flags, environment and config\n"
	    "                       file beat it)\n"
	    "  --no-base-url        from each request's Host header\n"
	    "  --log-retention N    boot events kept; 0 keeps all (same caveat)\n"
	    "  --no-log-retention   bootdeckd's default\n",
};

static const struct cli_command *const menu_subs[] = {
	&menu_show, &menu_set, NULL
};

const struct cli_command cmd_menu = {
	.name = "menu",
	.usage = "menu [show|set] ...",
	.subs = menu_subs,
	.default_sub = "show",
};
