/* Per host pair outbound policy and states, created on XFRM ACQUIRE. */
#include "xfrm/group_int.h"
#include "xfrm/mono_clock.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log/log.h"

static bool is_local_address(uint32_t addr)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i && !found; i = i->ifa_next)
		found = i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
			((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr == addr;
	freeifaddrs(ifa);
	return found;
}

/* Forwarded sources get a mark; the outer source is the anchor, restored to
 * the host's address after encryption by the table's postrouting rule. */
static struct gm_source *source_get(struct gv_gm *gm, uint32_t addr)
{
	struct gm_source *s;

	for (size_t i = 0; i < gm->n_sources; i++)
		if (gm->sources[i].addr == addr)
			return &gm->sources[i];
	if (gm->next_mark >= 0xffff)
		return NULL;
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
	gm->pairs[gm->n_pairs++] = *p;
	return 0;
}

/* Whether a forwarded source already owns the unmarked state (anchor, dst):
 * a second one must be told apart by mark (the prerouting rule sets it). */
static bool anchor_pair_exists(const struct gv_gm *gm, uint32_t dst)
{
	for (size_t i = 0; i < gm->n_pairs; i++)
		if (gm->pairs[i].dst == dst && gm->pairs[i].outer_src == gm->anchor && !gm->pairs[i].match_mark)
			return true;
	return false;
}

static bool same_sel(const struct gv_xfrm_sel *a, const struct gv_xfrm_sel *b)
{
	return a->src == b->src && a->dst == b->dst && a->proto == b->proto &&
	       a->sport == b->sport && a->dport == b->dport;
}

/* Policy and the active TEK's state. Duplicates (a repeated ACQUIRE) are fine. */
static int pair_install(struct gv_gm *gm, const struct gv_gm_pair *p)
{
	const struct gv_gm_tek *tek = gm_active_tek(gm);
	struct gv_nl_batch *b;
	struct gv_xfrm_policy pol;
	struct gv_xfrm_state st;

	if (!tek) {
		gm_error(gm, "no active TEK");
		return -1;
	}
	b = gv_nl_batch_new(&gm->nl, "per-pair install");
	if (!b)
		return -1;
	pair_policy(gm, p, &pol);
	gv_xfrm_batch_policy_add(b, &pol, 1);
	gm_pair_state(gm, p, tek, &st);
	gv_xfrm_batch_state_add(b, &st, 1);
	OPENSSL_cleanse(&st, sizeof(st));
	if (gv_nl_batch_finish(b) > 0) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	return 0;
}

int gv_gm_install_pair(struct gv_gm *gm, const struct gv_xfrm_sel *flow, size_t acl_line)
{
	struct gv_gm_pair p = { 0 };
	struct gm_source *src = NULL;

	if (!gm->started || acl_line >= gm->cfg.acl_len || !gm->acl[acl_line].permit) {
		gm_error(gm, "ACQUIRE for ACL line %zu that does not permit", acl_line);
		return -1;
	}
	p.src = flow->src;
	p.dst = flow->dst;
	p.sel = gm->acl[acl_line].sel;	/* protocol and ports of the ACL line */
	p.sel.src = flow->src;
	p.sel.dst = flow->dst;
	p.sel.src_plen = p.sel.dst_plen = 32;
	p.sel.ifindex = 0;
	for (size_t i = 0; i < gm->n_pairs; i++)
		if (same_sel(&gm->pairs[i].sel, &p.sel))
			return pair_install(gm, &gm->pairs[i]);
	if (is_local_address(p.src)) {
		p.outer_src = p.src;
	} else {
		src = source_get(gm, p.src);
		if (!src)
			return -1;
		p.outer_src = gm->anchor;
		p.mark = src->mark;
		p.match_mark = anchor_pair_exists(gm, p.dst);
	}
	if (pair_install(gm, &p) < 0 || pair_push(gm, &p) < 0) {
		if (src && src->pairs == 0) {
			src->pairs = 1;
			source_put(gm, p.src);
		}
		return -1;
	}
	if (src)
		src->pairs++;
	gm->pairs[gm->n_pairs - 1].active_at = gv_mono_s();
	return 0;
}

void gm_on_acquire(const struct gv_xfrm_acquire *acq, void *arg)
{
	struct gv_gm *gm = arg;
	uint32_t prio = acq->policy.priority;
	char s[16], d[16];

	if (acq->policy.dir != GV_DIR_OUT || prio < GV_PRIO_ACL_OUT ||
	    prio >= GV_PRIO_ACL_OUT + gm->cfg.acl_len)
		return;	/* another IPsec user's ACQUIRE */
	if (gv_gm_install_pair(gm, &acq->flow, prio - GV_PRIO_ACL_OUT) < 0)
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
	log_event("CRYPTO", LOG_SEV_WARNING, "DATAPLANE",
		  "XFRM events were lost; resyncing waiting flows from the state table");
	if (gv_xfrm_state_dump(&gm->nl, collect_larval, r) < 0) {
		gm_error(gm, "%s", gm->nl.err);
		free(r);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		int line = gm_acl_line_for(gm, &r->flows[i]);

		if (line >= 0 && gv_gm_install_pair(gm, &r->flows[i], (size_t)line) == 0)
			installed++;
	}
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

void gm_pairs_withdraw(struct gv_gm *gm, struct gv_nl_batch *b)
{
	for (size_t i = 0; i < gm->n_pairs; i++)
		queue_pair_delete(gm, b, &gm->pairs[i]);
	for (size_t i = 0; i < gm->n_sources; i++)
		gv_nft_src_del(gm->nft, gm->sources[i].mark, gm->sources[i].addr);
	gm->n_pairs = 0;
	gm->n_sources = 0;
}

struct usage {
	struct gv_gm *gm;
	uint64_t *packets;	/* per pair, over all its outbound states */
};

static int note_use(const struct gv_xfrm_state *st, void *arg)
{
	struct usage *u = arg;

	if (st->reqid != u->gm->reqid || st->src == 0 || st->spi == 0)
		return 0;
	for (size_t i = 0; i < u->gm->n_pairs; i++) {
		const struct gv_gm_pair *p = &u->gm->pairs[i];

		if (p->dst == st->dst && p->outer_src == st->src &&
		    (p->match_mark ? p->mark : 0) == st->mark.value)
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
		struct gv_gm_pair *p = &gm->pairs[i];

		if (u.packets[i] != p->packets) {
			p->packets = u.packets[i];
			p->active_at = now;
			continue;
		}
		if (now - p->active_at < (int64_t)idle_secs)
			continue;
		queue_pair_delete(gm, b, p);
		if (p->mark)
			source_put(gm, p->src);
		*p = gm->pairs[--gm->n_pairs];
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
