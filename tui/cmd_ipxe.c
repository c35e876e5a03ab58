/* cmd_ipxe.c: `bootdeck ipxe build`: iPXE binaries with the bootstrap embedded, from the user's iPXE tree. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/tls.h"
#include "ipxe/build.h"
#include "tui/cli.h"

enum ipxe_opt {
	OPT_SRC = 256, OPT_URL, OPT_OUT, OPT_JOBS, OPT_TRUST,
};

/* A setting that names a file: empty means unset. */
static const char *
ipxe_file_setting(const struct config *cfg, enum config_key key)
{
	const char *v = config_get(cfg, key);

	return *v != '\0' ? v : NULL;
}

static bool
ipxe_yes_no(const char *s, bool *out)
{
	static const struct { const char *word; bool value; } words[] = {
		{ "yes", true }, { "true", true }, { "on", true },
		{ "1", true },
		{ "no", false }, { "false", false }, { "off", false },
		{ "0", false }, { "", false },
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i].word) == 0) {
			*out = words[i].value;
			return true;
		}
	return false;
}

/* Without a terminal (logs, CI) a line this often while a target builds. */
#define PROGRESS_LOG_MS	30000

struct ipxe_progress {
	bool	tty;		/* one line redrawn in place */
	bool	open;		/* that line is on the screen, unfinished */
	int64_t	logged_ms;	/* target time of the last line, no tty */
};

static void
ipxe_progress_head(const struct ipxe_build_progress *p, char *buf,
    size_t len)
{
	long s = p->target_ms / 1000;

	snprintf(buf, len, "  [%zu/%d] %-20s %ld:%02ld", p->target + 1,
	    IPXE_TARGET_COUNT, ipxe_targets[p->target].file, s / 60, s % 60);
}

/* What the build is doing: the target, its time, files compiled. */
static void
ipxe_progress(const struct ipxe_build_progress *p, void *arg)
{
	struct ipxe_progress *pr = arg;
	char head[80];

	if (p->phase == IPXE_BUILD_WAIT) {
		printf("  waiting for another build of this tree to finish\n");
		fflush(stdout);
		return;
	}
	ipxe_progress_head(p, head, sizeof head);
	switch (p->phase) {
	case IPXE_BUILD_START:
		pr->logged_ms = 0;
		if (!pr->tty)
			printf("%s  make %s\n", head,
			    ipxe_targets[p->target].make_target);
		break;
	case IPXE_BUILD_TICK:
		if (pr->tty) {
			printf("\r%s  %u file%s compiled\033[K", head,
			    p->compiled, p->compiled == 1 ? "" : "s");
			pr->open = true;
		}
		else if (p->target_ms - pr->logged_ms >= PROGRESS_LOG_MS) {
			pr->logged_ms = p->target_ms;
			printf("%s  %u file%s compiled\n", head, p->compiled,
			    p->compiled == 1 ? "" : "s");
		}
		break;
	case IPXE_BUILD_DONE:
		printf("%s%s  %s (%u file%s compiled)%s\n",
		    pr->tty ? "\r" : "", head,
		    p->compiled > 0 ? "built" : "up to date", p->compiled,
		    p->compiled == 1 ? "" : "s", pr->tty ? "\033[K" : "");
		pr->open = false;
		break;
	case IPXE_BUILD_WAIT:
		break;
	}
	fflush(stdout);
}

static void
ipxe_print_built(const struct ipxe_build_options *o)
{
	struct stat st;
	size_t i;
	char *path;

	printf("Built iPXE with the bootstrap for %s/boot.ipxe embedded, in "
	    "%s:\n", o->base_url, o->out);
	for (i = 0; i < IPXE_TARGET_COUNT; i++) {
		path = NULL;
		if (asprintf(&path, "%s/%s", o->out,
		    ipxe_targets[i].file) < 0 ||
		    stat(path, &st) != 0)
			st.st_size = 0;
		printf("  %-22s %9lld bytes  %s\n", ipxe_targets[i].file,
		    (long long)st.st_size, ipxe_targets[i].what);
		free(path);
	}
}

