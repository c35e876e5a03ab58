/* size.h: byte counts as people read them, for every front end. */
#ifndef BOOTDECK_SIZE_H
#define BOOTDECK_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* "512 B", "1.5 KiB", "4.0 GiB" (binary units, one decimal); "-" for a
   negative count, which callers use for "unknown". */
void size_format(char *buf, size_t len, int64_t bytes);

#endif
