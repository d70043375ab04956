/* Exchanges and SAs by cookies (chained hash on the initiator cookie,
 * keyed so a peer cannot aim its cookies at one bucket), established SAs
 * by peer address, and the count of half-open responder exchanges per
 * source address. */
#include "gdoi/ike_mm_int.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BUCKETS 64
#define SRC_BUCKETS 256

static const uint8_t zero_cookie[IKE_COOKIE_LEN];

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static size_t bucket_of(const struct ike_ctx *ctx, const uint8_t *icookie, size_t n)
{
	uint64_t v;

	memcpy(&v, icookie, sizeof(v));
	return (size_t)(mix(v ^ ctx->hash_key) & (n - 1));
}

static size_t src_bucket_of(const struct ike_ctx *ctx, struct in_addr a)
{
	return (size_t)(mix((uint64_t)a.s_addr ^ ctx->hash_key) & (ctx->n_src_buckets - 1));
}

int mm_table_init(struct ike_ctx *ctx)
{
	ctx->buckets = calloc(MIN_BUCKETS, sizeof(*ctx->buckets));
	ctx->src_buckets = calloc(SRC_BUCKETS, sizeof(*ctx->src_buckets));
	ctx->peer_buckets = calloc(MIN_BUCKETS, sizeof(*ctx->peer_buckets));
	if (!ctx->buckets || !ctx->src_buckets || !ctx->peer_buckets)
		return -1;
	ctx->n_buckets = MIN_BUCKETS;
	ctx->n_src_buckets = SRC_BUCKETS;
	ctx->n_peer_buckets = MIN_BUCKETS;
	return 0;
}

void mm_table_free(struct ike_ctx *ctx)
{
	for (size_t i = 0; ctx->src_buckets && i < ctx->n_src_buckets; i++) {
		while (ctx->src_buckets[i]) {
			struct mm_source *s = ctx->src_buckets[i];

			ctx->src_buckets[i] = s->next;
			free(s);
		}
	}
	free(ctx->buckets);
	free(ctx->src_buckets);
	free(ctx->peer_buckets);
	ctx->buckets = NULL;
	ctx->src_buckets = NULL;
	ctx->peer_buckets = NULL;
}

static void grow(struct ike_ctx *ctx)
{
	size_t n = ctx->n_buckets * 2;
	struct ike_exchange **nb = calloc(n, sizeof(*nb));

	if (!nb)
		return; /* keep the old table: longer chains, still correct */
	for (size_t i = 0; i < ctx->n_buckets; i++) {
		while (ctx->buckets[i]) {
			struct ike_exchange *x = ctx->buckets[i];
			size_t b = bucket_of(ctx, x->sa.icookie, n);

			ctx->buckets[i] = x->hash_next;
			x->hash_next = nb[b];
			nb[b] = x;
		}
	}
	free(ctx->buckets);
	ctx->buckets = nb;
	ctx->n_buckets = n;
}

int mm_table_insert(struct ike_ctx *ctx, struct ike_exchange *x)
{
	size_t b;

	if (ctx->n_exchanges >= ctx->n_buckets)
		grow(ctx);
	b = bucket_of(ctx, x->sa.icookie, ctx->n_buckets);
	x->hash_next = ctx->buckets[b];
	ctx->buckets[b] = x;
	ctx->n_exchanges++;
	return 0;
}

void mm_table_remove(struct ike_ctx *ctx, struct ike_exchange *x)
{
	struct ike_exchange **pp = &ctx->buckets[bucket_of(ctx, x->sa.icookie, ctx->n_buckets)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == x) {
			*pp = x->hash_next;
			x->hash_next = NULL;
			ctx->n_exchanges--;
			return;
		}
	}
}

struct ike_exchange *mm_table_find(const struct ike_ctx *ctx, const uint8_t *icookie,
				   const uint8_t *rcookie)
{
	struct ike_exchange *x = ctx->buckets[bucket_of(ctx, icookie, ctx->n_buckets)];

	for (; x; x = x->hash_next) {
		if (memcmp(x->sa.icookie, icookie, IKE_COOKIE_LEN) != 0)
			continue;
		if (memcmp(x->sa.rcookie, rcookie, IKE_COOKIE_LEN) == 0)
			return x;
		/* our message 1 is answered with the responder's new cookie */
		if (x->state == MM_I_WAIT2 && memcmp(x->sa.rcookie, zero_cookie, IKE_COOKIE_LEN) == 0)
			return x;
	}
	return NULL;
}

