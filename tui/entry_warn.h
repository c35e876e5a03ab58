/* entry_warn.h: what the CLI and the console both say about an entry that is valid but will not work as typed. */
#ifndef BOOTDECK_ENTRY_WARN_H
#define BOOTDECK_ENTRY_WARN_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "db/catalog.h"

/*
 * An entry may name an image before it is copied in, and a title may
 * hold what the iPXE menu cannot show: both are saved, with a warning
 * worded here once for every front end (`bootdeck entry add|set`, which
 * refuses instead with --strict, and the console's entry form).
 */

/* "no file 'PATH' under DIR" when path is an image PATH (not a URL) that
   dir lacks, then true; false (buf "") when it is there, a URL, empty,
   or there is no dir to look in. */
bool entry_warn_image(const char *dir, const char *path, char *buf,
    size_t len);
/* "clients will see 'TEXT'" when the menu shows title otherwise
   (ipxe/sanitize.h: non-ASCII spelled in ASCII, '$' and a leading '#'
   replaced, blanks squeezed), then true; false (buf "") otherwise. */
bool entry_warn_title(const char *title, char *buf, size_t len);
/* Every warning for e, the title's first, one per line ("title: ...",
   "iso: ...", "initrd: ..."), appended to sb; returns how many. */
size_t entry_warn_all(const char *dir, const struct entry *e,
    struct strbuf *sb);

#endif
