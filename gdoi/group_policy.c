#include "gdoi/group_policy.h"

#include <openssl/crypto.h>

int gp_tek_cipher_key_len(uint8_t esp_id, uint16_t key_bits)
{
	switch (esp_id) {
	case GP_ESP_DES:
		return key_bits == 0 || key_bits == 64 ? 8 : -1;
	case GP_ESP_3DES:
		return key_bits == 0 || key_bits == 192 ? 24 : -1;
	case GP_ESP_NULL:
		return key_bits == 0 ? 0 : -1;
	case GP_ESP_AES:
		if (key_bits == 128 || key_bits == 192 || key_bits == 256)
			return key_bits / 8;
		return key_bits == 0 ? 16 : -1; /* RFC 3602: 128 when absent */
	case GP_ESP_AES_GCM_16:
		if (key_bits == 128 || key_bits == 192 || key_bits == 256)
			return key_bits / 8 + 4;
		return -1;
	default:
		return -1;
	}
}

int gp_tek_integ_key_len(uint8_t auth_id)
{
	switch (auth_id) {
	case GP_AUTH_NONE: return 0;
	case GP_AUTH_HMAC_MD5: return 16;
	case GP_AUTH_HMAC_SHA1: return 20;
	case GP_AUTH_HMAC_SHA256: return 32;
	case GP_AUTH_HMAC_SHA384: return 48;
	case GP_AUTH_HMAC_SHA512: return 64;
	default: return -1;
	}
}

int gp_kek_key_len(uint8_t alg, uint16_t key_bits)
{
	switch (alg) {
	case GP_KEK_ALG_DES:
		return key_bits == 0 || key_bits == 64 ? 8 : -1;
	case GP_KEK_ALG_3DES:
		return key_bits == 0 || key_bits == 192 ? 24 : -1;
	case GP_KEK_ALG_AES:
		if (key_bits == 128 || key_bits == 192 || key_bits == 256)
			return key_bits / 8;
		return -1;
	default:
		return -1;
	}
}

bool gp_tek_keys_valid(const struct gp_tek *tek)
{
	int klen = gp_tek_cipher_key_len(tek->esp_id, tek->key_bits);
	int ilen = gp_tek_integ_key_len(tek->auth_id);

	/* combined-mode ciphers carry no separate integrity key */
	if (tek->esp_id == GP_ESP_AES_GCM_16 && tek->auth_id != GP_AUTH_NONE)
		return false;
	/* ESP with neither confidentiality nor integrity is not allowed */
	if (tek->esp_id == GP_ESP_NULL && tek->auth_id == GP_AUTH_NONE)
		return false;
	return klen >= 0 && ilen >= 0 && tek->key_len == (size_t)klen &&
	       tek->integ_key_len == (size_t)ilen;
}

bool gp_kek_keys_valid(const struct gp_kek *kek)
{
	int klen = gp_kek_key_len(kek->alg, kek->key_bits);

	return klen > 0 && kek->key_len == (size_t)klen && kek->pubkey_len > 0 &&
	       kek->pubkey_len <= GP_MAX_PUBKEY_LEN;
}

const struct gp_tek *gp_find_tek_const(const struct group_policy *gp, uint32_t spi)
{
	for (unsigned i = 0; i < gp->n_teks && i < GP_MAX_TEKS; i++)
		if (gp->teks[i].spi == spi)
			return &gp->teks[i];
	return NULL;
}

struct gp_tek *gp_find_tek(struct group_policy *gp, uint32_t spi)
{
	return (struct gp_tek *)gp_find_tek_const(gp, spi);
}

struct gp_selector gp_selector_mirror(const struct gp_selector *sel)
{
	struct gp_selector m = *sel;

	m.src = sel->dst;
	m.src_mask = sel->dst_mask;
	m.dst = sel->src;
	m.dst_mask = sel->src_mask;
	m.src_port = sel->dst_port;
	m.dst_port = sel->src_port;
	return m;
}

