/* Diffie-Hellman for IKEv1 phase 1: MODP groups 1, 2, 5, 14, 15, 16
 * (RFC 2409 section 6, RFC 3526) and ECP groups 19, 20, 21 (RFC 5903).
 * Group numbers are the IANA "Group Description" values. */
#ifndef GETVPND_CRYPTO_DH_H
#define GETVPND_CRYPTO_DH_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/secret_buf.h"

enum dh_group {
	DH_GROUP_MODP_768 = 1,
	DH_GROUP_MODP_1024 = 2,
	DH_GROUP_MODP_1536 = 5,
	DH_GROUP_MODP_2048 = 14,
	DH_GROUP_MODP_3072 = 15,
	DH_GROUP_MODP_4096 = 16,
	DH_GROUP_ECP_256 = 19,
	DH_GROUP_ECP_384 = 20,
	DH_GROUP_ECP_521 = 21,
};

bool dh_group_supported(unsigned group);
/* "MODP_1024", "ECP_256"...; "unknown" otherwise. */
const char *dh_group_name(unsigned group);
/* Length of the KE payload data: the prime length for MODP, x|y (two
 * field elements, no 0x04 prefix) for ECP. 0 if unsupported. */
size_t dh_public_len(unsigned group);
/* Length of g^xy: the prime length for MODP, one field element (the x
 * coordinate, RFC 5903 section 7) for ECP. 0 if unsupported. */
size_t dh_secret_len(unsigned group);

struct dh_keypair;

/* A fresh private/public pair from the OpenSSL DRBG; NULL on error (logged). */
struct dh_keypair *dh_keypair_generate(unsigned group);
/* A key pair from a known private value (big-endian, at most the field
 * length): for known-answer tests. The value must lie in 2..p-2 (MODP)
 * or 1..n-1 (ECP, n the curve order). NULL if out of range or on error. */
struct dh_keypair *dh_keypair_from_private(unsigned group, const unsigned char *priv,
					   size_t priv_len);
unsigned dh_keypair_group(const struct dh_keypair *kp);
/* Writes the public value, left-padded to exactly dh_public_len() bytes.
 * 0 ok, -1 if out_len differs from dh_public_len(). */
int dh_keypair_public(const struct dh_keypair *kp, unsigned char *out, size_t out_len);
/* g^xy from the peer's KE data. The peer value must have exactly
 * dh_public_len() bytes; MODP values must lie in 2..p-2, ECP points on
 * the curve. The secret is left-padded to dh_secret_len() bytes.
 * 0 ok, -1 rejected or error (secret left empty). */
int dh_compute_secret(const struct dh_keypair *kp, const unsigned char *peer,
		      size_t peer_len, struct secret_buf *secret);
/* Wipes the private key. NULL is fine. */
void dh_keypair_free(struct dh_keypair *kp);

#endif
