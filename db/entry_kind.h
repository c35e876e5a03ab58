/* entry_kind.h: each kind of boot entry and each optional entry field, defined once for every front end. */
#ifndef BOOTDECK_ENTRY_KIND_H
#define BOOTDECK_ENTRY_KIND_H

#include <stdbool.h>

/*
 * Every kind, in the order menus, help and forms list them: X(ID, id).
 * The enum and every per-kind table in the tree (the definitions in
 * db/entry_kind.c, the renderer's functions in ipxe/render.c) are made
 * from this list by name, so a kind that one of them lacks does not
 * compile.
 */
#define ENTRY_KINDS(X) \
	X(ISO, iso) \
	X(MEMDISK, memdisk) \
	X(KERNEL, kernel) \
	X(LOCALBOOT, localboot) \
	X(CHAIN, chain) \
	X(SHELL, shell) \
	X(SCRIPT, script)

enum entry_kind {
#define ENTRY_KIND_ENUM(ID, id) ENTRY_##ID,
	ENTRY_KINDS(ENTRY_KIND_ENUM)
#undef ENTRY_KIND_ENUM
	ENTRY_KIND_COUNT
};

/* The optional fields of struct entry, which kinds need or allow. */
enum entry_field {
	ENTRY_FIELD_TARGET,	/* the ISO, kernel or chain URL */
	ENTRY_FIELD_TARGET_EFI,	/* a separate UEFI kernel */
	ENTRY_FIELD_INITRDS,
	ENTRY_FIELD_ARGS,
	ENTRY_FIELD_SCRIPT,
	ENTRY_FIELD_BOOT,	/* how an ISO boots */
	ENTRY_FIELD_COUNT
};

#define ENTRY_FIELD_BIT(f) (1u << (f))

struct entry_field_def {
	const char	*name;		/* in validation errors: "initrds" */
	/* The option that sets it, and its value; NULL where the kind's own
	   option sets it (the target, the script). */
	const char	*flag;		/* "--initrd" */
	const char	*value;		/* "PATH|URL" */
	const char	*label;		/* the console form's field */
	const char	*help;		/* one line, for --help */
	/* What the value means, in one line under the console form's field
	   (at most 72 columns); --help prints it under the option's help. */
	const char	*hint;
	bool		 repeat;	/* the option may be given again */
};

struct entry_kind_def {
	const char	*name;		/* stored and shown: "iso" */
	const char	*flag;		/* the CLI option choosing it: "--iso" */
	const char	*value;		/* its value ("PATH|URL"); NULL: none */
	const char	*help;		/* one line, for --help */
	/* What the flag's value fills: the target, or the script read from
	   that FILE. */
	enum entry_field value_field;
	const char	*target_label;	/* the console form's name for it */
	unsigned	 need;		/* ENTRY_FIELD_BITs that must be set */
	unsigned	 allow;		/* and those that may be */
	bool		 url_only;	/* the target must be an http(s) URL */
	bool		 bios, efi;	/* the firmware it can boot on */
	bool		 downloads;	/* the client fetches target and initrds */
	bool		 verbatim;	/* the admin's own script, sent as written */
};

/* The definition of a kind or field; NULL for a value out of range. */
const struct entry_kind_def *entry_kind_def(enum entry_kind kind);
const struct entry_field_def *entry_field_def(enum entry_field field);

#endif
