/* catalog_fixture.h: a cmocka fixture of a new catalog in a temporary directory of its own (unit tests only). */
#ifndef BOOTDECK_TEST_CATALOG_FIXTURE_H
#define BOOTDECK_TEST_CATALOG_FIXTURE_H

#include "db/catalog.h"

struct fixture {
	char		 dir[64];
	char		 path[96];		/* dir/catalog.db */
	struct catalog	*cat;
};

/* cmocka setup and teardown: *state is the struct fixture. The directory
   is under $TMPDIR (else /tmp); teardown removes the catalog, its WAL and
   shared-memory files and the directory, which must be empty otherwise. */
int	catalog_fixture_setup(void **state);
int	catalog_fixture_teardown(void **state);

/* A cmocka test that runs on its own new catalog. */
#define CATALOG_TEST(f) cmocka_unit_test_setup_teardown(f, \
	catalog_fixture_setup, catalog_fixture_teardown)

#endif
