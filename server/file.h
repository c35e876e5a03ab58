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

struct iso_cache;

/*
 * The regular file rel below rootfd (see path_open_beneath), or the file
 * inside an ISO that rel names past the ISO's own path (ISO/INNER, its
 * tree from isos), kept open in *slot (one per connection) for repeated
 * requests: reopened, and checked again, when rel changes or the kept
 * one is a second old. Returns NULL with errno set when rel is not
 * servable, and for an ISO that is not one (EINVAL) a one-line reason
 * in why ("distros/x.iso: truncated: ...").
 */
struct file_kept *file_keep_open(struct file_kept **slot,
    struct iso_cache *isos, int rootfd, const char *root, const char *rel,
    char *why, size_t whylen);
/* file_serve for a kept file, which stays kept; inner files get the same Range, HEAD and conditionals. */
enum MHD_Result file_serve_kept(struct request *req,
    const struct file_kept *k, const char *account_path);
/* Closes a kept file; NULL is fine. */
void file_kept_free(struct file_kept *k);

#endif
