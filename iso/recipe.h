/* recipe.h: how each family of ISO boots straight from its own kernel: a table of recipes, matched by what the ISO holds. */
#ifndef BOOTDECK_RECIPE_H
#define BOOTDECK_RECIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "iso/iso9660.h"

#define ISO_RECIPE_INITRDS 3

/*
 * One family: the files that identify it, the kernel and initrds inside
 * the ISO, and the arguments that make its initramfs fetch the rest from
 * bootdeckd over HTTP. Paths are fnmatch patterns, matched without regard
 * to case (plain ISO 9660 names are upper case); the first file in path
 * order that matches is taken. In args, {iso} is the URL of the ISO file
 * itself, so {iso}/live/x is a file inside it (see render.h).
 */
struct iso_recipe {
	const char	*family;	/* "debian-live": shown, logged, tested */
	const char	*what;		/* who ships ISOs of this layout */
	const char	*requires[3];	/* each must match a file */
	const char	*kernel;	/* for BIOS, and UEFI unless kernel_efi */
	const char	*kernel_efi;
	const char	*initrds[ISO_RECIPE_INITRDS];
	const char	*args;
	/* For the README, scan and preview: what the booted system downloads
	   and the RAM it needs for it. */
	const char	*fetches;
	const char	*ram;
};

/* The recipes, most specific first; *n is their count. */
const struct iso_recipe *iso_recipe_table(size_t *n);

/* An ISO's recipe with its patterns resolved to the files found. */
struct iso_plan {
	const struct iso_recipe	*recipe;
	char			*kernel;	/* inner paths, as found */
	char			*kernel_efi;	/* NULL: kernel on both */
	char			*initrds[ISO_RECIPE_INITRDS];
	size_t			 n_initrds;
};

/*
 * The first recipe whose files img holds, resolved. Returns 0, or with why
 * ("no recipe fits: ...") -1 when no family's files are there (such an
 * ISO sanboots, as it should), -2 when a family's are but a part it boots
 * by is missing (a damaged or unusual copy, worth telling).
 */
int iso_plan_make(const struct iso_image *img, struct iso_plan *plan,
    char *why, size_t whylen);
void iso_plan_clear(struct iso_plan *plan);

#endif
