/* Main Mode message parsing and building over the codec. */
#include "gdoi/ike_mm_msg.h"

#include "gdoi/ike_mm.h"

#include <stdlib.h>
#include <string.h>

int mm_packet_decode(const uint8_t *buf, size_t len, struct mm_packet *pkt)
{
	pkt->buf = buf;
	pkt->len = len;
	pkt->src_port = 0;
	return wire_hdr_decode(buf, len, &pkt->hdr) == WIRE_OK ? 0 : -1;
}

static unsigned notify_for(enum wire_err err)
{
	switch (err) {
	case WIRE_E_PAYLOAD_TYPE:
	case WIRE_E_PAYLOAD_PLACE:
		return IKE_N_INVALID_PAYLOAD_TYPE;
	case WIRE_E_DOI:
		return MM_N_DOI_NOT_SUPPORTED;
	case WIRE_E_SITUATION:
		return MM_N_SITUATION_NOT_SUPPORTED;
	default:
		return IKE_N_PAYLOAD_MALFORMED;
	}
}

static void offer_from_transform(const struct wire_transform *xf, struct ike_offer *o)
{
	struct wire_attr_iter it;
	struct wire_attr a;

	memset(o, 0, sizeof(*o));
	o->transform_no = xf->num;
	if (xf->id != WIRE_KEY_IKE)
		o->unsupported = true;
	wire_attr_iter_init(&it, &xf->attrs);
	while (wire_attr_next(&it, &a)) {
		uint8_t tv[2] = { (uint8_t)(a.value >> 8), (uint8_t)a.value };

		if (a.tv)
			ike_offer_apply_attr(o, a.type, tv, sizeof(tv));
		else
			ike_offer_apply_attr(o, a.type, a.data, a.len);
	}
	ike_offer_finish(o);
}

static unsigned take_sa(const struct wire_msg *wm, const struct wire_payload *pl,
			struct mm_payloads *out)
{
	const struct wire_proposal *prop;

	if (wm->sa.gdoi || wm->sa.p1.nproposals != 1)
		return IKE_N_PAYLOAD_MALFORMED; /* phase 1 has exactly one proposal */
	prop = &wm->sa.p1.prop[0];
	if (prop->protocol != WIRE_PROTO_ISAKMP)
		return IKE_N_NO_PROPOSAL_CHOSEN;
	out->doi = wm->sa.doi;
	out->situation = wm->sa.situation;
	out->sa_body = pl->body;
	out->sa_len = pl->body_len;
	out->proposal_no = prop->num;
	out->n_offers = prop->ntransforms;
	for (size_t i = 0; i < prop->ntransforms && i < MM_MAX_OFFERS; i++) {
		out->xf[i] = &prop->xf[i];
		offer_from_transform(&prop->xf[i], &out->offers[i]);
	}
	return 0;
}

static void take_blob(const struct wire_payload *pl, const uint8_t **p, size_t *len)
{
	if (*p)
		return; /* the first one counts */
	*p = pl->blob.data;
	*len = pl->blob.len;
}

unsigned mm_payloads_parse(const uint8_t *msg, size_t len, bool padded, struct wire_msg *wm,
			   struct mm_payloads *out)
{
	enum wire_err err = wire_decode(msg, len, padded ? WIRE_DEC_PADDED : 0, wm, NULL);

	memset(out, 0, sizeof(*out));
	if (err != WIRE_OK)
		return notify_for(err);
	for (size_t i = 0; i < wm->npayloads; i++) {
		const struct wire_payload *pl = &wm->pl[i];
		unsigned rc = 0;

		if (pl->type < 32 && (out->seen & MM_SEEN(pl->type)) &&
		    pl->type != WIRE_PL_NOTIFY && pl->type != WIRE_PL_VID && pl->type != WIRE_PL_CERT &&
		    pl->type != WIRE_PL_CERTREQ)
			return IKE_N_PAYLOAD_MALFORMED; /* one of each in Main Mode */
		if (pl->type < 32)
			out->seen |= MM_SEEN(pl->type);
		switch (pl->type) {
		case WIRE_PL_SA:
			rc = take_sa(wm, pl, out);
			break;
		case WIRE_PL_KE:
			take_blob(pl, &out->ke, &out->ke_len);
			break;
		case WIRE_PL_NONCE:
			take_blob(pl, &out->nonce, &out->nonce_len);
			break;
		case WIRE_PL_HASH:
			take_blob(pl, &out->hash, &out->hash_len);
			break;
		case WIRE_PL_SIG:
			take_blob(pl, &out->sig, &out->sig_len);
			break;
		case WIRE_PL_ID:
			out->id_b = pl->body;
			out->id_len = pl->body_len;
			out->id_type = pl->id.type;
			out->id_data = pl->id.data;
			out->id_data_len = pl->id.len;
			break;
		case WIRE_PL_NOTIFY:
			if (!out->n_notify++)
				out->notify_type = pl->notify.type;
			break;
		case WIRE_PL_VID:
		case WIRE_PL_CERT:
		case WIRE_PL_CERTREQ:
		case WIRE_PL_DELETE:
			break; /* tolerated, not used */
		default:
			return IKE_N_INVALID_PAYLOAD_TYPE;
		}
		if (rc)
			return rc;
	}
	return 0;
}

