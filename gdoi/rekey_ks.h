/* A rekey round against the key server's member table (gdoi/ks_members.h):
 * who gets the rekey, the per-member counters `show crypto gdoi ks
 * members` prints, and the removal of members that never acknowledged. */
#ifndef GETVPND_GDOI_REKEY_KS_H
#define GETVPND_GDOI_REKEY_KS_H

#include <stddef.h>

#include "gdoi/ks.h"
#include "gdoi/ks_group.h"
#include "gdoi/ks_members.h"
#include "gdoi/rekey_kek.h"
#include "gdoi/rekey_round.h"
#include "gdoi/rekey_sched.h"

/* The registered members' addresses in a new array (free()); *n their
 * count. NULL with *n = 0 when there are none or no memory. */
struct in_addr *rekey_ks_member_addrs(const struct ks_member_table *t, size_t *n);

/* After a REKEY_ROUND_SEND of a unicast round: every pending member's
 * last_seq_sent, rekeys_sent (first transmission) or rekey_retries. */
void rekey_ks_note_sent(const struct rekey_round *r, struct ks_member_table *t);

/* A verified acknowledgement: the round, then the member's last_seq_acked
 * and acks_received (t may be NULL: the round only). */
enum rekey_ack_result rekey_ks_ack(struct rekey_round *r, struct ks_member_table *t,
				   struct in_addr member, uint32_t seq);

/* After REKEY_ROUND_EXPIRED: removes every member still pending from t,
 * logging %GDOI-4-GM_DELETE for each. Returns how many were removed. */
size_t rekey_ks_remove_unacked(const struct rekey_round *r, struct ks_member_table *t,
			       const char *group);

/* The next rekey of a group, ready for push_build() and
 * rekey_round_start(). */
struct rekey_ks_prepared {
	struct group_policy gp;           /* SA + KD content */
	struct rekey_kek kek;             /* the KEK before the rekey: protects it */
	uint32_t seq;                     /* the group's new SEQ */
	uint32_t del[GP_MAX_TEKS];        /* TEK SPIs to delete */
	size_t n_del;
};

/* Applies decision d (rekey_sched_decide) to group g of ks at now: new
 * keys from ks_group_regenerate() (SPIs unique on the KS, SEQ + 1; the
 * KEK, or the TEKs, and their creation times are put back when d does not
 * ask for new ones), the content from rekey_compose() with the TEKs as
 * they were just before, and the KEK that protects the message.
 * 0 ok; -1 (group without KEK, RNG failure, bad policy). Wipe out with
 * rekey_ks_prepared_wipe(). */
int rekey_ks_prepare(struct ks *ks, struct ks_group *g, const struct rekey_decision *d,
		     uint64_t now, struct rekey_ks_prepared *out);
void rekey_ks_prepared_wipe(struct rekey_ks_prepared *p);

#endif
