/* SA and KD payloads of a received GROUPKEY-PUSH -> group policy update.
 * Same rules as registration: every attribute known, every key of the
 * exact length its transform needs. */
#include "gdoi/rekey_policy.h"

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

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Keys go to the first TEK with the packet's SPI; share_keys() copies
 * them to the other TEKs of that SPI (one `sa ipsec`, several ACL lines). */
static int tek_keys(struct group_policy *gp, const struct wire_key_packet *p, const char **why)
{
	struct wire_attr alg, integ;
	bool has_alg, has_integ;
	size_t klen, ilen;
	struct gp_tek *t;

	if (p->spi_size != 4)
		return *why = "TEK key packet SPI is not 4 octets", -1;
	t = gp_find_tek(gp, be32(p->spi));
	if (!t)
		return *why = "key packet for a TEK not in the SA", -1;
	if (t->key_len || t->integ_key_len)
		return *why = "two key packets for one TEK", -1;
	has_alg = wire_attrs_find(&p->attrs, WIRE_KD_TEK_ALGORITHM_KEY, &alg) && !alg.tv;
	has_integ = wire_attrs_find(&p->attrs, WIRE_KD_TEK_INTEGRITY_KEY, &integ) && !integ.tv;
	klen = (size_t)gp_tek_cipher_key_len(t->esp_id, t->key_bits);
	ilen = (size_t)gp_tek_integ_key_len(t->auth_id);
	if (has_alg != (klen > 0) || (klen && alg.len != klen) ||
	    has_integ != (ilen > 0) || (ilen && integ.len != ilen))
		return *why = "TEK key length does not match its transform", -1;
	if (klen)
		memcpy(t->key, alg.data, klen);
	if (ilen)
		memcpy(t->integ_key, integ.data, ilen);
	t->key_len = klen;
	t->integ_key_len = ilen;
	return 0;
}

static int kek_keys(struct rekey_update *u, const struct wire_key_packet *p, const char **why)
{
	struct gp_kek *k = &u->gp.kek;
	size_t block = k->alg == GP_KEK_ALG_AES ? 16 : 8;
	struct wire_attr key, pub;

	if (!k->present || p->spi_size != GP_KEK_SPI_LEN || memcmp(p->spi, k->spi, GP_KEK_SPI_LEN))
		return *why = "KEK key packet does not match the SA KEK", -1;
	if (u->kek_kd_key_len)
		return *why = "two key packets for the KEK", -1;
	if (!wire_attrs_find(&p->attrs, WIRE_KD_KEK_ALGORITHM_KEY, &key) || key.tv ||
	    !wire_attrs_find(&p->attrs, WIRE_KD_SIG_ALGORITHM_KEY, &pub) || pub.tv)
		return *why = "KEK key packet lacks the key or the KS public key", -1;
	if (key.len != k->key_len && key.len != k->key_len + block)
		return *why = "KEK key length does not match its algorithm", -1;
	if (pub.len == 0 || pub.len > GP_MAX_PUBKEY_LEN)
		return *why = "KS public key missing or too large", -1;
	memcpy(u->kek_kd_key, key.data, key.len);
	u->kek_kd_key_len = key.len;
	memcpy(k->key, key.data + (key.len - k->key_len), k->key_len);
	memcpy(k->pubkey, pub.data, pub.len);
	k->pubkey_len = pub.len;
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
		if (tek_from_wire(&sa->g.tek[i], &u->gp.teks[i], why) < 0)
			return -1;
	u->gp.n_teks = sa->g.nteks;
	return 0;
}

/* TEKs sharing an SPI share the first one's keys (one key packet each). */
static void share_keys(struct group_policy *gp)
{
	for (unsigned i = 0; i < gp->n_teks; i++) {
		const struct gp_tek *first = gp_find_tek_const(gp, gp->teks[i].spi);
		struct gp_tek *t = &gp->teks[i];

		if (first == t)
			continue;
		memcpy(t->key, first->key, first->key_len);
		t->key_len = first->key_len;
		memcpy(t->integ_key, first->integ_key, first->integ_key_len);
		t->integ_key_len = first->integ_key_len;
	}
}

static int kd_from_wire(const struct wire_kd *kd, struct rekey_update *u, const char **why)
{
	for (unsigned i = 0; i < kd->npackets; i++) {
		const struct wire_key_packet *p = &kd->pkt[i];
		int rc;

		if (p->type == WIRE_KD_TEK)
			rc = tek_keys(&u->gp, p, why);
		else if (p->type == WIRE_KD_KEK)
			rc = kek_keys(u, p, why);
		else
			rc = (*why = "unsupported key packet type", -1);
		if (rc < 0)
			return -1;
	}
	share_keys(&u->gp);
	for (unsigned i = 0; i < u->gp.n_teks; i++)
		if (!gp_tek_keys_valid(&u->gp.teks[i]))
			return *why = "a TEK received no keys", -1;
	if (u->gp.kek.present && (!u->kek_kd_key_len || !gp_kek_keys_valid(&u->gp.kek)))
		return *why = "the KEK received no key", -1;
	return 0;
}

int rekey_policy_from_wire(const struct wire_sa *sa, const struct wire_kd *kd,
			   struct rekey_update *u, const char **why)
{
	memset(u, 0, sizeof(*u));
	if (sa_from_wire(sa, u, why) < 0 || kd_from_wire(kd, u, why) < 0) {
		OPENSSL_cleanse(u, sizeof(*u));
		return -1;
	}
	return 0;
}
