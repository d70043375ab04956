/* Transform-set algorithm names mapped to the kernel's crypto names and key sizes. */
#ifndef GETVPND_XFRM_ALG_H
#define GETVPND_XFRM_ALG_H

#include <stddef.h>
#include <stdint.h>

enum gv_alg_kind { GV_ALG_ENC, GV_ALG_AUTH, GV_ALG_AEAD };

struct gv_alg {
	const char *config_name;	/* IOS transform-set keyword, e.g. "esp-aes" */
	const char *kernel_name;	/* e.g. "cbc(aes)" */
	enum gv_alg_kind kind;
	uint16_t key_bits;		/* key length the kernel expects (AEAD: without salt) */
	uint16_t salt_bits;		/* AEAD nonce salt appended to the key */
	uint16_t icv_bits;		/* AUTH: truncation; AEAD: ICV length */
	uint8_t is_default;		/* default key size when the config names none */
};

#define GV_ENC_KEY_MAX	36	/* AES-256 + GCM salt */
#define GV_AUTH_KEY_MAX	64	/* HMAC-SHA-512 */

struct gv_xfrm_keys {
	const struct gv_alg *enc;	/* GV_ALG_ENC or GV_ALG_AEAD */
	const struct gv_alg *auth;	/* GV_ALG_AUTH, NULL with AEAD */
	uint8_t enc_key[GV_ENC_KEY_MAX];
	size_t enc_key_len;
	uint8_t auth_key[GV_AUTH_KEY_MAX];
	size_t auth_key_len;
};

/* Finds a transform by its config name and key size in bits (0 = the default size). */
const struct gv_alg *gv_alg_find(const char *config_name, unsigned key_bits);

/* The entry for a kernel algorithm name and key size (bits, AEAD: with salt), for dumps. */
const struct gv_alg *gv_alg_by_kernel_name(const char *kernel_name, unsigned key_bits);

/* All entries, for listings; *count receives their number. */
const struct gv_alg *gv_alg_table(size_t *count);

/* Copies keys into *keys after checking that each length matches its algorithm
 * (AEAD: key plus salt). Returns 0, or -1 with a message in err. */
int gv_keys_set(struct gv_xfrm_keys *keys, const struct gv_alg *enc, const void *enc_key,
		size_t enc_len, const struct gv_alg *auth, const void *auth_key, size_t auth_len,
		char *err, size_t errlen);

/* Wipes key material. */
void gv_keys_wipe(struct gv_xfrm_keys *keys);

#endif
