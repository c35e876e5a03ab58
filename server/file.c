/* file.c: the hot path of image serving, files inside ISOs included: no SQLite, no logging, no open per Range on a kept connection. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/mac.h"
#include "common/xmalloc.h"
#include "server/file.h"
#include "server/iso_cache.h"
#include "server/path.h"
#include "server/range.h"

#define FILE_BUFFER_MAX (32 * 1024)
#define FILE_KEEP_MS 1000
#define FILE_STREAM_BLOCK (64 * 1024)

struct file_tags {
	char	 etag[80];
	char	 date[40];
};

/* Where a response's bytes come from: a whole file, or a file inside an ISO. */
struct file_source {
	int			 fd;
	const struct stat	*st;		/* the file's; the ISO's for inner */
	const struct file_tags	*tags;
	struct iso_cached	*iso;		/* what keeps inner valid */
	const struct iso_file	*inner;		/* NULL: the whole file */
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
	struct iso_cached	*iso;		/* the ISO rel lies in, or NULL */
	const struct iso_file	*inner;		/* rel's file inside it */
	char			 rel[ENTRY_PATH_MAX + 1];
};

/* FNV-1a: a file's path inside its ISO, folded into its ETag. */
static uint64_t
file_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3u;
	return h;
}

/*
 * The validators of one version of a file, formatted once per open. A
 * file inside an ISO has the ISO's, and its path inside: replacing the
 * ISO changes the tags of every file in it.
 */
