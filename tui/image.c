/* image.c: finding an image below the images directory the way bootdeckd serves it, files inside ISOs included. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "iso/iso9660.h"
#include "tui/image.h"

/* The file inside the ISO at iso: its size, or -1. */
static int64_t
image_inner_size(const char *iso, const char *inner)
{
	const struct iso_file *f;
	struct iso_image *img;
	int64_t size = -1;
	char err[256];
	int fd;

	fd = open(iso, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (iso_image_read(fd, &img, err, sizeof err) == 0) {
		f = iso_image_find(img, inner);
		if (f != NULL && !f->is_dir)
			size = (int64_t)f->size;
		iso_image_free(img);
	}
	close(fd);
	return size;
}

bool
image_find(const char *dir, const char *rel, int64_t *size)
{
	const char *slash;
	struct stat sb;
	char *file;

	*size = -1;
	file = xasprintf("%s/%s", dir, rel);
	if (stat(file, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			*size = (int64_t)sb.st_size;
	} else if (errno == ENOTDIR) {
		/* A regular file on the way: rel may lead into an ISO. */
		for (slash = strchr(rel, '/'); slash != NULL;
		    slash = strchr(slash + 1, '/')) {
			free(file);
			file = xasprintf("%s/%.*s", dir, (int)(slash - rel),
			    rel);
			if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode)) {
				*size = image_inner_size(file, slash + 1);
				break;
			}
		}
	}
	free(file);
	return *size >= 0;
}
