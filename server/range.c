/* range.c: the Range header parser: strict about bytes=, clamping to the file. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "server/range.h"

/* Larger positions cannot name a byte of any file we serve (off_t is signed). */
#define RANGE_POS_MAX ((uint64_t)INT64_MAX)

static const char *
range_skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads 1*DIGIT; false on no digit or a value past RANGE_POS_MAX. */
static bool
range_number(const char **pp, uint64_t *value)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (RANGE_POS_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*pp = p;
	*value = v;
	return true;
}

/*
 * Parses one range-spec at *pp: "first-last", "first-" or "-suffix".
 * Returns -1 when malformed, 0 when well formed but unsatisfiable, 1 with
 * the clamped [*first, *last] when satisfiable.
 */
static int
range_spec(const char **pp, uint64_t size, uint64_t *first, uint64_t *last)
{
	const char *p = *pp;
	uint64_t a, b;

	if (*p == '-') {
		p++;
		if (!range_number(&p, &b))
			return -1;
		*pp = p;
		if (b == 0 || size == 0)
			return 0;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return 1;
	}
	if (!range_number(&p, &a) || *p++ != '-')
		return -1;
	if (*p >= '0' && *p <= '9') {
		if (!range_number(&p, &b) || b < a)
			return -1;
	} else
		b = RANGE_POS_MAX;
	*pp = p;
	if (a >= size)
		return 0;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return 1;
}

enum http_range
http_range_parse(const char *header, uint64_t size, uint64_t *start,
    uint64_t *len)
{
	const char *p, *unit_end;
	uint64_t first = 0, last = 0;
	unsigned satisfiable = 0, specs = 0;
	int rc;

	if (header == NULL)
		return HTTP_RANGE_NONE;
	p = range_skip_ows(header);
	unit_end = p;
	while (*unit_end != '\0' && *unit_end != '=' && *unit_end != ' ' &&
	    *unit_end != '\t')
		unit_end++;
	/* Range units are case-insensitive; unknown units are ignored. */
	if (unit_end - p != 5 || strncasecmp(p, "bytes", 5) != 0)
		return HTTP_RANGE_NONE;
	p = range_skip_ows(unit_end);
	if (*p++ != '=')
		return HTTP_RANGE_UNSATISFIABLE;
	for (;;) {
		/* A list may hold empty elements: "a-b, ,c-d" is two ranges. */
		p = range_skip_ows(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\0')
			break;
		rc = range_spec(&p, size, &first, &last);
		if (rc < 0)
			return HTTP_RANGE_UNSATISFIABLE;
		specs++;
		if (rc > 0 && satisfiable++ == 0) {
			*start = first;
			*len = last - first + 1;
		}
		p = range_skip_ows(p);
		if (*p != ',' && *p != '\0')
			return HTTP_RANGE_UNSATISFIABLE;
	}
	if (specs == 0 || satisfiable == 0)
		return HTTP_RANGE_UNSATISFIABLE;
	/* One satisfiable range among unsatisfiable ones is still a 206. */
	return satisfiable == 1 ? HTTP_RANGE_SINGLE : HTTP_RANGE_MULTI;
}
