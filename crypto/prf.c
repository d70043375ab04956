#include "crypto/prf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

int prf(enum crypto_hash h, const void *key, size_t key_len,
	const struct crypto_chunk *parts, size_t nparts, unsigned char *out)
{
	const char *digest = crypto_hash_openssl_name(h);
	static const unsigned char empty_key[1];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	size_t out_len = 0;
	int ok;

	if (!digest)
		return -1;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* HMAC with an empty key is legal; OpenSSL wants a non-NULL pointer. */
	ok = ctx && EVP_MAC_init(ctx, key_len ? key : empty_key, key_len, params) == 1;
	for (size_t i = 0; ok && i < nparts; i++)
		if (parts[i].len)
			ok = EVP_MAC_update(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_MAC_final(ctx, out, &out_len, crypto_hash_len(h)) == 1 &&
	     out_len == crypto_hash_len(h);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? 0 : -1;
}

int prf1(enum crypto_hash h, const void *key, size_t key_len,
	 const void *data, size_t len, unsigned char *out)
{
	struct crypto_chunk c = { data, len };

	return prf(h, key, key_len, &c, 1, out);
}
