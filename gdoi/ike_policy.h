/* ISAKMP policies (`crypto isakmp policy N`) and the IOS matching rule
 * used by the Main Mode responder: walk the local policies in priority
 * order, and for each one the offered transforms in the order offered; the
 * first pair that agrees on cipher, key length, hash, authentication and
 * group, with an offered lifetime not longer than the local one, wins and
 * the SA takes the offered (shorter or equal) lifetime. */
#ifndef GETVPND_GDOI_IKE_POLICY_H
#define GETVPND_GDOI_IKE_POLICY_H

#include "gdoi/ike_sa.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 2409 appendix A attribute classes. */
enum ike_attr_type {
	IKE_ATTR_ENCRYPTION = 1,
	IKE_ATTR_HASH = 2,
	IKE_ATTR_AUTH = 3,
	IKE_ATTR_GROUP = 4,
	IKE_ATTR_LIFE_TYPE = 11,
	IKE_ATTR_LIFE_DURATION = 12,
	IKE_ATTR_KEY_LENGTH = 14,
};
#define IKE_LIFE_SECONDS 1
#define IKE_LIFE_KILOBYTES 2
#define IKE_DEFAULT_LIFETIME_S 28800 /* RFC 2407 4.5 when none is proposed */
#define IKE_TRANSFORM_KEY_IKE 1

struct ike_policy {
	enum ike_cipher cipher;
	unsigned key_bits;	/* 0 = the cipher's only/default length */
	enum ike_hash hash;
	enum ike_auth auth;
	unsigned dh_group;
	uint32_t lifetime_s;	/* 0 = IOS default 86400 */
};

/* One decoded phase-1 transform as offered on the wire. */
struct ike_offer {
	uint8_t transform_no;
	struct ike_policy p;
	bool unsupported;	/* an attribute we do not implement (kilobyte lifetimes, unknown class) */
	bool life_type_seen;
};

/* Returns the index into offers of the chosen transform (and its local
 * policy index in *policy_idx), or -1: NO_PROPOSAL_CHOSEN. */
int ike_policy_choose(const struct ike_policy *local, size_t n_local,
		      const struct ike_offer *offers, size_t n_offers, size_t *policy_idx);

/* Fold one data attribute into an offer; unknown values mark it unsupported.
 * val/len is the attribute value as on the wire (2 octets for TV form). */
void ike_offer_apply_attr(struct ike_offer *offer, uint16_t type, const uint8_t *val, size_t len);
/* After all attributes: fills defaults, rejects incomplete offers. */
void ike_offer_finish(struct ike_offer *offer);

/* Fill in the key length and lifetime defaults of a configured policy. */
void ike_policy_normalise(struct ike_policy *p);

/* Algorithm properties; 0 when unsupported. */
size_t ike_cipher_key_len(enum ike_cipher c, unsigned key_bits);
size_t ike_cipher_block_len(enum ike_cipher c);
size_t ike_hash_len(enum ike_hash h);
bool ike_group_supported(unsigned group);

/* IOS-style names for logs and `show`: "3des", "aes 256", "sha", "pre-share". */
const char *ike_cipher_name(enum ike_cipher c);
const char *ike_hash_name(enum ike_hash h);
const char *ike_auth_name(enum ike_auth a);

#endif
