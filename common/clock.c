/* clock.c: milliseconds from clock_gettime, for the whole tree. */
#include "config.h"

#include <time.h>

#include "common/clock.h"

static int64_t
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

/* COARSE reads the vDSO's last tick without a syscall; intervals here are
   tens of milliseconds and up, so its few-ms resolution costs nothing. */
int64_t
clock_mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC_COARSE);
}
