/* The IKEv1 prf: HMAC with the negotiated hash (RFC 2409 section 3.2),
 * through OpenSSL's EVP_MAC. */
#ifndef GETVPND_CRYPTO_PRF_H
#define GETVPND_CRYPTO_PRF_H

#include "crypto/hash_alg.h"

/* out = HMAC-h(key, parts[0] | parts[1] | ...); out needs crypto_hash_len(h)
 * bytes. A zero-length key is allowed. 0 ok, -1 error (unknown hash,
 * OpenSSL failure). */
int prf(enum crypto_hash h, const void *key, size_t key_len,
	const struct crypto_chunk *parts, size_t nparts, unsigned char *out);

/* Same over a single buffer. */
int prf1(enum crypto_hash h, const void *key, size_t key_len,
	 const void *data, size_t len, unsigned char *out);

#endif
