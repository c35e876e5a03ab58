/* iso9660.h: the directory tree of an ISO 9660 image (Rock Ridge, Joliet, multi-extent), read once from an open fd. */
#ifndef BOOTDECK_ISO9660_H
#define BOOTDECK_ISO9660_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Limits on what one image may make us read and keep, so that a hostile
 * or broken image costs bounded memory and time: past any of them
 * iso_image_read fails with the reason.
 */
#define ISO_FILES_MAX		1000000		/* files and directories */
#define ISO_DEPTH_MAX		64		/* directory nesting */
#define ISO_PATH_MAX		4096		/* bytes of one inner path */
#define ISO_PATH_BYTES_MAX	(64u << 20)	/* bytes of all inner paths */
#define ISO_DIR_BYTES_MAX	(32u << 20)	/* one directory's records */
#define ISO_TREE_BYTES_MAX	(256u << 20)	/* all of them, and RR extras */
#define ISO_FILE_EXTENTS_MAX	4096		/* extents of one file (16 TiB) */

/* Byte offset and length within the ISO file. */
struct iso_extent {
	uint64_t	 offset, length;
};

struct iso_file {
	/* "live/vmlinuz": the best name (Rock Ridge, else Joliet, else the
	   ISO 9660 name without ";1" and a trailing "."), no leading '/'. */
	const char		*path;
	uint64_t		 size;		/* sum of the extents' lengths */
	/* In file order; extents adjacent in the ISO are merged into one,
	   so a multi-extent file written in one piece has one. Empty
	   files and directories have none. */
	size_t			 n_extents;
	const struct iso_extent	*extents;
	bool			 is_dir;
};

/* Which names the files got: the tree iso_image_read chose. */
enum iso_names {
	ISO_NAMES_ISO9660,	/* plain ISO 9660 names, ";1" dropped */
	ISO_NAMES_JOLIET,
	ISO_NAMES_ROCK_RIDGE,
};

/* El Torito boot catalog entries marked bootable, by platform. */
#define ISO_BOOT_BIOS	0x1u	/* platform 0x00, 80x86 */
#define ISO_BOOT_EFI	0x2u	/* platform 0xef */

struct iso_image;

/*
 * Reads the volume descriptors and the whole directory tree of the image
 * open on fd (only pread is used; the offset is left alone). Returns 0
 * with *out set, or -1 with a one-line reason in err ("not an ISO 9660
 * image ...", "truncated: ...", "corrupt: ...") and errno EINVAL when
 * the image is at fault, else the failed call's (EIO...).
 */
int iso_image_read(int fd, struct iso_image **out, char *err, size_t errlen);
void iso_image_free(struct iso_image *img);

/* The file or directory at path (no leading '/'): exactly, else ignoring ASCII case; NULL if none. */
const struct iso_file *iso_image_find(const struct iso_image *img,
    const char *path);
size_t iso_image_count(const struct iso_image *img);
/* The i-th file, in strcmp order of path. */
const struct iso_file *iso_image_file(const struct iso_image *img, size_t i);
/* The primary volume identifier, trailing blanks trimmed, printable ASCII. */
const char *iso_image_volume_id(const struct iso_image *img);
enum iso_names iso_image_names(const struct iso_image *img);
/* ISO_BOOT_* bits; 0 when there is no usable boot catalog. */
unsigned iso_image_boot(const struct iso_image *img);

/*
 * Where file bytes [off, off + len) lie in the ISO when they lie in one
 * extent: true with *iso_off set; false when they cross extents or end.
 */
bool iso_file_span(const struct iso_file *f, uint64_t off, uint64_t len,
    uint64_t *iso_off);
/*
 * Reads up to len bytes of f from file offset off through fd, across
 * extents. Returns the count (short only at the end of the file or when
 * the ISO shrank), or -1 with errno set.
 */
ssize_t iso_file_pread(int fd, const struct iso_file *f, void *buf,
    size_t len, uint64_t off);

/*
 * Reads a small inner file (".disk/info") whole into a NUL-terminated
 * xmalloc'd *buf of *len bytes (plus the NUL). Returns 0, or -1 with
 * errno ENOENT (no such file), EISDIR, EFBIG (larger than max) or EIO
 * (short read) or pread's own.
 */
int iso_image_slurp(const struct iso_image *img, int fd, const char *path,
    size_t max, char **buf, size_t *len);

#endif
