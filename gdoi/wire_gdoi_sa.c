/* GDOI SA sub-payloads (RFC 6407 5.1-5.5): SA KEK, GAP, SA TEK.
 * See docs/interop-wire-notes.md for the field widths chosen. */
#include "gdoi/wire_int.h"

/* Traffic selector: Type(1) Port(2) Length(1, or 2 in the SA TEK) Data. */
static enum wire_err dec_gdoi_id(struct wire_ctx *c, struct wire_reader *r, bool len16,
				 struct wire_gdoi_id *id)
{
	uint16_t len16v = 0;
	uint8_t len8 = 0;
	bool ok;

	ok = wire_get_u8(r, &id->type) && wire_get_u16(r, &id->port) &&
	     (len16 ? wire_get_u16(r, &len16v) : wire_get_u8(r, &len8));
	if (!ok)
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	id->len = len16 ? len16v : len8;
	if (!wire_get_view(r, &id->data, id->len))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	if (!wire_id_data_ok(id->type, id->len))
		return wire_fail(c, r, WIRE_E_ID);
	return WIRE_OK;
}

static enum wire_err dec_kek(struct wire_ctx *c, struct wire_reader *r, struct wire_kek *k)
{
	enum wire_err err;

	if (!wire_get_u8(r, &k->protocol))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	err = dec_gdoi_id(c, r, false, &k->src);
	if (!err)
		err = dec_gdoi_id(c, r, false, &k->dst);
	if (err)
		return err;
	if (!wire_get_bytes(r, k->spi, sizeof(k->spi)) || !wire_get_u16(r, &k->pop_alg) ||
	    !wire_get_u16(r, &k->pop_key_len))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	return wire_get_attrs(c, r, &k->attrs);
}

static enum wire_err dec_tek(struct wire_ctx *c, struct wire_reader *r, struct wire_tek *t)
{
	bool len16 = !(c->flags & WIRE_DEC_TEK_ID_LEN8);
	enum wire_err err;

	if (!wire_get_u8(r, &t->protocol_id))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	if (t->protocol_id != WIRE_TEK_PROTO_IPSEC_ESP && t->protocol_id != WIRE_TEK_PROTO_IPSEC_AH)
		return wire_fail(c, r, WIRE_E_PROTOCOL);
	if (!wire_get_u8(r, &t->ip_protocol))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	err = dec_gdoi_id(c, r, len16, &t->src);
	if (!err)
		err = dec_gdoi_id(c, r, len16, &t->dst);
	if (err)
		return err;
	if (!wire_get_u8(r, &t->transform_id) || !wire_get_u32(r, &t->spi))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	return wire_get_attrs(c, r, &t->attrs);
}

static enum wire_err dec_gap(struct wire_ctx *c, struct wire_reader *r, struct wire_attrs *gap)
{
	if (!wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	return wire_get_attrs(c, r, gap);
}

/* Rank of a sub-payload in the required order KEK, GAP, TEK; -1 if none. */
static int rank(uint16_t type)
{
	switch (type) {
	case WIRE_PL_SAK:
		return 0;
	case WIRE_PL_GAP:
		return 1;
	case WIRE_PL_SAT:
		return 2;
	}
	return -1;
}

static enum wire_err dec_sub(struct wire_ctx *c, struct wire_reader *sub, uint8_t type,
			     struct wire_gdoi_sa *sa)
{
	switch (type) {
	case WIRE_PL_SAK:
		sa->has_kek = true;
		return dec_kek(c, sub, &sa->kek);
	case WIRE_PL_GAP:
		sa->has_gap = true;
		return dec_gap(c, sub, &sa->gap);
	default:
		return dec_tek(c, sub, &sa->tek[sa->nteks++]);
	}
}

/* Checks type may come now; prev is the rank of the previous one. */
static enum wire_err check_next(struct wire_ctx *c, struct wire_reader *r, uint16_t type,
				int prev, const struct wire_gdoi_sa *sa)
{
	int rk = rank(type);

	if (rk < 0)
		return wire_fail(c, r, WIRE_E_PAYLOAD_TYPE);
	if (rk < prev)
		return wire_fail(c, r, WIRE_E_ORDER);
	if (rk == prev && rk < 2)
		return wire_fail(c, r, WIRE_E_DUPLICATE);
	if (rk == 2 && sa->nteks == WIRE_MAX_TEKS)
		return wire_fail(c, r, WIRE_E_TOO_MANY);
	return WIRE_OK;
}

enum wire_err wire_dec_gdoi_sa(struct wire_ctx *c, struct wire_reader *r, uint16_t first,
			       struct wire_gdoi_sa *sa)
{
	uint16_t type = first;
	int prev = -1;
	struct wire_reader sub;
	const uint8_t *raw;
	size_t raw_len;
	enum wire_err err;
	uint8_t next;

