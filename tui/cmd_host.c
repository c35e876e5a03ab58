/* cmd_host.c: `bootdeck host list|show|set|rm`: machines known by MAC, their default and next boot, what they reported. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/size.h"
#include "ipxe/ident.h"
#include "tui/cli.h"
#include "tui/json_catalog.h"

enum host_opt {
	OPT_NAME = 256, OPT_DEFAULT, OPT_NO_DEFAULT, OPT_NEXT, OPT_NO_NEXT,
	OPT_MENU, OPT_NO_MENU, OPT_LOCALBOOT,
};

static int
host_list_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const char *const head[] = { "MAC", "NAME", "DEFAULT", "NEXT",
	    "MENU", "LOCALBOOT", "LAST-SEEN", "IP" };
	struct cli_table t;
	struct catalog *cat;
	struct host *v = NULL;
	size_t n = 0, i;
	bool json;
	json_t *a;
	int status;

	status = cli_parse_json(cli, cmd, argc, argv, 0, 0, "", &json);
	if (status >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_host_list(cat, &v, &n));
	if (status != CLI_OK)
		goto out;
	if (json) {
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a,
			    json_catalog_host(&v[i], true));
		json_catalog_print(a, stdout, false);
		goto out;
	}
	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < n; i++) {
		char seen[32];
		const char *row[] = { v[i].mac, v[i].name, v[i].default_entry,
		    v[i].next_entry, v[i].skip_menu ? "skip" : "show",
		    localboot_name(v[i].localboot), seen, v[i].last_ip };

		cli_format_time(seen, sizeof seen, v[i].last_seen * 1000);
		cli_table_add(&t, row);
	}
	cli_table_print(&t, stdout);
	cli_table_free(&t);
out:
	host_array_free(v, n);
	catalog_close(cat);
	return status;
}

static int
host_set_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "default", required_argument, NULL, OPT_DEFAULT },
		{ "no-default", no_argument, NULL, OPT_NO_DEFAULT },
		{ "next", required_argument, NULL, OPT_NEXT },
		{ "no-next", no_argument, NULL, OPT_NO_NEXT },
		{ "menu", no_argument, NULL, OPT_MENU },
		{ "no-menu", no_argument, NULL, OPT_NO_MENU },
		{ "localboot", required_argument, NULL, OPT_LOCALBOOT },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	/* NULL: unchanged; "": cleared. */
	const char *name = NULL, *def = NULL, *next = NULL, *localboot = NULL;
	enum localboot_method method = LOCALBOOT_AUTO;
	struct catalog *cat = NULL;
	struct host h = { 0 };
	char mac[MAC_STRLEN];
	const char *why;
	int c, status, skip_menu = -1;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		switch (c) {
		case OPT_NAME:
			name = optarg;
			break;
		case OPT_DEFAULT:
		case OPT_NO_DEFAULT:
			def = c == OPT_DEFAULT ? optarg : "";
			break;
		case OPT_NEXT:
		case OPT_NO_NEXT:
			next = c == OPT_NEXT ? optarg : "";
			break;
		case OPT_MENU:
		case OPT_NO_MENU:
			skip_menu = c == OPT_NO_MENU;
			break;
		case OPT_LOCALBOOT:
			localboot = optarg;
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the MAC")) >= 0)
		return status;
	if (!cli_parse_mac(cli, argv[optind], mac))
		return CLI_USAGE;
	/* Said before the catalog refuses it (host rm still takes one). */
	if ((why = mac_problem(mac)) != NULL)
		return cli_usage_error(cli, "'%s' %s", mac, why);
	if (localboot != NULL && localboot_parse(localboot, &method) != 0)
		return cli_usage_error(cli,
		    "--localboot wants auto, sanboot or "
		    "exit, not '%s'", localboot);
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	status = catalog_host_get(cat, mac, &h);
	if (status == CATALOG_NOTFOUND) {
		/* A new host: everything not given keeps its default. */
		host_clear(&h);
		memcpy(h.mac, mac, sizeof h.mac);
	} else if (status != CATALOG_OK) {
		status = cli_catalog_fail(cat, status);
		goto out;
	}
	if (name != NULL)
		cli_replace(&h.name, name);
	if (def != NULL)
		cli_replace(&h.default_entry, def);
	if (next != NULL)
		cli_replace(&h.next_entry, next);
	if (skip_menu >= 0)
		h.skip_menu = skip_menu;
	if (localboot != NULL)
		h.localboot = method;
	status = cli_catalog_status(cat, catalog_host_put(cat, &h));
out:
	host_clear(&h);
	catalog_close(cat);
	return status;
}

