/* reader.h: a catalog connection of its own for each worker thread, so menus are read side by side. */
#ifndef BOOTDECK_READER_H
#define BOOTDECK_READER_H

#include <stddef.h>

struct catalog;
struct readers;

/* Connections to db_path, opened query-only on each thread's first use. */
struct readers *readers_new(const char *db_path);
/*
 * The calling thread's connection, opened now if it has none yet; NULL
 * with the reason in err when the catalog cannot be opened (a later
 * call tries again).
 */
struct catalog *readers_get(struct readers *r, char *err, size_t errlen);
/* Closes every connection: only once no thread uses them (workers stopped). */
void readers_free(struct readers *r);

#endif
