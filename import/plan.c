/* plan.c: the findings and the entries an importer collects, shared by the pxelinux and iPXE menu importers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "import/plan.h"

static const char *const import_levels[] = {
	[IMPORT_ENTRY] = "entry",
	[IMPORT_HOST] = "host",
	[IMPORT_NOTE] = "note",
	[IMPORT_SKIP] = "skipped",
	[IMPORT_ERROR] = "error",
};

const char *
import_level_name(enum import_level level)
{
	if ((unsigned)level >= sizeof import_levels / sizeof import_levels[0])
		return "?";
	return import_levels[level];
}

void
import_plan_free(struct import_plan *plan)
{
	size_t i;

	if (plan == NULL)
		return;
	entry_array_free(plan->entries, plan->n_entries);
	host_array_free(plan->hosts, plan->n_hosts);
	menu_settings_clear(&plan->menu);
	for (i = 0; i < plan->n_findings; i++) {
		free(plan->findings[i].file);
		free(plan->findings[i].text);
	}
	free(plan->findings);
	for (i = 0; i < plan->n_labels; i++) {
		free(plan->labels[i]);
		free(plan->label_entries[i]);
	}
	free(plan->labels);
	free(plan->label_entries);
	memset(plan, 0, sizeof *plan);
}

void
import_finding(struct import_plan *plan, enum import_level level,
    const char *file, int line, const char *fmt, ...)
{
	struct import_finding *f;
	struct strbuf sb = STRBUF_INIT;
	char *text, *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	text = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	/* Config text quoted into a finding may hold any byte: the finding
	   is one printable line whatever the file held. */
	for (p = text; *p != '\0'; p++)
		strbuf_addc(&sb, *p >= ' ' && *p <= '~' ? *p : '?');
	free(text);
	plan->findings = xreallocarray(plan->findings, plan->n_findings + 1,
	    sizeof *plan->findings);
	f = &plan->findings[plan->n_findings++];
	f->level = level;
	f->file = xstrdup(file != NULL ? file : "-");
	f->line = line;
	f->text = strbuf_detach(&sb, NULL);
	if (level == IMPORT_ERROR)
		plan->n_errors++;
}

const char *
import_text_problem(const char *buf, size_t len)
{
	size_t i, odd = 0;

	if (len > IMPORT_FILE_MAX)
		return "larger than 1 MiB: not a boot menu";
	if (memchr(buf, '\0', len) != NULL)
		return "a binary file (it holds NUL bytes)";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < ' ' && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f')
			odd++;
	}
	/* A stray control byte is a typo; many are another kind of file. */
	if (odd > 8 && odd * 100 > len)
		return "a binary file (control bytes)";
	return NULL;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

char *
import_text_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		/* Back to the lead byte of a character the cut would split. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

void
import_plan_title(struct import_plan *plan, const char *file, int line,
    const char *title)
{
	char *t = import_text_cut(title, MENU_TITLE_MAX);
	const char *why;

	if ((why = menu_title_problem(t)) != NULL) {
		import_finding(plan, IMPORT_SKIP, file, line, "menu title "
		    "'%s' %s: left out", t, why);
		free(t);
		return;
	}
	free(plan->menu.title);
	plan->menu.title = t;
	plan->menu_given |= CATALOG_IMPORT_MENU_TITLE;
}

struct entry *
import_plan_entry(struct import_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->n_entries; i++)
		if (strcmp(plan->entries[i].name, name) == 0)
			return &plan->entries[i];
	return NULL;
}

char *
import_entry_name(const struct import_plan *plan, const char *label)
{
	char base[ENTRY_NAME_MAX + 1], *name;
	size_t n = 0, i;
	const char *p;
	bool *taken;
	int k;

	for (p = label; *p != '\0' && n < ENTRY_NAME_MAX - 4; p++) {
		if (name_char(*p))
			base[n++] = *p;
		else if (n > 0 && base[n - 1] != '-')
			base[n++] = '-';
	}
	while (n > 0 && (base[0] == '.' || base[0] == '_' || base[0] == '-')) {
		memmove(base, base + 1, n - 1);
		n--;
	}
	while (n > 0 && base[n - 1] == '-')
		n--;
	base[n] = '\0';
	/* "menu" is the boot log's word for the menu itself. */
	if (n == 0 || strcmp(base, "menu") == 0)
		snprintf(base + n, sizeof base - n, "%s", n == 0 ? "entry" :
		    "-entry");
	n = strlen(base);
	name = xstrdup(base);
	if (import_plan_entry((struct import_plan *)plan, name) == NULL)
		return name;
	/* The smallest free suffix, from one pass over the names: trying
	   -2, -3 ... each against every name made a file of 1000 equal
	   labels take a billion compares. n names leave one of 2..n+2. */
	taken = xcalloc(plan->n_entries + 3, sizeof *taken);
	for (i = 0; i < plan->n_entries; i++) {
		p = plan->entries[i].name;
		if (strncmp(p, base, n) != 0 || p[n] != '-' || p[n + 1] < '1' ||
		    p[n + 1] > '9' || strspn(p + n + 1, "0123456789") !=
		    strlen(p + n + 1) || strlen(p + n + 1) > 6)
			continue;
		k = atoi(p + n + 1);
		if (k >= 2 && (size_t)k <= plan->n_entries + 2)
			taken[k] = true;
	}
	for (k = 2; taken[k]; k++)
		;
	free(taken);
	free(name);
	return xasprintf("%s-%d", base, k);
}

struct entry *
import_plan_add(struct import_plan *plan, struct entry *e)
{
	plan->entries = xreallocarray(plan->entries, plan->n_entries + 1,
	    sizeof *plan->entries);
	plan->entries[plan->n_entries] = *e;
	memset(e, 0, sizeof *e);
	return &plan->entries[plan->n_entries++];
}

void
import_plan_host(struct import_plan *plan, const char *mac,
    const char *entry)
{
	struct host *h = NULL;
	size_t i;

	for (i = 0; i < plan->n_hosts; i++)
		if (strcmp(plan->hosts[i].mac, mac) == 0)
			h = &plan->hosts[i];
	if (h == NULL) {
		plan->hosts = xreallocarray(plan->hosts, plan->n_hosts + 1,
		    sizeof *plan->hosts);
		h = &plan->hosts[plan->n_hosts++];
		memset(h, 0, sizeof *h);
		snprintf(h->mac, sizeof h->mac, "%s", mac);
	}
	free(h->default_entry);
	h->default_entry = xstrdup_null(entry);
}
