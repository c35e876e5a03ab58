/* http.c: the MHD daemon, the routing table and the helpers every route shares. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "common/clock.h"
#include "common/url.h"
#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "server/file.h"
#include "server/guard.h"
#include "server/journal.h"
#include "server/path.h"
#include "server/reader.h"
#include "server/writer.h"
#include "server/server.h"

static const struct route {
	const char		*path;
	bool			 prefix;	/* path is a folder: the rest is the argument */
	enum metrics_route	 metric;
	enum MHD_Result		(*handle)(struct request *);
} http_routes[] = {
	{ .path = "/boot.ipxe", .metric = METRICS_ROUTE_BOOT,
	    .handle = route_boot },
	{ .path = "/entry/", .prefix = true, .metric = METRICS_ROUTE_ENTRY,
	    .handle = route_entry },
	{ .path = "/images/", .prefix = true, .metric = METRICS_ROUTE_IMAGES,
	    .handle = route_images },
	{ .path = "/ipxe/", .prefix = true, .metric = METRICS_ROUTE_IPXE,
	    .handle = route_ipxe },
	{ .path = "/healthz", .metric = METRICS_ROUTE_HEALTHZ,
	    .handle = route_healthz },
	{ .path = "/metrics", .metric = METRICS_ROUTE_METRICS,
	    .handle = route_metrics },
};

void
server_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One write per line so lines from several workers never interleave. */
	fprintf(stderr, "bootdeckd: %s\n", line);
}

const char *
request_ip(const struct request *req)
{
	return req->conn != NULL && req->conn->ip[0] != '\0' ?
	    req->conn->ip : "?";
}

void
server_clean_text(char *dst, const char *src, size_t max)
{
	size_t i;

	for (i = 0; src[i] != '\0' && i + 1 < max; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	if (max > 0)
		dst[i] = '\0';
}

enum MHD_Result
request_queue(struct request *req, unsigned status, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	ret = MHD_queue_response(req->c, status, resp);
	MHD_destroy_response(resp);
	metrics_request(req->route, status);
	return ret;
}

enum MHD_Result
request_reply(struct request *req, unsigned status, const char *content_type,
    char *body, size_t len)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(len, body != NULL ? body : "",
	    body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	if (content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    content_type);
	if (!req->head)
		metrics_add(METRICS_BYTES_SENT, len);
	return request_queue(req, status, resp);
}

enum MHD_Result
request_reply_text(struct request *req, unsigned status, const char *text)
{
	struct MHD_Response *resp;
	size_t len = strlen(text);

	resp = MHD_create_response_from_buffer(len, (void *)text,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain");
	if (!req->head)
		metrics_add(METRICS_BYTES_SENT, len);
	return request_queue(req, status, resp);
}

enum MHD_Result
request_reply_script(struct request *req, unsigned status, char *script)
{
	return request_reply(req, status, "text/plain; charset=us-ascii",
	    script, strlen(script));
}

bool
request_has_arg(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->c, MHD_GET_ARGUMENT_KIND,
	    name) != NULL;
}

bool
request_arg(struct request *req, const char *name, char *buf, size_t buflen)
{
	const char *raw;

	raw = MHD_lookup_connection_value(req->c, MHD_GET_ARGUMENT_KIND, name);
	if (raw == NULL)
		return false;
	return path_decode(raw, strlen(raw), buf, buflen, true);
}

/* host[:port] with host a DNS name or IPv4 ([A-Za-z0-9.-]) or a bracketed IPv6. */
static bool
http_host_is_safe(const char *host)
{
	const char *p = host;
	size_t n;

	if (*p == '[') {
		n = strspn(p + 1, "0123456789abcdefABCDEF:.");
		if (n == 0 || p[n + 1] != ']')
			return false;
		p += n + 2;
	} else {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
		if (n == 0 || *p == '.' || *p == '-')
			return false;
		p += n;
	}
	if (*p == '\0')
		return true;
	n = strspn(p + 1, "0123456789");
	return *p == ':' && n >= 1 && n <= 5 && p[n + 1] == '\0';
}

/*
 * The catalog's base_url (edited in the console). A hand-edited row gets
 * no trust: it must pass the same rule as every other source.
 */
static bool
request_catalog_base_url(struct request *req, char *buf, size_t buflen)
{
	struct catalog *cat;
	char *url = NULL, why[160];
	bool ok;

	cat = readers_get(req->srv->readers, why, sizeof why);
	if (cat == NULL || catalog_setting_get(cat, CATALOG_SETTING_BASE_URL,
	    &url) != CATALOG_OK)
		url = NULL;
	ok = url != NULL && strlen(url) < buflen &&
	    url_base_ok(url, why, sizeof why);
	if (ok)
		snprintf(buf, buflen, "%s", url);
	free(url);
	return ok;
}

/*
 * The address this connection came in on: known from the first request
 * on (unlike a port 0 listener's, which main learns only after the
 * workers run), and a real address where we listen on 0.0.0.0.
 */
static bool
request_local_url(struct request *req, const char *scheme, char *buf,
    size_t buflen)
{
	const union MHD_ConnectionInfo *ci;
	struct sockaddr_storage ss;
	const struct sockaddr_in *sin = (const void *)&ss;
	const struct sockaddr_in6 *sin6 = (const void *)&ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN];

	ci = MHD_get_connection_info(req->c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL || getsockname(ci->connect_fd, (struct sockaddr *)&ss,
	    &len) != 0)
		return false;
	if (ss.ss_family == AF_INET &&
	    inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host) != NULL)
		snprintf(buf, buflen, "%s://%s:%u", scheme, host,
		    (unsigned)ntohs(sin->sin_port));
	else if (ss.ss_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host) != NULL)
		snprintf(buf, buflen, "%s://[%s]:%u", scheme, host,
		    (unsigned)ntohs(sin6->sin6_port));
	else
		return false;
	return true;
}

