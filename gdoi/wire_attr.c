/* Data attributes (RFC 2408 3.3): a list of TV (AF=1, 16-bit value) and
 * TLV (AF=0, 16-bit length + value) entries filling a span exactly. */
#include "gdoi/wire.h"

#define ATTR_AF 0x8000

/* Reads one attribute; false when it would overrun the reader. */
static bool read_attr(struct wire_reader *r, struct wire_attr *a)
{
	uint16_t type, v;
	const uint8_t *data;

	if (!wire_get_u16(r, &type) || !wire_get_u16(r, &v))
		return false;
	a->type = type & (uint16_t)~ATTR_AF;
	a->tv = (type & ATTR_AF) != 0;
	if (a->tv) {
		a->value = v;
		a->data = NULL;
		a->len = 0;
		return true;
	}
	if (!wire_get_view(r, &data, v))
		return false;
	a->value = 0;
	a->data = data;
	a->len = v;
	return true;
}

enum wire_err wire_attrs_parse(const uint8_t *p, size_t len, struct wire_attrs *out)
{
	struct wire_reader r;
	struct wire_attr a;
	size_t n = 0;

	wire_reader_init(&r, p, len);
	while (wire_reader_left(&r)) {
		if (!read_attr(&r, &a))
			return WIRE_E_ATTR_OVERRUN;
		n++;
	}
	out->p = p;
	out->len = len;
	out->count = n;
	return WIRE_OK;
}

void wire_attr_iter_init(struct wire_attr_iter *it, const struct wire_attrs *attrs)
{
	wire_reader_init(&it->r, attrs->p, attrs->len);
}

bool wire_attr_next(struct wire_attr_iter *it, struct wire_attr *a)
{
	if (!wire_reader_left(&it->r))
		return false;
	return read_attr(&it->r, a);
}

bool wire_attrs_find(const struct wire_attrs *attrs, uint16_t type, struct wire_attr *a)
{
	struct wire_attr_iter it;

	wire_attr_iter_init(&it, attrs);
	while (wire_attr_next(&it, a))
		if (a->type == type)
			return true;
	return false;
}

bool wire_attr_u64(const struct wire_attr *a, uint64_t *v)
{
	uint64_t x = 0;

	if (a->tv) {
		*v = a->value;
		return true;
	}
	if (a->len == 0 || a->len > 8)
		return false;
	for (uint16_t i = 0; i < a->len; i++)
		x = x << 8 | a->data[i];
	*v = x;
	return true;
}

bool wire_attrs_get_u64(const struct wire_attrs *attrs, uint16_t type, uint64_t *v)
{
	struct wire_attr a;

	return wire_attrs_find(attrs, type, &a) && wire_attr_u64(&a, v);
}

bool wire_attrs_get_u32(const struct wire_attrs *attrs, uint16_t type, uint32_t *v)
{
	uint64_t x;

	if (!wire_attrs_get_u64(attrs, type, &x) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

void wire_attr_put_tv(struct wire_writer *w, uint16_t type, uint16_t value)
{
	wire_put_u16(w, (uint16_t)(type | ATTR_AF));
	wire_put_u16(w, value);
}

void wire_attr_put_tlv(struct wire_writer *w, uint16_t type, const void *data, uint16_t len)
{
	wire_put_u16(w, (uint16_t)(type & (uint16_t)~ATTR_AF));
	wire_put_u16(w, len);
	wire_put_bytes(w, data, len);
}

void wire_attr_put_num(struct wire_writer *w, uint16_t type, uint32_t value)
{
	uint8_t be[4] = { (uint8_t)(value >> 24), (uint8_t)(value >> 16),
			  (uint8_t)(value >> 8), (uint8_t)value };

	if (value <= UINT16_MAX)
		wire_attr_put_tv(w, type, (uint16_t)value);
	else
		wire_attr_put_tlv(w, type, be, sizeof(be));
}

enum wire_err wire_attrs_from_writer(const struct wire_writer *w, struct wire_attrs *out)
{
	if (!wire_writer_ok(w))
		return WIRE_E_NOSPACE;
	return wire_attrs_parse(w->buf, w->len, out);
}
