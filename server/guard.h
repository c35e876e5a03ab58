/* guard.h: who may connect and for how long a request header may take: no lock-out by a few addresses. */
#ifndef BOOTDECK_GUARD_H
#define BOOTDECK_GUARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct guard;
struct conn;

/*
 * header_timeout_s: the longest a connection may wait for, or trickle,
 * a whole request header (from its opening or its last answer);
 * per_address: connections at most from one IPv4 address or IPv6 /64;
 * reserve: free slots below max_connections kept for new clients by
 * closing the connections that have waited longest for a header.
 */
struct guard *guard_start(unsigned max_connections, unsigned per_address,
    unsigned header_timeout_s, unsigned reserve);
void guard_stop(struct guard *g);
/* MHD's accept policy: false when the address (or /64) is at its cap. */
bool guard_admit(struct guard *g, const struct sockaddr *sa);
/* The connection opened / closed (before MHD closes its socket). */
void guard_opened(struct guard *g, struct conn *conn, int fd,
    const struct sockaddr *sa);
void guard_closed(struct guard *g, struct conn *conn);
/*
 * Answers "status" (a status line, Connection: close, no body) on the
 * connection's socket and shuts it: for requests libmicrohttpd gives up on
 * without sending anything.
 */
void guard_refuse(struct guard *g, struct conn *conn, unsigned status,
    const char *reason);
/* A request header arrived / its answer is done: the wait starts anew. */
void guard_header_done(struct conn *conn);
void guard_answer_done(struct conn *conn);

#endif
