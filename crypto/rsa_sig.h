/* RSA signatures for IKEv1 signature authentication and GDOI rekeys.
 * Two encodings exist in the field:
 *  - RSA_SIG_DIGESTINFO: standard PKCS#1 v1.5, DigestInfo(hash) padded;
 *  - RSA_SIG_RAW: PKCS#1 type-1 padding over the bare hash, no DigestInfo.
 *    IKEv1 RSA signature authentication signs HASH_I/HASH_R this way
 *    (RFC 2409 section 5.1 signs "HASH_I" itself, a prf output, not a
 *    digest of it), and the 2011 GDOI reference implementation signs its
 *    GROUPKEY-PUSH messages this way too.
 * Keys are OpenSSL EVP_PKEYs (the key store hands them out). */
#ifndef GETVPND_CRYPTO_RSA_SIG_H
#define GETVPND_CRYPTO_RSA_SIG_H

#include <stddef.h>

#include <openssl/evp.h>

#include "crypto/hash_alg.h"

enum rsa_sig_encoding {
	RSA_SIG_DIGESTINFO,
	RSA_SIG_RAW,
};

/* Signature length in bytes (the modulus length), 0 if not an RSA key. */
size_t rsa_sig_len(EVP_PKEY *key);

/* Signs an already computed digest/prf output of crypto_hash_len(h) bytes
 * (for RSA_SIG_RAW any length up to modulus - 11; h is then only checked
 * for DIGESTINFO). *sig_len: in = room in sig, out = bytes written.
 * 0 ok, -1 error. */
int rsa_sign_digest(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
		    const unsigned char *digest, size_t digest_len,
		    unsigned char *sig, size_t *sig_len);
/* Verifies: 0 valid, -1 invalid or error. The recovered hash is compared
 * in constant time. */
int rsa_verify_digest(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
		      const unsigned char *digest, size_t digest_len,
		      const unsigned char *sig, size_t sig_len);

/* Hash the concatenated chunks with h, then sign / verify as above. */
int rsa_sign(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
	     const struct crypto_chunk *parts, size_t nparts,
	     unsigned char *sig, size_t *sig_len);
int rsa_verify(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
	       const struct crypto_chunk *parts, size_t nparts,
	       const unsigned char *sig, size_t sig_len);

/* A public key from DER: X.509 SubjectPublicKeyInfo (what the GDOI KD
 * SIG_ALGORITHM_KEY attribute carries) or a bare PKCS#1 RSAPublicKey.
 * The whole buffer must be consumed. NULL if malformed or not RSA. */
EVP_PKEY *rsa_public_from_der(const unsigned char *der, size_t len);
/* SubjectPublicKeyInfo DER of key's public half, in a new OPENSSL_malloc'd
 * buffer (free with OPENSSL_free). 0 ok, -1 error. */
int rsa_public_to_spki(EVP_PKEY *key, unsigned char **der, size_t *len);

#endif
