/* cmd_entry.c: `bootdeck entry list|show|add|set|rm`: the boot entries of the catalog. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "tui/cli.h"
#include "tui/entry_warn.h"
#include "tui/json_catalog.h"

/* Long-only options get values above any character; a kind's option is
   OPT_KIND + its kind, a field's OPT_FIELD + its field. */
enum entry_opt {
	OPT_TITLE = 256, OPT_KEY, OPT_PLATFORM, OPT_ENABLE, OPT_DISABLE,
	OPT_POSITION, OPT_NAME, OPT_NO_INITRDS, OPT_FORCE, OPT_LONG, OPT_JSON,
	OPT_SUBMENU,
	OPT_STRICT,
	OPT_KIND = 512,
	OPT_FIELD = OPT_KIND + ENTRY_KIND_COUNT,
};

/* The options of `entry add` and `entry set`: the fixed ones, then one
   per kind and per field from db/entry_kind.c, then the common ones. */
static const struct option entry_fixed_opts[] = {
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "submenu", required_argument, NULL, OPT_SUBMENU },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "enable", no_argument, NULL, OPT_ENABLE },
	{ "disable", no_argument, NULL, OPT_DISABLE },
	{ "disabled", no_argument, NULL, OPT_DISABLE },
	{ "position", required_argument, NULL, OPT_POSITION },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "no-initrds", no_argument, NULL, OPT_NO_INITRDS },
	{ "strict", no_argument, NULL, OPT_STRICT },
};
#define ENTRY_FIXED_OPTS (sizeof entry_fixed_opts / sizeof entry_fixed_opts[0])

static const struct option *
entry_edit_opts(void)
{
	static const struct option common[] = { CLI_COMMON_LONG };
	static struct option opts[ENTRY_FIXED_OPTS + ENTRY_KIND_COUNT +
	    ENTRY_FIELD_COUNT + sizeof common / sizeof common[0] + 1];
	size_t n = 0, i;

	if (opts[0].name != NULL)
		return opts;
	for (i = 0; i < ENTRY_FIXED_OPTS; i++)
		opts[n++] = entry_fixed_opts[i];
	for (i = 0; i < ENTRY_KIND_COUNT; i++) {
		const struct entry_kind_def *k = entry_kind_def(i);

		opts[n++] = (struct option){ k->flag + 2, k->value != NULL ?
		    required_argument : no_argument, NULL, OPT_KIND + (int)i };
	}
	for (i = 0; i < ENTRY_FIELD_COUNT; i++) {
		const struct entry_field_def *f = entry_field_def(i);

		if (f->flag != NULL)
			opts[n++] = (struct option){ f->flag + 2,
			    required_argument, NULL, OPT_FIELD + (int)i };
	}
	for (i = 0; i < sizeof common / sizeof common[0]; i++)
		opts[n++] = common[i];
	return opts;
}

/* What `entry add` or `entry set` was asked to change; NULL: unchanged. */
struct entry_edit {
	int		 kind;		/* -1: unchanged */
	const char	*kind_value;	/* target, or the --script FILE */
	const char	*title, *key, *platform, *name, *submenu;
	/* Fields set by their own option (ENTRY_FIELD_INITRDS: initrds). */
	const char	*fields[ENTRY_FIELD_COUNT];
	unsigned	 fields_set;	/* ENTRY_FIELD_BITs given */
	const char	*initrds[ENTRY_INITRDS_MAX];
	size_t		 n_initrds;
	int		 enabled;	/* -1: unchanged */
	long		 position;	/* 0: unchanged */
	int		 changes;
	bool		 strict;	/* warnings refuse the change */
};

/* Options for fields the kind given alongside does not use. */
static int
entry_check_fields(struct cli *cli, const struct entry_edit *ed)
{
	const struct entry_kind_def *k;
	unsigned extra;
	int i;

	if (ed->kind < 0)
		return -1;
	k = entry_kind_def(ed->kind);
	extra = ed->fields_set & ~k->allow;
	for (i = 0; i < ENTRY_FIELD_COUNT; i++)
		if (extra & ENTRY_FIELD_BIT(i))
			return cli_usage_error(cli, "%s is not used by %s "
			    "entries", i == ENTRY_FIELD_INITRDS &&
			    ed->n_initrds == 0 ? "--no-initrds" :
			    entry_field_def(i)->flag, k->name);
	return -1;
}

