/* IPsec transform sets and profiles (the TEK policy a key server hands out). */
#ifndef GETVPND_CONFIG_IPSEC_H
#define GETVPND_CONFIG_IPSEC_H

#include "config-parser/parse_util.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/queue.h>

enum esp_cipher { ESP_CIPHER_DES, ESP_CIPHER_3DES, ESP_CIPHER_AES, ESP_CIPHER_GCM,
		  ESP_CIPHER_GMAC, ESP_CIPHER_NULL };
enum esp_auth { ESP_AUTH_NONE, ESP_AUTH_MD5, ESP_AUTH_SHA1, ESP_AUTH_SHA256,
		ESP_AUTH_SHA384, ESP_AUTH_SHA512 };
enum ipsec_mode { IPSEC_MODE_TUNNEL, IPSEC_MODE_TRANSPORT };

#define IPSEC_PROFILE_MAX_SETS 6
#define IPSEC_DEFAULT_SA_LIFETIME 3600
#define IPSEC_SA_LIFETIME_MIN 120
#define IPSEC_SA_LIFETIME_MAX 86400

struct transform_set {
	TAILQ_ENTRY(transform_set) link;
	char name[CONFIG_NAME_MAX + 1];
	enum esp_cipher cipher;
	unsigned key_bits;        /* AES/GCM/GMAC: 128/192/256; else 0 */
	enum esp_auth auth;
	enum ipsec_mode mode;
};
TAILQ_HEAD(transform_set_list, transform_set);

struct ipsec_profile {
	TAILQ_ENTRY(ipsec_profile) link;
	char name[CONFIG_NAME_MAX + 1];
	char sets[IPSEC_PROFILE_MAX_SETS][CONFIG_NAME_MAX + 1];
	unsigned set_count;
	unsigned sa_lifetime;     /* seconds: the TEK lifetime */
};
TAILQ_HEAD(ipsec_profile_list, ipsec_profile);

struct ipsec_config {
	struct transform_set_list transform_sets;
	struct ipsec_profile_list profiles;
};

/* IOS keywords: "esp-aes", "esp-sha256-hmac"... */
const char *esp_cipher_keyword(enum esp_cipher cipher);
const char *esp_auth_keyword(enum esp_auth auth);
bool esp_cipher_from_keyword(const char *word, enum esp_cipher *out);
bool esp_auth_from_keyword(const char *word, enum esp_auth *out);
bool esp_cipher_is_aead(enum esp_cipher cipher);

void ipsec_config_init(struct ipsec_config *ipsec);
void ipsec_config_clear(struct ipsec_config *ipsec);

struct transform_set *transform_set_find(const struct ipsec_config *ipsec, const char *name);
/* Creates or redefines a transform set (mode is kept on redefinition).
 * key_bits 0 = the cipher's default. Validates the combination. */
struct transform_set *transform_set_define(struct ipsec_config *ipsec, const char *name,
					   enum esp_cipher cipher, unsigned key_bits,
					   enum esp_auth auth, char *err, size_t errlen);
bool transform_set_delete(struct ipsec_config *ipsec, const char *name);

struct ipsec_profile *ipsec_profile_find(const struct ipsec_config *ipsec, const char *name);
struct ipsec_profile *ipsec_profile_get(struct ipsec_config *ipsec, const char *name);
bool ipsec_profile_delete(struct ipsec_config *ipsec, const char *name);

void ipsec_write_config(FILE *out, const struct ipsec_config *ipsec);
/* show crypto ipsec transform-set [NAME] / show crypto ipsec profile [NAME] */
void ipsec_show_transform_sets(FILE *out, const struct ipsec_config *ipsec, const char *name);
void ipsec_show_profiles(FILE *out, const struct ipsec_config *ipsec, const char *name);

#endif
