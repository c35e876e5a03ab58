/* plan.h: what an importer of another boot setup (pxelinux, iPXE menu) makes: entries, hosts, menu, and a finding per line it judged. */
#ifndef BOOTDECK_IMPORT_PLAN_H
#define BOOTDECK_IMPORT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "db/catalog.h"

/* What became of one label, item or line of the imported file. */
enum import_level {
	IMPORT_ENTRY,		/* a label made (or shares) an entry */
	IMPORT_HOST,		/* a per-MAC file made a host default */
	IMPORT_NOTE,		/* understood, kept as far as bootdeck can */
	IMPORT_SKIP,		/* a label or line that bootdeck cannot map */
	IMPORT_ERROR,		/* bad input: nothing may be imported */
};

struct import_finding {
	enum import_level level;
	char		*file;		/* as the config names it */
	int		 line;		/* 1-based; 0: the whole file */
	char		*text;		/* one line, no trailing period */
};

/* Reads a file a config refers to (INCLUDE), path as the config gives it
   (relative to the TFTP root). Returns 0, or -1 with a reason in err
   ("no such file", "a binary file", "larger than 1 MiB"). *buf is
   NUL-terminated and freed by the caller. */
struct import_loader {
	int	(*load)(void *ctx, const char *path, char **buf, size_t *len,
		    char *err, size_t errlen);
	void	*ctx;
};

struct import_plan {
	struct entry		*entries;	/* in menu order */
	size_t			 n_entries;
	struct host		*hosts;		/* MAC and default_entry only */
	size_t			 n_hosts;
	struct menu_settings	 menu;
	unsigned		 menu_given;	/* CATALOG_IMPORT_MENU_* */
	struct import_finding	*findings;	/* in the order met */
	size_t			 n_findings;
	size_t			 n_errors;	/* IMPORT_ERROR findings */
	/* The main config's labels and the entries they made, so a
	   per-MAC file can name them in its DEFAULT. */
	char			**labels, **label_entries;
	size_t			 n_labels;
};

/* Frees what plan holds and zeroes it; accepts NULL. */
void import_plan_free(struct import_plan *plan);
void import_finding(struct import_plan *plan, enum import_level level,
    const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const char *import_level_name(enum import_level level);
/* Why buf (len bytes) is not a text config, or NULL: NUL bytes and
   other binary content are refused before any line is read. */
const char *import_text_problem(const char *buf, size_t len);
/* The largest config file an importer reads, and the most labels or
   items it maps: far above any real menu, and low enough that a hostile
   file cannot make the name and duplicate checks (quadratic) slow. */
#define IMPORT_FILE_MAX (1024 * 1024)
#define IMPORT_ENTRIES_MAX 1000
/* An entry name made from free text (a label): [A-Za-z0-9._-], starting
   with a letter or digit, at most ENTRY_NAME_MAX, unique in plan (a
   suffix "-2", "-3" ... when taken). Caller frees. */
char *import_entry_name(const struct import_plan *plan, const char *label);
/* A copy of s cut to at most max bytes, never inside a UTF-8 character
   (a title cut mid-character is not valid text to the catalog). */
char *import_text_cut(const char *s, size_t max);
/* Sets the menu title (cut to MENU_TITLE_MAX), or notes at file:line
   why the catalog would refuse it (a control character, not UTF-8). */
void import_plan_title(struct import_plan *plan, const char *file, int line,
    const char *title);
/* The entry called name in plan, or NULL. */
struct entry *import_plan_entry(struct import_plan *plan, const char *name);
/* Appends a copy of e (its fields are taken over: e is zeroed). */
struct entry *import_plan_add(struct import_plan *plan, struct entry *e);
/* Sets the default of the host mac (normalized), adding it if new. */
void import_plan_host(struct import_plan *plan, const char *mac,
    const char *entry);

#endif
