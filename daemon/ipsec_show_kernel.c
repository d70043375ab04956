/* The kernel side of the IPsec show commands: the dataplane probe
 * (remembered) and a dump of getvpnd's own XFRM objects, recognised by
 * their reqid and policy priority ranges (xfrm/owner.h). */
#include "config.h"

#include "daemon/ipsec_show.h"
#include "xfrm/nft_rules.h"
#include "xfrm/owner.h"
#include "xfrm/probe.h"
#include "xfrm/xfrm.h"

#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT_MAX 65536	/* objects kept from one dump */

bool ipsec_dataplane_available(const char **reason)
{
	static bool probed, ok;
	static char why[256];

	if (!probed) {
		ok = gv_dataplane_probe(why, sizeof(why)) == 0;
		probed = true;
	}
	if (reason)
		*reason = why[0] ? why : "the dataplane probe failed";
	return ok;
}

/* Grows *v (elements of size sz) to hold one more; false when full. */
static bool room_for_one(void **v, size_t n, size_t *cap, size_t sz)
{
	void *p;
	size_t want;

	if (n < *cap)
		return true;
	if (n >= SNAPSHOT_MAX)
		return false;
	want = *cap ? *cap * 2 : 32;
	if (!(p = realloc(*v, want * sz)))
		return false;
	*v = p;
	*cap = want;
	return true;
}

static int keep_state(const struct gv_xfrm_state *st, void *arg)
{
	struct ipsec_snapshot *s = arg;

	if (!gv_owns_reqid(st->reqid) || st->spi == 0)
		return 0;
	if (!room_for_one((void **)&s->st, s->n_st, &s->cap_st, sizeof(*s->st)))
		return -1;
	s->st[s->n_st] = *st;
	/* Dumps name the algorithms only; no key bytes are ever kept here. */
	memset(&s->st[s->n_st].keys.enc_key, 0, sizeof(st->keys.enc_key));
	memset(&s->st[s->n_st].keys.auth_key, 0, sizeof(st->keys.auth_key));
	s->n_st++;
	return 0;
}

static int keep_pair_policy(const struct gv_xfrm_policy *pol, void *arg)
{
	struct ipsec_snapshot *s = arg;

	if (pol->dir != GV_DIR_OUT || pol->priority != GV_PRIO_PAIR || !pol->has_tmpl ||
	    !gv_owns_reqid(pol->tmpl.reqid))
		return 0;
	if (!room_for_one((void **)&s->pairs, s->n_pairs, &s->cap_pairs, sizeof(*s->pairs)))
		return -1;
	s->pairs[s->n_pairs++] = *pol;
	return 0;
}

static int keep_counter(const char *name, uint64_t packets, void *arg)
{
	struct ipsec_snapshot *s = arg;

	if (strlen(name) >= sizeof(s->ctr->name))
		return 0;	/* not one of ours */
	if (!room_for_one((void **)&s->ctr, s->n_ctr, &s->cap_ctr, sizeof(*s->ctr)))
		return -1;
	snprintf(s->ctr[s->n_ctr].name, sizeof(s->ctr->name), "%s", name);
	s->ctr[s->n_ctr++].packets = packets;
	return 0;
}

/* No table (no group running) is no error: the show falls back to the
 * per SA figures. */
static void take_counters(struct ipsec_snapshot *snap)
{
	struct gv_nft *nft = gv_nft_new();

	if (nft)
		snap->has_counters = gv_nft_counters_read(nft, keep_counter, snap) == 0;
	if (!snap->has_counters)
		snap->n_ctr = 0;
	gv_nft_free(nft);
}

bool ipsec_snapshot_counter(const struct ipsec_snapshot *snap, const char *name,
			    uint64_t *packets)
{
	for (size_t i = 0; snap->has_counters && i < snap->n_ctr; i++)
		if (strcmp(snap->ctr[i].name, name) == 0) {
			*packets = snap->ctr[i].packets;
			return true;
		}
	return false;
}

int ipsec_snapshot_take(struct ipsec_snapshot *snap, char *err, size_t errlen)
{
	struct gv_nl nl;
	int rc;

	memset(snap, 0, sizeof(*snap));
	if (gv_xfrm_open(&nl) < 0) {
		snprintf(err, errlen, "%s", nl.err);
		return -1;
	}
	rc = gv_xfrm_state_dump(&nl, keep_state, snap);
	if (rc == 0)
		rc = gv_xfrm_policy_dump(&nl, keep_pair_policy, snap);
	if (rc < 0) {
		snprintf(err, errlen, "%s", nl.err[0] ? nl.err : "XFRM dump failed (out of memory?)");
		ipsec_snapshot_free(snap);
	}
	gv_nl_close(&nl);
	if (rc == 0)
		take_counters(snap);
	return rc < 0 ? -1 : 0;
}

void ipsec_snapshot_free(struct ipsec_snapshot *snap)
{
	free(snap->st);
	free(snap->pairs);
	free(snap->ctr);
	memset(snap, 0, sizeof(*snap));
}
