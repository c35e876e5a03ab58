/* ipxe_menu.c: a hand-written iPXE menu script (like the seed's boot.php) read into an import plan. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "import/ipxe_menu.h"

#define IPXE_TOKENS_MAX 64
#define IPXE_TIMEOUT_MAX (86400L * 1000)	/* ms: a day */

/* One script line cut into words (the iPXE language has no quoting). */
struct ipxe_line {
	int		 line;
	char		*text;		/* as written, for findings */
	char		*words[IPXE_TOKENS_MAX];
	size_t		 n;
	bool		 used;		/* mapped, or understood as a no-op */
};

struct ipxe_item {
	char		*label;
	char		*text;
	char		 key;
	int		 line;
};

struct ipxe_parse {
	struct import_plan	*plan;
	const char		*file;
	struct ipxe_line	*lines;
	size_t			 n_lines;
	struct ipxe_item	*items;
	size_t			 n_items;
	char			*title;
	int			 title_line;
	char			*def;
	long			 timeout_ms;	/* -1: none */
	bool			 menu_seen;
	bool			 too_many;	/* items past the limit */
};

/* Commands that only steer the script or the screen: nothing to keep. */
static const char *const ipxe_noops[] = {
	"echo", "dhcp", "ifconf", "ifopen", "goto", "clear", "cpair",
	"colour", "console", "imgfree", "isset", "iseq", "prompt", "sleep",
	"ifstat", "route", "sync",
};

static bool
ipxe_noop(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof ipxe_noops / sizeof ipxe_noops[0]; i++)
		if (strcmp(ipxe_noops[i], w) == 0)
			return true;
	return false;
}

static void
ipxe_split(struct ipxe_line *l)
{
	char *s = l->text, *w;
	size_t n;

	l->n = 0;
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0' || *s == '#' || l->n == IPXE_TOKENS_MAX)
			break;
		n = strcspn(s, " \t");
		/* "||", "&&" and ";" end the command: what follows is its
		   failure path or another command, not its arguments. */
		if ((n == 2 && (strncmp(s, "||", 2) == 0 ||
		    strncmp(s, "&&", 2) == 0)) || (n == 1 && *s == ';'))
			break;
		w = xstrndup(s, n);
		l->words[l->n++] = w;
		s += n;
	}
}

static void
ipxe_read_lines(struct ipxe_parse *p, const char *buf, size_t len)
{
	const char *q = buf, *nl, *stop = buf + len;
	struct strbuf sb = STRBUF_INIT;
	struct ipxe_line *l;
	int line = 0, first = 0;
	size_t n;

	while (q < stop) {
		nl = memchr(q, '\n', (size_t)(stop - q));
		if (nl == NULL)
			nl = stop;
		line++;
		n = (size_t)(nl - q);
		while (n > 0 && (q[n - 1] == '\r' || q[n - 1] == ' ' ||
		    q[n - 1] == '\t'))
			n--;
		if (sb.len == 0)
			first = line;
		/* A trailing backslash joins the next line to this one. */
		if (n > 0 && q[n - 1] == '\\') {
			strbuf_add(&sb, q, n - 1);
			strbuf_addc(&sb, ' ');
			q = nl + 1;
			continue;
		}
		strbuf_add(&sb, q, n);
		strbuf_addc(&sb, '\0');
		p->lines = xreallocarray(p->lines, p->n_lines + 1,
		    sizeof *p->lines);
		l = &p->lines[p->n_lines++];
		memset(l, 0, sizeof *l);
		l->line = first;
		l->text = strbuf_detach(&sb, NULL);
		ipxe_split(l);
		q = nl + 1;
	}
	strbuf_free(&sb);
}

/* The value of "--opt=V" or "--opt V" at words[*i]; moves *i past it. */
static const char *
ipxe_opt_value(struct ipxe_line *l, size_t *i, const char *opt)
{
	size_t n = strlen(opt);
	const char *w = l->words[*i];

	if (strncmp(w, opt, n) != 0)
		return NULL;
	if (w[n] == '=')
		return w + n + 1;
	if (w[n] == '\0' && *i + 1 < l->n)
		return l->words[++*i];
	return NULL;
}

