/* file.h: answering GET/HEAD for one open file: Range, conditionals, sendfile. */
#ifndef BOOTDECK_FILE_H
#define BOOTDECK_FILE_H

#include <sys/stat.h>

#include "server/server.h"

/*
 * Replies with the file fd (taken: closed here or by MHD) described by st:
 * 200, 206 for one satisfiable Range, 416, or 304 for a matching
 * If-None-Match/If-Modified-Since. With account_path, the body bytes are
 * added to this connection's transfer for that path.
 */
enum MHD_Result file_serve(struct request *req, int fd, const struct stat *st,
    const char *account_path);

#endif
