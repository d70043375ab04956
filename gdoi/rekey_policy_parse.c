/* SA and KD payloads of a received GROUPKEY-PUSH -> group policy update.
 * Same rules as registration: every attribute known, every key of the
 * exact length its transform needs. */
#include "gdoi/rekey_policy.h"
#include "gdoi/pull_msg.h"

#include <string.h>

#include <openssl/crypto.h>

static int side_of(const struct wire_gdoi_id *id, struct in_addr *addr, struct in_addr *mask,
		   uint16_t *port, const char **why)
{
	*port = id->port;
	if (id->type == WIRE_ID_IPV4_ADDR && id->len == 4) {
		memcpy(&addr->s_addr, id->data, 4);
		mask->s_addr = 0xffffffffu;
		return 0;
	}
	if (id->type == WIRE_ID_IPV4_ADDR_SUBNET && id->len == 8) {
		memcpy(&addr->s_addr, id->data, 4);
		memcpy(&mask->s_addr, id->data + 4, 4);
		if (gp_mask_prefix(*mask) < 0)
			return *why = "traffic selector mask is not contiguous", -1;
		addr->s_addr &= mask->s_addr;
		return 0;
	}
	return *why = "traffic selector is not an IPv4 address or subnet", -1;
}

static int selector_of(uint8_t proto, const struct wire_gdoi_id *src,
		       const struct wire_gdoi_id *dst, struct gp_selector *s, const char **why)
{
	s->protocol = proto;
	if (side_of(src, &s->src, &s->src_mask, &s->src_port, why) < 0)
		return -1;
	return side_of(dst, &s->dst, &s->dst_mask, &s->dst_port, why);
}

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
	if (selector_of(wk->protocol, &wk->src, &wk->dst, &k->selector, why) < 0)
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

static int tek_attr(struct gp_tek *t, const struct wire_attr *a, uint64_t v, bool *seconds,
		    const char **why)
{
	if (v > UINT32_MAX)
		return *why = "SA TEK attribute out of range", -1;
	switch (a->type) {
	case WIRE_IPSEC_LIFE_TYPE: *seconds = v == WIRE_LIFE_SECONDS; return 0;
	case WIRE_IPSEC_LIFE_DURATION:
		if (*seconds)
			t->lifetime_s = (uint32_t)v;
		return 0; /* a kilobyte lifetime means nothing for a group SA */
	case WIRE_IPSEC_KEY_LENGTH:
		if (v > 0xffff)
			return *why = "SA TEK key length out of range", -1;
		t->key_bits = (uint16_t)v;
		return 0;
	case WIRE_IPSEC_ENCAP_MODE: t->encaps = (uint8_t)v; break;
	case WIRE_IPSEC_AUTH_ALG: t->auth_id = (uint8_t)v; break;
	case WIRE_IPSEC_ADDRESS_PRESERVATION: t->addr_preservation = (uint8_t)v; break;
	case WIRE_IPSEC_SA_DIRECTION: t->direction = (uint8_t)v; break;
	default: return *why = "unsupported SA TEK attribute", -1;
	}
	return v > 0xff ? (*why = "SA TEK attribute out of range", -1) : 0;
}

static int tek_check(const struct gp_tek *t, const char **why)
{
	if (t->spi < 256)
		return *why = "TEK SPI in the reserved range", -1;
	if (t->lifetime_s == 0)
		return *why = "TEK lifetime in seconds missing", -1;
	if (t->encaps != GP_ENCAPS_TUNNEL && t->encaps != GP_ENCAPS_TRANSPORT)
		return *why = "unknown encapsulation mode", -1;
	if (t->addr_preservation < GP_AP_NONE || t->addr_preservation > GP_AP_SOURCE_AND_DESTINATION ||
	    t->direction < GP_DIR_SENDER_ONLY || t->direction > GP_DIR_SYMMETRIC)
		return *why = "unknown address preservation or SA direction", -1;
	if (gp_tek_cipher_key_len(t->esp_id, t->key_bits) < 0 || gp_tek_integ_key_len(t->auth_id) < 0)
		return *why = "unsupported ESP transform", -1;
	return 0;
}

static int tek_from_wire(const struct wire_tek *wt, struct gp_tek *t, const char **why)
{
	struct wire_attr_iter it;
	struct wire_attr a;
	bool seconds = true;

	if (wt->protocol_id != WIRE_TEK_PROTO_IPSEC_ESP)
		return *why = "only ESP TEKs are supported", -1;
	if (selector_of(wt->ip_protocol, &wt->src, &wt->dst, &t->selector, why) < 0)
		return -1;
	t->esp_id = wt->transform_id;
	t->spi = wt->spi;
	t->encaps = GP_ENCAPS_TUNNEL;
	t->addr_preservation = GP_AP_SOURCE_AND_DESTINATION;
	t->direction = GP_DIR_SYMMETRIC;
	wire_attr_iter_init(&it, &wt->attrs);
	while (wire_attr_next(&it, &a)) {
		uint64_t v;

		if (!wire_attr_u64(&a, &v))
			return *why = "SA TEK attribute value too long", -1;
		if (tek_attr(t, &a, v, &seconds, why) < 0)
			return -1;
	}
	return tek_check(t, why);
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
		if (tek_from_wire(&sa->g.tek[i], &u->gp.teks[i], why) < 0)
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
