/* lint_memo.h: what the lint found in each ISO file, by the file's version, so that a console linting every few seconds parses an unchanged ISO once. */
#ifndef BOOTDECK_LINT_MEMO_H
#define BOOTDECK_LINT_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/*
 * A verdict depends only on the file's bytes, so it is keyed by what
 * changes when they do: device, inode, size, mtime and ctime (a new
 * download renamed over the old one is a new inode; a rewrite in place
 * a new mtime and ctime). Two entries naming one file share its verdict.
 * A file has one verdict on the ISO as a whole (inner NULL: its recipe)
 * and one for each path inside it that entries name (ISO/INNER).
 */
struct lint_memo;

/* What the lint derives from reading one ISO file. */
struct lint_memo_verdict {
	bool		 parsed;	/* read as ISO 9660 */
	/* inner NULL: iso_plan_make's 0, -1, -2; -2 when not parsed */
	int		 plan;
	/* inner set: a file (no directory) is there, of this size */
	bool		 found;
	int64_t		 size;
	/* why not parsed, or why no recipe fits; "" when it does */
	const char	*why;
};

/* Counters for tests and benchmarks: lookups answered, and not. */
struct lint_memo_counts {
	size_t		 hits;
	size_t		 misses;
	size_t		 entries;	/* verdicts held now */
};

struct lint_memo *lint_memo_new(void);
void lint_memo_free(struct lint_memo *m);

/*
 * A lint run is one round: lint_memo_begin, then lookups and stores, then
 * lint_memo_end, which drops every verdict that round did not use (files
 * gone, replaced, or no longer named by an enabled ISO entry). So the
 * memo never holds more than the catalog's ISO files at one time.
 */
void lint_memo_begin(struct lint_memo *m);
void lint_memo_end(struct lint_memo *m);

/* The verdict for the file version st (on inner in it, or NULL: on the
   ISO), valid until the next store or lint_memo_end; NULL (a miss) when
   it has none. */
const struct lint_memo_verdict *lint_memo_get(struct lint_memo *m,
    const struct stat *st, const char *inner);
/* Remembers v (copied) for the file version st and inner. */
void lint_memo_put(struct lint_memo *m, const struct stat *st,
    const char *inner, const struct lint_memo_verdict *v);

void lint_memo_counts(const struct lint_memo *m, struct lint_memo_counts *c);

#endif
