/* test_iso9660.c: the ISO reader on images xorriso makes at test time, on broken ones, and on a crafted sparse 8 GiB one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/xmalloc.h"
#include "iso/iso9660.h"

#define BLOCK 2048

static char dir[64];		/* the test's temporary directory */
static bool have_xorriso;

/* One file of the source tree: its names in each kind of tree. */
static const struct tree_file {
	const char	*path;		/* on disk, Rock Ridge and Joliet */
	const char	*plain;		/* the ISO 9660 level-1 name, NULL: not checked */
	size_t		 size;
} tree_files[] = {
	{ "live/vmlinuz", "LIVE/VMLINUZ", 10000 },
	{ "live/initrd.img", "LIVE/INITRD.IMG", 70001 },
	{ "live/filesystem.squashfs", "LIVE/FILESYST.SQU", 100000 },
	{ "Boot/Grub/grub.cfg", "BOOT/GRUB/GRUB.CFG", 300 },
	{ "docs/Mixed Case Name.txt", NULL, 1234 },
	{ "docs/README", NULL, 11 },
	{ "docs/readme", NULL, 12 },
	{ "empty", "EMPTY", 0 },
	{ "a/b/c/d/e/f/g/h/i/j/deep.txt", "A/B/C/D/E/F/G/H/I/J/DEEP.TXT", 5 },
	{ ".disk/info", NULL, 0 },	/* text, written separately */
};

static const char disk_info[] = "Bootdeck Test Disc 1.0 (20240101)\n";

/* The bytes of a tree file: a pattern that differs per file and offset. */
static uint8_t
pattern_byte(size_t file, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15u ^ (file + 1) * 0xbf58476d;

	return (uint8_t)(x >> 29);
}

static void
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
make_tree(void)
{
	const struct tree_file *t;
	char path[512];
	uint8_t *buf;
	size_t i, k;

	for (i = 0; i < sizeof tree_files / sizeof tree_files[0]; i++) {
		t = &tree_files[i];
		snprintf(path, sizeof path, "%s/src/%s", dir, t->path);
		run("mkdir -p \"$(dirname '%s')\"", path);
		if (strcmp(t->path, ".disk/info") == 0) {
			write_file(path, disk_info, strlen(disk_info));
			continue;
		}
		buf = xmalloc(t->size + 1);
		for (k = 0; k < t->size; k++)
			buf[k] = pattern_byte(i, k);
		write_file(path, buf, t->size);
		free(buf);
	}
	/* Debian's and Ubuntu's discs have one: not a file to serve. */
	snprintf(path, sizeof path, "%s/src/debian", dir);
	assert_int_equal(symlink(".", path), 0);
	snprintf(path, sizeof path, "%s/src/boot.img", dir);
	buf = xcalloc(1, 4 * BLOCK);
	write_file(path, buf, 4 * BLOCK);
	snprintf(path, sizeof path, "%s/src/efi.img", dir);
	write_file(path, buf, 4 * BLOCK);
	free(buf);
}

