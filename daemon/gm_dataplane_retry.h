/* Retrying a group member's failed group SA installation. When the kernel
 * refuses an XFRM install (ENOMEM, ENOBUFS under memory pressure...), the
 * member stays registered and the install is tried again with exponential
 * backoff (1 s, 2 s, 4 s ... at most GM_DP_RETRY_MAX_S apart) until it
 * succeeds; every failure, retry and recovery is logged and counted, and
 * `show crypto gdoi gm dataplane faults` shows the counters (with the XFRM
 * event overruns, each followed by a resync of the host pairs).
 *
 * Test-only knob: GETVPND_TEST_XFRM_FAIL=N makes the first N group SA
 * installs fail with ENOMEM before reaching the kernel. */
#ifndef GETVPND_DAEMON_GM_DATAPLANE_RETRY_H
#define GETVPND_DAEMON_GM_DATAPLANE_RETRY_H

#include "cli/command.h"

#include <event2/event.h>
#include <stdbool.h>
#include <stdio.h>

#define GM_DP_RETRY_FIRST_S 1
#define GM_DP_RETRY_MAX_S 30

struct gm_dp_retry;
struct gdoi_service;

/* again(arg) re-runs the installation of every registered group. */
struct gm_dp_retry *gm_dp_retry_new(struct event_base *base, void (*again)(void *), void *arg);
void gm_dp_retry_free(struct gm_dp_retry *r);

/* -ENOMEM while the test knob still asks for failures, else 0. */
int gm_dp_retry_inject(struct gm_dp_retry *r);
/* An install of group's SPI failed with -err: count, log, schedule a retry. */
void gm_dp_retry_failed(struct gm_dp_retry *r, const char *group, unsigned spi, int err);

struct gm_dp_retry_stats {
	unsigned long failures, retries, recoveries;
	unsigned attempt;		/* consecutive failed rounds, 0 when healthy */
	bool pending;			/* a retry is scheduled */
	unsigned next_s;		/* its delay */
	int last_error;			/* -errno of the last failure, 0 if none */
};
void gm_dp_retry_stats(const struct gm_dp_retry *r, struct gm_dp_retry_stats *out);

struct gv_gm;
/* The group's first TEK is in place: flows the kernel still holds on
 * larval states of an earlier instance (stopped, killed) get their host
 * pairs now instead of after net.core.xfrm_acq_expires (xfrm/resync.h). */
void gm_dp_resync_waiting(struct gv_gm *gm, const char *group);

/* `show crypto gdoi gm dataplane faults [json]` (daemon/gm_dataplane_faults.c). */
int gm_dp_faults_register(struct cli_tree *tree, struct gdoi_service *s);

#endif
