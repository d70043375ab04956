/* One rekey round on the key server, as data: which members still have
 * to acknowledge the GROUPKEY-PUSH with a given SEQ, when to transmit
 * again, and who is to be removed at the end. One deadline per round
 * (not one timer per member): the caller arms a single timer at
 * rekey_round_deadline() and calls rekey_round_poll() when it fires.
 *
 * Unicast (`rekey transport unicast`): transmission 1 goes to every
 * member, then every `retransmit` period to the members that have not
 * acknowledged, up to 1 + `number` transmissions (IOS default: 10 s, 2,
 * so 3 transmissions). One period after the last transmission the round
 * ends and the members still pending are to be removed from the group.
 * Multicast: 1 + `number` transmissions of one datagram to the group
 * address, no acknowledgements expected, nobody removed.
 *
 * Acknowledgement bookkeeping is O(1) per acknowledgement: an
 * open-addressing index from address to slot, and a dense array of
 * pending addresses from which an acknowledged member is swapped out
 * (so each transmission walks only the members still pending). */
#ifndef GETVPND_GDOI_REKEY_ROUND_H
#define GETVPND_GDOI_REKEY_ROUND_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/rekey_kek.h"

#define REKEY_DEFAULT_RETRANSMIT_PERIOD_S 10
#define REKEY_DEFAULT_RETRANSMITS 2

struct rekey_round_cfg {
	bool unicast;               /* false: multicast, no acknowledgements */
	uint32_t period_s;          /* `rekey retransmit S` (> 0) */
	unsigned retransmits;       /* `... number N` */
};

struct rekey_round_stats {
	uint64_t transmissions;     /* datagrams asked for (unicast: per member) */
	uint64_t acks, dup_acks, unknown_acks, stale_acks, late_acks;
	uint64_t probes;            /* index slots examined, for the O(1) tests */
	size_t removed;             /* members pending at the end */
};

struct rekey_round {
	uint32_t seq;
	struct rekey_kek kek;       /* the KEK that protects this round (acks name it) */
	struct rekey_round_cfg cfg;
	unsigned tx_max, tx_done;
	uint64_t next_at;
	bool finished;
	size_t n;                   /* members in the round */
	size_t npending;
	struct in_addr *pending;    /* [npending]: not yet acknowledged */
	uint32_t *pend_slot;        /* pending[i] belongs to slot pend_slot[i] */
	uint32_t *slot_pos;         /* slot -> index in pending, or UINT32_MAX */
	struct in_addr *slot_addr;
	uint8_t *slot_ack_tx;       /* transmission that was acknowledged, 0 = none */
	uint32_t *index;            /* slot + 1, 0 = empty; size index_mask + 1 */
	size_t index_mask;
	struct rekey_round_stats st;
};

/* Starts a round at now (first transmission due at once). r is
 * overwritten: free a previous round in it with rekey_round_free() first. members: the
 * registered members (unicast), duplicates ignored; empty for multicast.
 * kek is copied (wiped by rekey_round_free). 0 ok, -1 no memory or bad
 * configuration (the round is then empty and finished). */
int rekey_round_start(struct rekey_round *r, uint32_t seq, const struct rekey_kek *kek,
		      const struct in_addr *members, size_t n, const struct rekey_round_cfg *cfg,
		      uint64_t now);
void rekey_round_free(struct rekey_round *r);

enum rekey_round_step {
	REKEY_ROUND_WAIT,     /* nothing before rekey_round_deadline() */
	REKEY_ROUND_SEND,     /* transmit now: unicast to each rekey_round_pending(),
			       * multicast once to the group; then poll again */
	REKEY_ROUND_EXPIRED,  /* over: rekey_round_pending() are to be removed */
	REKEY_ROUND_DONE,     /* over, nobody to remove */
};
/* Advances the round to now. After SEND the transmission number is
 * r->tx_done (1-based). EXPIRED and DONE are reported once; later polls
 * say DONE. */
enum rekey_round_step rekey_round_poll(struct rekey_round *r, uint64_t now);
/* When the next poll has something to do (UINT64_MAX once finished). */
uint64_t rekey_round_deadline(const struct rekey_round *r);
/* The members still to acknowledge (contiguous, for batched sends). */
const struct in_addr *rekey_round_pending(const struct rekey_round *r, size_t *n);

enum rekey_ack_result {
	REKEY_ACK_OK,         /* first acknowledgement of this member */
	REKEY_ACK_DUPLICATE,  /* already acknowledged */
	REKEY_ACK_UNKNOWN,    /* not a member of this round */
	REKEY_ACK_STALE,      /* another SEQ */
	REKEY_ACK_LATE,       /* the round is over */
};
/* Records a verified acknowledgement (push_ack_open()). O(1). */
enum rekey_ack_result rekey_round_ack(struct rekey_round *r, struct in_addr member, uint32_t seq);
/* Takes a member out of the round without an acknowledgement (it
 * registered again, so it has the current keys). true if it was pending. */
bool rekey_round_forget(struct rekey_round *r, struct in_addr member);
/* Transmission number the member acknowledged (1-based), 0 if none or unknown. */
unsigned rekey_round_acked_on(const struct rekey_round *r, struct in_addr member);

#endif
