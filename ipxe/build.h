/* build.h: building iPXE binaries from a user's iPXE source tree with the bootstrap embedded. */
#ifndef BOOTDECK_BUILD_H
#define BOOTDECK_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * What a bootdeck-built iPXE reports as build= in its first request
 * (iPXE's own ${version} says which iPXE): a client without it runs a
 * stock iPXE. Needs config.h.
 */
#define IPXE_BUILD_ID "bootdeck-" PACKAGE_VERSION

struct ipxe_target {
	const char	*make_target;	/* relative to SRC/src */
	const char	*file;		/* its name in the output directory */
	bool		 efi;		/* for UEFI clients, else BIOS */
	const char	*what;		/* one line for humans */
};

#define IPXE_TARGET_COUNT 4
extern const struct ipxe_target ipxe_targets[IPXE_TARGET_COUNT];

/* The target whose output file is named file, or NULL. */
const struct ipxe_target *ipxe_target_find(const char *file);

/* What a build is doing, for the caller's progress display: a cold
   build of the four targets takes minutes. */
enum ipxe_build_phase {
	IPXE_BUILD_WAIT,	/* another build of the same tree holds it */
	IPXE_BUILD_START,	/* a target's make begins */
	IPXE_BUILD_TICK,	/* make printed a line, or a second went by */
	IPXE_BUILD_DONE,	/* a target's make succeeded */
};

struct ipxe_build_progress {
	enum ipxe_build_phase phase;
	size_t		 target;	/* index into ipxe_targets */
	long		 jobs;		/* make -j */
	int64_t		 target_ms;	/* since this target's make began */
	int64_t		 total_ms;	/* since the build began */
	unsigned	 compiled;	/* files this target's make compiled */
	const char	*line;		/* TICK: make's latest line, or NULL */
};

struct ipxe_build_options {
	const char	*src;		/* the iPXE checkout: holds src/Makefile */
	const char	*base_url;	/* the bootstrap chains BASE/boot.ipxe */
	const char	*out;		/* created if missing */
	bool		 serial_console; /* CONSOLE_SERIAL on COM1, 115200 */
	const char	*general;	/* file of #define/#undef lines, or NULL */
	const char	*script;	/* file of iPXE commands run first, or NULL */
	/*
	 * A PEM CA certificate, or NULL: with one, the build enables HTTPS on
	 * every target, embeds that CA and trusts it as its only root (iPXE's
	 * TRUST= and CERT=), and base_url must be https://.
	 */
	const char	*trust;
	long		 jobs;		/* make -j; 0: the number of CPUs */
	/* Called from ipxe_build() as it goes; may be NULL. */
	void		(*progress)(const struct ipxe_build_progress *p,
			    void *arg);
	void		*progress_arg;
};

enum ipxe_build_status {
	IPXE_BUILD_OK,
	IPXE_BUILD_NO_TREE,	/* src missing or not an iPXE tree */
	IPXE_BUILD_NO_TOOL,	/* make, gcc, ld, objcopy, perl, liblzma or
				   (with trust) openssl missing */
	IPXE_BUILD_BAD_INPUT,	/* an extra-settings file is unusable */
	IPXE_BUILD_FAILED,	/* make failed: the error holds its output's tail */
	IPXE_BUILD_IO,		/* writing the config or the outputs failed */
};

/*
 * Checks the tree and the tools, locks the tree against other builds,
 * writes the named config and the embedded script
 * (SRC/src/config/local/bootdeck/) where they changed, runs iPXE's own
 * make once per target (so an unchanged tree rebuilds nothing, a new
 * script rebuilds one object and relinks) and puts the results in out
 * only once all are built, IPXE_BUILD_STAMP last.
 * On failure *error is the reason (caller frees): one line, followed for
 * IPXE_BUILD_FAILED by the last lines make printed; out is untouched.
 */
enum ipxe_build_status ipxe_build(const struct ipxe_build_options *o,
    char **error);

/* The embedded script: render_bootstrap(base_url, IPXE_BUILD_ID) with the
   extra commands (may be NULL) run first. Caller frees. */
char *ipxe_build_script(const char *base_url, const char *extra);

#endif
