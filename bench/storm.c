/* storm.c: a boot storm on loopback: many simulated iPXE clients at once, one keep-alive connection each. */
/*
 * Usage:
 *   storm boot PORT CLIENTS ISO_PATH ISO_BYTES KERNEL_PATH INITRD_PATH MIB
 *     Every client asks for /boot.ipxe, then its entry script. Even
 *     clients then sanboot (HEAD of the ISO, then sequential Range reads
 *     of 4-32 KiB, MIB MiB from a random place); odd ones download the
 *     kernel and the initrd whole. Prints
 *     "RESULT <ms until all done> <p50 us> <p99 us> <errors> <bytes>"
 *     where the percentiles are of /boot.ipxe during the storm.
 *   storm hold PORT CONNECTIONS
 *     Opens that many connections, one /boot.ipxe each, keeps them open;
 *     prints "HELD <n> <errors>" and waits to be killed.
 *   storm whole PORT CONNECTIONS PATH BYTES SECONDS
 *     Each connection GETs PATH whole, again and again; prints
 *     "RESULT <MiB/s>".
 *
 * One thread and epoll, like a server: the load generator must not be
 * what limits a 2-core machine. Entry names are "storm-iso" and
 * "storm-linux"; a static server (nginx) serves files of those names.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum step {
	STEP_BOOT,
	STEP_ENTRY,
	STEP_HEAD,
	STEP_RANGE,
	STEP_KERNEL,
	STEP_INITRD,
	STEP_WHOLE,
	STEP_HOLD,
	STEP_DONE,
};

struct client {
	int		 fd;
	unsigned	 index;
	enum step	 step;
	char		 head[4096];	/* response header being read */
	size_t		 head_len;
	bool		 in_body;
	int64_t		 body_left;
	int64_t		 sent_us;
	int64_t		 range_at, range_end;
	int64_t		 status;
};

static struct {
	int		 ep;
	uint16_t	 port;
	const char	*iso, *kernel, *initrd, *whole;
	int64_t		 iso_bytes;
	int64_t		 range_bytes;
	unsigned	 active;
	unsigned	 errors;
	uint64_t	 bytes;
	int64_t		*boot_us;	/* /boot.ipxe latencies */
	size_t		 n_boot;
	int64_t		 deadline_us;	/* whole: stop starting requests */
} storm;

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
die(const char *what)
{
	fprintf(stderr, "storm: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Client i connects from 127.1.x.y: each machine has an address of its
   own, as on a real LAN (the server's per-address limits apply as there). */
static int
connect_one(unsigned i)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct sockaddr_in me = { .sin_family = AF_INET };
	int fd, one = 1;

	sa.sin_port = htons(storm.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	me.sin_addr.s_addr = htonl(0x7f010001 + i);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&me, sizeof me) != 0)
		die("bind");
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 &&
	    errno != EINPROGRESS)
		die("connect");
	return fd;
}

static void
watch(struct client *c, int op)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP,
	    .data.ptr = c };

	if (epoll_ctl(storm.ep, op, c->fd, &ev) != 0)
		die("epoll_ctl");
}

/* The client's MAC, as iPXE sends it in ?mac=. */
static void
client_mac(const struct client *c, char *buf, size_t len)
{
	snprintf(buf, len, "52-54-00-%02x-%02x-%02x", (c->index >> 16) & 0xff,
	    (c->index >> 8) & 0xff, c->index & 0xff);
}

/* Writes the request of c's step. The requests are small: one send
   fills the socket buffer of a fresh connection. */
