/* Seconds on CLOCK_MONOTONIC: for the dataplane's own timing (idle host
 * pairs), which a jump of the wall clock (settimeofday, date -s) must not
 * move. Wall time is for display and for the kernel's add_time only. */
#ifndef GETVPND_XFRM_MONO_CLOCK_H
#define GETVPND_XFRM_MONO_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t gv_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

#endif
