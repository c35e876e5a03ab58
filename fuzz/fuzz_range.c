/* fuzz_range.c: the Range parser: the bytes it picks lie in the file, and a range it picked parses back to itself. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "server/range.h"

/* The first 8 bytes choose the file size (small ones most of the time,
   where clamping matters; never past INT64_MAX, as no off_t is); the
   rest is the header. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t fsize = 0, start = 0, len = 0, start2 = 0, len2 = 0;
	enum http_range r, r2;
	char *header, again[64];
	size_t i;

	if (size < 8)
		return 0;
	for (i = 0; i < 8; i++)
		fsize = fsize << 8 | data[i];
	if (data[0] & 0x80)
		fsize &= INT64_MAX;
	else
		fsize %= 1u << 20;
	header = fuzz_string(data + 8, size - 8);

	r = http_range_parse(header, fsize, &start, &len);
	FUZZ_CHECK(r == HTTP_RANGE_NONE || r == HTTP_RANGE_SINGLE ||
	    r == HTTP_RANGE_MULTI || r == HTTP_RANGE_UNSATISFIABLE);
	/* Pure: the same answer twice. */
	r2 = http_range_parse(header, fsize, &start2, &len2);
	FUZZ_CHECK(r2 == r);
	if (r == HTTP_RANGE_SINGLE) {
		FUZZ_CHECK(start2 == start && len2 == len);
		/* What we send lies inside the file, at least one byte. */
		FUZZ_CHECK(len >= 1);
		FUZZ_CHECK(start < fsize);
		FUZZ_CHECK(len <= fsize - start);
		/* ... and is what asking for exactly it gets. */
		snprintf(again, sizeof again, "bytes=%" PRIu64 "-%" PRIu64,
		    start, start + len - 1);
		FUZZ_CHECK(http_range_parse(again, fsize, &start2, &len2) ==
		    HTTP_RANGE_SINGLE);
		FUZZ_CHECK(start2 == start && len2 == len);
	}
	/* Whatever does not start with the bytes unit is no Range at all. */
	if (strncasecmp(header + strspn(header, " \t"), "bytes", 5) != 0)
		FUZZ_CHECK(r == HTTP_RANGE_NONE);
	/* NULL is no header. */
	FUZZ_CHECK(http_range_parse(NULL, fsize, &start2, &len2) ==
	    HTTP_RANGE_NONE);
	free(header);
	return 0;
}
