/* Rekey round bookkeeping: transmissions, acknowledgements, removals. */
#include "gdoi/rekey_round.h"

#include <stdlib.h>
#include <string.h>

#define NOT_PENDING UINT32_MAX

static size_t hash_addr(struct in_addr a, size_t mask)
{
	uint32_t x = a.s_addr;

	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x & mask;
}

/* Slot of addr, or -1; *probes counts the index slots looked at. */
static long find_slot(const struct rekey_round *r, struct in_addr addr, uint64_t *probes)
{
	if (!r->index)
		return -1;
	for (size_t i = hash_addr(addr, r->index_mask);; i = (i + 1) & r->index_mask) {
		uint32_t e = r->index[i];

		(*probes)++;
		if (e == 0)
			return -1;
		if (r->slot_addr[e - 1].s_addr == addr.s_addr)
			return (long)(e - 1);
	}
}

static int alloc_round(struct rekey_round *r, size_t n)
{
	size_t cap = 8;

	while (cap < 2 * n)
		cap <<= 1;
	r->index_mask = cap - 1;
	r->index = calloc(cap, sizeof(*r->index));
	r->pending = calloc(n ? n : 1, sizeof(*r->pending));
	r->pend_slot = calloc(n ? n : 1, sizeof(*r->pend_slot));
	r->slot_pos = calloc(n ? n : 1, sizeof(*r->slot_pos));
	r->slot_addr = calloc(n ? n : 1, sizeof(*r->slot_addr));
	r->slot_ack_tx = calloc(n ? n : 1, 1);
	return r->index && r->pending && r->pend_slot && r->slot_pos && r->slot_addr &&
	       r->slot_ack_tx ? 0 : -1;
}

static void add_member(struct rekey_round *r, struct in_addr addr)
{
	uint64_t probes = 0;
	size_t i;
	uint32_t slot = (uint32_t)r->n;

	if (find_slot(r, addr, &probes) >= 0)
		return; /* duplicate */
	for (i = hash_addr(addr, r->index_mask); r->index[i]; i = (i + 1) & r->index_mask)
		;
	r->index[i] = slot + 1;
	r->slot_addr[slot] = addr;
	r->slot_pos[slot] = (uint32_t)r->npending;
	r->pending[r->npending] = addr;
	r->pend_slot[r->npending++] = slot;
	r->n++;
}

int rekey_round_start(struct rekey_round *r, uint32_t seq, const struct rekey_kek *kek,
		      const struct in_addr *members, size_t n, const struct rekey_round_cfg *cfg,
		      uint64_t now)
{
	memset(r, 0, sizeof(*r));
	r->seq = seq;
	r->cfg = *cfg;
	r->next_at = now;
	if (kek)
		r->kek = *kek;
	if (!cfg->unicast)
		n = 0;
	if (cfg->period_s == 0 || cfg->retransmits > 254 || n >= NOT_PENDING ||
	    alloc_round(r, n) < 0) {
		rekey_round_free(r);
		r->finished = true;
		return -1;
	}
	r->tx_max = 1 + cfg->retransmits;
	for (size_t i = 0; i < n; i++)
		add_member(r, members[i]);
	return 0;
}

void rekey_round_free(struct rekey_round *r)
{
	free(r->index);
	free(r->pending);
	free(r->pend_slot);
	free(r->slot_pos);
	free(r->slot_addr);
	free(r->slot_ack_tx);
	r->index = NULL;
	r->pending = NULL;
	r->pend_slot = r->slot_pos = NULL;
	r->slot_addr = NULL;
	r->slot_ack_tx = NULL;
	r->n = r->npending = 0;
	rekey_kek_wipe(&r->kek);
}

enum rekey_round_step rekey_round_poll(struct rekey_round *r, uint64_t now)
{
	if (r->finished)
		return REKEY_ROUND_DONE;
	if (r->cfg.unicast && r->npending == 0) {
		r->finished = true; /* everyone acknowledged: nothing left to send */
		return REKEY_ROUND_DONE;
	}
	if (now < r->next_at)
		return REKEY_ROUND_WAIT;
	if (r->tx_done < r->tx_max) {
		r->tx_done++;
		r->next_at = now + r->cfg.period_s;
		r->st.transmissions += r->cfg.unicast ? r->npending : 1;
		return REKEY_ROUND_SEND;
	}
	r->finished = true;
	r->st.removed = r->npending;
	return r->npending ? REKEY_ROUND_EXPIRED : REKEY_ROUND_DONE;
}

uint64_t rekey_round_deadline(const struct rekey_round *r)
{
	if (r->finished || (r->cfg.unicast && r->npending == 0))
		return UINT64_MAX;
	return r->next_at;
}

const struct in_addr *rekey_round_pending(const struct rekey_round *r, size_t *n)
{
	*n = r->npending;
	return r->pending;
}

/* Swap-remove slot from the dense pending array: O(1). */
static void unpend(struct rekey_round *r, uint32_t slot)
{
	uint32_t pos = r->slot_pos[slot], last = (uint32_t)r->npending - 1;

	r->pending[pos] = r->pending[last];
	r->pend_slot[pos] = r->pend_slot[last];
	r->slot_pos[r->pend_slot[pos]] = pos;
	r->slot_pos[slot] = NOT_PENDING;
	r->npending--;
}

enum rekey_ack_result rekey_round_ack(struct rekey_round *r, struct in_addr member, uint32_t seq)
{
	long slot;

	if (seq != r->seq)
		return r->st.stale_acks++, REKEY_ACK_STALE;
	slot = find_slot(r, member, &r->st.probes);
	if (slot < 0)
		return r->st.unknown_acks++, REKEY_ACK_UNKNOWN;
	if (r->slot_pos[slot] == NOT_PENDING)
		return r->st.dup_acks++, REKEY_ACK_DUPLICATE;
	if (r->finished)
		return r->st.late_acks++, REKEY_ACK_LATE;
	unpend(r, (uint32_t)slot);
	r->slot_ack_tx[slot] = (uint8_t)r->tx_done;
	r->st.acks++;
	return REKEY_ACK_OK;
}

bool rekey_round_forget(struct rekey_round *r, struct in_addr member)
{
	uint64_t probes = 0;
	long slot = find_slot(r, member, &probes);

	if (slot < 0 || r->slot_pos[slot] == NOT_PENDING || r->finished)
		return false;
	unpend(r, (uint32_t)slot);
	return true;
}

unsigned rekey_round_acked_on(const struct rekey_round *r, struct in_addr member)
{
	uint64_t probes = 0;
	long slot = find_slot(r, member, &probes);

	return slot < 0 ? 0 : r->slot_ack_tx[slot];
}