static int
setup(void **state)
{
	snprintf(dir, sizeof dir, "%s/bootdeck-iso.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	have_xorriso = system("xorriso -version >/dev/null 2>&1") == 0;
	if (!have_xorriso)
		return 0;
	make_tree();
	/* Rock Ridge only (xorriso's default), Joliet only, neither, both
	   with El Torito for BIOS and EFI, and Rock Ridge with deep
	   directories relocated (CL/RE). */
	run("cd %s && xorriso -outdev rr.iso -volid BOOTDECK_RR -map src / "
	    ">/dev/null 2>&1", dir);
	run("cd %s && xorriso -outdev joliet.iso -rockridge off -joliet on "
	    "-map src / >/dev/null 2>&1", dir);
	run("cd %s && xorriso -outdev plain.iso -rockridge off -joliet off "
	    "-compliance iso_9660_level=1 -map src / >/dev/null 2>&1", dir);
	run("cd %s && xorriso -as mkisofs -o both.iso -R -J -V BOOTDECK_BOTH "
	    "-b boot.img -no-emul-boot -eltorito-alt-boot -e efi.img "
	    "-no-emul-boot src >/dev/null 2>&1", dir);
	run("cd %s && xorriso -as mkisofs -o reloc.iso -rr_reloc_dir RR_MOVED "
	    "src >/dev/null 2>&1", dir);
	return 0;
}

static int
teardown(void **state)
{
	if (dir[0] != '\0' && getenv("BD_KEEP") == NULL)
		run("rm -rf '%s'", dir);
	return 0;
}

static int
open_iso(const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

static struct iso_image *
read_ok(const char *name, int *fdp)
{
	struct iso_image *img = NULL;
	char err[256] = "";
	int fd = open_iso(name);

	if (iso_image_read(fd, &img, err, sizeof err) != 0)
		fail_msg("%s: %s", name, err);
	*fdp = fd;
	return img;
}

/* The reason iso_image_read gives for name, which must fail. */
static void
read_fails(const char *name, const char *want)
{
	struct iso_image *img = NULL;
	char err[256] = "";
	int fd = open_iso(name);

	errno = 0;
	if (iso_image_read(fd, &img, err, sizeof err) == 0)
		fail_msg("%s: read, expected '%s'", name, want);
	assert_int_equal(errno, EINVAL);
	assert_null(img);
	close(fd);
	if (strstr(err, want) == NULL)
		fail_msg("%s: '%s', expected '%s'", name, err, want);
	assert_null(strchr(err, '\n'));
}

/* f holds tree file i: size and every byte. */
static void
check_bytes(int fd, const struct iso_file *f, size_t i)
{
	const struct tree_file *t = &tree_files[i];
	uint8_t *buf;
	size_t k;

	assert_false(f->is_dir);
	if (strcmp(t->path, ".disk/info") == 0) {
		assert_int_equal(f->size, strlen(disk_info));
		return;
	}
	assert_int_equal(f->size, t->size);
	buf = xmalloc(t->size + 1);
	assert_int_equal(iso_file_pread(fd, f, buf, t->size + 1, 0), t->size);
	for (k = 0; k < t->size; k++)
		if (buf[k] != pattern_byte(i, k))
			fail_msg("%s: byte %zu differs", f->path, k);
	/* From the middle, and past the end. */
	if (t->size > 10) {
		assert_int_equal(iso_file_pread(fd, f, buf, 5, t->size - 3),
		    3);
		assert_int_equal(buf[0], pattern_byte(i, t->size - 3));
	}
	assert_int_equal(iso_file_pread(fd, f, buf, 1, t->size), 0);
	free(buf);
}

/* Every path sorted, unique, clean; every extent inside the file. */
static void
check_invariants(const struct iso_image *img, uint64_t file_size)
{
	const struct iso_file *f, *prev = NULL;
	uint64_t sum;
	size_t i, k;

	for (i = 0; i < iso_image_count(img); i++) {
		f = iso_image_file(img, i);
		assert_non_null(f);
		assert_true(f->path[0] != '\0' && f->path[0] != '/');
		assert_null(strstr(f->path, "//"));
		if (prev != NULL)
			assert_true(strcmp(prev->path, f->path) < 0);
		sum = 0;
		for (k = 0; k < f->n_extents; k++) {
			assert_true(f->extents[k].length > 0);
			assert_true(f->extents[k].offset <= file_size);
			assert_true(f->extents[k].length <=
			    file_size - f->extents[k].offset);
			sum += f->extents[k].length;
		}
		assert_int_equal(sum, f->size);
		assert_ptr_equal(iso_image_find(img, f->path), f);
		prev = f;
	}
	assert_null(iso_image_file(img, i));
}

/* A tree with real names: every file, its bytes, lookups, slurp. */
static void
check_named_tree(const char *name, enum iso_names names)
{
	const struct iso_file *f;
	struct iso_image *img;
	struct stat st;
	char *buf;
	size_t i, len;
	int fd;

	if (!have_xorriso)
		skip();
	img = read_ok(name, &fd);
	assert_int_equal(iso_image_names(img), names);
	assert_int_equal(fstat(fd, &st), 0);
	check_invariants(img, (uint64_t)st.st_size);
	for (i = 0; i < sizeof tree_files / sizeof tree_files[0]; i++) {
		f = iso_image_find(img, tree_files[i].path);
		if (f == NULL)
			fail_msg("%s: %s missing", name, tree_files[i].path);
		assert_string_equal(f->path, tree_files[i].path);
		check_bytes(fd, f, i);
	}
	f = iso_image_find(img, "live");
	assert_non_null(f);
	assert_true(f->is_dir);
	assert_int_equal(f->n_extents, 0);
	assert_true(iso_image_find(img, "a/b/c/d/e/f/g/h/i/j")->is_dir);
	/* Case: exact first, else the first equal ignoring case. */
	assert_string_equal(iso_image_find(img, "LIVE/VMLINUZ")->path,
	    "live/vmlinuz");
	assert_string_equal(iso_image_find(img, "docs/readme")->path,
	    "docs/readme");
	assert_string_equal(iso_image_find(img, "docs/README")->path,
	    "docs/README");
	assert_string_equal(iso_image_find(img, "docs/ReadMe")->path,
	    "docs/README");
	/* Only clean relative paths name anything. */
	assert_null(iso_image_find(img, "/live/vmlinuz"));
	assert_null(iso_image_find(img, "live/../live/vmlinuz"));
	assert_null(iso_image_find(img, "live/./vmlinuz"));
	assert_null(iso_image_find(img, "live//vmlinuz"));
	assert_null(iso_image_find(img, "live/vmlinuz/"));
	assert_null(iso_image_find(img, "live/vmlinuz;1"));
	assert_null(iso_image_find(img, ""));
	assert_null(iso_image_find(img, "nope"));
	/* The symlink is no file to serve. */
	assert_null(iso_image_find(img, "debian"));
	/* slurp */
	assert_int_equal(iso_image_slurp(img, fd, ".disk/info", 4096, &buf,
	    &len), 0);
	assert_int_equal(len, strlen(disk_info));
	assert_string_equal(buf, disk_info);
	free(buf);
	assert_int_equal(iso_image_slurp(img, fd, "empty", 0, &buf, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	errno = 0;
	assert_int_equal(iso_image_slurp(img, fd, ".disk/info", 10, &buf,
	    &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(buf);
	assert_int_equal(iso_image_slurp(img, fd, "live", 4096, &buf, &len),
	    -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(iso_image_slurp(img, fd, "nope", 4096, &buf, &len),
	    -1);
	assert_int_equal(errno, ENOENT);
	iso_image_free(img);
	close(fd);
}

static void
test_rock_ridge(void **state)
{
	struct iso_image *img;
	int fd;

	check_named_tree("rr.iso", ISO_NAMES_ROCK_RIDGE);
	img = read_ok("rr.iso", &fd);
	assert_string_equal(iso_image_volume_id(img), "BOOTDECK_RR");
	assert_int_equal(iso_image_boot(img), 0);
	iso_image_free(img);
	close(fd);
}

static void
test_joliet(void **state)
{
	check_named_tree("joliet.iso", ISO_NAMES_JOLIET);
}

/* Rock Ridge wins over Joliet; El Torito entries for both platforms. */
static void
test_rock_ridge_and_joliet(void **state)
{
	struct iso_image *img;
	int fd;

	check_named_tree("both.iso", ISO_NAMES_ROCK_RIDGE);
	img = read_ok("both.iso", &fd);
	assert_string_equal(iso_image_volume_id(img), "BOOTDECK_BOTH");
	assert_int_equal(iso_image_boot(img), ISO_BOOT_BIOS | ISO_BOOT_EFI);
	iso_image_free(img);
	close(fd);
}

/* Deep directories moved to RR_MOVED are found where they belong. */
static void
test_relocated(void **state)
{
	check_named_tree("reloc.iso", ISO_NAMES_ROCK_RIDGE);
}

/* Level-1 names: "VMLINUZ.;1" is VMLINUZ, found in any case. */
static void
test_level1(void **state)
{
	const struct iso_file *f;
	struct iso_image *img;
	struct stat st;
	size_t i, n;
	int fd;

	if (!have_xorriso)
		skip();
	img = read_ok("plain.iso", &fd);
	assert_int_equal(iso_image_names(img), ISO_NAMES_ISO9660);
	assert_int_equal(fstat(fd, &st), 0);
	check_invariants(img, (uint64_t)st.st_size);
	for (i = 0; i < sizeof tree_files / sizeof tree_files[0]; i++) {
		if (tree_files[i].plain == NULL)
			continue;
		f = iso_image_find(img, tree_files[i].plain);
		if (f == NULL)
			fail_msg("%s missing", tree_files[i].plain);
		assert_string_equal(f->path, tree_files[i].plain);
		check_bytes(fd, f, i);
	}
	assert_ptr_equal(iso_image_find(img, "live/vmlinuz"),
	    iso_image_find(img, "LIVE/VMLINUZ"));
	assert_ptr_equal(iso_image_find(img, "boot/grub/grub.cfg"),
	    iso_image_find(img, "BOOT/GRUB/GRUB.CFG"));
	for (i = 0; i < iso_image_count(img); i++) {
		f = iso_image_file(img, i);
		n = strlen(f->path);
		assert_null(strchr(f->path, ';'));
		assert_true(f->path[n - 1] != '.');
	}
	iso_image_free(img);
	close(fd);
}

/* Writes the first len bytes of iso name (all when len is 0) to copy, patched. */
static void
copy_iso(const char *name, const char *copy, off_t len)
{
	char from[512], to[512];

	snprintf(from, sizeof from, "%s/%s", dir, name);
	snprintf(to, sizeof to, "%s/%s", dir, copy);
	run("cp '%s' '%s'", from, to);
	if (len > 0)
		assert_int_equal(truncate(to, len), 0);
}

static void
patch(const char *name, off_t off, const void *bytes, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, len, off), (ssize_t)len);
	close(fd);
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
put_both32(uint8_t *p, uint32_t v)
{
	put_le32(p, v);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

static void
get(const char *name, off_t off, void *buf, size_t len)
{
	int fd = open_iso(name);

	assert_int_equal(pread(fd, buf, len, off), (ssize_t)len);
	close(fd);
}

/* The bytes the volume claims, from its primary descriptor. */
static off_t
volume_bytes(const char *name)
{
	uint8_t n[4];

	get(name, 16 * BLOCK + 80, n, sizeof n);
	return (off_t)(n[0] | n[1] << 8 | n[2] << 16 | (uint32_t)n[3] << 24) *
	    BLOCK;
}

/* The root directory's offset in iso name, from its primary descriptor. */
static uint32_t
root_lba(const char *name)
{
	uint8_t rec[34];

	get(name, 16 * BLOCK + 156, rec, sizeof rec);
	return rec[2] | rec[3] << 8 | rec[4] << 16 | (uint32_t)rec[5] << 24;
}

/* The offset of the record named rawname in the root directory of name. */
static off_t
root_record(const char *name, const char *rawname)
{
	uint8_t buf[BLOCK];
	off_t base = (off_t)root_lba(name) * BLOCK;
	size_t pos = 0, n = strlen(rawname);

	get(name, base, buf, sizeof buf);
	while (pos < sizeof buf && buf[pos] != 0) {
		if (buf[pos + 32] == n && memcmp(buf + pos + 33, rawname, n) == 0)
			return base + (off_t)pos;
		pos += buf[pos];
	}
	fail_msg("%s: no record %s", name, rawname);
	return -1;
}

static void
test_truncated(void **state)
{
	if (!have_xorriso)
		skip();
	copy_iso("rr.iso", "t1.iso", 20000);
	read_fails("t1.iso", "not an ISO 9660 image");
	copy_iso("rr.iso", "t2.iso", 18 * BLOCK);
	read_fails("t2.iso", "truncated");
	copy_iso("rr.iso", "t3.iso", 17 * BLOCK);
	read_fails("t3.iso", "truncated");
	copy_iso("rr.iso", "t4.iso", volume_bytes("rr.iso") - BLOCK);
	read_fails("t4.iso", "truncated: the volume is");
	/* A volume that claims less than it holds: the files say. */
	copy_iso("rr.iso", "t5.iso", volume_bytes("rr.iso") / 2);
	{
		uint8_t both[8];

		put_both32(both, 40);
		patch("t5.iso", 16 * BLOCK + 80, both, sizeof both);
	}
	read_fails("t5.iso", "past the end of the file");
}

static void
test_not_iso(void **state)
{
	struct iso_image *img = NULL;
	char path[512], err[128];
	uint8_t *buf;
	size_t i;
	int fd;

	buf = xmalloc(1 << 20);
	for (i = 0; i < 1 << 20; i++)
		buf[i] = (uint8_t)(i * 7919 >> 3);
	snprintf(path, sizeof path, "%s/noise.iso", dir);
	write_file(path, buf, 1 << 20);
	free(buf);
	read_fails("noise.iso", "not an ISO 9660 image");
	snprintf(path, sizeof path, "%s/empty.iso", dir);
	write_file(path, "", 0);
	read_fails("empty.iso", "not an ISO 9660 image");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(iso_image_read(fd, &img, err, sizeof err), -1);
	assert_string_equal(err, "not a regular file");
	close(fd);
	/* A tiny err buffer is fine. */
	fd = open_iso("noise.iso");
	assert_int_equal(iso_image_read(fd, &img, err, 1), -1);
	assert_string_equal(err, "");
	assert_int_equal(iso_image_read(fd, &img, NULL, 0), -1);
	close(fd);
	iso_image_free(NULL);
}

static void
test_corrupt(void **state)
{
	uint8_t b[64];
	off_t rec, su;
	uint32_t root;

	if (!have_xorriso)
		skip();
	root = root_lba("rr.iso");

	/* Block size 512. */
	copy_iso("rr.iso", "c1.iso", 0);
	memcpy(b, "\x00\x02\x02\x00", 4);
	patch("c1.iso", 16 * BLOCK + 128, b, 4);
	read_fails("c1.iso", "unsupported logical block size 512");

	/* The root record says it is a file. */
	copy_iso("rr.iso", "c2.iso", 0);
	b[0] = 0;
	patch("c2.iso", 16 * BLOCK + 156 + 25, b, 1);
	read_fails("c2.iso", "root directory record");

	/* A directory pointing back at the root: a loop. */
	copy_iso("rr.iso", "c3.iso", 0);
	rec = root_record("c3.iso", "LIVE");
	put_both32(b, root);
	patch("c3.iso", rec + 2, b, 8);
	read_fails("c3.iso", "is a loop");

	/* A directory of 4 GiB. */
	copy_iso("rr.iso", "c4.iso", 0);
	rec = root_record("c4.iso", "LIVE");
	put_both32(b, 0xffffffffu);
	patch("c4.iso", rec + 10, b, 8);
	read_fails("c4.iso", "bytes (at most");

	/* A record longer than what is left of its sector. */
	copy_iso("rr.iso", "c5.iso", 0);
	rec = root_record("c5.iso", "LIVE");
	b[0] = 255;
	patch("c5.iso", rec, b, 1);
	b[0] = 0;
	patch("c5.iso", rec + 32, b, 1);
	read_fails("c5.iso", "bad record");

	/* No terminator: the next sector is no descriptor. */
	copy_iso("rr.iso", "c6.iso", 0);
	b[0] = 3;
	patch("c6.iso", 17 * BLOCK, b, 1);
	read_fails("c6.iso", "volume descriptor");

	/* A Rock Ridge continuation area that continues into itself. */
	copy_iso("rr.iso", "c7.iso", 0);
	rec = root_record("c7.iso", "LIVE");
	get("c7.iso", rec, b, 40);
	su = rec + 33 + b[32] + (b[32] % 2 == 0);
	memset(b, 0, 28);
	memcpy(b, "CE\x1c\x01", 4);
	put_both32(b + 4, root);
	put_both32(b + 12, (uint32_t)(su % BLOCK));
	put_both32(b + 20, 28);
	patch("c7.iso", su, b, 28);
	read_fails("c7.iso", "continuation areas");

	/* A multi-extent run that another name interrupts. */
	copy_iso("rr.iso", "c8.iso", 0);
	rec = root_record("c8.iso", "EMPTY.;1");
	b[0] = 0x80;
	patch("c8.iso", rec + 25, b, 1);
	read_fails("c8.iso", "multi-extent file in directory / is interrupted");
}

/*
 * Random damage to the descriptors, directories and boot catalog of a
 * real image: each read succeeds with sane results or fails with a
 * reason; never a crash, a hang or a leak (run under ASan too).
 */
static void
damage(const char *name, unsigned seed)
{
	struct iso_image *img;
	uint8_t orig[96 * 1024], bad[sizeof orig];
	char path[512], copy[64], err[256];
	struct stat st;
	unsigned i, k, n;
	int fd;

	snprintf(copy, sizeof copy, "damaged-%s", name);
	copy_iso(name, copy, 0);
	snprintf(path, sizeof path, "%s/%s", dir, copy);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(pread(fd, orig, sizeof orig, 0), (ssize_t)sizeof orig);
	for (i = 0; i < 1500; i++) {
		memcpy(bad, orig, sizeof orig);
		n = 1 + rand_r(&seed) % 8;
		for (k = 0; k < n; k++)
			bad[16 * BLOCK + (unsigned)rand_r(&seed) %
			    (sizeof bad - 16 * BLOCK)] = (uint8_t)rand_r(&seed);
		assert_int_equal(pwrite(fd, bad, sizeof bad, 0),
		    (ssize_t)sizeof bad);
		err[0] = '\0';
		if (iso_image_read(fd, &img, err, sizeof err) == 0) {
			check_invariants(img, (uint64_t)st.st_size);
			iso_image_free(img);
		} else
			assert_true(err[0] != '\0');
	}
	close(fd);
}

static void
test_damage(void **state)
{
	if (!have_xorriso)
		skip();
	damage("rr.iso", 1);
	damage("joliet.iso", 2);
	damage("both.iso", 3);
}

/*
 * The crafted image: what xorriso makes of files over 4 GiB costs
 * gigabytes of writing, so the records are written here and the data
 * is holes but for markers. ADJ is multi-extent in adjacent pieces (as
 * xorriso writes them), BIG in two pieces with a gap, SUB a directory
 * and TAIL a file past 8 GiB.
 */
#define ADJ_LBA		32u
#define EXT1_LEN	0xfffff800u		/* the largest extent */
#define EXT1_BLOCKS	(EXT1_LEN / BLOCK)
#define ADJ2_LEN	3000u
#define BIG_LBA		(ADJ_LBA + EXT1_BLOCKS + 2)
#define BIG2_LBA	(BIG_LBA + EXT1_BLOCKS + 7)	/* a gap */
#define BIG2_LEN	5000u
#define SUB_LBA		(BIG2_LBA + 3)
#define TAIL_LBA	(SUB_LBA + 1)
#define X_LBA		(TAIL_LBA + 1)
#define VOLUME_BLOCKS	(X_LBA + 1)

static const char tail_text[] = "TAIL: past 8 GiB\n";

static size_t
put_record(uint8_t *p, uint32_t lba, uint32_t len, uint8_t flags,
    const char *name, size_t name_len)
{
	size_t n = 33 + name_len + (name_len % 2 == 0);

	memset(p, 0, n);
	p[0] = (uint8_t)n;
	put_both32(p + 2, lba);
	put_both32(p + 10, len);
	p[25] = flags;
	p[28] = 1;	/* volume sequence number, both-endian 16 */
	p[31] = 1;
	p[32] = (uint8_t)name_len;
	memcpy(p + 33, name, name_len);
	return n;
}

static void
pwrite_at(int fd, const void *buf, size_t len, uint64_t off)
{
	assert_int_equal(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
}

/* A primary descriptor (root at block 18) and a terminator; returns the fd. */
static int
craft_start(const char *path, const char *volid, uint32_t blocks)
{
	uint8_t block[BLOCK];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	memset(block, 0, sizeof block);
	memcpy(block, "\x01" "CD001" "\x01", 7);
	memset(block + 8, ' ', 64);
	memcpy(block + 40, volid, strlen(volid));
	put_both32(block + 80, blocks);
	memcpy(block + 120, "\x01\x00\x00\x01\x01\x00\x00\x01\x00\x08\x08\x00",
	    12);
	put_record(block + 156, 18, BLOCK, 0x02, "\0", 1);
	block[881] = 1;
	pwrite_at(fd, block, sizeof block, 16 * BLOCK);
	memset(block, 0, sizeof block);
	memcpy(block, "\xff" "CD001" "\x01", 7);
	pwrite_at(fd, block, sizeof block, 17 * BLOCK);
	assert_int_equal(ftruncate(fd, (off_t)blocks * BLOCK), 0);
	return fd;
}

static void
craft_big(const char *path)
{
	uint8_t block[BLOCK];
	size_t p;
	int fd = craft_start(path, "BOOTDECK_BIG", VOLUME_BLOCKS);

	/* The root. */
	memset(block, 0, sizeof block);
	p = put_record(block, 18, BLOCK, 0x02, "\0", 1);
	p += put_record(block + p, 18, BLOCK, 0x02, "\1", 1);
	p += put_record(block + p, ADJ_LBA, EXT1_LEN, 0x80, "ADJ.;1", 6);
	p += put_record(block + p, ADJ_LBA + EXT1_BLOCKS, ADJ2_LEN, 0, "ADJ.;1",
	    6);
	p += put_record(block + p, BIG_LBA, EXT1_LEN, 0x80, "BIG.;1", 6);
	p += put_record(block + p, BIG2_LBA, BIG2_LEN, 0, "BIG.;1", 6);
	p += put_record(block + p, SUB_LBA, BLOCK, 0x02, "SUB", 3);
	put_record(block + p, TAIL_LBA, sizeof tail_text - 1, 0, "TAIL.;1", 7);
	pwrite_at(fd, block, sizeof block, 18 * BLOCK);
	/* SUB, past 8 GiB. */
	memset(block, 0, sizeof block);
	p = put_record(block, SUB_LBA, BLOCK, 0x02, "\0", 1);
	p += put_record(block + p, 18, BLOCK, 0x02, "\1", 1);
	put_record(block + p, X_LBA, 2, 0, "X.;1", 4);
	pwrite_at(fd, block, sizeof block, (uint64_t)SUB_LBA * BLOCK);
	/* Markers at the edges of the extents, the rest holes. */
	pwrite_at(fd, "ADJ1-BEG", 8, (uint64_t)ADJ_LBA * BLOCK);
	pwrite_at(fd, "ADJ1-END", 8, (uint64_t)ADJ_LBA * BLOCK + EXT1_LEN - 8);
	pwrite_at(fd, "ADJ2-BEG", 8, (uint64_t)ADJ_LBA * BLOCK + EXT1_LEN);
	pwrite_at(fd, "BIG1-END", 8, (uint64_t)BIG_LBA * BLOCK + EXT1_LEN - 8);
	pwrite_at(fd, "BIG2-BEG", 8, (uint64_t)BIG2_LBA * BLOCK);
	pwrite_at(fd, "BIG2-END", 8, (uint64_t)BIG2_LBA * BLOCK + BIG2_LEN - 8);
	pwrite_at(fd, tail_text, sizeof tail_text - 1,
	    (uint64_t)TAIL_LBA * BLOCK);
	pwrite_at(fd, "x\n", 2, (uint64_t)X_LBA * BLOCK);
	close(fd);
}

static void
test_big_sparse(void **state)
{
	const struct iso_file *f;
	struct iso_image *img;
	char path[512], buf[32], *text;
	uint64_t off;
	struct stat st;
	size_t len;
	int fd;

	snprintf(path, sizeof path, "%s/big.iso", dir);
	craft_big(path);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > (8ll << 30));
	if (st.st_blocks * 512 > (16 << 20))
		skip();	/* no sparse files here: it would cost 8 GiB */
	img = read_ok("big.iso", &fd);
	assert_int_equal(iso_image_names(img), ISO_NAMES_ISO9660);
	assert_string_equal(iso_image_volume_id(img), "BOOTDECK_BIG");
	check_invariants(img, (uint64_t)st.st_size);
	assert_int_equal(iso_image_count(img), 5);

	/* Adjacent extents are one. */
	f = iso_image_find(img, "adj");
	assert_non_null(f);
	assert_string_equal(f->path, "ADJ");
	assert_int_equal(f->size, (uint64_t)EXT1_LEN + ADJ2_LEN);
	assert_int_equal(f->n_extents, 1);
	assert_int_equal(iso_file_pread(fd, f, buf, 16, EXT1_LEN - 8), 16);
	assert_memory_equal(buf, "ADJ1-ENDADJ2-BEG", 16);
	assert_true(iso_file_span(f, EXT1_LEN - 8, 16, &off));
	assert_int_equal(off, (uint64_t)ADJ_LBA * BLOCK + EXT1_LEN - 8);

	/* Two pieces with a gap: reads join them, spans do not cross. */
	f = iso_image_find(img, "BIG");
	assert_non_null(f);
	assert_int_equal(f->size, (uint64_t)EXT1_LEN + BIG2_LEN);
	assert_int_equal(f->n_extents, 2);
	assert_int_equal(f->extents[1].offset, (uint64_t)BIG2_LBA * BLOCK);
	assert_int_equal(iso_file_pread(fd, f, buf, 16, EXT1_LEN - 8), 16);
	assert_memory_equal(buf, "BIG1-ENDBIG2-BEG", 16);
	assert_int_equal(iso_file_pread(fd, f, buf, 32, f->size - 8), 8);
	assert_memory_equal(buf, "BIG2-END", 8);
	assert_false(iso_file_span(f, EXT1_LEN - 8, 16, &off));
	assert_true(iso_file_span(f, EXT1_LEN - 8, 8, &off));
	assert_int_equal(off, (uint64_t)BIG_LBA * BLOCK + EXT1_LEN - 8);
	assert_true(iso_file_span(f, EXT1_LEN + 10, 100, &off));
	assert_int_equal(off, (uint64_t)BIG2_LBA * BLOCK + 10);
	assert_false(iso_file_span(f, f->size - 1, 2, &off));
	assert_false(iso_file_span(f, f->size, 1, &off));

	/* Files and directories past 8 GiB. */
	assert_int_equal(iso_image_slurp(img, fd, "tail", 100, &text, &len),
	    0);
	assert_string_equal(text, tail_text);
	free(text);
	assert_true(iso_image_find(img, "SUB")->is_dir);
	assert_int_equal(iso_image_slurp(img, fd, "SUB/X", 100, &text, &len),
	    0);
	assert_string_equal(text, "x\n");
	free(text);
	iso_image_free(img);
	close(fd);

	/* xorriso reads the crafted image the same way. */
	if (have_xorriso) {
		run("cd %s && xorriso -indev big.iso -lsl / 2>/dev/null | "
		    "grep -q ' %llu .*BIG'", dir,
		    (unsigned long long)EXT1_LEN + BIG2_LEN);
		run("cd %s && xorriso -indev big.iso -lsl /SUB 2>/dev/null | "
		    "grep -q ' 2 .*X'", dir);
	}

	/* SUB/X made a directory that is the root: a loop. */
	craft_big(path);
	{
		uint8_t b[8];

		put_both32(b, 18);
		patch("big.iso", (off_t)SUB_LBA * BLOCK + 34 + 34 + 2, b, 8);
		put_both32(b, BLOCK);
		patch("big.iso", (off_t)SUB_LBA * BLOCK + 34 + 34 + 10, b, 8);
		b[0] = 0x02;
		patch("big.iso", (off_t)SUB_LBA * BLOCK + 34 + 34 + 25, b, 1);
	}
	read_fails("big.iso", "is a loop");

	/* A multi-extent run that ends with the directory. */
	craft_big(path);
	{
		uint8_t b = 0x80;

		patch("big.iso", root_record("big.iso", "TAIL.;1") + 25, &b, 1);
	}
	read_fails("big.iso", "multi-extent file in directory / has no last extent");
	assert_int_equal(unlink(path), 0);
}

/*
 * What xorriso itself makes of a file over 4 GiB: written through a pipe
 * into a sparse file, still 10-30 s of copying zeros, so only with
 * BOOTDECK_SLOW_TESTS=1 (the crafted image above covers the layout).
 */
static void
test_xorriso_multi_extent(void **state)
{
	const uint64_t size = (4500ull << 20);
	const struct iso_file *f;
	struct iso_image *img;
	char path[512], buf[16], *text;
	size_t len;
	int fd;

	if (!have_xorriso || getenv("BOOTDECK_SLOW_TESTS") == NULL)
		skip();
	run("mkdir -p %s/huge && cd %s/huge && truncate -s %llu a_big && "
	    "printf TAILMARK | dd of=a_big bs=1 seek=%llu conv=notrunc "
	    "2>/dev/null && echo hello > z_small", dir, dir,
	    (unsigned long long)size, (unsigned long long)size - 8);
	snprintf(path, sizeof path, "%s/huge", dir);
	run("xorriso -as mkisofs -iso-level 3 -R -o - %s/a_big %s/z_small "
	    "2>/dev/null | dd of=%s/huge.iso bs=1M conv=sparse iflag=fullblock "
	    "status=none", path, path, dir);
	run("rm -rf %s", path);
	img = read_ok("huge.iso", &fd);
	f = iso_image_find(img, "a_big");
	assert_non_null(f);
	assert_int_equal(f->size, size);
	assert_int_equal(iso_file_pread(fd, f, buf, 16, size - 8), 8);
	assert_memory_equal(buf, "TAILMARK", 8);
	assert_int_equal(iso_image_slurp(img, fd, "z_small", 100, &text, &len),
	    0);
	assert_string_equal(text, "hello\n");
	assert_true(iso_image_find(img, "z_small")->extents[0].offset >
	    (4ull << 30));
	free(text);
	iso_image_free(img);
	close(fd);
	snprintf(path, sizeof path, "%s/huge.iso", dir);
	assert_int_equal(unlink(path), 0);
}

/* Hostile trees stop at the limits, with the reason. */
static void
test_limits(void **state)
{
	uint8_t block[BLOCK];
	char path[512];
	size_t p;
	unsigned i;
	int fd;

	/* A chain of directories deeper than ISO_DEPTH_MAX. */
	snprintf(path, sizeof path, "%s/deep.iso", dir);
	fd = craft_start(path, "DEEP", 20 + ISO_DEPTH_MAX + 10);
	for (i = 0; i < ISO_DEPTH_MAX + 5; i++) {
		memset(block, 0, sizeof block);
		p = put_record(block, 18 + i, BLOCK, 0x02, "\0", 1);
		p += put_record(block + p, i > 0 ? 17 + i : 18, BLOCK, 0x02,
		    "\1", 1);
		put_record(block + p, 19 + i, BLOCK, 0x02, "D", 1);
		pwrite_at(fd, block, sizeof block, (uint64_t)(18 + i) * BLOCK);
	}
	close(fd);
	read_fails("deep.iso", "nested deeper than");

	/* Directories of 32 MiB at distinct offsets (no loop), over the
	   total: each is read, all are counted. Sparse: holes read fast. */
	snprintf(path, sizeof path, "%s/wide.iso", dir);
	fd = craft_start(path, "WIDE", 20 + (ISO_DIR_BYTES_MAX / BLOCK) + 20);
	memset(block, 0, sizeof block);
	p = put_record(block, 18, BLOCK, 0x02, "\0", 1);
	p += put_record(block + p, 18, BLOCK, 0x02, "\1", 1);
	for (i = 0; i < ISO_TREE_BYTES_MAX / ISO_DIR_BYTES_MAX + 1; i++) {
		char name[2] = { (char)('A' + i), 0 };

		p += put_record(block + p, 20 + i, ISO_DIR_BYTES_MAX, 0x02,
		    name, 1);
	}
	pwrite_at(fd, block, sizeof block, 18 * BLOCK);
	close(fd);
	read_fails("wide.iso", "directories larger than");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rock_ridge),
		cmocka_unit_test(test_joliet),
		cmocka_unit_test(test_rock_ridge_and_joliet),
		cmocka_unit_test(test_relocated),
		cmocka_unit_test(test_level1),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_iso),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_big_sparse),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_xorriso_multi_extent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
