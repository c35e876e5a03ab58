/* fuzz_ipxe_menu.c: iPXE menu import: located one-line findings, valid entries the catalog takes, the same plan every time. */
#include "config.h"

#include <string.h>

#include "fuzz/fuzz.h"
#include "fuzz/import_check.h"
#include "import/ipxe_menu.h"

#define MENU_FILE "boot.ipxe"

struct menu_input {
	const uint8_t	*data;
	size_t		 size;
};

static size_t
menu_lines(void *ctx, const char *file)
{
	const struct menu_input *in = ctx;

	if (strcmp(file, MENU_FILE) != 0)
		return SIZE_MAX;
	return import_check_count_lines((const char *)in->data, in->size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_plan plan = { 0 }, again = { 0 };
	struct menu_input in = { data, size };
	const struct entry *e;
	size_t errors, i, made = 0;

	errors = ipxe_menu_parse(&plan, MENU_FILE, (const char *)data, size);
	FUZZ_CHECK(errors == plan.n_errors);
	/* One reason is enough: a bad file, no #!ipxe or too many items. */
	FUZZ_CHECK(errors <= 1);
	/* Bad input makes nothing. */
	if (errors > 0)
		FUZZ_CHECK(plan.n_entries == 0 && plan.menu_given == 0);
	import_check_plan(&plan, menu_lines, &in);
	for (i = 0; i < plan.n_entries; i++) {
		e = &plan.entries[i];
		FUZZ_CHECK(e->kind == ENTRY_ISO || e->kind == ENTRY_KERNEL ||
		    e->kind == ENTRY_CHAIN || e->kind == ENTRY_LOCALBOOT ||
		    e->kind == ENTRY_SHELL);
		FUZZ_CHECK(e->kind != ENTRY_ISO ||
		    strcmp(e->boot, ENTRY_BOOT_SANBOOT) == 0);
		/* iPXE would expand it: such lines are never mapped. */
		FUZZ_CHECK(e->target == NULL ||
		    strstr(e->target, "${") == NULL);
	}
	/* Every item made is reported as made, once. */
	for (i = 0; i < plan.n_findings; i++)
		if (plan.findings[i].level == IMPORT_ENTRY)
			made++;
	FUZZ_CHECK(made == plan.n_entries);
	FUZZ_CHECK(plan.n_hosts == 0);

	(void)ipxe_menu_parse(&again, MENU_FILE, (const char *)data, size);
	import_check_same(&plan, &again);
	import_plan_free(&again);
	import_plan_free(&plan);
	return 0;
}