static int
host_rm_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct catalog *cat;
	char mac[MAC_STRLEN];
	int status;

	status = cli_parse_common(cli, cmd, argc, argv, 1, 1, "the MAC");
	if (status >= 0)
		return status;
	if (!cli_parse_mac(cli, argv[optind], mac))
		return CLI_USAGE;
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_host_remove(cat, mac));
	catalog_close(cat);
	return status;
}

/* A MAC, or the name of exactly one host. */
static int
host_resolve(struct cli *cli, struct catalog *cat, const char *arg,
    char mac[MAC_STRLEN])
{
	struct host *v = NULL;
	size_t n = 0, i, found = 0;
	int status;

	if (mac_parse(arg, mac))
		return CLI_OK;
	status = cli_catalog_status(cat, catalog_host_list(cat, &v, &n));
	for (i = 0; status == CLI_OK && i < n; i++)
		if (v[i].name != NULL && strcmp(v[i].name, arg) == 0 &&
		    found++ == 0)
			memcpy(mac, v[i].mac, MAC_STRLEN);
	host_array_free(v, n);
	if (status != CLI_OK)
		return status;
	if (found == 1)
		return CLI_OK;
	if (found > 1)
		cli_error("%zu hosts are named '%s': give the MAC", found, arg);
	else
		cli_error("'%s' is neither a MAC address nor a host's name",
		    arg);
	return CLI_FAIL;
}

static void
host_show_field(const char *label, const char *value)
{
	char *clean;

	if (value == NULL || *value == '\0')
		return;
	clean = cli_clean(value);
	printf("%-14s%s\n", label, clean);
	free(clean);
}

/* "12.0 MiB of 40.0 MiB in 2 files", for a boot's images. */
static void
host_show_bytes(char *buf, size_t len, const struct host_boot *b)
{
	char bytes[32], size[32];

	buf[0] = '\0';
	if (b->images == 0)
		return;
	size_format(bytes, sizeof bytes, b->bytes);
	size_format(size, sizeof size, b->size);
	snprintf(buf, len, "%s of %s in %lld file%s", bytes, size,
	    (long long)b->images, b->images == 1 ? "" : "s");
}

static void
host_show_print(const struct host_detail *d)
{
	static const char *const ip_head[] = { "IP", "FIRST-SEEN",
	    "LAST-SEEN" };
	static const char *const boot_head[] = { "TIME", "ENTRY", "OUTCOME",
	    "IMAGES" };
	const struct client *c = d->seen ? &d->client : NULL;
	char buf[160], first[32], last[32];
	struct cli_table t;
	size_t i;

	host_show_field("mac:", d->mac);
	if (d->is_host) {
		host_show_field("name:", d->host.name);
		host_show_field("default:", d->host.default_entry ?
		    d->host.default_entry : "- (the menu's)");
		snprintf(buf, sizeof buf, "%s (once)", d->host.next_entry ?
		    d->host.next_entry : "");
		host_show_field("next boot:", d->host.next_entry ? buf : "-");
		host_show_field("menu:", d->host.skip_menu ? "skip" : "show");
		host_show_field("local boot:",
		    localboot_name(d->host.localboot));
	} else
		host_show_field("host:", "no: a client only (bootdeck host set "
		    "makes it one)");
	if (c != NULL) {
		host_show_field("manufacturer:", c->manufacturer);
		host_show_field("product:", c->product);
		host_show_field("serial:", c->serial);
		host_show_field("uuid:", c->uuid);
		host_show_field("firmware:", c->platform);
		host_show_field("arch:", c->arch);
		ipxe_ident_format(c->version, c->build, buf, sizeof buf);
		host_show_field("ipxe:", buf);
		cli_format_time(first, sizeof first, c->first_seen_ms);
		cli_format_time(last, sizeof last, c->last_seen_ms);
		host_show_field("first seen:", first);
		host_show_field("last seen:", last);
		host_show_field("last entry:", c->entry);
	} else
		host_show_field("reported:", "nothing yet (never booted "
		    "from bootdeckd)");
	if (d->n_ips > 0) {
		putchar('\n');
		cli_table_init(&t, sizeof ip_head / sizeof ip_head[0], ip_head);
		for (i = 0; i < d->n_ips; i++) {
			const char *row[] = { d->ips[i].ip, first, last };

			cli_format_time(first, sizeof first,
			    d->ips[i].first_ms);
			cli_format_time(last, sizeof last, d->ips[i].last_ms);
			cli_table_add(&t, row);
		}
		cli_table_print(&t, stdout);
		cli_table_free(&t);
	}
	if (d->n_boots > 0) {
		putchar('\n');
		cli_table_init(&t, sizeof boot_head / sizeof boot_head[0],
		    boot_head);
		for (i = 0; i < d->n_boots; i++) {
			const struct host_boot *b = &d->boots[i];
			char outcome[160];
			const char *row[] = { first, b->entry, outcome, buf };

			cli_format_time(first, sizeof first, b->ts_ms);
			snprintf(outcome, sizeof outcome, "%s%s%s",
			    host_boot_outcome_name(b->outcome),
			    b->detail ? ": " : "", b->detail ? b->detail : "");
			host_show_bytes(buf, sizeof buf, b);
			cli_table_add(&t, row);
		}
		cli_table_print(&t, stdout);
		cli_table_free(&t);
	}
}

