/* lint.c: the catalog lint: entries' images and fitness, references, hosts' firmware, the base URL; findings, never output. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/url.h"
#include "common/xmalloc.h"
#include "db/lint.h"
#include "db/lint_memo.h"
#include "iso/recipe.h"

/* 32-bit iPXE (undionly.kpxe) prints offsets from 2 GiB on as negative
   numbers and cannot sanboot or download what lies there (design.md). */
#define LINT_BIOS32_MAX		((int64_t)2 << 30)

struct lint_code_def {
	const char	*name;
	const char	*help;
};

static const struct lint_code_def lint_codes[LINT_CODE_COUNT] = {
	[LINT_IMAGE_MISSING] = { "image-missing",
	    "an enabled entry's image is not in the images directory" },
	[LINT_IMAGE_UNREADABLE] = { "image-unreadable",
	    "an enabled entry's image is there but cannot be read as a file" },
	[LINT_ISO_UNREADABLE] = { "iso-unreadable",
	    "an ISO entry's image is no ISO 9660 image: it can only sanboot" },
	[LINT_ISO_NO_RECIPE] = { "iso-no-recipe",
	    "an ISO entry set to boot direct has no recipe that fits" },
	[LINT_ISO_BIOS32] = { "iso-bios32",
	    "an ISO over 2 GiB is sanbooted or memdisk-loaded by BIOS clients, "
	    "whose 32-bit iPXE cannot read past 2 GiB" },
	[LINT_MEMDISK_EFI] = { "memdisk-efi",
	    "a memdisk entry's platform says UEFI clients may boot it; "
	    "memdisk is BIOS only" },
	[LINT_HOTKEY_DUP] = { "hotkey-dup",
	    "two enabled entries share a hotkey: the menu takes the first" },
	[LINT_REF_MISSING] = { "ref-missing",
	    "a default, next boot or unknown_entry names no entry" },
	[LINT_REF_DISABLED] = { "ref-disabled",
	    "a default, next boot or unknown_entry names a disabled entry" },
	[LINT_REF_UNFIT] = { "ref-unfit",
	    "a default, next boot or unknown_entry names an entry that cannot "
	    "boot" },
	[LINT_HOST_FIRMWARE] = { "host-firmware",
	    "a host's default or next boot cannot boot on the firmware it "
	    "last booted with" },
	[LINT_BASE_URL_BAD] = { "base-url-bad",
	    "the base URL is not http://HOST[:PORT][/PATH]" },
	[LINT_BASE_URL_LOOPBACK] = { "base-url-loopback",
	    "the base URL is a loopback address, which no client reaches" },
	[LINT_BASE_URL_FAMILY] = { "base-url-family",
	    "the base URL's address family is not the one bootdeckd listens on" },
	[LINT_BASE_URL_ADDRESS] = { "base-url-address",
	    "the base URL's address or port is not where bootdeckd listens" },
};

static const char *const lint_severities[] = {
	[LINT_WARNING] = "warning",
	[LINT_ERROR] = "error",
};

static const char *const lint_subjects[LINT_SUBJECT_COUNT] = {
	[LINT_SUBJECT_ENTRY] = "entry",
	[LINT_SUBJECT_HOST] = "host",
	[LINT_SUBJECT_SETTING] = "setting",
};

const char *
lint_code_name(enum lint_code code)
{
	return (unsigned)code < LINT_CODE_COUNT ? lint_codes[code].name : "?";
}

const char *
lint_code_help(enum lint_code code)
{
	return (unsigned)code < LINT_CODE_COUNT ? lint_codes[code].help : "";
}

const char *
lint_severity_name(enum lint_severity s)
{
	return s == LINT_WARNING || s == LINT_ERROR ? lint_severities[s] : "?";
}

const char *
lint_subject_name(enum lint_subject s)
{
	return (unsigned)s < LINT_SUBJECT_COUNT ? lint_subjects[s] : "?";
}

