/* pxelinux.c: the syslinux config language (pxelinux.cfg) read into an import plan, label by label. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mac.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "import/pxelinux.h"

/* INCLUDE nested deeper than this is a loop in disguise. */
#define PXE_INCLUDE_DEPTH 16
#define PXE_SUBMENU_DEPTH 8
/* Files read in all: a file may INCLUDE another many times over, and
   each of those again, so depth alone does not keep the work small. */
#define PXE_INCLUDES_MAX 256

struct pxe_label {
	char		*label;
	char		*title;		/* MENU LABEL */
	char		*kernel;	/* KERNEL, LINUX, COM32 ... argument */
	const char	*kernel_kw;	/* which of them, lower case */
	char		*append;
	char		*initrd;	/* INITRD, comma-separated */
	char		*file;
	int		 line;
	size_t		 submenu;	/* index + 1 in subs; 0: main menu */
	bool		 localboot;
	bool		 hidden;	/* MENU HIDE */
	bool		 has_append;
	bool		 help;		/* TEXT HELP dropped */
};

/* Where a setting was read, for findings about it at the end. */
struct pxe_where {
	char		*file;
	int		 line;
};

struct pxe_submenu {
	char		*tag;
	char		*title;
	bool		 nested;
};

struct pxe_parse {
	struct import_plan		*plan;
	const struct import_loader	*loader;
	const char			*mac;
	struct pxe_label		*labels;
	size_t				 n_labels;
	struct pxe_label		*cur;		/* the LABEL being read */
	struct pxe_submenu		*subs;
	size_t				 n_subs;
	size_t				 stack[PXE_SUBMENU_DEPTH];
	size_t				 depth;
	const char			*files[PXE_INCLUDE_DEPTH + 1];
	size_t				 n_files;
	size_t				 n_included;	/* in all */
	const char			*file;		/* where we are */
	int				 line;
	char				*def;		/* DEFAULT */
	struct pxe_where		 def_at;
	char				*ontimeout;
	struct pxe_where		 ontimeout_at;
	char				*menu_default;	/* MENU DEFAULT label */
	struct pxe_where		 menu_default_at;
	char				*title;		/* MENU TITLE */
	struct pxe_where		 title_at;
	char				*append;	/* global APPEND */
	char				*ui;
	int				 timeout;	/* tenths; -1: unset */
	size_t				 errors;
	bool				 in_text;	/* TEXT HELP ... ENDTEXT */
	/* Past a limit, or past PXELINUX_ERRORS_MAX errors: the rest is not
	   read (a hostile file would flood the report). */
	bool				 stop;
};

typedef void pxe_kw_fn(struct pxe_parse *, const char *kw, const char *arg);

struct pxe_keyword {
	const char	*name;		/* lower case; "menu label" */
	pxe_kw_fn	*fn;
	/* For keywords read and left out: why, in the finding. */
	const char	*why;
};

