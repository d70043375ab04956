#include "crypto/cipher.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "log/log.h"

const char *crypto_cipher_name(enum crypto_cipher c)
{
	switch (c) {
	case CRYPTO_CIPHER_3DES_CBC:
		return "3DES-CBC";
	case CRYPTO_CIPHER_AES_CBC:
		return "AES-CBC";
	default:
		return "unknown";
	}
}

size_t crypto_cipher_block_len(enum crypto_cipher c)
{
	switch (c) {
	case CRYPTO_CIPHER_3DES_CBC:
		return 8;
	case CRYPTO_CIPHER_AES_CBC:
		return 16;
	default:
		return 0;
	}
}

int crypto_cipher_key_len_ok(enum crypto_cipher c, size_t key_len)
{
	switch (c) {
	case CRYPTO_CIPHER_3DES_CBC:
		return key_len == 24;
	case CRYPTO_CIPHER_AES_CBC:
		return key_len == 16 || key_len == 24 || key_len == 32;
	default:
		return 0;
	}
}

size_t crypto_cipher_key_len(enum crypto_cipher c, unsigned key_bits)
{
	if (c == CRYPTO_CIPHER_3DES_CBC)
		return key_bits == 0 || key_bits == 192 ? 24 : 0;
	if (key_bits % 8 || !crypto_cipher_key_len_ok(c, key_bits / 8))
		return 0;
	return key_bits / 8;
}

enum crypto_cipher crypto_cipher_from_ike(uint16_t value)
{
	switch (value) {
	case 5:
		return CRYPTO_CIPHER_3DES_CBC;
	case 7:
		return CRYPTO_CIPHER_AES_CBC;
	default:
		return CRYPTO_CIPHER_NONE;
	}
}

uint16_t crypto_cipher_to_ike(enum crypto_cipher c)
{
	return c == CRYPTO_CIPHER_3DES_CBC ? 5 : c == CRYPTO_CIPHER_AES_CBC ? 7 : 0;
}

enum crypto_cipher crypto_cipher_from_gdoi_kek(uint16_t value)
{
	switch (value) {
	case 2:
		return CRYPTO_CIPHER_3DES_CBC;
	case 3:
		return CRYPTO_CIPHER_AES_CBC;
	default:
		return CRYPTO_CIPHER_NONE;
	}
}

uint16_t crypto_cipher_to_gdoi_kek(enum crypto_cipher c)
{
	return c == CRYPTO_CIPHER_3DES_CBC ? 2 : c == CRYPTO_CIPHER_AES_CBC ? 3 : 0;
}

static const char *openssl_cipher_name(enum crypto_cipher c, size_t key_len)
{
	if (c == CRYPTO_CIPHER_3DES_CBC)
		return "DES-EDE3-CBC";
	if (c != CRYPTO_CIPHER_AES_CBC)
		return NULL;
	return key_len == 16 ? "AES-128-CBC" : key_len == 24 ? "AES-192-CBC" : "AES-256-CBC";
}

/* Fetched once per algorithm and kept (see crypto/hash_alg.c). */
static const EVP_CIPHER *cached_cipher(enum crypto_cipher c, size_t key_len)
{
	static const char *const names[] = { "DES-EDE3-CBC", "AES-128-CBC", "AES-192-CBC",
					     "AES-256-CBC" };
	static EVP_CIPHER *cache[sizeof(names) / sizeof(names[0])];
	const char *name = openssl_cipher_name(c, key_len);

	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) != 0)
			continue;
		if (!cache[i])
			cache[i] = EVP_CIPHER_fetch(NULL, name, NULL);
		return cache[i];
	}
	return NULL;
}

static int cbc(int enc, enum crypto_cipher c, const unsigned char *key, size_t key_len,
	       const unsigned char *iv, size_t iv_len, const unsigned char *in, size_t len,
	       unsigned char *out)
{
	size_t block = crypto_cipher_block_len(c);
	const EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx;
	int outl = 0, finl = 0, ok;

	if (!block || !crypto_cipher_key_len_ok(c, key_len) || iv_len != block ||
	    len % block || len > INT_MAX) {
		log_debug("%s: bad lengths (key %zu, iv %zu, data %zu)", crypto_cipher_name(c),
			  key_len, iv_len, len);
		return -1;
	}
	if (len == 0)
		return 0;
	cipher = cached_cipher(c, key_len);
	ctx = EVP_CIPHER_CTX_new();
	ok = cipher && ctx && EVP_CipherInit_ex2(ctx, cipher, key, iv, enc, NULL) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_CipherUpdate(ctx, out, &outl, in, (int)len) == 1 &&
	     EVP_CipherFinal_ex(ctx, out + outl, &finl) == 1 && (size_t)(outl + finl) == len;
	EVP_CIPHER_CTX_free(ctx); /* wipes the key schedule */
	if (!ok) {
		OPENSSL_cleanse(out, len);
		log_debug("%s: OpenSSL cipher failure", crypto_cipher_name(c));
	}
	return ok ? 0 : -1;
}

int crypto_cbc_encrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		       const unsigned char *iv, size_t iv_len,
		       const unsigned char *in, size_t len, unsigned char *out)
{
	return cbc(1, c, key, key_len, iv, iv_len, in, len, out);
}

int crypto_cbc_decrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		       const unsigned char *iv, size_t iv_len,
		       const unsigned char *in, size_t len, unsigned char *out)
{
	return cbc(0, c, key, key_len, iv, iv_len, in, len, out);
}
