/* file_version.h: which version of a file a cache entry was read from, by the stat fields that change with its bytes. */
#ifndef BOOTDECK_FILE_VERSION_H
#define BOOTDECK_FILE_VERSION_H

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

/*
 * A new download renamed over the old file is a new inode; a rewrite in
 * place a new mtime, and a new ctime, which nobody can set back.
 */
struct file_version {
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
	struct timespec	 ctime;
};

void file_version_of(const struct stat *st, struct file_version *v);
bool file_version_equal(const struct file_version *a,
    const struct file_version *b);

#endif
