/* cmd_json.c: `bootdeck export` and `bootdeck import json`: the whole catalog as a JSON document and back. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cli.h"
#include "tui/json_catalog.h"

enum json_opt {
	OPT_LOG = 256, OPT_DRY_RUN, OPT_REPLACE,
};

static int
export_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "log", no_argument, NULL, OPT_LOG },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct catalog *cat;
	bool with_log = false;
	json_t *doc;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_LOG)
			with_log = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	doc = json_catalog_export(cat, with_log, &status);
	if (doc == NULL)
		status = cli_catalog_fail(cat, status);
	else {
		json_catalog_print(doc, stdout, false);
		status = CLI_OK;
	}
	catalog_close(cat);
	return status;
}

static void
import_print_counts(const char *what, const size_t *n, bool dry_run)
{
	printf("%s: %zu added, %zu changed, %zu removed, %zu unchanged%s\n",
	    what, n[CATALOG_IMPORT_ADDED], n[CATALOG_IMPORT_CHANGED],
	    n[CATALOG_IMPORT_REMOVED], n[CATALOG_IMPORT_SAME],
	    dry_run ? " (dry run: nothing written)" : "");
}

/* A catalog failure named by the JSON path of what caused it. */
static int
import_fail(struct catalog *cat, int status,
    const struct catalog_import_result *res, const char *file)
{
	const char *why;
	char path[96];
	size_t field;

	if (res->where == NULL)
		return cli_catalog_fail(cat, status);
	why = catalog_error(cat);
	if (res->index != SIZE_MAX)
		snprintf(path, sizeof path, "%s[%zu]", res->where, res->index);
	else
		snprintf(path, sizeof path, "%s", res->where);
	/* "title: too long" from the catalog names a field of the record:
	   it goes on the path, "entries[3].title: too long". */
	field = strspn(why, "abcdefghijklmnopqrstuvwxyz_");
	if (field > 0 && strncmp(why + field, ": ", 2) == 0)
		cli_error("%s: %s.%s; nothing imported", file, path, why);
	else
		cli_error("%s: %s: %s; nothing imported", file, path, why);
	return CLI_FAIL;
}

static int
import_json_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct catalog_import imp = { 0 };
	struct catalog_import_result res;
	struct catalog *cat = NULL;
	bool dry_run = false, replace = false;
	char *text = NULL, err[512];
	const char *file;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_DRY_RUN)
			dry_run = true;
		else if (c == OPT_REPLACE)
			replace = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the FILE")) >= 0)
		return status;
	file = argv[optind];
	/* Read and check it all before the catalog is even opened. */
	if ((text = cli_read_file(file, JSON_CATALOG_MAX_BYTES)) == NULL)
		return CLI_FAIL;
	status = CLI_FAIL;
	if (json_catalog_parse(text, strlen(text), &imp, err,
	    sizeof err) != 0) {
		cli_error("%s: %s; nothing imported", file, err);
		goto out;
	}
	imp.replace = replace;
	imp.dry_run = dry_run;
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		goto out;
	status = catalog_import_apply(cat, &imp, &res);
	if (status != CATALOG_OK) {
		status = import_fail(cat, status, &res, file);
		goto out;
	}
	import_print_counts("entries", res.entries, dry_run);
	import_print_counts("hosts", res.hosts, dry_run);
	printf("menu and settings: %zu changed\n", res.settings_changed);
	status = CLI_OK;
out:
	catalog_close(cat);
	json_catalog_import_clear(&imp);
	free(text);
	return status;
}

const struct cli_command cmd_export = {
	.name = "export",
	.run = export_run,
	.usage = "export [--log]",
	.help = "Prints the whole catalog as one JSON document (format\n"
	    "\"" JSON_CATALOG_FORMAT "\", version 2, described by\n"
	    "bootdeck-catalog.schema.json): menu, settings, entries, submenus,\n"
	    "hosts. `bootdeck import json` reads it back.\n"
	    "\n"
	    "Options:\n"
	    "  --log                also the boot events (import ignores them)\n",
};

const struct cli_command cmd_import_json = {
	.name = "json",
	.run = import_json_run,
	.usage = "import json FILE [--dry-run] [--replace]",
	.help = "Applies a document written by `bootdeck export` ('-': stdin).\n"
	    "Everything is checked before anything is written, and all of it\n"
	    "is applied in one transaction or none of it. Entries are merged\n"
	    "by name and hosts by MAC; records that are the same are left\n"
	    "alone, so importing an export changes nothing. Errors name the\n"
	    "JSON path (entries[3].target: ...).\n"
	    "\n"
	    "Options:\n"
	    "  --dry-run            check and count the changes, write nothing\n"
	    "  --replace            also remove the entries and hosts the file\n"
	    "                       lacks, and unset the settings it lacks\n",
};
