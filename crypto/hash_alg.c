#include "crypto/hash_alg.h"

#include <openssl/evp.h>

struct hash_info {
	enum crypto_hash id;
	const char *name;
	const char *openssl_name;
	size_t len;
	uint16_t ike;	   /* phase-1 HASH_ALGORITHM */
	uint16_t gdoi_sig; /* GDOI SIG_HASH_ALGORITHM */
};

static const struct hash_info hashes[] = {
	{ CRYPTO_HASH_MD5, "MD5", "MD5", 16, 1, 1 },
	{ CRYPTO_HASH_SHA1, "SHA1", "SHA1", 20, 2, 2 },
	{ CRYPTO_HASH_SHA256, "SHA256", "SHA2-256", 32, 4, 3 },
	{ CRYPTO_HASH_SHA384, "SHA384", "SHA2-384", 48, 5, 4 },
	{ CRYPTO_HASH_SHA512, "SHA512", "SHA2-512", 64, 6, 5 },
};

static const struct hash_info *hash_info(enum crypto_hash h)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].id == h)
			return &hashes[i];
	return NULL;
}

size_t crypto_hash_len(enum crypto_hash h)
{
	const struct hash_info *hi = hash_info(h);

	return hi ? hi->len : 0;
}

const char *crypto_hash_name(enum crypto_hash h)
{
	const struct hash_info *hi = hash_info(h);

	return hi ? hi->name : "unknown";
}

const char *crypto_hash_openssl_name(enum crypto_hash h)
{
	const struct hash_info *hi = hash_info(h);

	return hi ? hi->openssl_name : NULL;
}

enum crypto_hash crypto_hash_from_ike(uint16_t value)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].ike == value)
			return hashes[i].id;
	return CRYPTO_HASH_NONE;
}

uint16_t crypto_hash_to_ike(enum crypto_hash h)
{
	const struct hash_info *hi = hash_info(h);

	return hi ? hi->ike : 0;
}

enum crypto_hash crypto_hash_from_gdoi_sig(uint16_t value)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].gdoi_sig == value)
			return hashes[i].id;
	return CRYPTO_HASH_NONE;
}

uint16_t crypto_hash_to_gdoi_sig(enum crypto_hash h)
{
	const struct hash_info *hi = hash_info(h);

	return hi ? hi->gdoi_sig : 0;
}

/* Fetched once per digest and kept: a fetch by name per message is a
 * method store lookup under locks. The daemon is single-threaded. */
static const EVP_MD *cached_md(enum crypto_hash h)
{
	static EVP_MD *cache[CRYPTO_HASH_SHA512 + 1];
	const char *name = crypto_hash_openssl_name(h);

	if (!name || (unsigned)h > CRYPTO_HASH_SHA512)
		return NULL;
	if (!cache[h])
		cache[h] = EVP_MD_fetch(NULL, name, NULL);
	return cache[h];
}

int crypto_hash_digest(enum crypto_hash h, const struct crypto_chunk *parts,
		       size_t nparts, unsigned char *out)
{
	const EVP_MD *md = cached_md(h);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok = md && ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1;

	for (size_t i = 0; ok && i < nparts; i++)
		if (parts[i].len)
			ok = EVP_DigestUpdate(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == crypto_hash_len(h);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}