static void
pxe_note(struct pxe_parse *p, enum import_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
pxe_note(struct pxe_parse *p, enum import_level level, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	import_finding(p->plan, level, p->file, p->line, "%s", text);
	if (level == IMPORT_ERROR)
		p->errors++;
}

static void
pxe_set(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* The line being read (an included file's path is freed after it). */
static void
pxe_mark(const struct pxe_parse *p, struct pxe_where *at)
{
	pxe_set(&at->file, p->file);
	at->line = p->line;
}

/* A path as pxelinux takes it ("::/x", "/x", "x": all from the TFTP root). */
static const char *
pxe_path(const char *s)
{
	if (strncmp(s, "::", 2) == 0)
		s += 2;
	while (*s == '/')
		s++;
	return s;
}

static bool
pxe_path_escapes(const char *s)
{
	const char *p;
	size_t n;

	for (p = s; *p != '\0'; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if (n == 2 && strncmp(p, "..", 2) == 0)
			return true;
	}
	return false;
}

static const char *
pxe_basename(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash != NULL ? slash + 1 : s;
}

static bool
pxe_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool
pxe_menu_module(const char *s)
{
	const char *b = pxe_basename(s);

	return strcasecmp(b, "menu.c32") == 0 ||
	    strcasecmp(b, "vesamenu.c32") == 0;
}

/* The first word of arg, copied. */
static char *
pxe_word(const char *arg, const char **rest)
{
	size_t n = strcspn(arg, " \t");
	char *w = xstrndup(arg, n);

	arg += n;
	arg += strspn(arg, " \t");
	if (rest != NULL)
		*rest = arg;
	return w;
}

static struct pxe_label *
pxe_need_label(struct pxe_parse *p, const char *kw)
{
	if (p->cur == NULL)
		pxe_note(p, IMPORT_SKIP, "%s outside a LABEL: left out", kw);
	return p->cur;
}

static void
kw_label(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l;

	(void)kw;
	if (*arg == '\0') {
		pxe_note(p, IMPORT_ERROR, "LABEL without a name");
		return;
	}
	if (p->n_labels + p->plan->n_entries >= IMPORT_ENTRIES_MAX) {
		pxe_note(p, IMPORT_ERROR, "more than %d labels",
		    IMPORT_ENTRIES_MAX);
		p->stop = true;
		return;
	}
	p->labels = xreallocarray(p->labels, p->n_labels + 1,
	    sizeof *p->labels);
	l = &p->labels[p->n_labels++];
	memset(l, 0, sizeof *l);
	l->label = xstrdup(arg);
	l->file = xstrdup(p->file);
	l->line = p->line;
	l->submenu = p->depth > 0 ? p->stack[p->depth - 1] : 0;
	p->cur = l;
}

static void
kw_kernel(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	if (l == NULL)
		return;
	/* "KERNEL file args" takes the rest as APPEND would. */
	free(l->kernel);
	l->kernel = pxe_word(arg, &arg);
	l->kernel_kw = kw;
	if (*arg != '\0' && !l->has_append) {
		pxe_set(&l->append, arg);
		l->has_append = true;
	}
}

static void
kw_append(struct pxe_parse *p, const char *kw, const char *arg)
{
	if (p->cur == NULL) {
		pxe_set(&p->append, arg);
		return;
	}
	(void)kw;
	pxe_set(&p->cur->append, arg);
	p->cur->has_append = true;
}

static void
kw_initrd(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	if (l != NULL)
		pxe_set(&l->initrd, arg);
}

static void
kw_localboot(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	if (l == NULL)
		return;
	l->localboot = true;
	if (*arg != '\0' && strcmp(arg, "0") != 0 && strcmp(arg, "-1") != 0)
		pxe_note(p, IMPORT_NOTE, "LOCALBOOT %s: bootdeck boots the "
		    "first local disk (host setting 'localboot' picks how)",
		    arg);
}

static void
kw_default(struct pxe_parse *p, const char *kw, const char *arg)
{
	char *w = pxe_word(arg, NULL);

	(void)kw;
	/* The old way to name the menu module: "DEFAULT vesamenu.c32". */
	if (pxe_has_suffix(w, ".c32")) {
		pxe_set(&p->ui, w);
		free(w);
		return;
	}
	free(p->def);
	p->def = w;
	pxe_mark(p, &p->def_at);
}

static void
kw_ontimeout(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)kw;
	free(p->ontimeout);
	p->ontimeout = pxe_word(arg, NULL);
	pxe_mark(p, &p->ontimeout_at);
}

static void
kw_ui(struct pxe_parse *p, const char *kw, const char *arg)
{
	char *w = pxe_word(arg, NULL);

	(void)kw;
	if (!pxe_menu_module(w))
		pxe_note(p, IMPORT_NOTE, "UI %s: the bootdeck menu takes the "
		    "place of this module", w);
	free(p->ui);
	p->ui = w;
}

static void
kw_timeout(struct pxe_parse *p, const char *kw, const char *arg)
{
	char *end;
	long t = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || t < 0) {
		pxe_note(p, IMPORT_ERROR, "%s: '%s' is not a number of tenths "
		    "of a second", kw, arg);
		return;
	}
	/* The catalog's menu waits a day at most. */
	if (t > 864000) {
		pxe_note(p, IMPORT_ERROR, "%s: %ld tenths of a second is more "
		    "than a day", kw, t);
		return;
	}
	p->timeout = (int)t;
}

static void
kw_prompt(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)kw;
	if (strcmp(arg, "0") == 0 && p->ui == NULL)
		pxe_note(p, IMPORT_NOTE, "PROMPT 0: bootdeck shows its menu "
		    "with the timeout, then boots the default");
}

static void
kw_menu_label(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	if (l != NULL)
		pxe_set(&l->title, arg);
}

static void
kw_menu_hide(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	(void)arg;
	if (l != NULL)
		l->hidden = true;
}

static void
kw_menu_default(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	(void)arg;
	if (l != NULL) {
		pxe_set(&p->menu_default, l->label);
		pxe_mark(p, &p->menu_default_at);
	}
}

