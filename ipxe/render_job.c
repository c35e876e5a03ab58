/* render_job.c: the renderer's input read from the catalog in one place, for bootdeckd, `bootdeck preview` and the console. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/url.h"
#include "common/xmalloc.h"
#include "ipxe/render_job.h"

/*
 * Everything that decides what a client gets is here, so bootdeckd, the
 * CLI's preview and the console's Preview cannot drift apart: which
 * entries are offered (the enabled ones: the boot view), the base URL's
 * precedence, and the arch assumed when none is given.
 */

static const char *const default_arch[PLATFORM_COUNT] = {
	[PLATFORM_BIOS] = "i386",
	[PLATFORM_EFI] = "x86_64",
};

const char *
render_default_arch(enum platform p)
{
	if (p != PLATFORM_BIOS && p != PLATFORM_EFI)
		return "";
	return default_arch[p];
}

bool
render_arch_ok(const char *arch)
{
	size_t len = strlen(arch);

	return len > 0 && len < sizeof ((struct render_client *)0)->arch &&
	    strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

static const struct entry *
job_find(const struct boot_view *bv, const char *name)
{
	size_t i;

	for (i = 0; i < bv->n_entries; i++)
		if (strcmp(bv->entries[i].name, name) == 0)
			return &bv->entries[i];
	return NULL;
}

/* Configured, else the catalog's if it is a base URL, else the fallback. */
static void
job_base_url(struct render_job *job, const struct render_query *q)
{
	const char *url = q->base_url, *cat = job->view.base_url;
	char why[128];
	size_t len;

	if ((url == NULL || *url == '\0') && cat != NULL && *cat != '\0' &&
	    (!q->https || strncmp(cat, "https://", 8) == 0)) {
		/* A hand-edited row gets no trust: the same rule as the rest. */
		if (strlen(cat) >= sizeof job->base_url)
			snprintf(job->base_problem, sizeof job->base_problem,
			    "base_url from the catalog is longer than %zu "
			    "bytes", sizeof job->base_url - 1);
		else if (!url_base_ok(cat, why, sizeof why))
			snprintf(job->base_problem, sizeof job->base_problem,
			    "base_url '%.200s' from the catalog is not "
			    URL_BASE_FORM ": %s", cat, why);
		else
			url = cat;
	}
	if (url == NULL || *url == '\0')
		url = q->base_fallback != NULL ? q->base_fallback : "";
	snprintf(job->base_url, sizeof job->base_url, "%s", url);
	len = strlen(job->base_url);
	while (len > 0 && job->base_url[len - 1] == '/')
		job->base_url[--len] = '\0';
}

/* Why name is not in the view: unknown, or there but disabled. */
static int
job_no_entry(struct catalog *cat, const char *name, char *err, size_t errlen)
{
	struct entry e = { 0 };
	int status;

	status = catalog_entry_get(cat, name, &e);
	if (status == CATALOG_OK)
		snprintf(err, errlen, "entry '%s' is disabled: clients cannot "
		    "boot it", name);
	else
		snprintf(err, errlen, "%s", catalog_error(cat));
	entry_clear(&e);
	return status == CATALOG_OK || status == CATALOG_NOTFOUND ?
	    CATALOG_NOTFOUND : status;
}

/* Reads the image from q->images_dir, for callers with no cache. */
static const struct iso_image *
job_iso_read(const struct render_query *q, const char *path, char *why,
    size_t whylen)
{
	struct iso_image *img = NULL;
	char *file;
	int fd;

	if (q->images_dir == NULL) {
		snprintf(why, whylen, "no images directory to read it from");
		return NULL;
	}
	file = xasprintf("%s/%s", q->images_dir, path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		snprintf(why, whylen, "cannot open %s: %s", file,
		    strerror(errno));
	else if (iso_image_read(fd, &img, why, whylen) != 0)
		img = NULL;
	if (fd >= 0)
		close(fd);
	free(file);
	return img;
}

int
render_iso_plan(const struct render_query *q, const struct entry *e,
    struct iso_plan *plan, char *why, size_t whylen)
{
	const struct iso_image *img;
	void *ref = NULL;
	int rc;

	memset(plan, 0, sizeof *plan);
	if (e->kind != ENTRY_ISO || e->target == NULL)
		return -1;
	if (entry_target_is_url(e->target)) {
		snprintf(why, whylen, "its ISO is a URL: bootdeckd can look "
		    "inside only the ISOs in its images directory");
		return -1;
	}
	if (q->iso_source != NULL)
		img = q->iso_source->get(q->iso_source->ctx, e->target, &ref,
		    why, whylen);
	else
		img = job_iso_read(q, e->target, why, whylen);
	if (img == NULL)
		return -2;
	rc = iso_plan_make(img, plan, why, whylen) == 0 ? 0 : -1;
	if (q->iso_source != NULL)
		q->iso_source->put(q->iso_source->ctx, ref);
	else
		iso_image_free((struct iso_image *)img);
	return rc;
}

void
render_job_iso(struct render_job *job, const struct render_query *q)
{
	const struct entry *e = job->entry;
	const char *mode;
	int rc = -1;

	if (e == NULL || e->kind != ENTRY_ISO)
		return;
	mode = entry_boot_mode(e);
	if (strcmp(mode, ENTRY_BOOT_SANBOOT) == 0 ||
	    strcmp(mode, ENTRY_BOOT_MEMDISK) == 0)
		return;
	if (q->iso_source == NULL && q->images_dir == NULL) {
		snprintf(job->iso_problem, sizeof job->iso_problem, "its ISO "
		    "was not read");
	} else if ((rc = render_iso_plan(q, e, &job->plan, job->iso_problem,
	    sizeof job->iso_problem)) == 0) {
		job->iso = (struct render_iso){
			.family = job->plan.recipe->family,
			.kernel = job->plan.kernel,
			.kernel_efi = job->plan.kernel_efi,
			.initrds = (const char *const *)job->plan.initrds,
			.n_initrds = job->plan.n_initrds,
			.args = job->plan.recipe->args,
		};
		job->in.iso = &job->iso;
		return;
	}
	job->iso_unread = rc == -2;
	job->in.iso_problem = job->iso_problem;
}

void
render_job_begin(const struct render_query *q, struct render_job *job)
{
	const char *arch = q->arch != NULL ? q->arch :
	    render_default_arch(q->platform);

	memset(job, 0, sizeof *job);
	snprintf(job->client.mac, sizeof job->client.mac, "%s",
	    q->mac != NULL ? q->mac : "");
	job->client.platform = q->platform;
	snprintf(job->client.arch, sizeof job->client.arch, "%s", arch);
	job->in.view = &job->view;
	job->in.client = &job->client;
	job->in.base_url = job->base_url;
	job->in.images_base_url = q->images_url;
	job->in.force_menu = q->force_menu;
	job_base_url(job, q);
}

int
render_job_read(struct catalog *cat, const struct render_query *q,
    struct render_job *job, char *err, size_t errlen)
{
	int status;

	render_job_begin(q, job);
	status = catalog_boot_view(cat, job->client.mac[0] != '\0' ?
	    job->client.mac : NULL, &job->view);
	if (status != CATALOG_OK) {
		snprintf(err, errlen, "catalog: %s", catalog_error(cat));
		return status;
	}
	/* The catalog's base_url, when it may be used, beats the fallback. */
	job_base_url(job, q);
	if (q->entry != NULL &&
	    (job->entry = job_find(&job->view, q->entry)) == NULL)
		return job_no_entry(cat, q->entry, err, errlen);
	return CATALOG_OK;
}

enum render_note
render_job_note(const struct render_job *job, char *buf, size_t len)
{
	const struct entry *e = job->entry;
	const struct iso_recipe *r = job->plan.recipe;

	buf[0] = '\0';
	if (e == NULL || e->kind != ENTRY_ISO)
		return RENDER_NOTE_NONE;
	if (r != NULL) {
		snprintf(buf, len, "entry '%s' boots direct by the %s recipe "
		    "(%s); the booted system fetches %s; RAM needed: %s",
		    e->name, r->family, r->what, r->fetches, r->ram);
		return RENDER_NOTE_INFO;
	}
	if (job->iso_problem[0] == '\0')
		return RENDER_NOTE_NONE;
	if (strcmp(entry_boot_mode(e), ENTRY_BOOT_DIRECT) == 0) {
		snprintf(buf, len, "entry '%s' cannot boot direct: %s",
		    e->name, job->iso_problem);
		return RENDER_NOTE_ERROR;
	}
	snprintf(buf, len, "entry '%s' sanboots: %s", e->name,
	    job->iso_problem);
	/* An ISO of no known family sanboots as it always did; one that
	   cannot be read at all is worth a warning. */
	return job->iso_unread ? RENDER_NOTE_WARN : RENDER_NOTE_INFO;
}

char *
render_job_script(const struct render_job *job)
{
	if (job->entry != NULL)
		return render_entry(&job->in, job->entry);
	return render_boot(&job->in);
}

void
render_job_clear(struct render_job *job)
{
	if (job == NULL)
		return;
	boot_view_clear(&job->view);
	iso_plan_clear(&job->plan);
	memset(job, 0, sizeof *job);
}
