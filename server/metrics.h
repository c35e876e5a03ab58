/* metrics.h: bootdeckd's counters and gauges, lock-free, in Prometheus text format. */
#ifndef BOOTDECK_METRICS_H
#define BOOTDECK_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "common/strbuf.h"

enum metrics_route {
	METRICS_ROUTE_BOOT,
	METRICS_ROUTE_ENTRY,
	METRICS_ROUTE_IMAGES,
	METRICS_ROUTE_IPXE,
	METRICS_ROUTE_HEALTHZ,
	METRICS_ROUTE_METRICS,
	METRICS_ROUTE_OTHER,	/* unknown paths and methods */
	METRICS_ROUTE_COUNT
};

enum metrics_counter {
	METRICS_BYTES_SENT,
	METRICS_RANGE_REQUESTS,
	METRICS_RANGE_416,
	METRICS_EVENTS_QUEUED,
	METRICS_EVENTS_DROPPED,
	METRICS_EVENTS_WRITTEN,
	METRICS_WRITER_BATCHES,
	METRICS_WRITER_ERRORS,
	METRICS_JOURNAL_WRITES,
	METRICS_JOURNAL_ERRORS,
	METRICS_ISO_READS,
	METRICS_COUNTER_COUNT
};

enum metrics_gauge {
	METRICS_OPEN_CONNECTIONS,
	METRICS_QUEUE_DEPTH,
	METRICS_JOURNAL_PENDING,
	METRICS_GAUGE_COUNT
};

void metrics_request(enum metrics_route route, unsigned status);
void metrics_add(enum metrics_counter c, uint64_t n);
uint64_t metrics_get(enum metrics_counter c);
void metrics_gauge_add(enum metrics_gauge g, int64_t delta);
void metrics_gauge_set(enum metrics_gauge g, int64_t value);
/* Appends the exposition text for every metric. */
void metrics_format(struct strbuf *sb);

#endif
