/* ISAKMP policies and pre-shared keys from the configuration model, in
 * the terms of the Main Mode engine. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"

#include <arpa/inet.h>
#include <string.h>

#define IKE_CONFIG_MAX_POLICIES 64

static enum ike_cipher cipher_of(enum isakmp_encryption e)
{
	switch (e) {
	case ISAKMP_ENC_AES: return IKE_CIPHER_AES_CBC;
	case ISAKMP_ENC_3DES: return IKE_CIPHER_3DES;
	case ISAKMP_ENC_DES: break;
	}
	return IKE_CIPHER_DES;
}

static enum ike_hash hash_of(enum isakmp_hash h)
{
	switch (h) {
	case ISAKMP_HASH_MD5: return IKE_HASH_MD5;
	case ISAKMP_HASH_SHA256: return IKE_HASH_SHA256;
	case ISAKMP_HASH_SHA384: return IKE_HASH_SHA384;
	case ISAKMP_HASH_SHA512: return IKE_HASH_SHA512;
	case ISAKMP_HASH_SHA: break;
	}
	return IKE_HASH_SHA1;
}

/* `crypto isakmp policy` entries in priority order (the model keeps them
 * sorted). -1 when there is none the engine accepts. */
int ike_config_policies(struct ike_ctx *ike, const struct config *config)
{
	struct ike_policy pol[IKE_CONFIG_MAX_POLICIES];
	const struct isakmp_policy *ip;
	size_t n = 0;

	TAILQ_FOREACH(ip, &config->isakmp.policies, link) {
		if (n == IKE_CONFIG_MAX_POLICIES)
			break;
		pol[n++] = (struct ike_policy){
			.cipher = cipher_of(ip->encryption),
			.key_bits = ip->encryption == ISAKMP_ENC_AES ? ip->aes_bits : 0,
			.hash = hash_of(ip->hash),
			.auth = ip->auth == ISAKMP_AUTH_PRE_SHARE ? IKE_AUTH_PSK : IKE_AUTH_RSA_SIG,
			.dh_group = ip->dh_group,
			.lifetime_s = ip->lifetime,
		};
	}
	return n ? ike_ctx_set_policies(ike, pol, n) : -1;
}

/* `crypto isakmp key KEY address A [MASK]`, most specific match. */
ssize_t ike_config_psk(const struct config *config, const struct in_addr *peer, uint8_t *key,
		       size_t max)
{
	const struct isakmp_key *k = isakmp_key_for_peer(&config->isakmp, ntohl(peer->s_addr));
	size_t n = k ? strlen(k->key) : 0;

	if (!k || n > max)
		return -1;
	memcpy(key, k->key, n);
	return (ssize_t)n;
}