bool
request_tls(struct request *req)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(req->c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	return ci != NULL && ci->tls_session != NULL;
}

const char *
request_config_base(struct request *req)
{
	const char *url = req->srv->base_url;

	if (url != NULL && request_tls(req) && strncmp(url, "https://", 8) != 0)
		return NULL;
	return url;
}

void
request_host_url(struct request *req, char *buf, size_t buflen)
{
	const char *host, *scheme = request_tls(req) ? "https" : "http";

	host = MHD_lookup_connection_value(req->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	if (host != NULL && strlen(host) < 256 && http_host_is_safe(host))
		snprintf(buf, buflen, "%s://%s", scheme, host);
	else if (!request_local_url(req, scheme, buf, buflen))
		snprintf(buf, buflen, "%s://%s", scheme, req->srv->listen);
}

/* Flags, environment and config file (srv->base_url) beat the catalog;
   over HTTPS only https:// ones count. */
void
request_base_url(struct request *req, char *buf, size_t buflen)
{
	const char *url = request_config_base(req);

	if (url != NULL) {
		snprintf(buf, buflen, "%s", url);
		return;
	}
	if (!request_catalog_base_url(req, buf, buflen) ||
	    (request_tls(req) && strncmp(buf, "https://", 8) != 0))
		request_host_url(req, buf, buflen);
}

int
request_read_job(struct request *req, const struct render_query *q,
    struct render_job *job, char *err, size_t errlen)
{
	struct catalog *cat;
	uint64_t since;
	int rc;

	cat = readers_get(req->srv->readers, err, errlen);
	if (cat == NULL) {
		render_job_begin(q, job);
		return CATALOG_ERROR;
	}
	for (;;) {
		since = journal_generation(req->srv->journal);
		rc = render_job_read(cat, q, job, err, errlen);
		if (rc != CATALOG_OK ||
		    journal_mask(req->srv->journal, &job->view, since))
			return rc;
		render_job_clear(job);
	}
}

void
request_record_init(struct request *req, struct boot_record *r,
    enum record_kind kind)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->ts_ms = clock_wall_ms();
	if (req->conn != NULL)
		snprintf(r->ip, sizeof r->ip, "%s", req->conn->ip);
}

