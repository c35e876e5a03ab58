/* route_entry.c: GET /entry/NAME, one entry's boot commands; the server learns the choice here. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"
#include "ipxe/render.h"
#include "server/journal.h"
#include "server/path.h"
#include "server/server.h"

static const struct entry *
entry_find(const struct boot_view *bv, const char *name)
{
	size_t i;

	for (i = 0; i < bv->n_entries; i++)
		if (strcmp(bv->entries[i].name, name) == 0)
			return &bv->entries[i];
	return NULL;
}

static enum MHD_Result
entry_fail(struct request *req, struct render_input *in, unsigned status,
    const char *why)
{
	struct boot_record r;

	server_log("%s%s%s: /entry: %s", request_ip(req),
	    in->client->mac[0] != '\0' ? " " : "", in->client->mac, why);
	request_record_init(req, &r, RECORD_ERROR);
	memcpy(r.mac, in->client->mac, sizeof r.mac);
	r.detail = xstrdup(why);
	request_record_push(req, &r);
	return request_reply_script(req, status, render_error(in, why));
}

enum MHD_Result
route_entry(struct request *req)
{
	char base[BASE_URL_MAX], err[ENTRY_NAME_MAX + 160];
	char name[ENTRY_NAME_MAX + 1], shown[ENTRY_NAME_MAX + 1];
	struct render_client cl = { .platform = PLATFORM_BIOS };
	struct boot_view bv = { 0 };
	struct render_input in = { .base_url = base, .view = &bv, .client = &cl };
	const struct entry *e;
	struct boot_record r;
	enum MHD_Result ret;
	int rc;

	if (!request_client(req, false, &cl, err, sizeof err)) {
		cl.mac[0] = '\0';
		request_base_url(req, NULL, base, sizeof base);
		return entry_fail(req, &in, MHD_HTTP_BAD_REQUEST, err);
	}
	if (!path_decode(req->path, strlen(req->path), name, sizeof name,
	    false)) {
		server_clean_text(shown, req->path, sizeof shown);
		snprintf(err, sizeof err, "no entry named %s", shown);
		request_base_url(req, NULL, base, sizeof base);
		return entry_fail(req, &in, MHD_HTTP_NOT_FOUND, err);
	}
	pthread_mutex_lock(&req->srv->cat_lock);
	rc = catalog_boot_view(req->srv->cat, cl.mac, &bv);
	if (rc != CATALOG_OK)
		snprintf(err, sizeof err, "catalog: %s",
		    catalog_error(req->srv->cat));
	pthread_mutex_unlock(&req->srv->cat_lock);
	request_base_url(req, rc == CATALOG_OK ? &bv : NULL, base, sizeof base);
	if (rc != CATALOG_OK) {
		ret = entry_fail(req, &in, MHD_HTTP_SERVICE_UNAVAILABLE, err);
		goto out;
	}
	journal_mask(req->srv->journal, &bv);
	e = entry_find(&bv, name);
	if (e == NULL) {
		server_clean_text(shown, name, sizeof shown);
		snprintf(err, sizeof err, "no entry named %s", shown);
		ret = entry_fail(req, &in, MHD_HTTP_NOT_FOUND, err);
		goto out;
	}
	request_record_init(req, &r, RECORD_ENTRY);
	memcpy(r.mac, cl.mac, sizeof r.mac);
	r.entry = xstrdup(e->name);
	r.platform = xstrdup(cl.platform == PLATFORM_EFI ? "efi" : "pcbios");
	r.arch = xstrdup(cl.arch);
	/* The one-shot is used up once the client fetched what it named;
	   the rev says which setting of it (one set again later stays). */
	r.consume_next = bv.host_known && bv.host.next_entry != NULL &&
	    strcmp(bv.host.next_entry, e->name) == 0;
	r.host_rev = r.consume_next ? bv.host.rev : 0;
	server_log("%s %s %s/%s: entry %s%s", request_ip(req),
	    cl.mac[0] != '\0' ? cl.mac : "-", r.platform, cl.arch, e->name,
	    r.consume_next ? " (one-shot)" : "");
	/* Before the reply: a consumption is in the journal, synced, before
	   the client can act on it. */
	request_record_push(req, &r);
	ret = request_reply_script(req, MHD_HTTP_OK, render_entry(&in, e));
out:
	boot_view_clear(&bv);
	return ret;
}