static int
host_show_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct host_detail d = { 0 };
	struct catalog *cat;
	char mac[MAC_STRLEN];
	bool json;
	int status;

	status = cli_parse_json(cli, cmd, argc, argv, 1, 1, "the MAC or NAME",
	    &json);
	if (status >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = host_resolve(cli, cat, argv[optind], mac);
	if (status == CLI_OK)
		status = cli_catalog_status(cat, catalog_host_detail(cat, mac,
		    &d));
	if (status == CLI_OK && json)
		json_catalog_print(json_catalog_host_detail(&d), stdout, false);
	else if (status == CLI_OK)
		host_show_print(&d);
	host_detail_clear(&d);
	catalog_close(cat);
	return status;
}

static const struct cli_command host_list = {
	.name = "list",
	.run = host_list_run,
	.usage = "host list [--json]",
	.help = "Lists the hosts: default and next boot, whether they see the\n"
	    "menu, the local boot method, and when they were last seen.\n"
	    "\n"
	    "Options:\n"
	    "  --json               a JSON array: the hosts as `bootdeck export`\n"
	    "                       has them, with last_seen (unix seconds) and\n"
	    "                       last_ip\n",
};

static const struct cli_command host_set = {
	.name = "set",
	.run = host_set_run,
	.usage = "host set MAC [--name NAME] [--default ENTRY|--no-default] "
	    "[--next ENTRY|--no-next]\n    [--menu|--no-menu] "
	    "[--localboot auto|sanboot|exit]",
	.help = "Creates the host if it is new; otherwise changes only the\n"
	    "fields given. MAC: aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or\n"
	    "aabbccddeeff, any case.\n"
	    "\n"
	    "Options:\n"
	    "  --name NAME          a label for the host ('' clears it)\n"
	    "  --default ENTRY      the entry the host boots by default\n"
	    "  --no-default         boot the menu default instead\n"
	    "  --next ENTRY         boot ENTRY once, on the next boot only\n"
	    "  --no-next            cancel the one-shot next boot\n"
	    "  --no-menu            boot the default without showing the menu\n"
	    "  --menu               show the menu (the default)\n"
	    "  --localboot METHOD   how localboot entries leave iPXE: auto\n"
	    "                       (UEFI exit, BIOS sanboot), sanboot, exit\n",
};

static const struct cli_command host_rm = {
	.name = "rm",
	.run = host_rm_run,
	.usage = "host rm MAC",
	.help = "Forgets a host's settings (not its boot history).\n",
};

static const struct cli_command host_show = {
	.name = "show",
	.run = host_show_run,
	.usage = "host show MAC|NAME [--json]",
	.help = "Prints what the catalog knows of one machine, a host or a\n"
	    "client only: its default and next boot, everything it reported\n"
	    "(manufacturer, product, serial, UUID, firmware, arch, iPXE\n"
	    "version and build), the IP addresses it came from (first and\n"
	    "last seen, UTC) and its last boots: when, the entry, the\n"
	    "outcome (menu, entry, images or error) and the image bytes sent.\n"
	    "NAME is a host's name; the IPs and boots go back as far as the\n"
	    "boot log's retention.\n"
	    "\n"
	    "Options:\n"
	    "  --json               one JSON object: host, client, ips, boots\n"
	    "                       (times in unix milliseconds)\n",
};

static const struct cli_command *const host_subs[] = {
	&host_list, &host_show, &host_set, &host_rm, NULL
};

const struct cli_command cmd_host = {
	.name = "host",
	.usage = "host list|show|set|rm ...",
	.subs = host_subs,
	.default_sub = "list",
};
