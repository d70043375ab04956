/* ISAKMP policies and pre-shared keys: model, running-config, show. */
#include "config-parser/isakmp.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

bool isakmp_dh_group_valid(unsigned group)
{
	static const unsigned groups[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21 };

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i] == group)
			return true;
	return false;
}

const char *isakmp_encryption_name(enum isakmp_encryption enc)
{
	static const char *const names[] = { "des", "3des", "aes" };
	return names[enc];
}

const char *isakmp_hash_name(enum isakmp_hash hash)
{
	static const char *const names[] = { "md5", "sha", "sha256", "sha384", "sha512" };
	return names[hash];
}

const char *isakmp_auth_name(enum isakmp_auth auth)
{
	static const char *const names[] = { "rsa-sig", "pre-share" };
	return names[auth];
}

void isakmp_config_init(struct isakmp_config *isakmp)
{
	memset(isakmp, 0, sizeof(*isakmp));
	TAILQ_INIT(&isakmp->policies);
	TAILQ_INIT(&isakmp->keys);
	isakmp->identity = ISAKMP_ID_ADDRESS;
}

static void key_free(struct isakmp_key *key)
{
	OPENSSL_cleanse(key->key, sizeof(key->key));
	free(key);
}

void isakmp_config_clear(struct isakmp_config *isakmp)
{
	struct isakmp_policy *policy;
	struct isakmp_key *key;

	while ((policy = TAILQ_FIRST(&isakmp->policies))) {
		TAILQ_REMOVE(&isakmp->policies, policy, link);
		free(policy);
	}
	while ((key = TAILQ_FIRST(&isakmp->keys))) {
		TAILQ_REMOVE(&isakmp->keys, key, link);
		key_free(key);
	}
	isakmp_config_init(isakmp);
}

static void policy_defaults(struct isakmp_policy *policy, unsigned priority)
{
	policy->priority = priority;
	policy->encryption = ISAKMP_ENC_DES;
	policy->aes_bits = 128;
	policy->hash = ISAKMP_HASH_SHA;
	policy->auth = ISAKMP_AUTH_RSA_SIG;
	policy->dh_group = ISAKMP_DEFAULT_GROUP;
	policy->lifetime = ISAKMP_DEFAULT_LIFETIME;
}

struct isakmp_policy *isakmp_policy_find(const struct isakmp_config *isakmp, unsigned priority)
{
	struct isakmp_policy *policy;

	TAILQ_FOREACH(policy, &isakmp->policies, link)
		if (policy->priority == priority)
			return policy;
	return NULL;
}

struct isakmp_policy *isakmp_policy_get(struct isakmp_config *isakmp, unsigned priority)
{
	struct isakmp_policy *policy = isakmp_policy_find(isakmp, priority), *at;

	if (policy)
		return policy;
	policy = calloc(1, sizeof(*policy));
	if (!policy)
		return NULL;
	policy_defaults(policy, priority);
	TAILQ_FOREACH(at, &isakmp->policies, link) {
		if (at->priority > priority) {
			TAILQ_INSERT_BEFORE(at, policy, link);
			return policy;
		}
	}
	TAILQ_INSERT_TAIL(&isakmp->policies, policy, link);
	return policy;
}

bool isakmp_policy_delete(struct isakmp_config *isakmp, unsigned priority)
{
	struct isakmp_policy *policy = isakmp_policy_find(isakmp, priority);

	if (!policy)
		return false;
	TAILQ_REMOVE(&isakmp->policies, policy, link);
	free(policy);
	return true;
}

static struct isakmp_key *key_find(const struct isakmp_config *isakmp, uint32_t addr,
				   uint32_t mask)
{
	struct isakmp_key *key;

	TAILQ_FOREACH(key, &isakmp->keys, link)
		if (key->addr == addr && key->mask == mask)
			return key;
	return NULL;
}

bool isakmp_key_set(struct isakmp_config *isakmp, const char *secret, uint32_t addr, uint32_t mask)
{
	struct isakmp_key *key = key_find(isakmp, addr, mask);

	if (strlen(secret) > ISAKMP_KEY_MAX || secret[0] == '\0')
		return false;
	if (!key) {
		key = calloc(1, sizeof(*key));
		if (!key)
			return false;
		key->addr = addr;
		key->mask = mask;
		TAILQ_INSERT_TAIL(&isakmp->keys, key, link);
	}
	OPENSSL_cleanse(key->key, sizeof(key->key));
	snprintf(key->key, sizeof(key->key), "%s", secret);
	return true;
}

bool isakmp_key_delete(struct isakmp_config *isakmp, uint32_t addr, uint32_t mask)
{
	struct isakmp_key *key = key_find(isakmp, addr, mask);

	if (!key)
		return false;
	TAILQ_REMOVE(&isakmp->keys, key, link);
	key_free(key);
	return true;
}

const struct isakmp_key *isakmp_key_for_peer(const struct isakmp_config *isakmp, uint32_t peer)
{
	const struct isakmp_key *key, *best = NULL;
	int best_len = -1;

	TAILQ_FOREACH(key, &isakmp->keys, link) {
		/* 0.0.0.0 typed without a mask means "any peer", as on IOS. */
		uint32_t mask = key->addr == 0 ? 0 : key->mask;
		int len = netmask_prefix_len(mask);
		if ((peer & mask) == (key->addr & mask) && len > best_len) {
			best = key;
			best_len = len;
		}
	}
	return best;
}

