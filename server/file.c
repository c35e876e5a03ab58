/* file.c: the hot path of image serving: no SQLite, no logging, no open per Range on a kept connection. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "server/file.h"
#include "server/path.h"
#include "server/range.h"

#define FILE_BUFFER_MAX (32 * 1024)
#define FILE_KEEP_MS 1000

struct file_tags {
	char	 etag[64];
	char	 date[40];
};

/*
 * The image a connection read last, kept open so that a sanboot's
 * thousands of Range GETs cost no open/fstat/close each (openat2's
 * resolution below the root was a quarter of bootdeckd's CPU time per
 * 2 KiB Range). It is reopened, path checks and all, once it is
 * FILE_KEEP_MS old: a replaced, removed or redirected file is noticed
 * within that time, and until then the connection keeps reading the
 * file it opened legitimately, with that file's own validators.
 */
struct file_kept {
	int			 fd;
	struct stat		 st;
	struct file_tags	 tags;
	int64_t			 opened_ms;
	char			 rel[ENTRY_PATH_MAX + 1];
};

/* The validators of one version of a file, formatted once per open. */
static void
file_tags_make(const struct stat *st, struct file_tags *t)
{
	struct tm tm;

	/* Strong: any change of size, mtime (ns) or inode changes it. */
	snprintf(t->etag, sizeof t->etag, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64
	    "\"", (uint64_t)st->st_size,
	    (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ino);
	gmtime_r(&st->st_mtim.tv_sec, &tm);
	strftime(t->date, sizeof t->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/*
 * Small bodies are read into memory instead of sent with sendfile
 * (design.md's rule for everything else): MHD then writes headers and
 * body with one sendmsg, so the client gets one segment per Range, not
 * headers then body, and wakes once. Measured on 2 KiB Ranges: 40% more
 * requests/s on one connection, 30% less CPU per request. Still ahead at
 * 32 KiB; at 64 KiB the copy costs more than it saves.
 */
static struct MHD_Response *
file_read_response(int fd, uint64_t start, uint64_t len)
{
	struct MHD_Response *resp;
	char *buf = xmalloc(len);
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, buf + done, len - done, (off_t)(start + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* an error, or the file shrank under us */
		done += (size_t)n;
	}
	if (done < len) {
		free(buf);
		return NULL;
	}
	resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		free(buf);
	return resp;
}

/* If-None-Match: "*" or a list of (possibly weak) tags; weak comparison. */
static bool
file_none_match(const char *header, const char *etag)
{
	const char *p = header, *end;
	size_t n, elen = strlen(etag);

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return false;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == elen && memcmp(p, etag, n) == 0)
			return true;
		p = end;
	}
}

static bool
file_not_modified(struct request *req, const struct stat *st,
    const char *etag)
{
	const char *inm, *ims;
	struct tm tm;
	char *end;

	inm = MHD_lookup_connection_value(req->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL)
		return file_none_match(inm, etag);
	ims = MHD_lookup_connection_value(req->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (ims == NULL)
		return false;
	memset(&tm, 0, sizeof tm);
	end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (end == NULL || *end != '\0')
		return false;
	return st->st_mtim.tv_sec <= timegm(&tm);
}

/* If-Range: a strong tag or the exact Last-Modified; anything else fails. */
static bool
file_if_range_ok(struct request *req, const char *etag, const char *date)
{
	const char *ir;

	ir = MHD_lookup_connection_value(req->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_RANGE);
	if (ir == NULL)
		return true;
	if (ir[0] == '"' || strncmp(ir, "W/", 2) == 0)
		return strcmp(ir, etag) == 0;
	return strcmp(ir, date) == 0;
}

/* Never called: MHD sends no body with a 304 (see below). */
static ssize_t
file_no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	(void)buf;
	(void)max;
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

/*
 * A 304 has no body, and RFC 9110 allows Content-Length on it only as
 * the length a 200 would have. MHD 0.9.75 writes the response's size as
 * Content-Length on a 304 and, as for HEAD, never asks for its body: a
 * response of the file's size whose reader is never called says it.
 */
static struct MHD_Response *
file_not_modified_response(uint64_t size)
{
	return MHD_create_response_from_callback(size, 4096, file_no_body,
	    NULL, NULL);
}

/* Replies from fd, which stays the caller's; see file_serve. */
static enum MHD_Result
file_reply(struct request *req, int fd, const struct stat *st,
    const struct file_tags *tags, const char *account_path)
{
	char crange[96], mac_arg[32], mac[MAC_STRLEN];
	uint64_t size = (uint64_t)st->st_size, start = 0, len = size;
	struct MHD_Response *resp = NULL;
	enum http_range kind = HTTP_RANGE_NONE;
	unsigned status = MHD_HTTP_OK;
	int own;

	if (file_not_modified(req, st, tags->etag)) {
		status = MHD_HTTP_NOT_MODIFIED;
		resp = file_not_modified_response(size);
		goto headers;
	}
	/* Range is defined for GET only; HEAD reports the whole file. */
	if (!req->head && file_if_range_ok(req, tags->etag, tags->date))
		kind = http_range_parse(MHD_lookup_connection_value(req->c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE), size, &start, &len);
	if (kind == HTTP_RANGE_UNSATISFIABLE) {
		status = MHD_HTTP_RANGE_NOT_SATISFIABLE;
		metrics_add(METRICS_RANGE_416, 1);
		snprintf(crange, sizeof crange, "bytes */%" PRIu64, size);
		resp = MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
		if (resp != NULL)
			MHD_add_response_header(resp,
			    MHD_HTTP_HEADER_CONTENT_RANGE, crange);
		goto headers;
	}
	if (kind == HTTP_RANGE_SINGLE) {
		status = MHD_HTTP_PARTIAL_CONTENT;
		metrics_add(METRICS_RANGE_REQUESTS, 1);
	} else {
		/* No range, or several: RFC 9110 lets us send it all. */
		start = 0;
		len = size;
	}
	if (len == 0)
		resp = MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
	else if (!req->head && len <= FILE_BUFFER_MAX)
		resp = file_read_response(fd, start, len);
	else {
		/* MHD closes the fd it sends from: give it its own. */
		own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		resp = own < 0 ? NULL :
		    MHD_create_response_from_fd_at_offset64(len, own, start);
		if (resp == NULL && own >= 0)
			close(own);
	}
	if (resp == NULL)
		return MHD_NO;
	if (status == MHD_HTTP_PARTIAL_CONTENT) {
		snprintf(crange, sizeof crange, "bytes %" PRIu64 "-%" PRIu64
		    "/%" PRIu64, start, start + len - 1, size);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_RANGE,
		    crange);
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/octet-stream");
	if (!req->head) {
		metrics_add(METRICS_BYTES_SENT, len);
		if (account_path != NULL && req->conn != NULL) {
			/* Attribute to the MAC the client gave, else to its IP. */
			if (!request_arg(req, "mac", mac_arg, sizeof mac_arg) ||
			    !mac_parse(mac_arg, mac))
				mac[0] = '\0';
			transfer_add(req->conn, mac, account_path,
			    (int64_t)size, (int64_t)len);
		}
	}
headers:
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, tags->etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED,
	    tags->date);
	return request_queue(req, status, resp);
}

enum MHD_Result
file_serve(struct request *req, int fd, const struct stat *st,
    const char *account_path)
{
	struct file_tags tags;
	enum MHD_Result ret;

	file_tags_make(st, &tags);
	ret = file_reply(req, fd, st, &tags, account_path);
	close(fd);
	return ret;
}

static int64_t
file_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct file_kept *
file_keep_open(struct file_kept **slot, int rootfd, const char *root,
    const char *rel)
{
	struct file_kept *k = *slot;
	int64_t now = file_clock_ms();
	size_t n = strlen(rel);
	int err;

	if (n >= sizeof k->rel) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (k != NULL && now - k->opened_ms < FILE_KEEP_MS &&
	    strcmp(k->rel, rel) == 0)
		return k;
	/* Another file, or time to look again: resolve it all anew. */
	file_kept_free(k);
	*slot = NULL;
	k = xmalloc(sizeof *k);
	k->fd = path_open_beneath(rootfd, root, rel, &k->st);
	if (k->fd < 0) {
		err = errno;	/* the caller tells EMFILE from ENOENT */
		free(k);
		errno = err;
		return NULL;
	}
	file_tags_make(&k->st, &k->tags);
	k->opened_ms = now;
	memcpy(k->rel, rel, n + 1);
	*slot = k;
	return k;
}

enum MHD_Result
file_serve_kept(struct request *req, const struct file_kept *k,
    const char *account_path)
{
	return file_reply(req, k->fd, &k->st, &k->tags, account_path);
}

void
file_kept_free(struct file_kept *k)
{
	if (k == NULL)
		return;
	close(k->fd);
	free(k);
}