/* Adds one finding; the message is made printable ASCII, one line. */
static void lint_add(struct lint_report *r, enum lint_severity sev,
    enum lint_code code, enum lint_subject kind, const char *subject,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
lint_add(struct lint_report *r, enum lint_severity sev, enum lint_code code,
    enum lint_subject kind, const char *subject, const char *fmt, ...)
{
	struct lint_finding *f;
	char buf[2048], *p;
	va_list ap;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	f = &r->v[r->n++];
	f->severity = sev;
	f->code = code;
	f->subject_kind = kind;
	f->subject = xstrdup(subject);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	f->message = xstrdup(buf);
	for (p = f->message; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	if (sev == LINT_ERROR)
		r->errors++;
	else
		r->warnings++;
}

void
lint_report_free(struct lint_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].subject);
		free(r->v[i].message);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

const struct lint_finding *
lint_report_find(const struct lint_report *r, enum lint_subject kind,
    const char *subject)
{
	const struct lint_finding *worst = NULL;
	size_t i;

	for (i = 0; r != NULL && i < r->n; i++)
		if (r->v[i].subject_kind == kind &&
		    strcmp(r->v[i].subject, subject) == 0 &&
		    (worst == NULL || r->v[i].severity > worst->severity))
			worst = &r->v[i];
	return worst;
}

/* Images ------------------------------------------------------------------- */

/* What the catalog read gives the file checks, and what they found. */
struct lint_ctx {
	const struct lint_options *opt;
	struct lint_report	*r;
	struct entry		*entries;
	size_t			 n_entries;
	/* Per entry: why it cannot boot at all (an error found), or NULL. */
	char			**broken;
	struct host		*hosts;
	size_t			 n_hosts;
	struct client		*clients;
	size_t			 n_clients;
	/* The clients by MAC (one row each), for a lookup per host. */
	const struct client	**by_mac;
	struct menu_settings	 menu;
	char			*unknown_entry;
	char			*base_url;	/* the catalog's */
};

/* The file inside the ISO file iso (rel: its name below the images
   directory), as bootdeckd serves ISO/INNER. Whether it is there comes
   from the memo when it knows this version of the ISO. */
static enum lint_code
lint_inner(struct lint_ctx *c, const char *iso, const char *rel, int relen,
    const char *inner, int64_t *size, char *why, size_t len)
{
	struct lint_memo *memo = c->opt->memo;
	const struct lint_memo_verdict *v;
	struct lint_memo_verdict nv = { 0 };
	const struct iso_file *f;
	struct iso_image *img = NULL;
	enum lint_code code = LINT_IMAGE_UNREADABLE;
	struct stat sb;
	bool known, lasting;
	char err[256] = "";
	int fd;

	fd = open(iso, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, len, "cannot open %.*s: %s", relen, rel,
		    strerror(errno));
		return code;
	}
	known = memo != NULL && fstat(fd, &sb) == 0;
	if (known && (v = lint_memo_get(memo, &sb, inner)) != NULL)
		nv = *v;
	else {
		nv.parsed = iso_image_read(fd, &img, err, sizeof err) == 0;
		lasting = nv.parsed || errno == EINVAL;
		nv.why = err;
		if (nv.parsed && (f = iso_image_find(img, inner)) != NULL &&
		    !f->is_dir) {
			nv.found = true;
			nv.size = (int64_t)f->size;
		}
		if (known && lasting)
			lint_memo_put(memo, &sb, inner, &nv);
	}
	if (!nv.parsed)
		snprintf(why, len, "%.*s: %s", relen, rel, nv.why);
	else if (!nv.found) {
		snprintf(why, len, "%.*s holds no file %s", relen, rel, inner);
		code = LINT_IMAGE_MISSING;
	} else {
		*size = nv.size;
		code = LINT_CODE_COUNT;
	}
	iso_image_free(img);
	close(fd);
	return code;
}

/*
 * Whether rel is a readable regular file in the images directory, or a
 * file inside an ISO there: LINT_CODE_COUNT with *size set, else the
 * code and why. It is opened, not only stat'ed: bootdeckd must be able
 * to read it.
 */
