/* Hash index over the group member's pair array (struct gv_gm_pair, kept
 * dense by moving the last pair into a removed one's slot): find a pair by
 * its selector in O(1), and walk the pairs to one destination. Chained,
 * with a random seed so that flows chosen by a LAN host cannot make the
 * chains long. */
#ifndef GETVPND_XFRM_PAIR_INDEX_H
#define GETVPND_XFRM_PAIR_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "xfrm/group_sa.h"

#define GV_PAIR_NONE SIZE_MAX

struct gv_pair_index {
	uint32_t *sel_head, *dst_head;	/* per bucket: first pair + 1, 0 = none */
	uint32_t *sel_next, *dst_next;	/* per pair: next in its chain + 1 */
	size_t nbuckets;		/* power of two, >= count */
	size_t cap;			/* room in the per-pair arrays */
	size_t count;			/* pairs indexed: pairs[0..count-1] */
	uint64_t seed;
};

/* Indexes pairs[i], just appended (i == count). Grows and rehashes
 * pairs[0..i-1] as needed. 0, or -1 when out of memory (not indexed). */
int gv_pair_index_add(struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t i);
/* Before removing pairs[i] of n by pairs[i] = pairs[n - 1]: drops i and
 * files the last pair under slot i. */
void gv_pair_index_remove(struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t n, size_t i);
/* The pair with this selector (src, dst, proto, ports), or GV_PAIR_NONE. */
size_t gv_pair_index_find(const struct gv_pair_index *x, const struct gv_gm_pair *pairs,
			  const struct gv_xfrm_sel *sel);
/* Pairs to dst: i = first(...); i != GV_PAIR_NONE; i = next(..., i). */
size_t gv_pair_index_dst_first(const struct gv_pair_index *x, const struct gv_gm_pair *pairs, uint32_t dst);
size_t gv_pair_index_dst_next(const struct gv_pair_index *x, const struct gv_gm_pair *pairs, size_t i);
/* Forgets every pair and frees the arrays (the index can be used again). */
void gv_pair_index_clear(struct gv_pair_index *x);

#endif
