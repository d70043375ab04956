/* GROUPKEY-PUSH messages (RFC 6407 section 4): building on the key
 * server, opening on a group member. Pure functions, no sockets.
 *
 *   HDR*, SEQ, [D,] SA, KD, SIG
 *
 * HDR: cookies = the 16-octet SPI of the KEK protecting the message,
 * exchange 33, E flag, message ID 0.
 * SIG: RSA PKCS#1 v1.5 type-1 padding over the bare digest (no
 * DigestInfo), digest = H("rekey" | HDR' | SEQ .. KD) with H the KEK's
 * SIG_HASH_ALGORITHM, HDR' = the header whose length field is the
 * unpadded message length including SIG. This is what the 2011 reference
 * implementation (and IOS, which interoperates with it) produces and
 * checks: see tests/vectors/README.md. A DigestInfo signature would fail
 * verification on those peers.
 * Encryption: CBC with the KEK key and the KEK IV (gdoi/rekey_kek.h) over
 * everything after the header, zero-padded to the block length (no
 * pad-length octet); the header length counts the padding. */
#ifndef GETVPND_GDOI_PUSH_MSG_H
#define GETVPND_GDOI_PUSH_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "gdoi/group_policy.h"
#include "gdoi/rekey_kek.h"
#include "gdoi/rekey_policy.h"
#include "gdoi/wire.h"

#define PUSH_MAX_MSG 8192
#define PUSH_MAX_DELETE 16
/* Delete payloads name TEKs with the SA TEK Protocol-ID (ESP) and a
 * 4-octet SPI, the KEK with its 16-octet SPI. */

/* What the key server puts in a rekey. */
struct push_content {
	uint32_t seq;                      /* strictly greater than the last one sent */
	const struct group_policy *gp;     /* SA + KD: KEK (if present) and TEKs with keys */
	bool ack_requested;                /* RFC 8263 KEK_ACK_REQUESTED (needs gp->kek);
					    * unicast rekeys only, as IOS does */
	const uint32_t *delete_spis;       /* TEK SPIs withdrawn now (Delete payload) */
	size_t n_delete;
	unsigned wire_flags;               /* WIRE_DEC_TEK_ID_LEN8 for RFC 3547 members */
};

/* Builds, signs (sign_key: the KS private RSA key) and encrypts with kek.
 * out/cap: at least PUSH_MAX_MSG is always enough. 0 ok (*out_len = the
 * datagram), -1 with *why. */
int push_build(const struct rekey_kek *kek, EVP_PKEY *sign_key, const struct push_content *c,
	       uint8_t *out, size_t cap, size_t *out_len, const char **why);

/* Why a received PUSH was refused: each has a counter on the member. */
enum push_reject {
	PUSH_OK = 0,
	PUSH_E_MALFORMED,     /* header, lengths, padding, payloads, policy content */
	PUSH_E_UNKNOWN_SPI,   /* cookies are not the current KEK SPI */
	PUSH_E_DECRYPT,       /* not a whole number of blocks / undecryptable */
	PUSH_E_SIGNATURE,     /* SIG missing or not by the KS key */
	PUSH_E_REPLAY,        /* SEQ not greater than the last accepted */
	PUSH_E__MAX
};
const char *push_reject_name(enum push_reject r);

/* A received, decrypted, verified and decoded PUSH. Large: not for small
 * stacks. Wipe with push_rx_wipe(). */
struct push_rx {
	uint8_t buf[PUSH_MAX_MSG];         /* header + plaintext */
	size_t len;
	struct wire_msg msg;
	uint32_t seq;
	size_t n_delete_teks;
	uint32_t delete_teks[PUSH_MAX_DELETE];
	bool delete_kek;                   /* a Delete names the KEK that protected it */
	struct rekey_update update;        /* SA + KD content (last: see push_open) */
};

/* Opens a datagram with the member's current KEK and the KS public key
 * from registration: cookies, decryption, strict decoding (payloads
 * exactly SEQ, [D], SA, KD, SIG in this order), signature, then SEQ >
 * last_seq, then the SA/KD content. Nothing of a refused message may be
 * used. wire_flags: WIRE_DEC_TEK_ID_LEN8 for RFC 3547 key servers. */
enum push_reject push_open(const struct rekey_kek *kek, EVP_PKEY *ks_pub, uint32_t last_seq,
			   unsigned wire_flags, const uint8_t *dgram, size_t len,
			   struct push_rx *rx, const char **why);
void push_rx_wipe(struct push_rx *rx);

/* The KEK SPI a GROUPKEY-PUSH names (its cookies), to find the member's
 * group before push_gm_receive(). 0 ok, -1 not a GROUPKEY-PUSH header. */
int push_peek_spi(const uint8_t *dgram, size_t len, uint8_t spi[GP_KEK_SPI_LEN]);

/* The signed header of a rekey message: hdr with its length field set to
 * unpadded_len (see above). */
void push_signed_header(const uint8_t hdr[WIRE_HDR_LEN], size_t unpadded_len,
			uint8_t out[WIRE_HDR_LEN]);

#endif
