/* The fan-out figures of a unicast round, logged once each (the
 * benchmark reads them): the first transmission is out, every member
 * acknowledged; both from the start of the round (CLOCK_MONOTONIC). */
#include "config.h"

#include "daemon/ks_rekey_int.h"
#include "log/log.h"

#include <time.h>

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void ksr_fanout_start(struct ksr_group *e)
{
	e->fanout_start_us = mono_us();
	e->fanout_sent_us = e->fanout_acked_us = 0;
}

void ksr_note_sent(struct ksr_group *e)
{
	if (e->fanout_sent_us || e->sending)
		return;
	e->fanout_sent_us = mono_us();
	log_event("GDOI", LOG_SEV_INFO, "KS_REKEY_SENT",
		  "Group %s: rekey seq # %u sent to %zu members in %.3f ms", e->name, e->round.seq,
		  e->round.n, (double)(e->fanout_sent_us - e->fanout_start_us) / 1000.0);
}

void ksr_note_acked(struct ksr_group *e)
{
	if (e->fanout_acked_us || e->round.npending)
		return;
	e->fanout_acked_us = mono_us();
	log_event("GDOI", LOG_SEV_INFO, "KS_REKEY_ACKED",
		  "Group %s: all %zu members acknowledged rekey seq # %u, %.3f ms after it started",
		  e->name, e->round.n, e->round.seq,
		  (double)(e->fanout_acked_us - e->fanout_start_us) / 1000.0);
}
