/* transfer.c: summing image bytes per connection so the log gets one record per ~500 ms, not per Range. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "server/queue.h"
#include "server/server.h"

#define TRANSFER_PUSH_MS 500

static int64_t
transfer_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
transfer_flush(struct conn *conn)
{
	struct transfer *x = &conn->xfer;
	struct boot_record r;

	if (!x->active || x->requests == 0)
		return;
	memset(&r, 0, sizeof r);
	r.kind = RECORD_TRANSFER;
	r.ts_ms = event_now_ms();
	memcpy(r.mac, x->mac, sizeof r.mac);
	memcpy(r.ip, conn->ip, sizeof r.ip);
	r.path = xstrdup(x->path);
	r.bytes = x->bytes;
	r.requests = x->requests;
	r.size = x->size;
	event_queue_push(conn->srv->queue, &r);
	x->bytes = 0;
	x->requests = 0;
	x->since_ms = transfer_clock_ms();
}

void
transfer_add(struct conn *conn, const char *mac, const char *path,
    int64_t size, int64_t bytes)
{
	struct transfer *x = &conn->xfer;

	if (!x->active || strcmp(x->mac, mac) != 0 ||
	    strcmp(x->path, path) != 0) {
		transfer_flush(conn);
		x->active = true;
		snprintf(x->mac, sizeof x->mac, "%s", mac);
		snprintf(x->path, sizeof x->path, "%s", path);
		x->since_ms = transfer_clock_ms();
	}
	x->size = size;
	x->bytes += bytes;
	x->requests++;
	if (transfer_clock_ms() - x->since_ms >= TRANSFER_PUSH_MS)
		transfer_flush(conn);
}
