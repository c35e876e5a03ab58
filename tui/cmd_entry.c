/* cmd_entry.c: `bootdeck entry list|show|add|set|rm`: the boot entries of the catalog. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "tui/cli.h"

/* Long-only options get values above any character. */
enum entry_opt {
	OPT_TITLE = 256, OPT_KEY, OPT_PLATFORM, OPT_ENABLE, OPT_DISABLE,
	OPT_POSITION, OPT_NAME, OPT_ISO, OPT_MEMDISK, OPT_KERNEL,
	OPT_KERNEL_EFI, OPT_INITRD, OPT_NO_INITRDS, OPT_ARGS, OPT_LOCALBOOT,
	OPT_CHAIN, OPT_SHELL, OPT_SCRIPT, OPT_FORCE, OPT_LONG,
};

/* Options that choose the kind, and the kind each chooses. */
static const struct entry_kind_opt {
	int		 opt;
	const char	*flag;
	enum entry_kind	 kind;
	bool		 has_target;	/* the value is the entry's target */
} entry_kind_opts[] = {
	{ OPT_ISO, "--iso", ENTRY_ISO, true },
	{ OPT_MEMDISK, "--memdisk", ENTRY_MEMDISK, true },
	{ OPT_KERNEL, "--kernel", ENTRY_KERNEL, true },
	{ OPT_LOCALBOOT, "--localboot", ENTRY_LOCALBOOT, false },
	{ OPT_CHAIN, "--chain", ENTRY_CHAIN, true },
	{ OPT_SHELL, "--shell", ENTRY_SHELL, false },
	{ OPT_SCRIPT, "--script", ENTRY_SCRIPT, false },
};

static const struct option entry_edit_opts[] = {
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "enable", no_argument, NULL, OPT_ENABLE },
	{ "disable", no_argument, NULL, OPT_DISABLE },
	{ "disabled", no_argument, NULL, OPT_DISABLE },
	{ "position", required_argument, NULL, OPT_POSITION },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "iso", required_argument, NULL, OPT_ISO },
	{ "memdisk", required_argument, NULL, OPT_MEMDISK },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "kernel-efi", required_argument, NULL, OPT_KERNEL_EFI },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "no-initrds", no_argument, NULL, OPT_NO_INITRDS },
	{ "args", required_argument, NULL, OPT_ARGS },
	{ "localboot", no_argument, NULL, OPT_LOCALBOOT },
	{ "chain", required_argument, NULL, OPT_CHAIN },
	{ "shell", no_argument, NULL, OPT_SHELL },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	CLI_COMMON_LONG,
	{ NULL, 0, NULL, 0 }
};

/* What `entry add` or `entry set` was asked to change; NULL: unchanged. */
struct entry_edit {
	const struct entry_kind_opt *kind;
	const char	*kind_value;	/* target, or the --script FILE */
	const char	*title, *key, *platform, *name, *kernel_efi, *args;
	const char	*initrds[ENTRY_INITRDS_MAX];
	size_t		 n_initrds;
	bool		 initrds_set;	/* --initrd or --no-initrds given */
	int		 enabled;	/* -1: unchanged */
	long		 position;	/* 0: unchanged */
	int		 changes;
};

