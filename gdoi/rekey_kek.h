/* The key-encryption key (KEK) as the rekey messages use it: the cipher,
 * key and IV that protect GROUPKEY-PUSH messages and their
 * acknowledgements, the SPI that names it (the ISAKMP cookie pair of
 * every rekey message) and the hash of the rekey signature.
 *
 * IV: the 2011 reference implementation sends KEK_ALGORITHM_KEY as one
 * cipher block of IV followed by the key, and encrypts every
 * GROUPKEY-PUSH under that same IV (tests/vectors/README.md). getvpnd does
 * the same, so that each side uses the IV the Key Download carried. When
 * the Key Download carried the bare key, the IV is a block of zeros on
 * both sides. A fixed IV is safe enough here because the first plaintext
 * block of every rekey message holds its SEQ, which never repeats under
 * one KEK: no two messages share a first ciphertext block. */
#ifndef GETVPND_GDOI_REKEY_KEK_H
#define GETVPND_GDOI_REKEY_KEK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/cipher.h"
#include "crypto/hash_alg.h"
#include "gdoi/group_policy.h"

struct rekey_kek {
	uint8_t spi[GP_KEK_SPI_LEN];
	enum crypto_cipher cipher;
	uint8_t key[CRYPTO_CIPHER_MAX_KEY];
	size_t key_len;
	uint8_t iv[CRYPTO_CIPHER_MAX_BLOCK];
	size_t iv_len;                  /* = the cipher's block length */
	enum crypto_hash sig_hash;      /* SIG_HASH_ALGORITHM of the SA KEK */
};

/* From the KEK of a group policy. kd_key/kd_key_len: the
 * KEK_ALGORITHM_KEY attribute as received or sent (IV | key, or the bare
 * key); NULL = the bare key of k (zero IV). DES is refused (single DES
 * is not offered by getvpnd). 0 ok, -1 unsupported algorithm or bad
 * lengths (out wiped). */
int rekey_kek_from_policy(const struct gp_kek *k, const uint8_t *kd_key, size_t kd_key_len,
			  struct rekey_kek *out);
/* OPENSSL_cleanse of the whole structure. */
void rekey_kek_wipe(struct rekey_kek *k);

#endif
