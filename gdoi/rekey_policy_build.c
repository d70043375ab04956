/* Group policy -> SA payload structure of a GROUPKEY-PUSH. */
#include "gdoi/rekey_policy.h"

#include <string.h>

/* IPV4_ADDR for a host, IPV4_ADDR_SUBNET otherwise (RFC 2407 4.6.2.1). */
static void put_side(struct in_addr addr, struct in_addr mask, uint16_t port, uint8_t buf[8],
		     struct wire_gdoi_id *id)
{
	bool host = mask.s_addr == 0xffffffffu;

	memcpy(buf, &addr.s_addr, 4);
	memcpy(buf + 4, &mask.s_addr, 4);
	id->type = host ? WIRE_ID_IPV4_ADDR : WIRE_ID_IPV4_ADDR_SUBNET;
	id->port = port;
	id->data = buf;
	id->len = host ? 4 : 8;
}

static int attrs_done(const struct wire_writer *w, struct wire_attrs *out)
{
	return wire_attrs_from_writer(w, out) == WIRE_OK ? 0 : -1;
}

static int kek_sa(const struct gp_kek *k, bool ack, struct rekey_sa_wire *rw)
{
	struct wire_kek *wk = &rw->sa.g.kek;
	struct wire_writer w;

	rw->sa.g.has_kek = true;
	wk->protocol = k->selector.protocol;
	put_side(k->selector.src, k->selector.src_mask, k->selector.src_port, rw->sel[0][0], &wk->src);
	put_side(k->selector.dst, k->selector.dst_mask, k->selector.dst_port, rw->sel[0][1], &wk->dst);
	memcpy(wk->spi, k->spi, WIRE_KEK_SPI_LEN);
	wire_writer_init(&w, rw->kek_attrs, sizeof(rw->kek_attrs));
	wire_attr_put_tv(&w, WIRE_KEK_ALGORITHM, k->alg);
	wire_attr_put_tv(&w, WIRE_KEK_KEY_LENGTH, k->key_bits);
	wire_attr_put_num(&w, WIRE_KEK_KEY_LIFETIME, k->lifetime_s);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_HASH_ALGORITHM, k->sig_hash);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_ALGORITHM, k->sig_alg);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_KEY_LENGTH, k->sig_key_bits);
	if (ack)
		wire_attr_put_tv(&w, WIRE_KEK_ACK_REQUESTED, REKEY_ACK_REQUESTED_VALUE);
	return attrs_done(&w, &wk->attrs);
}

static int tek_sa(const struct gp_tek *t, unsigned i, struct rekey_sa_wire *rw)
{
	struct wire_tek *wt = &rw->sa.g.tek[i];
	struct wire_writer w;

	wt->protocol_id = WIRE_TEK_PROTO_IPSEC_ESP;
	wt->ip_protocol = t->selector.protocol;
	put_side(t->selector.src, t->selector.src_mask, t->selector.src_port, rw->sel[1 + i][0],
		 &wt->src);
	put_side(t->selector.dst, t->selector.dst_mask, t->selector.dst_port, rw->sel[1 + i][1],
		 &wt->dst);
	wt->transform_id = t->esp_id;
	wt->spi = t->spi;
	wire_writer_init(&w, rw->tek_attrs[i], sizeof(rw->tek_attrs[i]));
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

static int gap_sa(const struct group_policy *gp, struct rekey_sa_wire *rw)
{
	struct wire_writer w;

	if (!gp->activation_delay_s && !gp->deactivation_delay_s)
		return 0;
	wire_writer_init(&w, rw->gap_attrs, sizeof(rw->gap_attrs));
	wire_attr_put_num(&w, WIRE_GAP_ACTIVATION_TIME_DELAY, gp->activation_delay_s);
	wire_attr_put_num(&w, WIRE_GAP_DEACTIVATION_TIME_DELAY, gp->deactivation_delay_s);
	rw->sa.g.has_gap = true;
	return attrs_done(&w, &rw->sa.g.gap);
}

int rekey_sa_to_wire(const struct group_policy *gp, bool ack_requested, struct rekey_sa_wire *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->sa.doi = WIRE_DOI_GDOI;
	rw->sa.gdoi = true;
	if (gp->n_teks > GP_MAX_TEKS || gp->n_teks > WIRE_MAX_TEKS ||
	    (gp->n_teks == 0 && !gp->kek.present))
		return -1;
	if ((gp->kek.present && kek_sa(&gp->kek, ack_requested, rw) < 0) || gap_sa(gp, rw) < 0)
		return -1;
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (tek_sa(&gp->teks[i], i, rw) < 0)
			return -1;
	rw->sa.g.nteks = (uint8_t)gp->n_teks;
	return 0;
}