static enum lint_code
lint_image(struct lint_ctx *c, const char *rel, int64_t *size, char *why,
    size_t len)
{
	const char *dir = c->opt->images_dir;
	enum lint_code code = LINT_IMAGE_MISSING;
	const char *slash;
	struct stat sb;
	char *file;
	int fd;

	*size = -1;
	file = xasprintf("%s/%s", dir, rel);
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			snprintf(why, len, "%s is not a regular file", rel);
			code = LINT_IMAGE_UNREADABLE;
		} else {
			*size = (int64_t)sb.st_size;
			code = LINT_CODE_COUNT;
		}
		close(fd);
	} else if (errno == ENOTDIR) {
		/* A regular file on the way: rel may lead into an ISO. */
		snprintf(why, len, "%s is not in the images directory", rel);
		for (slash = strchr(rel, '/'); slash != NULL;
		    slash = strchr(slash + 1, '/')) {
			free(file);
			file = xasprintf("%s/%.*s", dir, (int)(slash - rel),
			    rel);
			if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode)) {
				code = lint_inner(c, file, rel,
				    (int)(slash - rel), slash + 1, size, why,
				    len);
				break;
			}
		}
	} else if (errno == ENOENT) {
		snprintf(why, len, "%s is not in the images directory", rel);
	} else {
		snprintf(why, len, "cannot open %s: %s", rel, strerror(errno));
		code = LINT_IMAGE_UNREADABLE;
	}
	free(file);
	return code;
}

/* Notes the first reason entry i cannot boot, for references to it. */
static void
lint_broken(struct lint_ctx *c, size_t i, const char *why)
{
	if (c->broken[i] == NULL)
		c->broken[i] = xstrdup(why);
}

/* Reads the ISO open on fd: whether it is ISO 9660, and iso_plan_make's
   verdict on it (-2 when it is not), with why; *lasting when that holds
   for as long as the file is unchanged (not after a failed read). */
static int
lint_iso_read(int fd, bool *parsed, bool *lasting, char *why, size_t len)
{
	struct iso_image *img = NULL;
	struct iso_plan plan = { 0 };
	int rc = -2;

	*parsed = iso_image_read(fd, &img, why, len) == 0;
	*lasting = *parsed || errno == EINVAL;
	if (*parsed)
		rc = iso_plan_make(img, &plan, why, len);
	iso_image_free(img);
	iso_plan_clear(&plan);
	return rc;
}

/*
 * The verdict on the ISO file target: iso_plan_make's (0, -1, -2), -2
 * when it cannot be opened or is no ISO 9660 image (*opened, *parsed
 * tell which), with why. From the memo when it knows this version of
 * the file: a console lints every few seconds, and parsing hundreds of
 * ISOs each time is what it must not do.
 */
static int
lint_iso_verdict(struct lint_ctx *c, const char *target, bool *opened,
    bool *parsed, char *why, size_t len)
{
	struct lint_memo *memo = c->opt->memo;
	const struct lint_memo_verdict *v;
	struct lint_memo_verdict nv = { 0 };
	struct stat sb;
	bool known, lasting;
	char *file;
	int fd, rc = -2;

	*parsed = false;
	file = xasprintf("%s/%s", c->opt->images_dir, target);
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	*opened = fd >= 0;
	if (!*opened) {
		snprintf(why, len, "cannot open %s: %s", target,
		    strerror(errno));
		goto out;
	}
	/* The stat before the read: a file changed while read gets a new
	   mtime, so the next run reads it again. */
	known = memo != NULL && fstat(fd, &sb) == 0;
	if (known && (v = lint_memo_get(memo, &sb, NULL)) != NULL) {
		*parsed = v->parsed;
		rc = v->plan;
		snprintf(why, len, "%s", v->why);
		goto out;
	}
	rc = lint_iso_read(fd, parsed, &lasting, why, len);
	if (known && lasting) {
		nv.parsed = *parsed;
		nv.plan = rc;
		nv.why = rc == 0 ? "" : why;
		lint_memo_put(memo, &sb, NULL, &nv);
	}
out:
	if (fd >= 0)
		close(fd);
	free(file);
	return rc;
}

