/* SA payload (RFC 2408 3.4): DOI and situation, then either RFC 2408
 * proposals/transforms (3.5, 3.6) or the GDOI SA sub-payloads. */
#include "gdoi/wire_int.h"

static enum wire_err dec_transform(struct wire_ctx *c, struct wire_reader *r,
				   struct wire_transform *xf)
{
	uint16_t reserved;

	if (!wire_get_u8(r, &xf->num) || !wire_get_u8(r, &xf->id) ||
	    !wire_get_u16(r, &reserved))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	if (reserved)
		return wire_fail(c, r, WIRE_E_RESERVED);
	return wire_get_attrs(c, r, &xf->attrs);
}

/* Transforms fill the rest of the proposal body exactly. */
static enum wire_err dec_transforms(struct wire_ctx *c, struct wire_reader *r, uint8_t count,
				    struct wire_proposal *p)
{
	uint8_t next = WIRE_PL_TRANSFORM;
	struct wire_reader sub;
	const uint8_t *raw;
	size_t raw_len;
	enum wire_err err;

	if (count == 0 || count > WIRE_MAX_TRANSFORMS)
		return wire_fail(c, r, count ? WIRE_E_TOO_MANY : WIRE_E_COUNT);
	for (p->ntransforms = 0; next != WIRE_PL_NONE; p->ntransforms++) {
		if (next != WIRE_PL_TRANSFORM)
			return wire_fail(c, r, WIRE_E_PAYLOAD_TYPE);
		if (p->ntransforms == count)
			return wire_fail(c, r, WIRE_E_COUNT);
		err = wire_get_generic(c, r, &next, &sub, &raw, &raw_len);
		if (!err)
			err = dec_transform(c, &sub, &p->xf[p->ntransforms]);
		if (err)
			return err == WIRE_E_PAYLOAD_LENGTH ? WIRE_E_NESTED_LENGTH : err;
	}
	if (p->ntransforms != count)
		return wire_fail(c, r, WIRE_E_COUNT);
	if (wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	return WIRE_OK;
}

static enum wire_err dec_proposal(struct wire_ctx *c, struct wire_reader *r,
				  struct wire_proposal *p)
{
	uint8_t count;

	if (!wire_get_u8(r, &p->num) || !wire_get_u8(r, &p->protocol) ||
	    !wire_get_u8(r, &p->spi_size) || !wire_get_u8(r, &count))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	if (p->protocol < WIRE_PROTO_ISAKMP || p->protocol > WIRE_PROTO_IPCOMP)
		return wire_fail(c, r, WIRE_E_PROTOCOL);
	if (!wire_get_view(r, &p->spi, p->spi_size))
		return wire_fail(c, r, WIRE_E_SPI_SIZE);
	return dec_transforms(c, r, count, p);
}

enum wire_err wire_dec_sa_p1(struct wire_ctx *c, struct wire_reader *r, struct wire_sa_p1 *sa)
{
	uint8_t next = WIRE_PL_PROPOSAL;
	struct wire_reader sub;
	const uint8_t *raw;
	size_t raw_len;
	enum wire_err err;

