/* import_check.c: the properties every import plan holds, shared by the pxelinux and iPXE menu fuzz targets. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "fuzz/import_check.h"

/* One empty catalog for the whole run: plans are applied as a dry run,
   which rolls back, so it stays empty. */
static struct catalog *check_cat;
static char *check_dir;

static void
check_cleanup(void)
{
	char *p;

	catalog_close(check_cat);
	p = xasprintf("%s/catalog.db", check_dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/catalog.db-wal", check_dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/catalog.db-shm", check_dir);
	unlink(p);
	free(p);
	rmdir(check_dir);
	free(check_dir);
}

static struct catalog *
check_catalog(void)
{
	char tmpl[] = "/tmp/bootdeck-fuzz-import.XXXXXX", err[256], *path;

	if (check_cat != NULL)
		return check_cat;
	FUZZ_CHECK(mkdtemp(tmpl) != NULL);
	check_dir = xstrdup(tmpl);
	path = xasprintf("%s/catalog.db", check_dir);
	if (catalog_open(path, CATALOG_OPEN_CREATE, &check_cat, err,
	    sizeof err) != CATALOG_OK)
		fprintf(stderr, "catalog: %s\n", err);
	FUZZ_CHECK(check_cat != NULL);
	free(path);
	atexit(check_cleanup);
	return check_cat;
}

size_t
import_check_count_lines(const char *buf, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	return n + (len > 0 && buf[len - 1] != '\n');
}

static bool
check_printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < ' ' || *s > '~')
			return false;
	return true;
}

static bool
check_has_entry(const struct import_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->n_entries; i++)
		if (strcmp(plan->entries[i].name, name) == 0)
			return true;
	return false;
}

static void
check_apply(struct import_plan *plan)
{
	struct catalog_import imp = { 0 };
	struct catalog_import_result res = { 0 };
	struct catalog *cat = check_catalog();
	int status;

	imp.entries = plan->entries;
	imp.n_entries = plan->n_entries;
	imp.hosts = plan->hosts;
	imp.n_hosts = plan->n_hosts;
	imp.menu = plan->menu;
	imp.menu_given = plan->menu_given;
	imp.dry_run = true;
	status = catalog_import_apply(cat, &imp, &res);
	if (status != CATALOG_OK)
		fprintf(stderr, "the catalog refuses the plan (%s %zu): %s\n",
		    res.where != NULL ? res.where : "-", res.index,
		    catalog_error(cat));
	FUZZ_CHECK(status == CATALOG_OK);
}

void
import_check_plan(struct import_plan *plan, import_check_lines_fn *lines,
    void *ctx)
{
	const struct import_finding *f;
	const struct entry *e;
	size_t i, j, errors = 0, n;
	char err[256];

	for (i = 0; i < plan->n_findings; i++) {
		f = &plan->findings[i];
		FUZZ_CHECK(f->level >= IMPORT_ENTRY &&
		    f->level <= IMPORT_ERROR);
		FUZZ_CHECK(*f->text != '\0' && check_printable(f->text));
		FUZZ_CHECK(*f->file != '\0' && check_printable(f->file));
		n = lines(ctx, f->file);
		if (n == SIZE_MAX || f->line < 0 ||
		    (size_t)f->line > (n > 0 ? n : 1))
			fprintf(stderr, "finding at %s:%d (%zu lines): %s\n",
			    f->file, f->line, n, f->text);
		FUZZ_CHECK(n != SIZE_MAX);
		FUZZ_CHECK(f->line >= 0 && (size_t)f->line <= (n > 0 ? n : 1));
		if (f->level == IMPORT_ERROR)
			errors++;
	}
	FUZZ_CHECK(errors == plan->n_errors);

	FUZZ_CHECK(plan->n_entries <= IMPORT_ENTRIES_MAX);
	for (i = 0; i < plan->n_entries; i++) {
		e = &plan->entries[i];
		if (entry_validate(e, err, sizeof err) != CATALOG_OK)
			fprintf(stderr, "entry '%s': %s\n", e->name, err);
		FUZZ_CHECK(entry_validate(e, err, sizeof err) == CATALOG_OK);
		FUZZ_CHECK(e->position == 0 && e->id == 0);
		for (j = 0; j < i; j++) {
			FUZZ_CHECK(strcmp(plan->entries[j].name, e->name) != 0);
			FUZZ_CHECK(e->key == '\0' ||
			    plan->entries[j].key != e->key);
		}
	}
	if (plan->menu_given & CATALOG_IMPORT_MENU_DEFAULT)
		FUZZ_CHECK(plan->menu.default_entry != NULL &&
		    check_has_entry(plan, plan->menu.default_entry));
	if (plan->menu_given & CATALOG_IMPORT_MENU_TITLE)
		FUZZ_CHECK(plan->menu.title != NULL &&
		    *plan->menu.title != '\0' &&
		    strlen(plan->menu.title) <= MENU_TITLE_MAX);
	if (plan->menu_given & CATALOG_IMPORT_MENU_TIMEOUT)
		FUZZ_CHECK(plan->menu.timeout >= 0 &&
		    plan->menu.timeout <= 86400);
	for (i = 0; i < plan->n_hosts; i++) {
		char norm[MAC_STRLEN];

		FUZZ_CHECK(mac_parse(plan->hosts[i].mac, norm));
		FUZZ_CHECK(strcmp(norm, plan->hosts[i].mac) == 0);
		FUZZ_CHECK(plan->hosts[i].default_entry != NULL &&
		    check_has_entry(plan, plan->hosts[i].default_entry));
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(plan->hosts[j].mac,
			    plan->hosts[i].mac) != 0);
	}
	/* With an error nothing is imported; without, the catalog must
	   take it all. */
	if (plan->n_errors == 0)
		check_apply(plan);
}

