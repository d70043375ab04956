/* The time base of the key server and group member engines. */
#ifndef GETVPND_GDOI_PULL_CLOCK_H
#define GETVPND_GDOI_PULL_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in whole seconds: the `now` of every ks_* / gm_* call
 * and of the remaining lifetimes shown. */
uint64_t pull_now(void);

#endif
