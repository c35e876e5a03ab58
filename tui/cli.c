/* cli.c: settings, catalog opening, error reporting, option and output helpers for the subcommands. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/url.h"
#include "common/xmalloc.h"
#include "tui/cli.h"

static volatile sig_atomic_t cli_pipe_closed;

static void
cli_vreport(const char *prefix, const char *fmt, va_list ap)
{
	char line[1024], *clean;

	vsnprintf(line, sizeof line, fmt, ap);
	/* Messages quote catalog and client text: keep the terminal safe. */
	clean = cli_clean(line);
	fprintf(stderr, "bootdeck: %s%s\n", prefix, clean);
	free(clean);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vreport("", fmt, ap);
	va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vreport("warning: ", fmt, ap);
	va_end(ap);
}

void
cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vreport("note: ", fmt, ap);
	va_end(ap);
}

int
cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (cli->where != NULL)
		cli_error("%s (try 'bootdeck %s --help')", msg, cli->where);
	else
		cli_error("%s (try 'bootdeck --help')", msg);
	return CLI_USAGE;
}

void
cli_help_text(FILE *f, int column, const char *text)
{
	int room = CLI_WIDTH - column;

	for (;;) {
		int len = (int)strlen(text), cut = len;

		if (len > room) {
			for (cut = room; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = room;
		}
		fprintf(f, "%.*s\n", cut, text);
		text += cut;
		while (*text == ' ')
			text++;
		if (*text == '\0')
			return;
		fprintf(f, "%*s", column, "");
	}
}

void
cli_print_wrapped(FILE *f, const char *lead, const char *s, size_t len,
    int indent)
{
	int col = (int)strlen(lead);
	size_t cut;

	fputs(lead, f);
	while (col + (int)len > CLI_WIDTH) {
		/* The last blank before an option
		 * that fits; none: all of it. */
		for (cut = (size_t)(CLI_WIDTH - col); cut > 0; cut--)
			if (s[cut] == ' ' && (s[cut + 1] == '[' ||
			    s[cut + 1] == '-'))
				break;
		if (cut == 0)
			break;
		fprintf(f, "%.*s\n%*s", (int)cut, s, indent, "");
		s += cut + 1;
		len -= cut + 1;
		col = indent;
	}
	fprintf(f, "%.*s\n", (int)len, s);
}

void
cli_print_synopses(FILE *f, const char *first_lead, const char *lead,
    const char *usage, int indent)
{
	const char *p = usage;
	struct strbuf sb = STRBUF_INIT;

	while (*p != '\0') {
		/* One synopsis: a line and the lines after it that start
		   with a blank, joined with one blank. */
		strbuf_reset(&sb);
		do {
			const char *nl = strchrnul(p, '\n');

			while (*p == ' ' && sb.len > 0)
				p++;
			if (sb.len > 0)
				strbuf_addc(&sb, ' ');
			strbuf_add(&sb, p, (size_t)(nl - p));
			p = *nl == '\n' ? nl + 1 : nl;
		} while (*p == ' ');
		cli_print_wrapped(f, first_lead, sb.data, sb.len, indent);
		first_lead = lead;
	}
	strbuf_free(&sb);
}

void
cli_print_usage(FILE *f, const struct cli_command *cmd)
{
	const struct cli_command *const *sub;
	const char *lead = "Usage: bootdeck ";

	if (cmd->subs == NULL) {
		cli_print_synopses(f, lead, "       bootdeck ", cmd->usage, 11);
		if (cmd->help != NULL)
			fprintf(f, "\n%s", cmd->help);
		if (cmd->help_more != NULL)
			cmd->help_more(f);
		return;
	}
	for (sub = cmd->subs; *sub != NULL; sub++) {
		cli_print_synopses(f, lead, "       bootdeck ", (*sub)->usage,
		    11);
		lead = "       bootdeck ";
	}
	if (cmd->help != NULL)
		fprintf(f, "\n%s", cmd->help);
	fprintf(f, "\nRun 'bootdeck %s SUBCOMMAND --help' for its options.\n",
	    cmd->name);
}

void
cli_getopt_reset(void)
{
	/* 0, not 1: makes GNU getopt forget the previous argv entirely. */
	optind = 0;
	opterr = 0;
}

int
cli_option(struct cli *cli, const struct cli_command *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char name[64];

	/* For a long option getopt leaves optopt 0 (unknown) or the option's
	   val (value missing or not wanted): name what the user typed. */
	if (strncmp(arg, "--", 2) == 0 && (optopt == 0 || optopt > 0xff ||
	    c == ':' || strchr(arg, '=') != NULL))
		snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="),
		    arg);
	else
		snprintf(name, sizeof name, "-%c", optopt);

	switch (c) {
	case 'h':
		cli_print_usage(stdout, cmd);
		return CLI_OK;
	case 'd':
		cli->db = optarg;
		return -1;
	case 'c':
		cli->config_file = optarg;
		return -1;
	case ':':
		return cli_usage_error(cli, "option '%s' needs a value", name);
	default:
		/* '?': unknown, ambiguous, or a value given to a plain flag. */
		return cli_usage_error(cli, "unknown option '%s'", name);
	}
}

