/* ISAKMP CBC IVs (RFC 2409 appendix B): the phase-1 IV is
 * hash(g^xi | g^xr) truncated to the block length, then the last
 * ciphertext block of each message; every phase-2 / informational
 * exchange starts from hash(last phase-1 IV | M-ID) and chains the same
 * way, separately per message ID. */
#ifndef GETVPND_CRYPTO_IV_H
#define GETVPND_CRYPTO_IV_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/cipher.h"
#include "crypto/hash_alg.h"

struct ike_iv {
	unsigned char bytes[CRYPTO_CIPHER_MAX_BLOCK];
	size_t len;
};

/* Phase 1: hash(g^xi | g^xr) truncated to block_len. 0 ok, -1 error
 * (hash shorter than the block, unknown hash). */
int iv_phase1_init(enum crypto_hash h, const unsigned char *g_xi, size_t g_xi_len,
		   const unsigned char *g_xr, size_t g_xr_len, size_t block_len,
		   struct ike_iv *iv);
/* Phase 2: hash(phase1_last | M-ID), M-ID in network byte order as on the
 * wire (msgid is the host value). */
int iv_phase2_init(enum crypto_hash h, const struct ike_iv *phase1_last, uint32_t msgid,
		   struct ike_iv *iv);
/* The IV after a message: its last ciphertext block. -1 if the
 * ciphertext is shorter than a block or not a multiple of it. */
int iv_chain(struct ike_iv *iv, const unsigned char *ciphertext, size_t len);

/* Encrypt / decrypt an ISAKMP message body in place with iv; next (may
 * be iv itself for encryption) receives the IV for the following message.
 * For decryption keep the old IV until the message authenticated, then
 * commit next: a forged message must not desynchronise the exchange.
 * 0 ok, -1 bad lengths or cipher error. */
int iv_cbc_encrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		   const struct ike_iv *iv, unsigned char *buf, size_t len,
		   struct ike_iv *next);
int iv_cbc_decrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		   const struct ike_iv *iv, unsigned char *buf, size_t len,
		   struct ike_iv *next);

/* Per-message-ID IVs of one phase-1 SA. */
struct iv_slot;
struct iv_store {
	enum crypto_hash hash;
	struct ike_iv phase1; /* last phase-1 IV, the root of every phase-2 IV */
	struct iv_slot *slots;
	size_t n, cap;
};

/* Starts a store from the final phase-1 IV. */
void iv_store_init(struct iv_store *s, enum crypto_hash h, const struct ike_iv *phase1_last);
/* The current IV of exchange msgid, created from the phase-1 IV on first
 * use; NULL on allocation or hash failure. Updating it through the
 * pointer (iv_cbc_*) is how it chains. The pointer stays valid until the
 * next iv_store_get / iv_store_forget / iv_store_free on the store. */
struct ike_iv *iv_store_get(struct iv_store *s, uint32_t msgid);
/* Drops the IV of a finished exchange. */
void iv_store_forget(struct iv_store *s, uint32_t msgid);
void iv_store_free(struct iv_store *s);

#endif
