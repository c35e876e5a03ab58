/* render_job.h: the renderer's input read from the catalog in one place, for bootdeckd, `bootdeck preview` and the console. */
#ifndef BOOTDECK_RENDER_JOB_H
#define BOOTDECK_RENDER_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "ipxe/render.h"
#include "iso/recipe.h"

#define RENDER_BASE_URL_MAX 300

/*
 * Where an ISO entry's image is read to find its recipe: bootdeckd keeps
 * parsed images in a cache; without a source they are read from
 * images_dir each time (preview, console).
 */
struct render_iso_source {
	/* The parsed image of PATH below the images root, or NULL with why
	   ("not an ISO 9660 image: ..."); *ref is handed back to put. */
	const struct iso_image *(*get)(void *ctx, const char *path,
			    void **ref, char *why, size_t whylen);
	void		 (*put)(void *ctx, void *ref);
	void		*ctx;
};

/* What a client asks for, and how it reaches us; nothing read yet. */
struct render_query {
	const char	*mac;		/* normalized; NULL or "": unidentified */
	enum platform	 platform;	/* BIOS or EFI */
	/* NULL: what the platform's usual iPXE build reports
	   (render_default_arch); "": unknown, iPXE fills ${buildarch}. */
	const char	*arch;
	const char	*entry;		/* /entry/NAME; NULL: /boot.ipxe */
	bool		 force_menu;	/* ?menu=1 */
	/* The base URL from flags, environment or config file: it beats the
	   catalog's base_url setting, which beats the fallback (the request's
	   Host, or the listen address). Each may be NULL. */
	const char	*base_url;
	const char	*base_fallback;
	/* The request came over HTTPS: the catalog's base_url counts only
	   when it is https:// too (never send such a client to plain HTTP). */
	bool		 https;
	/* images_url: /images/ URLs under it instead; NULL: the base URL. */
	const char	*images_url;
	/* How ISO entries' images are read; neither set: ISO entries are
	   rendered without a recipe (they sanboot). */
	const struct render_iso_source *iso_source;
	const char	*images_dir;
};

struct render_job {
	struct boot_view	 view;
	struct render_client	 client;
	char			 base_url[RENDER_BASE_URL_MAX];
	const struct entry	*entry;		/* in view; NULL for /boot.ipxe */
	struct render_input	 in;		/* points into the above */
	/* Why the catalog's base_url was passed over (it is no base URL), ""
	   if it was not: bootdeckd goes on without it, previews refuse. */
	char			 base_problem[400];
	/* An ISO entry: its recipe resolved (in.iso points here when one
	   fits), or why none does ("" when nobody asked). */
	struct iso_plan		 plan;
	struct render_iso	 iso;
	char			 iso_problem[300];
	bool			 iso_unread;	/* not even read as an ISO */
};

/*
 * Reads the boot view for q and fills job (cleared first, even on
 * failure: render_job_clear it either way). A failed catalog read
 * returns its status with the reason in err. An entry that clients
 * cannot get (unknown, or disabled) is CATALOG_NOTFOUND with err
 * saying which.
 */
int render_job_read(struct catalog *cat, const struct render_query *q,
    struct render_job *job, char *err, size_t errlen);
/*
 * The part of render_job_read that needs no catalog: clears job and
 * fills the client and the base URL from q alone. On its own, for an
 * error script when there is no catalog to read.
 */
void render_job_begin(const struct render_query *q, struct render_job *job);
/*
 * For an ISO entry asked for (unless it is told to sanboot or use
 * memdisk): reads its image through q's source and sets the recipe the
 * script boots by, or the problem. Apart from render_job_read since it
 * reads a file, which bootdeckd does not do holding its catalog lock.
 */
void render_job_iso(struct render_job *job, const struct render_query *q);
/*
 * The recipe for ISO entry e, read through q's source: 0 with plan set,
 * -1 with why when none fits, -2 with why when the image cannot be read
 * as an ISO at all. For `bootdeck scan` and `entry show` as much as for
 * render_job_read.
 */
int render_iso_plan(const struct render_query *q, const struct entry *e,
    struct iso_plan *plan, char *why, size_t whylen);
enum render_note {
	RENDER_NOTE_NONE,
	RENDER_NOTE_INFO,	/* the recipe and what it fetches, or none fits */
	RENDER_NOTE_WARN,	/* an unreadable ISO falls back to sanboot */
	RENDER_NOTE_ERROR,	/* a direct ISO entry cannot boot */
};
/* What the script of the job's ISO entry cannot say, in one line, for
   previews and the log: its recipe, or why it has none. */
enum render_note render_job_note(const struct render_job *job, char *buf,
    size_t len);
/* The script the job's request gets: render_entry() or render_boot(). */
char *render_job_script(const struct render_job *job);
void render_job_clear(struct render_job *job);

/* "i386" on BIOS, "x86_64" on UEFI: what Debian's iPXE builds report. */
const char *render_default_arch(enum platform p);
/* Whether arch is one a client may report: [a-z0-9_]+, short. */
bool render_arch_ok(const char *arch);

#endif