static void
kw_menu_title(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)kw;
	if (p->depth > 0)
		pxe_set(&p->subs[p->stack[p->depth - 1] - 1].title, arg);
	else {
		pxe_set(&p->title, arg);
		pxe_mark(p, &p->title_at);
	}
}

static void
kw_menu_begin(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_submenu *s;

	(void)kw;
	if (p->depth == PXE_SUBMENU_DEPTH) {
		pxe_note(p, IMPORT_ERROR, "submenus nested deeper than %d",
		    PXE_SUBMENU_DEPTH);
		return;
	}
	p->subs = xreallocarray(p->subs, p->n_subs + 1, sizeof *p->subs);
	s = &p->subs[p->n_subs++];
	memset(s, 0, sizeof *s);
	s->tag = *arg != '\0' ? pxe_word(arg, NULL) : NULL;
	s->nested = p->depth > 0;
	if (s->nested)
		pxe_note(p, IMPORT_NOTE, "a submenu within a submenu: its "
		    "entries go to a submenu of their own in the main menu");
	p->stack[p->depth++] = p->n_subs;
	p->cur = NULL;
}

static void
kw_menu_end(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)kw;
	(void)arg;
	if (p->depth == 0) {
		pxe_note(p, IMPORT_ERROR, "MENU END without MENU BEGIN");
		return;
	}
	p->depth--;
	p->cur = NULL;
}

static void
kw_text(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)kw;
	(void)arg;
	p->in_text = true;
	if (p->cur != NULL)
		p->cur->help = true;
}

static void kw_include(struct pxe_parse *, const char *, const char *);

static void
kw_ignored(struct pxe_parse *p, const char *kw, const char *arg)
{
	(void)arg;
	(void)kw;
	(void)p;
}

/* A label whose boot bootdeck cannot make; the label is left out. */
static void
kw_label_unsupported(struct pxe_parse *p, const char *kw, const char *arg)
{
	struct pxe_label *l = pxe_need_label(p, kw);

	if (l == NULL)
		return;
	free(l->kernel);
	l->kernel = xstrdup(*arg != '\0' ? arg : kw);
	l->kernel_kw = kw;
}

static const struct pxe_keyword pxe_keywords[] = {
	{ .name = "label", .fn = kw_label },
	{ .name = "kernel", .fn = kw_kernel },
	{ .name = "linux", .fn = kw_kernel },
	{ .name = "com32", .fn = kw_kernel },
	{ .name = "append", .fn = kw_append },
	{ .name = "initrd", .fn = kw_initrd },
	{ .name = "localboot", .fn = kw_localboot },
	{ .name = "default", .fn = kw_default },
	{ .name = "ontimeout", .fn = kw_ontimeout },
	{ .name = "ui", .fn = kw_ui },
	{ .name = "timeout", .fn = kw_timeout },
	{ .name = "prompt", .fn = kw_prompt },
	{ .name = "include", .fn = kw_include },
	{ .name = "menu include", .fn = kw_include },
	{ .name = "menu label", .fn = kw_menu_label },
	{ .name = "menu hide", .fn = kw_menu_hide },
	{ .name = "menu default", .fn = kw_menu_default },
	{ .name = "menu title", .fn = kw_menu_title },
	{ .name = "menu begin", .fn = kw_menu_begin },
	{ .name = "menu end", .fn = kw_menu_end },
	{ .name = "text", .fn = kw_text },
	/* Boots that bootdeck has no kind for: the label is reported. */
	{ .name = "config", .fn = kw_label_unsupported },
	{ .name = "boot", .fn = kw_label_unsupported },
	{ .name = "bss", .fn = kw_label_unsupported },
	{ .name = "pxe", .fn = kw_label_unsupported },
	{ .name = "fdimage", .fn = kw_label_unsupported },
	{ .name = "comboot", .fn = kw_label_unsupported },
	{ .name = "menu goto", .fn = kw_label_unsupported },
	{ .name = "menu exit", .fn = kw_label_unsupported },
	{ .name = "menu quit", .fn = kw_label_unsupported },
	/* Read and left out, each with the reason given. */
	{ .name = "ipappend", .fn = kw_ignored,
	    .why = "iPXE passes no network settings on the command line" },
	{ .name = "sysappend", .fn = kw_ignored,
	    .why = "iPXE passes no network settings on the command line" },
	{ .name = "totaltimeout", .fn = kw_ignored,
	    .why = "bootdeck has one menu timeout" },
	{ .name = "menu passwd", .fn = kw_ignored,
	    .why = "bootdeck menus have no passwords" },
	{ .name = "menu master", .fn = kw_ignored,
	    .why = "bootdeck menus have no passwords" },
	{ .name = "menu separator", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu disable", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu indent", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu color", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu background", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu width", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu margin", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu rows", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu vshift", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu hshift", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu tabmsg", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu tabmsgrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu cmdlinerow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu endrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu passwordrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu timeoutrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu helpmsgrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu helpmsgendrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu resolution", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu autoboot", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu notabmsg", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu clear", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu hidden", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu hiddenrow", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu shiftkey", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu immediate", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu save", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu nosave", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu passprompt", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu autoboot", .fn = kw_ignored, .why = "layout" },
	{ .name = "menu msgcolor", .fn = kw_ignored, .why = "layout" },
	{ .name = "display", .fn = kw_ignored, .why = "the menu has no "
	    "text screens" },
	{ .name = "say", .fn = kw_ignored, .why = "the menu has no text "
	    "screens" },
	{ .name = "font", .fn = kw_ignored, .why = "layout" },
	{ .name = "kbdmap", .fn = kw_ignored, .why = "layout" },
	{ .name = "serial", .fn = kw_ignored, .why = "console settings are "
	    "iPXE's own" },
	{ .name = "console", .fn = kw_ignored, .why = "console settings are "
	    "iPXE's own" },
	{ .name = "noescape", .fn = kw_ignored, .why = "the menu always "
	    "takes keys" },
	{ .name = "nocomplete", .fn = kw_ignored, .why = "there is no "
	    "command line" },
	{ .name = "allowoptions", .fn = kw_ignored, .why = "there is no "
	    "command line" },
	{ .name = "implicit", .fn = kw_ignored, .why = "there is no "
	    "command line" },
	{ .name = "f1", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f2", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f3", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f4", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f5", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f6", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f7", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f8", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f9", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f10", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f11", .fn = kw_ignored, .why = "help screens" },
	{ .name = "f12", .fn = kw_ignored, .why = "help screens" },
};

