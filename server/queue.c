/* queue.c: a mutex+condvar ring of boot records and the thread that writes them in batches. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "server/metrics.h"
#include "server/queue.h"

#define QUEUE_BATCH_MAX		512
#define QUEUE_FLUSH_MS		200
/* A full disk fails every batch; say so now and then, not 5 times a second. */
#define QUEUE_ERROR_EVERY_MS	10000
/* How often the catalog's log_retention is re-read, when it is in force. */
#define QUEUE_SETTING_EVERY_MS	3000

struct event_queue {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct boot_record	*ring;
	size_t			 cap, head, count;
	bool			 stopping;
	pthread_t		 writer;
	struct catalog		*cat;
	int64_t			 retention;
	bool			 catalog_retention;	/* config left it unset */
	/* Writer thread only: the catalog's value (-1: none) and when read. */
	int64_t			 setting, setting_read_ms;
	struct boot_record	 batch[QUEUE_BATCH_MAX];
};

int64_t
event_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
queue_deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static int64_t
queue_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The retention in force: the configured one, or while config, environment
 * and flags leave it unset the catalog's log_retention (edited in the
 * console), re-read every few seconds so a change needs no restart.
 */
static int64_t
queue_retention(struct event_queue *q, bool from_catalog)
{
	int64_t now = queue_monotonic_ms();
	char *v = NULL, *end;
	long long r;

	if (!from_catalog)
		return q->retention;
	if (q->setting_read_ms == 0 ||
	    now - q->setting_read_ms >= QUEUE_SETTING_EVERY_MS) {
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

static void
queue_write(struct event_queue *q, size_t n, bool from_catalog,
    int64_t *last_error_ms, unsigned *suppressed)
{
	int64_t now;
	size_t i;
	int rc;

	rc = catalog_record(q->cat, q->batch, n,
	    queue_retention(q, from_catalog));
	if (rc == CATALOG_OK) {
		metrics_add(METRICS_WRITER_BATCHES, 1);
		metrics_add(METRICS_EVENTS_WRITTEN, n);
	} else {
		/* Dropped, not retried: serving boots matters more than the log. */
		metrics_add(METRICS_WRITER_ERRORS, 1);
		now = event_now_ms();
		if (now - *last_error_ms >= QUEUE_ERROR_EVERY_MS) {
			fprintf(stderr, "bootdeckd: cannot write %zu boot "
			    "events: %s (%u failed batches not reported)\n", n,
			    catalog_error(q->cat), *suppressed);
			*last_error_ms = now;
			*suppressed = 0;
		} else
			(*suppressed)++;
	}
	for (i = 0; i < n; i++)
		boot_record_clear(&q->batch[i]);
}

static void *
queue_writer(void *arg)
{
	struct event_queue *q = arg;
	int64_t last_error_ms = 0;
	unsigned suppressed = 0;
	struct timespec deadline;
	bool from_catalog;
	size_t n;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->count == 0 && !q->stopping)
			pthread_cond_wait(&q->wake, &q->lock);
		if (q->count == 0)
			break;
		/* Let a batch gather; a busy server fills it sooner. */
		queue_deadline(&deadline, QUEUE_FLUSH_MS);
		while (q->count < QUEUE_BATCH_MAX && !q->stopping)
			if (pthread_cond_timedwait(&q->wake, &q->lock,
			    &deadline) == ETIMEDOUT)
				break;
		for (n = 0; n < QUEUE_BATCH_MAX && q->count > 0; n++) {
			q->batch[n] = q->ring[q->head];
			memset(&q->ring[q->head], 0, sizeof q->ring[q->head]);
			q->head = (q->head + 1) % q->cap;
			q->count--;
		}
		metrics_gauge_set(METRICS_QUEUE_DEPTH, (int64_t)q->count);
		from_catalog = q->catalog_retention;
		pthread_mutex_unlock(&q->lock);
		queue_write(q, n, from_catalog, &last_error_ms, &suppressed);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int
event_queue_start(const char *db_path, int64_t retention, size_t capacity,
    struct event_queue **qp, char *err, size_t errlen)
{
	struct event_queue *q;
	pthread_condattr_t attr;
	int rc = -1;

	*qp = NULL;
	q = xcalloc(1, sizeof *q);
	q->cap = capacity > 0 ? capacity : 1;
	q->ring = xcalloc(q->cap, sizeof *q->ring);
	q->retention = retention;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (catalog_open(db_path, 0, &q->cat, err, errlen) != CATALOG_OK)
		goto out;
	if (pthread_create(&q->writer, NULL, queue_writer, q) != 0) {
		snprintf(err, errlen, "cannot start the log writer thread");
		goto out;
	}
	*qp = q;
	rc = 0;
out:
	if (rc != 0) {
		catalog_close(q->cat);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->lock);
		free(q->ring);
		free(q);
	}
	return rc;
}

void
event_queue_push(struct event_queue *q, struct boot_record *r)
{
	bool dropped = false;

	pthread_mutex_lock(&q->lock);
	if (q->count == q->cap || q->stopping)
		dropped = true;
	else {
		q->ring[(q->head + q->count) % q->cap] = *r;
		memset(r, 0, sizeof *r);
		q->count++;
		metrics_gauge_set(METRICS_QUEUE_DEPTH, (int64_t)q->count);
		if (q->count == 1 || q->count == QUEUE_BATCH_MAX)
			pthread_cond_signal(&q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	if (dropped) {
		metrics_add(METRICS_EVENTS_DROPPED, 1);
		boot_record_clear(r);
	} else
		metrics_add(METRICS_EVENTS_QUEUED, 1);
}

void
event_queue_retention_from_catalog(struct event_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->catalog_retention = true;
	pthread_mutex_unlock(&q->lock);
}

void
event_queue_stop(struct event_queue *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->writer, NULL);
	catalog_close(q->cat);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	free(q->ring);
	free(q);
}
