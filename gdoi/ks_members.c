#include "gdoi/ks_members.h"

#include <stdlib.h>
#include <string.h>

#define KS_MEMBERS_INITIAL_BUCKETS 64

/* Fibonacci hashing spreads consecutive addresses (a /16 of GMs) evenly. */
static size_t bucket_of(const struct ks_member_table *t, struct in_addr addr)
{
	uint32_t h = (uint32_t)(ntohl(addr.s_addr) * 2654435769u);

	return (size_t)h & (t->n_buckets - 1);
}

int ks_members_init(struct ks_member_table *t)
{
	t->count = 0;
	t->n_buckets = KS_MEMBERS_INITIAL_BUCKETS;
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -1;
}

void ks_members_free(struct ks_member_table *t)
{
	for (size_t i = 0; t->buckets && i < t->n_buckets; i++) {
		struct ks_member *m = t->buckets[i];

		while (m) {
			struct ks_member *next = m->next;

			free(m);
			m = next;
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->n_buckets = t->count = 0;
}

struct ks_member *ks_members_find(const struct ks_member_table *t, struct in_addr addr)
{
	if (!t->buckets)
		return NULL;
	for (struct ks_member *m = t->buckets[bucket_of(t, addr)]; m; m = m->next)
		if (m->addr.s_addr == addr.s_addr)
			return m;
	return NULL;
}

/* Doubles the bucket array; on allocation failure the table stays usable
 * (only slower), so the error is not propagated. */
static void grow(struct ks_member_table *t)
{
	size_t old_n = t->n_buckets;
	struct ks_member **old = t->buckets;
	struct ks_member **fresh = calloc(old_n * 2, sizeof(*fresh));

	if (!fresh)
		return;
	t->buckets = fresh;
	t->n_buckets = old_n * 2;
	for (size_t i = 0; i < old_n; i++) {
		struct ks_member *m = old[i];

		while (m) {
			struct ks_member *next = m->next;
			size_t b = bucket_of(t, m->addr);

			m->next = t->buckets[b];
			t->buckets[b] = m;
			m = next;
		}
	}
	free(old);
}

struct ks_member *ks_members_get(struct ks_member_table *t, struct in_addr addr)
{
	struct ks_member *m = ks_members_find(t, addr);
	size_t b;

	if (m || !t->buckets)
		return m;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->addr = addr;
	if (t->count + 1 > t->n_buckets - t->n_buckets / 4)
		grow(t);
	b = bucket_of(t, addr);
	m->next = t->buckets[b];
	t->buckets[b] = m;
	t->count++;
	return m;
}

bool ks_members_remove(struct ks_member_table *t, struct in_addr addr)
{
	if (!t->buckets)
		return false;
	for (struct ks_member **pp = &t->buckets[bucket_of(t, addr)]; *pp; pp = &(*pp)->next) {
		if ((*pp)->addr.s_addr == addr.s_addr) {
			struct ks_member *m = *pp;

			*pp = m->next;
			free(m);
			t->count--;
			return true;
		}
	}
	return false;
}

size_t ks_members_count(const struct ks_member_table *t)
{
	return t->count;
}

void ks_members_foreach(const struct ks_member_table *t,
			bool (*fn)(const struct ks_member *m, void *arg), void *arg)
{
	for (size_t i = 0; t->buckets && i < t->n_buckets; i++)
		for (const struct ks_member *m = t->buckets[i]; m; m = m->next)
			if (!fn(m, arg))
				return;
}

static int by_address(const void *a, const void *b)
{
	uint32_t x = ntohl((*(const struct ks_member *const *)a)->addr.s_addr);
	uint32_t y = ntohl((*(const struct ks_member *const *)b)->addr.s_addr);

	return x < y ? -1 : x > y;
}

const struct ks_member **ks_members_sorted(const struct ks_member_table *t, size_t *n)
{
	const struct ks_member **v;
	size_t k = 0;

	*n = 0;
	if (t->count == 0)
		return NULL;
	v = malloc(t->count * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < t->n_buckets; i++)
		for (const struct ks_member *m = t->buckets[i]; m; m = m->next)
			v[k++] = m;
	qsort(v, k, sizeof(*v), by_address);
	*n = k;
	return v;
}
