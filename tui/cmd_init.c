/* cmd_init.c: `bootdeck init [--demo]`: creating the catalog, and the demo entries. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xmalloc.h"
#include "tui/cli.h"

struct demo_entry {
	const char	*name;
	const char	*title;
	enum entry_kind	 kind;
	char		 key;
	const char	*target;
	const char	*target_efi;
	const char	*args;
};

/* What the quick start boots; the images are the user's to download. */
static const struct demo_entry demo_entries[] = {
	{ .name = "local", .title = "Boot from the local disk",
	    .kind = ENTRY_LOCALBOOT, .key = 'l' },
	{ .name = "memtest", .title = "Memtest86+ memory test",
	    .kind = ENTRY_KERNEL, .key = 'm', .target = "memtest86+x64.bin",
	    .target_efi = "memtest86+x64.efi",
	    .args = "console=ttyS0,115200" },
	{ .name = "shell", .title = "iPXE shell", .kind = ENTRY_SHELL,
	    .key = 's' },
	{ .name = "debian", .title = "Debian 12 netinst (amd64)",
	    .kind = ENTRY_ISO, .key = 'd',
	    .target = "debian-12-amd64-netinst.iso" },
};

static const char demo_menu_title[] = "bootdeck demo";
static const int demo_menu_timeout = 10;
static const char demo_menu_default[] = "local";

/* mkdir -p for the catalog's directory; the catalog itself is SQLite's. */
static int
init_make_dirs(const char *path)
{
	char *dir, *p;
	int status = CLI_OK;

	dir = xstrdup(path);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		goto out;
	*p = '\0';
	for (p = strchr(dir + 1, '/'); ; p = strchr(p + 1, '/')) {
		if (p != NULL)
			*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			cli_error("cannot create directory %s: %s", dir,
			    strerror(errno));
			status = CLI_FAIL;
			goto out;
		}
		if (p == NULL)
			break;
		*p = '/';
	}
out:
	free(dir);
	return status;
}

static int
init_demo(struct catalog *cat)
{
	struct menu_settings menu = { 0 };
	struct entry *list = NULL, e;
	size_t n = 0, i;
	int status;

	status = catalog_entry_list(cat, &list, &n);
	if (status != CATALOG_OK)
		return cli_catalog_fail(cat, status);
	entry_array_free(list, n);
	if (n > 0) {
		printf("the catalog has entries already: demo entries not "
		    "added\n");
		return CLI_OK;
	}
	for (i = 0; i < sizeof demo_entries / sizeof demo_entries[0]; i++) {
		const struct demo_entry *d = &demo_entries[i];

		memset(&e, 0, sizeof e);
		e.name = xstrdup(d->name);
		e.title = xstrdup(d->title);
		e.kind = d->kind;
		e.key = d->key;
		e.platform = PLATFORM_ANY;
		e.enabled = true;
		e.target = xstrdup_null(d->target);
		e.target_efi = xstrdup_null(d->target_efi);
		e.args = xstrdup_null(d->args);
		status = catalog_entry_add(cat, &e);
		entry_clear(&e);
		if (status != CATALOG_OK)
			return cli_catalog_fail(cat, status);
	}
	menu.title = (char *)demo_menu_title;
	menu.timeout = demo_menu_timeout;
	menu.default_entry = (char *)demo_menu_default;
	status = catalog_menu_put(cat, &menu);
	if (status != CATALOG_OK)
		return cli_catalog_fail(cat, status);
	printf("added %zu demo entries; the menu default is '%s'\n",
	    sizeof demo_entries / sizeof demo_entries[0], demo_menu_default);
	return CLI_OK;
}

static int
init_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "demo", no_argument, NULL, 'D' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const struct config *cfg;
	struct catalog *cat = NULL;
	const char *path;
	bool demo = false, existed;
	struct stat sb;
	char err[768];
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == 'D') {
			demo = true;
			continue;
		}
		if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 0, 0, "")) >= 0)
		return status;
	if ((cfg = cli_config(cli)) == NULL)
		return CLI_FAIL;
	path = config_get(cfg, CONFIG_DB);
	existed = stat(path, &sb) == 0 && sb.st_size > 0;
	if (!existed && (status = init_make_dirs(path)) != CLI_OK)
		return status;

	/* catalog_open refuses a file that is
	 * not a catalog without writing it. */
	status = catalog_open(path, CATALOG_OPEN_CREATE, &cat, err, sizeof err);
	if (status != CATALOG_OK) {
		cli_error("%s", err);
		return CLI_FAIL;
	}
	if (existed)
		printf("%s is a bootdeck catalog already (schema version %d)\n",
		    path, catalog_schema_version(cat));
	else
		printf("created the catalog %s (schema version %d)\n", path,
		    catalog_schema_version(cat));
	status = demo ? init_demo(cat) : CLI_OK;
	catalog_close(cat);
	return status;
}

const struct cli_command cmd_init = {
	.name = "init",
	.run = init_run,
	.usage = "init [--demo]",
	.help =
	    "Creates the catalog (and its directory). On an existing catalog\n"
	    "it only runs pending schema migrations; a file that is not a\n"
	    "catalog is left alone.\n"
	    "\n"
	    "Options:\n"
	    "  --demo    add demo entries (local, memtest, shell, debian) and a\n"
	    "            demo menu, if the catalog has no entries yet\n"
	    "  -d, --db PATH, -c, --config FILE   as for bootdeck\n",
};
