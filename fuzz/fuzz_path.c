/* fuzz_path.c: the image path decoder: what path_is_clean passes has no way up, and path_open_beneath opens only files below the root. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "ipxe/sanitize.h"
#include "server/path.h"

/*
 * A root made once per process: two files inside, a file outside, and
 * symlinks that stay in and that leave (relative, absolute, to a
 * directory outside and to one inside).
 */
static char	*root, *outside;
static int	 rootfd = -1;
static dev_t	 inside_dev;
static ino_t	 inside_ino[2];

static void
make_file(const char *path, ino_t *ino)
{
	struct stat sb;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	FUZZ_CHECK(fd >= 0 && write(fd, "x", 1) == 1 && fstat(fd, &sb) == 0);
	close(fd);
	if (ino != NULL) {
		*ino = sb.st_ino;
		inside_dev = sb.st_dev;
	}
}

/* What setup made, deepest first: removed at exit. */
static const char *const made[] = {
	"root/d/back", "root/d/b.img", "root/d", "root/a.iso", "root/in",
	"root/up", "root/abs", "root/absin", "root", "secret", "",
};

static void
cleanup(void)
{
	size_t i;
	char *p;

	for (i = 0; i < sizeof made / sizeof made[0]; i++) {
		p = xasprintf("%s/%s", outside, made[i]);
		if (unlink(p) != 0)
			rmdir(p);
		free(p);
	}
}

static void
setup(void)
{
	char tmpl[] = "/tmp/bootdeck-fuzz-path.XXXXXX", *p;

	FUZZ_CHECK(mkdtemp(tmpl) != NULL);
	outside = xstrdup(tmpl);
	atexit(cleanup);
	root = xasprintf("%s/root", outside);
	FUZZ_CHECK(mkdir(root, 0755) == 0);
	p = xasprintf("%s/d", root);
	FUZZ_CHECK(mkdir(p, 0755) == 0);
	free(p);
	p = xasprintf("%s/a.iso", root);
	make_file(p, &inside_ino[0]);
	free(p);
	p = xasprintf("%s/d/b.img", root);
	make_file(p, &inside_ino[1]);
	free(p);
	p = xasprintf("%s/secret", outside);
	make_file(p, NULL);
	free(p);
	/* Symlinks: in, out (relative and absolute), a directory out. */
	p = xasprintf("%s/in", root);
	FUZZ_CHECK(symlink("d/b.img", p) == 0);
	free(p);
	p = xasprintf("%s/up", root);
	FUZZ_CHECK(symlink("../secret", p) == 0);
	free(p);
	p = xasprintf("%s/abs", root);
	FUZZ_CHECK(symlink(outside, p) == 0);
	free(p);
	p = xasprintf("%s/d/back", root);
	FUZZ_CHECK(symlink("..", p) == 0);
	free(p);
	p = xasprintf("%s/absin", root);
	{
		char *target = xasprintf("%s/a.iso", root);

		FUZZ_CHECK(symlink(target, p) == 0);
		free(target);
	}
	free(p);
	rootfd = open(root, O_RDONLY | O_DIRECTORY);
	FUZZ_CHECK(rootfd >= 0);
}

static void
check_clean(const char *rel)
{
	const char *c;
	size_t n;

	if (!path_is_clean(rel))
		return;
	FUZZ_CHECK(rel[0] != '\0' && rel[0] != '/');
	for (c = rel;; c += n + 1) {
		n = strcspn(c, "/");
		FUZZ_CHECK(n > 0);
		FUZZ_CHECK(!(n == 1 && c[0] == '.'));
		FUZZ_CHECK(!(n == 2 && c[0] == '.' && c[1] == '.'));
		if (c[n] == '\0')
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = xmalloc(size + 1), *out, *back;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t outlen;
	int fd;

	if (root == NULL)
		setup();
	memcpy(in, data, size);
	in[size] = '\0';
	outlen = size + 1;
	out = xmalloc(outlen);
	/* Decoding never writes past out, and ends in a NUL. */
	if (path_decode(in, size, out, outlen, false)) {
		FUZZ_CHECK(strlen(out) <= size);
		FUZZ_CHECK(memchr(in, '\0', size) == NULL);
		check_clean(out);
		/* Our own encoding of it decodes to it. */
		sanitize_url_path(&sb, out);
		back = xmalloc(sb.len + 1);
		FUZZ_CHECK(path_decode(sb.data, sb.len, back, sb.len + 1,
		    false));
		FUZZ_CHECK(strcmp(back, out) == 0);
		free(back);
		/* Only files below the root open, whatever the path says. */
		if (path_is_clean(out)) {
			fd = path_open_beneath(rootfd, root, out, &st);
			if (fd >= 0) {
				FUZZ_CHECK(S_ISREG(st.st_mode));
				FUZZ_CHECK(st.st_dev == inside_dev &&
				    (st.st_ino == inside_ino[0] ||
				    st.st_ino == inside_ino[1]));
				close(fd);
			} else
				FUZZ_CHECK(errno != 0);
		}
		/* A one byte shorter buffer must fail, never overflow. */
		if (strlen(out) > 0) {
			char *small = xmalloc(strlen(out));

			FUZZ_CHECK(!path_decode(in, size, small, strlen(out),
			    false));
			free(small);
		}
	}
	/* The raw text as a path, too. */
	check_clean(in);
	strbuf_free(&sb);
	free(out);
	free(in);
	return 0;
}
