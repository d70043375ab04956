#include "crypto/rsa_sig.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "log/log.h"

/* PKCS#1 v1.5 type-1 padding needs 11 octets of overhead. */
#define PKCS1_OVERHEAD 11

size_t rsa_sig_len(EVP_PKEY *key)
{
	if (!key || !EVP_PKEY_is_a(key, "RSA"))
		return 0;
	return (size_t)EVP_PKEY_get_size(key);
}

/* A context with PKCS#1 v1.5 padding; with a digest set for DigestInfo,
 * none for the raw encoding (OpenSSL then pads the bytes as given). */
static EVP_PKEY_CTX *sig_ctx(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
			     int (*init)(EVP_PKEY_CTX *))
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	const char *md = crypto_hash_openssl_name(h);

	if (!ctx || init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
	    (enc == RSA_SIG_DIGESTINFO &&
	     (!md || EVP_PKEY_CTX_set_signature_md(ctx, EVP_get_digestbyname(md)) != 1))) {
		EVP_PKEY_CTX_free(ctx);
		ERR_clear_error();
		return NULL;
	}
	return ctx;
}

static int digest_len_ok(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
			 size_t digest_len)
{
	size_t modulus = rsa_sig_len(key);

	if (!modulus || digest_len == 0)
		return 0;
	if (enc == RSA_SIG_DIGESTINFO)
		return digest_len == crypto_hash_len(h);
	return enc == RSA_SIG_RAW && digest_len + PKCS1_OVERHEAD <= modulus;
}

int rsa_sign_digest(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
		    const unsigned char *digest, size_t digest_len,
		    unsigned char *sig, size_t *sig_len)
{
	EVP_PKEY_CTX *ctx;
	int ok;

	if (!digest_len_ok(key, h, enc, digest_len) || *sig_len < rsa_sig_len(key))
		return -1;
	ctx = sig_ctx(key, h, enc, EVP_PKEY_sign_init);
	ok = ctx && EVP_PKEY_sign(ctx, sig, sig_len, digest, digest_len) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		log_debug("RSA signature failed: %s", ERR_reason_error_string(ERR_get_error()));
		ERR_clear_error();
	}
	return ok ? 0 : -1;
}

int rsa_verify_digest(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
		      const unsigned char *digest, size_t digest_len,
		      const unsigned char *sig, size_t sig_len)
{
	unsigned char recovered[1024]; /* up to 8192-bit moduli */
	size_t rec_len = sizeof(recovered);
	EVP_PKEY_CTX *ctx;
	int ok;

	if (!digest_len_ok(key, h, enc, digest_len) || sig_len != rsa_sig_len(key) ||
	    sig_len > sizeof(recovered))
		return -1;
	/* Recover what was signed (the bare hash: OpenSSL checks and strips
	 * the padding, and the DigestInfo when a digest is set), then
	 * compare it ourselves in constant time. */
	ctx = sig_ctx(key, h, enc, EVP_PKEY_verify_recover_init);
	ok = ctx && EVP_PKEY_verify_recover(ctx, recovered, &rec_len, sig, sig_len) == 1 &&
	     rec_len == digest_len && CRYPTO_memcmp(recovered, digest, digest_len) == 0;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int rsa_sign(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
	     const struct crypto_chunk *parts, size_t nparts,
	     unsigned char *sig, size_t *sig_len)
{
	unsigned char d[CRYPTO_HASH_MAX_LEN];

	if (crypto_hash_digest(h, parts, nparts, d) < 0)
		return -1;
	return rsa_sign_digest(key, h, enc, d, crypto_hash_len(h), sig, sig_len);
}

int rsa_verify(EVP_PKEY *key, enum crypto_hash h, enum rsa_sig_encoding enc,
	       const struct crypto_chunk *parts, size_t nparts,
	       const unsigned char *sig, size_t sig_len)
{
	unsigned char d[CRYPTO_HASH_MAX_LEN];

	if (crypto_hash_digest(h, parts, nparts, d) < 0)
		return -1;
	return rsa_verify_digest(key, h, enc, d, crypto_hash_len(h), sig, sig_len);
}

static EVP_PKEY *from_spki(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)len);

	if (key && (size_t)(p - der) != len) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

static EVP_PKEY *from_pkcs1(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	EVP_PKEY *key = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);

	if (key && (size_t)(p - der) != len) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

EVP_PKEY *rsa_public_from_der(const unsigned char *der, size_t len)
{
	EVP_PKEY *key;

	if (!der || len == 0 || len > 16384)
		return NULL;
	key = from_spki(der, len);
	if (!key)
		key = from_pkcs1(der, len);
	ERR_clear_error();
	if (key && !EVP_PKEY_is_a(key, "RSA")) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	return key;
}

int rsa_public_to_spki(EVP_PKEY *key, unsigned char **der, size_t *len)
{
	unsigned char *out = NULL;
	int n;

	if (!rsa_sig_len(key))
		return -1;
	n = i2d_PUBKEY(key, &out);
	if (n <= 0)
		return -1;
	*der = out;
	*len = (size_t)n;
	return 0;
}
