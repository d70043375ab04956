/* Per host pair outbound policy and states, created on XFRM ACQUIRE. */
#include "xfrm/group_int.h"
#include "xfrm/mono_clock.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log/log.h"

/* Forwarded sources get a mark; the outer source is the anchor, restored to
 * the host's address after encryption by the table's postrouting rule. */
static struct gm_source *source_get(struct gv_gm *gm, uint32_t addr)
{
	struct gm_source *s;

	for (size_t i = 0; i < gm->n_sources; i++)
		if (gm->sources[i].addr == addr)
			return &gm->sources[i];
	if (gm->next_mark >= 0xffff) {
		gm_error(gm, "no mark left for another forwarded source");
		return NULL;
	}
	if (gm->n_sources == gm->cap_sources) {
		size_t cap = gm->cap_sources ? gm->cap_sources * 2 : 16;
		void *v = realloc(gm->sources, cap * sizeof(*gm->sources));

		if (!v)
			return NULL;
		gm->sources = v;
		gm->cap_sources = cap;
	}
	s = &gm->sources[gm->n_sources];
	s->addr = addr;
	s->mark = gm->mark_base | ++gm->next_mark;
	s->pairs = 0;
	if (gv_nft_src_add(gm->nft, s->mark, addr) < 0) {
		gm_error(gm, "%s", gv_nft_error(gm->nft));
		return NULL;
	}
	gm->n_sources++;
	return s;
}

static void source_put(struct gv_gm *gm, uint32_t addr)
{
	for (size_t i = 0; i < gm->n_sources; i++) {
		struct gm_source *s = &gm->sources[i];

		if (s->addr != addr || --s->pairs > 0)
			continue;
		gv_nft_src_del(gm->nft, s->mark, s->addr);
		gm->sources[i] = gm->sources[--gm->n_sources];
		return;
	}
}

static void pair_policy(const struct gv_gm *gm, const struct gv_gm_pair *p, struct gv_xfrm_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->sel = p->sel;
	pol->dir = GV_DIR_OUT;
	pol->priority = GV_PRIO_PAIR;
	if (p->match_mark) {
		pol->mark.value = p->mark;
		pol->mark.mask = 0xffffffffu;
	}
	pol->has_tmpl = 1;
	pol->tmpl.src = p->outer_src;
	pol->tmpl.dst = p->dst;
	pol->tmpl.reqid = gm->reqid;
	pol->tmpl.mode = GV_XFRM_TUNNEL;
}

static int pair_push(struct gv_gm *gm, const struct gv_gm_pair *p)
{
	if (gm->n_pairs == gm->cap_pairs) {
		size_t cap = gm->cap_pairs ? gm->cap_pairs * 2 : 32;
		void *v = realloc(gm->pairs, cap * sizeof(*gm->pairs));

		if (!v)
			return -1;
		gm->pairs = v;
		gm->cap_pairs = cap;
	}
	gm->pairs[gm->n_pairs] = *p;
	if (gv_pair_index_add(&gm->pair_index, gm->pairs, gm->n_pairs) < 0)
		return -1;
	gm->n_pairs++;
	return 0;
}

/* Drops pairs[i] from the table (the last pair takes its slot). */
static void pair_remove(struct gv_gm *gm, size_t i)
{
	if (gm->pairs[i].mark)
		source_put(gm, gm->pairs[i].src);
	gv_pair_index_remove(&gm->pair_index, gm->pairs, gm->n_pairs, i);
	gm->pairs[i] = gm->pairs[--gm->n_pairs];
}

/* Whether a forwarded source already owns the unmarked state (anchor, dst):
 * a second one must be told apart by mark (the prerouting rule sets it). */
static bool anchor_pair_exists(const struct gv_gm *gm, uint32_t dst)
{
	const struct gv_pair_index *x = &gm->pair_index;

	for (size_t i = gv_pair_index_dst_first(x, gm->pairs, dst); i != GV_PAIR_NONE;
	     i = gv_pair_index_dst_next(x, gm->pairs, i))
		if (gm->pairs[i].outer_src == gm->anchor && !gm->pairs[i].match_mark)
			return true;
	return false;
}