static int
entry_parse_edit(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv, struct entry_edit *ed)
{
	size_t i;
	int c, status;

	memset(ed, 0, sizeof *ed);
	ed->enabled = -1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, entry_edit_opts,
	    NULL)) != -1) {
		ed->changes++;
		for (i = 0; i < sizeof entry_kind_opts /
		    sizeof entry_kind_opts[0]; i++)
			if (entry_kind_opts[i].opt == c)
				break;
		if (i < sizeof entry_kind_opts / sizeof entry_kind_opts[0]) {
			if (ed->kind != NULL && ed->kind->opt != c)
				return cli_usage_error(cli, "%s and %s both "
				    "give the kind: choose one", ed->kind->flag,
				    entry_kind_opts[i].flag);
			ed->kind = &entry_kind_opts[i];
			ed->kind_value = optarg;
			continue;
		}
		switch (c) {
		case OPT_TITLE:
			ed->title = optarg;
			break;
		case OPT_KEY:
			ed->key = optarg;
			break;
		case OPT_PLATFORM:
			ed->platform = optarg;
			break;
		case OPT_ENABLE:
		case OPT_DISABLE:
			ed->enabled = c == OPT_ENABLE;
			break;
		case OPT_POSITION:
			if (!cli_parse_long(optarg, 1, INT_MAX, &ed->position))
				return cli_usage_error(cli, "--position wants "
				    "a number from 1, not '%s'", optarg);
			break;
		case OPT_NAME:
			ed->name = optarg;
			break;
		case OPT_KERNEL_EFI:
			ed->kernel_efi = optarg;
			break;
		case OPT_ARGS:
			ed->args = optarg;
			break;
		case OPT_INITRD:
			if (ed->n_initrds == ENTRY_INITRDS_MAX)
				return cli_usage_error(cli, "at most %d "
				    "--initrd", ENTRY_INITRDS_MAX);
			ed->initrds[ed->n_initrds++] = optarg;
			ed->initrds_set = true;
			break;
		case OPT_NO_INITRDS:
			ed->n_initrds = 0;
			ed->initrds_set = true;
			break;
		default:
			ed->changes--;
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if (ed->kind != NULL && ed->kind->kind != ENTRY_KERNEL &&
	    (ed->kernel_efi != NULL || ed->args != NULL || ed->initrds_set))
		return cli_usage_error(cli, "--kernel-efi, --initrd and --args "
		    "go with --kernel, not %s", ed->kind->flag);
	return cli_operands(cli, argc, argv, 1, 1, "the entry NAME");
}

/* Checks e as the catalog will, so a bad value is a usage error. */
static int
entry_check(const struct entry *e)
{
	char err[512];

	if (entry_validate(e, err, sizeof err) == CATALOG_OK)
		return CLI_OK;
	cli_error("%s", err);
	return CLI_USAGE;
}

/* Applies ed to e and checks the result; reports a bad value and returns
   its exit status. */
static int
entry_apply(struct cli *cli, const struct entry_edit *ed, struct entry *e)
{
	size_t i;

	if (ed->kind != NULL) {
		/* A new kind brings its own fields; the old ones go. */
		cli_replace(&e->target, NULL);
		cli_replace(&e->target_efi, NULL);
		cli_replace(&e->args, NULL);
		cli_replace(&e->script, NULL);
		for (i = 0; i < e->n_initrds; i++)
			free(e->initrds[i]);
		e->n_initrds = 0;
		e->kind = ed->kind->kind;
		if (ed->kind->has_target)
			cli_replace(&e->target, ed->kind_value);
		if (ed->kind->kind == ENTRY_SCRIPT) {
			e->script = cli_read_file(ed->kind_value,
			    ENTRY_SCRIPT_MAX);
			if (e->script == NULL)
				return CLI_FAIL;
		}
	}
	if (ed->title != NULL)
		cli_replace(&e->title, ed->title);
	if (ed->name != NULL)
		cli_replace(&e->name, ed->name);
	if (ed->kernel_efi != NULL)
		cli_replace(&e->target_efi, ed->kernel_efi);
	if (ed->args != NULL)
		cli_replace(&e->args, ed->args);
	if (ed->initrds_set) {
		for (i = 0; i < e->n_initrds; i++)
			free(e->initrds[i]);
		e->initrds = xreallocarray(e->initrds, ed->n_initrds + 1,
		    sizeof *e->initrds);
		for (i = 0; i < ed->n_initrds; i++)
			e->initrds[i] = xstrdup(ed->initrds[i]);
		e->n_initrds = ed->n_initrds;
	}
	if (ed->key != NULL) {
		if (strlen(ed->key) > 1)
			return cli_usage_error(cli, "--key wants one character, "
			    "not '%s'", ed->key);
		e->key = ed->key[0];
	}
	if (ed->platform != NULL &&
	    platform_parse(ed->platform, &e->platform) != 0)
		return cli_usage_error(cli, "--platform wants any, bios or efi, "
		    "not '%s'", ed->platform);
	if (ed->enabled >= 0)
		e->enabled = ed->enabled;
	return entry_check(e);
}

static int
entry_move(struct catalog *cat, const char *name, long position)
{
	if (position == 0)
		return CLI_OK;
	return cli_catalog_status(cat, catalog_entry_move(cat, name,
	    (int)position));
}

static int
entry_add_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct entry_edit ed;
	struct catalog *cat = NULL;
	struct entry e = { 0 };
	int status;

	if ((status = entry_parse_edit(cli, cmd, argc, argv, &ed)) >= 0)
		return status;
	if (ed.name != NULL)
		return cli_usage_error(cli, "--name is for 'entry set'; "
		    "the new entry's name is the NAME argument");
	if (ed.title == NULL)
		return cli_usage_error(cli, "missing --title");
	if (ed.kind == NULL)
		return cli_usage_error(cli, "missing the kind: one of --iso, "
		    "--memdisk, --kernel, --localboot, --chain, --shell, "
		    "--script");
	e.name = xstrdup(argv[optind]);
	e.platform = PLATFORM_ANY;
	e.enabled = true;
	if ((status = entry_apply(cli, &ed, &e)) != CLI_OK)
		goto out;
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL) {
		status = CLI_FAIL;
		goto out;
	}
	status = cli_catalog_status(cat, catalog_entry_add(cat, &e));
	if (status != CLI_OK)
		goto out;
	status = entry_move(cat, e.name, ed.position);
