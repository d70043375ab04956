#include "crypto/prf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

/* One HMAC context per digest, set up once with its digest and never
 * keyed: every prf() call duplicates it and keys the copy. Fetching the
 * MAC and its digest by name on every call (method store lookups under
 * locks) cost a key server as much as the HMAC work itself. The daemon
 * is single-threaded; the cache lives for the process. */
#define PRF_CACHE_SLOTS (CRYPTO_HASH_SHA512 + 1)

static EVP_MAC_CTX *hmac_template(enum crypto_hash h)
{
	static EVP_MAC_CTX *cache[PRF_CACHE_SLOTS];
	const char *digest = crypto_hash_openssl_name(h);
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;

	if (!digest || (unsigned)h >= PRF_CACHE_SLOTS)
		return NULL;
	if (cache[h])
		return cache[h];
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac); /* the context holds its own reference */
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (ctx && EVP_MAC_CTX_set_params(ctx, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	cache[h] = ctx;
	return ctx;
}

int prf(enum crypto_hash h, const void *key, size_t key_len,
	const struct crypto_chunk *parts, size_t nparts, unsigned char *out)
{
	static const unsigned char empty_key[1];
	EVP_MAC_CTX *tmpl = hmac_template(h), *ctx;
	size_t out_len = 0;
	int ok;

	if (!tmpl)
		return -1;
	ctx = EVP_MAC_CTX_dup(tmpl);
	/* HMAC with an empty key is legal; OpenSSL wants a non-NULL pointer. */
	ok = ctx && EVP_MAC_init(ctx, key_len ? key : empty_key, key_len, NULL) == 1;
	for (size_t i = 0; ok && i < nparts; i++)
		if (parts[i].len)
			ok = EVP_MAC_update(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_MAC_final(ctx, out, &out_len, crypto_hash_len(h)) == 1 &&
	     out_len == crypto_hash_len(h);
	EVP_MAC_CTX_free(ctx); /* clears the keyed state */
	return ok ? 0 : -1;
}

int prf1(enum crypto_hash h, const void *key, size_t key_len,
	 const void *data, size_t len, unsigned char *out)
{
	struct crypto_chunk c = { data, len };

	return prf(h, key, key_len, &c, 1, out);
}
