/* XFRM states and policies over netlink: add, update, delete, get, dump. */
#ifndef GETVPND_XFRM_XFRM_H
#define GETVPND_XFRM_XFRM_H

#include "xfrm/nl.h"
#include "xfrm/types.h"

/* Opens an XFRM netlink socket for requests (no multicast groups). */
int gv_xfrm_open(struct gv_nl *nl);

/* Each returns 0 or -errno with nl->err describing the failure. */
int gv_xfrm_state_add(struct gv_nl *nl, const struct gv_xfrm_state *st);
int gv_xfrm_state_update(struct gv_nl *nl, const struct gv_xfrm_state *st);
int gv_xfrm_state_delete(struct gv_nl *nl, uint32_t dst, uint32_t spi, const struct gv_xfrm_mark *mark);
int gv_xfrm_state_get(struct gv_nl *nl, uint32_t dst, uint32_t spi, const struct gv_xfrm_mark *mark,
		      struct gv_xfrm_state *out);

int gv_xfrm_policy_add(struct gv_nl *nl, const struct gv_xfrm_policy *pol);
int gv_xfrm_policy_update(struct gv_nl *nl, const struct gv_xfrm_policy *pol);
int gv_xfrm_policy_delete(struct gv_nl *nl, const struct gv_xfrm_sel *sel, enum gv_xfrm_dir dir,
			  const struct gv_xfrm_mark *mark);

/* Dumps call fn for every IPv4 object; fn returns 0 to go on, <0 to stop. */
typedef int (*gv_state_fn)(const struct gv_xfrm_state *st, void *arg);
typedef int (*gv_policy_fn)(const struct gv_xfrm_policy *pol, void *arg);
int gv_xfrm_state_dump(struct gv_nl *nl, gv_state_fn fn, void *arg);
int gv_xfrm_policy_dump(struct gv_nl *nl, gv_policy_fn fn, void *arg);

/* Queue the same requests into a batch (see nl.h); adds tolerate EEXIST
 * when asked, deletes tolerate ENOENT/ESRCH. */
int gv_xfrm_batch_state_add(struct gv_nl_batch *b, const struct gv_xfrm_state *st, int tolerate_exist);
int gv_xfrm_batch_state_delete(struct gv_nl_batch *b, uint32_t dst, uint32_t spi,
			       const struct gv_xfrm_mark *mark);
int gv_xfrm_batch_policy_add(struct gv_nl_batch *b, const struct gv_xfrm_policy *pol, int tolerate_exist);
int gv_xfrm_batch_policy_delete(struct gv_nl_batch *b, const struct gv_xfrm_sel *sel,
				enum gv_xfrm_dir dir, const struct gv_xfrm_mark *mark);

/* "src 10.0.0.1 dst 10.0.0.2 spi 0x1000" style descriptions for messages. */
const char *gv_ip_str(uint32_t addr, char buf[16]);

#endif
