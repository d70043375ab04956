/* This host's IPv4 addresses, cached: reading them (a netlink dump) for
 * every new flow cost more than installing its pair. An rtnetlink socket
 * subscribed to address changes marks the copy stale; a refresh costs one
 * non-blocking recv when nothing changed. */
#ifndef GETVPND_XFRM_LOCAL_ADDRS_H
#define GETVPND_XFRM_LOCAL_ADDRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm/nl.h"

struct gv_local_addrs {
	struct gv_nl watch;		/* RTMGRP_IPV4_IFADDR; no socket = always re-read */
	uint32_t *v;			/* sorted, network order */
	size_t n, cap;
	bool valid;
	unsigned long loads;		/* times the addresses were read */
	char err[GV_NL_ERR_MAX + 64];
};

/* Subscribes to address changes (before the first read, so no change is
 * missed). 0 or -1 (err set); without the socket refresh re-reads every time. */
int gv_local_addrs_open(struct gv_local_addrs *c);
/* Re-reads the addresses if they changed since the last read. 0 or -1. */
int gv_local_addrs_refresh(struct gv_local_addrs *c);
/* Whether addr is one of them, as of the last refresh. */
bool gv_local_addrs_has(const struct gv_local_addrs *c, uint32_t addr);
void gv_local_addrs_close(struct gv_local_addrs *c);

#endif
