/* GROUPKEY-PULL receive path: authenticate, decode, then wire -> group policy. */
#include "gdoi/pull_msg.h"

#include <string.h>

#include <openssl/crypto.h>

static int receive(const struct pull_ctx *x, uint8_t exchange, unsigned msg_no,
		   const uint8_t *dgram, size_t len, const struct ike_iv *iv, struct pull_rx *rx,
		   const char **why)
{
	struct pull_hdr hdr;
	struct pull_body body;
	size_t plain_len;
	const uint8_t *ni = msg_no >= 2 ? x->ni : NULL, *nr = msg_no >= 3 ? x->nr : NULL;
	size_t ni_len = msg_no >= 2 ? x->ni_len : 0, nr_len = msg_no >= 3 ? x->nr_len : 0;

	rx->len = 0;
	if (len > sizeof(rx->buf))
		return *why = "message too large", -1;
	memcpy(rx->buf, dgram, len);
	if (pull_open(x->sa, exchange, rx->buf, len, iv, &hdr,
		      rx->buf + PULL_HDR_LEN, sizeof(rx->buf) - PULL_HDR_LEN, &plain_len,
		      &rx->next_iv, why) < 0)
		return -1;
	if (hdr.msgid != x->msgid)
		return *why = "message ID of another exchange", -1;
	if (pull_split(rx->buf + PULL_HDR_LEN, plain_len, hdr.next_payload, x->sa->hash_len,
		       &body, why) < 0)
		return -1;
	if (pull_check_hash(x->sa, msg_no, x->msgid, ni, ni_len, nr, nr_len, &body) < 0)
		return *why = "HASH does not verify", -1;
	if (wire_decode(rx->buf, len, WIRE_DEC_PADDED | x->wire_flags, &rx->msg, NULL) != WIRE_OK) {
		*why = wire_err_name(rx->msg.err);
		return -1;
	}
	rx->len = len;
	return 0;
}

int pull_receive(const struct pull_ctx *x, unsigned msg_no, const uint8_t *dgram, size_t len,
		 const struct ike_iv *iv, struct pull_rx *rx, const char **why)
{
	return receive(x, ISAKMP_EXCH_GROUPKEY_PULL, msg_no, dgram, len, iv, rx, why);
}

/* Exactly one of each wanted payload type (HASH included), nothing else;
 * optional types may be absent. */
static int payload_set(const struct wire_msg *m, const uint8_t *required, size_t nreq,
		       const uint8_t *optional, size_t nopt, const char **why)
{
	for (size_t i = 0; i < nreq; i++)
		if (wire_msg_count(m, required[i]) != 1)
			return *why = "a required payload is missing or repeated", -1;
	for (size_t i = 0; i < nopt; i++)
		if (wire_msg_count(m, optional[i]) > 1)
			return *why = "a payload is repeated", -1;
	for (size_t i = 0; i < m->npayloads; i++) {
		bool known = false;

		for (size_t j = 0; j < nreq; j++)
			known |= m->pl[i].type == required[j];
		for (size_t j = 0; j < nopt; j++)
			known |= m->pl[i].type == optional[j];
		if (!known)
			return *why = "unexpected payload", -1;
	}
	return 0;
}

static int nonce_of(const struct wire_msg *m, const uint8_t **n, size_t *len, const char **why)
{
	const struct wire_payload *p = wire_msg_find(m, WIRE_PL_NONCE);

	if (p->blob.len < PULL_MIN_NONCE || p->blob.len > PULL_MAX_NONCE)
		return *why = "nonce length outside 8..256", -1;
	*n = p->blob.data;
	*len = p->blob.len;
	return 0;
}

int pull_parse_msg1(const struct pull_rx *rx, const uint8_t **ni, size_t *ni_len,
		    uint32_t *group_id, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NONCE, WIRE_PL_ID };
	const struct wire_payload *id;

	if (payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0 ||
	    nonce_of(&rx->msg, ni, ni_len, why) < 0)
		return -1;
	id = wire_msg_find(&rx->msg, WIRE_PL_ID);
	if (id->id.type != WIRE_ID_KEY_ID || id->id.len != 4)
		return *why = "group identity is not a 4-octet KEY_ID", -1;
	*group_id = (uint32_t)id->id.data[0] << 24 | (uint32_t)id->id.data[1] << 16 |
		    (uint32_t)id->id.data[2] << 8 | id->id.data[3];
	return 0;
}

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

static int kek_attr(struct gp_kek *k, const struct wire_attr *a, uint64_t v, const char **why)
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
	case WIRE_KEK_ACK_REQUESTED: return 0; /* acknowledgements: rekey work */
	default: return *why = "unknown SA KEK attribute", -1;
	}
}

