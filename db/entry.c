/* entry.c: boot entries in memory: platforms, copying and the validation rules (the kinds' rules come from entry_kind.c). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "db/catalog_int.h"

static const char *const platform_names[PLATFORM_COUNT] = {
	[PLATFORM_ANY] = "any",
	[PLATFORM_BIOS] = "bios",
	[PLATFORM_EFI] = "efi",
};

const char *
platform_name(enum platform p)
{
	if ((unsigned)p >= PLATFORM_COUNT)
		return "unknown";
	return platform_names[p];
}

int
platform_parse(const char *s, enum platform *p)
{
	int i;

	if (s != NULL && strcmp(s, "pcbios") == 0) {
		*p = PLATFORM_BIOS;
		return 0;
	}
	for (i = 0; s != NULL && i < PLATFORM_COUNT; i++) {
		if (strcmp(s, platform_names[i]) == 0) {
			*p = (enum platform)i;
			return 0;
		}
	}
	return -1;
}

static const char *const entry_boot_modes[] = {
	ENTRY_BOOT_AUTO, ENTRY_BOOT_DIRECT, ENTRY_BOOT_SANBOOT,
	ENTRY_BOOT_MEMDISK,
};

const char *
entry_boot_mode(const struct entry *e)
{
	return e->boot != NULL && *e->boot != '\0' ? e->boot : ENTRY_BOOT_AUTO;
}

char **
entry_field_text(struct entry *e, enum entry_field field)
{
	switch (field) {
	case ENTRY_FIELD_TARGET:
		return &e->target;
	case ENTRY_FIELD_TARGET_EFI:
		return &e->target_efi;
	case ENTRY_FIELD_ARGS:
		return &e->args;
	case ENTRY_FIELD_SCRIPT:
		return &e->script;
	case ENTRY_FIELD_BOOT:
		return &e->boot;
	default:
		return NULL;
	}
}

/*
 * The one rule for whether e can boot on client firmware p: its kind, its
 * platform filter, memdisk's BIOS-only limit, and a target for the
 * platform. The renderer (render_entry_fits) and the lint both use it.
 */
bool
entry_fits(const struct entry *e, enum platform p)
{
	const struct entry_kind_def *k = entry_kind_def(e->kind);
	const char *target = e->target;

	if (k == NULL || !entry_kind_boots_on(e->kind, p))
		return false;
	if (e->platform != PLATFORM_ANY && e->platform != p)
		return false;
	/* An ISO entry told to use memdisk is as BIOS-only as memdisk. */
	if (e->kind == ENTRY_ISO && p != PLATFORM_BIOS &&
	    strcmp(entry_boot_mode(e), ENTRY_BOOT_MEMDISK) == 0)
		return false;
	if (e->kind == ENTRY_KERNEL && p == PLATFORM_EFI &&
	    e->target_efi != NULL && *e->target_efi != '\0')
		target = e->target_efi;
	return !(k->need & ENTRY_FIELD_BIT(ENTRY_FIELD_TARGET)) ||
	    (target != NULL && *target != '\0');
}

bool
entry_target_is_url(const char *target)
{
	return target != NULL && (strncmp(target, "http://", 7) == 0 ||
	    strncmp(target, "https://", 8) == 0);
}

void
entry_clear(struct entry *e)
{
	size_t i;

	if (e == NULL)
		return;
	free(e->name);
	free(e->title);
	free(e->target);
	free(e->target_efi);
	for (i = 0; i < e->n_initrds; i++)
		free(e->initrds[i]);
	free(e->initrds);
	free(e->args);
	free(e->script);
	free(e->boot);
	free(e->submenu);
	memset(e, 0, sizeof *e);
}

void
entry_array_free(struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		entry_clear(&v[i]);
	free(v);
}

