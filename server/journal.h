/* journal.h: next-boot consumptions kept in a file beside the catalog until the catalog has them. */
#ifndef BOOTDECK_JOURNAL_H
#define BOOTDECK_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"

/*
 * The file is the catalog's path plus JOURNAL_SUFFIX, with the catalog's
 * mode and owner. It is made whole when it is made: slots of
 * JOURNAL_SLOT_SIZE bytes, written with zeros, so that recording a
 * consumption later overwrites blocks the file already has and never
 * grows it (a full disk does not stop it). Slot 0 is the header: magic,
 * version, slot size, number of slots, CRC-32. Record number S (counted
 * from 1, never reused) goes to slot 1 + (S - 1) % slots and holds the
 * RECORD_ENTRY, the catalog's identity and a CRC-32 of the slot; a slot
 * of zeros is empty. A slot is reused only once its record is in the
 * catalog. Integers are little-endian.
 */
#define JOURNAL_SUFFIX		".journal"
#define JOURNAL_SLOT_SIZE	256
#define JOURNAL_SLOTS		4096	/* 1 MiB: consumptions waiting at most */

struct journal;

/*
 * Opens the journal of the catalog at catalog_path, or makes it (with
 * slots slots; an existing file keeps its own), and takes an exclusive
 * lock on it: one bootdeckd per catalog. Records of this catalog
 * (catalog_id) numbered above applied (the catalog's mark) are kept for
 * journal_replay; a damaged slot (a write cut short by a crash), records
 * of another catalog and a file cut short are each reported in one
 * stderr line and otherwise ignored. Returns 0, or -1 with a one-line
 * reason in err: a file that is not a journal (left untouched), a newer
 * format, a lock held by another process, an I/O error.
 */
int journal_open(const char *catalog_path, const char *catalog_id,
    int64_t applied, size_t slots, struct journal **jp, char *err,
    size_t errlen);
/* Closes and frees; NULL is fine. Records not yet written stay in the file. */
void journal_close(struct journal *j);
const char *journal_path(const struct journal *j);

/*
 * The records found at open that the catalog lacks, oldest first, each
 * with its journal_seq; the caller owns them (boot_record_clear each, then
 * free v). They are pending (see journal_mask) until journal_done.
 */
size_t journal_replay(struct journal *j, struct boot_record **v);

/*
 * Numbers r (r->journal_seq), writes it to its slot and syncs the data
 * before returning, so a client may be told once this returns. Returns 0,
 * or -1 when it could not (the file failing, or every slot waiting for
 * the catalog): said on stderr, and r stays pending in memory only.
 * Callers serialize appends, in the order the records are to be written.
 */
int journal_append(struct journal *j, struct boot_record *r);
/* Every record numbered up to seq is in the catalog now. */
void journal_done(struct journal *j, int64_t seq);
/* Consumptions appended (or replayed) and not yet done; those of them
   that are in memory only. */
size_t journal_pending(struct journal *j, size_t *unsaved);

/* Raised by each journal_done that takes records out of pending. */
uint64_t journal_generation(struct journal *j);
/*
 * Clears bv's next boot when a pending consumption used it up: the one
 * the catalog still shows at the host's rev of that boot. Until it is
 * written, the same client is not sent to its one-shot entry again.
 * since is journal_generation() from before bv was read: when records
 * were done in between, bv may predate a consumption that is pending no
 * more, so nothing is masked and false says to read bv again.
 */
bool journal_mask(struct journal *j, struct boot_view *bv, uint64_t since);

#endif
