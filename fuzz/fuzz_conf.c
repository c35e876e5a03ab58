/* fuzz_conf.c: the config file parser: a one-line reason on failure, and what it read writes back and reads the same. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"

/* A memfd named by its /proc path: config_load wants a path, and
   rewriting a file on disk twice a run costs milliseconds. */
static char	*path;
static int	 file_fd = -1;

static void
write_file(const void *data, size_t size)
{
	FUZZ_CHECK(ftruncate(file_fd, 0) == 0);
	FUZZ_CHECK(pwrite(file_fd, data, size, 0) == (ssize_t)size);
}

static size_t
longest_line(const uint8_t *data, size_t size)
{
	size_t i, n = 0, max = 0;

	for (i = 0; i < size; i++) {
		n = data[i] == '\n' ? 0 : n + 1;
		if (n > max)
			max = n;
	}
	return max;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg, again;
	char err[512], *text;
	const char *rest;
	unsigned lineno;
	int end;
	size_t len = 0, cap = 1, n;
	int k, rc;

	if (path == NULL) {
		file_fd = memfd_create("fuzz-conf", 0);
		FUZZ_CHECK(file_fd >= 0);
		path = xasprintf("/proc/self/fd/%d", file_fd);
	}
	write_file(data, size);
	memset(&cfg, 0, sizeof cfg);
	err[0] = '\0';
	rc = config_load(&cfg, path, true, err, sizeof err);
	if (rc != 0) {
		/* One line that names the file. */
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		/* Only a line that does not fit the buffer is too long. */
		rest = err + strlen(path);
		end = 0;
		if (sscanf(rest, ":%u: line too long%n", &lineno, &end) == 1 &&
		    end > 0 && rest[end] == '\0')
			FUZZ_CHECK(longest_line(data, size) >= 4095);
		config_free(&cfg);
		return 0;
	}
	/* Values are trimmed and single lines; writing them back as
	   "key = value" reads the same settings. */
	text = xmalloc(cap);
	text[0] = '\0';
	for (k = 0; k < CONFIG_KEY_COUNT; k++) {
		const char *v = cfg.values[k];

		if (v == NULL)
			continue;
		FUZZ_CHECK(strchr(v, '\n') == NULL);
		FUZZ_CHECK(v[0] == '\0' || (!isspace((unsigned char)v[0]) &&
		    !isspace((unsigned char)v[strlen(v) - 1])));
		n = strlen(config_key_name(k)) + strlen(v) + 5;
		text = xrealloc(text, cap += n);
		len += (size_t)snprintf(text + len, cap - len, "%s = %s\n",
		    config_key_name(k), v);
	}
	write_file(text, len);
	memset(&again, 0, sizeof again);
	FUZZ_CHECK(config_load(&again, path, true, err, sizeof err) == 0);
	for (k = 0; k < CONFIG_KEY_COUNT; k++) {
		FUZZ_CHECK((cfg.values[k] == NULL) == (again.values[k] == NULL));
		if (cfg.values[k] != NULL)
			FUZZ_CHECK(strcmp(cfg.values[k], again.values[k]) == 0);
		/* Whatever was read, a value is in force. */
		FUZZ_CHECK(config_get(&cfg, k) != NULL);
	}
	free(text);
	config_free(&cfg);
	config_free(&again);
	return 0;
}
