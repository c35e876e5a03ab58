/* cmd_preview.c: `bootdeck preview MAC`: the script bootdeckd would send, and the images it needs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "ipxe/render.h"
#include "tui/cli.h"
#include "tui/image.h"

enum preview_opt {
	OPT_PLATFORM = 256, OPT_ARCH, OPT_ENTRY, OPT_BASE_URL,
};

/* What a client reports when the preview does not say: Debian's iPXE
   builds, undionly.kpxe (i386) on BIOS and ipxe.efi (x86_64) on UEFI. */
static const char *const preview_default_arch[PLATFORM_COUNT] = {
	[PLATFORM_BIOS] = "i386",
	[PLATFORM_EFI] = "x86_64",
};

static bool
preview_arch_ok(const char *arch)
{
	size_t len = strlen(arch);

	return len > 0 && len < sizeof ((struct render_client *)0)->arch &&
	    strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

static const struct entry *
preview_find(const struct boot_view *bv, const char *name)
{
	size_t i;

	for (i = 0; i < bv->n_entries; i++)
		if (strcmp(bv->entries[i].name, name) == 0)
			return &bv->entries[i];
	return NULL;
}

/* Warns about each image of e missing under dir; returns how many. */
static size_t
preview_check_images(const struct entry *e, enum platform p, const char *dir)
{
	const char *paths[ENTRY_INITRDS_MAX + 4];
	size_t n, i, missing = 0;
	int64_t size;

	n = render_entry_images(e, p, paths, sizeof paths / sizeof paths[0]);
	for (i = 0; i < n; i++) {
		if (!image_find(dir, paths[i], &size)) {
			cli_warn("entry '%s': image '%s' not found in %s",
			    e->name, paths[i], dir);
			missing++;
		}
	}
	return missing;
}

/* An entry the view lacks is unknown or disabled: say which. */
static int
preview_no_entry(struct catalog *cat, const char *name)
{
	struct entry e = { 0 };
	int status;

	status = catalog_entry_get(cat, name, &e);
	if (status == CATALOG_OK) {
		cli_error("entry '%s' is disabled: clients cannot boot it",
		    name);
		status = CLI_FAIL;
	} else
		status = cli_catalog_fail(cat, status);
	entry_clear(&e);
	return status;
}

static int
preview_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "entry", required_argument, NULL, OPT_ENTRY },
		{ "base-url", required_argument, NULL, OPT_BASE_URL },
		{ "images", required_argument, NULL, 'i' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *arch = NULL, *entry_name = NULL, *dir;
	struct render_client client = { .platform = PLATFORM_BIOS };
	struct render_input in = { 0 };
	struct boot_view bv = { 0 };
	const struct config *cfg;
	const struct entry *e = NULL;
	struct catalog *cat = NULL;
	char *base_url = NULL, *script = NULL;
	size_t missing = 0, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "i:", opts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_PLATFORM:
			if (platform_parse(optarg, &client.platform) != 0 ||
			    client.platform == PLATFORM_ANY)
				return cli_usage_error(cli, "--platform wants "
				    "pcbios or efi, not '%s'", optarg);
			break;
		case OPT_ARCH:
			if (!preview_arch_ok(optarg))
				return cli_usage_error(cli, "--arch wants an "
				    "architecture like i386, x86_64 or arm64, "
				    "not '%s'", optarg);
			arch = optarg;
			break;
		case OPT_ENTRY:
			entry_name = optarg;
			break;
		case OPT_BASE_URL:
			if (!cli_check_base_url(cli, "--base-url", optarg))
				return CLI_USAGE;
			cli->base_url = optarg;
			break;
		case 'i':
			cli->images = optarg;
			break;
		default:
			if ((status = cli_option(cli, cmd, c, argv)) >= 0)
				return status;
		}
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the MAC")) >= 0)
		return status;
	if (!cli_parse_mac(cli, argv[optind], client.mac))
		return CLI_USAGE;
	snprintf(client.arch, sizeof client.arch, "%s", arch != NULL ? arch :
	    preview_default_arch[client.platform]);
	if ((cfg = cli_config(cli)) == NULL ||
	    (cat = cli_open(cli, CLI_READ)) == NULL)
		return CLI_FAIL;

	status = cli_catalog_status(cat, catalog_boot_view(cat, client.mac,
	    &bv));
	if (status != CLI_OK)
		goto out;
	if (entry_name != NULL && (e = preview_find(&bv, entry_name)) == NULL) {
		status = preview_no_entry(cat, entry_name);
		goto out;
	}
	if ((base_url = cli_base_url(cfg, cat)) == NULL) {
		status = CLI_FAIL;
		goto out;
	}
	in.base_url = base_url;
	in.view = &bv;
	in.client = &client;
	script = e != NULL ? render_entry(&in, e) : render_boot(&in);
	fputs(script, stdout);
	/* The script first, so the warnings follow what they are about. */
	fflush(stdout);

	dir = config_get(cfg, CONFIG_IMAGES);
	if (e != NULL)
		missing = preview_check_images(e, client.platform, dir);
	else
		for (i = 0; i < bv.n_entries; i++)
			if (render_entry_fits(&bv.entries[i], client.platform))
				missing += preview_check_images(
				    &bv.entries[i], client.platform, dir);
	status = missing > 0 ? CLI_FAIL : CLI_OK;
out:
	free(script);
	free(base_url);
	boot_view_clear(&bv);
	catalog_close(cat);
	return status;
}

const struct cli_command cmd_preview = {
	.name = "preview",
	.run = preview_run,
	.usage = "preview MAC [--platform pcbios|efi] [--arch ARCH] "
	    "[--entry NAME]\n    [--base-url URL] [-i|--images DIR]",
	.help = "Prints exactly what bootdeckd sends a client with this MAC for\n"
	    "/boot.ipxe (its next boot, its default, or the menu), or with\n"
	    "--entry for /entry/NAME. Then checks that every image the client\n"
	    "could download exists in the images directory, warning about each\n"
	    "missing one; exits 1 if any is missing.\n"
	    "\n"
	    "Options:\n"
	    "  --platform P       the client's firmware: pcbios (default) or efi\n"
	    "  --arch ARCH        its CPU: i386 (default on pcbios), x86_64\n"
	    "                     (default on efi), arm64\n"
	    "  --entry NAME       the script for /entry/NAME instead\n"
	    "  --base-url URL     how clients reach bootdeckd (default: config\n"
	    "                     base_url, else the console's Settings, else\n"
	    "                     http:// and the listen address)\n"
	    "  -i, --images DIR   the images directory (default: config images)\n",
};
