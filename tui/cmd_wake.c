/* cmd_wake.c: `bootdeck wake`: Wake-on-LAN for hosts by MAC or name, with their next boot set first. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "tui/cli.h"
#include "tui/wake.h"

enum wake_opt {
	OPT_NEXT = 256, OPT_BROADCAST, OPT_INTERFACE,
};

/* A host name to its MAC: exactly one host must have it. */
static bool
wake_resolve(const char *arg, const struct host *v, size_t n,
    char mac[MAC_STRLEN])
{
	size_t i, found = 0;

	for (i = 0; i < n; i++) {
		if (v[i].name == NULL || strcmp(v[i].name, arg) != 0)
			continue;
		if (found++ == 0)
			memcpy(mac, v[i].mac, MAC_STRLEN);
	}
	if (found == 0)
		cli_error("'%s' is neither a MAC nor a host's name", arg);
	else if (found > 1)
		cli_error("%zu hosts are named '%s': give the MAC", found, arg);
	return found == 1;
}

/* The MACs of the operands that are no MAC, looked up by host name in
   cat. False after saying why. */
static bool
wake_names(struct catalog *cat, int argc, char **argv,
    char (*macs)[MAC_STRLEN])
{
	struct host *v = NULL;
	size_t n = 0;
	bool ok = true;
	int i, status;

	if ((status = catalog_host_list(cat, &v, &n)) != CATALOG_OK) {
		cli_catalog_fail(cat, status);
		return false;
	}
	for (i = 0; ok && i < argc; i++)
		if (macs[i][0] == '\0')
			ok = wake_resolve(argv[i], v, n, macs[i]);
	host_array_free(v, n);
	return ok;
}

/* Refuses the MACs no one machine has, before anything is changed. */
static bool
wake_check(char (*macs)[MAC_STRLEN], size_t n)
{
	const char *problem;
	size_t i;

	for (i = 0; i < n; i++) {
		if (macs[i][0] != '\0' &&
		    (problem = wake_mac_problem(macs[i])) != NULL) {
			cli_error("refusing to wake %s: %s", macs[i], problem);
			return false;
		}
	}
	return true;
}

static int
wake_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "next", required_argument, NULL, OPT_NEXT },
		{ "broadcast", required_argument, NULL, OPT_BROADCAST },
		{ "interface", required_argument, NULL, OPT_INTERFACE },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct wake_target t = { 0 };
	const struct config *cfg;
	struct catalog *cat = NULL;
	const char *next = NULL, *bcast = NULL, *ifname = NULL;
	const char **list = NULL;
	char (*macs)[MAC_STRLEN] = NULL, err[512];
	bool names = false;
	size_t n, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_NEXT)
			next = optarg;
		else if (c == OPT_BROADCAST)
			bcast = optarg;
		else if (c == OPT_INTERFACE)
			ifname = optarg;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1024, "the MAC or "
	    "host NAME")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL)
		return CLI_FAIL;
	t.broadcast = bcast != NULL ? bcast :
	    config_get(cfg, CONFIG_WAKE_BROADCAST);
	t.interface = ifname != NULL ? ifname :
	    config_get(cfg, CONFIG_WAKE_INTERFACE);
	n = (size_t)(argc - optind);
	macs = xcalloc(n, sizeof *macs);
	list = xcalloc(n, sizeof *list);
	status = CLI_FAIL;
	for (i = 0; i < n; i++) {
		list[i] = macs[i];
		if (!mac_parse(argv[optind + (int)i], macs[i]))
			names = true;
	}
	/* The catalog only for names and next
	 * boots: waking a MAC needs none. */
	if (!wake_check(macs, n)) {
		status = CLI_USAGE;
		goto out;
	}
	if ((names || next != NULL) &&
	    (cat = cli_open(cli, next != NULL ? CLI_WRITE : CLI_READ)) == NULL)
		goto out;
	if (names && (!wake_names(cat, argc - optind, argv + optind, macs) ||
	    !wake_check(macs, n)))
		goto out;
	/* The next boots first and all together: a machine that wakes
	   must find its next boot already set. */
	if (next != NULL) {
		status = catalog_batch_begin(cat, true);
		for (i = 0; status == CATALOG_OK && i < n; i++)
			status = wake_set_next(cat, macs[i], next);
		status = catalog_batch_end(cat, status);
		if ((status = cli_catalog_status(cat, status)) != CLI_OK)
			goto out;
		status = CLI_FAIL;
	}
	if (wake_send(&t, list, n, err, sizeof err) != 0) {
		cli_error("%s%s", err, next != NULL ? " (the next boots are "
		    "set)" : "");
		goto out;
	}
	for (i = 0; i < n; i++)
		printf("woke %s via %s port %d%s%s%s%s\n", macs[i], t.broadcast,
		    WAKE_PORT, *t.interface != '\0' ? " on " : "",
		    t.interface, next != NULL ? ", next boot " : "",
		    next != NULL ? next : "");
	status = CLI_OK;
out:
	catalog_close(cat);
	free(macs);
	free(list);
	return status;
}

const struct cli_command cmd_wake = {
	.name = "wake",
	.run = wake_run,
	.usage = "wake MAC|NAME... [--next ENTRY] [--broadcast ADDR] "
	    "[--interface IF]",
	.help = "Sends a Wake-on-LAN magic packet (6 x 0xff, then the MAC 16\n"
	    "times) to UDP port 9 for each host, named by MAC or by its host\n"
	    "name. With --next, sets each host's one-shot next boot first (as\n"
	    "`host set --next` does; a new MAC becomes a host), all or none, so\n"
	    "`bootdeck wake web1 --next debian-install` reinstalls web1 now.\n"
	    "Broadcast, multicast and zero MACs are refused.\n"
	    "\n"
	    "Options:\n"
	    "  --next ENTRY         the entry the hosts boot once, set first\n"
	    "  --broadcast ADDR     the IPv4 broadcast address to send to\n"
	    "                       (default: config wake_broadcast,\n"
	    "                       255.255.255.255)\n"
	    "  --interface IF       send out of this interface (default: config\n"
	    "                       wake_interface; none: the routes decide)\n",
};