int
cli_operands(const struct cli *cli, int argc, char **argv, int min, int max,
    const char *what)
{
	int n = argc - optind;

	if (n < min)
		return cli_usage_error(cli, "missing %s", what);
	if (max >= 0 && n > max)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind + max]);
	return -1;
}

int
cli_parse_common(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv, int min, int max, const char *what)
{
	static const struct option opts[] = {
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1)
		if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	return cli_operands(cli, argc, argv, min, max, what);
}

int
cli_parse_json(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv, int min, int max, const char *what, bool *json)
{
	enum { OPT_JSON = 256 };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int c, status;

	*json = false;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_JSON)
			*json = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	return cli_operands(cli, argc, argv, min, max, what);
}

const struct config *
cli_config(struct cli *cli)
{
	const char *path;
	char err[512];

	if (cli->cfg_loaded)
		return &cli->cfg;
	path = cli->config_file != NULL ? cli->config_file :
	    config_default_path();
	/* The default file is optional; one named with -c must exist. */
	if (config_load(&cli->cfg, path, cli->config_file != NULL, err,
	    sizeof err) != 0) {
		cli_error("%s", err);
		return NULL;
	}
	config_apply_env(&cli->cfg);
	if (cli->db != NULL)
		config_set(&cli->cfg, CONFIG_DB, cli->db);
	if (cli->images != NULL)
		config_set(&cli->cfg, CONFIG_IMAGES, cli->images);
	if (cli->base_url != NULL)
		config_set(&cli->cfg, CONFIG_BASE_URL, cli->base_url);
	cli->cfg_loaded = true;
	return &cli->cfg;
}

struct catalog *
cli_open(struct cli *cli, enum cli_access access)
{
	const struct config *cfg;
	struct catalog *cat = NULL;
	const char *path;
	char err[768];
	int status;

	cfg = cli_config(cli);
	if (cfg == NULL)
		return NULL;
	path = config_get(cfg, CONFIG_DB);
	/* Readers write nothing, and leave no -wal or -shm of theirs behind
	   to lock the service out (catalog_open_flags). */
	status = catalog_open(path, access == CLI_READ ?
	    CATALOG_OPEN_QUERY_ONLY : 0, &cat, err, sizeof err);
	/* Readers may look at a catalog they cannot write. */
	if (status == CATALOG_READONLY && access == CLI_READ)
		status = catalog_open(path, CATALOG_OPEN_READONLY, &cat, err,
		    sizeof err);
	if (status != CATALOG_OK)
		cli_error("%s", err);
	return cat;
}

int
cli_catalog_fail(struct catalog *cat, int status)
{
	cli_error("%s", catalog_error(cat));
	/* An invalid field came from the command line. */
	return status == CATALOG_INVALID ? CLI_USAGE : CLI_FAIL;
}

int
cli_catalog_status(struct catalog *cat, int status)
{
	return status == CATALOG_OK ? CLI_OK : cli_catalog_fail(cat, status);
}

bool
cli_check_base_url(const struct cli *cli, const char *option, const char *url)
{
	char why[128];

	if (url_base_ok(url, why, sizeof why))
		return true;
	cli_usage_error(cli, "%s wants an http:// URL (" URL_BASE_FORM "), "
	    "not '%s': %s", option, url, why);
	return false;
}

/* A copy of url without trailing '/', or NULL after saying why it is no
   base URL (from names where it came from). */
static char *
cli_base_url_copy(const char *url, const char *from)
{
	char why[128], *result;
	size_t len;

	if (!url_base_ok(url, why, sizeof why)) {
		cli_error("base_url '%s' from %s is not " URL_BASE_FORM ": %s",
		    url, from, why);
		return NULL;
	}
	result = xstrdup(url);
	len = strlen(result);
	while (len > 0 && result[len - 1] == '/')
		result[--len] = '\0';
	return result;
}

char *
cli_listen_url(const struct config *cfg)
{
	const char *url = config_get(cfg, CONFIG_BASE_URL), *listen, *port;
	char host[256], from[512];
	size_t hlen;

	if (*url != '\0') {
		cli_config_override(cfg, CONFIG_BASE_URL, from, sizeof from);
		return cli_base_url_copy(url, from);
	}
	listen = config_get(cfg, CONFIG_LISTEN);
	if (listen[0] == '[') {
		port = strchr(listen, ']');
		hlen = port != NULL ? (size_t)(port - listen - 1) : 0;
		snprintf(host, sizeof host, "%.*s", (int)hlen, listen + 1);
		port = port != NULL ? strchr(port, ':') : NULL;
	} else {
		port = strrchr(listen, ':');
		hlen = port != NULL ? (size_t)(port - listen) : strlen(listen);
		snprintf(host, sizeof host, "%.*s", (int)hlen, listen);
	}
	if (host[0] == '\0' || strcmp(host, "0.0.0.0") == 0 ||
	    strcmp(host, "::") == 0 || strcmp(host, "*") == 0) {
		if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
			snprintf(host, sizeof host, "127.0.0.1");
		host[sizeof host - 1] = '\0';
	}
	return xasprintf("http://%s%s%s%s%s", strchr(host, ':') ? "[" : "",
	    host, strchr(host, ':') ? "]" : "", port != NULL ? ":" : "",
	    port != NULL ? port + 1 : "");
}