static const struct pxe_keyword *
pxe_keyword(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof pxe_keywords / sizeof pxe_keywords[0]; i++)
		if (strcmp(pxe_keywords[i].name, name) == 0)
			return &pxe_keywords[i];
	return NULL;
}

static void pxe_parse_text(struct pxe_parse *p, const char *file,
    const char *buf, size_t len);

static void
kw_include(struct pxe_parse *p, const char *kw, const char *arg)
{
	const char *rest, *saved_file = p->file;
	char *path, *buf = NULL, err[256];
	int saved_line = p->line;
	size_t i, len = 0;
	const char *why;
	bool wrap;

	path = pxe_word(arg, &rest);
	if (*path == '\0') {
		pxe_note(p, IMPORT_ERROR, "%s without a file", kw);
		goto out;
	}
	for (i = 0; i < p->n_files; i++)
		if (strcmp(pxe_path(p->files[i]), pxe_path(path)) == 0) {
			pxe_note(p, IMPORT_ERROR, "include loop: %s is "
			    "already being read", path);
			goto out;
		}
	if (p->n_files >= PXE_INCLUDE_DEPTH) {
		pxe_note(p, IMPORT_ERROR, "includes nested deeper than %d",
		    PXE_INCLUDE_DEPTH);
		goto out;
	}
	/* The TFTP server serves nothing above its root, nor do we. */
	if (pxe_path_escapes(path)) {
		pxe_note(p, IMPORT_ERROR, "cannot include %s: the path leaves "
		    "the TFTP root", path);
		goto out;
	}
	if (p->n_included >= PXE_INCLUDES_MAX) {
		pxe_note(p, IMPORT_ERROR, "more than %d files included",
		    PXE_INCLUDES_MAX);
		p->stop = true;
		goto out;
	}
	p->n_included++;
	if (p->loader == NULL || p->loader->load(p->loader->ctx,
	    pxe_path(path), &buf, &len, err, sizeof err) != 0) {
		pxe_note(p, IMPORT_ERROR, "cannot include %s: %s", path,
		    p->loader == NULL ? "no files to include from" : err);
		goto out;
	}
	if ((why = import_text_problem(buf, len)) != NULL) {
		pxe_note(p, IMPORT_ERROR, "cannot include %s: %s", path, why);
		goto out;
	}
	/* MENU INCLUDE FILE TAG reads FILE as a submenu called TAG. */
	wrap = strcmp(kw, "menu include") == 0 && *rest != '\0';
	if (wrap)
		kw_menu_begin(p, "menu begin", rest);
	pxe_parse_text(p, path, buf, len);
	p->file = saved_file;
	p->line = saved_line;
	if (wrap)
		kw_menu_end(p, "menu end", "");
out:
	free(buf);
	free(path);
}