/* A failed request of a queued install (tag: queue index * 2, + 1 for the state). */
static void on_install_failure(void *arg, uint32_t tag, int err, const char *ext)
{
	struct gv_gm *gm = arg;
	struct gm_queued_pair *q;
	char s[16], d[16];

	if (tag / 2 >= gm->queue.n)
		return;
	q = &gm->queue.v[tag / 2];
	if (!q->failed)
		gm_error(gm, "pair %s > %s: %s add failed: %s%s%s%s", gv_ip_str(q->sel.src, s),
			 gv_ip_str(q->sel.dst, d), tag % 2 ? "state" : "policy", strerror(err),
			 *ext ? " (" : "", ext, *ext ? ")" : "");
	q->failed = true;
	log_event("CRYPTO", LOG_SEV_ERR, "DATAPLANE", "pair %s > %s not installed: %s add failed: %s%s%s%s",
		  gv_ip_str(q->sel.src, s), gv_ip_str(q->sel.dst, d), tag % 2 ? "state" : "policy",
		  strerror(err), *ext ? " (" : "", ext, *ext ? ")" : "");
}

static struct gm_queued_pair *queue_slot(struct gv_gm *gm)
{
	struct gm_pair_queue *q = &gm->queue;

	if (!q->batch) {
		q->batch = gv_nl_batch_new(&gm->nl, "per-pair install");
		if (!q->batch)
			return NULL;
		gv_nl_batch_on_failure(q->batch, on_install_failure, gm);
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		void *v = realloc(q->v, cap * sizeof(*q->v));

		if (!v)
			return NULL;
		q->v = v;
		q->cap = cap;
	}
	return &q->v[q->n];
}

/* Policy and the active TEK's state, into the open batch. Duplicates (a
 * repeated ACQUIRE) are fine: EEXIST is tolerated. */
static int pair_queue(struct gv_gm *gm, const struct gv_gm_pair *p, bool is_new)
{
	const struct gv_gm_tek *tek = gm_active_tek(gm);
	struct gm_queued_pair *q;
	struct gv_xfrm_policy pol;
	struct gv_xfrm_state st;

	if (!tek) {
		gm_error(gm, "no active TEK");
		return -1;
	}
	q = queue_slot(gm);
	if (!q) {
		gm_error(gm, "out of memory queueing a pair install");
		return -1;
	}
	q->sel = p->sel;
	q->is_new = is_new;
	q->failed = false;
	/* Counted before the adds: a full batch is sent (and its failures
	 * reported by queue index) from inside them. */
	gm->queue.n++;
	pair_policy(gm, p, &pol);
	gv_nl_batch_tag(gm->queue.batch, (uint32_t)(gm->queue.n - 1) * 2);
	gv_xfrm_batch_policy_add(gm->queue.batch, &pol, 1);
	gm_pair_state(gm, p, tek, &st);
	gv_nl_batch_tag(gm->queue.batch, (uint32_t)(gm->queue.n - 1) * 2 + 1);
	gv_xfrm_batch_state_add(gm->queue.batch, &st, 1);
	OPENSSL_cleanse(&st, sizeof(st));
	return 0;
}

/* The cached local addresses, re-read when rtnetlink reported a change.
 * Checked once per batch of installs (nothing queued yet), not per pair:
 * a change during one drain of ACQUIREs is seen by the next, as it would
 * be anyway had its notice come a moment later. */
static int local_addrs_fresh(struct gv_gm *gm)
{
	if (gm->local_open && gm->local.valid && gm->queue.n > 0)
		return 0;
	if (!gm->local_open) {
		if (gv_local_addrs_open(&gm->local) < 0)
			log_event("CRYPTO", LOG_SEV_WARNING, "DATAPLANE",
				  "%s: local addresses re-read for every new pair", gm->local.err);
		gm->local_open = true;
	}
	if (gv_local_addrs_refresh(&gm->local) < 0) {
		gm_error(gm, "%s", gm->local.err);
		return -1;
	}
	return 0;
}

/* A new pair: local sources send from their own address, forwarded ones
 * from the anchor with their source's mark. */
static int pair_new(struct gv_gm *gm, struct gv_gm_pair *p)
{
	struct gm_source *src;

	if (local_addrs_fresh(gm) < 0)
		return -1;
	if (gv_local_addrs_has(&gm->local, p->src)) {
		p->outer_src = p->src;
	} else {
		src = source_get(gm, p->src);
		if (!src)
			return -1;
		p->outer_src = gm->anchor;
		p->mark = src->mark;
		p->match_mark = anchor_pair_exists(gm, p->dst);
		src->pairs++;
	}
	p->active_at = gv_mono_s();
	if (pair_push(gm, p) < 0) {
		gm_error(gm, "out of memory adding a pair");
		if (p->mark)
			source_put(gm, p->src);
		return -1;
	}
	return 0;
}

