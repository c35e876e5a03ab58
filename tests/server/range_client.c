/* range_client.c: many Range GETs on one keep-alive connection, each checked byte for byte. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define RC_BUF 65536

struct rc_conn {
	int	 fd;
	char	 buf[RC_BUF];
	size_t	 off, len;
};

static const char usage[] =
    "usage: range_client PORT URLPATH FILE COUNT [SEED]\n"
    "  Sends COUNT GETs for URLPATH with random single Ranges on one\n"
    "  connection to 127.0.0.1:PORT and checks each reply against FILE;\n"
    "  prints the total body bytes. Exits 1 on the first wrong reply.\n";

static uint64_t
rc_random(uint64_t *state)
{
	/* xorshift64*: reproducible from the seed, good enough for offsets. */
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static bool
rc_fill(struct rc_conn *c)
{
	ssize_t n;

	if (c->off > 0) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->len == sizeof c->buf)
		return false;
	do
		n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return false;
	c->len += (size_t)n;
	return true;
}

/* Reads the header block; returns it NUL-terminated in hdr. */
static bool
rc_read_head(struct rc_conn *c, char *hdr, size_t hdrlen)
{
	char *end;
	size_t n;

	for (;;) {
		end = memmem(c->buf + c->off, c->len - c->off, "\r\n\r\n", 4);
		if (end != NULL)
			break;
		if (!rc_fill(c))
			return false;
	}
	n = (size_t)(end - (c->buf + c->off)) + 4;
	if (n >= hdrlen)
		return false;
	memcpy(hdr, c->buf + c->off, n);
	hdr[n] = '\0';
	c->off += n;
	return true;
}

static bool
rc_read_body(struct rc_conn *c, char *out, uint64_t len)
{
	size_t n;

	while (len > 0) {
		if (c->off == c->len && !rc_fill(c))
			return false;
		n = c->len - c->off;
		if (n > len)
			n = (size_t)len;
		memcpy(out, c->buf + c->off, n);
		c->off += n;
		out += n;
		len -= n;
	}
	return true;
}

static const char *
rc_header(const char *hdr, const char *name)
{
	const char *p = hdr;
	size_t n = strlen(name);

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			return p + n + 1 + strspn(p + n + 1, " ");
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static char hdr[8192], req[4096], got[1 << 20], want[1 << 20];
	uint64_t state, size, start, len, count, i, first, last, total = 0;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct rc_conn *c;
	const char *v;
	struct stat st;
	int file, rc = 1, form;
	char expect[128];

	if (argc < 5 || argc > 6) {
		fputs(usage, stderr);
		return 2;
	}
	count = strtoull(argv[4], NULL, 10);
	state = argc == 6 ? strtoull(argv[5], NULL, 10) : 42;
	state = state * 2 + 1;
	file = open(argv[3], O_RDONLY);
	if (file < 0 || fstat(file, &st) != 0 || st.st_size == 0) {
		fprintf(stderr, "range_client: %s: unusable\n", argv[3]);
		return 2;
	}
	size = (uint64_t)st.st_size;
	c = calloc(1, sizeof *c);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sin,
	    sizeof sin) != 0) {
		perror("range_client: connect");
		goto out;
	}
	for (i = 0; i < count; i++) {
		/* Mostly sanboot-sized a-b reads; some a- and -n forms. */
		len = 512 + rc_random(&state) % (32 * 1024);
		first = rc_random(&state) % size;
		form = (int)(rc_random(&state) % 16);
		if (form == 0) {
			snprintf(expect, sizeof expect, "bytes=%" PRIu64 "-",
			    size - (len < size ? len : size));
			first = size - (len < size ? len : size);
			last = size - 1;
		} else if (form == 1) {
			snprintf(expect, sizeof expect, "bytes=-%" PRIu64, len);
			first = len < size ? size - len : 0;
			last = size - 1;
		} else {
			/* May run past the end: the server must clamp. */
			last = first + len - 1;
			snprintf(expect, sizeof expect, "bytes=%" PRIu64 "-%"
			    PRIu64, first, last);
			if (last >= size)
				last = size - 1;
		}
		start = first;
		len = last - first + 1;
		total += len;
		snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Range: %s\r\n\r\n", argv[2], expect);
		if (write(c->fd, req, strlen(req)) != (ssize_t)strlen(req) ||
		    !rc_read_head(c, hdr, sizeof hdr)) {
			fprintf(stderr, "range_client: request %" PRIu64
			    ": connection closed by the server\n", i);
			goto out;
		}
		if (strncmp(hdr, "HTTP/1.1 206 ", 13) != 0) {
			fprintf(stderr, "range_client: request %" PRIu64
			    " (%s): %.40s\n", i, expect, hdr);
			goto out;
		}
		snprintf(expect, sizeof expect, "bytes %" PRIu64 "-%" PRIu64
		    "/%" PRIu64 "\r", start, start + len - 1, size);
		v = rc_header(hdr, "Content-Range");
		if (v == NULL || strncmp(v, expect, strlen(expect)) != 0) {
			fprintf(stderr, "range_client: request %" PRIu64
			    ": Content-Range %.60s, want %s\n", i,
			    v ? v : "(none)", expect);
			goto out;
		}
		v = rc_header(hdr, "Content-Length");
		if (v == NULL || strtoull(v, NULL, 10) != len) {
			fprintf(stderr, "range_client: request %" PRIu64
			    ": bad Content-Length\n", i);
			goto out;
		}
		v = rc_header(hdr, "Connection");
		if (v != NULL && strncasecmp(v, "close", 5) == 0) {
			fprintf(stderr, "range_client: request %" PRIu64
			    ": server wants to close the connection\n", i);
			goto out;
		}
		if (!rc_read_body(c, got, len) ||
		    pread(file, want, len, (off_t)start) != (ssize_t)len ||
		    memcmp(got, want, len) != 0) {
			fprintf(stderr, "range_client: request %" PRIu64
			    ": body differs from the file\n", i);
			goto out;
		}
	}
	printf("%" PRIu64 " ranges ok, %" PRIu64 " bytes\n", count, total);
	rc = 0;
out:
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	close(file);
	return rc;
}
