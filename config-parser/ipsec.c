/* Transform sets and IPsec profiles: model, running-config, show. */
#include "config-parser/ipsec.h"

#include <stdlib.h>
#include <string.h>

static const char *const cipher_keywords[] = {
	"esp-des", "esp-3des", "esp-aes", "esp-gcm", "esp-gmac", "esp-null", NULL,
};
static const char *const auth_keywords[] = {
	"", "esp-md5-hmac", "esp-sha-hmac", "esp-sha256-hmac", "esp-sha384-hmac",
	"esp-sha512-hmac", NULL,
};

const char *esp_cipher_keyword(enum esp_cipher cipher)
{
	return cipher_keywords[cipher];
}

const char *esp_auth_keyword(enum esp_auth auth)
{
	return auth_keywords[auth];
}

bool esp_cipher_from_keyword(const char *word, enum esp_cipher *out)
{
	for (int i = 0; cipher_keywords[i]; i++) {
		if (strcmp(word, cipher_keywords[i]) == 0) {
			*out = (enum esp_cipher)i;
			return true;
		}
	}
	return false;
}

bool esp_auth_from_keyword(const char *word, enum esp_auth *out)
{
	for (int i = 1; auth_keywords[i]; i++) {
		if (strcmp(word, auth_keywords[i]) == 0) {
			*out = (enum esp_auth)i;
			return true;
		}
	}
	return false;
}

bool esp_cipher_is_aead(enum esp_cipher cipher)
{
	return cipher == ESP_CIPHER_GCM || cipher == ESP_CIPHER_GMAC;
}

static bool cipher_has_bits(enum esp_cipher cipher)
{
	return cipher == ESP_CIPHER_AES || esp_cipher_is_aead(cipher);
}

void ipsec_config_init(struct ipsec_config *ipsec)
{
	TAILQ_INIT(&ipsec->transform_sets);
	TAILQ_INIT(&ipsec->profiles);
}

void ipsec_config_clear(struct ipsec_config *ipsec)
{
	struct transform_set *set;
	struct ipsec_profile *profile;

	while ((set = TAILQ_FIRST(&ipsec->transform_sets))) {
		TAILQ_REMOVE(&ipsec->transform_sets, set, link);
		free(set);
	}
	while ((profile = TAILQ_FIRST(&ipsec->profiles))) {
		TAILQ_REMOVE(&ipsec->profiles, profile, link);
		free(profile);
	}
}

struct transform_set *transform_set_find(const struct ipsec_config *ipsec, const char *name)
{
	struct transform_set *set;

	TAILQ_FOREACH(set, &ipsec->transform_sets, link)
		if (strcmp(set->name, name) == 0)
			return set;
	return NULL;
}

static bool check_combination(enum esp_cipher cipher, unsigned *key_bits, enum esp_auth auth,
			      char *err, size_t errlen)
{
	if (!cipher_has_bits(cipher)) {
		if (*key_bits) {
			snprintf(err, errlen, "%% %s takes no key size", esp_cipher_keyword(cipher));
			return false;
		}
	} else if (*key_bits == 0) {
		*key_bits = 128;
	} else if (*key_bits != 128 && *key_bits != 192 && *key_bits != 256) {
		snprintf(err, errlen, "%% Key size must be 128, 192 or 256");
		return false;
	}
	if (esp_cipher_is_aead(cipher) && auth != ESP_AUTH_NONE) {
		snprintf(err, errlen, "%% %s is a combined-mode transform: no authentication "
			 "transform may be added", esp_cipher_keyword(cipher));
		return false;
	}
	if (cipher == ESP_CIPHER_NULL && auth == ESP_AUTH_NONE) {
		snprintf(err, errlen, "%% esp-null needs an authentication transform");
		return false;
	}
	return true;
}

struct transform_set *transform_set_define(struct ipsec_config *ipsec, const char *name,
					   enum esp_cipher cipher, unsigned key_bits,
					   enum esp_auth auth, char *err, size_t errlen)
{
	struct transform_set *set = transform_set_find(ipsec, name);

	if (!valid_object_name(name)) {
		snprintf(err, errlen, "%% Invalid transform-set name");
		return NULL;
	}
	if (!check_combination(cipher, &key_bits, auth, err, errlen))
		return NULL;
	if (!set) {
		set = calloc(1, sizeof(*set));
		if (!set) {
			snprintf(err, errlen, "%% Out of memory");
			return NULL;
		}
		snprintf(set->name, sizeof(set->name), "%s", name);
		set->mode = IPSEC_MODE_TUNNEL;
		TAILQ_INSERT_TAIL(&ipsec->transform_sets, set, link);
	}
	set->cipher = cipher;
	set->key_bits = key_bits;
	set->auth = auth;
	return set;
}

