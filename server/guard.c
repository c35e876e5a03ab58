/* guard.c: per-address connection caps, the request-header deadline and room kept for new clients. */
#include "config.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "server/guard.h"
#include "server/server.h"

#define GUARD_TICK_MS 200

struct guard {
	pthread_mutex_t	 lock;
	pthread_cond_t	 wake;
	pthread_t	 sweeper;
	bool		 stopping;
	struct conn	*head;		/* every open connection, newest first */
	unsigned	 open;
	unsigned	 max_connections, per_address, reserve;
	int64_t		 header_timeout_ms;
};

/*
 * An IPv4 address (also one mapped into IPv6), or the /64 of an IPv6 one:
 * one host's share. IPv6 keys fill bytes 0-7, IPv4 ones 8-12: no clash.
 */
static void
guard_prefix(const struct sockaddr *sa, uint8_t out[16])
{
	const struct in6_addr *a6;

	memset(out, 0, 16);
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		memcpy(out + 8, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		out[12] = 4;
	} else if (sa->sa_family == AF_INET6) {
		a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memcpy(out + 8, &a6->s6_addr[12], 4);
			out[12] = 4;
		} else
			memcpy(out, a6->s6_addr, 8);
	}
}

static void
guard_shut(struct guard *g, struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	/*
	 * MHD sees the end of the stream and closes. It tells us a
	 * connection closed (guard_closed, under our lock) before it closes
	 * the fd; should that ever change, the peer check keeps us off a
	 * reused fd number.
	 */
	if (c->fd >= 0 && getpeername(c->fd, (struct sockaddr *)&ss,
	    &len) == 0 && memcmp(&ss, &c->peer, len) == 0)
		shutdown(c->fd, SHUT_RDWR);
	c->doomed = true;
	c->waiting_since_ms = 0;
}

/* Past their deadline: out. Short of room: the longest waiting, out. */
static void
guard_sweep(struct guard *g, int64_t now)
{
	struct conn *c, *oldest;
	unsigned live = 0;
	int64_t since;

	for (c = g->head; c != NULL; c = c->guard_next) {
		since = c->waiting_since_ms;
		if (since != 0 && now - since >= g->header_timeout_ms)
			guard_shut(g, c);
		if (!c->doomed)
			live++;
	}
	while (live + g->reserve > g->max_connections) {
		oldest = NULL;
		for (c = g->head; c != NULL; c = c->guard_next) {
			since = c->waiting_since_ms;
			if (since != 0 && !c->doomed && (oldest == NULL ||
			    since < oldest->waiting_since_ms))
				oldest = c;
		}
		if (oldest == NULL)
			break;
		guard_shut(g, oldest);
		live--;
	}
}

static void *
guard_run(void *arg)
{
	struct guard *g = arg;
	struct timespec ts;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += GUARD_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
		if (!g->stopping)
			guard_sweep(g, clock_mono_ms());
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *
guard_start(unsigned max_connections, unsigned per_address,
    unsigned header_timeout_s, unsigned reserve)
{
	struct guard *g = xcalloc(1, sizeof *g);

	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	g->max_connections = max_connections;
	g->per_address = per_address;
	g->header_timeout_ms = (int64_t)header_timeout_s * 1000;
	g->reserve = reserve;
	if (pthread_create(&g->sweeper, NULL, guard_run, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

void
guard_stop(struct guard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->sweeper, NULL);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

bool
guard_admit(struct guard *g, const struct sockaddr *sa)
{
	uint8_t key[16];
	struct conn *c;
	unsigned n = 0;

	guard_prefix(sa, key);
	pthread_mutex_lock(&g->lock);
	/* A walk over at most max_connections; accepts are rare next to
	   requests on kept-alive connections. */
	for (c = g->head; c != NULL && n < g->per_address; c = c->guard_next)
		if (!c->doomed && memcmp(c->prefix, key, sizeof key) == 0)
			n++;
	pthread_mutex_unlock(&g->lock);
	return n < g->per_address;
}

void
guard_opened(struct guard *g, struct conn *conn, int fd,
    const struct sockaddr *sa)
{
	socklen_t len = sizeof conn->peer;

	conn->fd = fd;
	memset(&conn->peer, 0, sizeof conn->peer);
	if (fd < 0 || getpeername(fd, (struct sockaddr *)&conn->peer,
	    &len) != 0)
		conn->fd = -1;
	guard_prefix(sa, conn->prefix);
	conn->waiting_since_ms = clock_mono_ms();
	pthread_mutex_lock(&g->lock);
	conn->guard_prev = NULL;
	conn->guard_next = g->head;
	if (g->head != NULL)
		g->head->guard_prev = conn;
	g->head = conn;
	g->open++;
	pthread_mutex_unlock(&g->lock);
}

void
guard_closed(struct guard *g, struct conn *conn)
{
	pthread_mutex_lock(&g->lock);
	if (conn->guard_prev != NULL)
		conn->guard_prev->guard_next = conn->guard_next;
	else
		g->head = conn->guard_next;
	if (conn->guard_next != NULL)
		conn->guard_next->guard_prev = conn->guard_prev;
	g->open--;
	pthread_mutex_unlock(&g->lock);
}

void
guard_refuse(struct guard *g, struct conn *conn, unsigned status,
    const char *reason)
{
	char head[160];
	int len;

	len = snprintf(head, sizeof head, "HTTP/1.1 %u %s\r\nConnection: "
	    "close\r\nContent-Length: 0\r\n\r\n", status, reason);
	pthread_mutex_lock(&g->lock);
	/* A few bytes into an empty socket buffer: never blocks. */
	if (!conn->doomed && conn->fd >= 0 && len > 0 &&
	    (size_t)len < sizeof head)
		(void)!send(conn->fd, head, (size_t)len,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
	guard_shut(g, conn);
	pthread_mutex_unlock(&g->lock);
}

void
guard_header_done(struct conn *conn)
{
	conn->waiting_since_ms = 0;
}

void
guard_answer_done(struct conn *conn)
{
	if (!conn->doomed)
		conn->waiting_since_ms = clock_mono_ms();
}