out:
	entry_clear(&e);
	catalog_close(cat);
	return status;
}

static int
entry_set_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct entry_edit ed;
	struct catalog *cat = NULL;
	struct entry e = { 0 };
	int status;

	if ((status = entry_parse_edit(cli, cmd, argc, argv, &ed)) >= 0)
		return status;
	if (ed.changes == 0)
		return cli_usage_error(cli, "nothing to change");
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_entry_get(cat, argv[optind],
	    &e));
	if (status != CLI_OK || (status = entry_apply(cli, &ed, &e)) != CLI_OK)
		goto out;
	/* Only a position given: the row itself stays as it is. */
	if (ed.changes > (ed.position != 0)) {
		status = cli_catalog_status(cat, catalog_entry_update(cat, &e));
		if (status != CLI_OK)
			goto out;
	}
	status = entry_move(cat, e.name, ed.position);
out:
	entry_clear(&e);
	catalog_close(cat);
	return status;
}

/* "host aa:..:ff (default), the menu default, what unknown clients boot":
   who refers to entry name, each use that --force clears. */
static char *
entry_users(struct catalog *cat, const char *name)
{
	struct menu_settings menu = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct host *hosts = NULL;
	char *unknown = NULL;
	size_t n = 0, i;

	if (catalog_host_list(cat, &hosts, &n) == CATALOG_OK)
		for (i = 0; i < n; i++) {
			const struct host *h = &hosts[i];
			bool def = h->default_entry != NULL &&
			    strcmp(h->default_entry, name) == 0;
			bool next = h->next_entry != NULL &&
			    strcmp(h->next_entry, name) == 0;

			if (!def && !next)
				continue;
			strbuf_addf(&sb, "%shost %s (%s)", sb.len ? ", " : "",
			    h->mac, def && next ? "default and next boot" :
			    def ? "default" : "next boot");
		}
	host_array_free(hosts, n);
	if (catalog_menu_get(cat, &menu) == CATALOG_OK &&
	    menu.default_entry != NULL &&
	    strcmp(menu.default_entry, name) == 0)
		strbuf_addf(&sb, "%sthe menu default", sb.len ? ", " : "");
	menu_settings_clear(&menu);
	if (catalog_setting_get(cat, CATALOG_SETTING_UNKNOWN_ENTRY,
	    &unknown) == CATALOG_OK && unknown != NULL &&
	    strcmp(unknown, name) == 0)
		strbuf_addf(&sb, "%swhat unknown clients boot (menu set "
		    "--unknown)", sb.len ? ", " : "");
	free(unknown);
	return strbuf_detach(&sb, NULL);
}

