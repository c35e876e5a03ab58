/* main.c: bootdeck's global options, the subcommand table and dispatch. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/cli.h"
#include "tui/console.h"

static const struct cli_command *const commands[] = {
	&cmd_init,
	&cmd_entry,
	&cmd_host,
	&cmd_menu,
	&cmd_preview,
	&cmd_scan,
	&cmd_log,
	&cmd_clients,
	&cmd_ipxe,
	&cmd_tls,
	&cmd_dhcp,
	&cmd_import,
	&cmd_export,
	&cmd_check,
	&cmd_wake,
	NULL
};

static const char main_usage[] =
	"[-d|--db PATH] [-c|--config FILE] [--help] [--version] "
	    "[SUBCOMMAND ...]";

static const char main_help[] =
	"Options:\n"
	"  -d, --db PATH        the catalog (also BOOTDECK_DB)\n"
	"  -c, --config FILE    the config file, by default\n"
	"                       " SYSCONFDIR "/bootdeck/bootdeck.conf\n"
	"  -h, --help           print this help\n"
	"  -V, --version        print the version\n";

static void
main_print_usage(FILE *f)
{
	const struct cli_command *const *cmd, *const *sub;

	cli_print_wrapped(f, "Usage: bootdeck ", main_usage, strlen(main_usage),
	    16);
	fprintf(f, "\nWithout a subcommand, opens the interactive console (it "
	    "needs a\nterminal).\n\nSubcommands:\n");
	for (cmd = commands; *cmd != NULL; cmd++) {
		if ((*cmd)->subs == NULL) {
			cli_print_synopses(f, "  bootdeck ", "  bootdeck ",
			    (*cmd)->usage, 8);
			continue;
		}
		for (sub = (*cmd)->subs; *sub != NULL; sub++)
			cli_print_synopses(f, "  bootdeck ", "  bootdeck ",
			    (*sub)->usage, 8);
	}
	fprintf(f, "\n%s\nRun 'bootdeck SUBCOMMAND --help' for its options; "
	    "see bootdeck(1).\n", main_help);
}

static const struct cli_command *
main_find(const struct cli_command *const *table, const char *name)
{
	for (; *table != NULL; table++)
		if (strcmp((*table)->name, name) == 0)
			return *table;
	return NULL;
}

/*
 * Runs cmd with argv[0] its name. A group (entry, host, menu) picks its
 * subcommand from argv[1], or its default when none is given.
 */
static int
main_run(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
    char *where, size_t wlen)
{
	const struct cli_command *sub;
	char *default_argv[] = { NULL, NULL };

	snprintf(where + strlen(where), wlen - strlen(where), "%s%s",
	    where[0] != '\0' ? " " : "", cmd->name);
	cli->where = where;
	if (cmd->subs == NULL) {
		cli_getopt_reset();
		return cmd->run(cli, cmd, argc, argv);
	}
	if (argc < 2 && cmd->default_sub == NULL)
		return cli_usage_error(cli, "'%s' wants a subcommand",
		    cmd->name);
	if (argc < 2) {
		default_argv[0] = (char *)cmd->default_sub;
		sub = main_find(cmd->subs, cmd->default_sub);
		return main_run(cli, sub, 1, default_argv, where, wlen);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		cli_print_usage(stdout, cmd);
		return CLI_OK;
	}
	sub = main_find(cmd->subs, argv[1]);
	if (sub == NULL)
		return cli_usage_error(cli, "unknown subcommand '%s %s'",
		    cmd->name, argv[1]);
	return main_run(cli, sub, argc - 1, argv + 1, where, wlen);
}

/* No subcommand: the interactive console, with the same settings. */
static int
main_console(struct cli *cli)
{
	const struct config *cfg = cli_config(cli);
	struct console_options opt = { 0 };
	char *base_url;
	int status;

	if (cfg == NULL)
		return CLI_FAIL;
	/* A bad base_url is said here, before curses takes the terminal. */
	base_url = cli_listen_url(cfg);
	status = CLI_FAIL;
	if (base_url != NULL) {
		opt.db_path = config_get(cfg, CONFIG_DB);
		opt.images_dir = config_get(cfg, CONFIG_IMAGES);
		opt.base_url = base_url;
		opt.config = cfg;
		status = console_main(&opt);
	}
	free(base_url);
	config_free(&cli->cfg);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cli_command *cmd;
	struct cli cli = { 0 };
	char where[64] = "";
	int c, status;

	cli_output_init();
	opterr = 0;
	/* '+': stop at the subcommand; its options are its own. */
	while ((c = getopt_long(argc, argv, "+:d:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			main_print_usage(stdout);
			return cli_finish_output(CLI_OK);
		case 'V':
			printf("bootdeck %s\n", PACKAGE_VERSION);
			return cli_finish_output(CLI_OK);
		default:
			status = cli_option(&cli, NULL, c, argv);
			if (status >= 0)
				return status;
		}
	}
	if (optind >= argc)
		return main_console(&cli);
	cmd = main_find(commands, argv[optind]);
	if (cmd == NULL)
		return cli_usage_error(&cli, "unknown subcommand '%s'",
		    argv[optind]);
	status = main_run(&cli, cmd, argc - optind, argv + optind, where,
	    sizeof where);
	config_free(&cli.cfg);
	return cli_finish_output(status);
}
