/* SA and KD payloads (as decoded by the codec) -> group policy, strictly:
 * every value is checked against what the group policy can hold and what
 * the dataplane can install. */
#include "gdoi/pull_msg.h"
#include "gdoi/policy_wire.h"

#include <string.h>

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

int policy_selector_from_wire(uint8_t protocol, const struct wire_gdoi_id *src,
			      const struct wire_gdoi_id *dst, struct gp_selector *s,
			      const char **why)
{
	s->protocol = protocol;
	if (side_of(src, &s->src, &s->src_mask, &s->src_port, why) < 0)
		return -1;
	return side_of(dst, &s->dst, &s->dst_mask, &s->dst_port, why);
}

static int kek_attr(struct gp_kek *k, bool *ack_requested, const struct wire_attr *a,
		    uint64_t v, const char **why)
{
	bool octet = a->type == WIRE_KEK_ALGORITHM || a->type == WIRE_KEK_SIG_HASH_ALGORITHM ||
		     a->type == WIRE_KEK_SIG_ALGORITHM;

	if (v > UINT32_MAX || (a->type != WIRE_KEK_KEY_LIFETIME && v > 0xffff) || (octet && v > 0xff))
		return *why = "SA KEK attribute out of range", -1;
	switch (a->type) {
	case WIRE_KEK_MANAGEMENT_ALGORITHM:
		return v == 0 ? 0 : (*why = "KEK management algorithm not supported", -1);
	case WIRE_KEK_ALGORITHM: k->alg = (uint8_t)v; return 0;
	case WIRE_KEK_KEY_LENGTH: k->key_bits = (uint16_t)v; return 0;
	case WIRE_KEK_KEY_LIFETIME: k->lifetime_s = (uint32_t)v; return 0;
	case WIRE_KEK_SIG_HASH_ALGORITHM: k->sig_hash = (uint8_t)v; return 0;
	case WIRE_KEK_SIG_ALGORITHM: k->sig_alg = (uint8_t)v; return 0;
	case WIRE_KEK_SIG_KEY_LENGTH: k->sig_key_bits = (uint16_t)v; return 0;
	case WIRE_KEK_ACK_REQUESTED: *ack_requested = v != 0; return 0;
	default: return *why = "unknown SA KEK attribute", -1;
	}
}

int policy_kek_from_wire(const struct wire_kek *wk, bool require_lifetime, struct gp_kek *k,
			 bool *ack_requested, const char **why)
{
	struct wire_attr_iter it;
	struct wire_attr a;

	memset(k, 0, sizeof(*k));
	*ack_requested = false;
	k->present = true;
	if (policy_selector_from_wire(wk->protocol, &wk->src, &wk->dst, &k->selector, why) < 0)
		return -1;
	memcpy(k->spi, wk->spi, GP_KEK_SPI_LEN);
	wire_attr_iter_init(&it, &wk->attrs);
	while (wire_attr_next(&it, &a)) {
		uint64_t v;

		if (!wire_attr_u64(&a, &v))
			return *why = "SA KEK attribute value too long", -1;
		if (kek_attr(k, ack_requested, &a, v, why) < 0)
			return -1;
	}
	if (gp_kek_key_len(k->alg, k->key_bits) <= 0)
		return *why = "unsupported KEK algorithm or key length", -1;
	if (k->lifetime_s == 0) {
		if (require_lifetime)
			return *why = "SA KEK without a lifetime", -1;
		k->lifetime_s = PULL_DEFAULT_KEK_LIFETIME;
	}
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
	case WIRE_IPSEC_LIFE_TYPE:
		*seconds = v == WIRE_LIFE_SECONDS;
		return 0;
	case WIRE_IPSEC_LIFE_DURATION:
		if (*seconds)
			t->lifetime_s = (uint32_t)v;
		return 0; /* a kilobyte lifetime has no meaning for a group SA */
	case WIRE_IPSEC_KEY_LENGTH:
		if (v > 0xffff)
			return *why = "SA TEK key length out of range", -1;
		t->key_bits = (uint16_t)v;
		return 0;
	case WIRE_IPSEC_ENCAP_MODE:
	case WIRE_IPSEC_AUTH_ALG:
	case WIRE_IPSEC_ADDRESS_PRESERVATION:
	case WIRE_IPSEC_SA_DIRECTION:
		break;
	default:
		return *why = "unsupported SA TEK attribute", -1;
	}
	if (v > 0xff)
		return *why = "SA TEK attribute out of range", -1;
	if (a->type == WIRE_IPSEC_ENCAP_MODE)
		t->encaps = (uint8_t)v;
	else if (a->type == WIRE_IPSEC_AUTH_ALG)
		t->auth_id = (uint8_t)v;
	else if (a->type == WIRE_IPSEC_ADDRESS_PRESERVATION)
		t->addr_preservation = (uint8_t)v;
	else
		t->direction = (uint8_t)v;
	return 0;
}

