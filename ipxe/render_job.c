/* render_job.c: the renderer's input read from the catalog in one place, for bootdeckd, `bootdeck preview` and the console. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/url.h"
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

	if ((url == NULL || *url == '\0') && cat != NULL && *cat != '\0') {
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

int
render_job_read(struct catalog *cat, const struct render_query *q,
    struct render_job *job, char *err, size_t errlen)
{
	const char *arch = q->arch != NULL ? q->arch :
	    render_default_arch(q->platform);
	int status;

	memset(job, 0, sizeof *job);
	snprintf(job->client.mac, sizeof job->client.mac, "%s",
	    q->mac != NULL ? q->mac : "");
	job->client.platform = q->platform;
	snprintf(job->client.arch, sizeof job->client.arch, "%s", arch);
	job->in.view = &job->view;
	job->in.client = &job->client;
	job->in.base_url = job->base_url;
	job->in.force_menu = q->force_menu;

	status = catalog_boot_view(cat, job->client.mac[0] != '\0' ?
	    job->client.mac : NULL, &job->view);
	/* Even a failure gets a base URL: its error script chains back. */
	job_base_url(job, q);
	if (status != CATALOG_OK) {
		snprintf(err, errlen, "catalog: %s", catalog_error(cat));
		return status;
	}
	if (q->entry != NULL &&
	    (job->entry = job_find(&job->view, q->entry)) == NULL)
		return job_no_entry(cat, q->entry, err, errlen);
	return CATALOG_OK;
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
	memset(job, 0, sizeof *job);
}
