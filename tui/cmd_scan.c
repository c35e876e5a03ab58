/* cmd_scan.c: `bootdeck scan`: every ISO in the images directory, how it boots, who uses it, and what is wrong with it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "common/size.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "tui/cli.h"
#include "tui/iso_scan.h"

#define SHA256_HEX		64

enum scan_opt { OPT_ADD = 256, OPT_CHECKSUMS };

/* Checksums -------------------------------------------------------------- */

/* A checksum file, by the names distributions give them. */
static bool
scan_is_sum_file(const char *file, const char *iso)
{
	static const char *const names[] = { "SHA256SUMS", "sha256sum.txt",
	    "SHA256SUMS.txt" };
	size_t i, len = strlen(file), ilen = strlen(iso);

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(file, names[i]) == 0)
			return true;
	/* Fedora's "...-CHECKSUM"; "ISO.sha256". */
	return (len >= 8 && strcmp(file + len - 8, "CHECKSUM") == 0) ||
	    (len == ilen + 7 && strncmp(file, iso, ilen) == 0 &&
	    strcmp(file + ilen, ".sha256") == 0);
}

/* The hash one line gives name: GNU "HEX  NAME" or "HEX *NAME", BSD
   "SHA256 (NAME) = HEX", or a lone HEX when alone is set (ISO.sha256). */
static bool
scan_sum_line(char *line, const char *name, bool alone,
    char hex[SHA256_HEX + 1])
{
	const char *hexset = "0123456789abcdefABCDEF", *p;
	size_t hlen, nlen = strlen(name);

	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(line, "SHA256 (", 8) == 0) {
		p = line + 8;
		if (strncmp(p, name, nlen) != 0 || strncmp(p + nlen, ") = ", 4))
			return false;
		p += nlen + 4;
	} else {
		hlen = strspn(line, hexset);
		p = line + hlen;
		if (hlen != SHA256_HEX)
			return false;
		if (!(*p == '\0' && alone)) {
			p += strspn(p, " \t");
			if (*p == '*')
				p++;
			if (p == line + hlen || strcmp(p, name) != 0)
				return false;
		}
		p = line;
	}
	if (strspn(p, hexset) != SHA256_HEX)
		return false;
	memcpy(hex, p, SHA256_HEX);
	hex[SHA256_HEX] = '\0';
	return true;
}

/* The SHA-256 a checksum file beside the ISO publishes for it, if any. */
static bool
scan_expected(const char *dir, const char *name, char hex[SHA256_HEX + 1])
{
	char line[4096], *path;
	struct dirent *d;
	bool found = false;
	DIR *dp;
	FILE *f;

	if ((dp = opendir(dir)) == NULL)
		return false;
	while (!found && (d = readdir(dp)) != NULL) {
		if (!scan_is_sum_file(d->d_name, name))
			continue;
		path = xasprintf("%s/%s", dir, d->d_name);
		if ((f = fopen(path, "r")) != NULL) {
			while (!found && fgets(line, sizeof line, f) != NULL)
				found = scan_sum_line(line, name,
				    strstr(d->d_name, ".sha256") != NULL, hex);
			fclose(f);
		}
		free(path);
	}
	closedir(dp);
	return found;
}

static bool
scan_sha256(const char *path, char hex[SHA256_HEX + 1], char *why,
    size_t whylen)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char digest[32];
	gnutls_hash_hd_t h;
	char *buf;
	ssize_t r;
	int fd;
	size_t i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return false;
	}
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) != 0) {
		snprintf(why, whylen, "SHA-256 is not available");
		close(fd);
		return false;
	}
	buf = xmalloc(1 << 20);
	while ((r = read(fd, buf, 1 << 20)) > 0)
		gnutls_hash(h, buf, (size_t)r);
	if (r < 0)
		snprintf(why, whylen, "%s", strerror(errno));
	gnutls_hash_deinit(h, digest);
	free(buf);
	close(fd);
	for (i = 0; i < sizeof digest; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[SHA256_HEX] = '\0';
	return r == 0;
}

/* Sets x->checksum; true unless the ISO's bytes are not what was published. */
static bool
scan_checksum(struct iso_scan *s, struct iso_scan_item *x)
{
	char want[SHA256_HEX + 1], got[SHA256_HEX + 1], why[256];
	char *path = xasprintf("%s/%s", s->root, x->rel), *dir, *slash;
	bool ok = true;

	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (!scan_expected(dir, slash + 1, want))
		x->checksum = xstrdup("no checksum file names it");
	else if (!scan_sha256(path, got, why, sizeof why)) {
		x->checksum = xasprintf("cannot read: %s", why);
		ok = false;
	} else if (strcasecmp(got, want) != 0) {
		x->checksum = xasprintf("MISMATCH: sha256 %s, published %s",
		    got, want);
		ok = false;
	} else
		x->checksum = xstrdup("ok (sha256)");
	free(dir);
	free(path);
	return ok;
}

/* --add ------------------------------------------------------------------ */

