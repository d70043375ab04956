/* libFuzzer target for the ISAKMP/GDOI decoder. Besides crashes and
 * sanitizer reports, it checks the codec's promise: whatever decodes
 * re-encodes to the same octets (up to the end of the last payload). */
#include "gdoi/wire.h"

#include <stdlib.h>
#include <string.h>

static const unsigned flag_sets[] = {
	0,
	WIRE_DEC_PADDED,
	WIRE_DEC_TEK_ID_LEN8,
	WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8,
};

static void check_roundtrip(const uint8_t *data, const struct wire_msg *msg, unsigned flags)
{
	static uint8_t out[70000];
	struct wire_builder b;
	size_t len;

	wire_build_begin(&b, out, sizeof(out), flags, &msg->hdr);
	for (size_t i = 0; i < msg->npayloads; i++)
		wire_put_decoded(&b, msg, &msg->pl[i]);
	if (wire_build_finish(&b, &len) != WIRE_OK || len != msg->payloads_end ||
	    memcmp(out, data, 24) != 0 ||
	    memcmp(out + WIRE_HDR_LEN, data + WIRE_HDR_LEN, len - WIRE_HDR_LEN) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode_all(const uint8_t *data, size_t size)
{
	static struct wire_msg msg;
	static struct wire_stats stats;

	for (size_t i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++)
		if (wire_decode(data, size, flag_sets[i], &msg, &stats) == WIRE_OK)
			check_roundtrip(data, &msg, flag_sets[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t fixed[65536];
	struct wire_hdr hdr;
	struct wire_attrs attrs;

	wire_hdr_decode(data, size, &hdr);
	decode_all(data, size);
	/* Again with the header length made right, so that mutations reach
	 * the payloads instead of stopping at the length check. */
	if (size >= WIRE_HDR_LEN && size <= sizeof(fixed)) {
		memcpy(fixed, data, size);
		fixed[24] = (uint8_t)(size >> 24);
		fixed[25] = (uint8_t)(size >> 16);
		fixed[26] = (uint8_t)(size >> 8);
		fixed[27] = (uint8_t)size;
		decode_all(fixed, size);
	}
	if (wire_attrs_parse(data, size, &attrs) == WIRE_OK) {
		struct wire_attr_iter it;
		struct wire_attr a;
		size_t n = 0;

		wire_attr_iter_init(&it, &attrs);
		while (wire_attr_next(&it, &a))
			n++;
		if (n != attrs.count)
			abort();
	}
	return 0;
}
