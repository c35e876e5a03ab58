/* main.c: bootdeckd's command line, configuration checks, startup and orderly shutdown. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/tls.h"
#include "common/url.h"
#include "common/xmalloc.h"
#include "server/guard.h"
#include "server/iso_cache.h"
#include "server/journal.h"
#include "server/listener.h"
#include "server/privilege.h"
#include "server/reader.h"
#include "server/writer.h"
#include "server/server.h"

#define QUEUE_CAPACITY 65536

static const char usage_text[] =
    "usage: bootdeckd [-d|--db PATH] [-c|--config FILE] [-l|--listen ADDR:PORT]\n"
    "                 [-i|--images DIR] [--base-url URL] [--user NAME]\n"
    "                 [--listen-tls ADDR:PORT --tls-cert FILE --tls-key FILE]\n"
    "                 [--help] [--version]\n"
    "Serves per-client iPXE menus from the bootdeck catalog, and the images\n"
    "they boot, over HTTP: /images/PATH, and /images/ISO/INNER for a file\n"
    "inside an ISO; with --listen-tls also over HTTPS, on its own address,\n"
    "with the certificate of `bootdeck tls init`. Runs in the foreground\n"
    "and logs to stderr.\n";

enum {
	OPT_BASE_URL = 256, OPT_USER, OPT_HELP, OPT_VERSION, OPT_LISTEN_TLS,
	OPT_TLS_CERT, OPT_TLS_KEY,
};

static const struct option long_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "config", required_argument, NULL, 'c' },
	{ "listen", required_argument, NULL, 'l' },
	{ "images", required_argument, NULL, 'i' },
	{ "base-url", required_argument, NULL, OPT_BASE_URL },
	{ "user", required_argument, NULL, OPT_USER },
	{ "listen-tls", required_argument, NULL, OPT_LISTEN_TLS },
	{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
	{ "tls-key", required_argument, NULL, OPT_TLS_KEY },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Which config key each option sets: flags win over env and file. */
static const struct option_key {
	int		 opt;
	enum config_key	 key;
} option_keys[] = {
	{ 'd', CONFIG_DB },
	{ 'l', CONFIG_LISTEN },
	{ 'i', CONFIG_IMAGES },
	{ OPT_BASE_URL, CONFIG_BASE_URL },
	{ OPT_USER, CONFIG_USER },
	{ OPT_LISTEN_TLS, CONFIG_LISTEN_TLS },
	{ OPT_TLS_CERT, CONFIG_TLS_CERT },
	{ OPT_TLS_KEY, CONFIG_TLS_KEY },
};

/* The numeric settings and their sane ranges. */
static const struct number_key {
	enum config_key	 key;
	long long	 min, max;
} number_keys[] = {
	{ CONFIG_LOG_RETENTION, 0, INT64_MAX },
	{ CONFIG_THREADS, 0, 1024 },
	{ CONFIG_MAX_CONNECTIONS, 1, 1000000 },
	{ CONFIG_CONNECTION_TIMEOUT, 1, 86400 },
	{ CONFIG_HEADER_TIMEOUT, 1, 86400 },
	{ CONFIG_MAX_PER_ADDRESS, 0, 1000000 },
};

/* File scope so that what is set stays reachable when die() exits early. */
static struct config cfg;
static char *base, *images_url, *tls_cert_pem, *tls_key_pem;

static void
die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("bootdeckd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static long long
number_setting(enum config_key key)
{
	const char *s = config_get(&cfg, key);
	long long v = 0;
	size_t i;
	char *end;

	for (i = 0; i < sizeof number_keys / sizeof number_keys[0]; i++)
		if (number_keys[i].key == key)
			break;
	errno = 0;
	if (*s >= '0' && *s <= '9')
		v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v < number_keys[i].min || v > number_keys[i].max)
		die("bad %s '%s' (a number from %lld to %lld)",
		    config_key_name(key), s, number_keys[i].min,
		    number_keys[i].max);
	return v;
}

/*
 * The socket a daemon serves on: systemd's of that name, else (bind_now:
 * before dropping root) one bound here to *ss; -1 leaves the binding to
 * MHD. A socket handed over rewrites *ss and shown with its address.
 */
static int
server_socket(const char *name, struct sockaddr_storage *ss, char *shown,
    size_t shownlen, bool bind_now, const char *configured)
{
	char err[512];
	int fd;

	fd = listener_activated(name);
	if (fd < 0 && bind_now && (fd = listener_bind(
	    (const struct sockaddr *)ss, err, sizeof err)) < 0)
		die("cannot listen on %s: %s", configured, err);
	if (fd >= 0 && listener_address(fd, ss, shown, shownlen) != 0)
		die("the listening socket (fd %d) is not an IP socket", fd);
	return fd;
}

