/* build.h: building iPXE binaries from a user's iPXE source tree with the bootstrap embedded. */
#ifndef BOOTDECK_BUILD_H
#define BOOTDECK_BUILD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Written next to the binaries by a successful build: says they carry the
 * bootdeck bootstrap (and for which URL). `bootdeck dhcp-config` looks for
 * it to tell its own build from a distribution's prebuilt iPXE.
 */
#define IPXE_BUILD_STAMP "bootdeck-ipxe.txt"

/*
 * iPXE's named configuration (make CONFIG=bootdeck): our settings go to
 * SRC/src/config/local/bootdeck/ and nowhere else in the user's tree.
 */
#define IPXE_BUILD_CONFIG "bootdeck"

struct ipxe_target {
	const char	*make_target;	/* relative to SRC/src */
	const char	*file;		/* its name in the output directory */
	const char	*what;		/* one line for humans */
};

#define IPXE_TARGET_COUNT 4
extern const struct ipxe_target ipxe_targets[IPXE_TARGET_COUNT];

struct ipxe_build_options {
	const char	*src;		/* the iPXE checkout: holds src/Makefile */
	const char	*base_url;	/* the bootstrap chains BASE/boot.ipxe */
	const char	*out;		/* created if missing */
	bool		 serial_console; /* CONSOLE_SERIAL on COM1, 115200 */
	const char	*general;	/* file of #define/#undef lines, or NULL */
	const char	*script;	/* file of iPXE commands run first, or NULL */
	long		 jobs;		/* make -j; 0: the number of CPUs */
};

enum ipxe_build_status {
	IPXE_BUILD_OK,
	IPXE_BUILD_NO_TREE,	/* src missing or not an iPXE tree */
	IPXE_BUILD_NO_TOOL,	/* make, gcc, ld, objcopy or perl missing */
	IPXE_BUILD_BAD_INPUT,	/* an extra-settings file is unusable */
	IPXE_BUILD_FAILED,	/* make failed: the error holds its output's tail */
	IPXE_BUILD_IO,		/* writing the config or the outputs failed */
};

/*
 * Checks the tree and the tools, writes the named config and the embedded
 * script (SRC/src/config/local/bootdeck/), runs iPXE's own make for every
 * target and copies the results to out, then writes IPXE_BUILD_STAMP.
 * On failure *error is the reason (caller frees): one line, followed for
 * IPXE_BUILD_FAILED by the last lines make printed.
 */
enum ipxe_build_status ipxe_build(const struct ipxe_build_options *o,
    char **error);

/* The embedded script: render_bootstrap(base_url, true) with the extra
   commands (may be NULL) run first. Caller frees. */
char *ipxe_build_script(const char *base_url, const char *extra);

#endif
