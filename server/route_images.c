/* route_images.c: GET/HEAD /images/PATH and /images/ISO/INNER, files below the images root only. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "server/file.h"
#include "server/path.h"

/*
 * Why an image could not be opened, for the client and for the log: a
 * full fd table is the server's trouble (503, try again), not a missing
 * file, and an admin must see it as such. Unlisted errnos are 404.
 */
static const struct image_failure {
	int		 errnum;
	unsigned	 status;
	const char	*reason;	/* log and event: "image PATH: reason" */
	const char	*text;
} image_failures[] = {
	{ EMFILE, MHD_HTTP_SERVICE_UNAVAILABLE, "too many open files",
	    "server busy, try again\n" },
	{ ENFILE, MHD_HTTP_SERVICE_UNAVAILABLE, "too many open files",
	    "server busy, try again\n" },
	{ ENOMEM, MHD_HTTP_SERVICE_UNAVAILABLE, "out of kernel memory",
	    "server busy, try again\n" },
	{ EACCES, MHD_HTTP_FORBIDDEN, "permission denied", "forbidden\n" },
	{ EPERM, MHD_HTTP_FORBIDDEN, "permission denied", "forbidden\n" },
	/* Refused as missing: the client learns nothing about the outside. */
	{ EXDEV, MHD_HTTP_NOT_FOUND, "leaves the images root",
	    "no such image\n" },
	{ ELOOP, MHD_HTTP_NOT_FOUND, "leaves the images root",
	    "no such image\n" },
};

static const struct image_failure image_missing = {
	0, MHD_HTTP_NOT_FOUND, NULL, "no such image\n"
};

enum MHD_Result
route_images(struct request *req)
{
	char rel[ENTRY_PATH_MAX + 1], shown[ENTRY_PATH_MAX + 1], mac_arg[32];
	char why[320], why_shown[320];
	const struct image_failure *f = &image_missing;
	struct file_kept *k = NULL;
	struct boot_record r;
	int err = ENOENT;
	size_t i;

	why[0] = '\0';
	/* Every request has its connection (http.c gives each one). */
	if (path_decode(req->path, strlen(req->path), rel, sizeof rel, false) &&
	    req->conn != NULL) {
		k = file_keep_open(&req->conn->image, req->srv->isos,
		    req->srv->images_fd, req->srv->images_root, rel, why,
		    sizeof why);
		err = errno;
	}
	if (k != NULL)
		return file_serve_kept(req, k, rel);
	for (i = 0; i < sizeof image_failures / sizeof image_failures[0]; i++)
		if (image_failures[i].errnum == err)
			f = &image_failures[i];
	/* A failed image is a broken boot: tell the log, not just the client. */
	server_clean_text(shown, req->path, sizeof shown);
	request_record_init(req, &r, RECORD_ERROR);
	if (!request_arg(req, "mac", mac_arg, sizeof mac_arg) ||
	    !mac_parse(mac_arg, r.mac))
		r.mac[0] = '\0';
	r.path = xstrdup(shown);
	/* An ISO that is none says why (names in it are the ISO's bytes). */
	server_clean_text(why_shown, why, sizeof why_shown);
	if (f->reason != NULL)
		r.detail = xasprintf("image %s: %s", shown, f->reason);
	else if (why_shown[0] != '\0')
		r.detail = xasprintf("image %s: %s", shown, why_shown);
	else
		r.detail = xasprintf("missing image %s", shown);
	server_log("%s: %s", request_ip(req), r.detail);
	request_record_push(req, &r);
	return request_reply_text(req, f->status, f->text);
}
