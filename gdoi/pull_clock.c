#include "gdoi/pull_clock.h"

#include <stdlib.h>
#include <time.h>

unsigned pull_time_scale(void)
{
	static unsigned scale;

	if (!scale) {
		const char *e = getenv("GETVPND_TIME_SCALE");
		unsigned long v = e ? strtoul(e, NULL, 10) : 1;

		scale = v >= 1 && v <= PULL_TIME_SCALE_MAX ? (unsigned)v : 1;
	}
	return scale;
}

uint64_t pull_now(void)
{
	struct timespec ts;
	unsigned scale = pull_time_scale();

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (scale == 1)
		return (uint64_t)ts.tv_sec;
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000) * scale / 1000;
}