static void
client_send(struct client *c)
{
	char req[512], mac[32];
	const char *method = "GET", *path;
	char range[96] = "";
	int len;

	client_mac(c, mac, sizeof mac);
	switch (c->step) {
	case STEP_BOOT:
	case STEP_HOLD:
		path = "/boot.ipxe";
		break;
	case STEP_ENTRY:
		path = c->index % 2 == 0 ? "/entry/storm-iso" :
		    "/entry/storm-linux";
		break;
	case STEP_HEAD:
		method = "HEAD";
		path = storm.iso;
		break;
	case STEP_RANGE: {
		int64_t n = 4096 * (1 + rand() % 8);

		if (n > c->range_end - c->range_at)
			n = c->range_end - c->range_at;
		snprintf(range, sizeof range, "Range: bytes=%" PRId64 "-%"
		    PRId64 "\r\n", c->range_at, c->range_at + n - 1);
		c->range_at += n;
		path = storm.iso;
		break;
	}
	case STEP_KERNEL:
		path = storm.kernel;
		break;
	case STEP_INITRD:
		path = storm.initrd;
		break;
	case STEP_WHOLE:
		path = storm.whole;
		break;
	default:
		return;
	}
	len = snprintf(req, sizeof req, "%s %s?mac=%s HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nUser-Agent: iPXE/1.21.1+ (storm)\r\n%s"
	    "Connection: keep-alive\r\n\r\n", method, path, mac, range);
	c->head_len = 0;
	c->in_body = false;
	c->sent_us = now_us();
	if (send(c->fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
		/* Not yet connected: the first write waits for EPOLLOUT. */
		if (errno != EAGAIN && errno != ENOTCONN)
			die("send");
		struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };

		c->head_len = (size_t)-1;	/* resend when writable */
		epoll_ctl(storm.ep, EPOLL_CTL_MOD, c->fd, &ev);
	}
}

static void
client_finish(struct client *c)
{
	c->step = STEP_DONE;
	close(c->fd);
	c->fd = -1;
	storm.active--;
}

/* The response of c's step is complete: on to the next one. */
static void
client_next(struct client *c)
{
	int64_t ok = c->step == STEP_RANGE ? 206 : 200;

	if (c->status != ok) {
		storm.errors++;
		fprintf(stderr, "storm: client %u step %d: HTTP %" PRId64 "\n",
		    c->index, (int)c->step, c->status);
		client_finish(c);
		return;
	}
	switch (c->step) {
	case STEP_BOOT:
		storm.boot_us[storm.n_boot++] = now_us() - c->sent_us;
		c->step = STEP_ENTRY;
		break;
	case STEP_ENTRY:
		c->step = c->index % 2 == 0 ? STEP_HEAD : STEP_KERNEL;
		break;
	case STEP_HEAD:
		c->step = STEP_RANGE;
		break;
	case STEP_RANGE:
		if (c->range_at >= c->range_end) {
			client_finish(c);
			return;
		}
		break;
	case STEP_KERNEL:
		c->step = STEP_INITRD;
		break;
	case STEP_WHOLE:
		if (now_us() < storm.deadline_us)
			break;
		/* FALLTHROUGH */
	case STEP_INITRD:
		client_finish(c);
		return;
	case STEP_HOLD:
		storm.active--;
		c->step = STEP_DONE;	/* kept open */
		return;
	default:
		return;
	}
	client_send(c);
}