static int
entry_parse_edit(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv, struct entry_edit *ed)
{
	const struct option *opts = entry_edit_opts();
	int c, status;

	memset(ed, 0, sizeof *ed);
	ed->enabled = -1;
	ed->kind = -1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		ed->changes++;
		if (c >= OPT_KIND && c < OPT_KIND + ENTRY_KIND_COUNT) {
			if (ed->kind >= 0 && ed->kind != c - OPT_KIND)
				return cli_usage_error(cli, "%s and %s both "
				    "give the kind: choose one",
				    entry_kind_def(ed->kind)->flag,
				    entry_kind_def(c - OPT_KIND)->flag);
			ed->kind = c - OPT_KIND;
			ed->kind_value = optarg;
			continue;
		}
		if (c == OPT_FIELD + ENTRY_FIELD_INITRDS) {
			if (ed->n_initrds == ENTRY_INITRDS_MAX)
				return cli_usage_error(cli, "at most %d "
				    "--initrd", ENTRY_INITRDS_MAX);
			ed->initrds[ed->n_initrds++] = optarg;
		}
		if (c >= OPT_FIELD && c < OPT_FIELD + ENTRY_FIELD_COUNT) {
			ed->fields[c - OPT_FIELD] = optarg;
			ed->fields_set |= ENTRY_FIELD_BIT(c - OPT_FIELD);
			continue;
		}
		switch (c) {
		case OPT_TITLE:
			ed->title = optarg;
			break;
		case OPT_SUBMENU:
			ed->submenu = optarg;
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
		case OPT_NO_INITRDS:
			ed->n_initrds = 0;
			ed->fields_set |= ENTRY_FIELD_BIT(ENTRY_FIELD_INITRDS);
			break;
		case OPT_STRICT:
			ed->changes--;
			ed->strict = true;
			break;
		default:
			ed->changes--;
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = entry_check_fields(cli, ed)) >= 0)
		return status;
	return cli_operands(cli, argc, argv, 1, 1, "the entry NAME");
}

/* "--iso, --memdisk, ... or --script", for "missing the kind". */
static const char *
entry_kind_flags(void)
{
	static char buf[256];
	size_t len = 0;
	int i;

	if (buf[0] != '\0')
		return buf;
	for (i = 0; i < ENTRY_KIND_COUNT && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		    i == 0 ? "" : i + 1 < ENTRY_KIND_COUNT ? ", " : " or ",
		    entry_kind_def(i)->flag);
	return buf;
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
	const struct entry_kind_def *k;
	size_t i;
	int f;

	if (ed->kind >= 0) {
		/* A new kind brings its own fields; the old ones go. */
		k = entry_kind_def(ed->kind);
		for (f = 0; f < ENTRY_FIELD_COUNT; f++)
			if (entry_field_text(e, f) != NULL)
				cli_replace(entry_field_text(e, f), NULL);
		for (i = 0; i < e->n_initrds; i++)
			free(e->initrds[i]);
		e->n_initrds = 0;
		e->kind = ed->kind;
		if (k->value_field == ENTRY_FIELD_SCRIPT) {
			e->script = cli_read_file(ed->kind_value,
			    ENTRY_SCRIPT_MAX);
			if (e->script == NULL)
				return CLI_FAIL;
		} else if (k->value != NULL)
			cli_replace(entry_field_text(e, k->value_field),
			    ed->kind_value);
	}
	for (f = 0; f < ENTRY_FIELD_COUNT; f++)
		if ((ed->fields_set & ENTRY_FIELD_BIT(f)) &&
		    entry_field_text(e, f) != NULL)
			cli_replace(entry_field_text(e, f), ed->fields[f]);
	if (ed->fields_set & ENTRY_FIELD_BIT(ENTRY_FIELD_INITRDS)) {
		for (i = 0; i < e->n_initrds; i++)
			free(e->initrds[i]);
		e->initrds = xreallocarray(e->initrds, ed->n_initrds + 1,
		    sizeof *e->initrds);
		for (i = 0; i < ed->n_initrds; i++)
			e->initrds[i] = xstrdup(ed->initrds[i]);
		e->n_initrds = ed->n_initrds;
	}
	if (ed->title != NULL)
		cli_replace(&e->title, ed->title);
	if (ed->name != NULL)
		cli_replace(&e->name, ed->name);
	if (ed->submenu != NULL)
		cli_replace(&e->submenu, ed->submenu);
	if (ed->key != NULL) {
		if (strlen(ed->key) > 1)
			return cli_usage_error(cli,
			    "--key wants one character, "
			    "not '%s'", ed->key);
		e->key = ed->key[0];
	}
	if (ed->platform != NULL &&
	    platform_parse(ed->platform, &e->platform) != 0)
		return cli_usage_error(cli,
		    "--platform wants any, bios or efi, "
		    "not '%s'", ed->platform);
	if (ed->enabled >= 0)
		e->enabled = ed->enabled;
	return entry_check(e);
}

/*
 * What the console's form says too (tui/entry_warn.c): images missing
 * under the images directory, a title clients see otherwise. With
 * --strict each is an error and nothing is saved (CLI_FAIL); otherwise
 * they are said after the entry is, by entry_warn_print.
 */
