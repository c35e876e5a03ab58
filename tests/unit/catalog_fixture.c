/* catalog_fixture.c: a cmocka fixture of a new catalog in a temporary directory of its own (unit tests only). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/xmalloc.h"
#include "tests/unit/catalog_fixture.h"

int
catalog_fixture_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	char err[256];

	if ((size_t)snprintf(f->dir, sizeof f->dir, "%s/bootdeck-unit.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp") >= sizeof f->dir)
		fail_msg("TMPDIR %s: too long for the fixture", tmp);
	if (mkdtemp(f->dir) == NULL)
		fail_msg("mkdtemp %s: %s", f->dir, strerror(errno));
	snprintf(f->path, sizeof f->path, "%s/catalog.db", f->dir);
	if (catalog_open(f->path, CATALOG_OPEN_CREATE, &f->cat, err,
	    sizeof err) != CATALOG_OK)
		fail_msg("catalog_open %s: %s", f->path, err);
	*state = f;
	return 0;
}

int
catalog_fixture_teardown(void **state)
{
	static const char *const side[] = { "", "-wal", "-shm" };
	struct fixture *f = *state;
	char p[sizeof f->path + 8];
	size_t i;

	catalog_close(f->cat);
	for (i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, side[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}
