/* The one interface between the group member's control plane and the
 * dataplane (XFRM/nftables, in xfrm/): the daemon fills this structure
 * and hands it to gm_set_dataplane(). A group SA is one TEK SPI with its
 * keys; its traffic selectors are those of every TEK in the policy with
 * that SPI (one per permit entry of the key server's ACL, as sent). The
 * callbacks are called once per SPI, with the TEK that first carries it,
 * and the whole policy for context (group, selectors, other TEKs, KEK).
 * Install before remove on a policy change: new SPIs are installed, then
 * SPIs no longer in the policy are removed. When no dataplane is set, the
 * member keeps registering and `show crypto gdoi gm` says "dataplane not
 * installed".
 *
 * Calls are made from the event loop, never re-entered. The policy and TEK
 * are only valid during the call (copy what must be kept; keys included,
 * and wipe them when done). Return 0 on success, a negative errno value on
 * failure (the member stays registered; the error is shown). */
#ifndef GETVPND_GDOI_GM_DATAPLANE_H
#define GETVPND_GDOI_GM_DATAPLANE_H

#include "gdoi/group_policy.h"

struct gm_dataplane_ops {
	/* A TEK SPI received from the key server: install (or replace, same
	 * SPI) its SA and the policies of its selectors (and their mirrors
	 * for symmetric TEKs: gp_selector_mirror()). */
	int (*install_group_sa)(void *ctx, const struct group_policy *gp, const struct gp_tek *tek);
	/* A TEK no longer in the group's policy (or the member leaves the
	 * group): remove its SA and policies. */
	int (*remove_group_sa)(void *ctx, const struct group_policy *gp, const struct gp_tek *tek);
	void *ctx;
};

#endif
