/* writer.c: the catalog writer: a ring of boot records and the thread that commits them in batches, retrying. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "server/journal.h"
#include "server/metrics.h"
#include "server/writer.h"

#define WRITER_BATCH_MAX		512
#define WRITER_FLUSH_MS		200
/* A full disk fails every try; say so now and then, not 5 times a second. */
#define WRITER_ERROR_EVERY_MS	10000
/* After a failed try the writer waits this long, doubled up to the most. */
#define WRITER_RETRY_MIN_MS	250
#define WRITER_RETRY_MAX_MS	5000
/* How often the catalog's log_retention is re-read, when it is in force. */
#define WRITER_SETTING_EVERY_MS	3000

struct writer {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	pthread_cond_t		 tried;		/* after each write try */
	/* Held while a record that changes state is journaled and queued:
	   the journal's order is the queue's, so the catalog's mark of the
	   last record stored says which are stored. */
	pthread_mutex_t		 state_lock;
	struct boot_record	*ring;
	size_t			 cap, head, count;
	bool			 stopping;
	bool			 writing;	/* a try is under way */
	size_t			 held;		/* records of a failed try kept */
	uint64_t		 failures;	/* tries that failed */
	pthread_t		 writer;
	struct catalog		*cat;
	struct journal		*journal;
	int64_t			 retention;
	bool			 catalog_retention;	/* config left it unset */
	/* Writer thread only: the catalog's value (-1: none) and when read. */
	int64_t			 setting, setting_read_ms;
	struct boot_record	 batch[WRITER_BATCH_MAX];
};

/* Writer thread only: failures in a row, what is reported, the next wait. */
struct writer_trouble {
	unsigned	 tries;
	unsigned	 unreported;
	int64_t		 last_report_ms;
	long		 backoff_ms;
};

static void
writer_deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/*
 * The retention in force: the configured one, or while config, environment
 * and flags leave it unset the catalog's log_retention (edited in the
 * console), re-read every few seconds so a change needs no restart.
 */
static int64_t
writer_retention(struct writer *q, bool from_catalog)
{
	int64_t now = clock_mono_ms();
	char *v = NULL, *end;
	long long r;

	if (!from_catalog)
		return q->retention;
	if (q->setting_read_ms == 0 ||
	    now - q->setting_read_ms >= WRITER_SETTING_EVERY_MS) {
		q->setting_read_ms = now;
		q->setting = -1;
		if (catalog_setting_get(q->cat, CATALOG_SETTING_LOG_RETENTION,
		    &v) == CATALOG_OK && v != NULL && *v != '\0') {
			errno = 0;
			r = strtoll(v, &end, 10);
			if (errno == 0 && *end == '\0' && r >= 0)
				q->setting = r;
		}
		free(v);
	}
	return q->setting >= 0 ? q->setting : q->retention;
}

/*
 * Failures that pass: the lock, the disk, a file made read-only or
 * damaged that the admin puts right. The others come from the batch
 * itself and would come again.
 */
static bool
writer_retryable(int status)
{
	return status == CATALOG_BUSY || status == CATALOG_ERROR ||
	    status == CATALOG_READONLY || status == CATALOG_CORRUPT;
}

/* Drops the log events of batch[0..n), keeps the state changes in order. */
static size_t
writer_keep_state(struct writer *q, size_t n, size_t *dropped)
{
	size_t i, kept = 0;

	*dropped = 0;
	for (i = 0; i < n; i++) {
		if (boot_record_changes_state(&q->batch[i]))
			q->batch[kept++] = q->batch[i];
		else {
			boot_record_clear(&q->batch[i]);
			(*dropped)++;
		}
	}
	memset(q->batch + kept, 0, (n - kept) * sizeof q->batch[0]);
	metrics_add(METRICS_EVENTS_DROPPED, *dropped);
	return kept;
}

static size_t
writer_count_state(const struct boot_record *v, size_t n)
{
	size_t i, states = 0;

	for (i = 0; i < n; i++)
		states += boot_record_changes_state(&v[i]);
	return states;
}

/*
 * Commits batch[0..n) and returns how many records are still to be
 * written: 0, or after a failure the batch (the state changes only, when
 * the failure is the batch's own), tried again after a wait. Log events
 * are dropped only then, when the queue overflows meanwhile, or at stop.
 */