bool transform_set_delete(struct ipsec_config *ipsec, const char *name)
{
	struct transform_set *set = transform_set_find(ipsec, name);

	if (!set)
		return false;
	TAILQ_REMOVE(&ipsec->transform_sets, set, link);
	free(set);
	return true;
}

struct ipsec_profile *ipsec_profile_find(const struct ipsec_config *ipsec, const char *name)
{
	struct ipsec_profile *profile;

	TAILQ_FOREACH(profile, &ipsec->profiles, link)
		if (strcmp(profile->name, name) == 0)
			return profile;
	return NULL;
}

struct ipsec_profile *ipsec_profile_get(struct ipsec_config *ipsec, const char *name)
{
	struct ipsec_profile *profile = ipsec_profile_find(ipsec, name);

	if (profile || !valid_object_name(name))
		return profile;
	profile = calloc(1, sizeof(*profile));
	if (!profile)
		return NULL;
	snprintf(profile->name, sizeof(profile->name), "%s", name);
	profile->sa_lifetime = IPSEC_DEFAULT_SA_LIFETIME;
	TAILQ_INSERT_TAIL(&ipsec->profiles, profile, link);
	return profile;
}

bool ipsec_profile_delete(struct ipsec_config *ipsec, const char *name)
{
	struct ipsec_profile *profile = ipsec_profile_find(ipsec, name);

	if (!profile)
		return false;
	TAILQ_REMOVE(&ipsec->profiles, profile, link);
	free(profile);
	return true;
}

/* "esp-aes 256 esp-sha-hmac": the transforms as typed on the set line. */
static void format_transforms(const struct transform_set *set, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s", esp_cipher_keyword(set->cipher));

	if (cipher_has_bits(set->cipher) && set->key_bits != 128 && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " %u", set->key_bits);
	if (set->auth != ESP_AUTH_NONE && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " %s", esp_auth_keyword(set->auth));
}

void ipsec_write_config(FILE *out, const struct ipsec_config *ipsec)
{
	const struct transform_set *set;
	const struct ipsec_profile *profile;
	char transforms[96];
	bool first = true;

	TAILQ_FOREACH(set, &ipsec->transform_sets, link) {
		write_block_separator(out, &first);
		format_transforms(set, transforms, sizeof(transforms));
		fprintf(out, "crypto ipsec transform-set %s %s\n", set->name, transforms);
		fprintf(out, " mode %s\n", set->mode == IPSEC_MODE_TUNNEL ? "tunnel" : "transport");
	}
	TAILQ_FOREACH(profile, &ipsec->profiles, link) {
		write_block_separator(out, &first);
		fprintf(out, "crypto ipsec profile %s\n", profile->name);
		if (profile->sa_lifetime != IPSEC_DEFAULT_SA_LIFETIME)
			fprintf(out, " set security-association lifetime seconds %u\n",
				profile->sa_lifetime);
		if (profile->set_count) {
			fprintf(out, " set transform-set");
			for (unsigned i = 0; i < profile->set_count; i++)
				fprintf(out, " %s", profile->sets[i]);
			fputc('\n', out);
		}
	}
}

void ipsec_show_transform_sets(FILE *out, const struct ipsec_config *ipsec, const char *name)
{
	const struct transform_set *set;
	char transforms[96];

	TAILQ_FOREACH(set, &ipsec->transform_sets, link) {
		if (name && strcmp(name, set->name) != 0)
			continue;
		format_transforms(set, transforms, sizeof(transforms));
		fprintf(out, "Transform set %s: { %s  }\n", set->name, transforms);
		fprintf(out, "   will negotiate = { %s,  },\n",
			set->mode == IPSEC_MODE_TUNNEL ? "Tunnel" : "Transport");
		fprintf(out, "\n");
	}
}

void ipsec_show_profiles(FILE *out, const struct ipsec_config *ipsec, const char *name)
{
	const struct ipsec_profile *profile;

	TAILQ_FOREACH(profile, &ipsec->profiles, link) {
		if (name && strcmp(name, profile->name) != 0)
			continue;
		fprintf(out, "IPSEC profile %s\n", profile->name);
		fprintf(out, "\tSecurity association lifetime: %u seconds (GDOI: no volume limit)\n",
			profile->sa_lifetime);
		fprintf(out, "\tResponder-Only (Y/N): N\n");
		fprintf(out, "\tPFS (Y/N): N\n");
		fprintf(out, "\tMixed-mode : Disabled\n");
		fprintf(out, "\tTransform sets={\n");
		for (unsigned i = 0; i < profile->set_count; i++) {
			const struct transform_set *set = transform_set_find(ipsec, profile->sets[i]);
			char transforms[96];
			if (!set) {
				fprintf(out, "\t\t%s:  { (not defined)  },\n", profile->sets[i]);
				continue;
			}
			format_transforms(set, transforms, sizeof(transforms));
			fprintf(out, "\t\t%s:  { %s  } ,\n", set->name, transforms);
		}
		fprintf(out, "\t}\n\n");
	}
}