static void
ipxe_item(struct ipxe_parse *p, struct ipxe_line *l)
{
	struct ipxe_item *it;
	struct strbuf text = STRBUF_INIT;
	const char *key = NULL, *v;
	size_t i;
	bool gap = false;

	for (i = 1; i < l->n && strncmp(l->words[i], "--", 2) == 0; i++) {
		if ((v = ipxe_opt_value(l, &i, "--key")) != NULL)
			key = v;
		else if (strcmp(l->words[i], "--gap") == 0)
			gap = true;
		else
			(void)ipxe_opt_value(l, &i, "--menu");
	}
	l->used = true;
	if (gap || i >= l->n)
		return;
	if (p->n_items + p->plan->n_entries >= IMPORT_ENTRIES_MAX) {
		if (!p->too_many)
			import_finding(p->plan, IMPORT_ERROR, p->file, l->line,
			    "more than %d items", IMPORT_ENTRIES_MAX);
		p->too_many = true;
		return;
	}
	p->items = xreallocarray(p->items, p->n_items + 1, sizeof *p->items);
	it = &p->items[p->n_items++];
	memset(it, 0, sizeof *it);
	it->label = xstrdup(l->words[i]);
	it->line = l->line;
	for (i++; i < l->n; i++) {
		if (text.len > 0)
			strbuf_addc(&text, ' ');
		strbuf_adds(&text, l->words[i]);
	}
	strbuf_addc(&text, '\0');
	it->text = strbuf_detach(&text, NULL);
	if (key != NULL && strlen(key) == 1 &&
	    ((key[0] >= 'a' && key[0] <= 'z') ||
	    (key[0] >= '0' && key[0] <= '9')))
		it->key = key[0];
}

static void
ipxe_choose(struct ipxe_parse *p, struct ipxe_line *l)
{
	const char *v;
	char *end;
	size_t i;
	long t;

	l->used = true;
	for (i = 1; i < l->n; i++) {
		if ((v = ipxe_opt_value(l, &i, "--default")) != NULL) {
			free(p->def);
			p->def = xstrdup(v);
		} else if ((v = ipxe_opt_value(l, &i, "--timeout")) != NULL) {
			errno = 0;
			t = strtol(v, &end, 10);
			/* The catalog's menu waits a day at most. */
			if (*v == '\0' || *end != '\0' || errno != 0 ||
			    t < 0 || t > IPXE_TIMEOUT_MAX)
				import_finding(p->plan, IMPORT_SKIP, p->file,
				    l->line, "choose --timeout %s: not a "
				    "number of milliseconds up to a day", v);
			else
				p->timeout_ms = t;
		}
	}
}

/* The menu: "menu TITLE", "item", "choose" anywhere in the script. */
static void
ipxe_scan_menu(struct ipxe_parse *p)
{
	struct strbuf sb = STRBUF_INIT;
	struct ipxe_line *l;
	size_t i, j;

	for (i = 0; i < p->n_lines; i++) {
		l = &p->lines[i];
		if (l->n == 0) {
			l->used = true;
			continue;
		}
		if (strcmp(l->words[0], "menu") == 0) {
			l->used = true;
			if (p->menu_seen) {
				import_finding(p->plan, IMPORT_NOTE, p->file,
				    l->line, "a second menu: its items join "
				    "the first");
				continue;
			}
			p->menu_seen = true;
			for (j = 1; j < l->n; j++) {
				if (sb.len > 0)
					strbuf_addc(&sb, ' ');
				strbuf_adds(&sb, l->words[j]);
			}
			if (sb.len > 0) {
				p->title = strbuf_detach(&sb, NULL);
				p->title_line = l->line;
			}
		} else if (strcmp(l->words[0], "item") == 0)
			ipxe_item(p, l);
		else if (strcmp(l->words[0], "choose") == 0)
			ipxe_choose(p, l);
	}
	strbuf_free(&sb);
}

/* Where ":label" starts, or SIZE_MAX. */
static size_t
ipxe_find_label(const struct ipxe_parse *p, const char *label)
{
	size_t i;

	for (i = 0; i < p->n_lines; i++)
		if (p->lines[i].n > 0 && p->lines[i].words[0][0] == ':' &&
		    strcmp(p->lines[i].words[0] + 1, label) == 0)
			return i;
	return SIZE_MAX;
}

static bool
ipxe_has_var(const struct ipxe_line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strstr(l->words[i], "${") != NULL)
			return true;
	return false;
}

/* Options of imgfetch and sanboot that take a value ("--drive 0x80"). */
static const char *const ipxe_value_opts[] = {
	"--name", "--timeout", "--drive", "--filename", "--extra", "--label",
	"--uuid",
};

