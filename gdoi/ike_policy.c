#include "gdoi/ike_policy.h"

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/hash_alg.h"

#define IOS_DEFAULT_LIFETIME_S 86400

size_t ike_cipher_key_len(enum ike_cipher c, unsigned key_bits)
{
	enum crypto_cipher cc = crypto_cipher_from_ike((uint16_t)c);

	if (cc == CRYPTO_CIPHER_NONE)
		return 0;
	if (cc == CRYPTO_CIPHER_AES_CBC && key_bits == 0)
		return 0; /* RFC 3602: AES needs an explicit key length */
	return crypto_cipher_key_len(cc, key_bits);
}

size_t ike_cipher_block_len(enum ike_cipher c)
{
	return crypto_cipher_block_len(crypto_cipher_from_ike((uint16_t)c));
}

size_t ike_hash_len(enum ike_hash h)
{
	return crypto_hash_len(crypto_hash_from_ike((uint16_t)h));
}

bool ike_group_supported(unsigned group)
{
	return dh_group_supported(group);
}

const char *ike_cipher_name(enum ike_cipher c)
{
	switch (c) {
	case IKE_CIPHER_DES:
		return "des";
	case IKE_CIPHER_3DES:
		return "3des";
	case IKE_CIPHER_AES_CBC:
		return "aes";
	}
	return "?";
}

const char *ike_hash_name(enum ike_hash h)
{
	switch (h) {
	case IKE_HASH_MD5:
		return "md5";
	case IKE_HASH_SHA1:
		return "sha";
	case IKE_HASH_SHA256:
		return "sha256";
	case IKE_HASH_SHA384:
		return "sha384";
	case IKE_HASH_SHA512:
		return "sha512";
	}
	return "?";
}

const char *ike_auth_name(enum ike_auth a)
{
	switch (a) {
	case IKE_AUTH_PSK:
		return "pre-share";
	case IKE_AUTH_RSA_SIG:
		return "rsa-sig";
	}
	return "?";
}

void ike_policy_normalise(struct ike_policy *p)
{
	if (p->cipher == IKE_CIPHER_AES_CBC && p->key_bits == 0)
		p->key_bits = 128;
	if (p->cipher != IKE_CIPHER_AES_CBC)
		p->key_bits = 0;
	if (p->lifetime_s == 0)
		p->lifetime_s = IOS_DEFAULT_LIFETIME_S;
}

static uint32_t attr_value(const uint8_t *val, size_t len, bool *too_long)
{
	uint32_t v = 0;

	*too_long = len > 4 || len == 0;
	if (*too_long)
		return 0;
	for (size_t i = 0; i < len; i++)
		v = v << 8 | val[i];
	return v;
}

void ike_offer_apply_attr(struct ike_offer *offer, uint16_t type, const uint8_t *val, size_t len)
{
	bool bad;
	uint32_t v = attr_value(val, len, &bad);

	if (bad) {
		offer->unsupported = true;
		return;
	}
	switch (type) {
	case IKE_ATTR_ENCRYPTION:
		offer->p.cipher = (enum ike_cipher)v;
		if (ike_cipher_block_len(offer->p.cipher) == 0)
			offer->unsupported = true;
		break;
	case IKE_ATTR_HASH:
		offer->p.hash = (enum ike_hash)v;
		if (ike_hash_len(offer->p.hash) == 0)
			offer->unsupported = true;
		break;
	case IKE_ATTR_AUTH:
		offer->p.auth = (enum ike_auth)v;
		if (v != IKE_AUTH_PSK && v != IKE_AUTH_RSA_SIG)
			offer->unsupported = true;
		break;
	case IKE_ATTR_GROUP:
		offer->p.dh_group = v;
		if (!ike_group_supported(v))
			offer->unsupported = true;
		break;
	case IKE_ATTR_LIFE_TYPE:
		/* Kilobyte lifetimes are not enforced: refuse rather than ignore. */
		if (v != IKE_LIFE_SECONDS)
			offer->unsupported = true;
		offer->life_type_seen = true;
		break;
	case IKE_ATTR_LIFE_DURATION:
		offer->p.lifetime_s = v;
		break;
	case IKE_ATTR_KEY_LENGTH:
		offer->p.key_bits = v;
		break;
	default:
		offer->unsupported = true;
	}
}

void ike_offer_finish(struct ike_offer *offer)
{
	struct ike_policy *p = &offer->p;

	if (!p->cipher || !p->hash || !p->auth || !p->dh_group)
		offer->unsupported = true;
	if (!offer->life_type_seen && p->lifetime_s)
		offer->unsupported = true; /* duration without a type */
	if (!p->lifetime_s)
		p->lifetime_s = IKE_DEFAULT_LIFETIME_S;
	if (p->cipher == IKE_CIPHER_AES_CBC && !ike_cipher_key_len(p->cipher, p->key_bits))
		offer->unsupported = true; /* RFC 3602: the key length is mandatory */
	if (p->cipher != IKE_CIPHER_AES_CBC && p->key_bits)
		offer->unsupported = true;
}

static bool policy_matches(const struct ike_policy *mine, const struct ike_policy *offered)
{
	return mine->cipher == offered->cipher &&
	       mine->key_bits == offered->key_bits &&
	       mine->hash == offered->hash &&
	       mine->auth == offered->auth &&
	       mine->dh_group == offered->dh_group &&
	       offered->lifetime_s <= mine->lifetime_s;
}

int ike_policy_choose(const struct ike_policy *local, size_t n_local,
		      const struct ike_offer *offers, size_t n_offers, size_t *policy_idx)
{
	for (size_t i = 0; i < n_local; i++) {
		for (size_t j = 0; j < n_offers; j++) {
			if (offers[j].unsupported)
				continue;
			if (policy_matches(&local[i], &offers[j].p)) {
				if (policy_idx)
					*policy_idx = i;
				return (int)j;
			}
		}
	}
	return -1;
}
