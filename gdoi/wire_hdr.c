/* ISAKMP header (RFC 2408 3.1) and generic payload header (3.2). */
#include "gdoi/wire_int.h"

#include <string.h>

static bool exchange_known(uint8_t x)
{
	switch (x) {
	case WIRE_EXCH_BASE:
	case WIRE_EXCH_MAIN:
	case WIRE_EXCH_AUTH_ONLY:
	case WIRE_EXCH_AGGRESSIVE:
	case WIRE_EXCH_INFO:
	case WIRE_EXCH_GROUPKEY_PULL:
	case WIRE_EXCH_GROUPKEY_PUSH:
	case WIRE_EXCH_GROUPKEY_PUSH_ACK:
		return true;
	}
	return false;
}

enum wire_err wire_hdr_decode(const uint8_t *buf, size_t len, struct wire_hdr *hdr)
{
	struct wire_reader r;

	memset(hdr, 0, sizeof(*hdr));
	wire_reader_init(&r, buf, len);
	if (!wire_get_bytes(&r, hdr->icookie, WIRE_COOKIE_LEN) ||
	    !wire_get_bytes(&r, hdr->rcookie, WIRE_COOKIE_LEN) ||
	    !wire_get_u8(&r, &hdr->next_payload) || !wire_get_u8(&r, &hdr->version) ||
	    !wire_get_u8(&r, &hdr->exchange) || !wire_get_u8(&r, &hdr->flags) ||
	    !wire_get_u32(&r, &hdr->msgid) || !wire_get_u32(&r, &hdr->length))
		return WIRE_E_TRUNCATED;
	if (hdr->version != WIRE_VERSION)
		return WIRE_E_VERSION;
	if (!exchange_known(hdr->exchange))
		return WIRE_E_EXCHANGE;
	if (hdr->flags & ~WIRE_FLAGS_KNOWN)
		return WIRE_E_FLAGS;
	if (hdr->length != len)
		return WIRE_E_HDR_LENGTH;
	return WIRE_OK;
}

void wire_hdr_encode(struct wire_writer *w, const struct wire_hdr *hdr)
{
	wire_put_bytes(w, hdr->icookie, WIRE_COOKIE_LEN);
	wire_put_bytes(w, hdr->rcookie, WIRE_COOKIE_LEN);
	wire_put_u8(w, hdr->next_payload);
	wire_put_u8(w, hdr->version);
	wire_put_u8(w, hdr->exchange);
	wire_put_u8(w, hdr->flags);
	wire_put_u32(w, hdr->msgid);
	wire_put_u32(w, hdr->length);
}

enum wire_err wire_get_generic(struct wire_ctx *c, struct wire_reader *r, uint8_t *next,
			       struct wire_reader *sub, const uint8_t **raw, size_t *raw_len)
{
	struct wire_reader start = *r;
	uint8_t reserved;
	uint16_t plen;

	if (!wire_get_u8(r, next) || !wire_get_u8(r, &reserved) || !wire_get_u16(r, &plen))
		return wire_fail(c, &start, WIRE_E_PAYLOAD_LENGTH);
	if (reserved != 0)
		return wire_fail(c, &start, WIRE_E_RESERVED);
	if (plen < WIRE_GENERIC_HDR_LEN ||
	    !wire_get_sub(r, sub, plen - WIRE_GENERIC_HDR_LEN))
		return wire_fail(c, &start, WIRE_E_PAYLOAD_LENGTH);
	*raw = start.p;
	*raw_len = plen;
	return WIRE_OK;
}

enum wire_err wire_get_attrs(struct wire_ctx *c, struct wire_reader *r, struct wire_attrs *a)
{
	const uint8_t *p;
	size_t n = wire_reader_left(r);
	enum wire_err err;

	if (!wire_get_view(r, &p, n))
		return wire_fail(c, r, WIRE_E_ATTR_OVERRUN);
	err = wire_attrs_parse(p, n, a);
	if (err) {
		if (!c->err_at)
			c->err_at = p;
		return err;
	}
	return WIRE_OK;
}
