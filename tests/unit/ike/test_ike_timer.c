/* The shared timer heap: order, re-arming, stopping from callbacks. */
#include "gdoi/ike_timer.h"
#include "tests/tap.h"

#include <stdlib.h>

static uint64_t now;
static int fired[64], order[64], n_order;

static uint64_t clock_fn(void *arg)
{
	(void)arg;
	return now;
}

static void note(void *arg)
{
	int i = (int)(long)arg;

	fired[i]++;
	order[n_order++] = i;
}

static struct ike_timers *heap;
static struct ike_timer tm[64];

static void stop_next(void *arg)
{
	note(arg);
	ike_timer_stop(heap, &tm[(int)(long)arg + 1]);
}

static int changes;

static void changed(void *arg)
{
	(void)arg;
	changes++;
}

int main(void)
{
	heap = ike_timers_new(clock_fn, NULL);
	ike_timers_on_change(heap, changed, NULL);
	ok(ike_timers_next(heap) == UINT64_MAX, "empty heap has no deadline");
	/* 50 timers in scrambled order fire sorted */
	for (int i = 0; i < 50; i++) {
		ike_timer_init(&tm[i], note, (void *)(long)i);
		ike_timer_start(heap, &tm[i], (uint64_t)((i * 37) % 50) * 10 + 10);
	}
	is_int(ike_timers_count(heap), 50, "50 pending");
	ike_timer_stop(heap, &tm[7]);
	ok(!ike_timer_pending(&tm[7]), "stopped timer not pending");
	now = 250;
	ike_timers_run(heap);
	{
		int sorted = 1;

		for (int i = 1; i < n_order; i++)
			if (tm[order[i]].deadline_ms < tm[order[i - 1]].deadline_ms)
				sorted = 0;
		ok(sorted && n_order == 24, "timers up to now fired (24 of 25, one stopped), in deadline order");
	}
	now = 10000;
	ike_timers_run(heap);
	is_int(n_order, 49, "all but the stopped one fired");
	is_int(fired[7], 0, "stopped timer never fires");
	/* restart moves a timer; a callback may stop another */
	n_order = 0;
	ike_timer_init(&tm[60], stop_next, (void *)(long)60);
	ike_timer_init(&tm[61], note, (void *)(long)61);
	ike_timer_start(heap, &tm[61], 100);
	ike_timer_start(heap, &tm[60], 100);
	ike_timer_start(heap, &tm[60], 50);
	now += 100;
	ike_timers_run(heap);
	ok(n_order == 1 && order[0] == 60 && !ike_timer_pending(&tm[61]),
	   "a callback stopped a timer due at the same time");
	ok(changes > 0, "earlier deadlines are signalled");
	ike_timers_free(heap);
	return done_testing();
}
