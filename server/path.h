/* path.h: mapping request paths to files below a root directory, and nowhere else. */
#ifndef BOOTDECK_PATH_H
#define BOOTDECK_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/*
 * Percent-decodes in (len bytes) into out (outlen bytes, NUL-terminated).
 * With plus, '+' means a space (query strings). Fails on a bad escape, a
 * decoded NUL or when out is too small.
 */
bool path_decode(const char *in, size_t len, char *out, size_t outlen,
    bool plus);

/*
 * Whether rel is a relative path made of plain components: not empty, not
 * absolute, no "." or ".." component, no empty component, no NUL.
 */
bool path_is_clean(const char *rel);

/*
 * Opens the regular file rel below the directory rootfd (whose path is
 * root, for the fallback) for reading, refusing any resolution that leaves
 * the root (symlinks included; an absolute symlink to a file inside the
 * root is fine). Returns the fd with *st filled, or -1 with errno set:
 * EXDEV or ELOOP when rel leads out of the root, ENOENT for anything else
 * not servable (directories included), or why the open failed (EACCES,
 * EMFILE...).
 */
int path_open_beneath(int rootfd, const char *root, const char *rel,
    struct stat *st);

#endif
