/* range.h: parsing the HTTP Range header (RFC 9110 section 14) for one file. */
#ifndef BOOTDECK_RANGE_H
#define BOOTDECK_RANGE_H

#include <stdint.h>

enum http_range {
	HTTP_RANGE_NONE,	/* no header, or a unit other than bytes: 200 */
	HTTP_RANGE_SINGLE,	/* one satisfiable range: 206 */
	HTTP_RANGE_MULTI,	/* several satisfiable ranges: we answer 200 */
	HTTP_RANGE_UNSATISFIABLE /* malformed bytes= or nothing satisfiable: 416 */
};

/*
 * Parses header (NULL for none) against a representation of size bytes.
 * For HTTP_RANGE_SINGLE, *start and *len (>= 1) give the bytes to send,
 * already clamped to the end of the file. Pure and allocation free.
 */
enum http_range http_range_parse(const char *header, uint64_t size,
    uint64_t *start, uint64_t *len);

#endif
