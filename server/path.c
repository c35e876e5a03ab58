/* path.c: decoding request paths and opening files strictly below a root. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/openat2.h>
#endif

#include "common/hex.h"
#include "server/path.h"

bool
path_decode(const char *in, size_t len, char *out, size_t outlen, bool plus)
{
	size_t i, o = 0;
	int hi, lo;
	char c;

	for (i = 0; i < len; i++) {
		c = in[i];
		if (c == '%') {
			if (i + 2 >= len)
				return false;
			hi = hex_value(in[i + 1]);
			lo = hi < 0 ? -1 : hex_value(in[i + 2]);
			if (lo < 0)
				return false;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0' || o + 1 >= outlen)
			return false;
		out[o++] = c;
	}
	if (outlen == 0)
		return false;
	out[o] = '\0';
	return true;
}

bool
path_is_clean(const char *rel)
{
	const char *p = rel, *end;
	size_t n;

	if (*p == '\0' || *p == '/')
		return false;
	for (;;) {
		end = strchr(p, '/');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (end == NULL)
			return true;
		p = end + 1;
	}
}

/* Whether rel is absolute or has a ".." component: it aims outside. */
static bool
path_aims_out(const char *rel)
{
	const char *p = rel;

	if (*p == '/')
		return true;
	for (;;) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return true;
		p = strchr(p, '/');
		if (p == NULL)
			return false;
		p++;
	}
}

#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
/* openat2 below dirfd with resolve flags; -1 with errno ENOSYS when absent. */
static int
path_openat2(int dirfd, const char *rel, unsigned long long resolve)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
		.resolve = resolve | RESOLVE_NO_MAGICLINKS,
	};

	return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
}
#else
static int
path_openat2(int dirfd, const char *rel, unsigned long long resolve)
{
	(void)dirfd;
	(void)rel;
	(void)resolve;
	errno = ENOSYS;
	return -1;
}
#ifndef RESOLVE_BENEATH
#define RESOLVE_BENEATH 0
#endif
#ifndef RESOLVE_NO_SYMLINKS
#define RESOLVE_NO_SYMLINKS 0
#endif
#endif

/*
 * Resolves every symlink, then checks the prefix: the fallback for kernels
 * without openat2, and what accepts an absolute symlink that points inside
 * the root (which RESOLVE_BENEATH refuses). The resolved path is opened
 * below rootfd with no symlinks allowed, so a link swapped in after the
 * check cannot lead out. O_NONBLOCK everywhere so a FIFO planted in the
 * root cannot hang a worker.
 */
static int
path_open_resolved(int rootfd, const char *root, const char *rel)
{
	char rroot[PATH_MAX], full[PATH_MAX], rfull[PATH_MAX];
	const char *inner;
	size_t n;
	int len, fd;

	if (realpath(root, rroot) == NULL)
		return -1;
	len = snprintf(full, sizeof full, "%s/%s", rroot, rel);
	if (len < 0 || (size_t)len >= sizeof full) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (realpath(full, rfull) == NULL)
		return -1;
	n = strlen(rroot);
	if (n == 1 && rroot[0] == '/')
		n = 0;	/* the root is "/": every path is below it */
	if (strncmp(rfull, rroot, n) != 0 || rfull[n] != '/') {
		errno = EXDEV;
		return -1;
	}
	inner = rfull + n + 1;
	if (*inner == '\0') {
		errno = ENOENT;	/* the root itself */
		return -1;
	}
	fd = path_openat2(rootfd, inner, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
	if (fd < 0 && errno == ENOSYS)
		fd = open(rfull, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd;
}

int
path_open_beneath(int rootfd, const char *root, const char *rel,
    struct stat *st)
{
	int fd;

	if (!path_is_clean(rel)) {
		errno = path_aims_out(rel) ? EXDEV : ENOENT;
		return -1;
	}
	fd = path_openat2(rootfd, rel, RESOLVE_BENEATH);
	/* EXDEV: a ".." or absolute symlink; it may still land inside. */
	if (fd < 0 && (errno == ENOSYS || errno == EXDEV))
		fd = path_open_resolved(rootfd, root, rel);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		errno = ENOENT;
		return -1;
	}
	return fd;
}
