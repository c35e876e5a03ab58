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

/*
 * The fallback for kernels without openat2: resolve, then check the prefix.
 * O_NONBLOCK everywhere so a FIFO planted in the root cannot hang a worker.
 */
static int
path_open_realpath(const char *root, const char *rel)
{
	char rroot[PATH_MAX], full[PATH_MAX], rfull[PATH_MAX];
	size_t n;
	int len;

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
	if (strncmp(rfull, rroot, n) != 0 || (rfull[n] != '/' &&
	    !(n == 1 && rroot[0] == '/'))) {
		errno = ENOENT;
		return -1;
	}
	return open(rfull, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

int
path_open_beneath(int rootfd, const char *root, const char *rel,
    struct stat *st)
{
	int fd = -1;

	if (!path_is_clean(rel)) {
		errno = ENOENT;
		return -1;
	}
#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
	{
		struct open_how how = {
			.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};

		fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
		if (fd < 0 && errno == EXDEV)
			errno = ENOENT;	/* it tried to leave the root */
		if (fd < 0 && errno != ENOSYS)
			return -1;
	}
#endif
	if (fd < 0)
		fd = path_open_realpath(root, rel);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		errno = ENOENT;
		return -1;
	}
	return fd;
}
