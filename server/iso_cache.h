/* iso_cache.h: the directory trees of the ISOs served from, read once per version of each file and shared by all workers. */
#ifndef BOOTDECK_ISO_CACHE_H
#define BOOTDECK_ISO_CACHE_H

#include <stddef.h>
#include <sys/stat.h>

#include "iso/iso9660.h"

/* Plenty for a boot server's images directory; a tree is ~100 bytes a file. */
#define ISO_CACHE_MAX 64

struct iso_cache;
struct iso_cached;

struct iso_cache *iso_cache_new(size_t max);
/* After every reference is put; NULL is fine. */
void iso_cache_free(struct iso_cache *c);

/*
 * The tree of the ISO open on fd, whose fstat is st: the cached one when
 * device, inode, size, mtime and ctime all match, else read now and
 * cached, least recently used out. Returns a reference, or NULL with a
 * one-line reason in err and errno EINVAL when the file is no usable
 * ISO (remembered for that version of the file too, so a broken ISO is
 * not read again per request) or the read's errno otherwise.
 */
struct iso_cached *iso_cache_get(struct iso_cache *c, int fd,
    const struct stat *st, char *err, size_t errlen);
/* Another reference to the same tree, for a response that outlives the caller's. */
struct iso_cached *iso_cached_ref(struct iso_cached *e);
/* Drops a reference: a tree evicted or replaced lives until its last one. NULL is fine. */
void iso_cached_put(struct iso_cached *e);
const struct iso_image *iso_cached_image(const struct iso_cached *e);

#endif
