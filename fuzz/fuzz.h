/* fuzz.h: what every fuzz target shares: the entry point and a check that stops the run with a reason. */
#ifndef BOOTDECK_FUZZ_H
#define BOOTDECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A property the target asserts. abort() is what libFuzzer (and the
 * replayer) report as a crash with the input saved; assert() would
 * vanish under NDEBUG.
 */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* The input as a NUL-terminated string (xmalloc'd): cut at its first NUL. */
char *fuzz_string(const uint8_t *data, size_t size);

#endif