static size_t
writer_write(struct writer *q, size_t n, bool from_catalog,
    struct writer_trouble *t)
{
	size_t i, dropped = 0;
	int64_t now, seq = 0;
	int rc;

	rc = catalog_record(q->cat, q->batch, n,
	    writer_retention(q, from_catalog));
	if (rc == CATALOG_OK) {
		metrics_add(METRICS_WRITER_BATCHES, 1);
		metrics_add(METRICS_EVENTS_WRITTEN, n);
		for (i = 0; i < n; i++) {
			if (q->batch[i].journal_seq > seq)
				seq = q->batch[i].journal_seq;
			boot_record_clear(&q->batch[i]);
		}
		if (seq != 0 && q->journal != NULL)
			journal_done(q->journal, seq);
		if (t->tries > 0)
			fprintf(stderr, "bootdeckd: catalog written again, "
			    "after %u failed tr%s\n", t->tries,
			    t->tries == 1 ? "y" : "ies");
		t->tries = 0;
		t->backoff_ms = 0;
		return 0;
	}
	metrics_add(METRICS_WRITER_ERRORS, 1);
	t->tries++;
	t->backoff_ms = t->backoff_ms == 0 ? WRITER_RETRY_MIN_MS :
	    t->backoff_ms * 2 > WRITER_RETRY_MAX_MS ? WRITER_RETRY_MAX_MS :
	    t->backoff_ms * 2;
	if (!writer_retryable(rc))
		n = writer_keep_state(q, n, &dropped);
	now = clock_wall_ms();
	if (now - t->last_report_ms >= WRITER_ERROR_EVERY_MS) {
		fprintf(stderr, "bootdeckd: cannot write %zu boot events (%zu "
		    "next-boot consumptions): %s; %s (%llu events dropped so "
		    "far, %u failures not reported)\n", n + dropped,
		    writer_count_state(q->batch, n), catalog_error(q->cat),
		    dropped > 0 ? "retrying the consumptions, the rest dropped" :
		    "retrying",
		    (unsigned long long)metrics_get(METRICS_EVENTS_DROPPED),
		    t->unreported);
		t->last_report_ms = now;
		t->unreported = 0;
	} else
		t->unreported++;
	return n;
}

/*
 * Stopping, and the catalog still cannot be written: whatever is left
 * goes. Consumptions stay in the journal, which the next start replays.
 * Called with q->lock held.
 */
static void
writer_give_up(struct writer *q, size_t n)
{
	size_t i, states, lost = 0, total = n + q->count;

	states = writer_count_state(q->batch, n);
	for (i = 0; i < n; i++)
		boot_record_clear(&q->batch[i]);
	for (; q->count > 0; q->count--) {
		states += boot_record_changes_state(&q->ring[q->head]);
		boot_record_clear(&q->ring[q->head]);
		q->head = (q->head + 1) % q->cap;
	}
	if (q->journal != NULL)
		journal_pending(q->journal, &lost);
	metrics_add(METRICS_EVENTS_DROPPED, total - states);
	fprintf(stderr, "bootdeckd: stopping with %zu boot events not written "
	    "(%s); the %zu next-boot consumptions among them are written at "
	    "the next start, from the journal%s\n", total,
	    catalog_error(q->cat), states, lost > 0 ?
	    " (those kept in memory only are lost)" : "");
}

