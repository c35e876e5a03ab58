/* route_boot.c: GET /boot.ipxe, a client's menu or its direct boot, or the bootstrap chain. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "server/journal.h"
#include "server/server.h"

/* The free-text facts iPXE reports, kept (cut) in the clients table. */
static const struct boot_fact {
	const char	*arg;
	size_t		 field;	/* offset of the char * in struct boot_record */
} boot_facts[] = {
	{ "uuid", offsetof(struct boot_record, uuid) },
	{ "serial", offsetof(struct boot_record, serial) },
	{ "manufacturer", offsetof(struct boot_record, manufacturer) },
	{ "product", offsetof(struct boot_record, product) },
	{ "version", offsetof(struct boot_record, version) },
	{ "build", offsetof(struct boot_record, build) },
};

static void
boot_facts_copy(struct request *req, struct boot_record *r)
{
	char raw[CLIENT_FACT_MAX * 3 + 1], clean[CLIENT_FACT_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof boot_facts / sizeof boot_facts[0]; i++) {
		/* Too long to decode whole, or malformed: keep what we can. */
		if (!request_arg(req, boot_facts[i].arg, raw, sizeof raw))
			continue;
		server_clean_text(clean, raw, sizeof clean);
		*(char **)(void *)((char *)r + boot_facts[i].field) =
		    xstrdup(clean);
	}
}

static enum MHD_Result
boot_bad_request(struct request *req, const char *base, const char *why)
{
	struct render_client cl = { .platform = PLATFORM_BIOS };
	struct boot_view bv = { 0 };
	struct render_input in = {
		.base_url = base, .view = &bv, .client = &cl,
	};
	struct boot_record r;

	server_log("%s: /boot.ipxe: %s", request_ip(req), why);
	request_record_init(req, &r, RECORD_ERROR);
	r.detail = xasprintf("/boot.ipxe: %s", why);
	request_record_push(req, &r);
	return request_reply_script(req, MHD_HTTP_BAD_REQUEST,
	    render_error(&in, why));
}

enum MHD_Result
route_boot(struct request *req)
{
	char base[BASE_URL_MAX], host_url[BASE_URL_MAX], err[160], flag[8];
	struct render_client cl;
	struct render_query q = { 0 };
	struct render_job job;
	struct boot_record r;
	enum MHD_Result ret;
	const char *choice;
	bool next;
	int rc;

	if (!request_has_arg(req, "mac")) {
		request_base_url(req, base, sizeof base);
		server_log("%s: boot -> bootstrap (no mac)", request_ip(req));
		return request_reply_script(req, MHD_HTTP_OK,
		    render_bootstrap(base, NULL));
	}
	if (!request_client(req, true, &cl, err, sizeof err)) {
		request_base_url(req, base, sizeof base);
		return boot_bad_request(req, base, err);
	}
	request_host_url(req, host_url, sizeof host_url);
	q.mac = cl.mac;
	q.platform = cl.platform;
	q.arch = cl.arch;
	q.force_menu = request_arg(req, "menu", flag, sizeof flag) &&
	    strcmp(flag, "1") == 0;
	q.base_url = request_config_base(req);
	q.https = request_tls(req);
	q.images_url = req->srv->images_url;
	q.base_fallback = host_url;
	rc = request_read_job(req, &q, &job, err, sizeof err);
	if (rc != CATALOG_OK) {
		server_log("%s %s: /boot.ipxe: %s", request_ip(req), cl.mac, err);
		ret = request_reply_script(req, MHD_HTTP_SERVICE_UNAVAILABLE,
		    render_error(&job.in, err));
		goto out;
	}
	request_record_init(req, &r, RECORD_BOOT);
	memcpy(r.mac, cl.mac, sizeof r.mac);
	r.platform = xstrdup(cl.platform == PLATFORM_EFI ? "efi" : "pcbios");
	r.arch = xstrdup(cl.arch);
	boot_facts_copy(req, &r);
	choice = render_boot_choice(&job.in, &next);
	r.entry = xstrdup(choice != NULL ? choice : "menu");
	server_log("%s %s %s/%s: boot -> %s", request_ip(req), cl.mac,
	    r.platform, cl.arch, r.entry);
	ret = request_reply_script(req, MHD_HTTP_OK, render_job_script(&job));
	request_record_push(req, &r);
out:
	render_job_clear(&job);
	return ret;
}
