/* test_range.c: the Range header parser over RFC 9110 edge cases, table driven. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "server/range.h"

#define GIB5 (5ull << 30)

static const struct range_case {
	const char	*header;
	uint64_t	 size;
	enum http_range	 want;
	uint64_t	 start, len;	/* for HTTP_RANGE_SINGLE */
} range_cases[] = {
	/* no header, other units: the whole file */
	{ NULL, 100, HTTP_RANGE_NONE, 0, 0 },
	{ "items=0-1", 100, HTTP_RANGE_NONE, 0, 0 },
	{ "bytesx=0-1", 100, HTTP_RANGE_NONE, 0, 0 },
	{ "", 100, HTTP_RANGE_NONE, 0, 0 },
	/* simple forms */
	{ "bytes=0-0", 100, HTTP_RANGE_SINGLE, 0, 1 },
	{ "bytes=0-", 100, HTTP_RANGE_SINGLE, 0, 100 },
	{ "bytes=-1", 100, HTTP_RANGE_SINGLE, 99, 1 },
	{ "bytes=99-99", 100, HTTP_RANGE_SINGLE, 99, 1 },
	{ "bytes=10-19", 100, HTTP_RANGE_SINGLE, 10, 10 },
	{ "bytes=0-99", 100, HTTP_RANGE_SINGLE, 0, 100 },
	/* clamping */
	{ "bytes=-500", 100, HTTP_RANGE_SINGLE, 0, 100 },
	{ "bytes=50-1000", 100, HTTP_RANGE_SINGLE, 50, 50 },
	{ "bytes=0-9223372036854775807", 100, HTTP_RANGE_SINGLE, 0, 100 },
	/* unsatisfiable */
	{ "bytes=-0", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=100-", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=100-200", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-0", 0, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=-1", 0, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-", 0, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	/* case and whitespace */
	{ "BYTES=1-2", 100, HTTP_RANGE_SINGLE, 1, 2 },
	{ "Bytes=1-2", 100, HTTP_RANGE_SINGLE, 1, 2 },
	{ "  bytes=1-2  ", 100, HTTP_RANGE_SINGLE, 1, 2 },
	{ "bytes = 0-1", 100, HTTP_RANGE_SINGLE, 0, 2 },
	{ "bytes= 0-1", 100, HTTP_RANGE_SINGLE, 0, 2 },
	{ "bytes=0 -1", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0- 1", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	/* malformed */
	{ "bytes=1-0", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=5", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=-", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=,", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=+1-2", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=1-+2", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=--1", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-1x", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-1;", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0x10-0x20", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=1.5-2", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	/* 32-bit iPXE prints offsets past 2 GiB as negative numbers */
	{ "bytes=-2147481600--2147479553", GIB5, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=2147481600--2147479553", GIB5, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	/* overflow: past int64 is never a byte we have */
	{ "bytes=9223372036854775808-", GIB5, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-18446744073709551616", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=-99999999999999999999999", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=9223372036854775806-", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	/* over 4 GiB */
	{ "bytes=4294967296-4294969343", GIB5, HTTP_RANGE_SINGLE,
	    4294967296ull, 2048 },
	{ "bytes=-2048", GIB5, HTTP_RANGE_SINGLE, GIB5 - 2048, 2048 },
	/* several ranges */
	{ "bytes=0-1,5-6", 100, HTTP_RANGE_MULTI, 0, 0 },
	{ "bytes=0-1, 5-6", 100, HTTP_RANGE_MULTI, 0, 0 },
	{ "bytes=0-1,,5-6", 100, HTTP_RANGE_MULTI, 0, 0 },
	{ "bytes=0-1,-1", 100, HTTP_RANGE_MULTI, 0, 0 },
	{ "bytes=200-300,5-6", 100, HTTP_RANGE_SINGLE, 5, 2 },
	{ "bytes=0-1,", 100, HTTP_RANGE_SINGLE, 0, 2 },
	{ ",bytes=0-1", 100, HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=200-300,400-", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-1,x", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=0-1 5-6", 100, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
};

static void
test_range_table(void **state)
{
	const struct range_case *c;
	uint64_t start, len;
	enum http_range got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof range_cases / sizeof range_cases[0]; i++) {
		c = &range_cases[i];
		start = len = 12345;
		got = http_range_parse(c->header, c->size, &start, &len);
		if (got != c->want)
			fail_msg("'%s' size %llu: got %d, want %d",
			    c->header ? c->header : "(null)",
			    (unsigned long long)c->size, (int)got, (int)c->want);
		if (c->want != HTTP_RANGE_SINGLE)
			continue;
		if (start != c->start || len != c->len)
			fail_msg("'%s': got %llu+%llu, want %llu+%llu", c->header,
			    (unsigned long long)start, (unsigned long long)len,
			    (unsigned long long)c->start,
			    (unsigned long long)c->len);
	}
}

/* Every single satisfiable range stays inside the file, for all small sizes. */
static void
test_range_bounds(void **state)
{
	char header[64];
	uint64_t size, a, b, start, len;

	(void)state;
	for (size = 0; size < 12; size++)
		for (a = 0; a < 14; a++)
			for (b = a; b < 14; b++) {
				snprintf(header, sizeof header, "bytes=%llu-%llu",
				    (unsigned long long)a, (unsigned long long)b);
				if (http_range_parse(header, size, &start, &len) ==
				    HTTP_RANGE_SINGLE) {
					assert_true(a < size);
					assert_int_equal(start, a);
					assert_true(len >= 1);
					assert_true(start + len <= size);
				} else
					assert_true(a >= size);
			}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_table),
		cmocka_unit_test(test_range_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
