/* Rekey rounds and the key server's member table. */
#include "gdoi/rekey_ks.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include <string.h>

#include <openssl/crypto.h>

#include "log/log.h"

struct collect {
	struct in_addr *a;
	size_t n;
};

static bool collect_one(const struct ks_member *m, void *arg)
{
	struct collect *c = arg;

	c->a[c->n++] = m->addr;
	return true;
}

struct in_addr *rekey_ks_member_addrs(const struct ks_member_table *t, size_t *n)
{
	struct collect c = { .n = 0 };
	size_t count = ks_members_count(t);

	*n = 0;
	if (count == 0 || !(c.a = calloc(count, sizeof(*c.a))))
		return NULL;
	ks_members_foreach(t, collect_one, &c);
	*n = c.n;
	return c.a;
}

void rekey_ks_note_sent(const struct rekey_round *r, struct ks_member_table *t)
{
	size_t n;
	const struct in_addr *p = rekey_round_pending(r, &n);

	for (size_t i = 0; i < n; i++) {
		struct ks_member *m = ks_members_find(t, p[i]);

		if (!m)
			continue;
		m->last_seq_sent = r->seq;
		if (r->tx_done <= 1)
			m->rekeys_sent++;
		else
			m->rekey_retries++;
	}
}

enum rekey_ack_result rekey_ks_ack(struct rekey_round *r, struct ks_member_table *t,
				   struct in_addr member, uint32_t seq)
{
	enum rekey_ack_result res = rekey_round_ack(r, member, seq);
	struct ks_member *m;

	if (res == REKEY_ACK_OK && t && (m = ks_members_find(t, member))) {
		m->last_seq_acked = seq;
		m->acks_received++;
	}
	return res;
}

size_t rekey_ks_remove_unacked(const struct rekey_round *r, struct ks_member_table *t,
			       const char *group)
{
	size_t n, removed = 0;
	const struct in_addr *p = rekey_round_pending(r, &n);

	for (size_t i = 0; i < n; i++) {
		char addr[INET_ADDRSTRLEN];

		if (!ks_members_remove(t, p[i]))
			continue;
		removed++;
		inet_ntop(AF_INET, &p[i], addr, sizeof(addr));
		log_event("GDOI", LOG_SEV_WARNING, "GM_DELETE",
			  "GM %s deleted from group %s: no acknowledgement of rekey seq %u "
			  "after %u transmissions", addr, group, r->seq, r->tx_done);
	}
	return removed;
}

/* What regeneration replaces and a decision may want back. */
struct keys_before {
	struct group_policy policy;
	uint32_t sa_spi[KS_MAX_SA_IPSEC];
	uint64_t kek_created, tek_created;
};

static void restore(struct ks_group *g, const struct keys_before *b, const struct rekey_decision *d)
{
	if (!d->new_kek) {
		OPENSSL_cleanse(&g->policy.kek, sizeof(g->policy.kek));
		g->policy.kek = b->policy.kek;
		g->kek_created = b->kek_created;
	}
	if (!d->new_teks) {
		OPENSSL_cleanse(g->policy.teks, sizeof(g->policy.teks));
		memcpy(g->policy.teks, b->policy.teks, sizeof(g->policy.teks));
		g->policy.n_teks = b->policy.n_teks;
		memcpy(g->sa_spi, b->sa_spi, sizeof(g->sa_spi));
		g->tek_created = b->tek_created;
	}
}

int rekey_ks_prepare(struct ks *ks, struct ks_group *g, const struct rekey_decision *d,
		     uint64_t now, struct rekey_ks_prepared *out)
{
	struct group_policy *before = malloc(sizeof(*before)), *fresh = malloc(sizeof(*fresh));
	struct keys_before *raw = malloc(sizeof(*raw));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!before || !fresh || !raw || !g->policy.kek.present)
		goto out;
	raw->policy = g->policy;
	memcpy(raw->sa_spi, g->sa_spi, sizeof(raw->sa_spi));
	raw->kek_created = g->kek_created;
	raw->tek_created = g->tek_created;
	ks_group_policy_at(g, now, before);
	if (rekey_kek_from_policy(&before->kek, NULL, 0, &out->kek) < 0 ||
	    ks_group_regenerate(ks, g, now) < 0)
		goto out;
	restore(g, raw, d); /* regeneration renews both; keep what is not due */
	ks_group_policy_at(g, now, fresh);
	if (rekey_compose(before, fresh, d, &out->gp, out->del, &out->n_del) < 0)
		goto out;
	out->seq = g->policy.seq;
	rc = 0;
out:
	if (raw)
		OPENSSL_cleanse(raw, sizeof(*raw));
	if (before)
		gp_wipe(before);
	if (fresh)
		gp_wipe(fresh);
	free(raw);
	free(before);
	free(fresh);
	if (rc < 0)
		rekey_ks_prepared_wipe(out);
	return rc;
}

void rekey_ks_prepared_wipe(struct rekey_ks_prepared *p)
{
	OPENSSL_cleanse(p, sizeof(*p));
}