void
request_record_push(struct request *req, struct boot_record *r)
{
	writer_push(req->srv->writer, r);
}

/*
 * Query arguments a request may carry (iPXE sends a handful) and the
 * longest URI (nginx: 8 KiB a line). Each argument takes a record from
 * the connection's small pool (HTTP_CONNECTION_MEMORY), where the URI
 * already is, and MHD 0.9.75 answers nothing at all when they do not
 * fit: 64 arguments in a 10,000-byte URI still do.
 */
#define HTTP_MAX_ARGS 64
#define HTTP_MAX_URI 8192

/* A request refused before MHD parses it; the URI callback's verdict. */
struct http_refusal {
	unsigned	 status;
	const char	*text;
};

static const struct http_refusal http_too_many_args = {
	MHD_HTTP_URI_TOO_LONG, "too many query arguments\n"
}, http_uri_too_long = {
	MHD_HTTP_URI_TOO_LONG, "URI too long\n"
};

static struct conn *
http_conn(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/*
 * MHD calls this with the raw URI, in its own buffer, just before it
 * splits the arguments; what we return is the request's context. Too
 * many arguments or too long: cut the arguments off there so MHD's pool
 * survives, and let the first access call answer 414.
 */
/*
 * The connection whose request line MHD is splitting on this thread, and
 * its URI: from the URI callback until MHD unescapes that URI, its last
 * step after the arguments. A client that hides its query behind a NUL
 * ("/a\0?b&c...") shows us no arguments to count, and MHD, out of pool,
 * gives up on the request there without answering; http_log answers.
 */
static _Thread_local struct conn *http_splitting;
static _Thread_local const char *http_splitting_uri;

static void *
http_uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	const struct http_refusal *refusal = NULL;
	struct conn *conn = http_conn(c);
	const char *q, *p;
	size_t len, n = 0;

	http_splitting = uri != NULL ? conn : NULL;
	http_splitting_uri = uri;
	if (uri == NULL) {
		if (conn != NULL)
			conn->uri_end = NULL;
		return NULL;
	}
	len = strlen(uri);
	if (conn != NULL)
		conn->uri_end = uri + len;
	if ((q = strchr(uri, '?')) == NULL)
		return len > HTTP_MAX_URI ?
		    (void *)(uintptr_t)&http_uri_too_long : NULL;
	if (len > HTTP_MAX_URI)
		refusal = &http_uri_too_long;
	for (p = q + 1; refusal == NULL &&
	    (p = strchr(p, '&')) != NULL; p++)
		if (++n >= HTTP_MAX_ARGS)
			refusal = &http_too_many_args;
	if (refusal != NULL)
		((char *)(uintptr_t)q)[1] = '\0';
	return (void *)(uintptr_t)refusal;
}

/*
 * MHD cuts the URI off at a NUL the client sent and serves the shorter
 * name; the version it found at the line's end then does not follow the
 * URI we were shown.
 */
static bool
http_line_has_nul(struct conn *conn, const char *version)
{
	const char *end;

	if (conn == NULL)
		return false;
	end = conn->uri_end;
	conn->uri_end = NULL;
	return end != NULL && version != end + 1;
}

struct http_length {
	const char	*first;
	bool		 conflict;
};

static enum MHD_Result
http_length_check(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct http_length *hl = cls;

	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) != 0)
		return MHD_YES;
	if (hl->first == NULL)
		hl->first = value;
	else if (strcmp(hl->first, value) != 0)
		hl->conflict = true;
	return MHD_YES;
}

/* Two Content-Length headers that differ: which body is it? (RFC 9112 6.3) */
static bool
http_length_conflict(struct MHD_Connection *c)
{
	struct http_length hl = { 0 };

	if (MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH) == NULL)
		return false;
	MHD_get_connection_values(c, MHD_HEADER_KIND, http_length_check, &hl);
	return hl.conflict;
}

