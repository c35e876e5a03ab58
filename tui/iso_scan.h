/* iso_scan.h: the ISOs in the images directory, read for `bootdeck scan` and the console's "add from images". */
#ifndef BOOTDECK_ISO_SCAN_H
#define BOOTDECK_ISO_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"

/* What one ISO is: read once, then printed, added, checked. */
struct iso_scan_item {
	char		*rel;		/* below the images root */
	int64_t		 size;
	/* .disk/info's first line, or the volume id */
	char		*label;
	char		*recipe;	/* the family, or NULL */
	/* unreadable, not ISO 9660...; NULL: fine */
	char		*problem;
	/* a family's kernel missing, the 2 GiB limit */
	char		*note;
	char		*users;		/* entries using it, or NULL */
	char		*checksum;	/* --checksums: "ok", "MISMATCH"... */
};

struct iso_scan {
	const char		*root;
	struct iso_scan_item	*v;
	size_t			 n, cap;
	/* the first directory that failed */
	char			*walk_error;
};

/*
 * Every *.iso (any case) below root, sorted by path, symlinks not
 * followed: each read once for its label, recipe and problems, and matched
 * with the entries v that use it. Returns 0, or -1 with s->walk_error set
 * when a directory cannot be read. Free s either way.
 */
int iso_scan_run(struct iso_scan *s, const char *root, const struct entry *v,
    size_t n);
void iso_scan_free(struct iso_scan *s);
/* An entry name from the ISO's file name ("debian-live-12.8.0-amd64"),
   with "-2", "-3"... when one of v has it already. Caller frees. */
char *iso_scan_entry_name(const char *rel, const struct entry *v, size_t n);

#endif