static int
ipxe_build_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "src", required_argument, NULL, OPT_SRC },
		{ "url", required_argument, NULL, OPT_URL },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "trust", required_argument, NULL, OPT_TRUST },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct ipxe_build_options o = { 0 };
	struct ipxe_progress pr = { .tty = isatty(STDOUT_FILENO) };
	const struct config *cfg;
	const char *serial, *trust = NULL;
	char *base = NULL, *error = NULL, *nl, *tls_ca = NULL;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_SRC:
			o.src = optarg;
			break;
		case OPT_URL:
			if (!cli_check_base_url(cli, "--url", optarg))
				return CLI_USAGE;
			cli->base_url = optarg;
			break;
		case OPT_OUT:
			o.out = optarg;
			break;
		case OPT_TRUST:
			trust = optarg;
			break;
		case OPT_JOBS:
			if (!cli_parse_long(optarg, 1, 1024, &o.jobs))
				return cli_usage_error(cli, "--jobs wants a "
				    "number from 1 to 1024, not '%s'", optarg);
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if (o.src == NULL)
		return cli_usage_error(cli,
		    "say where the iPXE source tree is: "
		    "--src DIR");
	if ((cfg = cli_config(cli)) == NULL)
		return CLI_FAIL;
	serial = config_get(cfg, CONFIG_IPXE_SERIAL_CONSOLE);
	if (!ipxe_yes_no(serial, &o.serial_console)) {
		cli_error("ipxe_serial_console wants yes or no, not '%s'",
		    serial);
		return CLI_FAIL;
	}
	if ((base = cli_base_url(cfg, NULL)) == NULL)
		return CLI_FAIL;
	o.base_url = base;
	/* The CA of `bootdeck tls init` unless told otherwise. */
	if (trust == NULL) {
		tls_ca = cli_tls_path(cli, TLS_CA_CERT);
		if (access(tls_ca, F_OK) == 0)
			o.trust = tls_ca;
	} else if (strcmp(trust, "none") != 0)
		o.trust = trust;
	if (o.trust != NULL && strncmp(base, "https://", 8) != 0) {
		cli_error("a build that trusts %s chains over HTTPS: the URL "
		    "must be https://, not %s (--url https://HOST:PORT, or "
		    "--trust none for plain HTTP)", o.trust, base);
		status = CLI_FAIL;
		goto out;
	}
	if (o.trust != NULL && !cli_tls_check_ca(o.trust)) {
		status = CLI_FAIL;
		goto out;
	}
	if (o.out == NULL)
		o.out = config_get(cfg, CONFIG_IPXE_DIR);
	o.general = ipxe_file_setting(cfg, CONFIG_IPXE_GENERAL);
	o.script = ipxe_file_setting(cfg, CONFIG_IPXE_SCRIPT);

	o.progress = ipxe_progress;
	o.progress_arg = &pr;
	if (o.jobs == 0 && (o.jobs = sysconf(_SC_NPROCESSORS_ONLN)) <= 0)
		o.jobs = 1;
	printf("Building iPXE in %s/src (make -j%ld CONFIG=%s, bootstrap for "
	    "%s/boot.ipxe embedded%s%s); a first build takes minutes...\n",
	    o.src, o.jobs, IPXE_BUILD_CONFIG, base, o.trust != NULL ?
	    ", trusting only " : "", o.trust != NULL ? o.trust : "");
	fflush(stdout);
	if (ipxe_build(&o, &error) != IPXE_BUILD_OK) {
		if (pr.open)
			printf("\n");
		/* One line for the reason, then make's own words as is. */
		nl = strchr(error, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		cli_error("%s", error);
		if (nl != NULL)
			fprintf(stderr, "%s\n", nl);
		status = CLI_FAIL;
		goto out;
	}
	ipxe_print_built(&o);
	status = CLI_OK;
out:
	free(error);
	free(tls_ca);
	free(base);
	return status;
}

static const struct cli_command cmd_ipxe_build = {
	.name = "build",
	.run = ipxe_build_run,
	.usage = "ipxe build --src DIR [--url URL] [--out DIR] [--jobs N] "
	    "[--trust CA.pem|none]",
	.help = "Builds iPXE from an iPXE source tree (git clone\n"
	    "https://github.com/ipxe/ipxe) with the bootdeck bootstrap embedded:\n"
	    "undionly.kpxe and undionly-x86_64.kpxe (BIOS), ipxe.efi and\n"
	    "snponly.efi (UEFI x86_64). Runs iPXE's own make with CONFIG=bootdeck;\n"
	    "the only files it writes in the tree are in\n"
	    "src/config/local/bootdeck/. The config keys ipxe_serial_console,\n"
	    "ipxe_general and ipxe_script add build settings. Every build has\n"
	    "HTTPS on every target (iPXE leaves it out of BIOS builds).\n"
	    "\n"
	    "Options:\n"
	    "  --src DIR          the iPXE checkout (the directory holding src/)\n"
	    "  --url URL          how clients reach bootdeckd (default: config\n"
	    "                     base_url, else the console's Settings, else\n"
	    "                     http:// and the listen address)\n"
	    "  --out DIR          where the binaries go (default: config ipxe_dir,\n"
	    "                     which bootdeckd serves under /ipxe/)\n"
	    "  --jobs N           parallel make jobs (default: the CPU count)\n"
	    "  --trust CA.pem     trust only this CA over HTTPS: the\n"
	    "                     bootstrap, menus, entries and images go over\n"
	    "                     https:// (--url must be https://); default: the\n"
	    "                     CA of `bootdeck tls init` (tls/ca.pem next to the\n"
	    "                     config file) if there is one; none: plain HTTP\n",
};

static const struct cli_command *const ipxe_subs[] = {
	&cmd_ipxe_build,
	NULL
};

const struct cli_command cmd_ipxe = {
	.name = "ipxe",
	.usage = "ipxe [build] ...",
	.subs = ipxe_subs,
	.default_sub = "build",
};
