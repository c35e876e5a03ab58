/* mkiso_split.c: writes a small ISO whose one file lies in three separate extents (xorriso only splits files over 4 GiB). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 2048

static const char usage[] =
    "usage: mkiso_split ISO CONTENT\n"
    "  Writes ISO with /SPLIT.BIN;1 in three extents with gaps of junk\n"
    "  between them, and the file's bytes to CONTENT.\n";

/* The file's extents: block and length; all but the last whole blocks. */
static const struct {
	uint32_t	 lba;
	uint32_t	 len;
} pieces[] = {
	{ 40, 20 * BLOCK },
	{ 63, 24 * BLOCK },	/* after a gap of 3 blocks */
	{ 90, 30001 },		/* after a gap of 3 blocks */
};

#define VOLUME_BLOCKS 110

static void
put_both32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

static size_t
put_record(uint8_t *p, uint32_t lba, uint32_t len, uint8_t flags,
    const char *name, size_t name_len)
{
	size_t n = 33 + name_len + (name_len % 2 == 0);

	p[0] = (uint8_t)n;
	put_both32(p + 2, lba);
	put_both32(p + 10, len);
	p[25] = flags;
	p[28] = 1;
	p[31] = 1;
	p[32] = (uint8_t)name_len;
	memcpy(p + 33, name, name_len);
	return n;
}

int
main(int argc, char **argv)
{
	static uint8_t iso[VOLUME_BLOCKS * BLOCK];
	uint8_t *root = iso + 18 * BLOCK, *pvd = iso + 16 * BLOCK;
	uint32_t x = 2463534242u;
	size_t i, p, n = sizeof pieces / sizeof pieces[0];
	FILE *f, *c;

	if (argc != 3) {
		fputs(usage, stderr);
		return 2;
	}
	/* Junk everywhere first: a read from a gap shows. */
	for (i = 0; i < sizeof iso; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		iso[i] = (uint8_t)x;
	}
	memset(iso, 0, 19 * BLOCK);
	memcpy(pvd, "\x01" "CD001" "\x01", 7);
	memset(pvd + 8, ' ', 64);
	memcpy(pvd + 40, "SPLIT", 5);
	put_both32(pvd + 80, VOLUME_BLOCKS);
	memcpy(pvd + 120, "\x01\x00\x00\x01\x01\x00\x00\x01\x00\x08\x08\x00", 12);
	put_record(pvd + 156, 18, BLOCK, 0x02, "\0", 1);
	pvd[881] = 1;
	memcpy(iso + 17 * BLOCK, "\xff" "CD001" "\x01", 7);
	p = put_record(root, 18, BLOCK, 0x02, "\0", 1);
	p += put_record(root + p, 18, BLOCK, 0x02, "\1", 1);
	for (i = 0; i < n; i++)
		p += put_record(root + p, pieces[i].lba, pieces[i].len,
		    i + 1 < n ? 0x80 : 0, "SPLIT.BIN;1", 11);
	f = fopen(argv[1], "wb");
	c = fopen(argv[2], "wb");
	if (f == NULL || c == NULL) {
		perror("mkiso_split");
		return 1;
	}
	for (i = 0; i < n; i++)
		fwrite(iso + (size_t)pieces[i].lba * BLOCK, 1, pieces[i].len, c);
	fwrite(iso, 1, sizeof iso, f);
	if (fclose(f) != 0 || fclose(c) != 0) {
		perror("mkiso_split");
		return 1;
	}
	return 0;
}
