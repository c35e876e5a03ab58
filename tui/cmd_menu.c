/* cmd_menu.c: `bootdeck menu [show|set]`: the menu's title, timeout and default entry. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "tui/cli.h"

enum menu_opt {
	OPT_TITLE = 256, OPT_TIMEOUT, OPT_DEFAULT, OPT_NO_DEFAULT,
};

/* A day: longer is a typo, and iPXE counts the timeout in milliseconds. */
#define MENU_TIMEOUT_MAX 86400

static void
menu_field(const char *label, const char *value)
{
	char *clean = cli_clean(value);

	printf("%-9s %s\n", label, clean);
	free(clean);
}

static int
menu_show_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct menu_settings m = { 0 };
	struct catalog *cat;
	char timeout[64];
	int status;

	if ((status = cli_parse_common(cli, cmd, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = catalog_menu_get(cat, &m);
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
	} else
		status = cli_catalog_fail(cat, status);
	menu_settings_clear(&m);
	catalog_close(cat);
	return status;
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
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *title = NULL, *def = NULL;
	struct menu_settings m = { 0 };
	struct catalog *cat;
	long timeout = -1;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
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
	if (title == NULL && def == NULL && timeout < 0)
		return cli_usage_error(cli, "nothing to change");
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_menu_get(cat, &m));
	if (status != CLI_OK)
		goto out;
	if (title != NULL) {
		free(m.title);
		m.title = xstrdup(title);
	}
	if (timeout >= 0)
		m.timeout = (int)timeout;
	if (def != NULL)
		cli_replace(&m.default_entry, def);
	status = cli_catalog_status(cat, catalog_menu_put(cat, &m));
out:
	menu_settings_clear(&m);
	catalog_close(cat);
	return status;
}

static const struct cli_command menu_show = {
	.name = "show",
	.run = menu_show_run,
	.usage = "menu [show]",
	.help = "Prints the menu's title, timeout and default entry.\n",
};

static const struct cli_command menu_set = {
	.name = "set",
	.run = menu_set_run,
	.usage = "menu set [--title TEXT] [--timeout SECONDS] "
	    "[--default ENTRY|--no-default]",
	.help = "Changes only the settings given.\n"
	    "\n"
	    "Options:\n"
	    "  --title TEXT         the menu's title\n"
	    "  --timeout SECONDS    boot the default after this long; 0 waits\n"
	    "  --default ENTRY      the entry chosen when the timeout runs out\n"
	    "  --no-default         no default: the first entry is selected\n",
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
