/* cmd_preview.c: `bootdeck preview MAC`: the script bootdeckd would send, and the images it needs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "tui/cli.h"
#include "tui/image.h"

enum preview_opt {
	OPT_PLATFORM = 256, OPT_ARCH, OPT_ENTRY, OPT_BASE_URL,
};

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

/* What the script cannot say: which recipe an ISO entry boots by, and
   what the booted system will fetch; or why it will not boot direct. */
static void
preview_iso_note(const struct render_job *job)
{
	char note[768];

	switch (render_job_note(job, note, sizeof note)) {
	case RENDER_NOTE_INFO:
		cli_note("%s", note);
		break;
	case RENDER_NOTE_WARN:
	case RENDER_NOTE_ERROR:
		cli_warn("%s", note);
		break;
	case RENDER_NOTE_NONE:
		break;
	}
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
	struct render_query q = { .platform = PLATFORM_BIOS };
	struct render_job job = { 0 };
	char mac[MAC_STRLEN], err[512];
	const struct config *cfg;
	struct catalog *cat = NULL;
	char *listen = NULL, *script = NULL;
	const char *dir;
	size_t missing = 0, i;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "i:", opts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_PLATFORM:
			if (platform_parse(optarg, &q.platform) != 0 ||
			    q.platform == PLATFORM_ANY)
				return cli_usage_error(cli, "--platform wants "
				    "pcbios or efi, not '%s'", optarg);
			break;
		case OPT_ARCH:
			if (!render_arch_ok(optarg))
				return cli_usage_error(cli, "--arch wants an "
				    "architecture like i386, x86_64 or arm64, "
				    "not '%s'", optarg);
			q.arch = optarg;
			break;
		case OPT_ENTRY:
			q.entry = optarg;
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
	if (!cli_parse_mac(cli, argv[optind], mac))
		return CLI_USAGE;
	q.mac = mac;
	if ((cfg = cli_config(cli)) == NULL ||
	    (listen = cli_listen_url(cfg)) == NULL ||
	    (cat = cli_open(cli, CLI_READ)) == NULL) {
		status = CLI_FAIL;
		goto out;
	}
	/* Configured, it beats the catalog's; else it is the last resort. */
	if (*config_get(cfg, CONFIG_BASE_URL) != '\0')
		q.base_url = listen;
	else
		q.base_fallback = listen;
	q.images_dir = config_get(cfg, CONFIG_IMAGES);
	q.images_url = config_get(cfg, CONFIG_IMAGES_URL);
	status = render_job_read(cat, &q, &job, err, sizeof err);
	render_job_iso(&job, &q);
	if (status != CATALOG_OK) {
		cli_error("%s", err);
		status = CLI_FAIL;
		goto out;
	}
	if (job.base_problem[0] != '\0') {
		cli_error("%s", job.base_problem);
		status = CLI_FAIL;
		goto out;
	}
	script = render_job_script(&job);
	fputs(script, stdout);
	/* The script first, so the warnings follow what they are about. */
	fflush(stdout);

	dir = config_get(cfg, CONFIG_IMAGES);
	if (job.entry != NULL)
		preview_iso_note(&job);
	if (job.entry != NULL)
		missing = preview_check_images(job.entry, q.platform, dir);
	else
		for (i = 0; i < job.view.n_entries; i++)
			if (render_entry_fits(&job.view.entries[i], q.platform))
				missing += preview_check_images(
				    &job.view.entries[i], q.platform, dir);
	status = missing > 0 ? CLI_FAIL : CLI_OK;
out:
	free(script);
	free(listen);
	render_job_clear(&job);
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
