/* GROUPKEY-PULL builders: group policy -> codec structures -> sealed datagram. */
#include "gdoi/pull_msg.h"
#include "gdoi/policy_wire.h"

#include <arpa/inet.h>
#include <string.h>

#include <openssl/crypto.h>

/* Storage the codec's views point into while a message is being built. */
struct sa_scratch {
	struct wire_sa sa;
	uint8_t kek_sel[2][8], tek_sel[GP_MAX_TEKS][2][8];
	uint8_t kek_attrs[64], gap_attrs[32], tek_attrs[GP_MAX_TEKS][64];
};

struct kd_scratch {
	struct wire_kd kd;
	uint8_t spis[GP_MAX_TEKS][4];
	uint8_t tek_attrs[GP_MAX_TEKS][8 + GP_MAX_TEK_KEY_LEN + GP_MAX_INTEG_KEY_LEN];
	uint8_t kek_attrs[8 + GP_MAX_KEK_KEY_LEN + GP_MAX_PUBKEY_LEN];
};

/* IPV4_ADDR for a host, IPV4_ADDR_SUBNET otherwise (RFC 2407 4.6.2.1). */
static void put_side(struct in_addr addr, struct in_addr mask, uint16_t port, uint8_t buf[8],
		     struct wire_gdoi_id *id)
{
	memcpy(buf, &addr.s_addr, 4);
	id->port = port;
	id->data = buf;
	if (mask.s_addr == 0xffffffffu) {
		id->type = WIRE_ID_IPV4_ADDR;
		id->len = 4;
	} else {
		memcpy(buf + 4, &mask.s_addr, 4);
		id->type = WIRE_ID_IPV4_ADDR_SUBNET;
		id->len = 8;
	}
}

static void put_selector(const struct gp_selector *s, uint8_t sel[2][8],
			 struct wire_gdoi_id *src, struct wire_gdoi_id *dst)
{
	put_side(s->src, s->src_mask, s->src_port, sel[0], src);
	put_side(s->dst, s->dst_mask, s->dst_port, sel[1], dst);
}

static int attrs_done(struct wire_writer *w, struct wire_attrs *out)
{
	return wire_attrs_from_writer(w, out) == WIRE_OK ? 0 : -1;
}

void policy_kek_to_wire(const struct gp_kek *k, struct wire_kek *wk, uint8_t sel[2][8],
			struct wire_writer *w)
{
	wk->protocol = k->selector.protocol;
	put_selector(&k->selector, sel, &wk->src, &wk->dst);
	memcpy(wk->spi, k->spi, sizeof(wk->spi));
	wire_attr_put_tv(w, WIRE_KEK_ALGORITHM, k->alg);
	wire_attr_put_tv(w, WIRE_KEK_KEY_LENGTH, k->key_bits);
	wire_attr_put_num(w, WIRE_KEK_KEY_LIFETIME, k->lifetime_s);
	wire_attr_put_tv(w, WIRE_KEK_SIG_HASH_ALGORITHM, k->sig_hash);
	wire_attr_put_tv(w, WIRE_KEK_SIG_ALGORITHM, k->sig_alg);
	wire_attr_put_tv(w, WIRE_KEK_SIG_KEY_LENGTH, k->sig_key_bits);
}

static int kek_to_wire(const struct gp_kek *k, struct sa_scratch *s)
{
	struct wire_writer w;

	s->sa.g.has_kek = true;
	wire_writer_init(&w, s->kek_attrs, sizeof(s->kek_attrs));
	policy_kek_to_wire(k, &s->sa.g.kek, s->kek_sel, &w);
	return attrs_done(&w, &s->sa.g.kek.attrs);
}