/* The first word after the options of a command. */
static size_t
ipxe_skip_opts(struct ipxe_line *l, size_t i)
{
	size_t j;

	for (; i < l->n && strncmp(l->words[i], "--", 2) == 0; i++)
		for (j = 0; j < sizeof ipxe_value_opts /
		    sizeof ipxe_value_opts[0]; j++)
			if (ipxe_opt_value(l, &i, ipxe_value_opts[j]) != NULL)
				break;
	return i;
}

static void
ipxe_join(char **dst, struct ipxe_line *l, size_t from)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = from; i < l->n; i++) {
		if (sb.len > 0)
			strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, l->words[i]);
	}
	free(*dst);
	*dst = sb.len > 0 ? strbuf_detach(&sb, NULL) : NULL;
	strbuf_free(&sb);
}

/*
 * One command of a section into e. Returns 1 when it made the boot, 0 when
 * it was understood, -1 when it cannot be mapped.
 */
static int
ipxe_command(struct ipxe_line *l, struct entry *e)
{
	const char *cmd = l->words[0];
	size_t i;

	if (ipxe_has_var(l) && strcmp(cmd, "goto") != 0 &&
	    strcmp(cmd, "echo") != 0)
		return -1;
	if (strcmp(cmd, "sanboot") == 0) {
		i = ipxe_skip_opts(l, 1);
		if (i == l->n) {
			/* "sanboot --drive 0x80": the local disk. */
			e->kind = ENTRY_LOCALBOOT;
			return 1;
		}
		e->kind = ENTRY_ISO;
		free(e->target);
		e->target = xstrdup(l->words[i]);
		e->boot = xstrdup(ENTRY_BOOT_SANBOOT);
		return 1;
	}
	if (strcmp(cmd, "kernel") == 0 || strcmp(cmd, "imgexec") == 0 ||
	    strcmp(cmd, "chain") == 0) {
		i = ipxe_skip_opts(l, 1);
		if (i == l->n)
			return -1;
		free(e->target);
		e->target = xstrdup(l->words[i]);
		ipxe_join(&e->args, l, i + 1);
		/* kernel, then initrd, then boot; a chain boots at once. */
		e->kind = strcmp(cmd, "kernel") == 0 || e->n_initrds > 0 ?
		    ENTRY_KERNEL : ENTRY_CHAIN;
		return strcmp(cmd, "kernel") == 0 ? 0 : 1;
	}
	if (strcmp(cmd, "initrd") == 0 || strcmp(cmd, "module") == 0) {
		i = ipxe_skip_opts(l, 1);
		if (i == l->n || e->n_initrds == ENTRY_INITRDS_MAX)
			return -1;
		e->initrds = xreallocarray(e->initrds, e->n_initrds + 1,
		    sizeof *e->initrds);
		e->initrds[e->n_initrds++] = xstrdup(l->words[i]);
		return 0;
	}
	if (strcmp(cmd, "boot") == 0)
		return e->target != NULL && e->kind == ENTRY_KERNEL ? 1 : -1;
	if (strcmp(cmd, "exit") == 0) {
		e->kind = ENTRY_LOCALBOOT;
		return 1;
	}
	if (strcmp(cmd, "shell") == 0) {
		e->kind = ENTRY_SHELL;
		return 1;
	}
	if (strcmp(cmd, "imgargs") == 0 && l->n >= 2) {
		ipxe_join(&e->args, l, 2);
		return 0;
	}
	return ipxe_noop(cmd) ? 0 : -1;
}

/* The item's :label section into an entry. Returns why not, or NULL. */
static const char *
ipxe_section(struct ipxe_parse *p, const struct ipxe_item *it,
    struct entry *e)
{
	struct ipxe_line *l;
	size_t at, i;
	int r, booted = 0;

	e->kind = ENTRY_KIND_COUNT;
	if ((at = ipxe_find_label(p, it->label)) == SIZE_MAX)
		return "no :label section for it";
	p->lines[at].used = true;
	for (i = at + 1; i < p->n_lines && !booted; i++) {
		l = &p->lines[i];
		if (l->n == 0)
			continue;
		if (l->words[0][0] == ':')
			break;
		r = ipxe_command(l, e);
		if (r < 0) {
			import_finding(p->plan, IMPORT_SKIP, p->file, l->line,
			    "item '%s': line not mapped: %s", it->label,
			    l->text);
			l->used = true;
			continue;
		}
		l->used = true;
		booted = r;
	}
	/* What follows the boot up to the next label is its failure path. */
	for (; i < p->n_lines; i++) {
		l = &p->lines[i];
		if (l->n > 0 && l->words[0][0] == ':')
			break;
		if (l->n == 0 || ipxe_noop(l->words[0]))
			l->used = true;
	}
	if (!booted)
		return "its section boots nothing bootdeck can keep";
	if (e->kind != ENTRY_KERNEL && e->kind != ENTRY_CHAIN) {
		free(e->args);
		e->args = NULL;
	}
	if (e->kind == ENTRY_ISO && e->args != NULL)
		return "sanboot with arguments";
	return NULL;
}