/* ADDR:PORT with a dotted IPv4 address, or [IPv6]:PORT. */
static bool
parse_listen(const char *s, struct sockaddr_storage *ss, char *shown,
    size_t shownlen)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *port;
	unsigned long p;
	size_t n;
	char *end;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (colon == NULL)
			return false;
		n = (size_t)(colon - s - 1);
		port = colon + 2;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return false;
		n = (size_t)(colon - s);
		port = colon + 1;
	}
	if (n == 0 || n >= sizeof host || *port < '0' || *port > '9')
		return false;
	memcpy(host, s[0] == '[' ? s + 1 : s, n);
	host[n] = '\0';
	errno = 0;
	p = strtoul(port, &end, 10);
	if (*end != '\0' || errno != 0 || p > 65535)
		return false;
	if (s[0] == '[' && inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
	} else if (s[0] != '[' && inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
	} else
		return false;
	snprintf(shown, shownlen, s[0] == '[' ? "[%s]" : "%s", host);
	return true;
}

static unsigned
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	/*
	 * One worker a core, as nginx's "auto". Workers all busy streaming
	 * images queue a menu behind one another's time slices: in a
	 * 200-client storm on 2 cores (bench/storm.sh), 2 workers gave a
	 * /boot.ipxe p99 of 16 ms, 4 gave 34 ms, 16 gave 72 ms. More help
	 * only when workers wait on slow disks: then set threads.
	 */
	return n < 2 ? 2 : (unsigned)(n > 256 ? 256 : n);
}

static void
load_config(int argc, char **argv)
{
	const char *flags[CONFIG_KEY_COUNT] = { NULL }, *cfile = NULL;
	char err[512];
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "d:c:l:i:", long_options,
	    NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (c == OPT_VERSION) {
			printf("bootdeckd %s\n", PACKAGE_VERSION);
			exit(0);
		}
		if (c == 'c') {
			cfile = optarg;
			continue;
		}
		for (i = 0; i < sizeof option_keys / sizeof option_keys[0]; i++)
			if (option_keys[i].opt == c)
				break;
		if (i == sizeof option_keys / sizeof option_keys[0]) {
			fputs(usage_text, stderr);
			exit(2);
		}
		flags[option_keys[i].key] = optarg;
	}
	if (optind != argc) {
		fputs(usage_text, stderr);
		exit(2);
	}
	if (config_load(&cfg, cfile != NULL ? cfile : config_default_path(),
	    cfile != NULL, err, sizeof err) != 0)
		die("%s", err);
	config_apply_env(&cfg);
	for (i = 0; i < CONFIG_KEY_COUNT; i++)
		if (flags[i] != NULL)
			config_set(&cfg, (enum config_key)i, flags[i]);
}

/*
 * Each connection holds its socket, its kept image and, while sendfile
 * runs, a copy of that: with too few fds, opens fail with EMFILE and
 * clients get 503s. Raise the soft limit as far as the hard one allows;
 * warn (once, at start) only when that is still not enough.
 */
static void
raise_fd_limit(long long max_conn)
{
	rlim_t need = (rlim_t)max_conn * 2 + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ?
	    rl.rlim_max : need;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < need)
		fprintf(stderr, "bootdeckd: warning: open file limit %llu is "
		    "below the %llu that max_connections %lld needs; raise "
		    "it (ulimit -n, LimitNOFILE=)\n",
		    (unsigned long long)rl.rlim_cur, (unsigned long long)need,
		    max_conn);
}

