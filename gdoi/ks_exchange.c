#include "gdoi/ks_exchange.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "gdoi/ks.h"

#define KSX_MIN_BUCKETS 4096
#define KSX_MAX_LOAD 2 /* entries per bucket before the table doubles */

static size_t bucket_of(size_t n_buckets, const uint8_t *icookie, const uint8_t *rcookie)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < IKE_COOKIE_LEN; i++)
		h = (h ^ icookie[i] ^ ((uint64_t)rcookie[i] << 8)) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29)) & (n_buckets - 1);
}

int ksx_init(struct ksx_table *t)
{
	memset(t, 0, sizeof(*t));
	t->n_buckets = KSX_MIN_BUCKETS;
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -1;
}

static void free_live(struct ks_exchange *x)
{
	struct ksx_live *l = x->live;

	if (!l)
		return;
	if (l->last_in)
		OPENSSL_clear_free(l->last_in, l->last_in_len);
	if (l->last_out)
		OPENSSL_clear_free(l->last_out, l->last_out_len);
	OPENSSL_clear_free(l, sizeof(*l));
	x->live = NULL;
}

static void free_exchange(struct ks_exchange *x)
{
	free_live(x);
	free(x);
}

void ksx_free(struct ksx_table *t)
{
	for (size_t i = 0; t->buckets && i < t->n_buckets; i++) {
		struct ks_exchange *x = t->buckets[i];

		while (x) {
			struct ks_exchange *next = x->next;

			free_exchange(x);
			x = next;
		}
	}
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

static bool same_sa(const struct ks_exchange *x, const uint8_t *icookie, const uint8_t *rcookie)
{
	return memcmp(x->icookie, icookie, IKE_COOKIE_LEN) == 0 &&
	       memcmp(x->rcookie, rcookie, IKE_COOKIE_LEN) == 0;
}

struct ks_exchange *ksx_find(const struct ksx_table *t, const uint8_t *icookie,
			     const uint8_t *rcookie, uint32_t msgid)
{
	for (struct ks_exchange *x = t->buckets[bucket_of(t->n_buckets, icookie, rcookie)]; x;
	     x = x->next)
		if (x->msgid == msgid && same_sa(x, icookie, rcookie))
			return x;
	return NULL;
}

/* Doubles the bucket array; on allocation failure the chains just grow. */
static void grow(struct ksx_table *t)
{
	size_t n = t->n_buckets * 2;
	struct ks_exchange **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < t->n_buckets; i++) {
		struct ks_exchange *x = t->buckets[i];

		while (x) {
			struct ks_exchange *next = x->next;
			size_t j = bucket_of(n, x->icookie, x->rcookie);

			x->next = b[j];
			b[j] = x;
			x = next;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
}

struct ks_exchange *ksx_add(struct ksx_table *t, const uint8_t *icookie,
			    const uint8_t *rcookie, uint32_t msgid, uint64_t now)
{
	struct ks_exchange *x = calloc(1, sizeof(*x));
	size_t b;

	if (x)
		x->live = calloc(1, sizeof(*x->live));
	if (!x || !x->live) {
		free(x);
		return NULL;
	}
	if (t->count >= t->n_buckets * KSX_MAX_LOAD)
		grow(t);
	b = bucket_of(t->n_buckets, icookie, rcookie);
	memcpy(x->icookie, icookie, IKE_COOKIE_LEN);
	memcpy(x->rcookie, rcookie, IKE_COOKIE_LEN);
	x->msgid = msgid;
	x->state = KSX_PENDING;
	x->forget_at = now + KS_EXCHANGE_TIMEOUT_S;
	x->next = t->buckets[b];
	t->buckets[b] = x;
	t->count++;
	t->pending++;
	return x;
}

static uint8_t *dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	if (c)
		memcpy(c, p, n);
	return c;
}

int ksx_remember(struct ks_exchange *x, const uint8_t *in, size_t in_len,
		 const uint8_t *out, size_t out_len)
{
	struct ksx_live *l = x->live;
	uint8_t *i, *o;

	if (!l)
		return -1;
	i = dup_bytes(in, in_len);
	o = dup_bytes(out, out_len);
	if (!i || !o) {
		free(i);
		free(o);
		return -1;
	}
	if (l->last_in)
		OPENSSL_clear_free(l->last_in, l->last_in_len);
	if (l->last_out)
		OPENSSL_clear_free(l->last_out, l->last_out_len);
	l->last_in = i;
	l->last_in_len = in_len;
	l->last_out = o;
	l->last_out_len = out_len;
	return 0;
}

void ksx_set_state(struct ksx_table *t, struct ks_exchange *x, enum ksx_state s,
		   uint64_t forget_at)
{
	if (x->state == KSX_PENDING && s != KSX_PENDING)
		t->pending--;
	x->state = s;
	x->forget_at = forget_at;
	if (s == KSX_REPLAY) {
		free_live(x);
	} else if (x->live) {
		OPENSSL_cleanse(x->live->ni, sizeof(x->live->ni));
		OPENSSL_cleanse(x->live->nr, sizeof(x->live->nr));
		OPENSSL_cleanse(&x->live->iv, sizeof(x->live->iv));
	}
}

/* Unlinks and frees the exchange at *pp. */
static void unlink_at(struct ksx_table *t, struct ks_exchange **pp)
{
	struct ks_exchange *x = *pp;

	*pp = x->next;
	if (x->state == KSX_PENDING)
		t->pending--;
	t->count--;
	free_exchange(x);
}

void ksx_remove(struct ksx_table *t, struct ks_exchange *x)
{
	for (struct ks_exchange **pp = &t->buckets[bucket_of(t->n_buckets, x->icookie, x->rcookie)];
	     *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			unlink_at(t, pp);
			return;
		}
	}
}

void ksx_expire(struct ksx_table *t, uint64_t now)
{
	for (size_t i = 0; i < t->n_buckets; i++) {
		struct ks_exchange **pp = &t->buckets[i];

		while (*pp) {
			struct ks_exchange *x = *pp;

			if (now < x->forget_at) {
				pp = &x->next;
			} else if (x->state == KSX_DONE && now < x->replay_until) {
				ksx_set_state(t, x, KSX_REPLAY, x->replay_until);
				pp = &x->next;
			} else {
				unlink_at(t, pp);
			}
		}
	}
}

void ksx_forget_cookies(struct ksx_table *t, const uint8_t *icookie, const uint8_t *rcookie)
{
	struct ks_exchange **pp = &t->buckets[bucket_of(t->n_buckets, icookie, rcookie)];

	while (*pp) {
		if (same_sa(*pp, icookie, rcookie))
			unlink_at(t, pp);
		else
			pp = &(*pp)->next;
	}
}
