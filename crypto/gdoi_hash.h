/* GDOI message hashes (RFC 6407 section 3.2 and 4.x):
 * GROUPKEY-PULL, keyed with SKEYID_a of the phase-1 SA:
 *   HASH(1) = prf(SKEYID_a, M-ID | Ni | ID)
 *   HASH(2) = prf(SKEYID_a, M-ID | Ni_b | Nr | SA)
 *   HASH(3) = prf(SKEYID_a, M-ID | Ni_b | Nr_b [| GAP])
 *   HASH(4) = prf(SKEYID_a, M-ID | Ni_b | Nr_b [| SEQ] | KD)
 * "Ni", "ID", "SA"... are whole payloads with their generic headers,
 * exactly as they follow the HASH payload in the message (up to the end
 * of the last payload, without ISAKMP padding); Ni_b/Nr_b are nonce
 * bodies. The msg_no 1 form, prf(SKEYID_a, M-ID | payloads), is also the
 * HASH(1) of ISAKMP Informational exchanges (RFC 2409 section 5.7).
 * GROUPKEY-PUSH signs hash("rekey" | ISAKMP header | payloads before SIG).
 * The signed header is the wire header except its length field: the
 * unpadded length of the message including the SIG payload (the
 * reference logs show 400 signed where 404 with padding was sent). */
#ifndef GETVPND_CRYPTO_GDOI_HASH_H
#define GETVPND_CRYPTO_GDOI_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash_alg.h"

#define ISAKMP_HEADER_LEN 28

struct gdoi_pull_hash_input {
	unsigned msg_no; /* 1..4 */
	uint32_t msgid;	 /* host order; hashed in network order */
	const unsigned char *ni_b; /* messages 2, 3, 4 */
	size_t ni_len;
	const unsigned char *nr_b; /* messages 3, 4 */
	size_t nr_len;
	const unsigned char *after_hash; /* the payloads after HASH */
	size_t after_len;
};

/* out needs crypto_hash_len(h) bytes. 0 ok, -1 error (bad msg_no, a
 * nonce missing for the message). */
int gdoi_pull_hash(enum crypto_hash h, const unsigned char *skeyid_a, size_t skeyid_a_len,
		   const struct gdoi_pull_hash_input *in, unsigned char *out);
/* Computes the hash and compares it with the received one in constant
 * time: 0 match, -1 mismatch or error. */
int gdoi_pull_hash_check(enum crypto_hash h, const unsigned char *skeyid_a,
			 size_t skeyid_a_len, const struct gdoi_pull_hash_input *in,
			 const unsigned char *received, size_t received_len);

/* The digest a GROUPKEY-PUSH signature covers: h("rekey" | header |
 * payloads), header = the ISAKMP_HEADER_LEN bytes of the rekey header with
 * the length field set as described above, payloads = every payload before
 * SIG, with generic headers. Sign or verify it with rsa_*_digest().
 * out needs crypto_hash_len(h) bytes. 0 ok, -1 error. */
int gdoi_rekey_digest(enum crypto_hash h, const unsigned char header[ISAKMP_HEADER_LEN],
		      const unsigned char *payloads, size_t payloads_len,
		      unsigned char *out);

#endif