static bool
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
import_check_same(const struct import_plan *a, const struct import_plan *b)
{
	const struct entry *x, *y;
	size_t i, j;

	FUZZ_CHECK(a->n_findings == b->n_findings);
	for (i = 0; i < a->n_findings; i++) {
		FUZZ_CHECK(a->findings[i].level == b->findings[i].level);
		FUZZ_CHECK(a->findings[i].line == b->findings[i].line);
		FUZZ_CHECK(strcmp(a->findings[i].file,
		    b->findings[i].file) == 0);
		FUZZ_CHECK(strcmp(a->findings[i].text,
		    b->findings[i].text) == 0);
	}
	FUZZ_CHECK(a->n_errors == b->n_errors);
	FUZZ_CHECK(a->n_entries == b->n_entries);
	for (i = 0; i < a->n_entries; i++) {
		x = &a->entries[i];
		y = &b->entries[i];
		FUZZ_CHECK(strcmp(x->name, y->name) == 0);
		FUZZ_CHECK(same_text(x->title, y->title));
		FUZZ_CHECK(x->kind == y->kind && x->key == y->key);
		FUZZ_CHECK(x->platform == y->platform);
		FUZZ_CHECK(x->enabled == y->enabled);
		FUZZ_CHECK(same_text(x->target, y->target));
		FUZZ_CHECK(same_text(x->target_efi, y->target_efi));
		FUZZ_CHECK(same_text(x->args, y->args));
		FUZZ_CHECK(same_text(x->script, y->script));
		FUZZ_CHECK(same_text(x->boot, y->boot));
		FUZZ_CHECK(same_text(x->submenu, y->submenu));
		FUZZ_CHECK(x->n_initrds == y->n_initrds);
		for (j = 0; j < x->n_initrds; j++)
			FUZZ_CHECK(strcmp(x->initrds[j], y->initrds[j]) == 0);
	}
	FUZZ_CHECK(a->n_hosts == b->n_hosts);
	for (i = 0; i < a->n_hosts; i++) {
		FUZZ_CHECK(strcmp(a->hosts[i].mac, b->hosts[i].mac) == 0);
		FUZZ_CHECK(same_text(a->hosts[i].default_entry,
		    b->hosts[i].default_entry));
	}
	FUZZ_CHECK(a->menu_given == b->menu_given);
	FUZZ_CHECK(same_text(a->menu.title, b->menu.title));
	FUZZ_CHECK(same_text(a->menu.default_entry, b->menu.default_entry));
	FUZZ_CHECK(a->menu.timeout == b->menu.timeout);
}
