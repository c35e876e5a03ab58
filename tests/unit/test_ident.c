/* test_ident.c: table-driven cases for ipxe/ident.h: bootdeck builds, stock builds and their flags. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ipxe/ident.h"

static const struct ident_case {
	const char	*version, *build;
	bool		 reported, bootdeck, no_https, old;
	const char	*line;
} cases[] = {
	/* Never said: nothing to show, nothing to flag. */
	{ NULL, NULL, false, false, false, false, "" },
	{ "", NULL, false, false, false, false, "" },
	/* bootdeck's own builds, whatever iPXE they come from. */
	{ "2.0.0+", "bootdeck-0.1.0", true, true, false, false,
	  "2.0.0+ bootdeck-0.1.0" },
	{ "1.21.1+ (g1234)", "bootdeck-0.2.0+https", true, true, false, false,
	  "1.21.1+ bootdeck-0.2.0+https" },
	/* Stock builds: never bootdeck's trust anchor; old when older than
	   the tested 2.0.0. */
	{ "2.0.0+", NULL, true, false, true, false, "2.0.0+ stock: no HTTPS" },
	{ "2.0.1", NULL, true, false, true, false, "2.0.1 stock: no HTTPS" },
	{ "10.0.0", NULL, true, false, true, false, "10.0.0 stock: no HTTPS" },
	{ "1.0.0+git-20190125.36a4c85-5.1", NULL, true, false, true, true,
	  "1.0.0+git-20190125.36a4c85-5.1 stock: no HTTPS, older than 2.0.0" },
	{ "1.21.1+ (gabcde)", NULL, true, false, true, true,
	  "1.21.1+ stock: no HTTPS, older than 2.0.0" },
	{ "1.99", NULL, true, false, true, true,
	  "1.99 stock: no HTTPS, older than 2.0.0" },
	/* A build= that is not ours is a stock build too. */
	{ "2.0.0+", "mine", true, false, true, false, "2.0.0+ stock: no HTTPS" },
	{ "2.0.0+", "", true, false, true, false, "2.0.0+ stock: no HTTPS" },
	/* A version that is not a number is never called old. */
	{ "unknown", NULL, true, false, true, false, "unknown stock: no HTTPS" },
	/* Only the safe bytes of a version are shown. */
	{ "1.0;rm", NULL, true, false, true, true,
	  "1.0 stock: no HTTPS, older than 2.0.0" },
};

static void
test_ident(void **state)
{
	struct ipxe_ident id;
	char line[160];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ident_case *c = &cases[i];

		ipxe_ident(c->version, c->build, &id);
		if (id.reported != c->reported || id.bootdeck != c->bootdeck ||
		    id.no_https != c->no_https || id.old != c->old)
			fail_msg("case %zu (%s, %s): got %d%d%d%d", i,
			    c->version ? c->version : "(null)",
			    c->build ? c->build : "(null)", id.reported,
			    id.bootdeck, id.no_https, id.old);
		ipxe_ident_format(c->version, c->build, line, sizeof line);
		if (strcmp(line, c->line) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, line,
			    c->line);
	}
}

/* A short buffer gets a cut, terminated line. */
static void
test_ident_short(void **state)
{
	char line[8];

	ipxe_ident_format("1.0.0+", NULL, line, sizeof line);
	assert_string_equal(line, "1.0.0+ ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_ident_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
