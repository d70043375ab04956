/* A rekey round against the key server's member table (gdoi/ks_members.h):
 * who gets the rekey, the per-member counters `show crypto gdoi ks
 * members` prints, and the removal of members that never acknowledged. */
#ifndef GETVPND_GDOI_REKEY_KS_H
#define GETVPND_GDOI_REKEY_KS_H

#include <stddef.h>

#include "gdoi/ks_members.h"
#include "gdoi/rekey_round.h"

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

#endif
