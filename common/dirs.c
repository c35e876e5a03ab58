/* dirs.c: mkdir -p, for build trees, certificate directories and copied images. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/dirs.h"
#include "common/xmalloc.h"

bool
dirs_make(const char *dir)
{
	char *p, *copy = xstrdup(dir);
	bool ok = true;

	for (p = copy + 1; ok && *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ok = mkdir(copy, 0755) == 0 || errno == EEXIST;
		*p = '/';
	}
	if (ok && *copy != '\0')
		ok = mkdir(copy, 0755) == 0 || errno == EEXIST;
	free(copy);
	return ok;
}

bool
dirs_make_parent(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	bool ok = true;

	if (slash != NULL && slash != copy) {
		*slash = '\0';
		ok = dirs_make(copy);
	}
	free(copy);
	return ok;
}
