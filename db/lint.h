/* lint.h: what in a catalog will not boot as meant, found before a client finds it: `bootdeck check` and the console's markers. */
#ifndef BOOTDECK_LINT_H
#define BOOTDECK_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "db/catalog.h"
#include "db/lint_memo.h"

enum lint_severity {
	LINT_WARNING = 1,	/* boots, but not as the admin likely meant */
	LINT_ERROR,		/* a client will fail to boot what it is given */
};

/* What a finding is about; its subject names one of these. */
enum lint_subject {
	LINT_SUBJECT_ENTRY,	/* an entry name */
	LINT_SUBJECT_HOST,	/* a normalized MAC */
	LINT_SUBJECT_SETTING,	/* a setting key: "base_url", "menu.default" */
	LINT_SUBJECT_COUNT
};

/* Every check, by the code scripts match on: X(ID, "code"). */
enum lint_code {
	LINT_IMAGE_MISSING,	/* an image PATH is not under the images dir */
	LINT_IMAGE_UNREADABLE,	/* there, but not a readable regular file */
	LINT_ISO_UNREADABLE,	/* not read as ISO 9660: auto sanboots it */
	LINT_ISO_NO_RECIPE,	/* direct (or a family's damaged copy) */
	LINT_ISO_BIOS32,	/* over 2 GiB, sanbooted or memdisk, on BIOS */
	LINT_MEMDISK_EFI,	/* memdisk with platform any */
	LINT_HOTKEY_DUP,	/* two enabled entries with one hotkey */
	LINT_REF_MISSING,	/* a default or next boot names no entry */
	LINT_REF_DISABLED,	/* ... names a disabled entry */
	LINT_REF_UNFIT,		/* ... names an entry that cannot boot */
	LINT_HOST_FIRMWARE,	/* a host's default or next misfits its firmware */
	LINT_BASE_URL_BAD,	/* not a base URL at all */
	LINT_BASE_URL_LOOPBACK,	/* 127.0.0.1, ::1, localhost */
	LINT_BASE_URL_FAMILY,	/* IPv6 URL, IPv4 listener or the reverse */
	LINT_BASE_URL_ADDRESS,	/* an address or port bootdeckd does not listen on */
	LINT_CODE_COUNT
};

struct lint_finding {
	enum lint_severity	 severity;
	enum lint_code		 code;
	enum lint_subject	 subject_kind;
	char			*subject;
	char			*message;	/* one line, printable ASCII */
};

struct lint_options {
	/* The images root; NULL: image files are not checked. */
	const char	*images_dir;
	/* The base URL set by flags, environment or config file, which
	   beats the catalog's; NULL or "": the catalog's, if any. */
	const char	*base_url;
	/* Where that came from, for messages ("a flag", a file's path);
	   NULL: "the config". */
	const char	*base_url_from;
	/* bootdeckd's ADDR:PORT (IPv4, or [IPv6]); NULL: not compared. */
	const char	*listen;
	/* What earlier runs found in ISO files, used and updated: an ISO
	   file that has not changed since is not read again. NULL: every
	   run reads every ISO (a one-shot `bootdeck check`). */
	struct lint_memo *memo;
};

struct lint_report {
	struct lint_finding	*v;	/* in the order found */
	size_t			 n, cap;
	size_t			 errors, warnings;
};

/*
 * Checks the whole catalog (read in one transaction) against opt: entries'
 * images and fitness, references from hosts, the menu and the
 * unknown_entry setting, hosts against the firmware they last booted
 * with, the base URL against the listen address. Never prints. Returns
 * a catalog status; findings are no failure.
 */
int lint_run(struct catalog *cat, const struct lint_options *opt,
    struct lint_report *r);
void lint_report_free(struct lint_report *r);

/* "image-missing"...; "error" or "warning"; "entry", "host", "setting". */
const char *lint_code_name(enum lint_code code);
/* One line for documentation and --help: what the code means. */
const char *lint_code_help(enum lint_code code);
const char *lint_severity_name(enum lint_severity s);
const char *lint_subject_name(enum lint_subject s);

/* The worst finding about subject (kind and name), or NULL: for a marker
   on the row that shows it. */
const struct lint_finding *lint_report_find(const struct lint_report *r,
    enum lint_subject kind, const char *subject);

#endif