/* A GET or HEAD that announces a body: we take none, and say so. */
static bool
http_has_body(struct MHD_Connection *c)
{
	const char *cl, *te;

	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te != NULL || (cl != NULL && strspn(cl, "0") != strlen(cl));
}

static enum MHD_Result
http_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	static char seen;	/* marks the later calls; no per-request allocation */
	const struct http_refusal *refusal;
	const struct route *rt;
	struct MHD_Response *resp;
	struct request req = {
		.srv = cls,
		.c = c,
		.route = METRICS_ROUTE_OTHER,
	};
	size_t i, n;

	req.conn = http_conn(c);
	if (*req_cls != &seen) {
		refusal = *req_cls;
		*req_cls = &seen;
		if (req.conn != NULL)
			guard_header_done(req.conn);
		/* Answering on this first call closes the connection, which is
		   right for what we refuse here and wrong for anything else. */
		if (refusal != NULL)
			return request_reply_text(&req, refusal->status,
			    refusal->text);
		if (http_line_has_nul(req.conn, version))
			return request_reply_text(&req, MHD_HTTP_BAD_REQUEST,
			    "NUL byte in the request line\n");
		if (http_length_conflict(c))
			return request_reply_text(&req, MHD_HTTP_BAD_REQUEST,
			    "conflicting Content-Length headers\n");
		if (http_has_body(c))
			return request_reply_text(&req,
			    MHD_HTTP_CONTENT_TOO_LARGE,
			    "request bodies are not accepted\n");
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	req.head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	if (!req.head && strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		resp = MHD_create_response_from_buffer(19,
		    "method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (resp != NULL) {
			MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
			    "GET, HEAD");
			MHD_add_response_header(resp,
			    MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
		}
		return request_queue(&req, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	}
	for (i = 0; i < sizeof http_routes / sizeof http_routes[0]; i++) {
		rt = &http_routes[i];
		n = strlen(rt->path);
		if (rt->prefix ? strncmp(url, rt->path, n) != 0 :
		    strcmp(url, rt->path) != 0)
			continue;
		req.route = rt->metric;
		req.path = url + n;
		return rt->handle(&req);
	}
	return request_reply_text(&req, MHD_HTTP_NOT_FOUND, "not found\n");
}

static void
http_notify_connection(void *cls, struct MHD_Connection *c,
    void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;
	struct conn *conn;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		conn = xcalloc(1, sizeof *conn);
		conn->srv = cls;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		sa = ci != NULL ? ci->client_addr : NULL;
		if (sa != NULL && sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    (const void *)sa)->sin_addr, conn->ip,
			    sizeof conn->ip);
		else if (sa != NULL && sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    (const void *)sa)->sin6_addr, conn->ip,
			    sizeof conn->ip);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = conn;
		guard_opened(conn->srv->guard, conn,
		    ci != NULL ? ci->connect_fd : -1, sa);
		metrics_gauge_add(METRICS_OPEN_CONNECTIONS, 1);
		return;
	}
	conn = *socket_context;
	if (conn == NULL)
		return;
	guard_closed(conn->srv->guard, conn);
	transfer_flush(conn);
	file_kept_free(conn->image);
	free(conn);
	*socket_context = NULL;
	metrics_gauge_add(METRICS_OPEN_CONNECTIONS, -1);
}

/* A request is answered (or failed): the wait for the next header starts. */
static void
http_request_done(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *conn = http_conn(c);

	if (conn != NULL)
		guard_answer_done(conn);
}

static enum MHD_Result
http_admit(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct server *srv = cls;

	return guard_admit(srv->guard, addr) ? MHD_YES : MHD_NO;
}

/*
 * MHD's own unescaping turns "%00" into an early end of string; we decode
 * paths and arguments ourselves so a NUL is an error, not a shorter name.
 */
static size_t
http_unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	if (s == http_splitting_uri)
		http_splitting = NULL;
	return strlen(s);
}

/*
 * MHD zeroes a connection's whole memory pool after every request: at
 * its 32 KiB default that memset was 5% of the CPU time of a 2 KiB
 * Range. 16 KiB still takes request headers of 10 KB (nginx: 8 KB).
 */