/* An ISO entry's image read: its recipe, and what that means for it. */
static void
lint_iso(struct lint_ctx *c, size_t i, int64_t size)
{
	const struct entry *e = &c->entries[i];
	const char *mode = entry_boot_mode(e);
	bool sanbooted, opened, parsed;
	char why[300];
	int rc;

	if (strcmp(mode, ENTRY_BOOT_SANBOOT) == 0 ||
	    strcmp(mode, ENTRY_BOOT_MEMDISK) == 0) {
		sanbooted = true;
		goto bios32;
	}
	rc = lint_iso_verdict(c, e->target, &opened, &parsed, why, sizeof why);
	sanbooted = rc != 0;
	if (rc != 0 && strcmp(mode, ENTRY_BOOT_DIRECT) == 0) {
		lint_add(c->r, LINT_ERROR, LINT_ISO_NO_RECIPE,
		    LINT_SUBJECT_ENTRY, e->name, "set to boot direct but "
		    "cannot: %s", why);
		lint_broken(c, i, why);
		return;
	}
	if (rc == -2 && !parsed && opened)
		lint_add(c->r, LINT_WARNING, LINT_ISO_UNREADABLE,
		    LINT_SUBJECT_ENTRY, e->name, "sanboots an image that is no "
		    "ISO 9660 image: %s", why);
	else if (rc == -2)
		lint_add(c->r, LINT_WARNING, LINT_ISO_NO_RECIPE,
		    LINT_SUBJECT_ENTRY, e->name, "sanboots: %s", why);
bios32:
	if (sanbooted && size > LINT_BIOS32_MAX && entry_fits(e, PLATFORM_BIOS))
		lint_add(c->r, LINT_WARNING, LINT_ISO_BIOS32,
		    LINT_SUBJECT_ENTRY, e->name, "%s is over 2 GiB and %s on "
		    "BIOS, where 32-bit iPXE (undionly.kpxe) cannot read past "
		    "2 GiB; serve undionly-x86_64.kpxe, or boot it direct",
		    e->target,
		    strcmp(mode, ENTRY_BOOT_MEMDISK) == 0 ? "loaded by memdisk" :
		    "sanbooted");
}

/* One image path of entry i, unless it is a URL or unset. */
static void
lint_entry_image(struct lint_ctx *c, size_t i, const char *path,
    int64_t *size)
{
	const struct entry *e = &c->entries[i];
	enum lint_code code;
	char why[1200];

	*size = -1;
	if (path == NULL || *path == '\0' || entry_target_is_url(path))
		return;
	code = lint_image(c, path, size, why, sizeof why);
	if (code == LINT_CODE_COUNT)
		return;
	lint_add(c->r, LINT_ERROR, code, LINT_SUBJECT_ENTRY, e->name, "%s",
	    why);
	lint_broken(c, i, why);
}

/* The checks of one enabled entry that read files. */
static void
lint_entry_files(struct lint_ctx *c, size_t i)
{
	const struct entry *e = &c->entries[i];
	const struct entry_kind_def *k = entry_kind_def(e->kind);
	int64_t size, ignored;
	size_t j;

	if (c->opt->images_dir == NULL || k == NULL || !k->downloads)
		return;
	lint_entry_image(c, i, e->target, &size);
	lint_entry_image(c, i, e->target_efi, &ignored);
	for (j = 0; j < e->n_initrds; j++)
		lint_entry_image(c, i, e->initrds[j], &ignored);
	if (size < 0)
		return;
	if (e->kind == ENTRY_ISO)
		lint_iso(c, i, size);
	else if (e->kind == ENTRY_MEMDISK && size > LINT_BIOS32_MAX)
		lint_add(c->r, LINT_WARNING, LINT_ISO_BIOS32,
		    LINT_SUBJECT_ENTRY, e->name, "%s is over 2 GiB and loaded "
		    "by memdisk, which 32-bit iPXE (undionly.kpxe) cannot "
		    "download whole", e->target);
}

/* Entries ------------------------------------------------------------------ */

static bool
lint_is_memdisk(const struct entry *e)
{
	return e->kind == ENTRY_MEMDISK || (e->kind == ENTRY_ISO &&
	    strcmp(entry_boot_mode(e), ENTRY_BOOT_MEMDISK) == 0);
}

