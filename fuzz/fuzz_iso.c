/* fuzz_iso.c: the ISO 9660 reader on hostile images: bounded, a one-line reason on failure, and a tree that holds together on success. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "iso/iso9660.h"

/* The input is the image from sector 16 on: the system area before it
   is never read, so seeds and mutations skip its 32 KiB of zeros. */
#define SYSTEM_AREA	(16 * 2048)

static void
check_file(const struct iso_image *img, int fd, const struct iso_file *f)
{
	static char buf[8192];
	const struct iso_file *found;
	uint64_t sum = 0, off;
	size_t i, want;
	ssize_t n;

	FUZZ_CHECK(f->path != NULL && f->path[0] != '\0');
	FUZZ_CHECK(f->path[0] != '/');
	FUZZ_CHECK(strstr(f->path, "//") == NULL);
	FUZZ_CHECK(f->path[strlen(f->path) - 1] != '/');
	FUZZ_CHECK(strlen(f->path) <= ISO_PATH_MAX);
	/* Found by its own name: exact names win over case-folded ones. */
	found = iso_image_find(img, f->path);
	FUZZ_CHECK(found != NULL && strcmp(found->path, f->path) == 0);
	if (f->is_dir)
		FUZZ_CHECK(f->n_extents == 0);
	FUZZ_CHECK(f->n_extents <= ISO_FILE_EXTENTS_MAX);
	for (i = 0; i < f->n_extents; i++) {
		FUZZ_CHECK(f->extents[i].length > 0);
		FUZZ_CHECK(sum + f->extents[i].length >= sum);
		sum += f->extents[i].length;
	}
	FUZZ_CHECK(sum == f->size);
	if (f->is_dir || f->size == 0)
		return;
	/* Reading never goes wrong in memory, wherever the extents point. */
	want = f->size < sizeof buf ? (size_t)f->size : sizeof buf;
	n = iso_file_pread(fd, f, buf, want, 0);
	FUZZ_CHECK(n >= -1 && n <= (ssize_t)want);
	if (iso_file_span(f, 0, 1, &off))
		FUZZ_CHECK(off == f->extents[0].offset);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iso_image *img = NULL;
	const struct iso_file *f, *prev = NULL;
	const char *vol;
	char err[512];
	size_t i, count;
	int fd;

	fd = memfd_create("fuzz-iso", 0);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(ftruncate(fd, SYSTEM_AREA) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, SYSTEM_AREA) == (ssize_t)size);
	err[0] = '\0';
	if (iso_image_read(fd, &img, err, sizeof err) != 0) {
		FUZZ_CHECK(img == NULL);
		/* One line of printable ASCII: names in it come from the
		   image and go to logs and terminals. */
		FUZZ_CHECK(err[0] != '\0');
		for (vol = err; *vol != '\0'; vol++)
			FUZZ_CHECK(*vol >= 0x20 && *vol < 0x7f);
		close(fd);
		return 0;
	}
	FUZZ_CHECK(img != NULL);
	count = iso_image_count(img);
	FUZZ_CHECK(count <= ISO_FILES_MAX);
	for (i = 0; i < count; i++) {
		f = iso_image_file(img, i);
		check_file(img, fd, f);
		/* In strcmp order, each path once. */
		if (prev != NULL)
			FUZZ_CHECK(strcmp(prev->path, f->path) < 0);
		prev = f;
	}
	vol = iso_image_volume_id(img);
	FUZZ_CHECK(vol != NULL);
	for (; *vol != '\0'; vol++)
		FUZZ_CHECK(*vol >= 0x20 && *vol < 0x7f);
	FUZZ_CHECK((iso_image_boot(img) & ~(ISO_BOOT_BIOS | ISO_BOOT_EFI)) ==
	    0);
	iso_image_free(img);
	close(fd);
	return 0;
}