int mm_build_start(struct mm_builder *b, const uint8_t *icookie, const uint8_t *rcookie,
		   uint8_t exchange, uint8_t flags, uint32_t msgid)
{
	struct wire_hdr hdr = {
		.version = WIRE_VERSION,
		.exchange = exchange,
		.flags = flags,
		.msgid = msgid,
	};

	memcpy(hdr.icookie, icookie, WIRE_COOKIE_LEN);
	memcpy(hdr.rcookie, rcookie, WIRE_COOKIE_LEN);
	b->buf = malloc(MM_MAX_MSG);
	if (!b->buf)
		return -1;
	wire_build_begin(&b->wb, b->buf, MM_MAX_MSG, 0, &hdr);
	return 0;
}

static void put_policy_attrs(struct wire_writer *w, const struct ike_policy *p)
{
	wire_attr_put_tv(w, WIRE_IKE_ENC, (uint16_t)p->cipher);
	if (p->key_bits)
		wire_attr_put_tv(w, WIRE_IKE_KEY_LENGTH, (uint16_t)p->key_bits);
	wire_attr_put_tv(w, WIRE_IKE_HASH, (uint16_t)p->hash);
	wire_attr_put_tv(w, WIRE_IKE_AUTH, (uint16_t)p->auth);
	wire_attr_put_tv(w, WIRE_IKE_GROUP_DESC, (uint16_t)p->dh_group);
	wire_attr_put_tv(w, WIRE_IKE_LIFE_TYPE, WIRE_LIFE_SECONDS);
	wire_attr_put_num(w, WIRE_IKE_LIFE_DURATION, p->lifetime_s);
}

void mm_build_sa_offer(struct mm_builder *b, uint32_t doi, const struct ike_policy *p, size_t n)
{
	/* attribute lists live in one scratch area the SA encoder copies from */
	uint8_t scratch[MM_MAX_OFFERS * 40];
	struct wire_sa sa = { .doi = doi, .situation = WIRE_SIT_IDENTITY_ONLY };
	struct wire_proposal *prop = &sa.p1.prop[0];
	size_t used = 0;

	if (doi == WIRE_DOI_GDOI)
		sa.situation = 0; /* RFC 6407 5.1: GDOI has no situation bits */
	sa.p1.nproposals = 1;
	prop->num = 1;
	prop->protocol = WIRE_PROTO_ISAKMP;
	for (size_t i = 0; i < n && i < MM_MAX_OFFERS; i++) {
		struct wire_writer w;

		wire_writer_init(&w, scratch + used, sizeof(scratch) - used);
		put_policy_attrs(&w, &p[i]);
		if (!wire_writer_ok(&w) ||
		    wire_attrs_from_writer(&w, &prop->xf[i].attrs) != WIRE_OK)
			break;
		prop->xf[i].num = (uint8_t)(i + 1);
		prop->xf[i].id = WIRE_KEY_IKE;
		prop->ntransforms++;
		used += wire_writer_pos(&w);
	}
	wire_put_sa(&b->wb, &sa);
}

void mm_build_sa_choice(struct mm_builder *b, uint32_t doi, uint32_t situation,
			uint8_t proposal_no, const struct wire_transform *xf)
{
	struct wire_sa sa = { .doi = doi, .situation = situation };
	struct wire_proposal *prop = &sa.p1.prop[0];

	sa.p1.nproposals = 1;
	prop->num = proposal_no;
	prop->protocol = WIRE_PROTO_ISAKMP;
	prop->ntransforms = 1;
	prop->xf[0] = *xf;
	wire_put_sa(&b->wb, &sa);
}

void mm_build_notify(struct mm_builder *b, uint16_t type, const uint8_t *spi, size_t spi_len)
{
	struct wire_notify n = {
		.doi = WIRE_DOI_IPSEC,
		.protocol = WIRE_PROTO_ISAKMP,
		.spi_size = (uint8_t)spi_len,
		.type = type,
		.spi = spi,
	};

	wire_put_notify(&b->wb, &n);
}

uint8_t *mm_build_finish(struct mm_builder *b, size_t block, size_t *len)
{
	size_t n;

	if (wire_build_finish(&b->wb, &n) != WIRE_OK) {
		mm_build_abort(b);
		return NULL;
	}
	if (block) {
		size_t body = n - WIRE_HDR_LEN, pad = (block - body % block) % block;

		if (n + pad > MM_MAX_MSG) {
			mm_build_abort(b);
			return NULL;
		}
		memset(b->buf + n, 0, pad);
		n += pad;
		b->buf[24] = (uint8_t)(n >> 24);
		b->buf[25] = (uint8_t)(n >> 16);
		b->buf[26] = (uint8_t)(n >> 8);
		b->buf[27] = (uint8_t)n;
	}
	*len = n;
	return b->buf;
}

void mm_build_abort(struct mm_builder *b)
{
	free(b->buf);
	b->buf = NULL;
}
