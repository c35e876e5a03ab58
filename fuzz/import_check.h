/* import_check.h: the properties every import plan holds, asserted by the pxelinux and iPXE menu fuzz targets. */
#ifndef BOOTDECK_FUZZ_IMPORT_CHECK_H
#define BOOTDECK_FUZZ_IMPORT_CHECK_H

#include <stddef.h>

#include "import/plan.h"

/* The lines of the file a finding names (0 for an empty file), or
   SIZE_MAX when no such file was read. */
typedef size_t import_check_lines_fn(void *ctx, const char *file);

/* Lines of buf (len bytes) as the importers count them. */
size_t import_check_count_lines(const char *buf, size_t len);
/*
 * Findings one printable line each, with a file that was read and a line
 * in it; the error count right; entries valid (entry_validate), with
 * unique names and hotkeys, at most IMPORT_ENTRIES_MAX; the menu default
 * and host defaults naming planned entries; the menu within the catalog's
 * limits; and, without errors, the plan applies to an empty catalog.
 * (A parse that found errors adding nothing is the targets' to check.)
 */
void import_check_plan(struct import_plan *plan, import_check_lines_fn *lines,
    void *ctx);
/* Two parses of the same input made the same plan. */
void import_check_same(const struct import_plan *a,
    const struct import_plan *b);

#endif
