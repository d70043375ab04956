/* Multicast sent by hosts behind the member and forwarded by it.
 *
 * The kernel's multicast forwarding routes each copy, and looks up the XFRM
 * policy, for the flow "this host > group, protocol 4 (IPIP)", without the
 * packet's source, protocol or ports, so the ACL's catch-alls never see it.
 * For each permit line whose destinations reach into 224.0.0.0/4 there is
 * an extra catch-all for that flow (any source, the line's multicast
 * destinations, protocol 4); its ACQUIRE gets a pair anchor > group with no
 * output mark, shared by every source. The packet's own flow is checked
 * against the ACL by the table's forward rules (nft_rules.c), which carry
 * the source address in the packet mark to postrouting, where it becomes
 * the outer source of the ESP packet again.
 */
#include "xfrm/group_int.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "log/log.h"

#define MCAST_NET	0xe0000000u	/* 224.0.0.0/4, host order */
#define MCAST_PLEN	4

static uint32_t prefix_mask(unsigned plen)
{
	return plen == 0 ? 0 : plen >= 32 ? 0xffffffffu : ~((1u << (32 - plen)) - 1);
}

static bool is_multicast(uint32_t addr)
{
	return (ntohl(addr) & prefix_mask(MCAST_PLEN)) == MCAST_NET;
}

/* The part of a line's destinations within 224.0.0.0/4 (network order), if any. */
static bool multicast_part(const struct gv_xfrm_sel *sel, uint32_t *net, uint8_t *plen)
{
	if (sel->dst_plen <= MCAST_PLEN) {
		if ((MCAST_NET & prefix_mask(sel->dst_plen)) != (ntohl(sel->dst) & prefix_mask(sel->dst_plen)))
			return false;
		*net = htonl(MCAST_NET);
		*plen = MCAST_PLEN;
		return true;
	}
	if (!is_multicast(sel->dst))
		return false;
	*net = htonl(ntohl(sel->dst) & prefix_mask(sel->dst_plen));
	*plen = sel->dst_plen;
	return true;
}

static void mcast_policy(const struct gv_gm *gm, size_t line, uint32_t net, uint8_t plen,
			 struct gv_xfrm_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->sel.dst = net;
	p->sel.dst_plen = plen;
	p->sel.proto = IPPROTO_IPIP;
	/* Multicast forwarding looks up with the outgoing interface set: copies
	 * for other interfaces (a second LAN) stay out of the group. */
	p->sel.ifindex = gm->ifindex;
	p->dir = GV_DIR_OUT;
	p->priority = GV_PRIO_MCAST_OUT + (uint32_t)line;
	p->has_tmpl = 1;
	p->tmpl.reqid = gm->reqid;
	p->tmpl.mode = GV_XFRM_TRANSPORT;	/* never resolves: one ACQUIRE per group */
}

/* Whether an earlier permit line already has the catch-all for these groups. */
static bool covered_before(const struct gv_gm *gm, size_t line, uint32_t net, uint8_t plen)
{
	uint32_t n;
	uint8_t l;

	for (size_t i = 0; i < line; i++)
		if (gm->acl[i].permit && multicast_part(&gm->acl[i].sel, &n, &l) && n == net && l == plen)
			return true;
	return false;
}

void gm_mcast_queue_policies(struct gv_gm *gm, struct gv_nl_batch *b)
{
	struct gv_xfrm_policy p;
	uint32_t net;
	uint8_t plen;

	for (size_t i = 0; i < gm->cfg.acl_len; i++) {
		if (!gm->acl[i].permit || !multicast_part(&gm->acl[i].sel, &net, &plen) ||
		    covered_before(gm, i, net, plen))
			continue;
		mcast_policy(gm, i, net, plen, &p);
		gv_xfrm_batch_policy_add(b, &p, 1);
		gm_policy_push(&gm->base, &p);
	}
}

/* The forward rules, in ACL order, and the groups the catch-alls encrypt. */
int gm_mcast_install_rules(struct gv_gm *gm)
{
	uint32_t net;
	uint8_t plen;

	for (size_t i = 0; i < gm->cfg.acl_len; i++) {
		const struct gv_gm_acl_entry *e = &gm->acl[i];

		if (!multicast_part(&e->sel, &net, &plen))
			continue;
		if (gv_nft_mcast_line(gm->nft, &e->sel, e->permit) < 0 ||
		    (e->permit && gv_nft_mcast_groups_add(gm->nft, net, plen) < 0)) {
			gm_error(gm, "%s", gv_nft_error(gm->nft));
			return -1;
		}
	}
	return 0;
}

/* The selector of a forwarded packet's own flow under an ACL line: the
 * kernel asks for it when it releases packets held while the group's pair
 * was being made (it decodes the flow from the packet then). */
static void held_flow_sel(const struct gv_gm *gm, size_t line, const struct gv_xfrm_sel *flow,
			  struct gv_xfrm_sel *sel)
{
	*sel = gm->acl[line].sel;
	sel->src = flow->src;
	sel->dst = flow->dst;
	sel->src_plen = sel->dst_plen = 32;
	sel->ifindex = gm->ifindex;	/* decoded from the held packet's route */
}

bool gm_mcast_on_acquire(struct gv_gm *gm, const struct gv_xfrm_acquire *acq)
{
	uint32_t prio = acq->policy.priority;
	struct gv_xfrm_sel sel;
	char s[16], d[16];

	if (acq->policy.dir != GV_DIR_OUT || !is_multicast(acq->flow.dst))
		return false;
	if (prio >= GV_PRIO_MCAST_OUT && prio < GV_PRIO_MCAST_OUT + gm->cfg.acl_len) {
		memset(&sel, 0, sizeof(sel));
		sel.src = acq->flow.src;
		sel.dst = acq->flow.dst;
		sel.src_plen = sel.dst_plen = 32;
		sel.proto = IPPROTO_IPIP;
		sel.ifindex = gm->ifindex;
	} else if (prio >= GV_PRIO_ACL_OUT && prio < GV_PRIO_ACL_OUT + gm->cfg.acl_len &&
		   !gm_is_local_address(gm, acq->flow.src)) {
		held_flow_sel(gm, prio - GV_PRIO_ACL_OUT, &acq->flow, &sel);
	} else {
		return false;
	}
	/* Both use the state anchor > group: the outer source is restored at
	 * postrouting from the mark the forward rule set. */
	if (gm_pair_add(gm, &sel, gm->anchor) < 0)
		log_event("CRYPTO", LOG_SEV_ERR, "DATAPLANE", "multicast pair %s > %s not installed: %s",
			  gv_ip_str(sel.src, s), gv_ip_str(sel.dst, d), gm->err);
	return true;
}

int gm_mcast_resync(struct gv_gm *gm, const struct gv_xfrm_sel *flow)
{
	struct gv_xfrm_sel sel = *flow;

	/* The IPIP flow of multicast forwarding, or a forwarded packet's own
	 * flow held for it; the larval state's selector is the exact flow. */
	if (!is_multicast(flow->dst) || (flow->proto != IPPROTO_IPIP && gm_is_local_address(gm, flow->src)))
		return 0;
	sel.src_plen = sel.dst_plen = 32;
	sel.ifindex = gm->ifindex;
	return gm_pair_add(gm, &sel, gm->anchor) < 0 ? -1 : 1;
}