/* One line, without its newline. */
static void
pxe_line(struct pxe_parse *p, char *s)
{
	const struct pxe_keyword *k;
	char kw[48], *w, *end;
	const char *arg;
	size_t n;

	s += strspn(s, " \t\f");
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (p->in_text) {
		if (strcasecmp(s, "endtext") == 0)
			p->in_text = false;
		return;
	}
	if (*s == '\0' || *s == '#')
		return;
	w = pxe_word(s, &arg);
	for (n = 0; w[n] != '\0'; n++)
		w[n] = (char)tolower((unsigned char)w[n]);
	snprintf(kw, sizeof kw, "%s", w);
	/* Two-word keywords: MENU LABEL, TEXT HELP. */
	if (strcmp(w, "menu") == 0 || strcmp(w, "text") == 0) {
		char *w2 = pxe_word(arg, &arg);

		for (n = 0; w2[n] != '\0'; n++)
			w2[n] = (char)tolower((unsigned char)w2[n]);
		if (strcmp(w, "menu") == 0)
			snprintf(kw, sizeof kw, "menu %.40s", w2);
		else if (strcmp(w2, "help") != 0)
			snprintf(kw, sizeof kw, "text %.40s", w2);
		free(w2);
	}
	free(w);
	k = pxe_keyword(kw);
	if (k == NULL) {
		pxe_note(p, IMPORT_ERROR, "unknown keyword '%.60s'", kw);
		return;
	}
	if (k->why != NULL)
		pxe_note(p, IMPORT_NOTE, "%s left out: %s", kw, k->why);
	k->fn(p, k->name, arg);
}

static void
pxe_parse_text(struct pxe_parse *p, const char *file, const char *buf,
    size_t len)
{
	const char *q = buf, *nl, *stop = buf + len;
	char *line;

	p->files[p->n_files++] = file;
	p->file = file;
	p->line = 0;
	while (q < stop && !p->stop) {
		if (p->errors >= PXELINUX_ERRORS_MAX) {
			pxe_note(p, IMPORT_ERROR, "%d errors: the rest is not "
			    "read", PXELINUX_ERRORS_MAX);
			p->stop = true;
			break;
		}
		nl = memchr(q, '\n', (size_t)(stop - q));
		if (nl == NULL)
			nl = stop;
		p->line++;
		line = xstrndup(q, (size_t)(nl - q));
		pxe_line(p, line);
		free(line);
		q = nl + 1;
	}
	if (p->in_text)
		pxe_note(p, IMPORT_NOTE, "TEXT HELP without ENDTEXT at the end "
		    "of the file");
	p->in_text = false;
	p->n_files--;
}

static const char *
pxe_submenu_name(const struct pxe_parse *p, size_t sub)
{
	const struct pxe_submenu *s;

	if (sub == 0)
		return NULL;
	s = &p->subs[sub - 1];
	if (s->title != NULL && *s->title != '\0')
		return s->title;
	return s->tag != NULL ? s->tag : "Submenu";
}

/* The text of a MENU LABEL: '^' marks the hotkey and is not shown. */
static char *
pxe_title(const char *s, char *key)
{
	struct strbuf sb = STRBUF_INIT;

	*key = '\0';
	for (; *s != '\0'; s++) {
		if (*s == '^' && s[1] != '\0') {
			if (*key == '\0' && isalnum((unsigned char)s[1]))
				*key = (char)tolower((unsigned char)s[1]);
			continue;
		}
		strbuf_addc(&sb, *s);
	}
	strbuf_addc(&sb, '\0');
	return strbuf_detach(&sb, NULL);
}

static bool
pxe_key_taken(const struct import_plan *plan, char key)
{
	size_t i;

	for (i = 0; i < plan->n_entries; i++)
		if (plan->entries[i].key == key)
			return true;
	return false;
}

static void
pxe_add_initrds(struct entry *e, const char *list)
{
	const char *q = list;
	size_t n;

	while (*q != '\0') {
		n = strcspn(q, ",");
		if (n > 0) {
			char *one = xstrndup(q, n);

			e->initrds = xreallocarray(e->initrds,
			    e->n_initrds + 1, sizeof *e->initrds);
			e->initrds[e->n_initrds++] = xstrdup(pxe_path(one));
			free(one);
		}
		q += n + (q[n] == ',');
	}
}

/* What KERNEL boots by the file's suffix, as syslinux decides it, where
   bootdeck has no kind for it. (".bin", a boot sector to syslinux, is
   kept as a kernel: memtest86+.bin boots so under iPXE.) */
