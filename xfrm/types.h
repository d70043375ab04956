/* Plain descriptions of XFRM states and policies (IPv4), independent of netlink. */
#ifndef GETVPND_XFRM_TYPES_H
#define GETVPND_XFRM_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "xfrm/alg.h"

/* Addresses in network byte order, ports and everything else in host order. */
struct gv_xfrm_sel {
	uint32_t src, dst;
	uint8_t src_plen, dst_plen;	/* 0..32 */
	uint8_t proto;			/* 0 = any */
	uint16_t sport, dport;		/* 0 = any; for ICMP: type and code */
	int ifindex;			/* 0 = any; fwd policies: output device */
};

/* A mark match (XFRMA_MARK): value/mask, both 0 = none. */
struct gv_xfrm_mark {
	uint32_t value, mask;
};

enum gv_xfrm_mode { GV_XFRM_TUNNEL, GV_XFRM_TRANSPORT };

struct gv_xfrm_state {
	uint32_t src, dst;		/* outer addresses; src 0 = any (inbound) */
	uint32_t spi;			/* host order */
	uint32_t reqid;
	enum gv_xfrm_mode mode;
	struct gv_xfrm_mark mark;
	uint32_t output_mark;		/* XFRMA_SET_MARK, 0 = none */
	uint32_t replay_window;		/* group SAs: 0 (many senders) */
	uint64_t hard_lifetime_secs;	/* 0 = unlimited */
	struct gv_xfrm_keys keys;
	/* Filled by dumps only. */
	struct gv_xfrm_sel sel;
	uint64_t cur_bytes, cur_packets, lastused;
};

enum gv_xfrm_dir { GV_DIR_IN = 0, GV_DIR_OUT = 1, GV_DIR_FWD = 2 };

struct gv_xfrm_tmpl {
	uint32_t src, dst;		/* tunnel outer addresses, 0 = any */
	uint32_t reqid;
	enum gv_xfrm_mode mode;
};

struct gv_xfrm_policy {
	struct gv_xfrm_sel sel;
	enum gv_xfrm_dir dir;
	uint32_t priority;
	struct gv_xfrm_mark mark;
	int has_tmpl;			/* 0 = bypass (allow without IPsec) */
	struct gv_xfrm_tmpl tmpl;
	uint32_t index;			/* filled by dumps */
};

#endif