static void
lint_entries(struct lint_ctx *c)
{
	const struct entry *e, *o;
	size_t i, j;

	for (i = 0; i < c->n_entries; i++) {
		e = &c->entries[i];
		/* A disabled entry is offered to nobody: what is wrong with
		   it matters only where something still points at it. */
		if (!e->enabled)
			continue;
		lint_entry_files(c, i);
		if (lint_is_memdisk(e) && e->platform == PLATFORM_ANY)
			lint_add(c->r, LINT_WARNING, LINT_MEMDISK_EFI,
			    LINT_SUBJECT_ENTRY, e->name, "uses memdisk, which "
			    "boots BIOS clients only, but its platform is "
			    "'any': set it to 'bios'");
		if (!entry_fits(e, PLATFORM_BIOS) &&
		    !entry_fits(e, PLATFORM_EFI))
			lint_broken(c, i, "it fits neither BIOS nor UEFI");
		for (j = 0; e->key != '\0' && j < i; j++) {
			o = &c->entries[j];
			if (o->enabled && o->key == e->key) {
				lint_add(c->r, LINT_ERROR, LINT_HOTKEY_DUP,
				    LINT_SUBJECT_ENTRY, e->name, "hotkey '%c' is "
				    "also entry '%s''s, before it: the menu "
				    "takes that one", e->key, o->name);
				break;
			}
		}
	}
}

static long
lint_entry_index(const struct lint_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_entries; i++)
		if (strcmp(c->entries[i].name, name) == 0)
			return (long)i;
	return -1;
}

/*
 * A reference to an entry (what: "default", "next boot"...) from a host,
 * the menu or a setting: it must exist, be enabled and be able to boot;
 * on a host that has booted, on the firmware it booted with (p, or
 * PLATFORM_ANY when unknown).
 */
static void
lint_ref(struct lint_ctx *c, enum lint_subject kind, const char *subject,
    const char *what, const char *name, enum platform p)
{
	const struct entry *e;
	long i;

	if (name == NULL || *name == '\0')
		return;
	if ((i = lint_entry_index(c, name)) < 0) {
		lint_add(c->r, LINT_ERROR, LINT_REF_MISSING, kind, subject,
		    "%s '%s' is no entry", what, name);
		return;
	}
	e = &c->entries[i];
	if (!e->enabled)
		lint_add(c->r, LINT_ERROR, LINT_REF_DISABLED, kind, subject,
		    "%s '%s' is disabled: clients cannot boot it", what, name);
	else if (c->broken[i] != NULL)
		lint_add(c->r, LINT_ERROR, LINT_REF_UNFIT, kind, subject,
		    "%s '%s' cannot boot: %s", what, name, c->broken[i]);
	else if (p != PLATFORM_ANY && !entry_fits(e, p))
		lint_add(c->r, LINT_ERROR, LINT_HOST_FIRMWARE, kind, subject,
		    "last booted with %s firmware, where its %s '%s' cannot "
		    "boot", p == PLATFORM_EFI ? "UEFI" : "BIOS", what, name);
}

static int
lint_client_cmp(const void *a, const void *b)
{
	const struct client *const *x = a, *const *y = b;

	return strcmp((*x)->mac, (*y)->mac);
}

static int
lint_client_key_cmp(const void *key, const void *elem)
{
	const struct client *const *y = elem;

	return strcmp(key, (*y)->mac);
}

/* The firmware the host last booted with, from the clients bootdeckd saw. */
static enum platform
lint_host_platform(const struct lint_ctx *c, const char *mac)
{
	const struct client *const *found;
	enum platform p;

	if (c->n_clients == 0)
		return PLATFORM_ANY;
	found = bsearch(mac, c->by_mac, c->n_clients, sizeof *c->by_mac,
	    lint_client_key_cmp);
	if (found == NULL || platform_parse((*found)->platform, &p) != 0)
		return PLATFORM_ANY;
	return p;
}

static void
lint_refs(struct lint_ctx *c)
{
	const struct host *h;
	enum platform p;
	size_t i;

	lint_ref(c, LINT_SUBJECT_SETTING, "menu.default", "the menu's default",
	    c->menu.default_entry, PLATFORM_ANY);
	lint_ref(c, LINT_SUBJECT_SETTING, CATALOG_SETTING_UNKNOWN_ENTRY,
	    "unknown_entry", c->unknown_entry, PLATFORM_ANY);
	for (i = 0; i < c->n_hosts; i++) {
		h = &c->hosts[i];
		p = lint_host_platform(c, h->mac);
		lint_ref(c, LINT_SUBJECT_HOST, h->mac, "default",
		    h->default_entry, p);
		lint_ref(c, LINT_SUBJECT_HOST, h->mac, "next boot",
		    h->next_entry, p);
	}
}