static const struct {
	const char	*suffix;
	const char	*why;
} pxe_kernel_types[] = {
	{ ".0", "a PXE boot program: make a chain entry for it" },
	{ ".com", "COMBOOT programs are not supported" },
	{ ".cbt", "COMBOOT programs are not supported" },
	{ ".bss", "boot sectors are not supported" },
	{ ".bs", "boot sectors are not supported" },
	{ ".img", "floppy images are not supported" },
};

/*
 * The kind and fields of l's entry, from its kernel and APPEND line:
 * initrd= moves to the initrds, "kernel memdisk" with "iso" is an ISO.
 * Returns why it cannot be an entry, or NULL.
 */
static const char *
pxe_map(const struct pxe_parse *p, const struct pxe_label *l,
    struct entry *e)
{
	const char *append = l->has_append ? l->append : p->append, *q;
	struct strbuf args = STRBUF_INIT;
	bool iso = false;
	size_t i, n;

	if (append != NULL && strcmp(append, "-") == 0)
		append = NULL;
	if (l->localboot) {
		e->kind = ENTRY_LOCALBOOT;
		return NULL;
	}
	if (l->kernel == NULL || *l->kernel == '\0')
		return "no KERNEL, LINUX or LOCALBOOT";
	if (strcmp(l->kernel_kw, "kernel") != 0 &&
	    strcmp(l->kernel_kw, "linux") != 0 &&
	    strcmp(l->kernel_kw, "com32") != 0)
		return strcmp(l->kernel_kw, "config") == 0 ?
		    "CONFIG (another config file) is not supported" :
		    strncmp(l->kernel_kw, "menu ", 5) == 0 ?
		    "menu navigation: bootdeck makes its own" :
		    "this boot type is not supported";
	if (pxe_has_suffix(l->kernel, ".c32") ||
	    strcmp(l->kernel_kw, "com32") == 0)
		return pxe_menu_module(l->kernel) ?
		    "a menu module: the bootdeck menu takes its place" :
		    "COM32 modules are not supported";
	for (i = 0; i < sizeof pxe_kernel_types / sizeof pxe_kernel_types[0];
	    i++)
		if (strcmp(l->kernel_kw, "kernel") == 0 &&
		    pxe_has_suffix(l->kernel, pxe_kernel_types[i].suffix))
			return pxe_kernel_types[i].why;
	if (entry_target_is_url(l->kernel) == false &&
	    pxe_path_escapes(l->kernel))
		return "the kernel path leaves the TFTP root";
	for (q = append != NULL ? append : ""; *q != '\0'; q += n) {
		q += strspn(q, " \t");
		n = strcspn(q, " \t");
		if (n == 0)
			break;
		if (n > 7 && strncmp(q, "initrd=", 7) == 0) {
			char *list = xstrndup(q + 7, n - 7);

			pxe_add_initrds(e, list);
			free(list);
		} else if (n == 3 && strncmp(q, "iso", 3) == 0)
			iso = true;
		else {
			if (args.len > 0)
				strbuf_addc(&args, ' ');
			strbuf_add(&args, q, n);
		}
	}
	if (l->initrd != NULL)
		pxe_add_initrds(e, l->initrd);
	if (strcasecmp(pxe_basename(l->kernel), "memdisk") == 0) {
		if (e->n_initrds != 1 || (!iso &&
		    !pxe_has_suffix(e->initrds[0], ".iso"))) {
			strbuf_free(&args);
			return "memdisk with a disk image that is not an ISO";
		}
		/* The ISO itself: served over HTTP now, it boots as
		   bootdeck's ISO entries do (auto), not through memdisk. */
		e->kind = ENTRY_ISO;
		e->target = e->initrds[0];
		free(e->initrds);
		e->initrds = NULL;
		e->n_initrds = 0;
		strbuf_free(&args);
		return NULL;
	}
	e->kind = ENTRY_KERNEL;
	e->target = xstrdup(pxe_path(l->kernel));
	if (args.len > 0)
		e->args = strbuf_detach(&args, NULL);
	strbuf_free(&args);
	for (i = 0; i < e->n_initrds; i++)
		if (!entry_target_is_url(e->initrds[i]) &&
		    pxe_path_escapes(e->initrds[i]))
			return "an initrd path leaves the TFTP root";
	return NULL;
}

