/* SA and KD payloads of a received GROUPKEY-PUSH -> group policy update.
 * Same rules as registration (selectors and TEKs are read by the same
 * code, gdoi/policy_wire.h): every attribute known, every key of the
 * exact length its transform needs. */
#include "gdoi/rekey_policy.h"
#include "gdoi/pull_msg.h"
#include "gdoi/policy_wire.h"

#include <string.h>

#include <openssl/crypto.h>

static int kek_attr(struct rekey_update *u, const struct wire_attr *a, uint64_t v,
		    const char **why)
{
	struct gp_kek *k = &u->gp.kek;

	if (v > UINT32_MAX || (a->type != WIRE_KEK_KEY_LIFETIME && v > 0xffff))
		return *why = "SA KEK attribute out of range", -1;
	switch (a->type) {
	case WIRE_KEK_MANAGEMENT_ALGORITHM:
		return v == 0 ? 0 : (*why = "KEK management algorithm not supported", -1);
	case WIRE_KEK_ALGORITHM: k->alg = (uint8_t)v; break;
	case WIRE_KEK_KEY_LENGTH: k->key_bits = (uint16_t)v; return 0;
	case WIRE_KEK_KEY_LIFETIME: k->lifetime_s = (uint32_t)v; return 0;
	case WIRE_KEK_SIG_HASH_ALGORITHM: k->sig_hash = (uint8_t)v; break;
	case WIRE_KEK_SIG_ALGORITHM: k->sig_alg = (uint8_t)v; break;
	case WIRE_KEK_SIG_KEY_LENGTH: k->sig_key_bits = (uint16_t)v; return 0;
	case WIRE_KEK_ACK_REQUESTED: u->ack_requested = v != 0; return 0;
	default: return *why = "unknown SA KEK attribute", -1;
	}
	return v > 0xff ? (*why = "SA KEK attribute out of range", -1) : 0;
}

static int kek_from_wire(const struct wire_kek *wk, struct rekey_update *u, const char **why)
{
	struct gp_kek *k = &u->gp.kek;
	struct wire_attr_iter it;
	struct wire_attr a;

	k->present = true;
	if (policy_selector_from_wire(wk->protocol, &wk->src, &wk->dst, &k->selector, why) < 0)
		return -1;
	memcpy(k->spi, wk->spi, GP_KEK_SPI_LEN);
	wire_attr_iter_init(&it, &wk->attrs);
	while (wire_attr_next(&it, &a)) {
		uint64_t v;

		if (!wire_attr_u64(&a, &v))
			return *why = "SA KEK attribute value too long", -1;
		if (kek_attr(u, &a, v, why) < 0)
			return -1;
	}
	if (gp_kek_key_len(k->alg, k->key_bits) <= 0)
		return *why = "unsupported KEK algorithm or key length", -1;
	if (k->lifetime_s == 0)
		return *why = "SA KEK without a lifetime", -1;
	if (k->sig_alg != GP_SIG_ALG_RSA || k->sig_hash < GP_SIG_HASH_SHA1 ||
	    k->sig_hash > GP_SIG_HASH_SHA512)
		return *why = "unsupported rekey signature algorithm", -1;
	k->key_len = (size_t)gp_kek_key_len(k->alg, k->key_bits);
	return 0;
}

static int sa_from_wire(const struct wire_sa *sa, struct rekey_update *u, const char **why)
{
	uint32_t v = 0;

	if (!sa->gdoi || sa->doi != WIRE_DOI_GDOI)
		return *why = "SA is not a GDOI SA", -1;
	if (sa->g.nteks > GP_MAX_TEKS || (sa->g.nteks == 0 && !sa->g.has_kek))
		return *why = "SA carries neither KEK nor TEK, or too many TEKs", -1;
	if (sa->g.has_kek && kek_from_wire(&sa->g.kek, u, why) < 0)
		return -1;
	if (sa->g.has_gap) {
		if (wire_attrs_get_u32(&sa->g.gap, WIRE_GAP_ACTIVATION_TIME_DELAY, &v))
			u->gp.activation_delay_s = v;
		if (wire_attrs_get_u32(&sa->g.gap, WIRE_GAP_DEACTIVATION_TIME_DELAY, &v))
			u->gp.deactivation_delay_s = v;
	}
	for (unsigned i = 0; i < sa->g.nteks; i++)
		if (policy_tek_from_wire(&sa->g.tek[i], &u->gp.teks[i], why) < 0)
			return -1;
	u->gp.n_teks = sa->g.nteks;
	return 0;
}

/* The KEK_ALGORITHM_KEY as sent: pull_keys_from_kd() keeps only the key. */
static int raw_kek_key(const struct wire_kd *kd, struct rekey_update *u, const char **why)
{
	struct wire_attr key;

	for (unsigned i = 0; i < kd->npackets; i++) {
		const struct wire_key_packet *p = &kd->pkt[i];

		if (p->type != WIRE_KD_KEK)
			continue;
		if (u->kek_kd_key_len)
			return *why = "two key packets for the KEK", -1;
		if (!wire_attrs_find(&p->attrs, WIRE_KD_KEK_ALGORITHM_KEY, &key) || key.tv ||
		    key.len > sizeof(u->kek_kd_key))
			return *why = "KEK key packet without a usable key", -1;
		memcpy(u->kek_kd_key, key.data, key.len);
		u->kek_kd_key_len = key.len;
	}
	return 0;
}

int rekey_policy_from_wire(const struct wire_sa *sa, const struct wire_kd *kd,
			   struct rekey_update *u, const char **why)
{
	memset(u, 0, sizeof(*u));
	if (sa_from_wire(sa, u, why) < 0 || pull_keys_from_kd(kd, &u->gp, why) < 0 ||
	    raw_kek_key(kd, u, why) < 0) {
		OPENSSL_cleanse(u, sizeof(*u));
		return -1;
	}
	return 0;
}