static int
scan_add(struct catalog *cat, struct iso_scan *s, struct entry **v, size_t *n)
{
	size_t i, added = 0;
	int status;

	for (i = 0; i < s->n; i++) {
		struct iso_scan_item *x = &s->v[i];
		struct entry e = { .kind = ENTRY_ISO, .enabled = true };

		if (x->users != NULL)
			continue;
		if (x->problem != NULL) {
			cli_warn("%s: not added: %s", x->rel, x->problem);
			continue;
		}
		e.name = iso_scan_entry_name(x->rel, *v, *n);
		e.title = xstrdup(x->label != NULL && x->label[0] != '\0' ?
		    x->label : x->rel);
		if (strlen(e.title) > ENTRY_TITLE_MAX)
			e.title[ENTRY_TITLE_MAX] = '\0';
		e.target = xstrdup(x->rel);
		status = catalog_entry_add(cat, &e);
		if (status != CATALOG_OK) {
			cli_warn("%s: not added: %s", x->rel,
			    catalog_error(cat));
			entry_clear(&e);
			continue;
		}
		printf("added entry '%s' for %s (%s)\n", e.name, x->rel,
		    x->recipe != NULL ? x->recipe : "sanboot");
		x->users = xstrdup(e.name);
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = e;
		added++;
	}
	if (added == 0)
		printf("every readable ISO has an entry already\n");
	return CLI_OK;
}

static int
scan_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "add", no_argument, NULL, OPT_ADD },
		{ "checksums", no_argument, NULL, OPT_CHECKSUMS },
		{ "images", required_argument, NULL, 'i' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { "ISO", "SIZE", "RECIPE", "LABEL",
	    "USED-BY", "PROBLEM" };
	const char *const chead[] = { "ISO", "CHECKSUM" };
	struct iso_scan s = { 0 };
	struct catalog *cat = NULL;
	struct entry *v = NULL;
	const struct config *cfg;
	struct cli_table t;
	bool add = false, sums = false, bad = false;
	size_t n = 0, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "i:", opts,
	    NULL)) != -1) {
		if (c == OPT_ADD)
			add = true;
		else if (c == OPT_CHECKSUMS)
			sums = true;
		else if (c == 'i')
			cli->images = optarg;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL ||
	    (cat = cli_open(cli, add ? CLI_WRITE : CLI_READ)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_entry_list(cat, &v, &n));
	if (status != CLI_OK)
		goto out;
	if (iso_scan_run(&s, config_get(cfg, CONFIG_IMAGES), v, n) != 0) {
		cli_error("cannot read the images directory %s", s.walk_error);
		status = CLI_FAIL;
		goto out;
	}
	for (i = 0; i < s.n; i++)
		bad |= s.v[i].problem != NULL;
	if (add)
		scan_add(cat, &s, &v, &n);

	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < s.n; i++) {
		const struct iso_scan_item *x = &s.v[i];
		char size[32];
		const char *row[] = { x->rel, size, x->recipe != NULL ?
		    x->recipe : x->problem != NULL ? "-" : "sanboot", x->label,
		    x->users, x->problem != NULL ? x->problem : x->note };

		size_format(size, sizeof size, x->size);
		cli_table_add(&t, row);
	}
	if (s.n > 0)
		cli_table_print(&t, stdout);
	else
		printf("no ISO (*.iso) under %s\n", s.root);
	cli_table_free(&t);

	if (sums && s.n > 0) {
		putchar('\n');
		cli_table_init(&t, 2, chead);
		for (i = 0; i < s.n; i++) {
			const char *row[2] = { s.v[i].rel, NULL };

			bad |= !scan_checksum(&s, &s.v[i]);
			row[1] = s.v[i].checksum;
			cli_table_add(&t, row);
		}
		cli_table_print(&t, stdout);
		cli_table_free(&t);
	}
	status = bad ? CLI_FAIL : CLI_OK;
out:
	iso_scan_free(&s);
	entry_array_free(v, n);
	catalog_close(cat);
	return status;
}

const struct cli_command cmd_scan = {
	.name = "scan",
	.run = scan_run,
	.usage = "scan [--add] [--checksums] [-i|--images DIR]",
	.help = "Lists every ISO (*.iso) under the images directory: its size,\n"
	    "the recipe it boots direct by (or sanboot), its label (.disk/info\n"
	    "or the volume id), the entries that use it, and what is wrong\n"
	    "with it (unreadable, not ISO 9660, too large for 32-bit BIOS\n"
	    "iPXE to sanboot). Exits 1 when an ISO cannot be read or a\n"
	    "checksum does not match.\n"
	    "\n"
	    "Options:\n"
	    "  --add              add an entry (boot auto) for each readable ISO\n"
	    "                     no entry uses, named after its file\n"
	    "  --checksums        check each ISO against the SHA-256 that a\n"
	    "                     SHA256SUMS, sha256sum.txt, *CHECKSUM or\n"
	    "                     ISO.sha256 file beside it publishes\n"
	    "  -i, --images DIR   the images directory (default: config images)\n",
};