	if (!wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	for (sa->nproposals = 0; next != WIRE_PL_NONE; sa->nproposals++) {
		if (next != WIRE_PL_PROPOSAL)
			return wire_fail(c, r, WIRE_E_PAYLOAD_TYPE);
		if (sa->nproposals == WIRE_MAX_PROPOSALS)
			return wire_fail(c, r, WIRE_E_TOO_MANY);
		err = wire_get_generic(c, r, &next, &sub, &raw, &raw_len);
		if (!err)
			err = dec_proposal(c, &sub, &sa->prop[sa->nproposals]);
		if (err)
			return err == WIRE_E_PAYLOAD_LENGTH ? WIRE_E_NESTED_LENGTH : err;
	}
	if (wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	return WIRE_OK;
}

static enum wire_err check_situation(struct wire_ctx *c, struct wire_reader *r,
				     const struct wire_sa *sa)
{
	if (sa->doi == WIRE_DOI_GDOI)
		return sa->situation == 0 ? WIRE_OK : wire_fail(c, r, WIRE_E_SITUATION);
	if (sa->doi == WIRE_DOI_IPSEC && !sa->gdoi)
		/* secrecy/integrity would add labeled domain data: unsupported */
		return sa->situation == WIRE_SIT_IDENTITY_ONLY ?
			       WIRE_OK : wire_fail(c, r, WIRE_E_SITUATION);
	return wire_fail(c, r, WIRE_E_DOI);
}

enum wire_err wire_dec_sa(struct wire_ctx *c, struct wire_reader *r, bool gdoi,
			  struct wire_sa *sa)
{
	struct wire_reader start = *r;
	uint16_t first, reserved;
	enum wire_err err;

	sa->gdoi = gdoi;
	if (!wire_get_u32(r, &sa->doi) || !wire_get_u32(r, &sa->situation))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	err = check_situation(c, &start, sa);
	if (err)
		return err;
	if (!gdoi)
		return wire_dec_sa_p1(c, r, &sa->p1);
	/* RFC 6407 5.1: SA Attribute Next Payload (2 octets), RESERVED2 (2) */
	if (!wire_get_u16(r, &first) || !wire_get_u16(r, &reserved))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	if (reserved)
		return wire_fail(c, r, WIRE_E_RESERVED);
	return wire_dec_gdoi_sa(c, r, first, &sa->g);
}

enum wire_err wire_decode_sa(const uint8_t *body, size_t len, bool gdoi, unsigned flags,
			     struct wire_sa *sa)
{
	struct wire_ctx c = { .flags = flags, .err_at = NULL };
	struct wire_reader r;

	wire_reader_init(&r, body, len);
	return wire_dec_sa(&c, &r, gdoi, sa);
}

/* ---- encoders ---- */

static void enc_transform(struct wire_writer *w, const struct wire_transform *xf, bool last)
{
	size_t start = wire_writer_pos(w);

	wire_put_u8(w, last ? WIRE_PL_NONE : WIRE_PL_TRANSFORM);
	wire_put_u8(w, 0);
	wire_put_u16(w, 0);
	wire_put_u8(w, xf->num);
	wire_put_u8(w, xf->id);
	wire_put_u16(w, 0);
	wire_put_bytes(w, xf->attrs.p, xf->attrs.len);
	wire_close_len16(w, start);
}

static void enc_proposal(struct wire_writer *w, const struct wire_proposal *p, bool last)
{
	size_t start = wire_writer_pos(w);

	if (p->ntransforms > WIRE_MAX_TRANSFORMS) {
		w->overflow = true;
		return;
	}
	wire_put_u8(w, last ? WIRE_PL_NONE : WIRE_PL_PROPOSAL);
	wire_put_u8(w, 0);
	wire_put_u16(w, 0);
	wire_put_u8(w, p->num);
	wire_put_u8(w, p->protocol);
	wire_put_u8(w, p->spi_size);
	wire_put_u8(w, p->ntransforms);
	wire_put_bytes(w, p->spi, p->spi_size);
	for (uint8_t i = 0; i < p->ntransforms; i++)
		enc_transform(w, &p->xf[i], i + 1 == p->ntransforms);
	wire_close_len16(w, start);
}

void wire_enc_sa_p1(struct wire_writer *w, const struct wire_sa_p1 *sa)
{
	if (sa->nproposals > WIRE_MAX_PROPOSALS) {
		w->overflow = true;
		return;
	}
	for (uint8_t i = 0; i < sa->nproposals; i++)
		enc_proposal(w, &sa->prop[i], i + 1 == sa->nproposals);
}

void wire_put_sa(struct wire_builder *b, const struct wire_sa *sa)
{
	wire_payload_begin(b, WIRE_PL_SA);
	wire_put_u32(&b->w, sa->doi);
	wire_put_u32(&b->w, sa->situation);
	if (sa->gdoi)
		wire_enc_gdoi_sa(&b->w, b->flags, &sa->g);
	else
		wire_enc_sa_p1(&b->w, &sa->p1);
	wire_payload_end(b);
}