/* Base URL ----------------------------------------------------------------- */

/* An address as the base URL or the listen address give it. */
struct lint_addr {
	int	 family;	/* AF_INET, AF_INET6, or 0 for a name */
	bool	 loopback, wildcard;
	unsigned char bytes[16];
	long	 port;		/* -1: none given */
	char	 host[256];
};

/* HOST[:PORT] with HOST a name, IPv4 address or [IPv6]; end at '/'. */
static bool
lint_addr_parse(const char *s, size_t len, struct lint_addr *a)
{
	const char *colon, *end = s + len;
	char *num_end;
	size_t hlen;

	memset(a, 0, sizeof *a);
	a->port = -1;
	if (*s == '[') {
		colon = memchr(s, ']', len);
		if (colon == NULL)
			return false;
		hlen = (size_t)(colon - s - 1);
		s++;
		colon++;
		if (colon < end && *colon != ':')
			return false;
	} else {
		colon = memchr(s, ':', len);
		if (colon == NULL)
			colon = end;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= sizeof a->host)
		return false;
	memcpy(a->host, s, hlen);
	if (colon < end) {
		errno = 0;
		a->port = strtol(colon + 1, &num_end, 10);
		if (num_end != end || errno != 0 || a->port < 0 ||
		    a->port > 65535)
			return false;
	}
	if (inet_pton(AF_INET, a->host, a->bytes) == 1) {
		a->family = AF_INET;
		a->loopback = a->bytes[0] == 127;
		a->wildcard = memcmp(a->bytes, "\0\0\0\0", 4) == 0;
	} else if (inet_pton(AF_INET6, a->host, a->bytes) == 1) {
		static const unsigned char any[16], one[16] = { [15] = 1 };

		a->family = AF_INET6;
		a->loopback = memcmp(a->bytes, one, 16) == 0;
		a->wildcard = memcmp(a->bytes, any, 16) == 0;
	} else {
		hlen = strlen(a->host);
		a->loopback = strcasecmp(a->host, "localhost") == 0 ||
		    (hlen > 10 &&
		    strcasecmp(a->host + hlen - 10, ".localhost") == 0);
	}
	return true;
}

static void
lint_base_url(struct lint_ctx *c)
{
	const char *url = c->opt->base_url, *from = "the config", *host, *end;
	const char *listen = c->opt->listen;
	struct lint_addr u, l;
	bool have_listen, https;
	char why[200];

	if (c->opt->base_url_from != NULL)
		from = c->opt->base_url_from;
	if (url == NULL || *url == '\0') {
		url = c->base_url;
		from = "the catalog";
	}
	if (url == NULL || *url == '\0')
		return;
	if (!url_base_ok(url, why, sizeof why)) {
		lint_add(c->r, LINT_ERROR, LINT_BASE_URL_BAD,
		    LINT_SUBJECT_SETTING, CATALOG_SETTING_BASE_URL,
		    "'%.300s' from %s is not " URL_BASE_FORM ": %s",
		    url, from, why);
		return;
	}
	https = strncasecmp(url, "https://", 8) == 0;
	host = url + (https ? 8 : 7);
	end = host + strcspn(host, "/");
	if (!lint_addr_parse(host, (size_t)(end - host), &u))
		return;
	if (u.port < 0)
		u.port = https ? 443 : 80;
	have_listen = listen != NULL && *listen != '\0' &&
	    lint_addr_parse(listen, strlen(listen), &l) && l.family != 0;
	if (u.loopback) {
		/* A test set-up listens on loopback too; the mistake is a
		   loopback URL for a server that clients can reach. */
		lint_add(c->r, have_listen && l.loopback ? LINT_WARNING :
		    LINT_ERROR, LINT_BASE_URL_LOOPBACK, LINT_SUBJECT_SETTING,
		    CATALOG_SETTING_BASE_URL, "%s from %s is a "
		    "loopback address: no client on the network reaches it%s",
		    url, from, have_listen && l.loopback ?
		    " (bootdeckd listens on loopback too)" : "");
		return;
	}
	if (!have_listen || u.family == 0)
		return;
	/* [::] takes IPv4 too (bootdeckd leaves IPV6_V6ONLY off). */
	if ((u.family == AF_INET6 && l.family == AF_INET) ||
	    (u.family == AF_INET && l.family == AF_INET6 && !l.wildcard)) {
		lint_add(c->r, LINT_ERROR, LINT_BASE_URL_FAMILY,
		    LINT_SUBJECT_SETTING, CATALOG_SETTING_BASE_URL,
		    "%s from %s is IPv%d, but bootdeckd listens on "
		    "%s, IPv%d only", url, from, u.family == AF_INET ? 4 : 6,
		    listen, l.family == AF_INET ? 4 : 6);
		return;
	}
	/* A proxy or NAT in front can make either right: warnings. */
	if (!l.wildcard && u.family == l.family &&
	    memcmp(u.bytes, l.bytes, u.family == AF_INET ? 4 : 16) != 0)
		lint_add(c->r, LINT_WARNING, LINT_BASE_URL_ADDRESS,
		    LINT_SUBJECT_SETTING, CATALOG_SETTING_BASE_URL,
		    "%s from %s names %s, but bootdeckd listens on "
		    "%s only", url, from, u.host, listen);
	else if (!https && l.port > 0 && u.port != l.port)
		lint_add(c->r, LINT_WARNING, LINT_BASE_URL_ADDRESS,
		    LINT_SUBJECT_SETTING, CATALOG_SETTING_BASE_URL,
		    "%s from %s has port %ld, but bootdeckd listens "
		    "on %s", url, from, u.port, listen);
}

