/* Key Download payload (RFC 6407 5.6): Number of Key Packets(2),
 * RESERVED(2), then key packets: Type(1) RESERVED(1) Length(2, whole key
 * packet) SPI Size(1) SPI, attributes holding the keys. */
#include "gdoi/wire_int.h"

static bool spi_size_ok(uint8_t type, uint8_t size)
{
	if (type == WIRE_KD_TEK)
		return size == 4;
	if (type == WIRE_KD_KEK)
		return size == WIRE_KEK_SPI_LEN;
	return true;
}

/* Every key packet carries keys: at least one attribute, none empty. */
static enum wire_err check_key_attrs(struct wire_ctx *c, struct wire_reader *r,
				     const struct wire_attrs *attrs)
{
	struct wire_attr_iter it;
	struct wire_attr a;

	if (attrs->count == 0)
		return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	wire_attr_iter_init(&it, attrs);
	while (wire_attr_next(&it, &a))
		if (!a.tv && a.len == 0)
			return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	return WIRE_OK;
}

static enum wire_err dec_key_packet(struct wire_ctx *c, struct wire_reader *r,
				    struct wire_key_packet *kp)
{
	struct wire_reader start = *r, body;
	uint8_t reserved;
	uint16_t len;
	enum wire_err err;

	if (!wire_get_u8(r, &kp->type) || !wire_get_u8(r, &reserved) || !wire_get_u16(r, &len))
		return wire_fail(c, &start, WIRE_E_NESTED_LENGTH);
	if (reserved)
		return wire_fail(c, &start, WIRE_E_RESERVED);
	if (kp->type < WIRE_KD_TEK || kp->type > WIRE_KD_SID)
		return wire_fail(c, &start, WIRE_E_VALUE);
	if (len < 4 || !wire_get_sub(r, &body, len - 4u))
		return wire_fail(c, &start, WIRE_E_NESTED_LENGTH);
	if (!wire_get_u8(&body, &kp->spi_size))
		return wire_fail(c, &body, WIRE_E_NESTED_LENGTH);
	if (!spi_size_ok(kp->type, kp->spi_size))
		return wire_fail(c, &body, WIRE_E_SPI_SIZE);
	if (!wire_get_view(&body, &kp->spi, kp->spi_size))
		return wire_fail(c, &body, WIRE_E_NESTED_LENGTH);
	err = wire_get_attrs(c, &body, &kp->attrs);
	if (!err)
		err = check_key_attrs(c, &start, &kp->attrs);
	return err;
}

enum wire_err wire_dec_kd(struct wire_ctx *c, struct wire_reader *r, struct wire_kd *kd)
{
	uint16_t reserved;
	enum wire_err err;

	if (!wire_get_u16(r, &kd->npackets) || !wire_get_u16(r, &reserved))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	if (reserved)
		return wire_fail(c, r, WIRE_E_RESERVED);
	if (kd->npackets == 0)
		return wire_fail(c, r, WIRE_E_COUNT);
	if (kd->npackets > WIRE_MAX_KEY_PACKETS)
		return wire_fail(c, r, WIRE_E_TOO_MANY);
	for (uint16_t i = 0; i < kd->npackets; i++) {
		if (!wire_reader_left(r))
			return wire_fail(c, r, WIRE_E_COUNT);
		err = dec_key_packet(c, r, &kd->pkt[i]);
		if (err)
			return err;
	}
	if (wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_COUNT);
	return WIRE_OK;
}

enum wire_err wire_decode_kd(const uint8_t *body, size_t len, struct wire_kd *kd)
{
	struct wire_ctx c = { .flags = 0, .err_at = NULL };
	struct wire_reader r;

	wire_reader_init(&r, body, len);
	return wire_dec_kd(&c, &r, kd);
}

void wire_put_kd(struct wire_builder *b, const struct wire_kd *kd)
{
	struct wire_writer *w = &b->w;

	wire_payload_begin(b, WIRE_PL_KD);
	wire_put_u16(w, kd->npackets);
	wire_put_u16(w, 0);
	for (uint16_t i = 0; i < kd->npackets && i < WIRE_MAX_KEY_PACKETS; i++) {
		const struct wire_key_packet *kp = &kd->pkt[i];
		size_t start = wire_writer_pos(w);

		wire_put_u8(w, kp->type);
		wire_put_u8(w, 0);
		wire_put_u16(w, 0);
		wire_put_u8(w, kp->spi_size);
		wire_put_bytes(w, kp->spi, kp->spi_size);
		wire_put_bytes(w, kp->attrs.p, kp->attrs.len);
		wire_close_len16(w, start);
	}
	if (kd->npackets > WIRE_MAX_KEY_PACKETS)
		w->overflow = true;
	wire_payload_end(b);
}
