/* GROUPKEY-PUSH acknowledgement (RFC 8263; IOS `rekey acknowledgement`),
 * sent by a member for each unicast rekey whose SA KEK carries
 * KEK_ACK_REQUESTED:
 *
 *   HDR, HASH, SEQ, ID
 *
 * HDR: cookies = SPI of the KEK that protected the acknowledged
 * GROUPKEY-PUSH, exchange 35 (GROUPKEY-PUSH-ACK), no flags (the
 * acknowledgement carries no secret and is sent in the clear), message
 * ID 0. SEQ: the acknowledged rekey's SEQ. ID: ID_IPV4_ADDR of the member
 * (protocol 0, port 0), the address it registered from.
 * HASH = prf(K, SEQ | ID): prf is HMAC with the KEK's SIG_HASH_ALGORITHM
 * hash, K the KEK key (KEK_ALGORITHM_KEY without IV), SEQ and ID the
 * whole payloads with their generic headers, as for the GROUPKEY-PULL
 * hashes. Only holders of the KEK can produce it; a member could forge
 * another member's acknowledgement, which is tolerable: it only keeps
 * that member in the group until its keys expire.
 * VERIFY: the RFC 8263 text itself could not be read while this was
 * written. The security review of its draft 05 objected that the same
 * key served the rekey encryption and this HMAC, which is what is done
 * here; a later summary of the RFC gives a dedicated key,
 * K = prf(KEK key, "GROUPKEY-PUSH ACK" | KEK SPI | L). Check sections 2
 * and 3 of the RFC (and an IOS capture) and adjust push_ack_hash(), the
 * only place that chooses the key. The layout (HDR in the clear, HASH,
 * SEQ, ID) agrees with every source found. KEK_ACK_REQUESTED is sent
 * with the value 1.
 */
#ifndef GETVPND_GDOI_PUSH_ACK_H
#define GETVPND_GDOI_PUSH_ACK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/rekey_kek.h"

#define PUSH_ACK_MAX_LEN 128

/* 0 ok (*out_len bytes to send), -1 error (cap too small, bad KEK). */
int push_ack_build(const struct rekey_kek *kek, uint32_t seq, struct in_addr member,
		   uint8_t *out, size_t cap, size_t *out_len);

/* The KEK SPI an acknowledgement names (its cookies), to find the rekey
 * round it answers. 0 ok, -1 not a GROUPKEY-PUSH-ACK header. */
int push_ack_peek_spi(const uint8_t *dgram, size_t len, uint8_t spi[GP_KEK_SPI_LEN]);

/* Strict decode and HASH check with the KEK of the round: 0 ok with the
 * acknowledged SEQ and member address; -1 with *why. */
int push_ack_open(const struct rekey_kek *kek, const uint8_t *dgram, size_t len,
		  uint32_t *seq, struct in_addr *member, const char **why);

/* HASH = prf(K, seq_and_id); out needs crypto_hash_len(kek->sig_hash).
 * K is chosen here and in push_ack_checker_new(): change both together. */
int push_ack_hash(const struct rekey_kek *kek, const uint8_t *seq_and_id, size_t len,
		  uint8_t *out);

/* The HASH of many acknowledgements under one KEK (a key server's
 * round): the HMAC keyed once (push_ack_checker.c). NULL on failure
 * (push_ack_open() then does without). */
struct push_ack_checker;
struct push_ack_checker *push_ack_checker_new(const struct rekey_kek *kek);
void push_ack_checker_free(struct push_ack_checker *c);
/* push_ack_hash() for the KEK c was made from. 0 ok, -1 error. */
int push_ack_checker_hash(struct push_ack_checker *c, const uint8_t *seq_and_id, size_t len,
			  uint8_t *out);

/* push_ack_open() with the HASH from checker c (made from this kek; NULL:
 * push_ack_hash()). Same checks, same results. */
int push_ack_open_checked(const struct rekey_kek *kek, struct push_ack_checker *c,
			  const uint8_t *dgram, size_t len, uint32_t *seq, struct in_addr *member,
			  const char **why);

#endif
