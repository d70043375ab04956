#include "gdoi/ks_exchange.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "gdoi/ks.h"

#define KSX_BUCKETS 4096 /* fixed: the table is bounded by KS_MAX_PENDING + replay records */

static size_t bucket_of(const struct ksx_table *t, const uint8_t *icookie,
			const uint8_t *rcookie, uint32_t msgid)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < IKE_COOKIE_LEN; i++)
		h = (h ^ icookie[i] ^ ((uint64_t)rcookie[i] << 8)) * 1099511628211ull;
	h = (h ^ msgid) * 1099511628211ull;
	return (size_t)(h >> 17) & (t->n_buckets - 1);
}

int ksx_init(struct ksx_table *t)
{
	memset(t, 0, sizeof(*t));
	t->n_buckets = KSX_BUCKETS;
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -1;
}

static void free_exchange(struct ks_exchange *x)
{
	if (x->last_in)
		OPENSSL_clear_free(x->last_in, x->last_in_len);
	if (x->last_out)
		OPENSSL_clear_free(x->last_out, x->last_out_len);
	OPENSSL_cleanse(x, sizeof(*x));
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

static bool same_key(const struct ks_exchange *x, const uint8_t *icookie,
		     const uint8_t *rcookie, uint32_t msgid)
{
	return x->msgid == msgid && memcmp(x->icookie, icookie, IKE_COOKIE_LEN) == 0 &&
	       memcmp(x->rcookie, rcookie, IKE_COOKIE_LEN) == 0;
}

struct ks_exchange *ksx_find(const struct ksx_table *t, const uint8_t *icookie,
			     const uint8_t *rcookie, uint32_t msgid)
{
	for (struct ks_exchange *x = t->buckets[bucket_of(t, icookie, rcookie, msgid)]; x; x = x->next)
		if (same_key(x, icookie, rcookie, msgid))
			return x;
	return NULL;
}

struct ks_exchange *ksx_add(struct ksx_table *t, const uint8_t *icookie,
			    const uint8_t *rcookie, uint32_t msgid, uint64_t now)
{
	struct ks_exchange *x = calloc(1, sizeof(*x));
	size_t b = bucket_of(t, icookie, rcookie, msgid);

	if (!x)
		return NULL;
	memcpy(x->icookie, icookie, IKE_COOKIE_LEN);
	memcpy(x->rcookie, rcookie, IKE_COOKIE_LEN);
	x->msgid = msgid;
	x->state = KSX_PENDING;
	x->started = now;
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
	uint8_t *i = dup_bytes(in, in_len), *o = dup_bytes(out, out_len);

	if (!i || !o) {
		free(i);
		free(o);
		return -1;
	}
	if (x->last_in)
		OPENSSL_clear_free(x->last_in, x->last_in_len);
	if (x->last_out)
		OPENSSL_clear_free(x->last_out, x->last_out_len);
	x->last_in = i;
	x->last_in_len = in_len;
	x->last_out = o;
	x->last_out_len = out_len;
	return 0;
}

void ksx_set_state(struct ksx_table *t, struct ks_exchange *x, enum ksx_state s,
		   uint64_t forget_at)
{
	if (x->state == KSX_PENDING && s != KSX_PENDING)
		t->pending--;
	x->state = s;
	x->forget_at = forget_at;
	OPENSSL_cleanse(x->ni, sizeof(x->ni));
	OPENSSL_cleanse(x->nr, sizeof(x->nr));
	OPENSSL_cleanse(&x->iv, sizeof(x->iv));
	if (s == KSX_REPLAY) {
		if (x->last_in)
			OPENSSL_clear_free(x->last_in, x->last_in_len);
		if (x->last_out)
			OPENSSL_clear_free(x->last_out, x->last_out_len);
		x->last_in = x->last_out = NULL;
		x->last_in_len = x->last_out_len = 0;
	}
}

void ksx_remove(struct ksx_table *t, struct ks_exchange *x)
{
	for (struct ks_exchange **pp = &t->buckets[bucket_of(t, x->icookie, x->rcookie, x->msgid)];
	     *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			if (x->state == KSX_PENDING)
				t->pending--;
			t->count--;
			free_exchange(x);
			return;
		}
	}
}

/* Calls fn on every exchange, fn may remove it. */
static void each(struct ksx_table *t, void (*fn)(struct ksx_table *, struct ks_exchange *, void *),
		 void *arg)
{
	for (size_t i = 0; i < t->n_buckets; i++) {
		struct ks_exchange *x = t->buckets[i];

		while (x) {
			struct ks_exchange *next = x->next;

			fn(t, x, arg);
			x = next;
		}
	}
}

static void expire_one(struct ksx_table *t, struct ks_exchange *x, void *arg)
{
	uint64_t now = *(const uint64_t *)arg;

	if (now < x->forget_at)
		return;
	if (x->state == KSX_DONE && now < x->replay_until)
		ksx_set_state(t, x, KSX_REPLAY, x->replay_until);
	else
		ksx_remove(t, x);
}

void ksx_expire(struct ksx_table *t, uint64_t now)
{
	each(t, expire_one, &now);
}

struct cookies {
	const uint8_t *i, *r;
};

static void forget_one(struct ksx_table *t, struct ks_exchange *x, void *arg)
{
	const struct cookies *c = arg;

	if (memcmp(x->icookie, c->i, IKE_COOKIE_LEN) == 0 &&
	    memcmp(x->rcookie, c->r, IKE_COOKIE_LEN) == 0)
		ksx_remove(t, x);
}

void ksx_forget_cookies(struct ksx_table *t, const uint8_t *icookie, const uint8_t *rcookie)
{
	struct cookies c = { icookie, rcookie };

	each(t, forget_one, &c);
}
