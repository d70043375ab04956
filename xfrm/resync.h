/* Flows the kernel holds for a group member without a host pair: each
 * waits on a larval state (SPI 0, the member's reqid) made when its
 * ACQUIRE was sent. If nobody answered that ACQUIRE (the events were
 * lost, or the daemon that would have answered was stopped or killed),
 * the kernel sends no new one until the larval state expires
 * (net.core.xfrm_acq_expires, 30 s): the flow stalls. A resync installs
 * the pairs of those flows from a state dump at once. */
#ifndef GETVPND_XFRM_RESYNC_H
#define GETVPND_XFRM_RESYNC_H

#include "xfrm/group_sa.h"

/* Installs a host pair for every flow waiting on a larval state of this
 * member (an already installed pair is refreshed, which is harmless).
 * Call once the member has an active TEK. Returns the number of pairs
 * installed, or -1 (gv_gm_error() says why). */
int gv_gm_resync_pairs(struct gv_gm *gm);

#endif