static bool
pxe_same_entry(const struct entry *a, const struct entry *b)
{
	size_t i;

#define SAME(f) (strcmp(a->f != NULL ? a->f : "", b->f != NULL ? b->f : "") == 0)
	if (a->kind != b->kind || !SAME(title) || !SAME(target) ||
	    !SAME(args) || !SAME(submenu) || a->n_initrds != b->n_initrds)
		return false;
#undef SAME
	for (i = 0; i < a->n_initrds; i++)
		if (strcmp(a->initrds[i], b->initrds[i]) != 0)
			return false;
	return true;
}

/* Makes l's entry; returns its name in the plan (NULL: skipped), valid
   until the plan grows. */
static const char *
pxe_label_entry(struct pxe_parse *p, const struct pxe_label *l)
{
	struct entry e = { 0 }, *have;
	const char *why, *sub;
	char err[256], key;
	size_t i;

	p->file = l->file;
	p->line = l->line;
	if ((why = pxe_map(p, l, &e)) != NULL) {
		pxe_note(p, IMPORT_SKIP, "label '%s': %s", l->label,
		    why);
		entry_clear(&e);
		return NULL;
	}
	e.title = pxe_title(l->title != NULL ? l->title : l->label, &key);
	if (*e.title == '\0') {
		free(e.title);
		e.title = xstrdup(l->label);
	}
	if (strlen(e.title) > ENTRY_TITLE_MAX) {
		char *cut = import_text_cut(e.title, ENTRY_TITLE_MAX);

		free(e.title);
		e.title = cut;
	}
	e.platform = PLATFORM_ANY;
	e.enabled = !l->hidden;
	if ((sub = pxe_submenu_name(p, l->submenu)) != NULL)
		e.submenu = import_text_cut(sub, ENTRY_SUBMENU_MAX);
	/* One defined again (a per-MAC file repeating the main one) is
	   the same entry. */
	for (i = 0; i < p->plan->n_entries; i++) {
		have = &p->plan->entries[i];
		if (pxe_same_entry(have, &e)) {
			pxe_note(p, IMPORT_ENTRY, "label '%s': the same as "
			    "entry '%s'", l->label, have->name);
			entry_clear(&e);
			return have->name;
		}
	}
	if (key != '\0' && !pxe_key_taken(p->plan, key))
		e.key = key;
	e.name = import_entry_name(p->plan, l->label);
	if (entry_validate(&e, err, sizeof err) != CATALOG_OK) {
		pxe_note(p, IMPORT_SKIP, "label '%s': %s", l->label,
		    err);
		entry_clear(&e);
		return NULL;
	}
	pxe_note(p, IMPORT_ENTRY, "label '%s': entry '%s' (%s%s%s%s%s)",
	    l->label, e.name, entry_kind_name(e.kind),
	    e.submenu != NULL ? ", submenu '" : "",
	    e.submenu != NULL ? e.submenu : "", e.submenu != NULL ? "'" : "",
	    l->hidden ? ", disabled: MENU HIDE" : "");
	if (l->help)
		pxe_note(p, IMPORT_NOTE, "label '%s': TEXT HELP left out",
		    l->label);
	return import_plan_add(p->plan, &e)->name;
}

/* The entry a label name became, or NULL (with a note why). */
static const char *
pxe_default_entry(struct pxe_parse *p, const char *label, char **names,
    const char *what)
{
	size_t i;

	for (i = 0; i < p->n_labels; i++)
		if (strcmp(p->labels[i].label, label) == 0) {
			if (names[i] == NULL)
				pxe_note(p, IMPORT_NOTE, "%s '%s' was skipped: "
				    "no default", what, label);
			return names[i];
		}
	/* A per-MAC file may name the main config's labels. */
	for (i = 0; p->mac != NULL && i < p->plan->n_labels; i++)
		if (strcmp(p->plan->labels[i], label) == 0)
			return p->plan->label_entries[i];
	/* Syslinux takes an unknown DEFAULT as a kernel command line. */
	pxe_note(p, IMPORT_NOTE, "%s '%s' names no label: no default", what,
	    label);
	return NULL;
}

