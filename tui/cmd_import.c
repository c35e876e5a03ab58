/* cmd_import.c: `bootdeck import FORMAT ...`: the group of importers, one subcommand per format. */
#include "config.h"

#include <stddef.h>

#include "tui/cli.h"

static const struct cli_command *const import_subs[] = {
	&cmd_import_pxelinux,
	&cmd_import_ipxe,
	&cmd_import_json,
	NULL
};

const struct cli_command cmd_import = {
	.name = "import",
	.usage = "import pxelinux|ipxe|json ...",
	.subs = import_subs,
};
