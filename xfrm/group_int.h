/* Internals shared by the group member dataplane files. */
#ifndef GETVPND_XFRM_GROUP_INT_H
#define GETVPND_XFRM_GROUP_INT_H

#include <stdbool.h>

#include "xfrm/events.h"
#include "xfrm/group_sa.h"
#include "xfrm/local_addrs.h"
#include "xfrm/nft_rules.h"
#include "xfrm/pair_index.h"
#include "xfrm/xfrm.h"

#define GM_MAX_TEKS 4

struct gm_source {		/* a forwarded source host and its mark */
	uint32_t addr, mark;
	unsigned pairs;
};

struct gm_queued_pair {		/* a pair install sent in the open batch */
	struct gv_xfrm_sel sel;
	bool is_new;			/* added to the table by this install */
	bool failed;
};

/* Pair installs queued by ACQUIREs, sent together (gv_gm_commit_pairs). */
struct gm_pair_queue {
	struct gv_nl_batch *batch;
	struct gm_queued_pair *v;
	size_t n, cap;
};

struct gm_policies {
	struct gv_xfrm_policy *v;
	size_t n, cap;
};

struct gv_gm {
	struct gv_gm_config cfg;
	struct gv_gm_acl_entry *acl;
	uint32_t reqid, mark_base, anchor;
	int ifindex;
	bool started;
	int larval_old;			/* -1: not changed */
	struct gv_nl nl;
	struct gv_xfrm_events ev;
	bool ev_open;
	struct gv_nl rtnl;		/* address change notifications */
	struct gv_nft *nft;
	struct gv_gm_tek teks[GM_MAX_TEKS];	/* oldest first */
	size_t n_teks;
	uint32_t active_spi;		/* 0: none yet */
	struct gv_gm_pair *pairs;
	size_t n_pairs, cap_pairs;
	struct gv_pair_index pair_index;	/* over pairs[] */
	struct gm_pair_queue queue;
	struct gv_local_addrs local;		/* opened with the first pair */
	bool local_open;
	struct gm_source *sources;
	size_t n_sources, cap_sources;
	uint32_t next_mark;
	struct gm_policies base;	/* ACL in/fwd/out, fwd bypass */
	struct gm_policies bypass_lan;
	char err[512];
};

void gm_error(struct gv_gm *gm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gm_policy_push(struct gm_policies *list, const struct gv_xfrm_policy *pol);
/* The per-pair outbound state for one TEK. */
const struct gv_gm_tek *gm_active_tek(const struct gv_gm *gm);
void gm_pair_state(const struct gv_gm *gm, const struct gv_gm_pair *p, const struct gv_gm_tek *tek,
		   struct gv_xfrm_state *st);
/* Queues the deletion of every state of one TEK (inbound and per pair). */
void gm_queue_tek_states(struct gv_gm *gm, struct gv_nl_batch *b, const struct gv_gm_tek *tek);
void gm_on_acquire(const struct gv_xfrm_acquire *acq, void *arg);
int gm_resync_acquires(struct gv_gm *gm);
/* First ACL line whose out selector covers the flow (IOS first match), -1 if none permits. */
int gm_acl_line_for(const struct gv_gm *gm, const struct gv_xfrm_sel *flow);
void gm_pairs_withdraw(struct gv_gm *gm, struct gv_nl_batch *b);
/* Forgets the pairs and frees their index, queue and address cache. */
void gm_pairs_reset(struct gv_gm *gm);
int gm_rtnl_open(struct gv_gm *gm);
bool gm_is_local_address(struct gv_gm *gm, uint32_t addr);
int gm_pair_add(struct gv_gm *gm, const struct gv_xfrm_sel *sel, uint32_t outer_src);
/* Forwarded multicast (group_mcast.c): the extra out policies and the
 * nftables rules for the group's ACL, and the ACQUIREs they raise (true
 * when the ACQUIRE was multicast forwarding's). */
void gm_mcast_queue_policies(struct gv_gm *gm, struct gv_nl_batch *b);
int gm_mcast_install_rules(struct gv_gm *gm);
bool gm_mcast_on_acquire(struct gv_gm *gm, const struct gv_xfrm_acquire *acq);
/* A waiting flow found on resync: 1 if multicast forwarding's (pair
 * installed), 0 if not, -1 if its pair could not be installed. */
int gm_mcast_resync(struct gv_gm *gm, const struct gv_xfrm_sel *flow);
int gm_bypass_withdraw(struct gv_gm *gm, struct gv_nl_batch *b);

#endif
