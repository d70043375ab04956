/* Rekey rounds and the key server's member table. */
#include "gdoi/rekey_ks.h"

#include <arpa/inet.h>
#include <stdlib.h>

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
