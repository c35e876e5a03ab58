/* cmd_tls.c: `bootdeck tls init`: the private CA and bootdeckd's certificate for HTTPS boots. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/tls.h"
#include "common/xmalloc.h"
#include "tui/cli.h"

enum tls_opt {
	OPT_DIR = 256, OPT_NAME, OPT_FORCE, OPT_REUSE_CA, OPT_DAYS,
};

char *
cli_tls_path(struct cli *cli, const char *file)
{
	const char *conf = cli->config_file != NULL ? cli->config_file :
	    config_default_path();
	const char *slash = strrchr(conf, '/');

	if (slash == NULL)
		return xasprintf("tls/%s", file);
	return xasprintf("%.*s/tls/%s", (int)(slash - conf), conf, file);
}

bool
cli_tls_check_ca(const char *path)
{
	char err[512];

	if (tls_check_cert(path, err, sizeof err) == TLS_OK)
		return true;
	cli_error("%s", err);
	return false;
}

/* The host of a base URL ("http://HOST:PORT/PATH"), brackets off. */
static char *
tls_url_host(const char *url)
{
	const char *h = strstr(url, "://"), *end;

	h = h != NULL ? h + 3 : url;
	if (*h == '[') {
		end = strchr(++h, ']');
		return xstrndup(h, end != NULL ? (size_t)(end - h) : strlen(h));
	}
	return xstrndup(h, strcspn(h, ":/"));
}

static int
tls_init_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "reuse-ca", no_argument, NULL, OPT_REUSE_CA },
		{ "days", required_argument, NULL, OPT_DAYS },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *names[TLS_NAMES_MAX];
	struct tls_init_options o = { .names = names };
	char *dir = NULL, *base = NULL, *host = NULL, err[512];
	const struct config *cfg;
	int c, status;
	long days;
	size_t i;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_DIR:
			o.dir = optarg;
			break;
		case OPT_NAME:
			if (o.n_names == TLS_NAMES_MAX)
				return cli_usage_error(cli, "at most %d --name",
				    TLS_NAMES_MAX);
			if (!tls_name_ok(optarg))
				return cli_usage_error(cli,
				    "--name wants a DNS "
				    "name or an IP address, not '%s'", optarg);
			names[o.n_names++] = optarg;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case OPT_REUSE_CA:
			o.reuse_ca = true;
			break;
		case OPT_DAYS:
			if (!cli_parse_long(optarg, 1, 36500, &days))
				return cli_usage_error(cli, "--days wants a "
				    "number from 1 to 36500, not '%s'", optarg);
			o.days = (unsigned)days;
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL)
		return CLI_FAIL;
	if (o.dir == NULL) {
		dir = cli_tls_path(cli, "");
		dir[strlen(dir) - 1] = '\0';
		o.dir = dir;
	}
	/* Without --name: the host clients use, from the base URL. */
	if (o.n_names == 0) {
		if ((base = cli_base_url(cfg, NULL)) == NULL) {
			status = CLI_FAIL;
			goto out;
		}
		host = tls_url_host(base);
		if (!tls_name_ok(host)) {
			status = cli_usage_error(cli, "say which names clients "
			    "use: --name (the host of %s is no name)", base);
			goto out;
		}
		names[o.n_names++] = host;
	}
	if (tls_init(&o, err, sizeof err) != TLS_OK) {
		cli_error("%s", err);
		status = CLI_FAIL;
		goto out;
	}
	printf("%s in %s:\n", o.reuse_ca ? "New server certificate from the "
	    "CA" : "New CA and server certificate", o.dir);
	printf("  %-11s the CA: `bootdeck ipxe build` embeds it as iPXE's "
	    "only trusted root\n", TLS_CA_CERT);
	printf("  %-11s the CA's key (mode 0600): keep it offline once the "
	    "server certificate is made\n", TLS_CA_KEY);
	printf("  %-11s bootdeckd's certificate (tls_cert) for",
	    TLS_SERVER_CERT);
	for (i = 0; i < o.n_names; i++)
		printf(" %s", names[i]);
	printf("\n  %-11s its key (mode 0600, tls_key)\n", TLS_SERVER_KEY);
	status = CLI_OK;
out:
	free(host);
	free(base);
	free(dir);
	return status;
}

static const struct cli_command cmd_tls_init = {
	.name = "init",
	.run = tls_init_run,
	.usage = "tls init [--dir DIR] [--name DNS-OR-IP]... [--force] "
	    "[--reuse-ca] [--days N]",
	.help = "Makes a private CA and a certificate for bootdeckd signed by it\n"
	    "(RSA 2048, SHA-256), for HTTPS boots: ca.pem, ca.key, server.pem\n"
	    "and server.key. `bootdeck ipxe build` then embeds ca.pem as the only\n"
	    "root iPXE trusts, and bootdeckd serves HTTPS with server.pem\n"
	    "(--listen-tls, --tls-cert, --tls-key).\n"
	    "\n"
	    "Options:\n"
	    "  --dir DIR          where the files go (default: tls/ next to the\n"
	    "                     config file)\n"
	    "  --name NAME        a DNS name or IP address clients reach bootdeckd\n"
	    "                     by; repeat for more (default: the host of\n"
	    "                     base_url); IP addresses become IP subjectAltNames\n"
	    "  --force            replace files that are there\n"
	    "  --reuse-ca         keep the CA in DIR, make only a new server\n"
	    "                     certificate: iPXE already built keeps trusting it\n"
	    "  --days N           the server certificate's validity (default 3650)\n",
};

static const struct cli_command *const tls_subs[] = {
	&cmd_tls_init,
	NULL
};

const struct cli_command cmd_tls = {
	.name = "tls",
	.usage = "tls [init] ...",
	.subs = tls_subs,
	.default_sub = "init",
};
