/* Group policy <-> the SA and KD payloads of a GROUPKEY-PUSH (RFC 6407
 * 5.1-5.6): the same layout GROUPKEY-PULL messages 2 and 4 use, plus the
 * RFC 8263 KEK_ACK_REQUESTED attribute in the SA KEK. */
#ifndef GETVPND_GDOI_REKEY_POLICY_H
#define GETVPND_GDOI_REKEY_POLICY_H

#include <stdbool.h>

#include "crypto/cipher.h"
#include "gdoi/group_policy.h"
#include "gdoi/wire.h"

/* KEK_ACK_REQUESTED value getvpnd sends (RFC 8263 section 2). */
#define REKEY_ACK_REQUESTED_VALUE 1
#define REKEY_MAX_KEK_KD_KEY (CRYPTO_CIPHER_MAX_BLOCK + GP_MAX_KEK_KEY_LEN)

/* The SA payload's codec structure and the storage its views point into.
 * The KD payload is the registration's (pull_put_kd / pull_keys_from_kd in
 * gdoi/pull_msg.h); the SA is built here because a rekey SA may carry the
 * KEK alone and its SA KEK may carry KEK_ACK_REQUESTED. */
struct rekey_sa_wire {
	struct wire_sa sa;
	uint8_t sel[1 + GP_MAX_TEKS][2][8];
	uint8_t kek_attrs[64], gap_attrs[32], tek_attrs[GP_MAX_TEKS][64];
};

/* gp -> SA: SA KEK when gp->kek.present (with KEK_ACK_REQUESTED when
 * ack_requested), GAP when delays are set, every TEK. 0 ok, -1 too many
 * TEKs or neither KEK nor TEK. */
int rekey_sa_to_wire(const struct group_policy *gp, bool ack_requested, struct rekey_sa_wire *w);

/* What a received SA + KD hold. */
struct rekey_update {
	struct group_policy gp;          /* kek (if SA KEK), TEKs with their keys */
	bool ack_requested;              /* KEK_ACK_REQUESTED in the SA KEK */
	uint8_t kek_kd_key[REKEY_MAX_KEK_KD_KEY]; /* KEK_ALGORITHM_KEY as received */
	size_t kek_kd_key_len;
};

/* Decoded SA + KD -> update: the SA here (a KEK-only SA is accepted), the
 * keys by pull_keys_from_kd() as at registration, then the KEK key as
 * sent (with its IV, when the key server put one in front). Every TEK and
 * the KEK must receive keys of exactly their transform's length. 0 ok;
 * -1 with *why (u wiped). */
int rekey_policy_from_wire(const struct wire_sa *sa, const struct wire_kd *kd,
			   struct rekey_update *u, const char **why);

#endif
