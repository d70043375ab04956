/* The four GROUPKEY-PULL messages (RFC 6407 3.2) between a group policy
 * and the wire, through the codec (gdoi/wire.h):
 *   1 GM->KS  HDR*, HASH(1), Ni, ID(KEY_ID group)
 *   2 KS->GM  HDR*, HASH(2), Nr, SA(SA KEK?, SA TEK+)
 *   3 GM->KS  HDR*, HASH(3)
 *   4 KS->GM  HDR*, HASH(4), SEQ?, KD(TEK keys, KEK key + KS public key)
 * Builders return the sealed datagram (encrypted, IV chained in *iv).
 * pull_receive() is the single entry for received datagrams: header
 * check, decryption, HASH(n) verification, and only then strict decoding;
 * the parse functions then read an authenticated, decoded message.
 *
 * Choices and interoperability (checked against the 2011 reference logs
 * in tests/unit/pull/test_pull_kat.c):
 * - HASH(n) covers the payloads after HASH up to the end of the last one,
 *   padding excluded; padding sent is zeros up to the cipher block.
 * - SA TEK identities: IPV4_ADDR for a host, else IPV4_ADDR_SUBNET; the
 *   codec writes RFC 6407's identity lengths; RFC 3547 peers (the
 *   reference) need WIRE_DEC_TEK_ID_LEN8 (struct pull_ctx.wire_flags).
 * - SA TEK attributes sent: life type seconds + duration (remaining),
 *   encapsulation, auth algorithm, key length (when the transform has
 *   one), ADDRESS_PRESERVATION, SA_DIRECTION. Unknown attributes refused.
 * - SEQ is sent in message 4 only when the group has a KEK (rekey SA).
 * - KD: one TEK key packet per SPI; KEK packet = KEK_ALGORITHM_KEY (the key
 *   alone, RFC 6407) + SIG_ALGORITHM_KEY (SubjectPublicKeyInfo DER).
 * - ACL deny entries are not sent (no RFC 6407 encoding for them).
 * - Refusal: Informational, Notify INVALID_ID_INFORMATION, DOI GDOI,
 *   protocol ISAKMP, SPI = the cookie pair, data = the group identity. */
#ifndef GETVPND_GDOI_PULL_MSG_H
#define GETVPND_GDOI_PULL_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "gdoi/group_policy.h"
#include "gdoi/pull_frame.h"
#include "gdoi/wire.h"

#define PULL_NONCE_LEN 16
#define PULL_MIN_NONCE 8     /* RFC 2409 5: 8..256 octets */
#define PULL_MAX_NONCE 256
#define PULL_DEFAULT_KEK_LIFETIME 86400 /* when an SA KEK has no KEK_KEY_LIFETIME */

/* Exchange inputs shared by the builders. */
struct pull_ctx {
	const struct ike_sa *sa;
	uint32_t msgid;
	const uint8_t *ni, *nr;
	size_t ni_len, nr_len;
	unsigned wire_flags;  /* WIRE_DEC_TEK_ID_LEN8 for RFC 3547 peers */
};

/* Each: 0 ok (out/out_len = datagram to send, *iv advanced), -1 error. */
int pull_build_msg1(const struct pull_ctx *x, uint32_t group_id, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len);
int pull_build_msg2(const struct pull_ctx *x, const struct group_policy *gp, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len);
int pull_build_msg3(const struct pull_ctx *x, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len);
int pull_build_msg4(const struct pull_ctx *x, const struct group_policy *gp, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len);

/* A received, authenticated, decoded message. Large: keep one per
 * exchange or per daemon, not on a small stack. */
struct pull_rx {
	uint8_t buf[PULL_MAX_MSG];   /* header + plaintext */
	size_t len;
	struct wire_msg msg;
	struct ike_iv next_iv;       /* commit once the message is accepted */
};

/* msg_no 1..4 selects HASH(n) (x->ni / x->nr as the message needs).
 * 0: authentic and well formed; -1 rejected, *why says why (nothing of the
 * message may be used, and the exchange IV must not move). */
int pull_receive(const struct pull_ctx *x, unsigned msg_no, const uint8_t *dgram, size_t len,
		 const struct ike_iv *iv, struct pull_rx *rx, const char **why);

/* Payload extraction; each checks that exactly the expected payloads are
 * present. 0 ok, -1 with *why. Views point into rx->buf. */
int pull_parse_msg1(const struct pull_rx *rx, const uint8_t **ni, size_t *ni_len,
		    uint32_t *group_id, const char **why);
/* Fills gp (policy only, no keys) from the SA payload. Absent attributes:
 * encapsulation tunnel, address preservation source-and-destination,
 * direction symmetric, KEK lifetime PULL_DEFAULT_KEK_LIFETIME. */
int pull_parse_msg2(const struct pull_rx *rx, const uint8_t **nr, size_t *nr_len,
		    struct group_policy *gp, const char **why);
int pull_parse_msg3(const struct pull_rx *rx, const char **why);
/* Adds the keys of the KD (and the SEQ) to the policy of message 2: every
 * TEK and the KEK must receive keys of exactly the right length. A KEK key
 * preceded by one cipher block (the static IV RFC 3547 implementations
 * send) is accepted and the IV ignored. On error the keys are wiped. */
int pull_parse_msg4(const struct pull_rx *rx, struct group_policy *gp, const char **why);

/* Building blocks shared with GROUPKEY-PUSH (rekey, RFC 6407 4): the SA
 * payload (SA KEK?, SA TEKs) and the KD payload of a policy, and back.
 * The put functions return -1 (builder unusable) when gp cannot be
 * encoded (keys of the wrong length, too many TEKs). pull_keys_from_kd
 * needs gp to hold the SA's policy already; it wipes the keys on error. */
int pull_put_sa(struct wire_builder *b, const struct group_policy *gp);
int pull_put_kd(struct wire_builder *b, const struct group_policy *gp);
int pull_policy_from_sa(const struct wire_sa *sa, struct group_policy *gp, const char **why);
int pull_keys_from_kd(const struct wire_kd *kd, struct group_policy *gp, const char **why);

/* Informational exchange over the phase-1 SA (RFC 2409 5.7): HDR*,
 * HASH(1) = prf(SKEYID_a, M-ID | N), N(type; SPI = the cookie pair; data).
 * msgid: a fresh random non-zero ID. 0 ok, -1 error. */
int pull_build_notify(const struct ike_sa *sa, uint32_t msgid, uint16_t type,
		      const uint8_t *data, size_t data_len, uint8_t *out, size_t cap,
		      size_t *out_len);
/* Authenticates such a datagram from the peer and gives its Notify type. */
int pull_parse_notify(const struct ike_sa *sa, const uint8_t *dgram, size_t len,
		      struct pull_rx *rx, uint16_t *type, const char **why);

#endif
