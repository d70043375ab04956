/* IKEv1 phase-1 key derivation (RFC 2409 section 5 and appendix B):
 * SKEYID for pre-shared keys and signatures, SKEYID_d/a/e, the cipher key
 * expanded from SKEYID_e, and the authentication hashes HASH_I/HASH_R. */
#ifndef GETVPND_CRYPTO_IKE_KEYS_H
#define GETVPND_CRYPTO_IKE_KEYS_H

#include <stddef.h>

#include "crypto/hash_alg.h"
#include "crypto/secret_buf.h"

#define IKE_COOKIE_LEN 8

/* Everything a phase-1 SA keeps. Free with ike_keys_free(). */
struct ike_keys {
	enum crypto_hash prf;
	struct secret_buf skeyid;
	struct secret_buf skeyid_d;
	struct secret_buf skeyid_a;
	struct secret_buf skeyid_e;
	struct secret_buf enc_key; /* the ISAKMP cipher key (appendix B) */
};

/* Pre-shared key: SKEYID = prf(psk, Ni_b | Nr_b). */
int ike_skeyid_psk(enum crypto_hash h, const void *psk, size_t psk_len,
		   const unsigned char *ni_b, size_t ni_len,
		   const unsigned char *nr_b, size_t nr_len, struct secret_buf *skeyid);
/* Signatures: SKEYID = prf(Ni_b | Nr_b, g^xy). */
int ike_skeyid_sig(enum crypto_hash h, const unsigned char *ni_b, size_t ni_len,
		   const unsigned char *nr_b, size_t nr_len,
		   const unsigned char *gxy, size_t gxy_len, struct secret_buf *skeyid);

/* From SKEYID (already in keys->skeyid, keys->prf set):
 *   SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 *   SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 *   SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 * then enc_key = the first enc_key_len bytes of SKEYID_e, expanded with
 * ike_key_expand() when SKEYID_e is shorter. 0 ok, -1 error (keys wiped). */
int ike_keys_derive(struct ike_keys *keys, const unsigned char *gxy, size_t gxy_len,
		    const unsigned char cky_i[IKE_COOKIE_LEN],
		    const unsigned char cky_r[IKE_COOKIE_LEN], size_t enc_key_len);

/* RFC 2409 appendix B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0) (one zero
 * octet), Kn = prf(SKEYID_e, Kn-1); out gets the first out_len bytes. If
 * SKEYID_e is at least out_len long its prefix is used as-is. */
int ike_key_expand(enum crypto_hash h, const struct secret_buf *skeyid_e,
		   unsigned char *out, size_t out_len);

void ike_keys_free(struct ike_keys *keys);

/* Inputs of HASH_I / HASH_R (RFC 2409 section 5):
 *   HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
 *   HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
 * sai_b is the initiator's whole SA payload body (no generic header);
 * id_b the ID payload body (type, protocol, port, data) of the party the
 * hash authenticates. */
struct ike_auth_input {
	const unsigned char *g_xi;
	size_t g_xi_len;
	const unsigned char *g_xr;
	size_t g_xr_len;
	const unsigned char *cky_i; /* IKE_COOKIE_LEN bytes */
	const unsigned char *cky_r;
	const unsigned char *sai_b;
	size_t sai_b_len;
	const unsigned char *id_b;
	size_t id_b_len;
};

/* out needs crypto_hash_len(keys->prf) bytes. 0 ok, -1 error. */
int ike_hash_i(const struct ike_keys *keys, const struct ike_auth_input *in,
	       unsigned char *out);
int ike_hash_r(const struct ike_keys *keys, const struct ike_auth_input *in,
	       unsigned char *out);
/* Constant-time comparison of a received hash with the computed one:
 * 0 equal, -1 different (or lengths differ). */
int ike_hash_check(const unsigned char *received, size_t received_len,
		   const unsigned char *computed, size_t computed_len);

#endif