static int
entry_rm_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, OPT_FORCE },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct catalog *cat;
	char *users = NULL;
	const char *name;
	bool force = false;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_FORCE)
			force = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the entry NAME")) >=
	    0)
		return status;
	name = argv[optind];
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	if (force)
		users = entry_users(cat, name);
	status = catalog_entry_remove(cat, name, force);
	if (status == CATALOG_INUSE) {
		users = entry_users(cat, name);
		cli_error("entry '%s' is in use by %s; use --force to remove "
		    "it anyway", name, users[0] != '\0' ? users : "the catalog");
		status = CLI_FAIL;
	} else if (status != CATALOG_OK)
		status = cli_catalog_fail(cat, status);
	else if (users != NULL && users[0] != '\0')
		printf("removed entry '%s'; it is no longer used by %s\n", name,
		    users);
	free(users);
	catalog_close(cat);
	return status;
}

/* The list's TARGET column: what the entry boots, in a few words. */
static char *
entry_target_summary(const struct entry *e)
{
	if (e->kind == ENTRY_SCRIPT)
		return xasprintf("(script, %zu bytes)",
		    e->script != NULL ? strlen(e->script) : 0);
	if (e->target == NULL)
		return xstrdup("-");
	if (e->target_efi != NULL)
		return xasprintf("%s (efi: %s)", e->target, e->target_efi);
	return xstrdup(e->target);
}

static void
entry_field(const char *label, const char *value)
{
	char *clean;

	if (value == NULL || *value == '\0')
		return;
	clean = cli_clean(value);
	printf("%-11s %s\n", label, clean);
	free(clean);
}

/* Every field of e, one per line; with body, the script itself after. */
static void
entry_print_long(const struct entry *e, bool body)
{
	char key[2] = { e->key, '\0' }, num[32];
	const char *p, *nl;
	size_t i;

	entry_field("name:", e->name);
	entry_field("title:", e->title);
	entry_field("kind:", entry_kind_name(e->kind));
	entry_field("key:", key);
	entry_field("platform:", platform_name(e->platform));
	snprintf(num, sizeof num, "%d", e->position);
	entry_field("position:", num);
	entry_field("enabled:", e->enabled ? "yes" : "no");
	entry_field(e->kind == ENTRY_KERNEL ? "kernel:" : "target:", e->target);
	entry_field("kernel-efi:", e->target_efi);
	for (i = 0; i < e->n_initrds; i++)
		entry_field("initrd:", e->initrds[i]);
	entry_field("args:", e->args);
	if (e->script == NULL)
		return;
	snprintf(num, sizeof num, "%zu bytes", strlen(e->script));
	entry_field("script:", num);
	if (!body)
		return;
	for (p = e->script; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		char *line;

		nl = strchrnul(p, '\n');
		line = xstrndup(p, (size_t)(nl - p));
		entry_field("  |", line[0] != '\0' ? line : " ");
		free(line);
	}
}

static int
entry_list_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "long", no_argument, NULL, OPT_LONG },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { "POS", "KEY", "NAME", "KIND",
	    "PLATFORM", "ENABLED", "TARGET" };
	struct cli_table t;
	struct catalog *cat;
	struct entry *v = NULL;
	bool longer = false;
	size_t n = 0, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "l", opts,
	    NULL)) != -1) {
		if (c == OPT_LONG || c == 'l')
			longer = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = cli_catalog_status(cat, catalog_entry_list(cat, &v, &n));
	if (status != CLI_OK)
		goto out;
	cli_table_init(&t, sizeof head / sizeof head[0], head);
	for (i = 0; i < n && !longer; i++) {
		char pos[16], key[2] = { v[i].key, '\0' };
		char *target = entry_target_summary(&v[i]);
		const char *row[] = { pos, key, v[i].name,
		    entry_kind_name(v[i].kind), platform_name(v[i].platform),
		    v[i].enabled ? "yes" : "no", target };

		snprintf(pos, sizeof pos, "%d", v[i].position);
		cli_table_add(&t, row);
		free(target);
	}
	if (!longer)
		cli_table_print(&t, stdout);
	cli_table_free(&t);
	for (i = 0; i < n && longer; i++) {
		if (i > 0)
			putchar('\n');
		entry_print_long(&v[i], false);
	}
out:
	entry_array_free(v, n);
	catalog_close(cat);
	return status;
}