bool gm_is_local_address(struct gv_gm *gm, uint32_t addr)
{
	return local_addrs_fresh(gm) == 0 && gv_local_addrs_has(&gm->local, addr);
}

/* A pair with a given selector and no mark (multicast forwarding, see
 * group_mcast.c): the state (outer_src > dst) may be shared by several. */
int gm_pair_add(struct gv_gm *gm, const struct gv_xfrm_sel *sel, uint32_t outer_src)
{
	struct gv_gm_pair p = { .src = sel->src, .dst = sel->dst, .outer_src = outer_src, .sel = *sel };
	size_t i = gv_pair_index_find(&gm->pair_index, gm->pairs, &p.sel);

	if (i != GV_PAIR_NONE)
		return pair_queue(gm, &gm->pairs[i], false);
	p.active_at = gv_mono_s();
	if (pair_push(gm, &p) < 0) {
		gm_error(gm, "out of memory adding a pair");
		return -1;
	}
	if (pair_queue(gm, &p, true) < 0) {
		pair_remove(gm, gm->n_pairs - 1);
		return -1;
	}
	return 0;
}

int gv_gm_queue_pair(struct gv_gm *gm, const struct gv_xfrm_sel *flow, size_t acl_line)
{
	struct gv_gm_pair p = { 0 };
	size_t i;

	if (!gm->started || acl_line >= gm->cfg.acl_len || !gm->acl[acl_line].permit) {
		gm_error(gm, "ACQUIRE for ACL line %zu that does not permit", acl_line);
		return -1;
	}
	if (!gm_active_tek(gm)) {
		gm_error(gm, "no active TEK");
		return -1;
	}
	p.src = flow->src;
	p.dst = flow->dst;
	p.sel = gm->acl[acl_line].sel;	/* protocol and ports of the ACL line */
	p.sel.src = flow->src;
	p.sel.dst = flow->dst;
	p.sel.src_plen = p.sel.dst_plen = 32;
	p.sel.ifindex = 0;
	i = gv_pair_index_find(&gm->pair_index, gm->pairs, &p.sel);
	if (i != GV_PAIR_NONE)
		return pair_queue(gm, &gm->pairs[i], false);
	if (pair_new(gm, &p) < 0)
		return -1;
	if (pair_queue(gm, &p, true) < 0) {
		pair_remove(gm, gm->n_pairs - 1);
		return -1;
	}
	return 0;
}

static void queue_removed_pair_delete(struct gv_gm *gm, struct gv_nl_batch *b, const struct gv_gm_pair *p);

/* New pairs that failed leave the table, and whichever of their policy
 * and state did get in leaves the kernel. */
static void drop_failed(struct gv_gm *gm)
{
	struct gv_nl_batch *b = gv_nl_batch_new(&gm->nl, "failed pair removal");

	for (size_t k = 0; k < gm->queue.n; k++) {
		const struct gm_queued_pair *q = &gm->queue.v[k];
		struct gv_gm_pair gone;
		size_t i;

		if (!q->failed || !q->is_new)
			continue;
		i = gv_pair_index_find(&gm->pair_index, gm->pairs, &q->sel);
		if (i == GV_PAIR_NONE)
			continue;
		gone = gm->pairs[i];
		pair_remove(gm, i);
		if (b)
			queue_removed_pair_delete(gm, b, &gone);
	}
	if (b)
		gv_nl_batch_finish(b);
}

int gv_gm_commit_pairs(struct gv_gm *gm)
{
	struct gm_pair_queue *q = &gm->queue;
	int failed = 0;

	if (!q->batch)
		return 0;
	gv_nl_batch_finish(q->batch);	/* failures come back through on_install_failure */
	q->batch = NULL;
	for (size_t k = 0; k < q->n; k++)
		failed += q->v[k].failed;
	if (failed)
		drop_failed(gm);
	q->n = 0;
	return failed;
}

int gv_gm_install_pair(struct gv_gm *gm, const struct gv_xfrm_sel *flow, size_t acl_line)
{
	if (gv_gm_queue_pair(gm, flow, acl_line) < 0) {
		gv_gm_commit_pairs(gm);	/* whatever an earlier call queued */
		return -1;
	}
	return gv_gm_commit_pairs(gm) > 0 ? -1 : 0;
}