	sa->has_kek = sa->has_gap = false;
	sa->nteks = 0;
	while (type != WIRE_PL_NONE) {
		err = check_next(c, r, type, prev, sa);
		if (err)
			return err;
		prev = rank(type);
		err = wire_get_generic(c, r, &next, &sub, &raw, &raw_len);
		if (!err)
			err = dec_sub(c, &sub, (uint8_t)type, sa);
		if (err)
			return err == WIRE_E_PAYLOAD_LENGTH ? WIRE_E_NESTED_LENGTH : err;
		type = next;
	}
	if (wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_NESTED_LENGTH);
	return WIRE_OK;
}

/* ---- encoders ---- */

static void enc_gdoi_id(struct wire_writer *w, bool len16, const struct wire_gdoi_id *id)
{
	wire_put_u8(w, id->type);
	wire_put_u16(w, id->port);
	if (len16) {
		if (id->len > UINT16_MAX)
			w->overflow = true;
		wire_put_u16(w, (uint16_t)id->len);
	} else {
		if (id->len > UINT8_MAX)
			w->overflow = true;
		wire_put_u8(w, (uint8_t)id->len);
	}
	wire_put_bytes(w, id->data, id->len);
}

static void enc_kek(struct wire_writer *w, const struct wire_kek *k)
{
	wire_put_u8(w, k->protocol);
	enc_gdoi_id(w, false, &k->src);
	enc_gdoi_id(w, false, &k->dst);
	wire_put_bytes(w, k->spi, sizeof(k->spi));
	wire_put_u16(w, k->pop_alg);
	wire_put_u16(w, k->pop_key_len);
	wire_put_bytes(w, k->attrs.p, k->attrs.len);
}

static void enc_tek(struct wire_writer *w, unsigned flags, const struct wire_tek *t)
{
	bool len16 = !(flags & WIRE_DEC_TEK_ID_LEN8);

	wire_put_u8(w, t->protocol_id);
	wire_put_u8(w, t->ip_protocol);
	enc_gdoi_id(w, len16, &t->src);
	enc_gdoi_id(w, len16, &t->dst);
	wire_put_u8(w, t->transform_id);
	wire_put_u32(w, t->spi);
	wire_put_bytes(w, t->attrs.p, t->attrs.len);
}

/* Sub-payload i of the canonical sequence KEK?, GAP?, TEK*; its type. */
static uint8_t sub_type(const struct wire_gdoi_sa *sa, size_t i)
{
	if (sa->has_kek && i-- == 0)
		return WIRE_PL_SAK;
	if (sa->has_gap && i-- == 0)
		return WIRE_PL_GAP;
	return i < sa->nteks ? WIRE_PL_SAT : WIRE_PL_NONE;
}

void wire_enc_gdoi_sa(struct wire_writer *w, unsigned flags, const struct wire_gdoi_sa *sa)
{
	size_t i = 0, tek = 0, start;
	uint8_t type = sub_type(sa, 0);

	if (sa->nteks > WIRE_MAX_TEKS) {
		w->overflow = true;
		return;
	}
	wire_put_u16(w, type);
	wire_put_u16(w, 0);
	for (; type != WIRE_PL_NONE; type = sub_type(sa, ++i)) {
		start = wire_writer_pos(w);
		wire_put_u8(w, sub_type(sa, i + 1));
		wire_put_u8(w, 0);
		wire_put_u16(w, 0);
		if (type == WIRE_PL_SAK)
			enc_kek(w, &sa->kek);
		else if (type == WIRE_PL_GAP)
			wire_put_bytes(w, sa->gap.p, sa->gap.len);
		else
			enc_tek(w, flags, &sa->tek[tek++]);
		wire_close_len16(w, start);
	}
}
