/* render_job.h: the renderer's input read from the catalog in one place, for bootdeckd, `bootdeck preview` and the console. */
#ifndef BOOTDECK_RENDER_JOB_H
#define BOOTDECK_RENDER_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "ipxe/render.h"

#define RENDER_BASE_URL_MAX 300

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
/* The script the job's request gets: render_entry() or render_boot(). */
char *render_job_script(const struct render_job *job);
void render_job_clear(struct render_job *job);

/* "i386" on BIOS, "x86_64" on UEFI: what Debian's iPXE builds report. */
const char *render_default_arch(enum platform p);
/* Whether arch is one a client may report: [a-z0-9_]+, short. */
bool render_arch_ok(const char *arch);

#endif
