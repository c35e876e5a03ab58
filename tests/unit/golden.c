/* golden.c: comparing rendered scripts with the golden files under tests/unit/golden/ (unit tests only). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "tests/unit/golden.h"

static char *
golden_read(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb, NULL);
}

/* The first line where got and want differ, for a readable failure. */
static void
golden_report(const char *name, const char *got, const char *want)
{
	int line = 1;
	size_t i, start = 0;

	for (i = 0; got[i] == want[i] && got[i] != '\0'; i++)
		if (got[i] == '\n') {
			line++;
			start = i + 1;
		}
	print_error("%s.ipxe line %d differs:\n  got:  %.*s\n  want: %.*s\n",
	    name, line, (int)strcspn(got + start, "\n"), got + start,
	    (int)strcspn(want + start, "\n"), want + start);
}

bool
golden_check(const char *name, const char *got)
{
	const char *top = getenv("top_srcdir"), *regen;
	char *path, *want;
	bool ok = true;
	FILE *f;

	path = xasprintf("%s/tests/unit/golden/%s.ipxe", top ? top : ".", name);
	regen = getenv("BOOTDECK_REGEN_GOLDEN");
	if (regen != NULL && strcmp(regen, "1") == 0) {
		f = fopen(path, "wb");
		ok = f != NULL && fwrite(got, 1, strlen(got), f) == strlen(got);
		if (f != NULL && fclose(f) != 0)
			ok = false;
	} else if ((want = golden_read(path)) == NULL) {
		print_error("%s: %s\n", path, strerror(errno));
		ok = false;
	} else {
		if (strcmp(got, want) != 0) {
			golden_report(name, got, want);
			ok = false;
		}
		free(want);
	}
	free(path);
	return ok;
}
