/* The hash functions of ISAKMP and GDOI, and the numbers each protocol
 * gives them. */
#ifndef GETVPND_CRYPTO_HASH_ALG_H
#define GETVPND_CRYPTO_HASH_ALG_H

#include <stddef.h>
#include <stdint.h>

enum crypto_hash {
	CRYPTO_HASH_NONE = 0,
	CRYPTO_HASH_MD5,
	CRYPTO_HASH_SHA1,
	CRYPTO_HASH_SHA256,
	CRYPTO_HASH_SHA384,
	CRYPTO_HASH_SHA512,
};

#define CRYPTO_HASH_MAX_LEN 64

/* One piece of a concatenation: prf(key, a | b | c) takes three chunks. */
struct crypto_chunk {
	const void *data;
	size_t len;
};

/* Output length in bytes, 0 for an unknown value. */
size_t crypto_hash_len(enum crypto_hash h);
/* "MD5", "SHA1", "SHA256"... ; "unknown" otherwise. */
const char *crypto_hash_name(enum crypto_hash h);
/* Name OpenSSL knows the digest by ("SHA1", "SHA2-256"...), NULL if unknown. */
const char *crypto_hash_openssl_name(enum crypto_hash h);

/* Phase-1 HASH_ALGORITHM attribute values (RFC 2409 appendix A, IANA:
 * MD5 1, SHA 2, SHA2-256 4, SHA2-384 5, SHA2-512 6). NONE if unsupported. */
enum crypto_hash crypto_hash_from_ike(uint16_t value);
uint16_t crypto_hash_to_ike(enum crypto_hash h);
/* GDOI SIG_HASH_ALGORITHM values (RFC 6407 section 5.3: MD5 1, SHA1 2,
 * SHA256 3, SHA384 4, SHA512 5). NONE if unsupported. */
enum crypto_hash crypto_hash_from_gdoi_sig(uint16_t value);
uint16_t crypto_hash_to_gdoi_sig(enum crypto_hash h);

/* Plain digest of the concatenated chunks. out needs crypto_hash_len(h)
 * bytes. 0 ok, -1 error. */
int crypto_hash_digest(enum crypto_hash h, const struct crypto_chunk *parts,
		       size_t nparts, unsigned char *out);

#endif
