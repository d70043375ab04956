/* ISAKMP (IKE phase 1) configuration: policies, pre-shared keys, identity,
 * keepalive. Defaults are those of IOS. */
#ifndef GETVPND_CONFIG_ISAKMP_H
#define GETVPND_CONFIG_ISAKMP_H

#include "config-parser/parse_util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

enum isakmp_encryption { ISAKMP_ENC_DES, ISAKMP_ENC_3DES, ISAKMP_ENC_AES };
enum isakmp_hash { ISAKMP_HASH_MD5, ISAKMP_HASH_SHA, ISAKMP_HASH_SHA256,
		   ISAKMP_HASH_SHA384, ISAKMP_HASH_SHA512 };
enum isakmp_auth { ISAKMP_AUTH_RSA_SIG, ISAKMP_AUTH_PRE_SHARE };

#define ISAKMP_POLICY_MIN 1
#define ISAKMP_POLICY_MAX 10000
#define ISAKMP_LIFETIME_MIN 60
#define ISAKMP_LIFETIME_MAX 86400
#define ISAKMP_DEFAULT_LIFETIME 86400
#define ISAKMP_DEFAULT_GROUP 1
#define ISAKMP_KEY_MAX 128

struct isakmp_policy {
	TAILQ_ENTRY(isakmp_policy) link;
	unsigned priority;                /* 1-10000, lower is preferred */
	enum isakmp_encryption encryption;
	unsigned aes_bits;                /* 128/192/256 when encryption is AES */
	enum isakmp_hash hash;
	enum isakmp_auth auth;
	unsigned dh_group;                /* 1 2 5 14 15 16 19 20 21 */
	unsigned lifetime;                /* seconds */
};
TAILQ_HEAD(isakmp_policy_list, isakmp_policy);

/* crypto isakmp key KEY address A [MASK]: 0.0.0.0 with the default host
 * mask, or any address with mask 0.0.0.0, matches every peer. */
struct isakmp_key {
	TAILQ_ENTRY(isakmp_key) link;
	char key[ISAKMP_KEY_MAX + 1];     /* secret: never logged */
	uint32_t addr, mask;              /* host byte order */
};
TAILQ_HEAD(isakmp_key_list, isakmp_key);

enum isakmp_identity { ISAKMP_ID_ADDRESS, ISAKMP_ID_HOSTNAME, ISAKMP_ID_DN };
enum isakmp_keepalive_mode { ISAKMP_KEEPALIVE_ON_DEMAND, ISAKMP_KEEPALIVE_PERIODIC };

struct isakmp_config {
	struct isakmp_policy_list policies;   /* sorted by priority */
	struct isakmp_key_list keys;          /* in the order typed */
	enum isakmp_identity identity;
	unsigned keepalive_secs;              /* 0 = off */
	unsigned keepalive_retry;             /* 0 = IOS default (2) */
	enum isakmp_keepalive_mode keepalive_mode;
};

bool isakmp_dh_group_valid(unsigned group);
const char *isakmp_encryption_name(enum isakmp_encryption enc);
const char *isakmp_hash_name(enum isakmp_hash hash);
const char *isakmp_auth_name(enum isakmp_auth auth);

void isakmp_config_init(struct isakmp_config *isakmp);
void isakmp_config_clear(struct isakmp_config *isakmp);

struct isakmp_policy *isakmp_policy_find(const struct isakmp_config *isakmp, unsigned priority);
/* Finds or creates (with IOS defaults) the policy of that priority. */
struct isakmp_policy *isakmp_policy_get(struct isakmp_config *isakmp, unsigned priority);
bool isakmp_policy_delete(struct isakmp_config *isakmp, unsigned priority);

/* Sets (replacing the key for the same address/mask) or deletes a key. */
bool isakmp_key_set(struct isakmp_config *isakmp, const char *key, uint32_t addr, uint32_t mask);
bool isakmp_key_delete(struct isakmp_config *isakmp, uint32_t addr, uint32_t mask);
/* The key for a peer: the most specific matching entry (longest mask). */
const struct isakmp_key *isakmp_key_for_peer(const struct isakmp_config *isakmp, uint32_t peer);

/* running-config block: policies, keys, identity, keepalive. */
void isakmp_write_config(FILE *out, const struct isakmp_config *isakmp);
/* show crypto isakmp policy (IOS layout, default policy included). */
void isakmp_show_policies(FILE *out, const struct isakmp_config *isakmp);

#endif