#define HTTP_CONNECTION_MEMORY (16 * 1024)

/*
 * While main's thread starts the daemon, keep MHD's complaint for our
 * one-line reason. Thread-local: workers already running log to stderr
 * and never touch the buffer or the flag.
 */
static char http_start_error[256];
static _Thread_local bool http_starting;

static void
http_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '.'))
		line[--n] = '\0';
	if (http_starting)
		snprintf(http_start_error, sizeof http_start_error, "%s", line);
	else
		fprintf(stderr, "bootdeckd: libmicrohttpd: %s\n", line);
	/* Out of pool for the arguments: MHD 0.9.75 then leaves the
	   connection open, with nothing sent, until a timeout. */
	if (http_splitting != NULL && strncmp(line, "Not enough memory in pool",
	    25) == 0) {
		guard_refuse(http_splitting->srv->guard, http_splitting,
		    MHD_HTTP_URI_TOO_LONG, "URI Too Long");
		http_splitting = NULL;
	}
}

struct MHD_Daemon *
http_start(struct server *srv, const struct sockaddr *addr, int listen_fd,
    unsigned threads, unsigned max_connections, unsigned timeout,
    unsigned header_timeout, unsigned per_address, const char *cert_pem,
    const char *key_pem, char *err, size_t errlen)
{
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	/* A socket bound already (systemd's, or ours before dropping
	   root) is used as it is; else MHD binds addr. */
	struct MHD_OptionItem where[] = {
		listen_fd >= 0 ?
		    (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET,
			listen_fd, NULL } :
		    (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0,
			(void *)(uintptr_t)addr },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)(uintptr_t)cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)(uintptr_t)key_pem },
		/* GnuTLS's defaults, which hold the RSA key exchange and
		   AES-CBC/GCM suites every iPXE build speaks. */
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL" },
		{ MHD_OPTION_END, 0, NULL },
	};
	bool own_guard = srv->guard == NULL;
	struct MHD_Daemon *d;
	uint16_t port;

	if (addr->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cert_pem != NULL)
		flags |= MHD_USE_TLS;
	else
		tls_opts[0].option = MHD_OPTION_END;
	/* 0: an eighth, at least 128: a lab behind one NAT still fits,
	   and a few addresses cannot take every slot. */
	if (per_address == 0)
		per_address = max_connections / 8 > 128 ?
		    max_connections / 8 : 128;
	if (per_address > max_connections)
		per_address = max_connections;
	/* A sixteenth kept free: the longest waiting for a header go first.
	   The guard's header deadline also ends a TLS handshake that
	   stalls, which MHD runs without blocking anyone else. */
	if (own_guard)
		srv->guard = guard_start(max_connections, per_address,
		    header_timeout, max_connections / 16);
	if (srv->guard == NULL) {
		snprintf(err, errlen, "cannot start the connection guard");
		return NULL;
	}
	http_start_error[0] = '\0';
	http_starting = true;
	/* The port is also in addr; MHD only uses it in its messages. */
	port = ntohs(addr->sa_family == AF_INET6 ?
	    ((const struct sockaddr_in6 *)(const void *)addr)->sin6_port :
	    ((const struct sockaddr_in *)(const void *)addr)->sin_port);
	d = MHD_start_daemon(flags, port, http_admit, srv, http_access, srv,
	    MHD_OPTION_ARRAY, where,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, max_connections,
	    MHD_OPTION_NOTIFY_COMPLETED, http_request_done, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, timeout,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, http_notify_connection, srv,
	    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape_none, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, http_uri_seen, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,
	    MHD_OPTION_ARRAY, tls_opts,
	    MHD_OPTION_END);
	http_starting = false;
	if (d == NULL) {
		snprintf(err, errlen, "%s", http_start_error[0] != '\0' ?
		    http_start_error : "cannot start the HTTP daemon");
		if (own_guard) {
			guard_stop(srv->guard);
			srv->guard = NULL;
		}
		return NULL;
	}
	return d;
}
