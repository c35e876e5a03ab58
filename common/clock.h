/* clock.h: the tree's one millisecond clock, wall and monotonic. */
#ifndef BOOTDECK_CLOCK_H
#define BOOTDECK_CLOCK_H

#include <stdint.h>

/* Unix time in milliseconds: for what is stored (records, journal) and
   compared with what is stored (ages on the console). */
int64_t clock_wall_ms(void);
/* Milliseconds on a clock that only goes forward, for intervals and
   deadlines. Coarse (a few ms): cheap enough for every request. */
int64_t clock_mono_ms(void);

#endif
