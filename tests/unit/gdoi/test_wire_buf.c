/* Bounds-checked reader/writer and attribute lists. */
#include "gdoi/wire.h"
#include "tests/tap.h"

static void test_reader(void)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
	struct wire_reader r, sub;
	const uint8_t *p;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint8_t copy[4];

	wire_reader_init(&r, b, sizeof(b));
	ok(wire_get_u8(&r, &u8) && u8 == 0x01, "u8");
	ok(wire_get_u16(&r, &u16) && u16 == 0x0203, "u16 big endian");
	ok(wire_get_u32(&r, &u32) && u32 == 0x04050607, "u32 big endian");
	is_int(wire_reader_left(&r), 0, "all consumed");
	ok(!wire_get_u8(&r, &u8), "u8 past the end fails");

	wire_reader_init(&r, b, 3);
	ok(!wire_get_u32(&r, &u32), "u32 with 3 left fails");
	is_int(wire_reader_left(&r), 3, "failed get consumes nothing");
	ok(!wire_skip(&r, 4), "skip past the end fails");
	ok(wire_get_view(&r, &p, 2) && p == b, "view points into the buffer");
	is_int(wire_reader_offset(&r), 2, "offset after view");
	ok(!wire_get_bytes(&r, copy, 2), "bytes past the end fail");
	ok(wire_get_bytes(&r, copy, 1) && copy[0] == 0x03, "bytes copy");

	wire_reader_init(&r, b, sizeof(b));
	wire_skip(&r, 1);
	ok(wire_get_sub(&r, &sub, 2), "sub-reader of 2");
	is_int(wire_reader_left(&r), 4, "parent skipped the sub-buffer");
	is_int(wire_reader_offset(&sub), 1, "sub offset relative to the whole buffer");
	ok(!wire_get_u32(&sub, &u32), "sub cannot read past its end");
	ok(wire_get_u16(&sub, &u16) && u16 == 0x0203, "sub reads its bytes");
	ok(!wire_get_sub(&r, &sub, 5), "sub larger than the rest fails");
	ok(wire_get_view(&r, &p, 0), "zero-length view");
}

static void test_writer(void)
{
	uint8_t b[8];
	struct wire_writer w;

	wire_writer_init(&w, b, sizeof(b));
	wire_put_u8(&w, 0xaa);
	wire_put_u16(&w, 0x0102);
	wire_put_u32(&w, 0x03040506);
	ok(wire_writer_ok(&w), "7 bytes fit");
	is_mem(b, "\xaa\x01\x02\x03\x04\x05\x06", 7, "big-endian layout");
	wire_patch_u16(&w, 1, 0xbeef);
	is_mem(b + 1, "\xbe\xef", 2, "back-patch u16");
	wire_patch_u32(&w, 3, 0xcafef00d);
	is_mem(b + 3, "\xca\xfe\xf0\x0d", 4, "back-patch u32");
	wire_patch_u8(&w, 0, 0x55);
	is_int(b[0], 0x55, "back-patch u8");
	wire_put_u16(&w, 0x1234);
	ok(!wire_writer_ok(&w), "overflow detected");
	is_int(wire_writer_pos(&w), 7, "nothing written on overflow");
	wire_put_u8(&w, 1);
	ok(!wire_writer_ok(&w), "overflow is sticky");

	wire_writer_init(&w, b, sizeof(b));
	wire_put_zero(&w, 2);
	wire_patch_u16(&w, 1, 1);
	ok(!wire_writer_ok(&w), "patch beyond what was written fails");

	wire_writer_init(&w, b, sizeof(b));
	wire_put_bytes(&w, "12345678", 8);
	ok(wire_writer_ok(&w), "exact fill");
	wire_put_bytes(&w, "", 0);
	ok(wire_writer_ok(&w), "empty put at capacity");
}

static void test_attrs(void)
{
	uint8_t b[64];
	struct wire_writer w;
	struct wire_attrs a;
	struct wire_attr at;
	struct wire_attr_iter it;
	uint64_t v;
	uint32_t v32;
	int n = 0;

	wire_writer_init(&w, b, sizeof(b));
	wire_attr_put_tv(&w, WIRE_IPSEC_ENCAP_MODE, WIRE_ENCAP_TUNNEL);
	wire_attr_put_num(&w, WIRE_IPSEC_LIFE_DURATION, 86400);
	wire_attr_put_tlv(&w, 7, "xyz", 3);
	wire_attr_put_num(&w, WIRE_IPSEC_LIFE_TYPE, WIRE_LIFE_SECONDS);
	is_int(wire_attrs_from_writer(&w, &a), WIRE_OK, "attribute list parses");
	is_int(a.count, 4, "four attributes");
	is_mem(b, "\x80\x04\x00\x01", 4, "TV: AF bit, type, value");
	is_mem(b + 4, "\x00\x02\x00\x04\x00\x01\x51\x80", 8, "TLV for a value over 16 bits");
	ok(wire_attrs_get_u64(&a, WIRE_IPSEC_LIFE_DURATION, &v) && v == 86400, "TLV numeric value");
	ok(wire_attrs_get_u32(&a, WIRE_IPSEC_ENCAP_MODE, &v32) && v32 == 1, "TV numeric value");
	ok(wire_attrs_find(&a, 7, &at) && !at.tv && at.len == 3 && memcmp(at.data, "xyz", 3) == 0,
	   "TLV bytes");
	ok(!wire_attrs_find(&a, 99, &at), "absent attribute");
	wire_attr_iter_init(&it, &a);
	while (wire_attr_next(&it, &at))
		n++;
	is_int(n, 4, "iteration visits all");

	is_int(wire_attrs_parse(b, 3, &a), WIRE_E_ATTR_OVERRUN, "cut inside a TV header");
	is_int(wire_attrs_parse(b, 10, &a), WIRE_E_ATTR_OVERRUN, "cut inside a TLV value");
	is_int(wire_attrs_parse((const uint8_t *)"\x00\x07\xff\xff", 4, &a), WIRE_E_ATTR_OVERRUN,
	       "TLV length past the end");
	is_int(wire_attrs_parse(b, 0, &a), WIRE_OK, "empty list is valid");
	is_int(a.count, 0, "empty list has no attributes");
	{
		const uint8_t long_tlv[] = { 0, 2, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

		wire_attrs_parse(long_tlv, sizeof(long_tlv), &a);
		ok(!wire_attrs_get_u64(&a, 2, &v), "9-octet number refused");
	}
}

int main(void)
{
	test_reader();
	test_writer();
	test_attrs();
	is_str(wire_err_name(WIRE_E_ATTR_OVERRUN), "attribute-overrun", "reason names");
	is_str(wire_err_name((enum wire_err)999), "unknown", "unknown reason name");
	for (int e = 0; e < WIRE_E__MAX; e++)
		ok(strcmp(wire_err_name((enum wire_err)e), "unknown") != 0, "every reason named");
	return done_testing();
}
