/* Kernel XFRM events (ACQUIRE, EXPIRE, POLEXPIRE) for the daemon's event loop:
 * put gv_xfrm_events_fd() on the loop and call gv_xfrm_events_process() when readable. */
#ifndef GETVPND_XFRM_EVENTS_H
#define GETVPND_XFRM_EVENTS_H

#include "xfrm/nl.h"
#include "xfrm/types.h"

struct gv_xfrm_acquire {
	struct gv_xfrm_sel flow;	/* the packet's flow: src/32 dst/32 proto ports */
	struct gv_xfrm_policy policy;	/* the policy whose template could not be resolved */
	uint32_t tmpl_dst;		/* template's outer destination (0 for triggers) */
};

struct gv_xfrm_expire {
	uint32_t src, dst, spi, reqid;
	int hard;
};

struct gv_xfrm_polexpire {
	struct gv_xfrm_policy policy;
	int hard;
};

struct gv_xfrm_event_handlers {
	void (*acquire)(const struct gv_xfrm_acquire *acq, void *arg);
	void (*expire)(const struct gv_xfrm_expire *exp, void *arg);
	void (*polexpire)(const struct gv_xfrm_polexpire *exp, void *arg);
	void *arg;
};

struct gv_xfrm_events {
	struct gv_nl nl;
	struct gv_xfrm_event_handlers h;
	unsigned long overruns;		/* times the kernel dropped events (ENOBUFS) */
};

/* Subscribes to XFRMNLGRP_ACQUIRE and XFRMNLGRP_EXPIRE (which carries POLEXPIRE too).
 * The socket is non-blocking. 0 or -errno (message in ev->nl.err). */
int gv_xfrm_events_open(struct gv_xfrm_events *ev, const struct gv_xfrm_event_handlers *h);
int gv_xfrm_events_fd(const struct gv_xfrm_events *ev);
/* Handles the pending events, up to 1024 per call (call again while the
 * socket is readable). Returns the number handled, -ENOBUFS when the
 * kernel dropped events (resync from a dump: some ACQUIREs were lost), or -errno. */
int gv_xfrm_events_process(struct gv_xfrm_events *ev);
void gv_xfrm_events_close(struct gv_xfrm_events *ev);

/* Parses one event message and calls the matching handler (exposed for tests).
 * Returns 1 if handled, 0 if not an event of interest, -1 if malformed. */
int gv_xfrm_event_dispatch(const struct nlmsghdr *nlh, const struct gv_xfrm_event_handlers *h);

#endif
