/* entry_kind.c: the one table of entry kinds and entry fields that validation, CLI, console and renderer derive from. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "db/catalog.h"

#define BIT(f) ENTRY_FIELD_BIT(ENTRY_FIELD_##f)

static const struct entry_field_def entry_fields[ENTRY_FIELD_COUNT] = {
	[ENTRY_FIELD_TARGET] = { .name = "target", .label = "Target",
	    .hint = "a path under the images directory, or an http:// URL" },
	[ENTRY_FIELD_TARGET_EFI] = { .name = "target_efi",
	    .flag = "--kernel-efi", .value = "PATH|URL",
	    .label = "UEFI kernel",
	    .help = "a separate kernel for UEFI clients",
	    .hint = "empty: UEFI clients boot the same kernel as BIOS ones" },
	[ENTRY_FIELD_INITRDS] = { .name = "initrds", .flag = "--initrd",
	    .value = "PATH|URL", .label = "Initrds",
	    .help = "an initrd (repeat for more)", .repeat = true,
	    .hint = "paths or URLs separated by spaces, loaded in this order" },
	[ENTRY_FIELD_ARGS] = { .name = "args", .flag = "--args",
	    .value = "TEXT", .label = "Arguments",
	    .help = "the kernel command line",
	    .hint = "passed to the kernel as typed; initrd= is added on UEFI" },
	[ENTRY_FIELD_SCRIPT] = { .name = "script", .label = "Script",
	    .hint = "iPXE commands, sent to the client as written" },
	[ENTRY_FIELD_BOOT] = { .name = "boot", .flag = "--boot",
	    .value = "auto|direct|sanboot|memdisk", .label = "Boot",
	    .help = "direct: the kernel inside the ISO with its family's "
	    "arguments; sanboot: as a disk; memdisk: into RAM (BIOS); "
	    "auto (default): direct when a recipe fits",
	    .hint = "auto: the ISO's own kernel when a recipe fits, else "
	    "sanboot as a disk" },
};

/* One definition per kind, named kind_<id>: ENTRY_KINDS() below puts
   each in its place and fails to compile if one is missing. */
static const struct entry_kind_def kind_iso = {
	.name = "iso", .flag = "--iso", .value = "PATH|URL",
	.help = "boot an ISO image: its own kernel, or sanboot",
	.value_field = ENTRY_FIELD_TARGET, .target_label = "ISO",
	.need = BIT(TARGET), .allow = BIT(TARGET) | BIT(BOOT) | BIT(ARGS),
	.bios = true, .efi = true, .downloads = true,
};

static const struct entry_kind_def kind_memdisk = {
	.name = "memdisk", .flag = "--memdisk", .value = "PATH|URL",
	.help = "load an ISO into RAM with memdisk (BIOS only)",
	.value_field = ENTRY_FIELD_TARGET, .target_label = "ISO",
	.need = BIT(TARGET), .allow = BIT(TARGET),
	.bios = true, .downloads = true,
};

static const struct entry_kind_def kind_kernel = {
	.name = "kernel", .flag = "--kernel", .value = "PATH|URL",
	.help = "boot a kernel, with:",
	.value_field = ENTRY_FIELD_TARGET, .target_label = "Kernel",
	.need = BIT(TARGET),
	.allow = BIT(TARGET) | BIT(TARGET_EFI) | BIT(INITRDS) | BIT(ARGS),
	.bios = true, .efi = true, .downloads = true,
};

static const struct entry_kind_def kind_localboot = {
	.name = "localboot", .flag = "--localboot",
	.help = "boot the local disk",
	.bios = true, .efi = true,
};

static const struct entry_kind_def kind_chain = {
	.name = "chain", .flag = "--chain", .value = "URL",
	.help = "chain another iPXE script or binary",
	.value_field = ENTRY_FIELD_TARGET, .target_label = "Chain URL",
	.need = BIT(TARGET), .allow = BIT(TARGET), .url_only = true,
	.bios = true, .efi = true, .downloads = true,
};

static const struct entry_kind_def kind_shell = {
	.name = "shell", .flag = "--shell",
	.help = "open the iPXE shell",
	.bios = true, .efi = true,
};

static const struct entry_kind_def kind_script = {
	.name = "script", .flag = "--script", .value = "FILE",
	.help = "an iPXE script read from FILE ('-': stdin)",
	.value_field = ENTRY_FIELD_SCRIPT,
	.need = BIT(SCRIPT), .allow = BIT(SCRIPT),
	.bios = true, .efi = true, .verbatim = true,
};

static const struct entry_kind_def *const entry_kinds[ENTRY_KIND_COUNT] = {
#define ENTRY_KIND_ROW(ID, id) [ENTRY_##ID] = &kind_##id,
	ENTRY_KINDS(ENTRY_KIND_ROW)
#undef ENTRY_KIND_ROW
};

const struct entry_kind_def *
entry_kind_def(enum entry_kind kind)
{
	if ((unsigned)kind >= ENTRY_KIND_COUNT)
		return NULL;
	return entry_kinds[kind];
}

const struct entry_field_def *
entry_field_def(enum entry_field field)
{
	if ((unsigned)field >= ENTRY_FIELD_COUNT)
		return NULL;
	return &entry_fields[field];
}

const char *
entry_kind_name(enum entry_kind kind)
{
	const struct entry_kind_def *k = entry_kind_def(kind);

	return k != NULL ? k->name : "unknown";
}

int
entry_kind_parse(const char *s, enum entry_kind *kind)
{
	int i;

	for (i = 0; s != NULL && i < ENTRY_KIND_COUNT; i++) {
		if (strcmp(s, entry_kinds[i]->name) == 0) {
			*kind = (enum entry_kind)i;
			return 0;
		}
	}
	return -1;
}

bool
entry_kind_boots_on(enum entry_kind kind, enum platform p)
{
	const struct entry_kind_def *k = entry_kind_def(kind);

	if (k == NULL)
		return false;
	return (p == PLATFORM_BIOS && k->bios) || (p == PLATFORM_EFI && k->efi);
}