int policy_tek_from_wire(const struct wire_tek *wt, struct gp_tek *t, const char **why)
{
	struct wire_attr_iter it;
	struct wire_attr a;
	bool seconds = true;

	memset(t, 0, sizeof(*t));
	if (wt->protocol_id != WIRE_TEK_PROTO_IPSEC_ESP)
		return *why = "only ESP TEKs are supported", -1;
	if (policy_selector_from_wire(wt->ip_protocol, &wt->src, &wt->dst, &t->selector, why) < 0)
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
	if (t->spi < 256)
		return *why = "TEK SPI in the reserved range", -1;
	if (t->lifetime_s == 0)
		return *why = "TEK lifetime in seconds missing", -1;
	if (t->encaps != GP_ENCAPS_TUNNEL && t->encaps != GP_ENCAPS_TRANSPORT)
		return *why = "unknown encapsulation mode", -1;
	if (t->addr_preservation < GP_AP_NONE || t->addr_preservation > GP_AP_SOURCE_AND_DESTINATION ||
	    t->direction < GP_DIR_SENDER_ONLY || t->direction > GP_DIR_SYMMETRIC)
		return *why = "unknown address preservation or SA direction", -1;
	/* the transform must be one we can key: check with the lengths it implies */
	if (gp_tek_cipher_key_len(t->esp_id, t->key_bits) < 0 || gp_tek_integ_key_len(t->auth_id) < 0)
		return *why = "unsupported ESP transform", -1;
	t->key_len = (size_t)gp_tek_cipher_key_len(t->esp_id, t->key_bits);
	t->integ_key_len = (size_t)gp_tek_integ_key_len(t->auth_id);
	if (!gp_tek_keys_valid(t))
		return *why = "invalid ESP cipher/integrity combination", -1;
	t->key_len = t->integ_key_len = 0; /* keys arrive in message 4 */
	return 0;
}

static uint32_t attr_u32(const struct wire_attrs *attrs, uint16_t type)
{
	uint32_t v = 0;

	wire_attrs_get_u32(attrs, type, &v);
	return v;
}

int pull_policy_from_sa(const struct wire_sa *sa, struct group_policy *gp, const char **why)
{
	bool ack_requested; /* acknowledgements are rekey work */

	if (!sa->gdoi || sa->doi != WIRE_DOI_GDOI)
		return *why = "SA is not a GDOI SA", -1;
	if (sa->g.nteks == 0 || sa->g.nteks > GP_MAX_TEKS)
		return *why = "SA carries no TEK or too many", -1;
	gp->kek.present = false;
	if (sa->g.has_kek && policy_kek_from_wire(&sa->g.kek, false, &gp->kek, &ack_requested, why) < 0)
		return -1;
	gp->activation_delay_s = sa->g.has_gap ? attr_u32(&sa->g.gap, WIRE_GAP_ACTIVATION_TIME_DELAY) : 0;
	gp->deactivation_delay_s = sa->g.has_gap ?
				   attr_u32(&sa->g.gap, WIRE_GAP_DEACTIVATION_TIME_DELAY) : 0;
	for (unsigned i = 0; i < sa->g.nteks; i++)
		if (policy_tek_from_wire(&sa->g.tek[i], &gp->teks[i], why) < 0)
			return -1;
	gp->n_teks = sa->g.nteks;
	return 0;
}

