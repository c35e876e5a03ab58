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

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "iso/recipe.h"
#include "tui/cli.h"

#define SCAN_DEPTH_MAX		16	/* directories below the images root */
#define SCAN_ISOS_MAX		100000
#define SCAN_INFO_MAX		4096	/* bytes of .disk/info read */
/* 32-bit iPXE (undionly.kpxe) prints offsets from 2 GiB on as negative
   numbers and cannot sanboot what lies there (design.md). */
#define SCAN_BIOS32_MAX		((int64_t)2 << 30)
#define SHA256_HEX		64

enum scan_opt { OPT_ADD = 256, OPT_CHECKSUMS };

/* What one ISO is: read once, then printed, added, checked. */
struct scan_iso {
	char		*rel;		/* below the images root */
	int64_t		 size;
	char		*label;		/* .disk/info's first line, or the volume id */
	char		*recipe;	/* the family, or NULL */
	char		*problem;	/* unreadable, not ISO 9660...; NULL: fine */
	char		*note;		/* why no recipe, the 2 GiB limit */
	char		*users;		/* entries using it, or NULL */
	char		*checksum;	/* --checksums: "ok", "MISMATCH"... */
};

struct scan {
	const char	*root;
	struct scan_iso	*v;
	size_t		 n, cap;
	char		*walk_error;	/* the first directory that failed */
};

static void
scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].rel);
		free(s->v[i].label);
		free(s->v[i].recipe);
		free(s->v[i].problem);
		free(s->v[i].note);
		free(s->v[i].users);
		free(s->v[i].checksum);
	}
	free(s->v);
	free(s->walk_error);
}

static bool
scan_is_iso_name(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && strcasecmp(name + len - 4, ".iso") == 0;
}

/* Collects every *.iso below dir (rel from the root); symlinks are not
   followed, as bootdeckd will not serve what they point out of the root. */
static void
scan_walk(struct scan *s, const char *rel, int depth)
{
	char *path = rel[0] != '\0' ? xasprintf("%s/%s", s->root, rel) :
	    xstrdup(s->root);
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if ((dir = opendir(path)) == NULL) {
		if (s->walk_error == NULL)
			s->walk_error = xasprintf("%s: %s", path,
			    strerror(errno));
		free(path);
		return;
	}
	while ((d = readdir(dir)) != NULL && s->n < SCAN_ISOS_MAX) {
		char *child;

		if (d->d_name[0] == '.')
			continue;
		child = rel[0] != '\0' ? xasprintf("%s/%s", rel, d->d_name) :
		    xstrdup(d->d_name);
		if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		    0 && S_ISDIR(st.st_mode) && depth < SCAN_DEPTH_MAX)
			scan_walk(s, child, depth + 1);
		else if (S_ISREG(st.st_mode) && scan_is_iso_name(d->d_name)) {
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 16;
				s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
			}
			memset(&s->v[s->n], 0, sizeof s->v[s->n]);
			s->v[s->n].rel = child;
			s->v[s->n++].size = st.st_size;
			child = NULL;
		}
		free(child);
	}
	closedir(dir);
	free(path);
}

static int
scan_cmp(const void *a, const void *b)
{
	return strcmp(((const struct scan_iso *)a)->rel,
	    ((const struct scan_iso *)b)->rel);
}

/* The first line of .disk/info, cleaned: Debian's and Ubuntu's say
   family and version there ("Ubuntu 24.04 LTS ..."). */
static char *
scan_disk_info(const struct iso_image *img, int fd)
{
	char *buf = NULL, *clean;
	size_t len;

	if (iso_image_slurp(img, fd, ".disk/info", SCAN_INFO_MAX, &buf,
	    &len) != 0)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	clean = buf[0] != '\0' ? cli_clean(buf) : NULL;
	free(buf);
	return clean;
}

static void
scan_read(struct scan *s, struct scan_iso *x)
{
	struct iso_image *img = NULL;
	struct iso_plan plan;
	char *path, why[300];
	int fd;

	path = xasprintf("%s/%s", s->root, x->rel);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd < 0) {
		x->problem = xasprintf("unreadable: %s", strerror(errno));
		return;
	}
	if (iso_image_read(fd, &img, why, sizeof why) != 0) {
		x->problem = xstrdup(why);
		close(fd);
		return;
	}
	x->label = scan_disk_info(img, fd);
	if (x->label == NULL)
		x->label = cli_clean(iso_image_volume_id(img));
	switch (iso_plan_make(img, &plan, why, sizeof why)) {
	case 0:
		x->recipe = xstrdup(plan.recipe->family);
		break;
	case -2:
		/* A family's files without its kernel: damaged, say so. */
		x->note = xstrdup(why);
		break;
	}
	iso_plan_clear(&plan);
	iso_image_free(img);
	close(fd);
}

