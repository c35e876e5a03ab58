/* fuzz_pxelinux.c: pxelinux import with INCLUDE files made from the input: located one-line findings, capped errors, valid entries the catalog takes, the same plan every time. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "fuzz/import_check.h"
#include "import/pxelinux.h"

/*
 * The input is up to four parts split at "\n%%\n":
 *   0  pxelinux.cfg/default, also served as in.cfg
 *   1  p1.cfg; depthN.cfg is "INCLUDE depth<N+1>.cfg" then part 1, so
 *      includes nest as deep as the input likes
 *   2  a per-MAC file: its first line is the name ("01-aa-bb-..."),
 *      the rest its content, read after the main file as the CLI does
 *   3  p3.cfg
 * and a few fixed files: a loop of two, a binary one, a submenu.
 */
#define PARTS 4
#define SEP "\n%%\n"
#define MAIN_FILE "pxelinux.cfg/default"

struct pxe_input {
	const char	*part[PARTS];
	size_t		 len[PARTS];
	char		*mac_name;	/* part 2's first line */
	const char	*mac_text;
	size_t		 mac_len;
	char		*mac_file;	/* "pxelinux.cfg/" mac_name */
};

static const char *const fixed[][2] = {
	{ "loopa.cfg", "LABEL la\n KERNEL la\nINCLUDE loopb.cfg\n" },
	{ "loopb.cfg", "MENU INCLUDE ::/loopa.cfg Loop\n" },
	{ "sub.cfg", "MENU TITLE Sub\nLABEL inner\n LOCALBOOT 0\n" },
	{ "nul.cfg", "LABEL x\n\0" },
};