/* Parses the status and Content-Length once the header is in. */
static bool
client_header(struct client *c)
{
	char *end = memmem(c->head, c->head_len, "\r\n\r\n", 4), *p;
	size_t body;

	if (end == NULL)
		return false;
	*end = '\0';
	body = c->head_len - (size_t)(end + 4 - c->head);
	c->status = strncmp(c->head, "HTTP/1.", 7) == 0 ?
	    strtoll(c->head + 9, NULL, 10) : 0;
	c->body_left = 0;
	for (p = strstr(c->head, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n"))
		if (strncasecmp(p + 2, "Content-Length:", 15) == 0)
			c->body_left = strtoll(p + 17, NULL, 10);
	if (c->step == STEP_HEAD)
		c->body_left = 0;
	c->body_left -= (int64_t)body;
	storm.bytes += body;
	c->in_body = true;
	return true;
}

static void
client_read(struct client *c)
{
	static char sink[1 << 18];

	for (;;) {
		ssize_t n;

		if (!c->in_body) {
			n = recv(c->fd, c->head + c->head_len,
			    sizeof c->head - 1 - c->head_len, 0);
			if (n > 0) {
				c->head_len += (size_t)n;
				if (!client_header(c)) {
					if (c->head_len >= sizeof c->head - 1)
						goto fail;
					continue;
				}
			}
		} else {
			size_t want = c->body_left < (int64_t)sizeof sink ?
			    (size_t)c->body_left : sizeof sink;

			n = recv(c->fd, sink, want, 0);
			if (n > 0) {
				c->body_left -= n;
				storm.bytes += (uint64_t)n;
			}
		}
		if (n == 0)
			goto fail;
		if (n < 0) {
			if (errno == EAGAIN)
				return;
			goto fail;
		}
		if (c->in_body && c->body_left <= 0) {
			client_next(c);
			if (c->step == STEP_DONE)
				return;
		}
	}
fail:
	storm.errors++;
	fprintf(stderr, "storm: client %u step %d: connection lost\n",
	    c->index, (int)c->step);
	client_finish(c);
}

static void
run(void)
{
	struct epoll_event evs[256];

	while (storm.active > 0) {
		int k = epoll_wait(storm.ep, evs, 256, 30000);

		if (k == 0) {
			fprintf(stderr, "storm: 30 s without progress\n");
			exit(1);
		}
		for (int i = 0; i < k; i++) {
			struct client *c = evs[i].data.ptr;

			if (c->fd < 0)
				continue;
			if (c->head_len == (size_t)-1) {
				watch(c, EPOLL_CTL_MOD);
				client_send(c);
				continue;
			}
			if (c->step != STEP_DONE)
				client_read(c);
		}
	}
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static struct client *
start(unsigned n, enum step first)
{
	struct client *v = calloc(n, sizeof *v);

	if (v == NULL)
		die("calloc");
	storm.boot_us = calloc(n, sizeof *storm.boot_us);
	if ((storm.ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		die("epoll_create1");
	for (unsigned i = 0; i < n; i++) {
		v[i].index = i;
		v[i].step = first;
		v[i].fd = connect_one(i);
		watch(&v[i], EPOLL_CTL_ADD);
	}
	storm.active = n;
	for (unsigned i = 0; i < n; i++)
		client_send(&v[i]);
	return v;
}

int
main(int argc, char **argv)
{
	struct client *v;
	unsigned n;
	int64_t t0;

	if (argc < 4) {
		fprintf(stderr, "usage: storm boot|hold|whole PORT N ...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	storm.port = (uint16_t)atoi(argv[2]);
	n = (unsigned)atoi(argv[3]);
	srand(1);
	if (strcmp(argv[1], "boot") == 0 && argc == 9) {
		storm.iso = argv[4];
		storm.iso_bytes = strtoll(argv[5], NULL, 10);
		storm.kernel = argv[6];
		storm.initrd = argv[7];
		storm.range_bytes = strtoll(argv[8], NULL, 10) << 20;
		if (storm.range_bytes > storm.iso_bytes)
			storm.range_bytes = storm.iso_bytes;
		t0 = now_us();
		v = start(n, STEP_BOOT);
		for (unsigned i = 0; i < n; i += 2) {
			int64_t room = storm.iso_bytes - storm.range_bytes;

			v[i].range_at = room > 0 ? (rand() % (room / 4096 + 1)) *
			    4096 : 0;
			v[i].range_end = v[i].range_at + storm.range_bytes;
		}
		run();
		qsort(storm.boot_us, storm.n_boot, sizeof *storm.boot_us,
		    cmp64);
		printf("RESULT %" PRId64 " %" PRId64 " %" PRId64 " %u %"
		    PRIu64 "\n", (now_us() - t0) / 1000,
		    storm.n_boot ? storm.boot_us[storm.n_boot / 2] : 0,
		    storm.n_boot ? storm.boot_us[storm.n_boot * 99 / 100] : 0,
		    storm.errors + (n - (unsigned)storm.n_boot), storm.bytes);
	} else if (strcmp(argv[1], "hold") == 0 && argc == 4) {
		v = start(n, STEP_HOLD);
		run();
		printf("HELD %u %u\n", n - storm.errors, storm.errors);
		fflush(stdout);
		pause();
	} else if (strcmp(argv[1], "whole") == 0 && argc == 7) {
		storm.whole = argv[4];
		storm.deadline_us = now_us() + atoll(argv[6]) * 1000000;
		t0 = now_us();
		v = start(n, STEP_WHOLE);
		run();
		printf("RESULT %.1f\n", (double)storm.bytes / (1 << 20) /
		    ((double)(now_us() - t0) / 1e6));
		return storm.errors != 0;
	} else {
		fprintf(stderr, "storm: bad arguments\n");
		return 2;
	}
	free(v);
	return 0;
}
