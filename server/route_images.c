/* route_images.c: GET/HEAD /images/PATH, files below the images root only. */
#include "config.h"

#include <string.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "server/file.h"
#include "server/path.h"

enum MHD_Result
route_images(struct request *req)
{
	char rel[ENTRY_PATH_MAX + 1], shown[ENTRY_PATH_MAX + 1], mac_arg[32];
	struct file_kept *k = NULL;
	struct boot_record r;

	/* Every request has its connection (http.c gives each one). */
	if (path_decode(req->path, strlen(req->path), rel, sizeof rel, false) &&
	    req->conn != NULL)
		k = file_keep_open(&req->conn->image, req->srv->images_fd,
		    req->srv->images_root, rel);
	if (k != NULL)
		return file_serve_kept(req, k, rel);
	/* A missing image is a broken boot: tell the log, not just the client. */
	server_clean_text(shown, req->path, sizeof shown);
	server_log("%s: missing image %s", request_ip(req), shown);
	request_record_init(req, &r, RECORD_ERROR);
	if (!request_arg(req, "mac", mac_arg, sizeof mac_arg) ||
	    !mac_parse(mac_arg, r.mac))
		r.mac[0] = '\0';
	r.path = xstrdup(shown);
	r.detail = xasprintf("missing image %s", shown);
	request_record_push(req, &r);
	return request_reply_text(req, MHD_HTTP_NOT_FOUND, "no such image\n");
}