static int
open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int
main(int argc, char **argv)
{
	struct server srv = { .images_fd = -1, .ipxe_fd = -1 };
	struct sockaddr_storage ss, ss_tls;
	char err[512], why[160], host[INET6_ADDRSTRLEN + 3];
	char host_tls[INET6_ADDRSTRLEN + 3];
	const char *listen_tls, *cert, *key;
	char catalog_id[CATALOG_ID_LEN];
	const union MHD_DaemonInfo *di;
	long long retention, threads, max_conn, timeout, header_timeout;
	long long per_address;
	struct catalog *cat;
	struct boot_record *replay;
	const char *user;
	int64_t applied;
	int listen_fd, tls_fd = -1;
	sigset_t stop;
	size_t n, i;
	int sig;

	load_config(argc, argv);
	srv.db_path = config_get(&cfg, CONFIG_DB);
	srv.images_root = config_get(&cfg, CONFIG_IMAGES);
	srv.ipxe_root = config_get(&cfg, CONFIG_IPXE_DIR);
	srv.memdisk_path = config_get(&cfg, CONFIG_MEMDISK);
	srv.listen = config_get(&cfg, CONFIG_LISTEN);
	retention = number_setting(CONFIG_LOG_RETENTION);
	threads = number_setting(CONFIG_THREADS);
	max_conn = number_setting(CONFIG_MAX_CONNECTIONS);
	timeout = number_setting(CONFIG_CONNECTION_TIMEOUT);
	header_timeout = number_setting(CONFIG_HEADER_TIMEOUT);
	per_address = number_setting(CONFIG_MAX_PER_ADDRESS);
	if (threads == 0)
		threads = default_threads();
	raise_fd_limit(max_conn);
	if (!parse_listen(config_get(&cfg, CONFIG_LISTEN), &ss, host,
	    sizeof host))
		die("bad listen address '%s' (expected ADDR:PORT or "
		    "[IPV6]:PORT)", config_get(&cfg, CONFIG_LISTEN));
	/* HTTPS is all three settings or none: half of it is a typo. */
	listen_tls = config_get(&cfg, CONFIG_LISTEN_TLS);
	cert = config_get(&cfg, CONFIG_TLS_CERT);
	key = config_get(&cfg, CONFIG_TLS_KEY);
	if ((*listen_tls != '\0') != (*cert != '\0') ||
	    (*listen_tls != '\0') != (*key != '\0'))
		die("HTTPS needs listen_tls, tls_cert and tls_key together "
		    "(--listen-tls ADDR:PORT --tls-cert FILE --tls-key FILE)");
	if (*listen_tls != '\0') {
		if (!parse_listen(listen_tls, &ss_tls, host_tls,
		    sizeof host_tls))
			die("bad listen_tls address '%s' (expected ADDR:PORT "
			    "or [IPV6]:PORT)", listen_tls);
		if (tls_load_pair(cert, key, &tls_cert_pem, &tls_key_pem, err,
		    sizeof err) != TLS_OK)
			die("%s", err);
	}
	if (*config_get(&cfg, CONFIG_BASE_URL) != '\0') {
		base = xstrdup(config_get(&cfg, CONFIG_BASE_URL));
		n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			base[--n] = '\0';
		if (n >= BASE_URL_MAX || !url_base_ok(base, why, sizeof why))
			die("bad base URL '%s' (expected " URL_BASE_FORM "): %s",
			    config_get(&cfg, CONFIG_BASE_URL),
			    n >= BASE_URL_MAX ? "too long" : why);
		srv.base_url = base;
	}
	/* Ports first, while root may bind below 1024; then nothing as
	   root, so every file the catalog makes belongs to the user. The
	   certificate and key were read above, as the user who started us. */
	user = config_get(&cfg, CONFIG_USER);
	listen_fd = server_socket("http", &ss, host, sizeof host, *user != '\0',
	    config_get(&cfg, CONFIG_LISTEN));
	if (tls_cert_pem != NULL)
		tls_fd = server_socket("https", &ss_tls, host_tls,
		    sizeof host_tls, *user != '\0', listen_tls);
	if (*user != '\0' && privilege_drop(user, err, sizeof err) != 0)
		die("%s", err);
	if (*config_get(&cfg, CONFIG_IMAGES_URL) != '\0') {
		images_url = xstrdup(config_get(&cfg, CONFIG_IMAGES_URL));
		n = strlen(images_url);
		while (n > 0 && images_url[n - 1] == '/')
			images_url[--n] = '\0';
		if (n >= BASE_URL_MAX || !url_base_ok(images_url, why,
		    sizeof why))
			die("bad images_url '%s' (expected " URL_BASE_FORM "): %s",
			    config_get(&cfg, CONFIG_IMAGES_URL),
			    n >= BASE_URL_MAX ? "too long" : why);
		srv.images_url = images_url;
	}
	srv.images_fd = open_dir(srv.images_root);
	if (srv.images_fd < 0)
		die("images directory %s: %s", srv.images_root,
		    strerror(errno));
	/* Optional: without it /ipxe/ answers 404 and menus still work. */
	srv.ipxe_fd = open_dir(srv.ipxe_root);

	/* Before SQLite quietly maps a -shm it cannot write read-only. */
	if (catalog_check_writable(srv.db_path, err, sizeof err) != CATALOG_OK)
		die("%s", err);
	if (catalog_open(srv.db_path, 0, &cat, err, sizeof err) != CATALOG_OK)
		die("%s", err);
	/* The writer needs the file and its directory (WAL, journal). */
	if (access(srv.db_path, W_OK) != 0)
		die("catalog %s: read-only (%s)", srv.db_path, strerror(errno));
	if (catalog_journal_mark(cat, catalog_id, &applied) != CATALOG_OK)
		die("%s: %s", srv.db_path, catalog_error(cat));
	if (journal_open(srv.db_path, catalog_id, applied, JOURNAL_SLOTS,
	    &srv.journal, err, sizeof err) != 0)
		die("%s", err);
	srv.readers = readers_new(srv.db_path);

	/*
	 * Workers inherit this mask; only main's sigwait sees the stop
	 * signals. SIGHUP (the SSH session that started us closed) and
	 * SIGQUIT stop like SIGTERM: their default would lose the queue.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (writer_start(srv.db_path, retention, QUEUE_CAPACITY,
	    srv.journal, &srv.writer, err, sizeof err) != 0)
		die("%s", err);
	/* Unset here: the console's log_retention setting, else the default. */
	if (cfg.values[CONFIG_LOG_RETENTION] == NULL)
		writer_retention_from_catalog(srv.writer);
	srv.isos = iso_cache_new(ISO_CACHE_MAX);
	/* What the last run served and did not write goes first, before
	   any client is served; if the catalog cannot take it yet, the
	   writer retries while we serve, and the boot views mask it. */
	n = journal_replay(srv.journal, &replay);
	for (i = 0; i < n; i++)
		writer_push(srv.writer, &replay[i]);
	free(replay);
	if (n > 0)
		fprintf(stderr, "bootdeckd: journal %s: %zu next-boot "
		    "consumption%s from the last run %s\n",
		    journal_path(srv.journal), n, n == 1 ? "" : "s",
		    writer_settle(srv.writer) == 0 ? "written to the catalog" :
		    "not written yet: retrying while serving");
	srv.mhd = http_start(&srv, (const struct sockaddr *)&ss, listen_fd,
	    (unsigned)threads, (unsigned)max_conn, (unsigned)timeout,
	    (unsigned)header_timeout, (unsigned)per_address, NULL, NULL, err,
	    sizeof err);
	if (srv.mhd == NULL)
		die("cannot listen on %s: %s", config_get(&cfg, CONFIG_LISTEN),
		    err);
	di = MHD_get_daemon_info(srv.mhd, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "bootdeckd: listening on %s:%u (catalog %s, images "
	    "%s, %lld threads)\n", host, di != NULL ? (unsigned)di->port : 0u,
	    srv.db_path, srv.images_root, threads);
	if (*user != '\0')
		fprintf(stderr, "bootdeckd: running as user %s (uid %u, "
		    "gid %u)\n", user, (unsigned)getuid(), (unsigned)getgid());
	if (tls_cert_pem != NULL) {
		srv.mhd_tls = http_start(&srv, (const struct sockaddr *)&ss_tls,
		    tls_fd, (unsigned)threads, (unsigned)max_conn,
		    (unsigned)timeout, (unsigned)header_timeout,
		    (unsigned)per_address,
		    tls_cert_pem, tls_key_pem, err, sizeof err);
		if (srv.mhd_tls == NULL)
			die("cannot listen for HTTPS on %s: %s", listen_tls,
			    err);
		di = MHD_get_daemon_info(srv.mhd_tls,
		    MHD_DAEMON_INFO_BIND_PORT);
		fprintf(stderr, "bootdeckd: listening for HTTPS on %s:%u "
		    "(certificate %s)\n", host_tls, di != NULL ?
		    (unsigned)di->port : 0u, cert);
	}

	do
		sig = 0;
	while (sigwait(&stop, &sig) != 0);
	fprintf(stderr, "bootdeckd: %s, stopping\n", strsignal(sig));
	/* Closing connections flushes their transfers into the queue... */
	MHD_stop_daemon(srv.mhd);
	if (srv.mhd_tls != NULL)
		MHD_stop_daemon(srv.mhd_tls);
	guard_stop(srv.guard);
	/* ...which the writer then empties into the catalog. */
	writer_stop(srv.writer);
	iso_cache_free(srv.isos);
	journal_close(srv.journal);
	readers_free(srv.readers);
	catalog_close(cat);
	close(srv.images_fd);
	if (srv.ipxe_fd >= 0)
		close(srv.ipxe_fd);
	free(base);
	free(images_url);
	free(tls_cert_pem);
	free(tls_key_pem);
	config_free(&cfg);
	fprintf(stderr, "bootdeckd: stopped\n");
	return 0;
}