char *
cli_base_url(const struct config *cfg, struct catalog *cat)
{
	struct catalog *own = NULL;
	char err[256], *v = NULL, *result;

	if (*config_get(cfg, CONFIG_BASE_URL) != '\0')
		return cli_listen_url(cfg);
	/* The console's setting, as bootdeckd reads it; a catalog that cannot
	   be opened here just has no say. */
	if (cat == NULL && catalog_open(config_get(cfg, CONFIG_DB),
	    CATALOG_OPEN_READONLY, &own, err, sizeof err) == CATALOG_OK)
		cat = own;
	if (cat != NULL)
		catalog_setting_get(cat, CATALOG_SETTING_BASE_URL, &v);
	catalog_close(own);
	/* Older catalogs took a '?' or '#':
	 * refuse it rather than build on it. */
	if (v != NULL && *v != '\0')
		result = cli_base_url_copy(v, "the catalog (bootdeck menu set "
		    "--base-url)");
	else
		result = cli_listen_url(cfg);
	free(v);
	return result;
}

const char *
cli_config_override(const struct config *cfg, enum config_key key, char *buf,
    size_t len)
{
	const char *v, *env;

	if (cfg->values[key] == NULL || cfg->values[key][0] == '\0')
		return NULL;
	v = cfg->values[key];
	env = getenv(config_key_env(key));
	/* Flags beat the environment, which beats the file: name the winner. */
	if (env != NULL && strcmp(env, v) == 0)
		snprintf(buf, len, "$%s", config_key_env(key));
	else if (cfg->path != NULL)
		snprintf(buf, len, "%s", cfg->path);
	else
		snprintf(buf, len, "a flag");
	return v;
}

bool
cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool
cli_parse_mac(const struct cli *cli, const char *s, char out[MAC_STRLEN])
{
	if (mac_parse(s, out))
		return true;
	cli_usage_error(cli, "'%s' is not a MAC address "
	    "(expected aa:bb:cc:dd:ee:ff)", s);
	return false;
}

char *
cli_read_file(const char *path, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192], *text = NULL;
	bool is_stdin = strcmp(path, "-") == 0;
	ssize_t got;
	int fd;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		got = read(fd, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cli_error("%s: %s", is_stdin ? "stdin" : path,
			    strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		strbuf_add(&sb, buf, (size_t)got);
		if (sb.len > max) {
			cli_error("%s: longer than %zu bytes",
			    is_stdin ? "stdin" : path, max);
			goto out;
		}
	}
	if (sb.len > 0 && memchr(sb.data, '\0', sb.len) != NULL) {
		cli_error("%s: contains NUL bytes", is_stdin ? "stdin" : path);
		goto out;
	}
	text = strbuf_detach(&sb, NULL);
out:
	strbuf_free(&sb);
	if (!is_stdin)
		close(fd);
	return text;
}

void
cli_replace(char **field, const char *value)
{
	free(*field);
	*field = value != NULL && *value != '\0' ? xstrdup(value) : NULL;
}

char *
cli_clean(const char *s)
{
	char *copy, *p;

	copy = xstrdup(s != NULL ? s : "");
	for (p = copy; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return copy;
}

void
cli_format_time(char *buf, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, len, "-");
}

void
cli_table_init(struct cli_table *t, size_t ncols, const char *const *head)
{
	t->ncols = ncols;
	t->nrows = 0;
	t->cells = NULL;
	cli_table_add(t, head);
}

void
cli_table_add(struct cli_table *t, const char *const *row)
{
	size_t i;

	t->cells = xreallocarray(t->cells, (t->nrows + 1) * t->ncols,
	    sizeof *t->cells);
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = cli_clean(
		    row[i] != NULL && row[i][0] != '\0' ? row[i] : "-");
	t->nrows++;
}

void
cli_table_print(const struct cli_table *t, FILE *f)
{
	size_t *width, r, c, w;
	const char *cell;

	width = xcalloc(t->ncols, sizeof *width);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			w = strlen(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			cell = t->cells[r * t->ncols + c];
			if (c + 1 == t->ncols)
				fprintf(f, "%s\n", cell);
			else
				fprintf(f, "%-*s  ", (int)width[c], cell);
		}
	}
	free(width);
}

void
cli_table_free(struct cli_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
}

static void
cli_on_sigpipe(int sig)
{
	(void)sig;
	cli_pipe_closed = 1;
}

void
cli_catch_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void
cli_output_init(void)
{
	cli_catch_signal(SIGPIPE, cli_on_sigpipe);
}

bool
cli_output_closed(void)
{
	return cli_pipe_closed != 0;
}

int
cli_finish_output(int status)
{
	int failed;

	failed = fflush(stdout) != 0 || ferror(stdout);
	if (!failed || cli_pipe_closed)
		return status;
	cli_error("cannot write output: %s", strerror(errno));
	return CLI_FAIL;
}
