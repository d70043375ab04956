/* What marks an XFRM object or nftables table as getvpnd's own, so that
 * leftovers can be found and removed without touching anyone else's:
 * reqids and policy priorities come from ranges no other IPsec user on
 * the host is expected to use, and the nftables table has its own name. */
#ifndef GETVPND_XFRM_OWNER_H
#define GETVPND_XFRM_OWNER_H

#include <stdbool.h>
#include <stdint.h>

#define GV_REQID_BASE	0x67760000u	/* "gv" + group index */
#define GV_REQID_MASK	0xffff0000u

/* Policy priorities (lower wins). The whole block is getvpnd's. */
#define GV_PRIO_BASE		0x67760000u
#define GV_PRIO_SPAN		0x00010000u
#define GV_PRIO_BYPASS_LAN	(GV_PRIO_BASE + 50)	/* connected LAN prefixes */
#define GV_PRIO_PAIR		(GV_PRIO_BASE + 100)	/* per host pair, out */
#define GV_PRIO_FWD_WAN		(GV_PRIO_BASE + 100)	/* plaintext leaving the WAN */
#define GV_PRIO_ACL_IN		(GV_PRIO_BASE + 1000)	/* + ACL line, in/fwd */
#define GV_PRIO_MCAST_OUT	(GV_PRIO_BASE + 10000)	/* + ACL line, forwarded multicast */
#define GV_PRIO_ACL_OUT		(GV_PRIO_BASE + 20000)	/* + ACL line, out catch-all */
#define GV_ACL_MAX		4096

/* Marks naming a forwarded source host (output mark and srcmap key). */
#define GV_MARK_BASE_DEFAULT	0x6e7f0000u
#define GV_MARK_MASK		0xffff0000u

#define GV_NFT_TABLE		"getvpnd"

static inline bool gv_owns_reqid(uint32_t reqid)
{
	return (reqid & GV_REQID_MASK) == GV_REQID_BASE;
}

static inline bool gv_owns_priority(uint32_t prio)
{
	return prio >= GV_PRIO_BASE && prio < GV_PRIO_BASE + GV_PRIO_SPAN;
}

#endif
