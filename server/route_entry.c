/* route_entry.c: GET /entry/NAME, one entry's boot commands; the server learns the choice here. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "server/iso_cache.h"
#include "server/journal.h"
#include "server/path.h"
#include "server/server.h"

/* ISO entries' recipes come from the trees the image route serves from,
   read once per version of each ISO. */
static const struct iso_image *
entry_iso_get(void *ctx, const char *path, void **ref, char *why,
    size_t whylen)
{
	struct server *srv = ctx;
	struct iso_cached *c;
	struct stat st;
	int fd;

	fd = path_open_beneath(srv->images_fd, srv->images_root, path, &st);
	if (fd < 0) {
		snprintf(why, whylen, "cannot open %s: %s", path,
		    errno == EXDEV || errno == ELOOP ? "it leaves the images "
		    "directory" : strerror(errno));
		return NULL;
	}
	c = iso_cache_get(srv->isos, fd, &st, why, whylen);
	close(fd);
	*ref = c;
	return c != NULL ? iso_cached_image(c) : NULL;
}

static void
entry_iso_put(void *ctx, void *ref)
{
	iso_cached_put(ref);
}

static enum MHD_Result
entry_fail(struct request *req, const struct render_input *in,
    unsigned status, const char *why)
{
	char shown[ENTRY_NAME_MAX + 200];
	struct boot_record r;

	/* why may quote the client's own bytes (the name it asked for). */
	server_clean_text(shown, why, sizeof shown);
	server_log("%s%s%s: /entry: %s", request_ip(req),
	    in->client->mac[0] != '\0' ? " " : "", in->client->mac, shown);
	request_record_init(req, &r, RECORD_ERROR);
	memcpy(r.mac, in->client->mac, sizeof r.mac);
	r.detail = xstrdup(shown);
	request_record_push(req, &r);
	return request_reply_script(req, status, render_error(in, shown));
}

enum MHD_Result
route_entry(struct request *req)
{
	char base[BASE_URL_MAX], host_url[BASE_URL_MAX];
	char err[ENTRY_NAME_MAX + 200], name[ENTRY_NAME_MAX + 1], note[768];
	struct render_client cl = { .platform = PLATFORM_BIOS };
	struct boot_view empty = { 0 };
	struct render_input bad = { .base_url = base, .view = &empty,
	    .client = &cl };
	struct render_iso_source iso_source;
	struct render_query q = { 0 };
	struct render_job job;
	struct boot_record r;
	enum MHD_Result ret;
	int rc;

	if (!request_client(req, false, &cl, err, sizeof err)) {
		cl.mac[0] = '\0';
		request_base_url(req, base, sizeof base);
		return entry_fail(req, &bad, MHD_HTTP_BAD_REQUEST, err);
	}
	if (!path_decode(req->path, strlen(req->path), name, sizeof name,
	    false)) {
		snprintf(err, sizeof err, "no entry named '%s'", req->path);
		request_base_url(req, base, sizeof base);
		return entry_fail(req, &bad, MHD_HTTP_NOT_FOUND, err);
	}
	request_host_url(req, host_url, sizeof host_url);
	q.mac = cl.mac;
	q.platform = cl.platform;
	q.arch = cl.arch;
	q.entry = name;
	q.base_url = request_config_base(req);
	q.https = request_tls(req);
	q.images_url = req->srv->images_url;
	q.base_fallback = host_url;
	iso_source = (struct render_iso_source){ .get = entry_iso_get,
	    .put = entry_iso_put, .ctx = req->srv };
	q.iso_source = &iso_source;
	rc = request_read_job(req, &q, &job, err, sizeof err);
	render_job_iso(&job, &q);
	if (rc != CATALOG_OK) {
		ret = entry_fail(req, &job.in, rc == CATALOG_NOTFOUND ?
		    MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE, err);
		goto out;
	}
	request_record_init(req, &r, RECORD_ENTRY);
	memcpy(r.mac, cl.mac, sizeof r.mac);
	r.entry = xstrdup(job.entry->name);
	r.platform = xstrdup(cl.platform == PLATFORM_EFI ? "efi" : "pcbios");
	r.arch = xstrdup(cl.arch);
	/* The one-shot is used up once the client fetched what it named;
	   the rev says which setting of it (one set again later stays). */
	r.consume_next = job.view.host_known &&
	    job.view.host.next_entry != NULL &&
	    strcmp(job.view.host.next_entry, job.entry->name) == 0;
	r.host_rev = r.consume_next ? job.view.host.rev : 0;
	server_log("%s %s %s/%s: entry %s%s", request_ip(req),
	    cl.mac[0] != '\0' ? cl.mac : "-", r.platform, cl.arch,
	    job.entry->name, r.consume_next ? " (one-shot)" : "");
	if (render_job_note(&job, note, sizeof note) > RENDER_NOTE_INFO)
		server_log("%s: %s", request_ip(req), note);
	/* Before the reply: a consumption is in the journal, synced, before
	   the client can act on it. */
	request_record_push(req, &r);
	ret = request_reply_script(req, MHD_HTTP_OK, render_job_script(&job));
out:
	render_job_clear(&job);
	return ret;
}
