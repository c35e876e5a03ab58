/* render.h: turning catalog data into iPXE scripts (menus, entries, bootstrap). */
#ifndef BOOTDECK_RENDER_H
#define BOOTDECK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "db/catalog.h"

/* The client a script is rendered for; every field already validated. */
struct render_client {
	char		 mac[MAC_STRLEN];	/* normalized, or "" if unknown */
	enum platform	 platform;		/* BIOS or EFI, never ANY */
	char		 arch[16];		/* [a-z0-9_]*: i386 x86_64 arm64 */
};

/*
 * An ISO entry booted straight from the kernel inside it (iso/recipe.h
 * found it): paths inside the ISO, and the recipe's arguments. NULL in
 * render_input when no recipe fits: then the entry sanboots.
 */
struct render_iso {
	const char	*family;	/* "debian-live" */
	const char	*kernel;	/* for BIOS, and UEFI unless kernel_efi */
	const char	*kernel_efi;
	const char	*const *initrds;
	size_t		 n_initrds;
	const char	*args;		/* with placeholders; NULL: none */
};

struct render_input {
	/* "http://host:port" with no trailing slash; how the client reaches us. */
	const char			*base_url;
	/* Where /images/ URLs point instead, when not NULL or "": the
	   admin's choice to send images over plain HTTP while menus and
	   scripts go over HTTPS (images_url). */
	const char			*images_base_url;
	const struct boot_view		*view;
	const struct render_client	*client;
	/* Ignore the one-shot next boot and skip-menu: show the menu (?menu=1). */
	bool				 force_menu;
	/* The recipe for the ISO entry render_entry() is given, if any. */
	const struct render_iso		*iso;
	/* Why an ISO entry cannot boot direct, for a "direct" entry's
	   message; NULL when it can or nobody asked. */
	const char			*iso_problem;
};

/*
 * Kernel arguments (an entry's, a recipe's) may name bootdeckd's own URLs,
 * since an admin cannot know every address clients reach it by and '$'
 * never reaches iPXE: {base} is the base URL, {images} the images root
 * under it, and for an ISO entry {iso} the ISO file's URL (its files are
 * {iso}/PATH). Unknown {words} are left as they are.
 */

/*
 * The answer to /boot.ipxe for an identified client: a chain to the one-shot
 * next boot's /entry URL if set, else to the host's default when it skips the
 * menu; for a client without a host row, a chain to the view's unknown_entry
 * when that entry is enabled and fits the platform; else the menu (title, items in order with hotkeys, entries that do
 * not fit the client's platform left out, timeout, default). Choosing an
 * item chains to /entry/NAME so the server learns the choice; a failed chain
 * prints one line and returns to the menu. Never NULL; caller frees.
 */
char *render_boot(const struct render_input *in);

/*
 * What render_boot does for this input: the name of the entry it chains to
 * (*next tells whether that is the one-shot next boot), or NULL for the menu.
 */
const char *render_boot_choice(const struct render_input *in, bool *next);

/*
 * The boot commands of one entry for the client's platform, as /entry/NAME
 * returns them. For an entry that cannot boot on the platform, a script
 * that says so and returns to the menu. ENTRY_SCRIPT bodies are served as
 * the admin wrote them (they are the admin's code, not data).
 */
char *render_entry(const struct render_input *in, const struct entry *e);

/*
 * A script that prints message (sanitized) on one line, waits briefly and
 * chains back to the menu. Used for unknown entries and bad requests.
 */
char *render_error(const struct render_input *in, const char *message);

/*
 * The bootstrap script. With a build (IPXE_BUILD_ID): the script built
 * into iPXE binaries (#!ipxe, dhcp with retries, then one request with
 * every client fact and build=BUILD, [A-Za-z0-9.+-] only). With NULL: the
 * answer to a bare /boot.ipxe: chain back with the client facts filled
 * in by iPXE (a stock iPXE: no build).
 */
char *render_bootstrap(const char *base_url, const char *build);

/* Whether entry e can boot on client platform p (kind and entry filter). */
bool render_entry_fits(const struct entry *e, enum platform p);


/*
 * The image paths (relative to the images root) that rendering e for
 * platform p would make the client download; for preview's missing-file
 * check (an ISO booted direct needs the ISO itself). URLs are left out.
 * Returns the count written (at most max).
 */
size_t render_entry_images(const struct entry *e, enum platform p,
    const char **paths, size_t max);

#endif
