/* fuzz.c: helpers the fuzz targets share. */
#include "config.h"

#include <string.h>

#include "common/xmalloc.h"
#include "fuzz/fuzz.h"

char *
fuzz_string(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t len = nul != NULL ? (size_t)(nul - data) : size;
	char *s = xmalloc(len + 1);

	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}
