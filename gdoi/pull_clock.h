/* The time base of the key server and group member engines. */
#ifndef GETVPND_GDOI_PULL_CLOCK_H
#define GETVPND_GDOI_PULL_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in whole seconds: the `now` of every ks_* / gm_* call
 * and of the remaining lifetimes shown. */
uint64_t pull_now(void);

/* TEST ONLY: the environment variable GETVPND_TIME_SCALE=N (1..1000, read
 * once) makes pull_now() run N times faster than real time (with
 * millisecond resolution), so that the lifetimes and retransmission
 * periods of IOS-valid configurations (TEK >= 120 s, `rekey retransmit`
 * >= 10 s) pass in seconds in the system tests (tests/rekey/). Phase 1
 * (ISAKMP timers) keeps real time. Never set it in production: every
 * GDOI lifetime would be N times shorter. */
#define PULL_TIME_SCALE_MAX 1000
unsigned pull_time_scale(void);

#endif