int policy_tek_to_wire(const struct gp_tek *t, struct wire_tek *wt, uint8_t sel[2][8],
		       uint8_t *abuf, size_t alen)
{
	struct wire_writer w;

	wt->protocol_id = WIRE_TEK_PROTO_IPSEC_ESP;
	wt->ip_protocol = t->selector.protocol;
	put_selector(&t->selector, sel, &wt->src, &wt->dst);
	wt->transform_id = t->esp_id;
	wt->spi = t->spi;
	wire_writer_init(&w, abuf, alen);
	wire_attr_put_tv(&w, WIRE_IPSEC_LIFE_TYPE, WIRE_LIFE_SECONDS);
	wire_attr_put_num(&w, WIRE_IPSEC_LIFE_DURATION, t->lifetime_s);
	wire_attr_put_tv(&w, WIRE_IPSEC_ENCAP_MODE, t->encaps ? t->encaps : GP_ENCAPS_TUNNEL);
	if (t->auth_id != GP_AUTH_NONE)
		wire_attr_put_tv(&w, WIRE_IPSEC_AUTH_ALG, t->auth_id);
	if (t->key_bits)
		wire_attr_put_tv(&w, WIRE_IPSEC_KEY_LENGTH, t->key_bits);
	wire_attr_put_tv(&w, WIRE_IPSEC_ADDRESS_PRESERVATION, t->addr_preservation);
	wire_attr_put_tv(&w, WIRE_IPSEC_SA_DIRECTION, t->direction);
	return attrs_done(&w, &wt->attrs);
}

static int policy_to_sa(const struct group_policy *gp, struct sa_scratch *s)
{
	memset(s, 0, sizeof(*s));
	s->sa.doi = WIRE_DOI_GDOI;
	s->sa.gdoi = true;
	if (gp->kek.present && kek_to_wire(&gp->kek, s) < 0)
		return -1;
	if (gp->activation_delay_s || gp->deactivation_delay_s) {
		struct wire_writer w;

		wire_writer_init(&w, s->gap_attrs, sizeof(s->gap_attrs));
		wire_attr_put_num(&w, WIRE_GAP_ACTIVATION_TIME_DELAY, gp->activation_delay_s);
		wire_attr_put_num(&w, WIRE_GAP_DEACTIVATION_TIME_DELAY, gp->deactivation_delay_s);
		if (attrs_done(&w, &s->sa.g.gap) < 0)
			return -1;
		s->sa.g.has_gap = true;
	}
	if (gp->n_teks == 0 || gp->n_teks > GP_MAX_TEKS || gp->n_teks > WIRE_MAX_TEKS)
		return -1;
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (policy_tek_to_wire(&gp->teks[i], &s->sa.g.tek[i], s->tek_sel[i], s->tek_attrs[i],
				sizeof(s->tek_attrs[i])) < 0)
			return -1;
	s->sa.g.nteks = (uint8_t)gp->n_teks;
	return 0;
}

static bool spi_listed(const struct group_policy *gp, unsigned upto, uint32_t spi)
{
	for (unsigned i = 0; i < upto; i++)
		if (gp->teks[i].spi == spi)
			return true;
	return false;
}

