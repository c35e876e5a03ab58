/* route_ipxe.c: GET/HEAD /ipxe/FILE, the iPXE binaries, and /ipxe/memdisk. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "server/file.h"
#include "server/path.h"

enum MHD_Result
route_ipxe(struct request *req)
{
	char rel[256];
	struct stat st;
	int fd = -1;

	if (strcmp(req->path, "memdisk") == 0) {
		/* Configured by the admin, so it may live anywhere. */
		fd = open(req->srv->memdisk_path,
		    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
			close(fd);
			fd = -1;
		}
	} else if (req->srv->ipxe_fd >= 0 &&
	    path_decode(req->path, strlen(req->path), rel, sizeof rel, false))
		fd = path_open_beneath(req->srv->ipxe_fd, req->srv->ipxe_root,
		    rel, &st);
	if (fd < 0)
		return request_reply_text(req, MHD_HTTP_NOT_FOUND,
		    "no such file\n");
	return file_serve(req, fd, &st, NULL);
}
