/* Binary min-heap of struct ike_timer, ordered by deadline. */
#include "gdoi/ike_timer.h"

#include <stdlib.h>
#include <time.h>

struct ike_timers {
	struct ike_timer **heap;
	size_t len, cap;
	uint64_t (*now_ms)(void *arg);
	void *clock_arg;
	void (*changed)(void *arg);
	void *changed_arg;
};

uint64_t ike_clock_monotonic_ms(void *unused)
{
	struct timespec ts;

	(void)unused;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct ike_timers *ike_timers_new(uint64_t (*now_ms)(void *arg), void *clock_arg)
{
	struct ike_timers *timers = calloc(1, sizeof(*timers));

	if (!timers)
		return NULL;
	timers->now_ms = now_ms ? now_ms : ike_clock_monotonic_ms;
	timers->clock_arg = clock_arg;
	return timers;
}

void ike_timers_free(struct ike_timers *timers)
{
	if (!timers)
		return;
	for (size_t i = 0; i < timers->len; i++)
		timers->heap[i]->slot = IKE_TIMER_IDLE;
	free(timers->heap);
	free(timers);
}

void ike_timers_on_change(struct ike_timers *timers, void (*changed)(void *arg), void *arg)
{
	timers->changed = changed;
	timers->changed_arg = arg;
}

uint64_t ike_timers_now(const struct ike_timers *timers)
{
	return timers->now_ms(timers->clock_arg);
}

void ike_timer_init(struct ike_timer *t, ike_timer_fn fn, void *arg)
{
	t->deadline_ms = 0;
	t->slot = IKE_TIMER_IDLE;
	t->fn = fn;
	t->arg = arg;
}

bool ike_timer_pending(const struct ike_timer *t)
{
	return t->slot != IKE_TIMER_IDLE;
}

static void place(struct ike_timers *timers, size_t i, struct ike_timer *t)
{
	timers->heap[i] = t;
	t->slot = i;
}

static void sift_up(struct ike_timers *timers, size_t i)
{
	struct ike_timer *t = timers->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (timers->heap[parent]->deadline_ms <= t->deadline_ms)
			break;
		place(timers, i, timers->heap[parent]);
		i = parent;
	}
	place(timers, i, t);
}

static void sift_down(struct ike_timers *timers, size_t i)
{
	struct ike_timer *t = timers->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= timers->len)
			break;
		if (child + 1 < timers->len &&
		    timers->heap[child + 1]->deadline_ms < timers->heap[child]->deadline_ms)
			child++;
		if (timers->heap[child]->deadline_ms >= t->deadline_ms)
			break;
		place(timers, i, timers->heap[child]);
		i = child;
	}
	place(timers, i, t);
}

void ike_timer_stop(struct ike_timers *timers, struct ike_timer *t)
{
	size_t i = t->slot;

	if (i == IKE_TIMER_IDLE)
		return;
	t->slot = IKE_TIMER_IDLE;
	timers->len--;
	if (i == timers->len)
		return;
	struct ike_timer *moved = timers->heap[timers->len];

	place(timers, i, moved);
	sift_up(timers, i);
	sift_down(timers, moved->slot);
}

int ike_timer_start(struct ike_timers *timers, struct ike_timer *t, uint64_t delay_ms)
{
	uint64_t before = ike_timers_next(timers);

	ike_timer_stop(timers, t);
	if (timers->len == timers->cap) {
		size_t cap = timers->cap ? timers->cap * 2 : 64;
		struct ike_timer **heap = realloc(timers->heap, cap * sizeof(*heap));

		if (!heap)
			return -1;
		timers->heap = heap;
		timers->cap = cap;
	}
	t->deadline_ms = ike_timers_now(timers) + delay_ms;
	place(timers, timers->len++, t);
	sift_up(timers, t->slot);
	if (timers->changed && t->deadline_ms < before)
		timers->changed(timers->changed_arg);
	return 0;
}

uint64_t ike_timers_next(const struct ike_timers *timers)
{
	return timers->len ? timers->heap[0]->deadline_ms : UINT64_MAX;
}

size_t ike_timers_count(const struct ike_timers *timers)
{
	return timers->len;
}

unsigned ike_timers_run(struct ike_timers *timers)
{
	uint64_t now = ike_timers_now(timers);
	unsigned fired = 0;

	while (timers->len && timers->heap[0]->deadline_ms <= now) {
		struct ike_timer *t = timers->heap[0];

		ike_timer_stop(timers, t);
		fired++;
		t->fn(t->arg);
	}
	return fired;
}