void
entry_copy(struct entry *dst, const struct entry *src)
{
	size_t i;

	*dst = *src;
	dst->name = xstrdup_null(src->name);
	dst->title = xstrdup_null(src->title);
	dst->target = xstrdup_null(src->target);
	dst->target_efi = xstrdup_null(src->target_efi);
	dst->args = xstrdup_null(src->args);
	dst->script = xstrdup_null(src->script);
	dst->boot = xstrdup_null(src->boot);
	dst->submenu = xstrdup_null(src->submenu);
	dst->initrds = NULL;
	if (src->n_initrds > 0) {
		dst->initrds = xcalloc(src->n_initrds, sizeof *dst->initrds);
		for (i = 0; i < src->n_initrds; i++)
			dst->initrds[i] = xstrdup_null(src->initrds[i]);
	}
}

/* Length of the UTF-8 sequence at s and its code point, 0 when malformed. */
static size_t
utf8_decode(const unsigned char *s, unsigned *cp)
{
	static const struct {
		unsigned char	mask, lead;
		unsigned	min;
	} forms[] = {
		{ 0x80, 0x00, 0 },
		{ 0xe0, 0xc0, 0x80 },
		{ 0xf0, 0xe0, 0x800 },
		{ 0xf8, 0xf0, 0x10000 },
	};
	size_t len, i;

	for (len = 0; len < 4; len++)
		if ((s[0] & forms[len].mask) == forms[len].lead)
			break;
	if (len == 4)
		return 0;
	*cp = len == 0 ? s[0] : s[0] & (0x3fu >> len);
	for (i = 1; i <= len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond Unicode are not UTF-8. */
	if (*cp < forms[len].min || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len + 1;
}

const char *
catalog_text_problem(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t len;

	while (*p != '\0') {
		len = utf8_decode(p, &cp);
		if (len == 0)
			return "is not valid UTF-8";
		if (multiline && (cp == '\n' || cp == '\t' || cp == '\r'))
			;
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return "contains a control character";
		p += len;
	}
	return NULL;
}

static int
entry_invalid(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The reason is one line whatever the entry holds: values it quotes may
   carry control bytes (a newline in an imported field), shown as '?'. */
static int
entry_invalid(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
		for (p = err; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	return CATALOG_INVALID;
}

static bool
entry_set(const char *s)
{
	return s != NULL && *s != '\0';
}

static unsigned
entry_fields_set(const struct entry *e)
{
	unsigned set = 0;

	if (entry_set(e->target))
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_TARGET);
	if (entry_set(e->target_efi))
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_TARGET_EFI);
	if (e->n_initrds > 0)
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_INITRDS);
	if (entry_set(e->args))
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_ARGS);
	if (entry_set(e->script))
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_SCRIPT);
	if (entry_set(e->boot))
		set |= ENTRY_FIELD_BIT(ENTRY_FIELD_BOOT);
	return set;
}

static bool
entry_name_ok(const char *s)
{
	static const char extra[] = "._-";
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || strchr(extra, c) == NULL))
			return false;
	}
	return i > 0;
}

/* What is wrong with one path component of a relative image path. */
static const char *
entry_component_problem(const char *c, size_t len)
{
	if (len == 0)
		return "has an empty path component";
	if (len == 1 && c[0] == '.')
		return "has a '.' path component";
	if (len == 2 && c[0] == '.' && c[1] == '.')
		return "has a '..' path component";
	return NULL;
}

