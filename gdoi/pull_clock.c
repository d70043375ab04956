#include "gdoi/pull_clock.h"

#include <time.h>

uint64_t pull_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}