static void
pxe_finish(struct pxe_parse *p, const char *file)
{
	const char *def = NULL, *which = NULL, *label = NULL, *why;
	const struct pxe_where *at = NULL;
	char **names;
	size_t i;

	names = xcalloc(p->n_labels + 1, sizeof *names);
	for (i = 0; i < p->n_labels; i++) {
		names[i] = xstrdup_null(pxe_label_entry(p, &p->labels[i]));
		if (p->mac != NULL || names[i] == NULL)
			continue;
		p->plan->labels = xreallocarray(p->plan->labels,
		    p->plan->n_labels + 1, sizeof *p->plan->labels);
		p->plan->label_entries = xreallocarray(p->plan->label_entries,
		    p->plan->n_labels + 1, sizeof *p->plan->label_entries);
		p->plan->labels[p->plan->n_labels] =
		    xstrdup(p->labels[i].label);
		p->plan->label_entries[p->plan->n_labels++] =
		    xstrdup(names[i]);
	}
	/* What boots when nobody chooses: ONTIMEOUT, else the highlighted
	   MENU DEFAULT, else DEFAULT. */
	if (p->ontimeout != NULL)
		which = "ONTIMEOUT", label = p->ontimeout,
		    at = &p->ontimeout_at;
	else if (p->menu_default != NULL)
		which = "MENU DEFAULT", label = p->menu_default,
		    at = &p->menu_default_at;
	else if (p->def != NULL)
		which = "DEFAULT", label = p->def, at = &p->def_at;
	p->file = at != NULL ? at->file : file;
	p->line = at != NULL ? at->line : 0;
	if (label != NULL)
		def = pxe_default_entry(p, label, names, which);
	if (p->mac != NULL) {
		/* The catalog keeps hosts that are one machine only. */
		if ((why = mac_problem(p->mac)) != NULL) {
			p->file = file;
			p->line = 0;
			pxe_note(p, IMPORT_SKIP, "host %s %s: no host default",
			    p->mac, why);
		} else if (def != NULL) {
			import_plan_host(p->plan, p->mac, def);
			pxe_note(p, IMPORT_HOST, "host %s: default '%s'",
			    p->mac, def);
		} else
			pxe_note(p, IMPORT_NOTE, "host %s: no default to set",
			    p->mac);
		if (p->timeout >= 0 || p->title != NULL)
			pxe_note(p, IMPORT_NOTE, "the menu's TIMEOUT and "
			    "TITLE come from the main config only");
	} else {
		if (def != NULL) {
			p->plan->menu.default_entry = xstrdup(def);
			p->plan->menu_given |= CATALOG_IMPORT_MENU_DEFAULT;
		}
		if (p->timeout >= 0) {
			/* Tenths of a second, rounded up to whole seconds. */
			p->plan->menu.timeout = (p->timeout + 9) / 10;
			p->plan->menu_given |= CATALOG_IMPORT_MENU_TIMEOUT;
		}
		if (p->title != NULL && *p->title != '\0')
			import_plan_title(p->plan, p->title_at.file,
			    p->title_at.line, p->title);
	}
	for (i = 0; i < p->n_labels; i++)
		free(names[i]);
	free(names);
}

static void
pxe_free(struct pxe_parse *p)
{
	size_t i;

	for (i = 0; i < p->n_labels; i++) {
		free(p->labels[i].label);
		free(p->labels[i].title);
		free(p->labels[i].kernel);
		free(p->labels[i].append);
		free(p->labels[i].initrd);
		free(p->labels[i].file);
	}
	free(p->labels);
	for (i = 0; i < p->n_subs; i++) {
		free(p->subs[i].tag);
		free(p->subs[i].title);
	}
	free(p->subs);
	free(p->def);
	free(p->ontimeout);
	free(p->menu_default);
	free(p->title);
	free(p->def_at.file);
	free(p->ontimeout_at.file);
	free(p->menu_default_at.file);
	free(p->title_at.file);
	free(p->append);
	free(p->ui);
}

size_t
pxelinux_parse(struct import_plan *plan, const char *file, const char *buf,
    size_t len, const struct import_loader *loader, const char *mac)
{
	struct pxe_parse p = { 0 };
	const char *why;

	p.plan = plan;
	p.loader = loader;
	p.mac = mac;
	p.timeout = -1;
	p.file = file;
	if ((why = import_text_problem(buf, len)) != NULL)
		pxe_note(&p, IMPORT_ERROR, "%s", why);
	else {
		pxe_parse_text(&p, file, buf, len);
		p.file = file;
		p.line = 0;
		if (p.depth > 0)
			pxe_note(&p, IMPORT_NOTE, "MENU BEGIN without MENU END "
			    "at the end of the file");
		/* Labels are mapped only when the whole file was good: a
		   list of entries from half a config would mislead. */
		if (p.errors == 0)
			pxe_finish(&p, file);
	}
	pxe_free(&p);
	return p.errors;
}

bool
pxelinux_mac_file(const char *name, char mac[MAC_STRLEN])
{
	if (strncmp(name, "01-", 3) != 0 || strlen(name) != 3 + 17)
		return false;
	return mac_parse(name + 3, mac);
}