static struct mm_source *source_get(struct ike_ctx *ctx, struct in_addr a, bool create)
{
	size_t b = src_bucket_of(ctx, a);
	struct mm_source *s;

	for (s = ctx->src_buckets[b]; s; s = s->next)
		if (s->addr.s_addr == a.s_addr)
			return s;
	if (!create)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->addr = a;
	s->next = ctx->src_buckets[b];
	ctx->src_buckets[b] = s;
	return s;
}

bool mm_half_open_take(struct ike_ctx *ctx, struct ike_exchange *x)
{
	struct mm_source *s;

	if (ctx->half_open >= ctx->limits.max_half_open)
		return false;
	s = source_get(ctx, x->sa.peer.sin_addr, true);
	if (!s || s->half_open >= ctx->limits.max_half_open_per_peer)
		return false;
	s->half_open++;
	ctx->half_open++;
	x->source = s;
	return true;
}

void mm_half_open_release(struct ike_ctx *ctx, struct ike_exchange *x)
{
	struct mm_source *s = x->source, **pp;

	if (!s)
		return;
	x->source = NULL;
	ctx->half_open--;
	if (--s->half_open)
		return;
	for (pp = &ctx->src_buckets[src_bucket_of(ctx, s->addr)]; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			free(s);
			return;
		}
	}
}

static size_t peer_bucket_of(const struct ike_ctx *ctx, struct in_addr a, size_t n)
{
	return (size_t)(mix((uint64_t)a.s_addr ^ ~ctx->hash_key) & (n - 1));
}

static void peer_index_grow(struct ike_ctx *ctx)
{
	size_t n = ctx->n_peer_buckets * 2;
	struct ike_exchange **nb = calloc(n, sizeof(*nb));

	if (!nb)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < ctx->n_peer_buckets; i++) {
		while (ctx->peer_buckets[i]) {
			struct ike_exchange *x = ctx->peer_buckets[i];
			size_t b = peer_bucket_of(ctx, x->sa.peer.sin_addr, n);

			ctx->peer_buckets[i] = x->peer_next;
			x->peer_next = nb[b];
			nb[b] = x;
		}
	}
	free(ctx->peer_buckets);
	ctx->peer_buckets = nb;
	ctx->n_peer_buckets = n;
}

void mm_peer_index_add(struct ike_ctx *ctx, struct ike_exchange *x)
{
	size_t b;

	if (x->in_peer_index)
		return;
	if (ctx->n_established >= ctx->n_peer_buckets)
		peer_index_grow(ctx);
	b = peer_bucket_of(ctx, x->sa.peer.sin_addr, ctx->n_peer_buckets);
	x->peer_next = ctx->peer_buckets[b];
	ctx->peer_buckets[b] = x;
	x->in_peer_index = true;
	ctx->n_established++;
}

void mm_peer_index_remove(struct ike_ctx *ctx, struct ike_exchange *x)
{
	struct ike_exchange **pp;

	if (!x->in_peer_index)
		return;
	pp = &ctx->peer_buckets[peer_bucket_of(ctx, x->sa.peer.sin_addr, ctx->n_peer_buckets)];
	for (; *pp; pp = &(*pp)->peer_next) {
		if (*pp == x) {
			*pp = x->peer_next;
			x->peer_next = NULL;
			x->in_peer_index = false;
			ctx->n_established--;
			return;
		}
	}
}

void mm_peer_index_foreach(struct ike_ctx *ctx, struct in_addr addr,
			   const struct ike_exchange *except, void (*fn)(struct ike_exchange *))
{
	struct ike_exchange *y = ctx->peer_buckets[peer_bucket_of(ctx, addr, ctx->n_peer_buckets)];

	while (y) {
		struct ike_exchange *next = y->peer_next;

		if (y != except && y->sa.peer.sin_addr.s_addr == addr.s_addr)
			fn(y);
		y = next;
	}
}