/* NULL when s is a usable target: an http(s) URL or a PATH under the images root. */
static const char *
entry_target_problem(const char *s, bool url_only)
{
	const char *p, *slash, *why;

	if (strlen(s) > ENTRY_PATH_MAX)
		return "is longer than 1024 bytes";
	if (strchr(s, '\\') != NULL)
		return "contains a backslash";
	if (strstr(s, "${") != NULL)
		return "contains '${', which iPXE would expand";
	if (entry_target_is_url(s)) {
		for (p = s; *p != '\0'; p++)
			if (*p <= ' ' || *p >= 0x7f)
				return "URL contains a space or a byte that is "
				    "not printable ASCII";
		p = strstr(s, "://") + 3;
		if (*p == '\0' || *p == '/')
			return "URL has no host";
		return NULL;
	}
	if (url_only)
		return "must be an http:// or https:// URL";
	if ((why = catalog_text_problem(s, false)) != NULL)
		return why;
	if (s[0] == '/')
		return "is an absolute path: give a path relative to the "
		    "images directory, or an http:// URL";
	for (p = s;; p = slash + 1) {
		slash = strchr(p, '/');
		why = entry_component_problem(p, slash != NULL ?
		    (size_t)(slash - p) : strlen(p));
		if (why != NULL)
			return why;
		if (slash == NULL)
			return NULL;
	}
}

/*
 * Kernel arguments go on an iPXE command line, where there is no quoting:
 * refuse the words iPXE would read as something other than an argument,
 * and the bytes it has no escape for ('$', '\\'), which the renderer would
 * otherwise replace behind the admin's back.
 */
static int
entry_args_check(const char *args, char *err, size_t errlen)
{
	const char *p, *w, *why;
	size_t len;

	if (strlen(args) > ENTRY_ARGS_MAX)
		return entry_invalid(err, errlen,
		    "args: longer than %d bytes", ENTRY_ARGS_MAX);
	for (p = args; *p != '\0'; p++)
		if (*p < ' ' || *p > '~')
			return entry_invalid(err, errlen, "args: only printable "
			    "ASCII is allowed");
	for (w = args; *w != '\0'; w += len) {
		w += strspn(w, " ");
		len = strcspn(w, " ");
		if (len == 0)
			break;
		why = NULL;
		if (w[0] == '#')
			why = "would start a comment in iPXE";
		else if ((len == 2 && (strncmp(w, "||", 2) == 0 ||
		    strncmp(w, "&&", 2) == 0)) || (len == 1 && w[0] == ';'))
			why = "would end the command in iPXE";
		else if (memmem(w, len, "${", 2) != NULL)
			why = "would be expanded by iPXE";
		else if (memchr(w, '$', len) != NULL)
			why = "has a '$', which iPXE cannot pass to the kernel";
		else if (memchr(w, '\\', len) != NULL)
			/* At the end of a line it would even join the next. */
			why = "has a '\\', which iPXE cannot pass to the kernel";
		if (why != NULL)
			return entry_invalid(err, errlen, "args: '%.*s' %s",
			    (int)(len > 40 ? 40 : len), w, why);
	}
	return CATALOG_OK;
}

static int
entry_text_check(const char *field, const char *s, size_t max,
    bool multiline, char *err, size_t errlen)
{
	const char *why;

	if (!entry_set(s))
		return entry_invalid(err, errlen, "%s: is empty", field);
	if (strlen(s) > max)
		return entry_invalid(err, errlen, "%s: longer than %zu bytes",
		    field, max);
	if ((why = catalog_text_problem(s, multiline)) != NULL)
		return entry_invalid(err, errlen, "%s: %s", field, why);
	return CATALOG_OK;
}

static int
entry_targets_check(const struct entry *e, const struct entry_kind_def *kind,
    char *err, size_t errlen)
{
	const char *why;
	size_t i;

	if (entry_set(e->target) &&
	    (why = entry_target_problem(e->target, kind->url_only)) != NULL)
		return entry_invalid(err, errlen, "target: %s", why);
	if (entry_set(e->target_efi) &&
	    (why = entry_target_problem(e->target_efi, false)) != NULL)
		return entry_invalid(err, errlen, "target_efi: %s", why);
	if (e->n_initrds > ENTRY_INITRDS_MAX)
		return entry_invalid(err, errlen, "initrds: more than %d",
		    ENTRY_INITRDS_MAX);
	for (i = 0; i < e->n_initrds; i++) {
		if (!entry_set(e->initrds[i]))
			return entry_invalid(err, errlen, "initrd %zu: is empty",
			    i + 1);
		why = entry_target_problem(e->initrds[i], false);
		if (why != NULL)
			return entry_invalid(err, errlen, "initrd %zu: %s",
			    i + 1, why);
	}
	return CATALOG_OK;
}

