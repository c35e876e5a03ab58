/* queue.h: the bounded event queue between HTTP workers and the one catalog writer. */
#ifndef BOOTDECK_QUEUE_H
#define BOOTDECK_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"

struct event_queue;
struct journal;

/*
 * Opens a catalog connection of its own and starts the writer thread,
 * which commits queued records in batches (every ~200 ms, or sooner when a
 * batch fills) with catalog_record and the retention limit. A batch that
 * fails is tried again, after a wait that grows from 250 ms to 5 s, until
 * it is written; only if the catalog refuses it for good (not a lock, a
 * full disk or a damaged file) are its log events dropped, and its state
 * changes still retried. journal (may be NULL) keeps those state changes
 * across a crash. Returns 0, or -1 with a one-line reason in err.
 */
int event_queue_start(const char *db_path, int64_t retention,
    size_t capacity, struct journal *journal, struct event_queue **qp,
    char *err, size_t errlen);
/*
 * For when flags, environment and config file leave the retention unset:
 * the catalog's log_retention setting (edited in the console), re-read
 * every few seconds, then overrides the retention given to start.
 */
void event_queue_retention_from_catalog(struct event_queue *q);
/*
 * Takes r's contents (r is left cleared). Never blocks on the writer: when
 * the queue is full a log event is dropped and counted. A record that
 * changes state (boot_record_changes_state) is never dropped: unless it
 * has a journal_seq already (a replay), it is first appended to the
 * journal, synced, so that once this returns a crash does not lose it.
 */
void event_queue_push(struct event_queue *q, struct boot_record *r);
/*
 * Waits until everything pushed so far is written (0) or the writer's
 * next try failed (-1: it goes on retrying). For the replay at start.
 */
int event_queue_settle(struct event_queue *q);
/*
 * Writes everything still queued, stops the writer, frees q; NULL is fine.
 * When the catalog cannot be written even then (one more try), what is
 * left is dropped, said in one line; consumptions stay in the journal.
 */
void event_queue_stop(struct event_queue *q);

#endif