static int
entry_warnings(struct cli *cli, const struct entry_edit *ed,
    const struct entry *e, struct strbuf *sb)
{
	const struct config *cfg = cli_config(cli);
	const char *line, *nl;

	if (cfg == NULL)
		return CLI_FAIL;
	if (entry_warn_all(config_get(cfg, CONFIG_IMAGES), e, sb) == 0 ||
	    !ed->strict)
		return CLI_OK;
	for (line = sb->data; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		cli_error("%.*s", (int)(nl - line), line);
	}
	cli_error("--strict: entry '%s' not saved", e->name);
	return CLI_FAIL;
}

static void
entry_warn_print(const struct strbuf *sb)
{
	const char *line, *nl;

	for (line = sb->data; line != NULL && *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		cli_warn("%.*s", (int)(nl - line), line);
	}
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
	struct strbuf warn = STRBUF_INIT;
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
	if (ed.kind < 0)
		return cli_usage_error(cli, "missing the kind: one of %s",
		    entry_kind_flags());
	e.name = xstrdup(argv[optind]);
	e.platform = PLATFORM_ANY;
	e.enabled = true;
	if ((status = entry_apply(cli, &ed, &e)) != CLI_OK ||
	    (status = entry_warnings(cli, &ed, &e, &warn)) != CLI_OK)
		goto out;
	if ((cat = cli_open(cli, CLI_WRITE)) == NULL) {
		status = CLI_FAIL;
		goto out;
	}
	status = cli_catalog_status(cat, catalog_entry_add(cat, &e));
	if (status != CLI_OK)
		goto out;
	entry_warn_print(&warn);
	status = entry_move(cat, e.name, ed.position);
out:
	strbuf_free(&warn);
	entry_clear(&e);
	catalog_close(cat);
	return status;
}

static int
entry_set_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	struct entry_edit ed;
	struct strbuf warn = STRBUF_INIT;
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
		if ((status = entry_warnings(cli, &ed, &e, &warn)) != CLI_OK)
			goto out;
		status = cli_catalog_status(cat, catalog_entry_update(cat, &e));
		if (status != CLI_OK)
			goto out;
		entry_warn_print(&warn);
	}
	status = entry_move(cat, e.name, ed.position);
out:
	strbuf_free(&warn);
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
		    "it anyway", name,
		    users[0] != '\0' ? users : "the catalog");
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
	entry_field("submenu:", e->submenu);
	entry_field(e->kind == ENTRY_KERNEL ? "kernel:" : "target:", e->target);
	if (e->kind == ENTRY_ISO)
		entry_field("boot:", entry_boot_mode(e));
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

/* How an ISO entry boots when its method is auto or direct: the recipe
   that fits its ISO, the files inside it, what the system then fetches. */
static void
entry_print_recipe(const struct entry *e, const char *images)
{
	struct render_query q = { .images_dir = images };
	struct iso_plan plan;
	char why[300];
	size_t i;

	if (strcmp(entry_boot_mode(e), ENTRY_BOOT_SANBOOT) == 0 ||
	    strcmp(entry_boot_mode(e), ENTRY_BOOT_MEMDISK) == 0)
		return;
	if (render_iso_plan(&q, e, &plan, why, sizeof why) != 0) {
		entry_field("recipe:", "none, so it sanboots");
		entry_field("  why:", why);
		return;
	}
	entry_field("recipe:", plan.recipe->family);
	entry_field("  for:", plan.recipe->what);
	entry_field("  kernel:", plan.kernel);
	entry_field("  kernel-efi:", plan.kernel_efi);
	for (i = 0; i < plan.n_initrds; i++)
		entry_field("  initrd:", plan.initrds[i]);
	entry_field("  args:", plan.recipe->args);
	entry_field("  fetches:", plan.recipe->fetches);
	entry_field("  RAM:", plan.recipe->ram);
	iso_plan_clear(&plan);
}

