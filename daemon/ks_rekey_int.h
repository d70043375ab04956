/* The key server's rekeys, shared by the files that hold them:
 * ks_rekey.c (per-group state, the timer, events from the configuration
 * and the CLI), ks_rekey_round.c (deciding and starting a round),
 * ks_rekey_send.c (transmissions), ks_rekey_ack.c (acknowledgements) and
 * ks_rekey_fanout.c (the fan-out figures in the log). */
#ifndef GETVPND_DAEMON_KS_REKEY_INT_H
#define GETVPND_DAEMON_KS_REKEY_INT_H

#include "daemon/gdoi_service_int.h"
#include "daemon/rekey_service_int.h"

#include <stdint.h>

/* A send that filled the socket buffer resumes after this (real time);
 * one that sent its chunk resumes on the event loop's next turn, after
 * the input that is waiting. */
#define KSR_RESUME_MS 1

/* ks_rekey.c: forgets the group's round, message and transmission. */
void ksr_group_reset(struct ksr_group *e);

/* ks_rekey_round.c: moves the group's round on, then starts the rekey
 * the schedule asks for, if any. */
void ksr_run_group(struct gdoi_service *s, struct ksr_group *e, uint64_t now);

/* ks_rekey_send.c: one transmission of the round's message (unicast to
 * the members still pending, or multicast); the next chunk of a unicast
 * transmission under way. */
void ksr_transmit(struct gdoi_service *s, struct ksr_group *e);
void ksr_send_unicast(struct gdoi_service *s, struct ksr_group *e);

/* ks_rekey_fanout.c: a round starts; its first transmission is out;
 * every member acknowledged (the last two logged once per round). */
void ksr_fanout_start(struct ksr_group *e);
void ksr_note_sent(struct ksr_group *e);
void ksr_note_acked(struct ksr_group *e);

#endif
