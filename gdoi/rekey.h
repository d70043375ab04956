/* Rekeying (GROUPKEY-PUSH) in getvpnd: the pieces and how a daemon wires
 * them. Everything below is sans-IO: the daemon owns sockets and timers.
 *
 * Key server, per group with a KEK (`rekey authentication` configured):
 *  1. Timer at rekey_decision.next_check (and on `crypto gdoi ks rekey
 *     [replace-now]` or a policy change): rekey_sched_decide().
 *  2. If a rekey is due: rekey_ks_prepare() -> new keys, content, SEQ and
 *     the KEK that protects it; push_build() -> the datagram (same bytes
 *     for every member).
 *  3. rekey_ks_member_addrs() + rekey_round_start() (unicast) or
 *     rekey_round_start() with no members (multicast). One timer per
 *     round at rekey_round_deadline(); on it, rekey_round_poll():
 *     SEND -> send to rekey_round_pending() (sendmmsg batches) or once to
 *     the multicast group, rekey_ks_note_sent(); EXPIRED ->
 *     rekey_ks_remove_unacked(); DONE -> free the round.
 *  4. A datagram with exchange 35: push_ack_peek_spi() to find the round
 *     by KEK SPI, push_ack_open() with round.kek, rekey_ks_ack().
 *  5. A member registering during a round: rekey_round_forget().
 *
 * Group member, per registered group whose policy has a KEK:
 *  1. After registration: push_gm_start() with the registered policy.
 *  2. A datagram with exchange 33: push_gm_receive(); on PUSH_OK,
 *     push_gm_apply() to the member's policy, hand the new TEKs to the
 *     dataplane, send res.ack (if any) to the key server from which the
 *     rekey came (UDP 848), and register again if res.rereg says so.
 *     Counters for `show crypto gdoi gm`: push_gm.ctr.
 *  3. Timer: push_gm_reregister_due() with the key expiries.
 *
 * Files: rekey_kek.h (KEK cipher/IV), rekey_policy.h (SA/KD <-> policy),
 * push_msg.h (PUSH build/open), push_ack.h (RFC 8263 ack), push_gm.h
 * (member side), rekey_round.h (retransmissions and acks), rekey_ks.h
 * (round <-> member table, prepare), rekey_sched.h (when and what). */
#ifndef GETVPND_GDOI_REKEY_H
#define GETVPND_GDOI_REKEY_H

#include "gdoi/push_ack.h"
#include "gdoi/push_gm.h"
#include "gdoi/push_msg.h"
#include "gdoi/rekey_kek.h"
#include "gdoi/rekey_ks.h"
#include "gdoi/rekey_policy.h"
#include "gdoi/rekey_round.h"
#include "gdoi/rekey_sched.h"

#endif
