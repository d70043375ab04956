/* Finds getvpnd's own states and policies by their ownership marks and deletes them. */
#include "xfrm/cleanup.h"
#include "xfrm/nft_rules.h"
#include "xfrm/owner.h"
#include "xfrm/xfrm.h"

#include <stdlib.h>
#include <string.h>

struct collected {
	struct gv_nl_batch *batch;
	int count;
};

static int collect_state(const struct gv_xfrm_state *st, void *arg)
{
	struct collected *c = arg;

	if (!gv_owns_reqid(st->reqid))
		return 0;
	gv_xfrm_batch_state_delete(c->batch, st->dst, st->spi, &st->mark);
	c->count++;
	return 0;
}

static int collect_policy(const struct gv_xfrm_policy *pol, void *arg)
{
	struct collected *c = arg;

	if (!gv_owns_priority(pol->priority))
		return 0;
	gv_xfrm_batch_policy_delete(c->batch, &pol->sel, pol->dir, &pol->mark);
	c->count++;
	return 0;
}

/* Deletes are queued while the dump runs on the same socket, so they are
 * collected into a batch on a second socket and sent after the dump. */
static int sweep(struct gv_nl *nl, int states)
{
	struct gv_nl del;
	struct collected c = { 0 };
	int ret, failed;

	if (gv_nl_open(&del, NETLINK_XFRM, 0) < 0) {
		memcpy(nl->err, del.err, sizeof(nl->err));
		return -1;
	}
	c.batch = gv_nl_batch_new(&del, states ? "leftover state delete" : "leftover policy delete");
	if (!c.batch) {
		gv_nl_close(&del);
		return -1;
	}
	/* The batch only sends when full; a full batch during the dump is fine
	 * because it goes out on the other socket. */
	ret = states ? gv_xfrm_state_dump(nl, collect_state, &c)
		     : gv_xfrm_policy_dump(nl, collect_policy, &c);
	failed = gv_nl_batch_finish(c.batch);
	if (failed)
		memcpy(nl->err, del.err, sizeof(nl->err));
	gv_nl_close(&del);
	return ret < 0 || failed ? -1 : c.count;
}

int gv_xfrm_remove_leftovers(struct gv_nl *nl)
{
	struct gv_nft *nft;
	int policies, states;

	policies = sweep(nl, 0);
	states = sweep(nl, 1);
	nft = gv_nft_new();
	if (nft) {
		gv_nft_table_remove(nft);
		gv_nft_free(nft);
	}
	if (policies < 0 || states < 0)
		return -1;
	return policies + states;
}
