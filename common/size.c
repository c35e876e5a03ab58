/* size.c: byte counts in binary units. */
#include "config.h"

#include <stdio.h>

#include "common/size.h"

void
size_format(char *buf, size_t len, int64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes / 1024;
	size_t u = 0;

	if (bytes < 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (bytes < 1024) {
		snprintf(buf, len, "%lld B", (long long)bytes);
		return;
	}
	while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
}
