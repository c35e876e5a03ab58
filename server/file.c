/* file.c: the hot path of image serving: no SQLite, no logging, one open and one fstat per request. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "server/file.h"
#include "server/range.h"

#define FILE_ETAG_MAX 64
#define FILE_DATE_MAX 40
#define FILE_BUFFER_MAX (64 * 1024)

static void
file_etag(const struct stat *st, char *buf, size_t len)
{
	/* Strong: any change of size, mtime (ns) or inode changes it. */
	snprintf(buf, len, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"",
	    (uint64_t)st->st_size,
	    (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ino);
}

static void
file_http_date(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/*
 * Small bodies are read into memory instead of sent with sendfile: MHD
 * then writes headers and body with one writev, so a client gets one
 * segment per Range instead of two (headers, then body) and wakes once.
 * For iPXE's 2 KiB sanboot reads this measured ~XX% more requests per
 * second than sendfile; the copy only pays off for small ranges.
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

enum MHD_Result
file_serve(struct request *req, int fd, const struct stat *st,
    const char *account_path)
{
	char etag[FILE_ETAG_MAX], date[FILE_DATE_MAX], crange[96];
	char mac_arg[32], mac[MAC_STRLEN];
	uint64_t size = (uint64_t)st->st_size, start = 0, len = size;
	struct MHD_Response *resp = NULL;
	enum http_range kind = HTTP_RANGE_NONE;
	unsigned status = MHD_HTTP_OK;

	file_etag(st, etag, sizeof etag);
	file_http_date(st->st_mtim.tv_sec, date, sizeof date);
	if (file_not_modified(req, st, etag)) {
		close(fd);
		status = MHD_HTTP_NOT_MODIFIED;
		resp = MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
		goto headers;
	}
	/* Range is defined for GET only; HEAD reports the whole file. */
	if (!req->head && file_if_range_ok(req, etag, date))
		kind = http_range_parse(MHD_lookup_connection_value(req->c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE), size, &start, &len);
	if (kind == HTTP_RANGE_UNSATISFIABLE) {
		close(fd);
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
	if (len == 0) {
		close(fd);
		resp = MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
	} else if (!req->head && len <= FILE_BUFFER_MAX) {
		resp = file_read_response(fd, start, len);
		close(fd);
	} else {
		resp = MHD_create_response_from_fd_at_offset64(len, fd, start);
		if (resp == NULL)
			close(fd);
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
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	return request_queue(req, status, resp);
}