static int
entry_list_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "long", no_argument, NULL, OPT_LONG },
		{ "json", no_argument, NULL, OPT_JSON },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { "POS", "KEY", "NAME", "KIND",
	    "PLATFORM", "ENABLED", "TARGET" };
	struct cli_table t;
	struct catalog *cat;
	struct entry *v = NULL;
	bool longer = false, json = false;
	json_t *a;
	size_t n = 0, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "l", opts,
	    NULL)) != -1) {
		if (c == OPT_LONG || c == 'l')
			longer = true;
		else if (c == OPT_JSON)
			json = true;
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
	if (json) {
		/* The objects of `bootdeck export`'s entries. */
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_catalog_entry(&v[i]));
		json_catalog_print(a, stdout, false);
		goto out;
	}
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
	const struct config *cfg;
	int status;

	if ((status = cli_parse_common(cli, cmd, argc, argv, 1, 1,
	    "the entry NAME")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL ||
	    (cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;
	status = catalog_entry_get(cat, argv[optind], &e);
	if (status == CATALOG_OK) {
		entry_print_long(&e, true);
		if (e.kind == ENTRY_ISO)
			entry_print_recipe(&e, config_get(cfg, CONFIG_IMAGES));
	} else
		status = cli_catalog_fail(cat, status);
	entry_clear(&e);
	catalog_close(cat);
	return status;
}

#define HELP_COLUMN	28	/* where the descriptions start */

/* An option and its help; an option too long for its column gets a line
   of its own. */
static void
entry_help_line(FILE *f, int indent, const char *flag, const char *value,
    const char *help)
{
	char opt[64];

	snprintf(opt, sizeof opt, "%*s%s%s%s", indent, "", flag,
	    value != NULL ? " " : "", value != NULL ? value : "");
	if ((int)strlen(opt) + 2 >= HELP_COLUMN)
		fprintf(f, "  %s\n%*s", opt, HELP_COLUMN, "");
	else
		fprintf(f, "  %-*s", HELP_COLUMN - 2, opt);
	cli_help_text(f, HELP_COLUMN, help);
}

/* The kinds and the options each takes, from db/entry_kind.c. */
static void
entry_kinds_help(FILE *f)
{
	const struct entry_kind_def *k;
	const struct entry_field_def *fd;
	int i, j;

	fputs("\nKinds (one of):\n", f);
	for (i = 0; i < ENTRY_KIND_COUNT; i++) {
		k = entry_kind_def(i);
		entry_help_line(f, 0, k->flag, k->value, k->help);
		for (j = 0; j < ENTRY_FIELD_COUNT; j++) {
			fd = entry_field_def(j);
			if (fd->flag == NULL ||
			    !(k->allow & ENTRY_FIELD_BIT(j)))
				continue;
			entry_help_line(f, 2, fd->flag, fd->value, fd->help);
			/* The console form shows the same line. */
			if (fd->hint != NULL) {
				fprintf(f, "%*s", HELP_COLUMN, "");
				cli_help_text(f, HELP_COLUMN, fd->hint);
			}
		}
	}
	fputs("A PATH is relative to the images directory; a URL is used as "
	    "is.\n\nOptions:\n", f);
	entry_help_line(f, 0, "--title", "TEXT", "the menu text");
	entry_help_line(f, 0, "--key", "C",
	    "the menu hotkey, a-z or 0-9 ('' for none)");
	entry_help_line(f, 0, "--platform", "any|bios|efi",
	    "the firmware the entry is offered to");
	entry_help_line(f, 0, "--position", "N",
	    "the place in the menu, from 1");
	entry_help_line(f, 0, "--submenu", "TEXT",
	    "list it in the submenu of that title ('' for the main menu)");
	entry_help_line(f, 0, "--enable, --disable", NULL,
	    "offer the entry in menus or not");
	entry_help_line(f, 0, "--strict", NULL,
	    "warnings are errors: nothing is saved when an");
	entry_help_line(f, 0, "", NULL,
	    "image is missing or clients see the title otherwise");
}

static void
entry_set_help(FILE *f)
{
	entry_kinds_help(f);
	entry_help_line(f, 0, "--name", "NEWNAME",
	    "rename the entry (hosts and menu follow)");
}

static const struct cli_command entry_list = {
	.name = "list",
	.run = entry_list_run,
	.usage = "entry list [-l|--long] [--json]",
	.help = "Lists the entries in menu order; --long prints every field,\n"
	    "--json a JSON array of the entries as `bootdeck export` has them.\n",
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
	    "[--platform any|bios|efi] [--disabled] [--position N]\n"
	    "    [--submenu TEXT] [--strict]",
	.help = "Adds an entry at the end of the menu (or at --position).\n"
	    "NAME: a letter or digit, then letters, digits, '.', '_', '-'.\n"
	    "Warns, as the console does, about images missing under the\n"
	    "images directory and a title the menu shows otherwise (non-ASCII\n"
	    "spelled in ASCII, '$' and a leading '#' replaced).\n",
	.help_more = entry_kinds_help,
};

static const struct cli_command entry_set = {
	.name = "set",
	.run = entry_set_run,
	.usage = "entry set NAME [--name NEWNAME] [--title TEXT] [KIND] "
	    "[--key C]\n    [--platform any|bios|efi] [--enable|--disable] "
	    "[--position N]\n    [--submenu TEXT] [--kernel-efi PATH|URL] "
	    "[--initrd PATH|URL]... "
	    "[--no-initrds] [--args TEXT]\n    [--strict]",
	.help = "Changes only the fields given. A KIND option changes the kind\n"
	    "and replaces the old kind's fields; an empty value ('') clears\n"
	    "--key, --kernel-efi and --args; --no-initrds drops the initrds.\n",
	.help_more = entry_set_help,
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
