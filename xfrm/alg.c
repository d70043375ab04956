/* The transform table: which kernel algorithm each transform-set name means. */
#include "xfrm/alg.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

static const struct gv_alg algs[] = {
	{ "esp-aes", "cbc(aes)", GV_ALG_ENC, 128, 0, 0, 1 },
	{ "esp-aes", "cbc(aes)", GV_ALG_ENC, 192, 0, 0, 0 },
	{ "esp-aes", "cbc(aes)", GV_ALG_ENC, 256, 0, 0, 0 },
	{ "esp-3des", "cbc(des3_ede)", GV_ALG_ENC, 192, 0, 0, 1 },
	{ "esp-null", "ecb(cipher_null)", GV_ALG_ENC, 0, 0, 0, 1 },
	{ "esp-gcm", "rfc4106(gcm(aes))", GV_ALG_AEAD, 128, 32, 128, 1 },
	{ "esp-gcm", "rfc4106(gcm(aes))", GV_ALG_AEAD, 192, 32, 128, 0 },
	{ "esp-gcm", "rfc4106(gcm(aes))", GV_ALG_AEAD, 256, 32, 128, 0 },
	{ "esp-gmac", "rfc4543(gcm(aes))", GV_ALG_AEAD, 128, 32, 128, 1 },
	{ "esp-gmac", "rfc4543(gcm(aes))", GV_ALG_AEAD, 192, 32, 128, 0 },
	{ "esp-gmac", "rfc4543(gcm(aes))", GV_ALG_AEAD, 256, 32, 128, 0 },
	{ "esp-md5-hmac", "hmac(md5)", GV_ALG_AUTH, 128, 0, 96, 1 },
	{ "esp-sha-hmac", "hmac(sha1)", GV_ALG_AUTH, 160, 0, 96, 1 },
	{ "esp-sha256-hmac", "hmac(sha256)", GV_ALG_AUTH, 256, 0, 128, 1 },
	{ "esp-sha384-hmac", "hmac(sha384)", GV_ALG_AUTH, 384, 0, 192, 1 },
	{ "esp-sha512-hmac", "hmac(sha512)", GV_ALG_AUTH, 512, 0, 256, 1 },
};

const struct gv_alg *gv_alg_table(size_t *count)
{
	*count = sizeof(algs) / sizeof(algs[0]);
	return algs;
}

const struct gv_alg *gv_alg_find(const char *config_name, unsigned key_bits)
{
	if (!config_name)
		return NULL;
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (strcmp(algs[i].config_name, config_name) != 0)
			continue;
		if (key_bits ? algs[i].key_bits == key_bits : algs[i].is_default)
			return &algs[i];
	}
	return NULL;
}

const struct gv_alg *gv_alg_by_kernel_name(const char *kernel_name, unsigned key_bits)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (strcmp(algs[i].kernel_name, kernel_name) == 0 &&
		    (unsigned)(algs[i].key_bits + algs[i].salt_bits) == key_bits)
			return &algs[i];
	return NULL;
}

static size_t key_bytes(const struct gv_alg *alg)
{
	return (size_t)(alg->key_bits + alg->salt_bits) / 8;
}

static int check_kind(const struct gv_alg *enc, const struct gv_alg *auth, char *err, size_t errlen)
{
	if (!enc || enc->kind == GV_ALG_AUTH) {
		snprintf(err, errlen, "no encryption transform given");
		return -1;
	}
	if (enc->kind == GV_ALG_AEAD && auth) {
		snprintf(err, errlen, "%s is combined mode: it takes no separate %s", enc->config_name,
			 auth->config_name);
		return -1;
	}
	if (enc->kind == GV_ALG_ENC && (!auth || auth->kind != GV_ALG_AUTH)) {
		snprintf(err, errlen, "%s needs an authentication transform (esp-sha-hmac, ...)",
			 enc->config_name);
		return -1;
	}
	return 0;
}

int gv_keys_set(struct gv_xfrm_keys *keys, const struct gv_alg *enc, const void *enc_key,
		size_t enc_len, const struct gv_alg *auth, const void *auth_key, size_t auth_len,
		char *err, size_t errlen)
{
	gv_keys_wipe(keys);
	if (check_kind(enc, auth, err, errlen) < 0)
		return -1;
	if (enc_len != key_bytes(enc) || enc_len > sizeof(keys->enc_key)) {
		snprintf(err, errlen, "%s %u: key is %zu bytes, expected %zu", enc->config_name,
			 enc->key_bits, enc_len, key_bytes(enc));
		return -1;
	}
	if (auth && (auth_len != key_bytes(auth) || auth_len > sizeof(keys->auth_key))) {
		snprintf(err, errlen, "%s: key is %zu bytes, expected %zu", auth->config_name,
			 auth_len, key_bytes(auth));
		return -1;
	}
	keys->enc = enc;
	keys->auth = auth;
	if (enc_len)
		memcpy(keys->enc_key, enc_key, enc_len);
	keys->enc_key_len = enc_len;
	if (auth && auth_len)
		memcpy(keys->auth_key, auth_key, auth_len);
	keys->auth_key_len = auth ? auth_len : 0;
	return 0;
}

void gv_keys_wipe(struct gv_xfrm_keys *keys)
{
	OPENSSL_cleanse(keys, sizeof(*keys));
	keys->enc = NULL;
	keys->auth = NULL;
}
