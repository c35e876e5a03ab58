/* transfer.c: image bytes the client received, per connection, recorded every ~500 ms, not per Range. */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/tcp.h>	/* tcpi_bytes_acked: glibc's tcp_info lacks it */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "server/writer.h"
#include "server/server.h"

#define TRANSFER_PUSH_MS 500
/* tcpi_state values (the kernel's tcp_states.h, not in linux/tcp.h). */
#define TRANSFER_TCP_ESTABLISHED	1
#define TRANSFER_TCP_CLOSE_WAIT		8

/*
 * A whole-file GET is one sendfile response: no MHD callback runs while it
 * downloads, and the bytes handed to MHD are not those the client has. So
 * a sampler thread reads each sending connection's TCP_INFO twice a second
 * and counts what the client acknowledged, up to the body bytes queued
 * (the acknowledged count includes headers). The lock guards every conn's
 * xfer and the list; a connection leaves the list before it is freed.
 */
static pthread_mutex_t transfer_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *transfer_sending;
static pthread_once_t transfer_once = PTHREAD_ONCE_INIT;

/* The socket's acknowledged bytes and TCP state; false where there is no
   TCP_INFO (then queued bytes count as received, as a fallback). */
static bool
transfer_tcp(const struct conn *conn, uint64_t *acked, int *state)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;

	memset(&ti, 0, sizeof ti);
	if (conn->fd < 0 || getsockopt(conn->fd, IPPROTO_TCP, TCP_INFO, &ti,
	    &len) != 0 || len < offsetof(struct tcp_info, tcpi_bytes_acked) +
	    sizeof ti.tcpi_bytes_acked)
		return false;
	*acked = ti.tcpi_bytes_acked;
	*state = ti.tcpi_state;
	return true;
}

/* Credits what the client acknowledged since the last sample. Under the
   lock. closing: what the kernel still holds is delivered after close
   unless the peer is gone, so it counts. */
static void
transfer_sample(struct conn *conn, bool closing)
{
	struct transfer *x = &conn->xfer;
	uint64_t acked;
	int state;

	if (!transfer_tcp(conn, &acked, &state)) {
		x->received = x->queued;
		return;
	}
	if (acked > x->acked)
		x->received += (int64_t)(acked - x->acked);
	x->acked = acked;
	if (closing && (state == TRANSFER_TCP_ESTABLISHED ||
	    state == TRANSFER_TCP_CLOSE_WAIT))
		x->received = x->queued;
	if (x->received > x->queued)
		x->received = x->queued;
}

/* Pushes what was received since the last record. Under the lock. */
static void
transfer_push(struct conn *conn)
{
	struct transfer *x = &conn->xfer;
	struct boot_record r;

	if (!x->active || (x->received == x->pushed && x->requests == 0))
		return;
	memset(&r, 0, sizeof r);
	r.kind = RECORD_TRANSFER;
	r.ts_ms = clock_wall_ms();
	memcpy(r.mac, x->mac, sizeof r.mac);
	memcpy(r.ip, conn->ip, sizeof r.ip);
	r.path = xstrdup(x->path);
	r.bytes = x->received - x->pushed;
	r.requests = x->requests;
	r.size = x->size;
	writer_push(conn->srv->writer, &r);
	x->pushed = x->received;
	x->requests = 0;
	x->since_ms = clock_mono_ms();
}

static void
transfer_unlist(struct conn *conn)
{
	for (struct conn **p = &transfer_sending; *p != NULL; p = &(*p)->xfer.next) {
		if (*p == conn) {
			*p = conn->xfer.next;
			break;
		}
	}
	conn->xfer.next = NULL;
}

static void *
transfer_sampler(void *arg)
{
	const struct timespec tick = { 0, TRANSFER_PUSH_MS * 1000000L };

	(void)arg;
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&transfer_lock);
		for (struct conn *c = transfer_sending; c != NULL; c = c->xfer.next) {
			transfer_sample(c, false);
			transfer_push(c);
		}
		pthread_mutex_unlock(&transfer_lock);
	}
	return NULL;
}

static void
transfer_start_sampler(void)
{
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, transfer_sampler, NULL) != 0) {
		/* Then records come only as requests and closes happen. */
	}
	pthread_attr_destroy(&attr);
}

/* Ends the current transfer: its last bytes, then off the list. */
static void
transfer_end(struct conn *conn, bool closing)
{
	struct transfer *x = &conn->xfer;

	if (!x->active)
		return;
	transfer_sample(conn, closing);
	transfer_push(conn);
	transfer_unlist(conn);
	x->active = false;
}

void
transfer_flush(struct conn *conn)
{
	pthread_mutex_lock(&transfer_lock);
	transfer_end(conn, true);
	pthread_mutex_unlock(&transfer_lock);
}

void
transfer_add(struct conn *conn, const char *mac, const char *path,
    int64_t size, int64_t bytes)
{
	struct transfer *x = &conn->xfer;
	uint64_t acked = 0;
	int state;

	pthread_once(&transfer_once, transfer_start_sampler);
	pthread_mutex_lock(&transfer_lock);
	if (!x->active || strcmp(x->mac, mac) != 0 ||
	    strcmp(x->path, path) != 0) {
		/* A keep-alive connection moves on to another image: what it
		   sent before this response is the previous one's. */
		transfer_end(conn, false);
		x->active = true;
		snprintf(x->mac, sizeof x->mac, "%s", mac);
		snprintf(x->path, sizeof x->path, "%s", path);
		x->queued = x->received = x->pushed = x->requests = 0;
		transfer_tcp(conn, &acked, &state);
		x->acked = acked;
		x->since_ms = clock_mono_ms();
		x->next = transfer_sending;
		transfer_sending = conn;
	}
	x->size = size;
	x->queued += bytes;
	x->requests++;
	/* Ranges keep coming on a busy connection: record from here too. */
	if (clock_mono_ms() - x->since_ms >= TRANSFER_PUSH_MS) {
		transfer_sample(conn, false);
		transfer_push(conn);
	}
	pthread_mutex_unlock(&transfer_lock);
}
