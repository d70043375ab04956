/* Two chained hash tables over one dense pair array: by selector, by destination. */
#include "xfrm/pair_index.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define INITIAL_BUCKETS 64

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static size_t sel_bucket(const struct gv_pair_index *x, const struct gv_xfrm_sel *s)
{
	uint64_t a = (uint64_t)s->src << 32 | s->dst;
	uint64_t b = (uint64_t)s->proto << 32 | (uint64_t)s->sport << 16 | s->dport;

	return (size_t)(mix(mix(a ^ x->seed) ^ b) & (x->nbuckets - 1));
}

static size_t dst_bucket(const struct gv_pair_index *x, uint32_t dst)
{
	return (size_t)(mix(dst ^ (x->seed >> 7)) & (x->nbuckets - 1));
}

static bool same_flow(const struct gv_xfrm_sel *a, const struct gv_xfrm_sel *b)
{
	return a->src == b->src && a->dst == b->dst && a->proto == b->proto &&
	       a->sport == b->sport && a->dport == b->dport;
}

/* Files slot i under pair p's keys (p need not sit at i yet). */
static void link_slot(struct gv_pair_index *x, const struct gv_gm_pair *p, size_t i)
{
	size_t s = sel_bucket(x, &p->sel), d = dst_bucket(x, p->dst);

	x->sel_next[i] = x->sel_head[s];
	x->sel_head[s] = (uint32_t)i + 1;
	x->dst_next[i] = x->dst_head[d];
	x->dst_head[d] = (uint32_t)i + 1;
}

static void unlink_chain(uint32_t *head, uint32_t *next, size_t i)
{
	for (uint32_t *at = head; *at; at = &next[*at - 1]) {
		if (*at - 1 == i) {
			*at = next[i];
			return;
		}
	}
}

static void unlink_slot(struct gv_pair_index *x, const struct gv_gm_pair *p, size_t i)
{
	unlink_chain(&x->sel_head[sel_bucket(x, &p->sel)], x->sel_next, i);
	unlink_chain(&x->dst_head[dst_bucket(x, p->dst)], x->dst_next, i);
}

static int grow_slots(struct gv_pair_index *x, size_t want)
{
	size_t cap = x->cap ? x->cap : INITIAL_BUCKETS;
	uint32_t *sn, *dn;

	while (cap < want)
		cap *= 2;
	sn = realloc(x->sel_next, cap * sizeof(*sn));
	if (!sn)
		return -1;
	x->sel_next = sn;
	dn = realloc(x->dst_next, cap * sizeof(*dn));
	if (!dn)
		return -1;
	x->dst_next = dn;
	x->cap = cap;
	return 0;
}

static int rehash(struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t nbuckets)
{
	uint32_t *sh = calloc(nbuckets, sizeof(*sh)), *dh = calloc(nbuckets, sizeof(*dh));

	if (!sh || !dh) {
		free(sh);
		free(dh);
		return -1;
	}
	free(x->sel_head);
	free(x->dst_head);
	x->sel_head = sh;
	x->dst_head = dh;
	x->nbuckets = nbuckets;
	for (size_t i = 0; i < x->count; i++)
		link_slot(x, &pairs[i], i);
	return 0;
}

static uint64_t random_seed(void)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)&seed;
	return seed;
}

int gv_pair_index_add(struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t i)
{
	if (i != x->count || i >= UINT32_MAX - 1)
		return -1;
	if (!x->nbuckets)
		x->seed = random_seed();
	if (i + 1 > x->cap && grow_slots(x, i + 1) < 0)
		return -1;
	if (i + 1 > x->nbuckets &&
	    rehash(x, pairs, x->nbuckets ? x->nbuckets * 2 : INITIAL_BUCKETS) < 0)
		return -1;
	link_slot(x, &pairs[i], i);
	x->count++;
	return 0;
}

void gv_pair_index_remove(struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t n, size_t i)
{
	if (i >= n || n != x->count)
		return;
	unlink_slot(x, &pairs[i], i);
	if (i != n - 1) {
		unlink_slot(x, &pairs[n - 1], n - 1);
		link_slot(x, &pairs[n - 1], i);
	}
	x->count--;
}

size_t gv_pair_index_find(const struct gv_pair_index *x, const struct gv_gm_pair *pairs,
			  const struct gv_xfrm_sel *sel)
{
	if (!x->nbuckets)
		return GV_PAIR_NONE;
	for (uint32_t at = x->sel_head[sel_bucket(x, sel)]; at; at = x->sel_next[at - 1])
		if (same_flow(&pairs[at - 1].sel, sel))
			return at - 1;
	return GV_PAIR_NONE;
}

/* Chains hold other destinations too (shared buckets): skip those. */
static size_t dst_from(const struct gv_pair_index *x, const struct gv_gm_pair *pairs, uint32_t at,
		       uint32_t dst)
{
	for (; at; at = x->dst_next[at - 1])
		if (pairs[at - 1].dst == dst)
			return at - 1;
	return GV_PAIR_NONE;
}

size_t gv_pair_index_dst_first(const struct gv_pair_index *x, const struct gv_gm_pair *pairs, uint32_t dst)
{
	if (!x->nbuckets)
		return GV_PAIR_NONE;
	return dst_from(x, pairs, x->dst_head[dst_bucket(x, dst)], dst);
}

size_t gv_pair_index_dst_next(const struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t i)
{
	return dst_from(x, pairs, x->dst_next[i], pairs[i].dst);
}

void gv_pair_index_clear(struct gv_pair_index *x)
{
	free(x->sel_head);
	free(x->dst_head);
	free(x->sel_next);
	free(x->dst_next);
	memset(x, 0, sizeof(*x));
}