/* Fills batch[n..] from the ring, oldest first. */
static size_t
writer_take(struct writer *q, size_t n)
{
	for (; n < WRITER_BATCH_MAX && q->count > 0; n++) {
		q->batch[n] = q->ring[q->head];
		memset(&q->ring[q->head], 0, sizeof q->ring[q->head]);
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
	metrics_gauge_set(METRICS_QUEUE_DEPTH, (int64_t)q->count);
	return n;
}

static void *
writer_run(void *arg)
{
	struct writer *q = arg;
	struct writer_trouble t = { 0 };
	struct timespec deadline;
	bool from_catalog;
	size_t n = 0;	/* records in q->batch: a failed try's, kept */

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->count == 0 && n == 0 && !q->stopping)
			pthread_cond_wait(&q->wake, &q->lock);
		if (q->count == 0 && n == 0)
			break;
		/* Let a batch gather (a busy server fills it sooner), or after
		   a failure wait before the next try; stopping cuts both. */
		writer_deadline(&deadline, n == 0 ? WRITER_FLUSH_MS :
		    t.backoff_ms);
		while ((n > 0 || q->count < WRITER_BATCH_MAX) && !q->stopping)
			if (pthread_cond_timedwait(&q->wake, &q->lock,
			    &deadline) == ETIMEDOUT)
				break;
		n = writer_take(q, n);
		from_catalog = q->catalog_retention;
		q->writing = true;
		pthread_mutex_unlock(&q->lock);
		n = writer_write(q, n, from_catalog, &t);
		pthread_mutex_lock(&q->lock);
		q->writing = false;
		q->held = n;
		q->failures += n > 0;
		pthread_cond_broadcast(&q->tried);
		if (n > 0 && q->stopping) {
			writer_give_up(q, n);
			q->held = n = 0;
			break;
		}
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int
writer_start(const char *db_path, int64_t retention, size_t capacity,
    struct journal *journal, struct writer **qp, char *err,
    size_t errlen)
{
	struct writer *q;
	pthread_condattr_t attr;
	int rc = -1;

	*qp = NULL;
	q = xcalloc(1, sizeof *q);
	q->cap = capacity > 0 ? capacity : 1;
	q->ring = xcalloc(q->cap, sizeof *q->ring);
	q->retention = retention;
	q->journal = journal;
	pthread_mutex_init(&q->lock, NULL);
	pthread_mutex_init(&q->state_lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&q->tried, NULL);
	if (catalog_open(db_path, 0, &q->cat, err, errlen) != CATALOG_OK)
		goto out;
	if (pthread_create(&q->writer, NULL, writer_run, q) != 0) {
		snprintf(err, errlen, "cannot start the log writer thread");
		goto out;
	}
	*qp = q;
	rc = 0;
out:
	if (rc != 0) {
		catalog_close(q->cat);
		pthread_cond_destroy(&q->tried);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->state_lock);
		pthread_mutex_destroy(&q->lock);
		free(q->ring);
		free(q);
	}
	return rc;
}

/* Doubles the ring, for a state change that finds it full. */
static void
writer_grow(struct writer *q)
{
	struct boot_record *ring = xcalloc(q->cap * 2, sizeof *ring);
	size_t i;

	for (i = 0; i < q->count; i++)
		ring[i] = q->ring[(q->head + i) % q->cap];
	free(q->ring);
	q->ring = ring;
	q->head = 0;
	q->cap *= 2;
}

void
writer_push(struct writer *q, struct boot_record *r)
{
	bool state = boot_record_changes_state(r), dropped = false;

	if (state) {
		pthread_mutex_lock(&q->state_lock);
		/* Replayed records are in the journal already. */
		if (r->journal_seq == 0 && q->journal != NULL)
			journal_append(q->journal, r);
	}
	pthread_mutex_lock(&q->lock);
	if (q->stopping || (q->count == q->cap && !state))
		dropped = true;
	else {
		if (q->count == q->cap)
			writer_grow(q);
		q->ring[(q->head + q->count) % q->cap] = *r;
		memset(r, 0, sizeof *r);
		q->count++;
		metrics_gauge_set(METRICS_QUEUE_DEPTH, (int64_t)q->count);
		if (q->count == 1 || q->count == WRITER_BATCH_MAX)
			pthread_cond_signal(&q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	if (state)
		pthread_mutex_unlock(&q->state_lock);
	if (dropped) {
		/* A state change pushed this late waits in the journal. */
		if (!state)
			metrics_add(METRICS_EVENTS_DROPPED, 1);
		boot_record_clear(r);
	} else
		metrics_add(METRICS_EVENTS_QUEUED, 1);
}

int
writer_settle(struct writer *q)
{
	uint64_t failures;
	int rc;

	pthread_mutex_lock(&q->lock);
	failures = q->failures;
	while ((q->count > 0 || q->held > 0 || q->writing) &&
	    q->failures == failures)
		pthread_cond_wait(&q->tried, &q->lock);
	rc = q->failures == failures ? 0 : -1;
	pthread_mutex_unlock(&q->lock);
	return rc;
}

void
writer_retention_from_catalog(struct writer *q)
{
	pthread_mutex_lock(&q->lock);
	q->catalog_retention = true;
	pthread_mutex_unlock(&q->lock);
}

void
writer_stop(struct writer *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->writer, NULL);
	catalog_close(q->cat);
	pthread_cond_destroy(&q->tried);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->state_lock);
	pthread_mutex_destroy(&q->lock);
	free(q->ring);
	free(q);
}
