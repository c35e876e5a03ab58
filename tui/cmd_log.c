/* cmd_log.c: `bootdeck log [--follow]`: the boot events, oldest first, and new ones as they come. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "tui/cli.h"
#include "tui/json_catalog.h"

enum log_opt {
	OPT_FOLLOW = 256, OPT_MAC, OPT_JSON,
};

#define LOG_DEFAULT_COUNT 50
#define LOG_POLL_MS 250

static volatile sig_atomic_t log_stop;
/* --json: one compact object per line, so --follow streams them. */
static bool log_json;

static void
log_on_signal(int sig)
{
	(void)sig;
	log_stop = 1;
}

static void
log_print_event(const struct boot_event *ev)
{
	struct strbuf sb = STRBUF_INIT;
	char when[32], *clean;
	const char *who;

	cli_format_time(when, sizeof when, ev->ts_ms);
	who = ev->mac[0] != '\0' ? ev->mac : ev->ip[0] != '\0' ? ev->ip : "-";
	strbuf_addf(&sb, "%s  %-17s  %-5s  %s", when, who,
	    record_kind_name(ev->kind), ev->entry != NULL ? ev->entry : "-");
	if (ev->kind == RECORD_TRANSFER && ev->path != NULL) {
		strbuf_addf(&sb, "  %s %lld", ev->path, (long long)ev->bytes);
		if (ev->size > 0)
			strbuf_addf(&sb, "/%lld bytes (%d%%)",
			    (long long)ev->size,
			    (int)(ev->bytes * 100 / ev->size));
		else
			strbuf_adds(&sb, " bytes");
		strbuf_addf(&sb, ", %lld request%s", (long long)ev->requests,
		    ev->requests == 1 ? "" : "s");
	} else if (ev->path != NULL)
		strbuf_addf(&sb, "  %s", ev->path);
	if (ev->detail != NULL && ev->detail[0] != '\0')
		strbuf_addf(&sb, "  %s", ev->detail);
	/* Entries, paths and details come from clients: keep them inert. */
	clean = cli_clean(sb.data);
	puts(clean);
	free(clean);
	strbuf_free(&sb);
}

/* Prints the events after *last_id and moves it past them. */
static int
log_print_after(struct catalog *cat, int64_t *last_id, const char *mac,
    size_t limit)
{
	struct boot_event *v = NULL;
	size_t n = 0, i;
	int status;

	status = catalog_event_list(cat, *last_id, mac, limit, &v, &n);
	if (status != CATALOG_OK)
		return cli_catalog_fail(cat, status);
	for (i = 0; i < n; i++) {
		if (log_json)
			json_catalog_print(json_catalog_event(&v[i]), stdout,
			    true);
		else
			log_print_event(&v[i]);
		if (v[i].id > *last_id)
			*last_id = v[i].id;
	}
	boot_event_array_free(v, n);
	fflush(stdout);
	return CLI_OK;
}

/* Waits one poll interval; false once a signal or a closed reader says stop. */
static bool
log_wait(void)
{
	struct pollfd pfd = { .fd = STDOUT_FILENO, .events = 0 };

	if (log_stop || cli_output_closed())
		return false;
	/* Polling stdout for nothing but errors notices a reader that left. */
	if (poll(&pfd, 1, LOG_POLL_MS) > 0 &&
	    (pfd.revents & (POLLERR | POLLHUP)) != 0)
		return false;
	return !log_stop;
}

/* SIGINT and SIGTERM end --follow normally; set before the catalog opens
   so that a signal at any moment is a clean stop. */
static void
log_catch_signals(void)
{
	cli_catch_signal(SIGINT, log_on_signal);
	cli_catch_signal(SIGTERM, log_on_signal);
}

static int
log_follow(struct catalog *cat, int64_t last_id, const char *mac)
{
	int64_t seen = 0, now;
	int status;

	status = catalog_data_version(cat, &seen);
	if (status != CATALOG_OK)
		return cli_catalog_fail(cat, status);
	while (log_wait()) {
		/* data_version moves only when another connection commits. */
		status = catalog_data_version(cat, &now);
		if (status != CATALOG_OK)
			return cli_catalog_fail(cat, status);
		if (now == seen)
			continue;
		seen = now;
		if ((status = log_print_after(cat, &last_id, mac, 0)) != CLI_OK)
			return status;
	}
	return CLI_OK;
}

static int
log_run(struct cli *cli, const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "mac", required_argument, NULL, OPT_MAC },
		{ "count", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, OPT_JSON },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	char mac[MAC_STRLEN] = "";
	long count = LOG_DEFAULT_COUNT;
	struct catalog *cat;
	bool follow = false;
	int64_t last_id = 0;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "fn:", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			follow = true;
			break;
		case OPT_JSON:
			log_json = true;
			break;
		case OPT_MAC:
			if (!cli_parse_mac(cli, optarg, mac))
				return CLI_USAGE;
			break;
		case 'n':
			if (!cli_parse_long(optarg, 0, INT_MAX, &count))
				return cli_usage_error(cli, "-n wants a count "
				    "of events (0: all), not '%s'", optarg);
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if (follow)
		log_catch_signals();
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = log_print_after(cat, &last_id, mac[0] != '\0' ? mac : NULL,
	    (size_t)count);
	if (status == CLI_OK && follow)
		status = log_follow(cat, last_id, mac[0] != '\0' ? mac : NULL);
	catalog_close(cat);
	return status;
}

const struct cli_command cmd_log = {
	.name = "log",
	.run = log_run,
	.usage = "log [-f|--follow] [--mac MAC] [-n|--count COUNT] [--json]",
	.help = "Prints boot events oldest first: time (UTC), client MAC or IP,\n"
	    "kind (boot, entry, image, error), entry, the image with the bytes\n"
	    "served of its size, and details.\n"
	    "\n"
	    "Options:\n"
	    "  -f, --follow         keep printing new events until interrupted\n"
	    "  --mac MAC            only this client's events\n"
	    "  -n, --count COUNT    the last COUNT events (default 50; 0: all)\n"
	    "  --json               one JSON object per event and line, times\n"
	    "                       in unix milliseconds\n",
};