int gp_mask_prefix(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);
	int n = 0;

	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	/* every bit after the leading ones must be zero */
	if (n < 32 && (m << n) != 0)
		return -1;
	return n;
}

const char *gp_esp_name(uint8_t esp_id, uint16_t key_bits)
{
	switch (esp_id) {
	case GP_ESP_DES: return "esp-des";
	case GP_ESP_3DES: return "esp-3des";
	case GP_ESP_NULL: return "esp-null";
	case GP_ESP_AES:
		return key_bits == 256 ? "esp-aes 256" : key_bits == 192 ? "esp-aes 192" : "esp-aes";
	case GP_ESP_AES_GCM_16:
		return key_bits == 256 ? "esp-gcm 256" : key_bits == 192 ? "esp-gcm 192" : "esp-gcm";
	default: return "unknown";
	}
}

const char *gp_auth_name(uint8_t auth_id)
{
	switch (auth_id) {
	case GP_AUTH_NONE: return "";
	case GP_AUTH_HMAC_MD5: return "esp-md5-hmac";
	case GP_AUTH_HMAC_SHA1: return "esp-sha-hmac";
	case GP_AUTH_HMAC_SHA256: return "esp-sha256-hmac";
	case GP_AUTH_HMAC_SHA384: return "esp-sha384-hmac";
	case GP_AUTH_HMAC_SHA512: return "esp-sha512-hmac";
	default: return "unknown";
	}
}

const char *gp_direction_name(uint8_t direction)
{
	switch (direction) {
	case GP_DIR_SENDER_ONLY: return "Sender Only";
	case GP_DIR_RECEIVER_ONLY: return "Receiver Only";
	case GP_DIR_SYMMETRIC: return "Both";
	default: return "Unknown";
	}
}

const char *gp_addr_preservation_name(uint8_t ap)
{
	switch (ap) {
	case GP_AP_NONE: return "NONE";
	case GP_AP_SOURCE_ONLY: return "SOURCE_ONLY";
	case GP_AP_DESTINATION_ONLY: return "DESTINATION_ONLY";
	case GP_AP_SOURCE_AND_DESTINATION: return "SOURCE_AND_DESTINATION";
	default: return "UNKNOWN";
	}
}

const char *gp_kek_alg_name(uint8_t alg, uint16_t key_bits)
{
	switch (alg) {
	case GP_KEK_ALG_DES: return "DES";
	case GP_KEK_ALG_3DES: return "3DES";
	case GP_KEK_ALG_AES:
		return key_bits == 256 ? "AES 256" : key_bits == 192 ? "AES 192" : "AES 128";
	default: return "UNKNOWN";
	}
}

const char *gp_sig_hash_name(uint8_t hash)
{
	switch (hash) {
	case GP_SIG_HASH_MD5: return "HMAC_AUTH_MD5";
	case GP_SIG_HASH_SHA1: return "HMAC_AUTH_SHA";
	case GP_SIG_HASH_SHA256: return "HMAC_AUTH_SHA256";
	case GP_SIG_HASH_SHA384: return "HMAC_AUTH_SHA384";
	case GP_SIG_HASH_SHA512: return "HMAC_AUTH_SHA512";
	default: return "UNKNOWN";
	}
}

void gp_wipe_keys(struct group_policy *gp)
{
	OPENSSL_cleanse(gp->kek.key, sizeof(gp->kek.key));
	gp->kek.key_len = 0;
	for (unsigned i = 0; i < GP_MAX_TEKS; i++) {
		OPENSSL_cleanse(gp->teks[i].key, sizeof(gp->teks[i].key));
		OPENSSL_cleanse(gp->teks[i].integ_key, sizeof(gp->teks[i].integ_key));
		gp->teks[i].key_len = gp->teks[i].integ_key_len = 0;
	}
}

void gp_wipe(struct group_policy *gp)
{
	OPENSSL_cleanse(gp, sizeof(*gp));
}