void gm_on_acquire(const struct gv_xfrm_acquire *acq, void *arg)
{
	struct gv_gm *gm = arg;
	uint32_t prio = acq->policy.priority;
	char s[16], d[16];

	if (gm_mcast_on_acquire(gm, acq))
		return;
	if (acq->policy.dir != GV_DIR_OUT || prio < GV_PRIO_ACL_OUT ||
	    prio >= GV_PRIO_ACL_OUT + gm->cfg.acl_len)
		return;	/* another IPsec user's ACQUIRE */
	/* Sent with the other ACQUIREs of this drain by gv_gm_process_events(). */
	if (gv_gm_queue_pair(gm, &acq->flow, prio - GV_PRIO_ACL_OUT) < 0)
		log_event("CRYPTO", LOG_SEV_ERR, "DATAPLANE", "pair %s > %s not installed: %s",
			  gv_ip_str(acq->flow.src, s), gv_ip_str(acq->flow.dst, d), gm->err);
}

static bool addr_in(uint32_t addr, uint32_t net, unsigned plen)
{
	uint32_t mask = plen == 0 ? 0 : plen >= 32 ? 0xffffffffu : ~((1u << (32 - plen)) - 1);

	return (ntohl(addr) & mask) == (ntohl(net) & mask);
}

/* First ACL line whose out selector covers the flow (IOS first match). */
int gm_acl_line_for(const struct gv_gm *gm, const struct gv_xfrm_sel *flow)
{
	for (size_t i = 0; i < gm->cfg.acl_len; i++) {
		const struct gv_xfrm_sel *s = &gm->acl[i].sel;

		if (addr_in(flow->src, s->src, s->src_plen) && addr_in(flow->dst, s->dst, s->dst_plen) &&
		    (!s->proto || s->proto == flow->proto) && (!s->sport || s->sport == flow->sport) &&
		    (!s->dport || s->dport == flow->dport))
			return gm->acl[i].permit ? (int)i : -1;
	}
	return -1;
}

struct resync {
	struct gv_gm *gm;
	struct gv_xfrm_sel flows[256];
	size_t n;
};

static int collect_larval(const struct gv_xfrm_state *st, void *arg)
{
	struct resync *r = arg;

	/* Larval states (spi 0) with our reqid stand for flows still waiting. */
	if (st->reqid == r->gm->reqid && st->spi == 0 && r->n < 256)
		r->flows[r->n++] = st->sel;
	return 0;
}

int gm_resync_acquires(struct gv_gm *gm)
{
	struct resync *r = calloc(1, sizeof(*r));
	int installed = 0;

	if (!r)
		return -1;
	r->gm = gm;
	gv_gm_commit_pairs(gm);	/* what the drain before the overrun queued */
	log_event("CRYPTO", LOG_SEV_WARNING, "DATAPLANE",
		  "XFRM events were lost; resyncing waiting flows from the state table");
	if (gv_xfrm_state_dump(&gm->nl, collect_larval, r) < 0) {
		gm_error(gm, "%s", gm->nl.err);
		free(r);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		int line, mcast = gm_mcast_resync(gm, &r->flows[i]);

		if (mcast != 0) {
			installed += mcast > 0;
			continue;
		}
		line = gm_acl_line_for(gm, &r->flows[i]);
		if (line >= 0 && gv_gm_queue_pair(gm, &r->flows[i], (size_t)line) == 0)
			installed++;
	}
	installed -= gv_gm_commit_pairs(gm);
	free(r);
	return installed;
}

static void queue_pair_delete(struct gv_gm *gm, struct gv_nl_batch *b, const struct gv_gm_pair *p)
{
	struct gv_xfrm_policy pol;
	struct gv_xfrm_state st;

	pair_policy(gm, p, &pol);
	gv_xfrm_batch_policy_delete(b, &pol.sel, pol.dir, &pol.mark);
	for (size_t t = 0; t < gm->n_teks; t++) {
		gm_pair_state(gm, p, &gm->teks[t], &st);
		gv_xfrm_batch_state_delete(b, st.dst, st.spi, &st.mark);
	}
	OPENSSL_cleanse(&st, sizeof(st));
}

static uint32_t state_mark(const struct gv_gm_pair *p)
{
	return p->match_mark ? p->mark : 0;
}