/* The content of a file the loader serves (*buf xmalloc'd), or -1. */
static int
pxe_file(const struct pxe_input *in, const char *path, char **buf,
    size_t *len)
{
	const char *src = NULL;
	size_t i, n = 0;
	char *end;
	long depth;

	if (strcmp(path, MAIN_FILE) == 0 || strcmp(path, "in.cfg") == 0)
		src = in->part[0], n = in->len[0];
	else if (strcmp(path, "p1.cfg") == 0)
		src = in->part[1], n = in->len[1];
	else if (strcmp(path, "p3.cfg") == 0)
		src = in->part[3], n = in->len[3];
	else if (strncmp(path, "depth", 5) == 0 &&
	    isdigit((unsigned char)path[5]) &&
	    (depth = strtol(path + 5, &end, 10)) >= 0 && depth < 1000 &&
	    strcmp(end, ".cfg") == 0) {
		char head[64];
		int h = snprintf(head, sizeof head, "INCLUDE depth%ld.cfg\n",
		    depth + 1);

		*len = (size_t)h + in->len[1];
		*buf = xmalloc(*len + 1);
		memcpy(*buf, head, (size_t)h);
		memcpy(*buf + h, in->part[1], in->len[1]);
		(*buf)[*len] = '\0';
		return 0;
	} else {
		for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			if (strcmp(path, fixed[i][0]) == 0) {
				src = fixed[i][1];
				/* nul.cfg holds its NUL. */
				n = strlen(src) + (i == 3);
			}
		if (src == NULL)
			return -1;
	}
	*buf = xmalloc(n + 1);
	memcpy(*buf, src, n);
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

static int
pxe_load(void *ctx, const char *path, char **buf, size_t *len, char *err,
    size_t errlen)
{
	const char *q;
	size_t n;

	/* As the importer hands them over: relative to the TFTP root,
	   never above it. */
	FUZZ_CHECK(*path != '/');
	for (q = path; *q != '\0'; q += n + (q[n] == '/')) {
		n = strcspn(q, "/");
		FUZZ_CHECK(n != 2 || strncmp(q, "..", 2) != 0);
	}
	if (pxe_file(ctx, path, buf, len) != 0) {
		snprintf(err, errlen, "no such file");
		return -1;
	}
	return 0;
}

static size_t
pxe_lines(void *ctx, const char *file)
{
	const struct pxe_input *in = ctx;
	char *buf;
	size_t len, n;

	if (in->mac_file != NULL && strcmp(file, in->mac_file) == 0)
		return import_check_count_lines(in->mac_text, in->mac_len);
	/* Findings name a file as the config does ("::/a", "/a"). */
	if (strncmp(file, "::", 2) == 0)
		file += 2;
	while (*file == '/')
		file++;
	if (pxe_file(in, file, &buf, &len) != 0)
		return SIZE_MAX;
	n = import_check_count_lines(buf, len);
	free(buf);
	return n;
}

static void
pxe_split(struct pxe_input *in, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *stop = p + size, *sep, *nl;
	size_t i;

	memset(in, 0, sizeof *in);
	for (i = 0; i < PARTS; i++) {
		sep = i + 1 < PARTS ? memmem(p, (size_t)(stop - p), SEP,
		    strlen(SEP)) : NULL;
		in->part[i] = p;
		in->len[i] = sep != NULL ? (size_t)(sep - p) :
		    (size_t)(stop - p);
		if (sep == NULL) {
			for (i++; i < PARTS; i++)
				in->part[i] = stop, in->len[i] = 0;
			break;
		}
		p = sep + strlen(SEP);
	}
	nl = memchr(in->part[2], '\n', in->len[2]);
	if (nl == NULL)
		nl = in->part[2] + in->len[2];
	in->mac_name = xstrndup(in->part[2], (size_t)(nl - in->part[2]));
	in->mac_text = nl < in->part[2] + in->len[2] ? nl + 1 : nl;
	in->mac_len = in->len[2] - (size_t)(in->mac_text - in->part[2]);
}

/* The MAC of a per-MAC file name, checked against the name. */
static bool
pxe_mac(const char *name, char mac[MAC_STRLEN])
{
	size_t i;

	if (!pxelinux_mac_file(name, mac))
		return false;
	FUZZ_CHECK(strlen(name) == 20 && strncmp(name, "01-", 3) == 0);
	FUZZ_CHECK(strlen(mac) == MAC_STRLEN - 1);
	for (i = 0; i < MAC_STRLEN - 1; i++)
		if (i % 3 == 2)
			FUZZ_CHECK(mac[i] == ':');
		else
			FUZZ_CHECK(mac[i] ==
			    tolower((unsigned char)name[3 + i]) &&
			    isxdigit((unsigned char)mac[i]));
	return true;
}

static size_t
pxe_run(struct import_plan *plan, struct pxe_input *in)
{
	const struct import_loader loader = { .load = pxe_load, .ctx = in };
	char mac[MAC_STRLEN];
	size_t errors;

	errors = pxelinux_parse(plan, MAIN_FILE, in->part[0], in->len[0],
	    &loader, NULL);
	FUZZ_CHECK(errors == plan->n_errors);
	/* The documented cap, and the one that says the rest is unread. */
	FUZZ_CHECK(errors <= PXELINUX_ERRORS_MAX + 1);
	/* Bad input makes nothing. */
	if (errors > 0)
		FUZZ_CHECK(plan->n_entries == 0 && plan->menu_given == 0);
	if (errors == 0 && pxe_mac(in->mac_name, mac)) {
		size_t had = plan->n_entries;
		unsigned given = plan->menu_given;

		free(in->mac_file);
		in->mac_file = xasprintf("pxelinux.cfg/%s", in->mac_name);
		errors = pxelinux_parse(plan, in->mac_file, in->mac_text,
		    in->mac_len, &loader, mac);
		FUZZ_CHECK(errors <= PXELINUX_ERRORS_MAX + 1);
		/* A per-MAC file never sets the menu. */
		FUZZ_CHECK(plan->menu_given == given);
		if (errors > 0)
			FUZZ_CHECK(plan->n_entries == had &&
			    plan->n_hosts == 0);
		FUZZ_CHECK(plan->n_hosts <= 1);
		FUZZ_CHECK(plan->n_hosts == 0 ||
		    strcmp(plan->hosts[0].mac, mac) == 0);
	} else
		FUZZ_CHECK(plan->n_hosts == 0);
	return errors;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_plan plan = { 0 }, again = { 0 };
	struct pxe_input in;
	size_t i, made = 0;

	pxe_split(&in, data, size);
	pxe_run(&plan, &in);
	import_check_plan(&plan, pxe_lines, &in);
	/* Every entry is reported (labels that share one are too). */
	for (i = 0; i < plan.n_findings; i++)
		if (plan.findings[i].level == IMPORT_ENTRY)
			made++;
	FUZZ_CHECK(made >= plan.n_entries);
	for (i = 0; i < plan.n_entries; i++)
		FUZZ_CHECK(plan.entries[i].kind == ENTRY_KERNEL ||
		    plan.entries[i].kind == ENTRY_ISO ||
		    plan.entries[i].kind == ENTRY_LOCALBOOT);

	pxe_run(&again, &in);
	import_check_same(&plan, &again);
	import_plan_free(&again);
	import_plan_free(&plan);
	free(in.mac_name);
	free(in.mac_file);
	return 0;
}