static void
file_tags_make(const struct stat *st, const char *inner, struct file_tags *t)
{
	struct tm tm;
	int n;

	/* Strong: any change of size, mtime (ns) or inode changes it. */
	n = snprintf(t->etag, sizeof t->etag, "\"%" PRIx64 "-%" PRIx64 "-%"
	    PRIx64, (uint64_t)st->st_size,
	    (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ino);
	if (inner != NULL)
		snprintf(t->etag + n, sizeof t->etag - (size_t)n,
		    "-%016" PRIx64 "\"", file_hash(inner));
	else
		snprintf(t->etag + n, sizeof t->etag - (size_t)n, "\"");
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
file_read_response(const struct file_source *src, uint64_t start, uint64_t len)
{
	struct MHD_Response *resp;
	char *buf = xmalloc(len);
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (src->inner != NULL)
			n = iso_file_pread(src->fd, src->inner, buf + done,
			    len - done, start + done);
		else
			n = pread(src->fd, buf + done, len - done,
			    (off_t)(start + done));
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

/* A large range of an inner file that crosses extents: read as MHD sends. */
struct file_stream {
	int			 fd;
	struct iso_cached	*iso;
	const struct iso_file	*inner;
	uint64_t		 start;
};

static ssize_t
file_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct file_stream *fs = cls;
	ssize_t n;

	n = iso_file_pread(fs->fd, fs->inner, buf, max, fs->start + pos);
	/* Nothing where bytes were promised: the ISO shrank; cut it short. */
	return n > 0 ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void
file_stream_free(void *cls)
{
	struct file_stream *fs = cls;

	close(fs->fd);
	iso_cached_put(fs->iso);
	free(fs);
}

/*
 * The response holds its own fd and reference: it may be sent after the
 * connection's kept file moved on to another version of the ISO.
 */
static struct MHD_Response *
file_stream_response(const struct file_source *src, uint64_t start,
    uint64_t len)
{
	struct MHD_Response *resp;
	struct file_stream *fs;
	int own;

	own = fcntl(src->fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0)
		return NULL;
	fs = xmalloc(sizeof *fs);
	fs->fd = own;
	fs->iso = iso_cached_ref(src->iso);
	fs->inner = src->inner;
	fs->start = start;
	resp = MHD_create_response_from_callback(len, FILE_STREAM_BLOCK,
	    file_stream_read, fs, file_stream_free);
	if (resp == NULL)
		file_stream_free(fs);
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
	time_t since;
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
	/* A date still to come is not a valid one (RFC 9110 13.1.3): a
	   file rewritten before then would never be fetched again. */
	since = timegm(&tm);
	return since <= time(NULL) && st->st_mtim.tv_sec <= since;
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

/* Never called: MHD sends no body with a 304 or for HEAD (see below). */
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
 * HEAD gets the same: no fd to duplicate for a body never sent.
 */
static struct MHD_Response *
file_no_body_response(uint64_t size)
{
	return MHD_create_response_from_callback(size, 4096, file_no_body,
	    NULL, NULL);
}

/*
 * The body for bytes [start, start + len) of src: small ones read into
 * memory, the rest sent from the file (for a file inside an ISO, from
 * the ISO at the shifted offset) unless they cross an extent boundary.
 */
static struct MHD_Response *
file_body_response(struct request *req, const struct file_source *src,
    uint64_t start, uint64_t len)
{
	uint64_t at = start;
	int own;
	struct MHD_Response *resp;

	if (len == 0)
		return MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
	if (req->head)
		return file_no_body_response(len);
	if (len <= FILE_BUFFER_MAX)
		return file_read_response(src, start, len);
	if (src->inner != NULL && !iso_file_span(src->inner, start, len, &at))
		return file_stream_response(src, start, len);
	/* MHD closes the fd it sends from: give it its own. */
	own = fcntl(src->fd, F_DUPFD_CLOEXEC, 0);
	resp = own < 0 ? NULL :
	    MHD_create_response_from_fd_at_offset64(len, own, at);
	if (resp == NULL && own >= 0)
		close(own);
	return resp;
}

/* Replies from src, whose fd stays the caller's; see file_serve. */
static enum MHD_Result
file_reply(struct request *req, const struct file_source *src,
    const char *account_path)
{
	const struct file_tags *tags = src->tags;
	char crange[96], mac_arg[32], mac[MAC_STRLEN];
	uint64_t size, start = 0, len;
	struct MHD_Response *resp = NULL;
	enum http_range kind = HTTP_RANGE_NONE;
	unsigned status = MHD_HTTP_OK;

	size = src->inner != NULL ? src->inner->size :
	    (uint64_t)src->st->st_size;
	len = size;
	if (file_not_modified(req, src->st, tags->etag)) {
		status = MHD_HTTP_NOT_MODIFIED;
		resp = file_no_body_response(size);
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
	resp = file_body_response(req, src, start, len);
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
	struct file_source src = { .fd = fd, .st = st, .tags = &tags };
	enum MHD_Result ret;

	file_tags_make(st, NULL, &tags);
	ret = file_reply(req, &src, account_path);
	close(fd);
	return ret;
}

/*
 * rel names a file inside an ISO below the root: the shortest prefix of
 * rel that is a regular file is the ISO, the rest the path inside it
 * (already clean: path_open_beneath refused rel otherwise). Fills k's
 * fd, st, iso and inner, or returns -1 with errno set: ENOENT for no
 * such file, EINVAL with the reason in why for an ISO that is not one,
 * or the open's own (EXDEV for a prefix leading out of the root...).
 */
static int
file_open_inner(struct file_kept *k, struct iso_cache *isos, int rootfd,
    const char *root, const char *rel, char *why, size_t whylen)
{
	char prefix[ENTRY_PATH_MAX + 1], reason[256];
	const char *slash;
	size_t n;
	int fd = -1, err;

	for (slash = strchr(rel, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		n = (size_t)(slash - rel);
		memcpy(prefix, rel, n);
		prefix[n] = '\0';
		/* Directories and missing names are ENOENT: look further. */
		fd = path_open_beneath(rootfd, root, prefix, &k->st);
		if (fd >= 0 || errno != ENOENT)
			break;
	}
	if (fd < 0) {
		if (slash == NULL)
			errno = ENOENT;
		return -1;
	}
	k->iso = iso_cache_get(isos, fd, &k->st, reason, sizeof reason);
	if (k->iso == NULL) {
		err = errno;
		snprintf(why, whylen, "%s: %s", prefix, reason);
		close(fd);
		errno = err;
		return -1;
	}
	k->inner = iso_image_find(iso_cached_image(k->iso), slash + 1);
	if (k->inner == NULL || k->inner->is_dir) {
		iso_cached_put(k->iso);
		k->iso = NULL;
		close(fd);
		errno = ENOENT;
		return -1;
	}
	k->fd = fd;
	return 0;
}

struct file_kept *
file_keep_open(struct file_kept **slot, struct iso_cache *isos, int rootfd,
    const char *root, const char *rel, char *why, size_t whylen)
{
	struct file_kept *k = *slot;
	int64_t now = clock_mono_ms();
	size_t n = strlen(rel);
	int err;

	if (whylen > 0)
		why[0] = '\0';
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
	k = xcalloc(1, sizeof *k);
	k->fd = path_open_beneath(rootfd, root, rel, &k->st);
	/* A regular file on the way: rel may lead into an ISO. */
	if (k->fd < 0 && (errno != ENOTDIR || file_open_inner(k, isos, rootfd,
	    root, rel, why, whylen) != 0)) {
		err = errno;	/* the caller tells EMFILE from ENOENT */
		free(k);
		errno = err;
		return NULL;
	}
	file_tags_make(&k->st, k->inner != NULL ? k->inner->path : NULL,
	    &k->tags);
	k->opened_ms = now;
	memcpy(k->rel, rel, n + 1);
	*slot = k;
	return k;
}

enum MHD_Result
file_serve_kept(struct request *req, const struct file_kept *k,
    const char *account_path)
{
	struct file_source src = {
		.fd = k->fd,
		.st = &k->st,
		.tags = &k->tags,
		.iso = k->iso,
		.inner = k->inner,
	};

	return file_reply(req, &src, account_path);
}

void
file_kept_free(struct file_kept *k)
{
	if (k == NULL)
		return;
	close(k->fd);
	iso_cached_put(k->iso);
	free(k);
}