/* One key packet per distinct TEK SPI, then the KEK's. */
static int policy_to_kd(const struct group_policy *gp, struct kd_scratch *s)
{
	struct wire_writer w;
	unsigned n = 0;

	for (unsigned i = 0; i < gp->n_teks; i++) {
		const struct gp_tek *t = &gp->teks[i];
		struct wire_key_packet *p = &s->kd.pkt[n];

		if (spi_listed(gp, i, t->spi))
			continue;
		if (!gp_tek_keys_valid(t))
			return -1;
		p->type = WIRE_KD_TEK;
		p->spi_size = 4;
		s->spis[n][0] = (uint8_t)(t->spi >> 24);
		s->spis[n][1] = (uint8_t)(t->spi >> 16);
		s->spis[n][2] = (uint8_t)(t->spi >> 8);
		s->spis[n][3] = (uint8_t)t->spi;
		p->spi = s->spis[n];
		wire_writer_init(&w, s->tek_attrs[n], sizeof(s->tek_attrs[n]));
		if (t->key_len)
			wire_attr_put_tlv(&w, WIRE_KD_TEK_ALGORITHM_KEY, t->key, (uint16_t)t->key_len);
		if (t->integ_key_len)
			wire_attr_put_tlv(&w, WIRE_KD_TEK_INTEGRITY_KEY, t->integ_key,
					  (uint16_t)t->integ_key_len);
		if (attrs_done(&w, &p->attrs) < 0)
			return -1;
		n++;
	}
	if (gp->kek.present) {
		struct wire_key_packet *p = &s->kd.pkt[n];

		if (!gp_kek_keys_valid(&gp->kek))
			return -1;
		p->type = WIRE_KD_KEK;
		p->spi_size = GP_KEK_SPI_LEN;
		p->spi = gp->kek.spi;
		wire_writer_init(&w, s->kek_attrs, sizeof(s->kek_attrs));
		wire_attr_put_tlv(&w, WIRE_KD_KEK_ALGORITHM_KEY, gp->kek.key, (uint16_t)gp->kek.key_len);
		wire_attr_put_tlv(&w, WIRE_KD_SIG_ALGORITHM_KEY, gp->kek.pubkey,
				  (uint16_t)gp->kek.pubkey_len);
		if (attrs_done(&w, &p->attrs) < 0)
			return -1;
		n++;
	}
	s->kd.npackets = (uint16_t)n;
	return 0;
}

typedef void (*put_payloads_fn)(struct wire_builder *b, const void *arg);

/* header, HASH(n) reserved, payloads, hash filled in, sealed */
static int build_exchange(const struct pull_ctx *x, uint8_t exchange, unsigned msg_no,
			  put_payloads_fn put, const void *arg, struct ike_iv *iv,
			  uint8_t *out, size_t cap, size_t *out_len)
{
	struct wire_hdr hdr = { .version = WIRE_VERSION, .exchange = exchange,
				.flags = WIRE_FLAG_ENC, .msgid = x->msgid };
	struct wire_builder b;
	size_t hash_off, after, len;
	struct pull_body body;
	const char *why;

	memcpy(hdr.icookie, x->sa->icookie, WIRE_COOKIE_LEN);
	memcpy(hdr.rcookie, x->sa->rcookie, WIRE_COOKIE_LEN);
	wire_build_begin(&b, out, cap, x->wire_flags, &hdr);
	hash_off = wire_put_blob_reserve(&b, WIRE_PL_HASH, x->sa->hash_len);
	after = wire_build_pos(&b);
	if (put)
		put(&b, arg);
	if (wire_build_finish(&b, &len) != WIRE_OK)
		return -1;
	/* pull_split gives exactly the region HASH(n) covers */
	if (pull_split(out + PULL_HDR_LEN, len - PULL_HDR_LEN, PL_HASH, x->sa->hash_len, &body,
		       &why) < 0 || body.after != out + after) {
		OPENSSL_cleanse(out, len);
		return -1;
	}
	if (pull_build_hashed(x->sa, msg_no, x->msgid, x->ni, x->ni_len, x->nr, x->nr_len,
			      body.after_first, body.after, body.after_len, out + hash_off - 4,
			      cap - (hash_off - 4), &len) < 0) {
		OPENSSL_cleanse(out, cap);
		return -1;
	}
	len = after + body.after_len;
	if (pull_seal_inplace(x->sa, iv, out, &len, cap) < 0)
		return -1;
	*out_len = len;
	return 0;
}

static int build(const struct pull_ctx *x, unsigned msg_no, put_payloads_fn put, const void *arg,
		 struct ike_iv *iv, uint8_t *out, size_t cap, size_t *out_len)
{
	return build_exchange(x, WIRE_EXCH_GROUPKEY_PULL, msg_no, put, arg, iv, out, cap, out_len);
}

struct msg1_args {
	const struct pull_ctx *x;
	uint32_t group_id;
};

static void put_msg1(struct wire_builder *b, const void *arg)
{
	const struct msg1_args *a = arg;
	uint8_t gid[4] = { a->group_id >> 24, a->group_id >> 16, a->group_id >> 8, a->group_id };
	struct wire_id id = { .type = WIRE_ID_KEY_ID, .data = gid, .len = sizeof(gid) };

	wire_put_nonce(b, a->x->ni, a->x->ni_len);
	wire_put_id(b, &id);
}