static int tek_keys(struct group_policy *gp, const struct wire_key_packet *p, const char **why)
{
	uint32_t spi;
	struct wire_attr alg, integ;
	bool has_alg, has_integ, found = false;

	if (p->spi_size != 4)
		return *why = "TEK key packet SPI is not 4 octets", -1;
	spi = (uint32_t)p->spi[0] << 24 | (uint32_t)p->spi[1] << 16 | (uint32_t)p->spi[2] << 8 | p->spi[3];
	has_alg = wire_attrs_find(&p->attrs, WIRE_KD_TEK_ALGORITHM_KEY, &alg) && !alg.tv;
	has_integ = wire_attrs_find(&p->attrs, WIRE_KD_TEK_INTEGRITY_KEY, &integ) && !integ.tv;
	for (unsigned i = 0; i < gp->n_teks; i++) {
		struct gp_tek *t = &gp->teks[i];
		size_t klen, ilen;

		if (t->spi != spi)
			continue;
		klen = (size_t)gp_tek_cipher_key_len(t->esp_id, t->key_bits);
		ilen = (size_t)gp_tek_integ_key_len(t->auth_id);
		if ((klen && (!has_alg || alg.len != klen)) || (!klen && has_alg) ||
		    (ilen && (!has_integ || integ.len != ilen)) || (!ilen && has_integ))
			return *why = "TEK key length does not match its transform", -1;
		if (klen)
			memcpy(t->key, alg.data, klen);
		if (ilen)
			memcpy(t->integ_key, integ.data, ilen);
		t->key_len = klen;
		t->integ_key_len = ilen;
		found = true;
	}
	return found ? 0 : (*why = "key packet for a TEK not in the SA", -1);
}

static int kek_keys(struct gp_kek *k, const struct wire_key_packet *p, size_t block_len,
		    const char **why)
{
	struct wire_attr key, pub;

	if (!k->present || p->spi_size != GP_KEK_SPI_LEN || memcmp(p->spi, k->spi, GP_KEK_SPI_LEN))
		return *why = "KEK key packet does not match the SA KEK", -1;
	if (!wire_attrs_find(&p->attrs, WIRE_KD_KEK_ALGORITHM_KEY, &key) || key.tv ||
	    !wire_attrs_find(&p->attrs, WIRE_KD_SIG_ALGORITHM_KEY, &pub) || pub.tv)
		return *why = "KEK key packet lacks the key or the KS public key", -1;
	/* RFC 3547 peers send a static IV in front of the key: kept apart,
	 * the member's rekeys are encrypted with it */
	if (key.len == k->key_len + block_len && block_len <= GP_MAX_KEK_IV_LEN) {
		memcpy(k->iv, key.data, block_len);
		k->iv_len = block_len;
		key.data += block_len;
		key.len = (uint16_t)k->key_len;
	}
	if (key.len != k->key_len)
		return *why = "KEK key length does not match its algorithm", -1;
	if (pub.len == 0 || pub.len > GP_MAX_PUBKEY_LEN)
		return *why = "KS public key missing or too large", -1;
	memcpy(k->key, key.data, key.len);
	memcpy(k->pubkey, pub.data, pub.len);
	k->pubkey_len = pub.len;
	return 0;
}

int pull_keys_from_kd(const struct wire_kd *kd, struct group_policy *gp, const char **why)
{
	size_t kek_block = gp->kek.alg == GP_KEK_ALG_AES ? 16 : 8;

	for (unsigned i = 0; i < kd->npackets; i++) {
		const struct wire_key_packet *p = &kd->pkt[i];
		int rc;

		if (p->type == WIRE_KD_TEK)
			rc = tek_keys(gp, p, why);
		else if (p->type == WIRE_KD_KEK)
			rc = kek_keys(&gp->kek, p, kek_block, why);
		else
			rc = (*why = "unsupported key packet type", -1);
		if (rc < 0) {
			gp_wipe_keys(gp);
			return -1;
		}
	}
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (!gp_tek_keys_valid(&gp->teks[i])) {
			gp_wipe_keys(gp);
			return *why = "a TEK received no keys", -1;
		}
	if (gp->kek.present && !gp_kek_keys_valid(&gp->kek)) {
		gp_wipe_keys(gp);
		return *why = "the KEK received no key", -1;
	}
	return 0;
}