int
entry_validate(const struct entry *e, char *err, size_t errlen)
{
	const struct entry_kind_def *kind;
	unsigned set, bad;
	size_t i;
	int status;

	if (!entry_set(e->name))
		return entry_invalid(err, errlen, "name: is empty");
	if (strlen(e->name) > ENTRY_NAME_MAX)
		return entry_invalid(err, errlen, "name: longer than %d "
		    "characters", ENTRY_NAME_MAX);
	if (!entry_name_ok(e->name))
		return entry_invalid(err, errlen, "name: use letters, digits, "
		    "'.', '_' and '-', starting with a letter or digit");
	/* The boot log records "menu" for a menu shown, not an entry. */
	if (strcmp(e->name, "menu") == 0)
		return entry_invalid(err, errlen, "name: 'menu' is reserved "
		    "(the boot log uses it for the menu)");
	status = entry_text_check("title", e->title, ENTRY_TITLE_MAX, false,
	    err, errlen);
	if (status != CATALOG_OK)
		return status;
	if (entry_set(e->submenu) && (status = entry_text_check("submenu",
	    e->submenu, ENTRY_SUBMENU_MAX, false, err, errlen)) != CATALOG_OK)
		return status;
	if ((unsigned)e->kind >= ENTRY_KIND_COUNT)
		return entry_invalid(err, errlen, "kind: unknown kind %d",
		    (int)e->kind);
	if ((unsigned)e->platform >= PLATFORM_COUNT)
		return entry_invalid(err, errlen, "platform: unknown platform "
		    "%d", (int)e->platform);
	if (e->key != '\0' && !((e->key >= 'a' && e->key <= 'z') ||
	    (e->key >= '0' && e->key <= '9')))
		return entry_invalid(err, errlen, "key: use a-z or 0-9");

	kind = entry_kind_def(e->kind);
	set = entry_fields_set(e);
	for (i = 0; i < ENTRY_FIELD_COUNT; i++) {
		bad = ENTRY_FIELD_BIT(i);
		if ((kind->need & bad) && !(set & bad))
			return entry_invalid(err, errlen, "%s: %s entries "
			    "need one", entry_field_def(i)->name, kind->name);
		if ((set & bad) && !(kind->allow & bad))
			return entry_invalid(err, errlen, "%s: not used by %s "
			    "entries", entry_field_def(i)->name, kind->name);
	}
	if (e->platform != PLATFORM_ANY &&
	    !entry_kind_boots_on(e->kind, e->platform))
		return entry_invalid(err, errlen, "platform: %s entries boot "
		    "on %s only", kind->name, kind->bios ? "BIOS" : "UEFI");

	if (entry_set(e->boot)) {
		for (i = 0; i < sizeof entry_boot_modes /
		    sizeof entry_boot_modes[0]; i++)
			if (strcmp(e->boot, entry_boot_modes[i]) == 0)
				break;
		if (i == sizeof entry_boot_modes / sizeof entry_boot_modes[0])
			return entry_invalid(err, errlen, "boot: use auto, "
			    "direct, sanboot or memdisk, not '%.40s'", e->boot);
		if (strcmp(e->boot, ENTRY_BOOT_MEMDISK) == 0 &&
		    e->platform == PLATFORM_EFI)
			return entry_invalid(err, errlen, "platform: memdisk "
			    "boots on BIOS only");
	}
	status = entry_targets_check(e, kind, err, errlen);
	if (status == CATALOG_OK && entry_set(e->args))
		status = entry_args_check(e->args, err, errlen);
	if (status == CATALOG_OK && entry_set(e->script))
		status = entry_text_check("script", e->script,
		    ENTRY_SCRIPT_MAX, true, err, errlen);
	return status;
}
