/* KEK parameters for rekey messages, from the group policy. */
#include "gdoi/rekey_kek.h"

#include <string.h>

#include <openssl/crypto.h>

static enum crypto_cipher kek_cipher(uint8_t alg)
{
	switch (alg) {
	case GP_KEK_ALG_3DES: return CRYPTO_CIPHER_3DES_CBC;
	case GP_KEK_ALG_AES: return CRYPTO_CIPHER_AES_CBC;
	default: return CRYPTO_CIPHER_NONE;
	}
}

int rekey_kek_from_policy(const struct gp_kek *k, const uint8_t *kd_key, size_t kd_key_len,
			  struct rekey_kek *out)
{
	size_t block;

	memset(out, 0, sizeof(*out));
	out->cipher = kek_cipher(k->alg);
	block = crypto_cipher_block_len(out->cipher);
	out->sig_hash = crypto_hash_from_gdoi_sig(k->sig_hash);
	if (!k->present || block == 0 || out->sig_hash == CRYPTO_HASH_NONE ||
	    !crypto_cipher_key_len_ok(out->cipher, k->key_len))
		goto bad;
	memcpy(out->spi, k->spi, GP_KEK_SPI_LEN);
	out->key_len = k->key_len;
	out->iv_len = block;
	if (!kd_key) {
		memcpy(out->key, k->key, k->key_len);
		return 0;
	}
	if (kd_key_len == k->key_len + block) {
		memcpy(out->iv, kd_key, block);
		kd_key += block;
	} else if (kd_key_len != k->key_len) {
		goto bad;
	}
	memcpy(out->key, kd_key, k->key_len);
	return 0;
bad:
	rekey_kek_wipe(out);
	return -1;
}

void rekey_kek_wipe(struct rekey_kek *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
