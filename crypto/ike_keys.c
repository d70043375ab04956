#include "crypto/ike_keys.h"

#include <string.h>

#include <openssl/crypto.h>

#include "crypto/prf.h"

/* prf into a fresh secret_buf of the hash length. */
static int prf_to_secret(enum crypto_hash h, const void *key, size_t key_len,
			 const struct crypto_chunk *parts, size_t nparts, struct secret_buf *out)
{
	size_t len = crypto_hash_len(h);

	if (!len || secret_buf_alloc(out, len) < 0)
		return -1;
	if (prf(h, key, key_len, parts, nparts, out->data) < 0) {
		secret_buf_free(out);
		return -1;
	}
	return 0;
}

int ike_skeyid_psk(enum crypto_hash h, const void *psk, size_t psk_len,
		   const unsigned char *ni_b, size_t ni_len,
		   const unsigned char *nr_b, size_t nr_len, struct secret_buf *skeyid)
{
	struct crypto_chunk parts[] = { { ni_b, ni_len }, { nr_b, nr_len } };

	return prf_to_secret(h, psk, psk_len, parts, 2, skeyid);
}

int ike_skeyid_sig(enum crypto_hash h, const unsigned char *ni_b, size_t ni_len,
		   const unsigned char *nr_b, size_t nr_len,
		   const unsigned char *gxy, size_t gxy_len, struct secret_buf *skeyid)
{
	struct secret_buf key = { 0 };
	struct crypto_chunk part = { gxy, gxy_len };
	int rc;

	/* The key is Ni_b | Nr_b: build it contiguously. */
	if (secret_buf_alloc(&key, ni_len + nr_len) < 0)
		return -1;
	memcpy(key.data, ni_b, ni_len);
	memcpy(key.data + ni_len, nr_b, nr_len);
	rc = prf_to_secret(h, key.data, key.len, &part, 1, skeyid);
	secret_buf_free(&key);
	return rc;
}

int ike_key_expand(enum crypto_hash h, const struct secret_buf *skeyid_e,
		   unsigned char *out, size_t out_len)
{
	size_t hlen = crypto_hash_len(h), done = 0;
	unsigned char k[CRYPTO_HASH_MAX_LEN];
	static const unsigned char zero = 0;
	int rc = 0;

	if (!hlen || !skeyid_e->data)
		return -1;
	if (skeyid_e->len >= out_len) {
		memcpy(out, skeyid_e->data, out_len);
		return 0;
	}
	/* K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1). */
	rc = prf1(h, skeyid_e->data, skeyid_e->len, &zero, 1, k);
	while (rc == 0) {
		size_t n = out_len - done < hlen ? out_len - done : hlen;

		memcpy(out + done, k, n);
		done += n;
		if (done == out_len)
			break;
		rc = prf1(h, skeyid_e->data, skeyid_e->len, k, hlen, k);
	}
	OPENSSL_cleanse(k, sizeof(k));
	if (rc < 0)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

int ike_keys_derive(struct ike_keys *keys, const unsigned char *gxy, size_t gxy_len,
		    const unsigned char cky_i[IKE_COOKIE_LEN],
		    const unsigned char cky_r[IKE_COOKIE_LEN], size_t enc_key_len)
{
	enum crypto_hash h = keys->prf;
	const struct secret_buf *sk = &keys->skeyid;
	unsigned char n0 = 0, n1 = 1, n2 = 2;
	struct crypto_chunk d[] = { { gxy, gxy_len }, { cky_i, IKE_COOKIE_LEN },
				    { cky_r, IKE_COOKIE_LEN }, { &n0, 1 } };
	struct crypto_chunk a[] = { { NULL, 0 }, { gxy, gxy_len }, { cky_i, IKE_COOKIE_LEN },
				    { cky_r, IKE_COOKIE_LEN }, { &n1, 1 } };
	struct crypto_chunk e[] = { { NULL, 0 }, { gxy, gxy_len }, { cky_i, IKE_COOKIE_LEN },
				    { cky_r, IKE_COOKIE_LEN }, { &n2, 1 } };

	if (!sk->data || !crypto_hash_len(h))
		return -1;
	if (prf_to_secret(h, sk->data, sk->len, d, 4, &keys->skeyid_d) < 0)
		goto fail;
	a[0] = (struct crypto_chunk){ keys->skeyid_d.data, keys->skeyid_d.len };
	if (prf_to_secret(h, sk->data, sk->len, a, 5, &keys->skeyid_a) < 0)
		goto fail;
	e[0] = (struct crypto_chunk){ keys->skeyid_a.data, keys->skeyid_a.len };
	if (prf_to_secret(h, sk->data, sk->len, e, 5, &keys->skeyid_e) < 0)
		goto fail;
	if (secret_buf_alloc(&keys->enc_key, enc_key_len) < 0 ||
	    ike_key_expand(h, &keys->skeyid_e, keys->enc_key.data, enc_key_len) < 0)
		goto fail;
	return 0;
fail:
	ike_keys_free(keys);
	return -1;
}

void ike_keys_free(struct ike_keys *keys)
{
	secret_buf_free(&keys->skeyid);
	secret_buf_free(&keys->skeyid_d);
	secret_buf_free(&keys->skeyid_a);
	secret_buf_free(&keys->skeyid_e);
	secret_buf_free(&keys->enc_key);
}

static int auth_hash(const struct ike_keys *keys, const struct ike_auth_input *in,
		     int responder, unsigned char *out)
{
	struct crypto_chunk gi = { in->g_xi, in->g_xi_len }, gr = { in->g_xr, in->g_xr_len };
	struct crypto_chunk ci = { in->cky_i, IKE_COOKIE_LEN }, cr = { in->cky_r, IKE_COOKIE_LEN };
	struct crypto_chunk parts[] = {
		responder ? gr : gi, responder ? gi : gr,
		responder ? cr : ci, responder ? ci : cr,
		{ in->sai_b, in->sai_b_len }, { in->id_b, in->id_b_len },
	};

	if (!keys->skeyid.data || !in->cky_i || !in->cky_r)
		return -1;
	return prf(keys->prf, keys->skeyid.data, keys->skeyid.len, parts, 6, out);
}

int ike_hash_i(const struct ike_keys *keys, const struct ike_auth_input *in,
	       unsigned char *out)
{
	return auth_hash(keys, in, 0, out);
}

int ike_hash_r(const struct ike_keys *keys, const struct ike_auth_input *in,
	       unsigned char *out)
{
	return auth_hash(keys, in, 1, out);
}

int ike_hash_check(const unsigned char *received, size_t received_len,
		   const unsigned char *computed, size_t computed_len)
{
	if (received_len != computed_len || computed_len == 0)
		return -1;
	return CRYPTO_memcmp(received, computed, computed_len) == 0 ? 0 : -1;
}
