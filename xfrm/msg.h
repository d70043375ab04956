/* Building and parsing XFRM netlink messages (no socket involved). */
#ifndef GETVPND_XFRM_MSG_H
#define GETVPND_XFRM_MSG_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm/types.h"

#define GV_MSG_MAX 2048	/* room for any single message built here */

/* Netlink structs hold 64-bit fields: buffers for them are 8-byte aligned. */
#define GV_NL_ALIGNED __attribute__((aligned(8)))

/* Each builder writes one request into buf (GV_MSG_MAX bytes) and returns it,
 * or NULL when it does not fit. Flags: NLM_F_REQUEST plus the given ones. */
struct nlmsghdr *gv_msg_state(void *buf, uint16_t type, uint16_t flags,
			      const struct gv_xfrm_state *st);
struct nlmsghdr *gv_msg_state_id(void *buf, uint16_t type, uint32_t dst, uint32_t spi,
				 const struct gv_xfrm_mark *mark);
struct nlmsghdr *gv_msg_policy(void *buf, uint16_t type, uint16_t flags,
			       const struct gv_xfrm_policy *pol);
struct nlmsghdr *gv_msg_policy_id(void *buf, uint16_t type, const struct gv_xfrm_sel *sel,
				  enum gv_xfrm_dir dir, const struct gv_xfrm_mark *mark);
struct nlmsghdr *gv_msg_dump(void *buf, uint16_t type);

/* Selector conversions (struct xfrm_selector <-> struct gv_xfrm_sel). */
struct xfrm_selector;
void gv_sel_encode(struct xfrm_selector *out, const struct gv_xfrm_sel *sel);
void gv_sel_decode(struct gv_xfrm_sel *out, const struct xfrm_selector *sel);

/* Parsers for dump answers and events; 0 on success, -1 if malformed. */
int gv_msg_parse_state(const struct nlmsghdr *nlh, struct gv_xfrm_state *st);
int gv_msg_parse_policy(const struct nlmsghdr *nlh, struct gv_xfrm_policy *pol);

/* A prefix length as a network-order mask (0..32). */
uint32_t gv_plen_mask(unsigned plen);

#endif
