/* cmd_check.c: `bootdeck check`: the catalog lint (db/lint.c) as a table or JSON, with an exit status for cron and CI. */
#include "config.h"

#include <stdlib.h>

#include "db/lint.h"
#include "tui/cli.h"
#include "tui/json_catalog.h"

/* Besides CLI_OK (no findings), CLI_FAIL (errors found, or the check
   could not run) and CLI_USAGE: only warnings, which a script may
   tolerate by this status alone. */
#define CHECK_WARNINGS 3

enum check_opt {
	OPT_JSON = 256, OPT_BASE_URL,
};

static json_t *
check_json(const struct lint_report *r)
{
	const struct lint_finding *f;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->n; i++) {
		f = &r->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "severity", lint_severity_name(f->severity),
		    "code", lint_code_name(f->code),
		    "kind", lint_subject_name(f->subject_kind),
		    "subject", f->subject, "message", f->message));
	}
	return json_pack("{s:I, s:I, s:o}", "errors", (json_int_t)r->errors,
	    "warnings", (json_int_t)r->warnings, "findings", a);
}

static void
check_print(const struct lint_report *r)
{
	static const char *const head[] = { "SEVERITY", "CODE", "SUBJECT",
	    "MESSAGE" };
	const struct lint_finding *f;
	struct cli_table t;
	char subject[128];
	size_t i;

	if (r->n == 0) {
		printf("no findings\n");
		return;
	}
	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < r->n; i++) {
		const char *row[] = { NULL, NULL, subject, NULL };

		f = &r->v[i];
		row[0] = lint_severity_name(f->severity);
		row[1] = lint_code_name(f->code);
		row[3] = f->message;
		snprintf(subject, sizeof subject, "%s %s",
		    lint_subject_name(f->subject_kind), f->subject);
		cli_table_add(&t, row);
	}
	cli_table_print(&t, stdout);
	cli_table_free(&t);
	printf("%zu error%s, %zu warning%s\n", r->errors,
	    r->errors == 1 ? "" : "s", r->warnings,
	    r->warnings == 1 ? "" : "s");
}

static int
check_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "images", required_argument, NULL, 'i' },
		{ "listen", required_argument, NULL, 'l' },
		{ "base-url", required_argument, NULL, OPT_BASE_URL },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct lint_report r = { 0 };
	struct lint_options lo = { 0 };
	const struct config *cfg;
	struct catalog *cat;
	const char *listen = NULL;
	char from[512];
	bool json = false, quiet = false;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "qi:l:", opts,
	    NULL)) != -1) {
		if (c == OPT_JSON)
			json = true;
		else if (c == 'q')
			quiet = true;
		else if (c == 'i')
			cli->images = optarg;
		else if (c == 'l')
			listen = optarg;
		else if (c == OPT_BASE_URL)
			cli->base_url = optarg;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL ||
	    (cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	lo.images_dir = config_get(cfg, CONFIG_IMAGES);
	lo.base_url = cli_config_override(cfg, CONFIG_BASE_URL, from,
	    sizeof from);
	if (cli->base_url != NULL)
		snprintf(from, sizeof from, "--base-url");
	lo.base_url_from = from;
	lo.listen = listen != NULL ? listen : config_get(cfg, CONFIG_LISTEN);
	status = cli_catalog_status(cat, lint_run(cat, &lo, &r));
	if (status != CLI_OK)
		goto out;
	if (json)
		json_catalog_print(check_json(&r), stdout, false);
	else if (r.n > 0 || !quiet)
		check_print(&r);
	status = r.errors > 0 ? CLI_FAIL : r.warnings > 0 ? CHECK_WARNINGS :
	    CLI_OK;
out:
	lint_report_free(&r);
	catalog_close(cat);
	return status;
}

static void
check_help_codes(FILE *f)
{
	int i;

	fprintf(f, "\nCodes:\n");
	for (i = 0; i < LINT_CODE_COUNT; i++) {
		fprintf(f, "  %-18s ", lint_code_name((enum lint_code)i));
		cli_help_text(f, 21, lint_code_help((enum lint_code)i));
	}
}

const struct cli_command cmd_check = {
	.name = "check",
	.run = check_run,
	.usage = "check [--json] [-q|--quiet] [-i|--images DIR] "
	    "[-l|--listen ADDR:PORT] [--base-url URL]",
	.help = "Checks the catalog for what will not boot as meant: missing or\n"
	    "unreadable images, ISOs over 2 GiB sanbooted by 32-bit BIOS iPXE,\n"
	    "memdisk offered to UEFI, defaults and next boots naming disabled\n"
	    "or broken entries, duplicate hotkeys, hosts whose default cannot\n"
	    "boot on the firmware they last booted with, a base URL clients\n"
	    "cannot reach. Disabled entries are checked only where something\n"
	    "names them. The console marks the same findings on its screens.\n"
	    "\n"
	    "Exit status: 0 no findings, 1 errors (or the check failed),\n"
	    "2 usage, 3 warnings only.\n"
	    "\n"
	    "Options:\n"
	    "  --json               {\"errors\", \"warnings\", \"findings\": [{\n"
	    "                       severity, code, kind, subject, message}]}\n"
	    "  -q, --quiet          print nothing when there is no finding\n"
	    "  -i, --images DIR     the images directory (default: config images)\n"
	    "  -l, --listen ADDR:PORT  where bootdeckd listens (default: config\n"
	    "                       listen), compared with the base URL\n"
	    "  --base-url URL       the base URL bootdeckd is given (default:\n"
	    "                       config base_url, else the catalog's)\n",
	.help_more = check_help_codes,
};
