/* queue.h: the bounded event queue between HTTP workers and the one catalog writer. */
#ifndef BOOTDECK_QUEUE_H
#define BOOTDECK_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"

struct event_queue;

/*
 * Opens a catalog connection of its own and starts the writer thread,
 * which commits queued records in batches (every ~200 ms, or sooner when a
 * batch fills) with catalog_record and the retention limit. Returns 0, or
 * -1 with a one-line reason in err.
 */
int event_queue_start(const char *db_path, int64_t retention,
    size_t capacity, struct event_queue **qp, char *err, size_t errlen);
/*
 * For when flags, environment and config file leave the retention unset:
 * the catalog's log_retention setting (edited in the console), re-read
 * every few seconds, then overrides the retention given to start.
 */
void event_queue_retention_from_catalog(struct event_queue *q);
/*
 * Takes r's contents (r is left cleared). Never blocks on the writer: when
 * the queue is full the record is dropped and counted.
 */
void event_queue_push(struct event_queue *q, struct boot_record *r);
/* Writes everything still queued, stops the writer, frees q; NULL is fine. */
void event_queue_stop(struct event_queue *q);

/* Unix time in milliseconds, for records. */
int64_t event_now_ms(void);

#endif