/* The kernel names a state by destination, SPI and mark, not by source:
 * pairs from several local addresses to one destination share it. */
static bool state_still_used(const struct gv_gm *gm, const struct gv_gm_pair *p)
{
	const struct gv_pair_index *x = &gm->pair_index;

	for (size_t i = gv_pair_index_dst_first(x, gm->pairs, p->dst); i != GV_PAIR_NONE;
	     i = gv_pair_index_dst_next(x, gm->pairs, i))
		if (state_mark(&gm->pairs[i]) == state_mark(p))
			return true;
	return false;
}

/* A pair just removed from the table: its policy, and its states unless
 * a pair still in the table shares them. */
static void queue_removed_pair_delete(struct gv_gm *gm, struct gv_nl_batch *b, const struct gv_gm_pair *p)
{
	struct gv_xfrm_policy pol;

	if (!state_still_used(gm, p)) {
		queue_pair_delete(gm, b, p);
		return;
	}
	pair_policy(gm, p, &pol);
	gv_xfrm_batch_policy_delete(b, &pol.sel, pol.dir, &pol.mark);
}

void gm_pairs_withdraw(struct gv_gm *gm, struct gv_nl_batch *b)
{
	gv_gm_commit_pairs(gm);	/* so that the deletes cover them */
	for (size_t i = 0; i < gm->n_pairs; i++)
		queue_pair_delete(gm, b, &gm->pairs[i]);
	for (size_t i = 0; i < gm->n_sources; i++)
		gv_nft_src_del(gm->nft, gm->sources[i].mark, gm->sources[i].addr);
	gm->n_pairs = 0;
	gm->n_sources = 0;
	gv_pair_index_clear(&gm->pair_index);
}

void gm_pairs_reset(struct gv_gm *gm)
{
	if (gm->queue.batch)
		gv_gm_commit_pairs(gm);
	free(gm->queue.v);
	memset(&gm->queue, 0, sizeof(gm->queue));
	gv_pair_index_clear(&gm->pair_index);
	gm->n_pairs = 0;
	if (gm->local_open)
		gv_local_addrs_close(&gm->local);
	gm->local_open = false;
}

struct usage {
	struct gv_gm *gm;
	uint64_t *packets;	/* per pair, over all its outbound states */
};

static int note_use(const struct gv_xfrm_state *st, void *arg)
{
	struct usage *u = arg;

	const struct gv_gm *gm = u->gm;

	if (st->reqid != gm->reqid || st->src == 0 || st->spi == 0)
		return 0;
	for (size_t i = gv_pair_index_dst_first(&gm->pair_index, gm->pairs, st->dst); i != GV_PAIR_NONE;
	     i = gv_pair_index_dst_next(&gm->pair_index, gm->pairs, i)) {
		const struct gv_gm_pair *p = &gm->pairs[i];

		if (p->outer_src == st->src && (p->match_mark ? p->mark : 0) == st->mark.value)
			u->packets[i] += st->cur_packets;
	}
	return 0;
}

int gv_gm_reap_idle(struct gv_gm *gm, unsigned idle_secs)
{
	struct usage u = { gm, calloc(gm->n_pairs + 1, sizeof(uint64_t)) };
	int64_t now = gv_mono_s();
	struct gv_nl_batch *b;
	int reaped = 0;

	if (!u.packets || gv_xfrm_state_dump(&gm->nl, note_use, &u) < 0 ||
	    !(b = gv_nl_batch_new(&gm->nl, "idle pair delete"))) {
		free(u.packets);
		return -1;
	}
	for (size_t i = gm->n_pairs; i-- > 0;) {
		struct gv_gm_pair *p = &gm->pairs[i], gone;

		if (u.packets[i] != p->packets) {
			p->packets = u.packets[i];
			p->active_at = now;
			continue;
		}
		if (now - p->active_at < (int64_t)idle_secs)
			continue;
		gone = *p;
		pair_remove(gm, i);
		queue_removed_pair_delete(gm, b, &gone);
		u.packets[i] = u.packets[gm->n_pairs];
		reaped++;
	}
	gv_nl_batch_finish(b);
	free(u.packets);
	return reaped;
}

size_t gv_gm_pair_count(const struct gv_gm *gm)
{
	return gm->n_pairs;
}

const struct gv_gm_pair *gv_gm_pair_at(const struct gv_gm *gm, size_t i)
{
	return i < gm->n_pairs ? &gm->pairs[i] : NULL;
}
