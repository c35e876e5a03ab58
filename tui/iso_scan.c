/* iso_scan.c: the ISOs in the images directory, read for `bootdeck scan` and the console's "add from images". */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "iso/recipe.h"
#include "tui/cli.h"
#include "tui/iso_scan.h"

#define SCAN_DEPTH_MAX		16	/* directories below the images root */
#define SCAN_ISOS_MAX		100000
#define SCAN_INFO_MAX		4096	/* bytes of .disk/info read */
/* 32-bit iPXE (undionly.kpxe) prints offsets from 2 GiB on as negative
   numbers and cannot sanboot what lies there (design.md). */
#define SCAN_BIOS32_MAX		((int64_t)2 << 30)

void
iso_scan_free(struct iso_scan *s)
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
iso_scan_is_iso_name(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && strcasecmp(name + len - 4, ".iso") == 0;
}

/* Collects every *.iso below dir (rel from the root); symlinks are not
   followed, as bootdeckd will not serve what they point out of the root. */
static void
iso_scan_walk(struct iso_scan *s, const char *rel, int depth)
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
			iso_scan_walk(s, child, depth + 1);
		else if (S_ISREG(st.st_mode) &&
		    iso_scan_is_iso_name(d->d_name)) {
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 16;
				s->v = xreallocarray(s->v, s->cap,
				    sizeof *s->v);
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
iso_scan_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iso_scan_item *)a)->rel,
	    ((const struct iso_scan_item *)b)->rel);
}

/* The first line of .disk/info, cleaned: Debian's and Ubuntu's say
   family and version there ("Ubuntu 24.04 LTS ..."). */
static char *
iso_scan_disk_info(const struct iso_image *img, int fd)
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
iso_scan_read(struct iso_scan *s, struct iso_scan_item *x)
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
	x->label = iso_scan_disk_info(img, fd);
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
iso_scan_users(struct iso_scan *s, const struct entry *v, size_t n)
{
	struct strbuf sb;
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		sb = (struct strbuf)STRBUF_INIT;
		for (j = 0; j < n; j++)
			if ((v[j].kind == ENTRY_ISO ||
			    v[j].kind == ENTRY_MEMDISK) &&
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
iso_scan_bios32(struct iso_scan_item *x, const struct entry *v, size_t n)
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

static bool
iso_scan_name_taken(const char *name, const struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

/* An entry name from the file name: "debian-live-12.8.0-amd64-standard",
   with "-2", "-3"... when the catalog has it already. */
char *
iso_scan_entry_name(const char *rel, const struct entry *v, size_t n)
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
	for (k = 2; iso_scan_name_taken(name, v, n); k++) {
		free(name);
		name = xasprintf("%s-%d", sb.data, k);
	}
	strbuf_free(&sb);
	return name;
}


int
iso_scan_run(struct iso_scan *s, const char *root, const struct entry *v,
    size_t n)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->root = root;
	iso_scan_walk(s, "", 0);
	if (s->walk_error != NULL)
		return -1;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, iso_scan_cmp);
	for (i = 0; i < s->n; i++)
		iso_scan_read(s, &s->v[i]);
	iso_scan_users(s, v, n);
	for (i = 0; i < s->n; i++)
		iso_scan_bios32(&s->v[i], v, n);
	return 0;
}
