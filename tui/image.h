/* image.h: whether an image path names a file below the images directory, inside an ISO there included. */
#ifndef BOOTDECK_IMAGE_H
#define BOOTDECK_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Whether rel is a regular file below dir or, as bootdeckd serves
 * ISO/INNER, a file inside an ISO there (the shortest leading part of
 * rel that is a regular file is the ISO); *size is its size, else -1.
 */
bool image_find(const char *dir, const char *rel, int64_t *size);

#endif
