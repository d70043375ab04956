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
 * hashes. Only holders of the KEK can produce it; a member can forge
 * another member's acknowledgement, which RFC 8263 accepts (the
 * acknowledgement is a delivery hint, not an authorization).
 * VERIFY: the exact RFC 8263 key for the HASH could not be read from the
 * RFC text here; it is isolated in push_ack_hash() to be adjusted. */
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

/* HASH = prf(K, seq_and_id); out needs crypto_hash_len(kek->sig_hash). */
int push_ack_hash(const struct rekey_kek *kek, const uint8_t *seq_and_id, size_t len,
		  uint8_t *out);

#endif