static int
entry_show_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct catalog *cat;
	struct entry e = { 0 };
	int status;

	if ((status = cli_parse_common(cli, cmd, argc, argv, 1, 1,
	    "the entry NAME")) >= 0)
		return status;
	if ((cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = catalog_entry_get(cat, argv[optind], &e);
	if (status == CATALOG_OK)
		entry_print_long(&e, true);
	else
		status = cli_catalog_fail(cat, status);
	entry_clear(&e);
	catalog_close(cat);
	return status;
}

#define ENTRY_EDIT_HELP \
	"Kinds (one of):\n" \
	"  --iso PATH|URL          sanboot an ISO image over HTTP\n" \
	"  --memdisk PATH|URL      load an ISO into RAM with memdisk (BIOS only)\n" \
	"  --kernel PATH|URL       boot a kernel; with it:\n" \
	"    --kernel-efi PATH|URL   a separate kernel for UEFI clients\n" \
	"    --initrd PATH|URL       an initrd (repeat for more)\n" \
	"    --args TEXT             the kernel command line\n" \
	"  --localboot             boot the local disk\n" \
	"  --chain URL             chain another iPXE script or binary\n" \
	"  --shell                 open the iPXE shell\n" \
	"  --script FILE           an iPXE script read from FILE ('-': stdin)\n" \
	"A PATH is relative to the images directory; a URL is used as is.\n" \
	"\n" \
	"Options:\n" \
	"  --title TEXT            the menu text\n" \
	"  --key C                 the menu hotkey, a-z or 0-9 ('' for none)\n" \
	"  --platform any|bios|efi the firmware the entry is offered to\n" \
	"  --position N            the place in the menu, from 1\n" \
	"  --enable, --disable     offer the entry in menus or not\n"

static const struct cli_command entry_list = {
	.name = "list",
	.run = entry_list_run,
	.usage = "entry list [-l|--long]",
	.help = "Lists the entries in menu order; --long prints every field.\n",
};

static const struct cli_command entry_show = {
	.name = "show",
	.run = entry_show_run,
	.usage = "entry show NAME",
	.help = "Prints every field of one entry, its script included.\n",
};

static const struct cli_command entry_add = {
	.name = "add",
	.run = entry_add_run,
	.usage = "entry add NAME --title TEXT KIND [--key C] "
	    "[--platform any|bios|efi] [--disabled] [--position N]",
	.help = "Adds an entry at the end of the menu (or at --position).\n"
	    "NAME: a letter or digit, then letters, digits, '.', '_', '-'.\n"
	    "\n" ENTRY_EDIT_HELP,
};

static const struct cli_command entry_set = {
	.name = "set",
	.run = entry_set_run,
	.usage = "entry set NAME [--name NEWNAME] [--title TEXT] [KIND] "
	    "[--key C]\n    [--platform any|bios|efi] [--enable|--disable] "
	    "[--position N]\n    [--kernel-efi PATH|URL] [--initrd PATH|URL]... "
	    "[--no-initrds] [--args TEXT]",
	.help = "Changes only the fields given. A KIND option changes the kind\n"
	    "and replaces the old kind's fields; an empty value ('') clears\n"
	    "--key, --kernel-efi and --args; --no-initrds drops the initrds.\n"
	    "\n" ENTRY_EDIT_HELP
	    "  --name NEWNAME          rename the entry (hosts and menu follow)\n",
};

static const struct cli_command entry_rm = {
	.name = "rm",
	.run = entry_rm_run,
	.usage = "entry rm NAME [--force]",
	.help = "Removes an entry. It refuses while hosts, the menu default or\n"
	    "the unknown clients setting use it (naming them); --force\n"
	    "removes it and clears those uses (naming them too).\n",
};

static const struct cli_command *const entry_subs[] = {
	&entry_list, &entry_show, &entry_add, &entry_set, &entry_rm, NULL
};

const struct cli_command cmd_entry = {
	.name = "entry",
	.usage = "entry list|show|add|set|rm ...",
	.subs = entry_subs,
	.default_sub = "list",
};