static void write_policy(FILE *out, const struct isakmp_policy *p)
{
	fprintf(out, "crypto isakmp policy %u\n", p->priority);
	if (p->encryption == ISAKMP_ENC_AES && p->aes_bits != 128)
		fprintf(out, " encr aes %u\n", p->aes_bits);
	else if (p->encryption != ISAKMP_ENC_DES)
		fprintf(out, " encr %s\n", isakmp_encryption_name(p->encryption));
	if (p->hash != ISAKMP_HASH_SHA)
		fprintf(out, " hash %s\n", isakmp_hash_name(p->hash));
	if (p->auth != ISAKMP_AUTH_RSA_SIG)
		fprintf(out, " authentication %s\n", isakmp_auth_name(p->auth));
	if (p->dh_group != ISAKMP_DEFAULT_GROUP)
		fprintf(out, " group %u\n", p->dh_group);
	if (p->lifetime != ISAKMP_DEFAULT_LIFETIME)
		fprintf(out, " lifetime %u\n", p->lifetime);
}

void isakmp_write_config(FILE *out, const struct isakmp_config *isakmp)
{
	static const char *const identities[] = { "address", "hostname", "dn" };
	const struct isakmp_policy *policy;
	const struct isakmp_key *key;
	char a[16], m[16];

	TAILQ_FOREACH(policy, &isakmp->policies, link)
		write_policy(out, policy);
	TAILQ_FOREACH(key, &isakmp->keys, link) {
		fprintf(out, "crypto isakmp key %s address %s", key->key,
			format_ipv4(key->addr, a, sizeof(a)));
		if (key->mask != 0xffffffffu)
			fprintf(out, " %s", format_ipv4(key->mask, m, sizeof(m)));
		fputc('\n', out);
	}
	if (isakmp->identity != ISAKMP_ID_ADDRESS)
		fprintf(out, "crypto isakmp identity %s\n", identities[isakmp->identity]);
	if (isakmp->keepalive_secs) {
		fprintf(out, "crypto isakmp keepalive %u", isakmp->keepalive_secs);
		if (isakmp->keepalive_retry)
			fprintf(out, " %u", isakmp->keepalive_retry);
		if (isakmp->keepalive_mode == ISAKMP_KEEPALIVE_PERIODIC)
			fprintf(out, " periodic");
		fputc('\n', out);
	}
}

static const char *encryption_text(const struct isakmp_policy *p, char *buf, size_t len)
{
	switch (p->encryption) {
	case ISAKMP_ENC_DES:
		return "DES - Data Encryption Standard (56 bit keys).";
	case ISAKMP_ENC_3DES:
		return "Three key triple DES";
	case ISAKMP_ENC_AES:
		snprintf(buf, len, "AES - Advanced Encryption Standard (%u bit keys).", p->aes_bits);
		return buf;
	}
	return "";
}

static const char *hash_text(enum isakmp_hash hash)
{
	static const char *const texts[] = {
		"Message Digest 5", "Secure Hash Standard", "Secure Hash Standard 2 (256 bit)",
		"Secure Hash Standard 2 (384 bit)", "Secure Hash Standard 2 (512 bit)",
	};
	return texts[hash];
}

static const char *group_text(unsigned group)
{
	switch (group) {
	case 1: return "#1 (768 bit)";
	case 2: return "#2 (1024 bit)";
	case 5: return "#5 (1536 bit)";
	case 14: return "#14 (2048 bit)";
	case 15: return "#15 (3072 bit)";
	case 16: return "#16 (4096 bit)";
	case 19: return "#19 (256 bit ecp)";
	case 20: return "#20 (384 bit ecp)";
	case 21: return "#21 (521 bit ecp)";
	}
	return "unknown";
}

static void show_suite(FILE *out, const struct isakmp_policy *p)
{
	char buf[64];

	fprintf(out, "\tencryption algorithm:\t%s\n", encryption_text(p, buf, sizeof(buf)));
	fprintf(out, "\thash algorithm:\t\t%s\n", hash_text(p->hash));
	fprintf(out, "\tauthentication method:\t%s\n", p->auth == ISAKMP_AUTH_PRE_SHARE ?
		"Pre-Shared Key" : "Rivest-Shamir-Adleman Signature");
	fprintf(out, "\tDiffie-Hellman group:\t%s\n", group_text(p->dh_group));
	fprintf(out, "\tlifetime:\t\t%u seconds, no volume limit\n", p->lifetime);
}

void isakmp_show_policies(FILE *out, const struct isakmp_config *isakmp)
{
	const struct isakmp_policy *policy;
	struct isakmp_policy defaults;

	fprintf(out, "\nGlobal IKE policy\n");
	TAILQ_FOREACH(policy, &isakmp->policies, link) {
		fprintf(out, "Protection suite of priority %u\n", policy->priority);
		show_suite(out, policy);
	}
	policy_defaults(&defaults, 65507);
	fprintf(out, "Default protection suite\n");
	show_suite(out, &defaults);
}
