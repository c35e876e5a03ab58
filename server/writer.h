/* writer.h: the catalog writer: a bounded queue of boot records from HTTP workers, and the one thread that writes them. */
#ifndef BOOTDECK_WRITER_H
#define BOOTDECK_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"

struct writer;
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
int writer_start(const char *db_path, int64_t retention,
    size_t capacity, struct journal *journal, struct writer **qp,
    char *err, size_t errlen);
/*
 * For when flags, environment and config file leave the retention unset:
 * the catalog's log_retention setting (edited in the console), re-read
 * every few seconds, then overrides the retention given to start.
 */
void writer_retention_from_catalog(struct writer *q);
/*
 * Takes r's contents (r is left cleared). Never blocks on the writer: when
 * the queue is full a log event is dropped and counted. A record that
 * changes state (boot_record_changes_state) is never dropped: unless it
 * has a journal_seq already (a replay), it is first appended to the
 * journal, synced, so that once this returns a crash does not lose it.
 */
void writer_push(struct writer *q, struct boot_record *r);
/*
 * Waits until everything pushed so far is written (0) or the writer's
 * next try failed (-1: it goes on retrying). For the replay at start.
 */
int writer_settle(struct writer *q);
/*
 * Writes everything still queued, stops the writer, frees q; NULL is fine.
 * When the catalog cannot be written even then (one more try), what is
 * left is dropped, said in one line; consumptions stay in the journal.
 */
void writer_stop(struct writer *q);

#endif