static void
ipxe_items(struct ipxe_parse *p)
{
	struct ipxe_item *it;
	struct entry e;
	char err[256];
	const char *why;
	size_t i, j;

	for (i = 0; i < p->n_items; i++) {
		it = &p->items[i];
		memset(&e, 0, sizeof e);
		if ((why = ipxe_section(p, it, &e)) == NULL) {
			e.title = import_text_cut(*it->text != '\0' ?
			    it->text : it->label, ENTRY_TITLE_MAX);
			e.name = import_entry_name(p->plan, it->label);
			e.enabled = true;
			for (j = 0; it->key != '\0' && j < p->plan->n_entries;
			    j++)
				if (p->plan->entries[j].key == it->key)
					break;
			if (it->key != '\0' && j == p->plan->n_entries)
				e.key = it->key;
			if (entry_validate(&e, err, sizeof err) != CATALOG_OK)
				why = err;
		}
		if (why != NULL) {
			import_finding(p->plan, IMPORT_SKIP, p->file, it->line,
			    "item '%s': %s", it->label, why);
			entry_clear(&e);
			continue;
		}
		import_finding(p->plan, IMPORT_ENTRY, p->file, it->line,
		    "item '%s': entry '%s' (%s)", it->label, e.name,
		    entry_kind_name(e.kind));
		if (p->def != NULL && strcmp(p->def, it->label) == 0 &&
		    p->plan->menu.default_entry == NULL) {
			p->plan->menu.default_entry = xstrdup(e.name);
			p->plan->menu_given |= CATALOG_IMPORT_MENU_DEFAULT;
		}
		import_plan_add(p->plan, &e);
	}
}

size_t
ipxe_menu_parse(struct import_plan *plan, const char *file, const char *buf,
    size_t len)
{
	struct ipxe_parse p = { 0 };
	size_t i, j, errors = plan->n_errors;
	const char *why;

	p.plan = plan;
	p.file = file;
	p.timeout_ms = -1;
	if ((why = import_text_problem(buf, len)) != NULL) {
		import_finding(plan, IMPORT_ERROR, file, 0, "%s", why);
		return plan->n_errors - errors;
	}
	if (len < 6 || strncmp(buf, "#!ipxe", 6) != 0) {
		import_finding(plan, IMPORT_ERROR, file, 1, "not an iPXE "
		    "script: it does not start with #!ipxe");
		return plan->n_errors - errors;
	}
	ipxe_read_lines(&p, buf, len);
	ipxe_scan_menu(&p);
	if (p.too_many)
		goto out;
	if (p.n_items == 0)
		import_finding(plan, IMPORT_NOTE, file, 0, "no menu items");
	ipxe_items(&p);
	if (p.title != NULL)
		import_plan_title(plan, file, p.title_line, p.title);
	if (p.timeout_ms >= 0) {
		plan->menu.timeout = (int)((p.timeout_ms + 999) / 1000);
		plan->menu_given |= CATALOG_IMPORT_MENU_TIMEOUT;
	}
	/* The rest: listed, so nothing is dropped without a word. */
	for (i = 0; i < p.n_lines; i++) {
		struct ipxe_line *l = &p.lines[i];

		if (l->used || l->n == 0 || (i == 0 &&
		    strcmp(l->words[0], "#!ipxe") == 0))
			continue;
		if (ipxe_noop(l->words[0]) || (l->words[0][0] == ':' &&
		    l->n == 1))
			import_finding(plan, IMPORT_NOTE, file, l->line,
			    "left out: %s", l->text);
		else
			import_finding(plan, IMPORT_SKIP, file, l->line,
			    "line not mapped: %s", l->text);
	}
out:
	for (i = 0; i < p.n_lines; i++) {
		for (j = 0; j < p.lines[i].n; j++)
			free(p.lines[i].words[j]);
		free(p.lines[i].text);
	}
	free(p.lines);
	for (i = 0; i < p.n_items; i++) {
		free(p.items[i].label);
		free(p.items[i].text);
	}
	free(p.items);
	free(p.title);
	free(p.def);
	return plan->n_errors - errors;
}