/* "a, b": the entries whose target is this ISO. */
static void
scan_users(struct scan *s, const struct entry *v, size_t n)
{
	struct strbuf sb;
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		sb = (struct strbuf)STRBUF_INIT;
		for (j = 0; j < n; j++)
			if ((v[j].kind == ENTRY_ISO || v[j].kind == ENTRY_MEMDISK) &&
			    v[j].target != NULL &&
			    strcmp(v[j].target, s->v[i].rel) == 0)
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
				    v[j].name);
		s->v[i].users = sb.len ? strbuf_detach(&sb, NULL) : NULL;
		strbuf_free(&sb);
	}
}

/* The 2 GiB limit matters where the ISO is sanbooted: no recipe, or an
   entry that asks for it. */
static void
scan_bios32(struct scan_iso *x, const struct entry *v, size_t n)
{
	bool sanbooted = x->recipe == NULL;
	size_t j;

	for (j = 0; j < n; j++)
		if (v[j].kind == ENTRY_ISO && v[j].target != NULL &&
		    strcmp(v[j].target, x->rel) == 0 &&
		    strcmp(entry_boot_mode(&v[j]), ENTRY_BOOT_SANBOOT) == 0)
			sanbooted = true;
	if (!sanbooted || x->size <= SCAN_BIOS32_MAX || x->problem != NULL)
		return;
	free(x->note);
	x->note = xstrdup("over 2 GiB: 32-bit BIOS iPXE (undionly.kpxe) "
	    "cannot sanboot it; use a 64-bit build or a recipe");
}

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
scan_checksum(struct scan *s, struct scan_iso *x)
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

static bool
scan_name_taken(const char *name, const struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

/* An entry name from the file name: "debian-live-12.8.0-amd64-standard",
   with "-2", "-3"... when the catalog has it already. */
static char *
scan_entry_name(const char *rel, const struct entry *v, size_t n)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(base) - 4, i;
	char *name;
	int k;

	/* Room for the suffix within ENTRY_NAME_MAX. */
	for (i = 0; i < len && sb.len < ENTRY_NAME_MAX - 8; i++) {
		unsigned char c = (unsigned char)base[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (sb.len > 0 && (c == '.' || c == '_' || c == '-')))
			strbuf_addc(&sb, (char)c);
		else if (c >= 'A' && c <= 'Z')
			strbuf_addc(&sb, (char)(c - 'A' + 'a'));
		else if (sb.len > 0 && sb.data[sb.len - 1] != '-')
			strbuf_addc(&sb, '-');
	}
	if (sb.len == 0 || strcmp(sb.data, "menu") == 0)
		strbuf_adds(&sb, "iso");
	strbuf_adds(&sb, "");
	name = xstrdup(sb.data);
	for (k = 2; scan_name_taken(name, v, n); k++) {
		free(name);
		name = xasprintf("%s-%d", sb.data, k);
	}
	strbuf_free(&sb);
	return name;
}

static int
scan_add(struct catalog *cat, struct scan *s, struct entry **v, size_t *n)
{
	size_t i, added = 0;
	int status;

	for (i = 0; i < s->n; i++) {
		struct scan_iso *x = &s->v[i];
		struct entry e = { .kind = ENTRY_ISO, .enabled = true };

		if (x->users != NULL)
			continue;
		if (x->problem != NULL) {
			cli_warn("%s: not added: %s", x->rel, x->problem);
			continue;
		}
		e.name = scan_entry_name(x->rel, *v, *n);
		e.title = xstrdup(x->label != NULL && x->label[0] != '\0' ?
		    x->label : x->rel);
		if (strlen(e.title) > ENTRY_TITLE_MAX)
			e.title[ENTRY_TITLE_MAX] = '\0';
		e.target = xstrdup(x->rel);
		status = catalog_entry_add(cat, &e);
		if (status != CATALOG_OK) {
			cli_warn("%s: not added: %s", x->rel, catalog_error(cat));
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
	struct scan s = { 0 };
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
	s.root = config_get(cfg, CONFIG_IMAGES);
	scan_walk(&s, "", 0);
	if (s.walk_error != NULL) {
		cli_error("cannot read the images directory %s", s.walk_error);
		status = CLI_FAIL;
		goto out;
	}
	qsort(s.v, s.n, sizeof *s.v, scan_cmp);
	for (i = 0; i < s.n; i++)
		scan_read(&s, &s.v[i]);
	scan_users(&s, v, n);
	for (i = 0; i < s.n; i++) {
		scan_bios32(&s.v[i], v, n);
		bad |= s.v[i].problem != NULL;
	}
	if (add)
		scan_add(cat, &s, &v, &n);

	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < s.n; i++) {
		const struct scan_iso *x = &s.v[i];
		char size[32];
		const char *row[] = { x->rel, size, x->recipe != NULL ?
		    x->recipe : x->problem != NULL ? "-" : "sanboot", x->label,
		    x->users, x->problem != NULL ? x->problem : x->note };

		cli_format_size(size, sizeof size, x->size);
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
	scan_free(&s);
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