/* The run ------------------------------------------------------------------ */

/* Everything from the catalog, in one read transaction, before any file
   is read (a long read transaction would hold back WAL checkpoints). */
static int
lint_read(struct catalog *cat, struct lint_ctx *c)
{
	int status;

	if ((status = catalog_batch_begin(cat, false)) != CATALOG_OK)
		return status;
	status = catalog_entry_list(cat, &c->entries, &c->n_entries);
	if (status == CATALOG_OK)
		status = catalog_host_list(cat, &c->hosts, &c->n_hosts);
	if (status == CATALOG_OK)
		status = catalog_client_list(cat, &c->clients, &c->n_clients);
	if (status == CATALOG_OK)
		status = catalog_menu_get(cat, &c->menu);
	if (status == CATALOG_OK)
		status = catalog_setting_get(cat,
		    CATALOG_SETTING_UNKNOWN_ENTRY, &c->unknown_entry);
	if (status == CATALOG_OK)
		status = catalog_setting_get(cat, CATALOG_SETTING_BASE_URL,
		    &c->base_url);
	return catalog_batch_end(cat, status);
}

int
lint_run(struct catalog *cat, const struct lint_options *opt,
    struct lint_report *r)
{
	struct lint_ctx c = { .opt = opt, .r = r };
	size_t i;
	int status;

	memset(r, 0, sizeof *r);
	status = lint_read(cat, &c);
	if (status == CATALOG_OK) {
		c.broken = xcalloc(c.n_entries + 1, sizeof *c.broken);
		c.by_mac = xcalloc(c.n_clients + 1, sizeof *c.by_mac);
		for (i = 0; i < c.n_clients; i++)
			c.by_mac[i] = &c.clients[i];
		if (c.n_clients > 1)
			qsort(c.by_mac, c.n_clients, sizeof *c.by_mac,
			    lint_client_cmp);
		lint_memo_begin(opt->memo);
		lint_entries(&c);
		lint_memo_end(opt->memo);
		lint_refs(&c);
		lint_base_url(&c);
	}
	for (i = 0; c.broken != NULL && i < c.n_entries; i++)
		free(c.broken[i]);
	free(c.broken);
	free(c.by_mac);
	entry_array_free(c.entries, c.n_entries);
	host_array_free(c.hosts, c.n_hosts);
	client_array_free(c.clients, c.n_clients);
	menu_settings_clear(&c.menu);
	free(c.unknown_entry);
	free(c.base_url);
	if (status != CATALOG_OK)
		lint_report_free(r);
	return status;
}
