/* metrics.c: process-wide counters with relaxed atomics: the hot path pays one add. */
#include "config.h"

#include "server/metrics.h"

static _Atomic uint64_t metrics_requests[METRICS_ROUTE_COUNT][6];
static _Atomic uint64_t metrics_counters[METRICS_COUNTER_COUNT];
static _Atomic int64_t metrics_gauges[METRICS_GAUGE_COUNT];

static const char *const metrics_route_names[METRICS_ROUTE_COUNT] = {
	[METRICS_ROUTE_BOOT] = "boot",
	[METRICS_ROUTE_ENTRY] = "entry",
	[METRICS_ROUTE_IMAGES] = "images",
	[METRICS_ROUTE_IPXE] = "ipxe",
	[METRICS_ROUTE_HEALTHZ] = "healthz",
	[METRICS_ROUTE_METRICS] = "metrics",
	[METRICS_ROUTE_OTHER] = "other",
};

static const struct metrics_def {
	const char	*name;
	const char	*help;
} metrics_counter_defs[METRICS_COUNTER_COUNT] = {
	[METRICS_BYTES_SENT] = { "bootdeckd_bytes_sent_total",
	    "Response body bytes queued for sending." },
	[METRICS_RANGE_REQUESTS] = { "bootdeckd_range_requests_total",
	    "Image requests answered 206." },
	[METRICS_RANGE_416] = { "bootdeckd_range_not_satisfiable_total",
	    "Image requests answered 416." },
	[METRICS_EVENTS_QUEUED] = { "bootdeckd_events_queued_total",
	    "Boot events put on the writer queue." },
	[METRICS_EVENTS_DROPPED] = { "bootdeckd_events_dropped_total",
	    "Boot events dropped: the queue was full, or the catalog refused "
	    "them for good, or it could not be written when stopping." },
	[METRICS_EVENTS_WRITTEN] = { "bootdeckd_events_written_total",
	    "Boot events committed to the catalog." },
	[METRICS_WRITER_BATCHES] = { "bootdeckd_writer_batches_total",
	    "Batches committed by the log writer." },
	[METRICS_WRITER_ERRORS] = { "bootdeckd_writer_errors_total",
	    "Tries of the log writer that failed to commit (it retries)." },
	[METRICS_JOURNAL_WRITES] = { "bootdeckd_journal_writes_total",
	    "Next-boot consumptions written and synced to the journal." },
	[METRICS_JOURNAL_ERRORS] = { "bootdeckd_journal_errors_total",
	    "Next-boot consumptions the journal could not keep (full or "
	    "failing): kept in memory only." },
	[METRICS_ISO_READS] = { "bootdeckd_iso_reads_total",
	    "ISO directory trees read: once per version of an ISO in the cache." },
}, metrics_gauge_defs[METRICS_GAUGE_COUNT] = {
	[METRICS_OPEN_CONNECTIONS] = { "bootdeckd_open_connections",
	    "HTTP connections currently open." },
	[METRICS_QUEUE_DEPTH] = { "bootdeckd_queue_depth",
	    "Boot events waiting for the writer." },
	[METRICS_JOURNAL_PENDING] = { "bootdeckd_journal_pending",
	    "Next-boot consumptions served and not yet in the catalog." },
};

void
metrics_request(enum metrics_route route, unsigned status)
{
	unsigned class = status / 100;

	if (class > 5)
		class = 0;
	atomic_fetch_add_explicit(&metrics_requests[route][class], 1,
	    memory_order_relaxed);
}

void
metrics_add(enum metrics_counter c, uint64_t n)
{
	atomic_fetch_add_explicit(&metrics_counters[c], n,
	    memory_order_relaxed);
}

uint64_t
metrics_get(enum metrics_counter c)
{
	return atomic_load_explicit(&metrics_counters[c], memory_order_relaxed);
}

void
metrics_gauge_add(enum metrics_gauge g, int64_t delta)
{
	atomic_fetch_add_explicit(&metrics_gauges[g], delta,
	    memory_order_relaxed);
}

void
metrics_gauge_set(enum metrics_gauge g, int64_t value)
{
	atomic_store_explicit(&metrics_gauges[g], value, memory_order_relaxed);
}

void
metrics_format(struct strbuf *sb)
{
	unsigned r, c;

	strbuf_adds(sb, "# HELP bootdeckd_requests_total HTTP requests "
	    "answered, by route and status class.\n"
	    "# TYPE bootdeckd_requests_total counter\n");
	for (r = 0; r < METRICS_ROUTE_COUNT; r++)
		for (c = 1; c <= 5; c++)
			strbuf_addf(sb, "bootdeckd_requests_total{route=\"%s\","
			    "status=\"%uxx\"} %llu\n", metrics_route_names[r], c,
			    (unsigned long long)atomic_load_explicit(
			    &metrics_requests[r][c], memory_order_relaxed));
	for (c = 0; c < METRICS_COUNTER_COUNT; c++)
		strbuf_addf(sb, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
		    metrics_counter_defs[c].name, metrics_counter_defs[c].help,
		    metrics_counter_defs[c].name, metrics_counter_defs[c].name,
		    (unsigned long long)atomic_load_explicit(
		    &metrics_counters[c], memory_order_relaxed));
	for (c = 0; c < METRICS_GAUGE_COUNT; c++)
		strbuf_addf(sb, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n",
		    metrics_gauge_defs[c].name, metrics_gauge_defs[c].help,
		    metrics_gauge_defs[c].name, metrics_gauge_defs[c].name,
		    (long long)atomic_load_explicit(&metrics_gauges[c],
		    memory_order_relaxed));
}
