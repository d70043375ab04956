/* An established ISAKMP (phase 1) security association: what Main Mode
 * produces and what GROUPKEY-PULL and notifications consume. Plain data so
 * the phase-1 and phase-2 code can be written and tested independently. */
#ifndef GETVPND_GDOI_IKE_SA_H
#define GETVPND_GDOI_IKE_SA_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define IKE_COOKIE_LEN 8
#define IKE_MAX_HASH_LEN 64  /* SHA-512 */
#define IKE_MAX_KEY_LEN 32   /* AES-256 */
#define IKE_MAX_BLOCK_LEN 16 /* AES */

/* Values are the IKEv1 attribute numbers (RFC 2409 appendix A). */
enum ike_cipher { IKE_CIPHER_DES = 1, IKE_CIPHER_3DES = 5, IKE_CIPHER_AES_CBC = 7 };
enum ike_hash { IKE_HASH_MD5 = 1, IKE_HASH_SHA1 = 2, IKE_HASH_SHA256 = 4,
		IKE_HASH_SHA384 = 5, IKE_HASH_SHA512 = 6 };
enum ike_auth { IKE_AUTH_PSK = 1, IKE_AUTH_RSA_SIG = 3 };

enum ike_role { IKE_INITIATOR, IKE_RESPONDER };

struct ike_sa {
	enum ike_role role;
	struct sockaddr_in local, peer;
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];

	/* negotiated transform */
	enum ike_cipher cipher;
	unsigned key_bits;          /* cipher key length in bits */
	enum ike_hash hash;         /* also the prf (HMAC) */
	enum ike_auth auth;
	unsigned dh_group;          /* IKE group number: 1, 2, 5, 14.. 19.. */
	uint32_t lifetime_s;

	/* keying material (wiped by ike_sa_wipe) */
	uint8_t skeyid_d[IKE_MAX_HASH_LEN];
	uint8_t skeyid_a[IKE_MAX_HASH_LEN];
	uint8_t enc_key[IKE_MAX_KEY_LEN]; /* SKEYID_e expanded to the cipher's key length */
	size_t hash_len, enc_key_len, block_len;
	/* last ciphertext block of phase 1: the base of every phase-2 IV */
	uint8_t phase1_iv[IKE_MAX_BLOCK_LEN];

	struct in_addr peer_id;     /* ID_IPV4_ADDR the peer proved */
	struct timespec established; /* CLOCK_MONOTONIC */
	unsigned conn_id;           /* `show crypto isakmp sa` conn-id, from 1001 */
};

/* OPENSSL_cleanse of every secret field; call before freeing. */
void ike_sa_wipe(struct ike_sa *sa);

#endif
