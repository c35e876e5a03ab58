/* test_import.c: catalog_import_apply against a real SQLite file: all or nothing, idempotent, dry run, replace, batches. */
#include "config.h"

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
#include "db/catalog.h"
#include "tests/unit/catalog_fixture.h"

#define MAC_A "52:54:00:00:00:0a"
#define MAC_B "52:54:00:00:00:0b"

/* Two entries (kernel with initrds, localboot) and a host using both. */
static void
make_import(struct catalog_import *imp)
{
	memset(imp, 0, sizeof *imp);
	imp->entries = xcalloc(2, sizeof *imp->entries);
	imp->n_entries = 2;
	imp->entries[0].name = xstrdup("linux");
	imp->entries[0].title = xstrdup("Linux");
	imp->entries[0].kind = ENTRY_KERNEL;
	imp->entries[0].enabled = true;
	imp->entries[0].target = xstrdup("vmlinuz");
	imp->entries[0].initrds = xcalloc(1, sizeof (char *));
	imp->entries[0].initrds[0] = xstrdup("initrd.img");
	imp->entries[0].n_initrds = 1;
	imp->entries[1].name = xstrdup("local");
	imp->entries[1].title = xstrdup("Local");
	imp->entries[1].kind = ENTRY_LOCALBOOT;
	imp->entries[1].key = 'l';
	imp->entries[1].enabled = true;
	imp->hosts = xcalloc(1, sizeof *imp->hosts);
	imp->n_hosts = 1;
	memcpy(imp->hosts[0].mac, MAC_A, sizeof MAC_A);
	imp->hosts[0].default_entry = xstrdup("local");
	imp->hosts[0].next_entry = xstrdup("linux");
	imp->menu.default_entry = xstrdup("local");
	imp->menu.timeout = 7;
	imp->menu_given = CATALOG_IMPORT_MENU_DEFAULT |
	    CATALOG_IMPORT_MENU_TIMEOUT;
}

static void
free_import(struct catalog_import *imp)
{
	entry_array_free(imp->entries, imp->n_entries);
	host_array_free(imp->hosts, imp->n_hosts);
	menu_settings_clear(&imp->menu);
}

static size_t
count_entries(struct catalog *cat)
{
	struct entry *v = NULL;
	size_t n = 0;

	assert_int_equal(catalog_entry_list(cat, &v, &n), CATALOG_OK);
	entry_array_free(v, n);
	return n;
}

static void
test_apply_idempotent(void **state)
{
	struct fixture *f = *state;
	struct catalog_import imp;
	struct catalog_import_result res;
	struct entry e = { 0 };

	make_import(&imp);
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	assert_int_equal(res.entries[CATALOG_IMPORT_ADDED], 2);
	assert_int_equal(res.hosts[CATALOG_IMPORT_ADDED], 1);
	assert_int_equal(catalog_entry_get(f->cat, "linux", &e), CATALOG_OK);
	assert_int_equal(e.rev, 1);
	entry_clear(&e);
	/* Again: nothing changes, not even a rev. */
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	assert_int_equal(res.entries[CATALOG_IMPORT_SAME], 2);
	assert_int_equal(res.hosts[CATALOG_IMPORT_SAME], 1);
	assert_int_equal(res.settings_changed, 0);
	assert_int_equal(catalog_entry_get(f->cat, "linux", &e), CATALOG_OK);
	assert_int_equal(e.rev, 1);
	entry_clear(&e);
	free_import(&imp);
}

static void
test_apply_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct catalog_import imp;
	struct catalog_import_result res;

	make_import(&imp);
	/* The host names an entry no one has: the entries added before it
	   in the same transaction go too. */
	free(imp.hosts[0].next_entry);
	imp.hosts[0].next_entry = xstrdup("nope");
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res),
	    CATALOG_NOTFOUND);
	assert_string_equal(res.where, "hosts");
	assert_int_equal(res.index, 0);
	assert_int_equal(count_entries(f->cat), 0);
	/* An invalid entry is caught before any write, with its index. */
	free(imp.entries[1].target);
	imp.entries[1].target = xstrdup("x.iso");
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res),
	    CATALOG_INVALID);
	assert_string_equal(res.where, "entries");
	assert_int_equal(res.index, 1);
	assert_non_null(strstr(catalog_error(f->cat), "target"));
	/* The catalog still takes ordinary writes: no transaction left open. */
	free_import(&imp);
	make_import(&imp);
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	assert_int_equal(count_entries(f->cat), 2);
	free_import(&imp);
}

static void
test_apply_dry_run_replace(void **state)
{
	struct fixture *f = *state;
	struct catalog_import imp;
	struct catalog_import_result res;
	struct host h = { 0 };

	make_import(&imp);
	imp.dry_run = true;
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	assert_int_equal(res.entries[CATALOG_IMPORT_ADDED], 2);
	assert_int_equal(count_entries(f->cat), 0);
	imp.dry_run = false;
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	memcpy(h.mac, MAC_B, sizeof MAC_B);
	assert_int_equal(catalog_host_put(f->cat, &h), CATALOG_OK);
	host_clear(&h);
	/* Replace with only the localboot entry: linux, and MAC_B, go. */
	entry_clear(&imp.entries[0]);
	imp.entries[0] = imp.entries[1];
	memset(&imp.entries[1], 0, sizeof imp.entries[1]);
	imp.n_entries = 1;
	free(imp.hosts[0].next_entry);
	imp.hosts[0].next_entry = NULL;
	imp.replace = true;
	assert_int_equal(catalog_import_apply(f->cat, &imp, &res), CATALOG_OK);
	assert_int_equal(res.entries[CATALOG_IMPORT_REMOVED], 1);
	assert_int_equal(res.hosts[CATALOG_IMPORT_REMOVED], 1);
	assert_int_equal(count_entries(f->cat), 1);
	assert_int_equal(catalog_host_get(f->cat, MAC_B, &h), CATALOG_NOTFOUND);
	host_clear(&h);
	free_import(&imp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		CATALOG_TEST(test_apply_idempotent),
		CATALOG_TEST(test_apply_all_or_nothing),
		CATALOG_TEST(test_apply_dry_run_replace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
