/* The pair index against a plain scan of the same array, through many
 * adds and swap-removals (the way group_pairs.c keeps its pairs). */
#include "tests/tap.h"
#include "xfrm/pair_index.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 5000

static struct gv_gm_pair pairs[MAXP];
static size_t n;
static struct gv_pair_index x;

static struct gv_gm_pair make(unsigned src, unsigned dst, unsigned port)
{
	struct gv_gm_pair p;

	memset(&p, 0, sizeof(p));
	p.src = p.sel.src = htonl(0x0a000000 + src);
	p.dst = p.sel.dst = htonl(0x0b000000 + dst);
	p.sel.proto = 17;
	p.sel.dport = (uint16_t)port;
	return p;
}

static size_t scan(const struct gv_xfrm_sel *s)
{
	for (size_t i = 0; i < n; i++)
		if (pairs[i].sel.src == s->src && pairs[i].sel.dst == s->dst &&
		    pairs[i].sel.proto == s->proto && pairs[i].sel.dport == s->dport &&
		    pairs[i].sel.sport == s->sport)
			return i;
	return GV_PAIR_NONE;
}

static int add(struct gv_gm_pair p)
{
	pairs[n] = p;
	if (gv_pair_index_add(&x, pairs, n) < 0)
		return -1;
	n++;
	return 0;
}

static void del(size_t i)
{
	gv_pair_index_remove(&x, pairs, n, i);
	pairs[i] = pairs[--n];
}

/* Every pair found at its own slot, and the per-destination walks complete. */
static int consistent(void)
{
	for (size_t i = 0; i < n; i++) {
		size_t seen = 0, want = 0;

		if (gv_pair_index_find(&x, pairs, &pairs[i].sel) != i)
			return 0;
		for (size_t j = 0; j < n; j++)
			want += pairs[j].dst == pairs[i].dst;
		for (size_t j = gv_pair_index_dst_first(&x, pairs, pairs[i].dst); j != GV_PAIR_NONE;
		     j = gv_pair_index_dst_next(&x, pairs, j)) {
			if (pairs[j].dst != pairs[i].dst)
				return 0;
			seen++;
		}
		if (seen != want)
			return 0;
	}
	return 1;
}

int main(void)
{
	struct gv_gm_pair absent = make(1, 1, 9999);
	int add_ok = 1, find_ok = 1;

	is_int((int)gv_pair_index_find(&x, pairs, &absent.sel) == (int)GV_PAIR_NONE, 1,
	       "empty index finds nothing");
	ok(gv_pair_index_dst_first(&x, pairs, absent.dst) == GV_PAIR_NONE, "empty index: no destination");
	/* Many sources to few destinations, so destination chains are long. */
	for (unsigned i = 0; i < 3000; i++)
		add_ok &= add(make(i % 700, i % 13, i / 700)) == 0;
	ok(add_ok, "3000 pairs added (through several rehashes)");
	ok(x.nbuckets >= n, "buckets grew with the pairs");
	ok(consistent(), "each pair found at its slot, destination walks match a scan");
	ok(gv_pair_index_find(&x, pairs, &absent.sel) == GV_PAIR_NONE, "absent selector not found");
	absent = pairs[5];
	absent.sel.sport = 1;
	ok(gv_pair_index_find(&x, pairs, &absent.sel) == GV_PAIR_NONE, "ports are part of the key");

	srand(42);
	for (unsigned round = 0; round < 4000; round++) {
		if (n > 0 && (rand() % 3 == 0 || n == MAXP))
			del((size_t)rand() % n);
		else {
			struct gv_gm_pair p = make((unsigned)rand() % 5000, (unsigned)rand() % 50, 7);

			if (scan(&p.sel) == GV_PAIR_NONE)	/* the table holds each selector once */
				add_ok &= add(p) == 0;
		}
		if (round % 97 == 0) {
			struct gv_gm_pair probe = make((unsigned)rand() % 5000, (unsigned)rand() % 50, 7);

			find_ok &= gv_pair_index_find(&x, pairs, &probe.sel) == scan(&probe.sel);
		}
	}
	ok(find_ok && add_ok, "random lookups agree with a scan through adds and removals");
	ok(consistent(), "still consistent after 4000 random adds and removals");
	while (n > 0)
		del(n - 1);
	is_int((int)x.count, 0, "all removed");
	ok(gv_pair_index_find(&x, pairs, &pairs[0].sel) == GV_PAIR_NONE, "nothing found when empty");
	ok(add(make(1, 2, 3)) == 0 && gv_pair_index_find(&x, pairs, &pairs[0].sel) == 0, "reused after emptying");
	gv_pair_index_clear(&x);
	ok(x.nbuckets == 0 && x.count == 0, "clear frees everything");
	n = 0;
	ok(add(make(4, 5, 6)) == 0 && gv_pair_index_find(&x, pairs, &pairs[0].sel) == 0, "usable after clear");
	gv_pair_index_clear(&x);
	return done_testing();
}