static int kek_from_wire(const struct wire_kek *wk, struct gp_kek *k, const char **why)
{
	struct wire_attr_iter it;
	struct wire_attr a;

	memset(k, 0, sizeof(*k));
	k->present = true;
	k->selector.protocol = wk->protocol;
	if (side_of(&wk->src, &k->selector.src, &k->selector.src_mask, &k->selector.src_port, why) < 0 ||
	    side_of(&wk->dst, &k->selector.dst, &k->selector.dst_mask, &k->selector.dst_port, why) < 0)
		return -1;
	memcpy(k->spi, wk->spi, GP_KEK_SPI_LEN);
	wire_attr_iter_init(&it, &wk->attrs);
	while (wire_attr_next(&it, &a)) {
		uint64_t v;

		if (!wire_attr_u64(&a, &v))
			return *why = "SA KEK attribute value too long", -1;
		if (kek_attr(k, &a, v, why) < 0)
			return -1;
	}
	if (gp_kek_key_len(k->alg, k->key_bits) <= 0)
		return *why = "unsupported KEK algorithm or key length", -1;
	if (k->lifetime_s == 0) /* RFC 3547 peers may omit it: IOS's default */
		k->lifetime_s = PULL_DEFAULT_KEK_LIFETIME;
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

static int tek_from_wire(const struct wire_tek *wt, struct gp_tek *t, const char **why)
{
	struct wire_attr_iter it;
	struct wire_attr a;
	bool seconds = true;

	memset(t, 0, sizeof(*t));
	if (wt->protocol_id != WIRE_TEK_PROTO_IPSEC_ESP)
		return *why = "only ESP TEKs are supported", -1;
	t->selector.protocol = wt->ip_protocol;
	if (side_of(&wt->src, &t->selector.src, &t->selector.src_mask, &t->selector.src_port, why) < 0 ||
	    side_of(&wt->dst, &t->selector.dst, &t->selector.dst_mask, &t->selector.dst_port, why) < 0)
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

int pull_parse_msg2(const struct pull_rx *rx, const uint8_t **nr, size_t *nr_len,
		    struct group_policy *gp, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NONCE, WIRE_PL_SA };

	if (payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0 ||
	    nonce_of(&rx->msg, nr, nr_len, why) < 0)
		return -1;
	return pull_policy_from_sa(&rx->msg.sa, gp, why);
}

int pull_policy_from_sa(const struct wire_sa *sa, struct group_policy *gp, const char **why)
{
	if (!sa->gdoi || sa->doi != WIRE_DOI_GDOI)
		return *why = "SA is not a GDOI SA", -1;
	if (sa->g.nteks == 0 || sa->g.nteks > GP_MAX_TEKS)
		return *why = "SA carries no TEK or too many", -1;
	gp->kek.present = false;
	if (sa->g.has_kek && kek_from_wire(&sa->g.kek, &gp->kek, why) < 0)
		return -1;
	gp->activation_delay_s = sa->g.has_gap ? attr_u32(&sa->g.gap, WIRE_GAP_ACTIVATION_TIME_DELAY) : 0;
	gp->deactivation_delay_s = sa->g.has_gap ?
				   attr_u32(&sa->g.gap, WIRE_GAP_DEACTIVATION_TIME_DELAY) : 0;
	for (unsigned i = 0; i < sa->g.nteks; i++)
		if (tek_from_wire(&sa->g.tek[i], &gp->teks[i], why) < 0)
			return -1;
	gp->n_teks = sa->g.nteks;
	return 0;
}

int pull_parse_msg3(const struct pull_rx *rx, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH };

	return payload_set(&rx->msg, req, sizeof(req), NULL, 0, why);
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
	/* RFC 3547 peers send a static IV in front of the key: skip it */
	if (key.len == k->key_len + block_len) {
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

int pull_parse_msg4(const struct pull_rx *rx, struct group_policy *gp, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_KD };
	static const uint8_t opt[] = { WIRE_PL_SEQ };
	const struct wire_payload *seq;

	if (payload_set(&rx->msg, req, sizeof(req), opt, sizeof(opt), why) < 0)
		return -1;
	seq = wire_msg_find(&rx->msg, WIRE_PL_SEQ);
	gp->seq = seq ? seq->seq : 0;
	return pull_keys_from_kd(&rx->msg.kd, gp, why);
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

int pull_parse_notify(const struct ike_sa *sa, const uint8_t *dgram, size_t len,
		      struct pull_rx *rx, uint16_t *type, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NOTIFY };
	struct pull_ctx x = { .sa = sa };
	struct pull_hdr hdr;
	struct ike_iv iv;

	if (pull_hdr_read(dgram, len, &hdr) < 0)
		return *why = "shorter than an ISAKMP header", -1;
	x.msgid = hdr.msgid;
	if (hdr.msgid == 0 || pull_iv_init(sa, hdr.msgid, &iv) < 0)
		return *why = "no phase-2 IV for this message ID", -1;
	if (receive(&x, ISAKMP_EXCH_INFO, 1, dgram, len, &iv, rx, why) < 0 ||
	    payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0)
		return -1;
	*type = wire_msg_find(&rx->msg, WIRE_PL_NOTIFY)->notify.type;
	return 0;
}
