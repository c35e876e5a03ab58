/* dirs.h: making directories, parents first (mkdir -p). */
#ifndef BOOTDECK_DIRS_H
#define BOOTDECK_DIRS_H

#include <stdbool.h>

/* dir and every missing parent, mode 0755; false with errno set. */
bool dirs_make(const char *dir);
/* The directory a file path lies in, as dirs_make does. */
bool dirs_make_parent(const char *path);

#endif
