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

/* Codec structures and the storage their views point into. Large: keep
 * it off small stacks. */
struct rekey_wire {
	struct wire_sa sa;
	struct wire_kd kd;
	uint8_t sel[1 + GP_MAX_TEKS][2][8];
	uint8_t kek_attrs[64], gap_attrs[32], tek_attrs[GP_MAX_TEKS][64];
	uint8_t spis[GP_MAX_TEKS][4];
	uint8_t tek_keys[GP_MAX_TEKS][8 + GP_MAX_TEK_KEY_LEN + GP_MAX_INTEG_KEY_LEN];
	uint8_t kek_keys[8 + GP_MAX_KEK_KEY_LEN + GP_MAX_PUBKEY_LEN];
};

/* gp -> SA (SA KEK when gp->kek.present, GAP when delays are set, every
 * TEK) and KD (one key packet per distinct TEK SPI, then the KEK key and
 * the KS public key). 0 ok, -1 invalid policy (keys of wrong length, too
 * many TEKs, neither KEK nor TEK). Wipe w with rekey_wire_wipe(). */
int rekey_policy_to_wire(const struct group_policy *gp, bool ack_requested,
			 struct rekey_wire *w);
void rekey_wire_wipe(struct rekey_wire *w);

/* What a received SA + KD hold. */
struct rekey_update {
	struct group_policy gp;          /* kek (if SA KEK), TEKs with their keys */
	bool ack_requested;              /* KEK_ACK_REQUESTED in the SA KEK */
	uint8_t kek_kd_key[REKEY_MAX_KEK_KD_KEY]; /* KEK_ALGORITHM_KEY as received */
	size_t kek_kd_key_len;
};

/* Decoded SA + KD -> update. Every TEK and the KEK must receive keys of
 * exactly their transform's length, and every key packet must name an SA
 * of the message. 0 ok; -1 with *why (u wiped). */
int rekey_policy_from_wire(const struct wire_sa *sa, const struct wire_kd *kd,
			   struct rekey_update *u, const char **why);

#endif
