/* server.h: bootdeckd's shared state, per-connection context and the request API routes use. */
#ifndef BOOTDECK_SERVER_H
#define BOOTDECK_SERVER_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "db/catalog.h"
#include "server/metrics.h"

#define BASE_URL_MAX 300

struct writer;
struct readers;
struct guard;
struct iso_cache;
struct journal;

struct server {
	const char		*db_path;
	const char		*images_root;
	int			 images_fd;
	const char		*ipxe_root;
	int			 ipxe_fd;	/* -1: no iPXE directory */
	const char		*memdisk_path;
	const char		*base_url;	/* configured, no trailing '/'; NULL: derive */
	const char		*images_url;	/* /images/ URLs under it; NULL: base */
	const char		*listen;	/* ADDR:PORT as configured */
	struct readers		*readers;	/* each worker's catalog connection */
	struct writer		*writer;
	struct iso_cache	*isos;	/* trees of the ISOs served from */
	/* Consumptions served and not yet written: masked in boot views. */
	struct journal		*journal;
	struct MHD_Daemon	*mhd;
	struct MHD_Daemon	*mhd_tls;	/* HTTPS, NULL without listen_tls */
	struct guard		*guard;	/* http.c starts it with the daemon */
};

/*
 * Image bytes on one connection to one client for one path. Bytes count
 * once the client's TCP acknowledged them (transfer.c), not when MHD was
 * handed the response: a whole-file GET climbs while it downloads.
 */
struct transfer {
	bool	 active;
	char	 mac[MAC_STRLEN];
	char	 path[ENTRY_PATH_MAX + 1];
	int64_t	 queued;	/* body bytes handed to MHD */
	int64_t	 received;	/* of those, acknowledged by the client */
	int64_t	 pushed;	/* of those, in records pushed already */
	int64_t	 requests, size;
	uint64_t acked;		/* the socket's tcpi_bytes_acked last seen */
	int64_t	 since_ms;	/* monotonic time of the last record pushed */
	struct conn *next;	/* transfer.c's list of connections sending */
};

struct file_kept;

struct conn {
	struct server	*srv;
	int		 fd;		/* the socket (TCP_INFO, guard); -1 unknown */
	char		 ip[IP_STRLEN];
	struct transfer	 xfer;
	struct file_kept *image;	/* file.c: the image read last, kept open */
	/* http.c: where the URI of the request being parsed ends at its
	   first NUL; MHD puts the HTTP version right after, unless the
	   client sent a NUL of its own. */
	const char	*uri_end;
	/* guard.c: the admission list and the header deadline. */
	struct conn	*guard_prev, *guard_next;
	uint8_t		 prefix[16];	/* IPv4 address or IPv6 /64 */
	struct sockaddr_storage peer;	/* to know fd is still this socket */
	_Atomic int64_t	 waiting_since_ms;	/* 0: not waiting for a header */
	_Atomic bool	 doomed;	/* shut down by the guard */
};

struct request {
	struct server		*srv;
	struct MHD_Connection	*c;
	struct conn		*conn;
	const char		*path;	/* the URL after the route prefix, still encoded */
	bool			 head;
	enum metrics_route	 route;
};

/* Queues resp with status, destroys our reference, counts the request. */
enum MHD_Result request_queue(struct request *req, unsigned status,
    struct MHD_Response *resp);
/* Replies with body (taken, freed by MHD; may be NULL when len is 0). */
enum MHD_Result request_reply(struct request *req, unsigned status,
    const char *content_type, char *body, size_t len);
/* Replies with a static text/plain string. */
enum MHD_Result request_reply_text(struct request *req, unsigned status,
    const char *text);
/* Replies with an iPXE script (taken). */
enum MHD_Result request_reply_script(struct request *req, unsigned status,
    char *script);
/* A query argument percent-decoded into buf; false when absent or malformed. */
bool request_arg(struct request *req, const char *name, char *buf,
    size_t buflen);
/* Whether the query has the argument at all. */
bool request_has_arg(struct request *req, const char *name);
/* How this client reaches us: --base-url, the catalog's, a safe Host header, or the address it connected to. */
/* For what is answered without a boot view (the bootstrap, bad requests);
   routes that read one get theirs from request_read_job(), same order. */
void request_base_url(struct request *req, char *buf, size_t buflen);
/* The last resort of the above: a safe Host header, else the address the
   client connected to. */
void request_host_url(struct request *req, char *buf, size_t buflen);
/* Whether the request came over HTTPS (the listen_tls daemon). */
bool request_tls(struct request *req);
/*
 * The configured base URL (flags, environment, file) that applies to
 * this request: over HTTPS only an https:// one, so that a client that
 * came over HTTPS is never sent on over plain HTTP; NULL: none.
 */
const char *request_config_base(struct request *req);
/* The client's address for logs ("?" if unknown). */
const char *request_ip(const struct request *req);
/* One stderr line (callers pass only sanitized text). */
void server_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copies text for a log line or record: printable ASCII, cut at max - 1 bytes. */
void server_clean_text(char *dst, const char *src, size_t max);
/* A record stamped now, from this connection's client. */
void request_record_init(struct request *req, struct boot_record *r,
    enum record_kind kind);
void request_record_push(struct request *req, struct boot_record *r);

/*
 * render_job_read() on this worker's catalog connection, with the next
 * boots the journal holds as used up masked out (read again when one
 * was written meanwhile, so none is handed out twice). On failure job
 * is still set up for an error script; render_job_clear it either way.
 */
struct render_job;
struct render_query;
int request_read_job(struct request *req, const struct render_query *q,
    struct render_job *job, char *err, size_t errlen);

/*
 * The client a script is for, from ?mac=&platform=&arch=: mac must be
 * valid when present (required when mac_required), platform pcbios|efi
 * (default pcbios), arch [a-z0-9_]{1,15} (default by platform). Returns
 * false with a short reason in err.
 */
struct render_client;
bool request_client(struct request *req, bool mac_required,
    struct render_client *cl, char *err, size_t errlen);

/* Routes, one per file. */
enum MHD_Result route_boot(struct request *req);
enum MHD_Result route_entry(struct request *req);
enum MHD_Result route_images(struct request *req);
enum MHD_Result route_ipxe(struct request *req);
enum MHD_Result route_healthz(struct request *req);
enum MHD_Result route_metrics(struct request *req);

/* transfer.c: per-connection aggregation of image bytes into RECORD_TRANSFER. */
void transfer_add(struct conn *conn, const char *mac, const char *path,
    int64_t size, int64_t bytes);
/* The connection is closing: its last bytes are recorded. */
void transfer_flush(struct conn *conn);

/*
 * http.c: starts MHD on listen_fd when >= 0 (addr is its address), else
 * on addr, serving HTTPS with the PEM certificate (chain) and key when
 * cert_pem is not NULL (they must outlive the daemon). Both daemons share
 * one connection guard, started by the first call. Returns NULL with a
 * one-line reason in err.
 */
struct MHD_Daemon *http_start(struct server *srv, const struct sockaddr *addr,
    int listen_fd, unsigned threads, unsigned max_connections, unsigned timeout,
    unsigned header_timeout, unsigned per_address, const char *cert_pem,
    const char *key_pem, char *err, size_t errlen);

#endif
