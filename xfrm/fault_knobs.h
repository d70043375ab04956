/* Test-only fault knobs of the dataplane, read from the environment once.
 * They exist so that the fault tests (tests/faults/) can provoke what a
 * loaded machine does rarely; unset, they change nothing.
 *   GETVPND_TEST_NL_RCVBUF=BYTES  the XFRM event socket's receive buffer
 *                                 (tiny values make the kernel drop events:
 *                                 ENOBUFS, then a resync from a dump). */
#ifndef GETVPND_XFRM_FAULT_KNOBS_H
#define GETVPND_XFRM_FAULT_KNOBS_H

#include "xfrm/group_sa.h"

/* Applies GETVPND_TEST_NL_RCVBUF to an event socket, if set. 0 or -errno. */
int gv_fault_event_rcvbuf(int fd);

/* Times the kernel dropped this member's XFRM events (each followed by a
 * resync of the host pairs from a state dump). */
unsigned long gv_gm_event_overruns(const struct gv_gm *gm);

#endif
