/* Phase-1 keying of one exchange: DH, SKEYID and its descendants, the
 * CBC protection of messages 5 and 6, HASH_I/HASH_R. The algorithms are
 * in crypto/; this file only feeds them the exchange's values. */
#include "gdoi/ike_mm_int.h"

#include "crypto/cipher.h"
#include "crypto/hash_alg.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum crypto_hash prf_of(const struct ike_exchange *x)
{
	return crypto_hash_from_ike((uint16_t)x->sa.hash);
}

static enum crypto_cipher cipher_of(const struct ike_exchange *x)
{
	return crypto_cipher_from_ike((uint16_t)x->sa.cipher);
}

int mm_dh_start(struct ike_exchange *x, uint8_t **pub, size_t *pub_len)
{
	size_t len = dh_public_len(x->sa.dh_group);
	uint8_t *buf;

	if (!len)
		return -1;
	x->dh = dh_keypair_generate(x->sa.dh_group);
	buf = malloc(len);
	if (!x->dh || !buf || dh_keypair_public(x->dh, buf, len) != 0) {
		free(buf);
		return -1;
	}
	*pub = buf;
	*pub_len = len;
	return 0;
}

static int derive_skeyid(struct ike_exchange *x, const struct secret_buf *gxy)
{
	enum crypto_hash h = prf_of(x);

	if (x->sa.auth == IKE_AUTH_PSK)
		return ike_skeyid_psk(h, x->psk, x->psk_len, x->ni, x->ni_len, x->nr, x->nr_len,
				      &x->keys.skeyid);
	return ike_skeyid_sig(h, x->ni, x->ni_len, x->nr, x->nr_len, gxy->data, gxy->len,
			      &x->keys.skeyid);
}

/* Everything from g^xy on: SKEYID, its descendants, the first IV. */
int mm_keys_from_secret(struct ike_exchange *x, const uint8_t *gxy, size_t gxy_len)
{
	size_t key_len = ike_cipher_key_len(x->sa.cipher, x->sa.key_bits);
	size_t block = ike_cipher_block_len(x->sa.cipher);
	struct secret_buf secret = { (unsigned char *)gxy, gxy_len };
	int rc = -1;

	x->keys.prf = prf_of(x);
	if (derive_skeyid(x, &secret) != 0 ||
	    ike_keys_derive(&x->keys, gxy, gxy_len, x->sa.icookie, x->sa.rcookie, key_len) != 0)
		goto out;
	if (iv_phase1_init(x->keys.prf, x->g_xi, x->g_len, x->g_xr, x->g_len, block, &x->iv) != 0)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(x->psk, MM_MAX_PSK);
	if (rc != 0)
		ike_keys_free(&x->keys);
	return rc;
}

/* Peer's KE is known, both nonces are in place: derive everything. */
int mm_derive_keys(struct ike_exchange *x, const uint8_t *peer_pub, size_t peer_len)
{
	struct secret_buf gxy = { 0 };
	int rc = -1;

	if (dh_compute_secret(x->dh, peer_pub, peer_len, &gxy) == 0)
		rc = mm_keys_from_secret(x, gxy.data, gxy.len);
	secret_buf_free(&gxy);
	OPENSSL_cleanse(x->psk, MM_MAX_PSK);
	return rc;
}

int mm_auth_hash(const struct ike_exchange *x, bool of_initiator, const uint8_t *id_b,
		 size_t id_len, uint8_t *out, size_t *out_len)
{
	struct ike_auth_input in = {
		.g_xi = x->g_xi, .g_xi_len = x->g_len,
		.g_xr = x->g_xr, .g_xr_len = x->g_len,
		.cky_i = x->sa.icookie, .cky_r = x->sa.rcookie,
		.sai_b = x->sai_b, .sai_b_len = x->sai_b_len,
		.id_b = id_b, .id_b_len = id_len,
	};
	int rc = of_initiator ? ike_hash_i(&x->keys, &in, out) : ike_hash_r(&x->keys, &in, out);

	*out_len = crypto_hash_len(x->keys.prf);
	return rc;
}

int mm_encrypt(struct ike_exchange *x, uint8_t *body, size_t len)
{
	return iv_cbc_encrypt(cipher_of(x), x->keys.enc_key.data, x->keys.enc_key.len, &x->iv,
			      body, len, &x->iv);
}

int mm_decrypt(const struct ike_exchange *x, const uint8_t *body, size_t len, uint8_t *out,
	       struct ike_iv *next)
{
	memcpy(out, body, len);
	return iv_cbc_decrypt(cipher_of(x), x->keys.enc_key.data, x->keys.enc_key.len, &x->iv,
			      out, len, next);
}

/* Copies the keys into the plain-data SA handed to phase 2. */
void mm_fill_sa(struct ike_exchange *x)
{
	struct ike_sa *sa = &x->sa;

	sa->hash_len = x->keys.skeyid_a.len;
	memcpy(sa->skeyid_d, x->keys.skeyid_d.data, x->keys.skeyid_d.len);
	memcpy(sa->skeyid_a, x->keys.skeyid_a.data, x->keys.skeyid_a.len);
	sa->enc_key_len = x->keys.enc_key.len;
	memcpy(sa->enc_key, x->keys.enc_key.data, x->keys.enc_key.len);
	sa->block_len = x->iv.len;
	memcpy(sa->phase1_iv, x->iv.bytes, x->iv.len);
	clock_gettime(CLOCK_MONOTONIC, &sa->established);
}