int pull_build_msg1(const struct pull_ctx *x, uint32_t group_id, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len)
{
	struct msg1_args a = { .x = x, .group_id = group_id };

	return build(x, 1, put_msg1, &a, iv, out, cap, out_len);
}

int pull_put_sa(struct wire_builder *b, const struct group_policy *gp)
{
	static _Thread_local struct sa_scratch s;

	if (policy_to_sa(gp, &s) < 0)
		return -1;
	wire_put_sa(b, &s.sa);
	return wire_writer_ok(&b->w) ? 0 : -1;
}

int pull_put_kd(struct wire_builder *b, const struct group_policy *gp)
{
	static _Thread_local struct kd_scratch s;
	int rc = -1;

	if (policy_to_kd(gp, &s) == 0) {
		wire_put_kd(b, &s.kd);
		rc = wire_writer_ok(&b->w) ? 0 : -1;
	}
	OPENSSL_cleanse(&s, sizeof(s));
	return rc;
}

struct msg2_args {
	const struct pull_ctx *x;
	const struct group_policy *gp;
};

/* A failed put leaves the builder in overflow: wire_build_finish refuses. */
static void put_msg2(struct wire_builder *b, const void *arg)
{
	const struct msg2_args *a = arg;

	wire_put_nonce(b, a->x->nr, a->x->nr_len);
	if (pull_put_sa(b, a->gp) < 0)
		b->w.overflow = true;
}

int pull_build_msg2(const struct pull_ctx *x, const struct group_policy *gp, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len)
{
	struct msg2_args a = { .x = x, .gp = gp };

	return build(x, 2, put_msg2, &a, iv, out, cap, out_len);
}

int pull_build_msg3(const struct pull_ctx *x, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len)
{
	return build(x, 3, NULL, NULL, iv, out, cap, out_len);
}

static void put_msg4(struct wire_builder *b, const void *arg)
{
	const struct group_policy *gp = arg;

	if (gp->kek.present)
		wire_put_seq(b, gp->seq);
	if (pull_put_kd(b, gp) < 0)
		b->w.overflow = true;
}

int pull_build_msg4(const struct pull_ctx *x, const struct group_policy *gp, struct ike_iv *iv,
		    uint8_t *out, size_t cap, size_t *out_len)
{
	return build(x, 4, put_msg4, gp, iv, out, cap, out_len);
}

struct notify_args {
	uint16_t type;
	const uint8_t *spi, *data;
	size_t data_len;
};

static void put_notify(struct wire_builder *b, const void *arg)
{
	const struct notify_args *a = arg;
	struct wire_notify n = { .doi = WIRE_DOI_GDOI, .protocol = WIRE_PROTO_ISAKMP,
				 .spi_size = 2 * IKE_COOKIE_LEN, .type = a->type, .spi = a->spi,
				 .data = a->data, .data_len = a->data_len };

	wire_put_notify(b, &n);
}

int pull_build_notify(const struct ike_sa *sa, uint32_t msgid, uint16_t type,
		      const uint8_t *data, size_t data_len, uint8_t *out, size_t cap,
		      size_t *out_len)
{
	struct pull_ctx x = { .sa = sa, .msgid = msgid };
	uint8_t spi[2 * IKE_COOKIE_LEN];
	struct notify_args a = { .type = type, .spi = spi, .data = data, .data_len = data_len };
	struct ike_iv iv;

	memcpy(spi, sa->icookie, IKE_COOKIE_LEN);
	memcpy(spi + IKE_COOKIE_LEN, sa->rcookie, IKE_COOKIE_LEN);
	if (pull_iv_init(sa, msgid, &iv) < 0)
		return -1;
	return build_exchange(&x, WIRE_EXCH_INFO, 1, put_notify, &a, &iv, out, cap, out_len);
}
