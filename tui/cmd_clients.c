/* cmd_clients.c: `bootdeck clients`: every client seen, what it booted and how far it got. */
#include "config.h"

#include <stdlib.h>

#include "common/size.h"
#include "ipxe/ident.h"
#include "tui/cli.h"
#include "tui/json_catalog.h"

static int
clients_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const char *const head[] = { "MAC", "HOST", "IP", "PLATFORM",
	    "ARCH", "STAGE", "ENTRY", "IMAGE", "SERVED", "LAST-SEEN", "IPXE" };
	struct cli_table t;
	struct catalog *cat;
	struct client *v = NULL;
	size_t n = 0, i;
	bool json;
	json_t *a;
	int status;

	status = cli_parse_json(cli, cmd, argc, argv, 0, 0, "", &json);
	if (status >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_client_list(cat, &v, &n));
	if (status != CLI_OK)
		goto out;
	if (json) {
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_catalog_client(&v[i]));
		json_catalog_print(a, stdout, false);
		goto out;
	}
	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < n; i++) {
		char seen[32], bytes[32], size[32], served[96] = "", ipxe[160];
		const char *row[] = { v[i].mac, v[i].host_name, v[i].ip,
		    v[i].platform, v[i].arch, v[i].stage, v[i].entry,
		    v[i].image, served, seen, ipxe };

		cli_format_time(seen, sizeof seen, v[i].last_seen_ms);
		ipxe_ident_format(v[i].version, v[i].build, ipxe, sizeof ipxe);
		if (v[i].image != NULL) {
			size_format(bytes, sizeof bytes, v[i].bytes);
			size_format(size, sizeof size, v[i].size);
			if (v[i].size > 0)
				snprintf(served, sizeof served, "%s/%s (%d%%)",
				    bytes, size,
				    (int)(v[i].bytes * 100 / v[i].size));
			else
				snprintf(served, sizeof served, "%s", bytes);
		}
		cli_table_add(&t, row);
	}
	cli_table_print(&t, stdout);
	cli_table_free(&t);
out:
	client_array_free(v, n);
	catalog_close(cat);
	return status;
}

const struct cli_command cmd_clients = {
	.name = "clients",
	.run = clients_run,
	.usage = "clients [--json]",
	.help = "Lists every client seen, most recent first: MAC, host name, IP,\n"
	    "firmware platform and architecture, boot stage, chosen entry, the\n"
	    "image being downloaded with the bytes served of its size, when\n"
	    "it was last seen (UTC), and the iPXE it runs: its version and\n"
	    "bootdeck build, or \"stock\" with what that lacks (no HTTPS with\n"
	    "bootdeck's own CA; older than the iPXE " IPXE_TESTED_VERSION " bootdeck is tested with).\n"
	    "\n"
	    "Options:\n"
	    "  --json               a JSON array of the clients, times in unix\n"
	    "                       milliseconds\n",
};
