/* One binary heap of deadlines shared by every exchange and SA, so that
 * thousands of exchanges cost one event-loop timer, not one each.
 * Sans-IO: the clock is a callback, so tests run on simulated time and the
 * transport arms a single libevent timer at ike_timers_next(). */
#ifndef GETVPND_GDOI_IKE_TIMER_H
#define GETVPND_GDOI_IKE_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ike_timers;

typedef void (*ike_timer_fn)(void *arg);

/* Embedded in its owner; zero-initialise, then ike_timer_init(). */
struct ike_timer {
	uint64_t deadline_ms;
	size_t slot;		/* index in the heap, or IKE_TIMER_IDLE */
	ike_timer_fn fn;
	void *arg;
};
#define IKE_TIMER_IDLE ((size_t)-1)

/* now_ms: monotonic milliseconds. changed(arg) is called whenever the
 * earliest deadline moves earlier (the event loop must re-arm). */
struct ike_timers *ike_timers_new(uint64_t (*now_ms)(void *arg), void *clock_arg);
void ike_timers_free(struct ike_timers *timers);
void ike_timers_on_change(struct ike_timers *timers, void (*changed)(void *arg), void *arg);

uint64_t ike_timers_now(const struct ike_timers *timers);

void ike_timer_init(struct ike_timer *t, ike_timer_fn fn, void *arg);
/* (Re)schedule t to fire delay_ms from now. Returns -1 on allocation failure. */
int ike_timer_start(struct ike_timers *timers, struct ike_timer *t, uint64_t delay_ms);
void ike_timer_stop(struct ike_timers *timers, struct ike_timer *t);
bool ike_timer_pending(const struct ike_timer *t);

/* Earliest deadline, or UINT64_MAX when nothing is scheduled. */
uint64_t ike_timers_next(const struct ike_timers *timers);
/* Fire every timer whose deadline is <= now; returns how many fired.
 * A callback may start or stop any timer, including its own. */
unsigned ike_timers_run(struct ike_timers *timers);
size_t ike_timers_count(const struct ike_timers *timers);

/* CLOCK_MONOTONIC in milliseconds, for the real event loop. */
uint64_t ike_clock_monotonic_ms(void *unused);

#endif
