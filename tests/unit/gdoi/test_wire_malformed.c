/* Malformed messages: every truncation, every length field bent, chains
 * running past the end, attribute overruns, one case per reject reason,
 * and seeded random corruption. Everything must be rejected cleanly (ASan
 * builds check the "cleanly"), and whatever still decodes must re-encode
 * to the same octets. */
#include "gdoi/wire.h"
#include "tests/tap.h"
#include "tests/unit/gdoi/wire_test_util.h"

static uint8_t buf[4096], work[4096], out[4096];
static struct wire_msg msg;
static struct wire_stats stats;

struct vec {
	const char *name;
	unsigned flags;
};

static const struct vec vecs[] = {
	{ "mm1", 0 },
	{ "mm3", 0 },
	{ "mm5_plain", 0 },
	{ "pull1_plain", 0 },
	{ "pull2_plain", WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8 },
	{ "pull3_plain", 0 },
	{ "pull4_plain", WIRE_DEC_PADDED },
	{ "kek_pull2_plain", WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8 },
	{ "kek_pull4_plain", WIRE_DEC_PADDED },
	{ "push_plain", WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8 },
};

static void set_len(uint8_t *m, size_t len)
{
	wire_hdr_set_length(m, (uint32_t)len);
}

/* Re-encodes a decoded message; true if it reproduces m's payloads. */
static bool reencodes(const uint8_t *m, unsigned flags)
{
	struct wire_builder b;
	size_t len;

	wire_build_begin(&b, out, sizeof(out), flags, &msg.hdr);
	for (size_t i = 0; i < msg.npayloads; i++)
		wire_put_decoded(&b, &msg, &msg.pl[i]);
	return wire_build_finish(&b, &len) == WIRE_OK && len == msg.payloads_end &&
	       memcmp(out + WIRE_HDR_LEN, m + WIRE_HDR_LEN, len - WIRE_HDR_LEN) == 0;
}

/* Cut at every offset, with the header length kept (the datagram lost
 * octets) and with it fixed up (a shorter message claimed whole). */
static void test_truncation(const struct vec *v)
{
	size_t n = load_vector(v->name, buf, sizeof(buf)), end;
	bool kept_ok = true, fixed_ok = true;
	char what[128];

	if (wire_decode(buf, n, v->flags, &msg, NULL) != WIRE_OK) {
		ok(0, "vector decodes");
		return;
	}
	end = msg.payloads_end;
	for (size_t cut = 0; cut < n; cut++) {
		memcpy(work, buf, n);
		if (wire_decode(work, cut, v->flags, &msg, &stats) == WIRE_OK)
			kept_ok = false;
		if (cut >= WIRE_HDR_LEN)
			set_len(work, cut);
		/* cutting padding only leaves a valid, shorter padding */
		if ((wire_decode(work, cut, v->flags, &msg, &stats) == WIRE_OK) != (cut >= end))
			fixed_ok = false;
	}
	snprintf(what, sizeof(what), "%s: every truncated datagram rejected", v->name);
	ok(kept_ok, what);
	snprintf(what, sizeof(what), "%s: every truncated message rejected (but padding)", v->name);
	ok(fixed_ok, what);
}

/* Every 16-bit length field of every (nested) payload: generic payload
 * lengths sit 2 octets into each payload; rather than locate them, try
 * every 16-bit position with values that must break the structure. */
static void test_bent_lengths(const struct vec *v)
{
	static const uint16_t bad[] = { 0, 1, 3, 0xffff };
	size_t n = load_vector(v->name, buf, sizeof(buf));
	size_t accepted = 0, consistent = 0;
	char what[128];

	for (size_t pos = WIRE_HDR_LEN; pos + 1 < n; pos++) {
		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			memcpy(work, buf, n);
			work[pos] = (uint8_t)(bad[k] >> 8);
			work[pos + 1] = (uint8_t)bad[k];
			if (wire_decode(work, n, v->flags, &msg, &stats) != WIRE_OK)
				continue;
			accepted++; /* bent a value field, not a length */
			consistent += reencodes(work, v->flags);
		}
	}
	snprintf(what, sizeof(what), "%s: whatever survives bent fields re-encodes identically",
		 v->name);
	is_int(consistent, accepted, what);
}

/* Each payload's own length: one more, one less, past the end. */
static void test_payload_lengths(const struct vec *v)
{
	size_t n = load_vector(v->name, buf, sizeof(buf)), np;
	size_t off[WIRE_MAX_PAYLOADS], len[WIRE_MAX_PAYLOADS];
	bool all = true;
	char what[128];

	if (wire_decode(buf, n, v->flags, &msg, NULL) != WIRE_OK)
		return;
	np = msg.npayloads;
	for (size_t i = 0; i < np; i++) {
		off[i] = (size_t)(msg.pl[i].raw - buf);
		len[i] = msg.pl[i].raw_len;
	}
	for (size_t i = 0; i < np; i++) {
		const long deltas[] = { -1, 1, 0x10000 - (long)len[i] - 1, 4 - (long)len[i] };

		for (size_t k = 0; k < 4; k++) {
			long l = (long)len[i] + deltas[k];

			/* an opaque last payload moved by one octet into or out of
			 * the padding is indistinguishable from a valid message */
			if ((v->flags & WIRE_DEC_PADDED) && i + 1 == np && k < 2)
				continue;

			memcpy(work, buf, n);
			work[off[i] + 2] = (uint8_t)(l >> 8);
			work[off[i] + 3] = (uint8_t)l;
			if (wire_decode(work, n, v->flags, &msg, &stats) == WIRE_OK)
				all = false;
		}
	}
	snprintf(what, sizeof(what), "%s: every payload length off by one or oversized rejected",
		 v->name);
	ok(all, what);
}

/* The last payload claims a successor: the chain runs past the end, or
 * into the padding. */
static void test_chain_past_end(const struct vec *v)
{
	size_t n = load_vector(v->name, buf, sizeof(buf));
	size_t last;
	char what[128];

	if (wire_decode(buf, n, v->flags, &msg, NULL) != WIRE_OK)
		return;
	last = (size_t)(msg.pl[msg.npayloads - 1].raw - buf);
	memcpy(work, buf, n);
	work[last] = WIRE_PL_VID;
	snprintf(what, sizeof(what), "%s: chain past the last payload rejected", v->name);
	ok(wire_decode(work, n, v->flags, &msg, &stats) != WIRE_OK, what);
}

static void test_random(const struct vec *v)
{
	size_t n = load_vector(v->name, buf, sizeof(buf));
	uint32_t seed = 0x9e3779b9u ^ (uint32_t)n;
	size_t accepted = 0, consistent = 0;
	char what[128];

	for (int round = 0; round < 3000; round++) {
		memcpy(work, buf, n);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			work[WIRE_HDR_LEN + (seed >> 8) % (n - WIRE_HDR_LEN)] ^=
				(uint8_t)(1u << ((seed >> 4) & 7));
		}
		if (wire_decode(work, n, v->flags, &msg, &stats) == WIRE_OK) {
			accepted++;
			consistent += reencodes(work, v->flags);
		}
	}
	snprintf(what, sizeof(what), "%s: random corruption: decoded ones re-encode identically",
		 v->name);
	is_int(consistent, accepted, what);
}

/* ---- one hand-made message per reason ---- */

struct bad {
	const char *name;
	const char *hex;
	unsigned flags;
	enum wire_err want;
};

#define H(np, x, fl, len) "0102030405060708 1112131415161718" np "10" x fl "00000000" len

static const struct bad bads[] = {
	{ "short header", "0102030405060708 1112131415161718 0b10", 0, WIRE_E_TRUNCATED },
	{ "length field larger", H("0d", "02", "00", "00000025") "00000008 01020304", 0,
	  WIRE_E_HDR_LENGTH },
	{ "version 2.0", "0102030405060708 1112131415161718 0d 20 02 00 00000000 00000024"
			 "00000008 01020304", 0, WIRE_E_VERSION },
	{ "exchange 99", H("0d", "63", "00", "00000024") "00000008 01020304", 0, WIRE_E_EXCHANGE },
	{ "flag 0x08", H("0d", "02", "08", "00000024") "00000008 01020304", 0, WIRE_E_FLAGS },
	{ "payload length 3", H("0d", "02", "00", "00000024") "00000003 01020304", 0,
	  WIRE_E_PAYLOAD_LENGTH },
	{ "payload past the end", H("0d", "02", "00", "00000024") "00000009 01020304", 0,
	  WIRE_E_PAYLOAD_LENGTH },
	{ "payload type 14", H("0e", "02", "00", "00000024") "00000008 01020304", 0,
	  WIRE_E_PAYLOAD_TYPE },
	{ "private payload type 200", H("0d", "02", "00", "00000024") "c8000008 01020304", 0,
	  WIRE_E_PAYLOAD_TYPE },
	{ "POP payload (RFC 3547)", H("13", "20", "00", "00000024") "00000008 01020304", 0,
	  WIRE_E_PAYLOAD_TYPE },
	{ "SA TEK at top level", H("10", "20", "00", "00000024") "00000008 01020304", 0,
	  WIRE_E_PAYLOAD_PLACE },
	{ "proposal at top level", H("02", "02", "00", "00000024") "00000008 01020304", 0,
	  WIRE_E_PAYLOAD_PLACE },
	{ "GAP at top level outside GROUPKEY-PULL", H("16", "02", "00", "00000024")
	  "00000008 01020304", 0, WIRE_E_PAYLOAD_PLACE },
	{ "trailing octet", H("0d", "02", "00", "00000025") "00000008 01020304 00", 0,
	  WIRE_E_TRAILING },
	{ "padding over 16 octets", H("0d", "02", "01", "00000035")
	  "00000008 01020304 0000000000000000 0000000000000000 00", WIRE_DEC_PADDED,
	  WIRE_E_TRAILING },
	{ "no payload", H("00", "02", "00", "0000001c"), 0, WIRE_E_NO_PAYLOAD },
	{ "two SEQ", H("12", "21", "01", "0000002c") "12000008 00000001 00000008 00000002", 0,
	  WIRE_E_DUPLICATE },
	{ "two SA", H("01", "20", "00", "0000003c")
	  "01000010 00000002 00000000 0000 0000 00000010 00000002 00000000 0000 0000", 0,
	  WIRE_E_DUPLICATE },
	{ "SA without proposals", H("01", "02", "00", "00000028") "0000000c 00000001 00000001", 0,
	  WIRE_E_ZERO_LENGTH },
	{ "TEK before KEK", H("01", "20", "00", "0000004d")
	  "00000031 00000002 00000000 0010 0000"
	  "0f00001d 01 00 01 0000 0004 0a000001 01 0000 0004 ef000001 03 01020304"
	  "00000004", 0, WIRE_E_ORDER },
	{ "two KEKs", H("01", "20", "00", "00000059")
	  "0000003d 00000002 00000000 000f 0000"
	  "0f000029 11 01 0000 04 0a000001 01 0000 04 ef000001"
	  "30313233343536373839616263646566 00000000 00000004", 0, WIRE_E_DUPLICATE },
	{ "SA attribute next payload 2", H("01", "20", "00", "0000002c")
	  "00000010 00000002 00000000 0002 0000", 0, WIRE_E_PAYLOAD_TYPE },
	{ "GDOI SA RESERVED2", H("01", "20", "00", "0000002c")
	  "00000010 00000002 00000000 0000 0001", 0, WIRE_E_RESERVED },
	{ "SEQ of 5 octets", H("12", "21", "01", "00000025") "00000009 0000000101", 0,
	  WIRE_E_BODY_LENGTH },
	{ "nonce of 4 octets", H("0a", "02", "00", "00000024") "00000008 01020304", 0,
	  WIRE_E_BODY_LENGTH },
	{ "transform past its proposal", H("01", "02", "00", "00000038")
	  "0000001c 00000001 00000001 00000010 01010001 0000000d 01010000", 0,
	  WIRE_E_NESTED_LENGTH },
	{ "octets after the last proposal", H("01", "02", "00", "0000003c")
	  "00000020 00000001 00000001 00000010 01010001 00000008 01010000 00000000", 0,
	  WIRE_E_NESTED_LENGTH },
	{ "attribute overrun", H("01", "02", "00", "0000003c")
	  "00000020 00000001 00000001 00000014 01010001 0000000c 01010000 000c0005", 0,
	  WIRE_E_ATTR_OVERRUN },
	{ "empty HASH", H("08", "02", "01", "00000020") "00000004", 0, WIRE_E_ZERO_LENGTH },
	{ "reserved octet set", H("0d", "02", "00", "00000024") "00010008 01020304", 0,
	  WIRE_E_RESERVED },
	{ "transform RESERVED2 set", H("01", "02", "00", "00000038")
	  "0000001c 00000001 00000001 00000010 01010001 00000008 01010001", 0, WIRE_E_RESERVED },
	{ "SA DOI 7", H("01", "02", "00", "00000038")
	  "0000001c 00000007 00000001 00000010 01010001 00000008 01010000", 0, WIRE_E_DOI },
	{ "SA situation secrecy", H("01", "02", "00", "00000038")
	  "0000001c 00000001 00000002 00000010 01010001 00000008 01010000", 0, WIRE_E_SITUATION },
	{ "GDOI SA situation 1", H("01", "20", "00", "0000002c")
	  "00000010 00000002 00000001 0000 0000", 0, WIRE_E_SITUATION },
	{ "notify DOI 9", H("0b", "05", "00", "00000028") "0000000c 00000009 01000018", 0,
	  WIRE_E_DOI },
	{ "TEK protocol 9", H("01", "20", "00", "00000037")
	  "0000001b 00000002 00000000 0010 0000 0000000b 09 00 01 0000 0004", 0,
	  WIRE_E_PROTOCOL },
	{ "proposal protocol 7", H("01", "02", "00", "00000038")
	  "0000001c 00000001 00000001 00000010 01070001 00000008 01010000", 0, WIRE_E_PROTOCOL },
	{ "TEK key packet SPI of 16", H("11", "20", "01", "0000003d")
	  "00000021 0001 0000 01000019 10 30313233343536373839616263646566 0001 0000", 0,
	  WIRE_E_SPI_SIZE },
	{ "notify SPI past the end", H("0b", "05", "00", "00000028") "0000000c 00000001 01100018",
	  0, WIRE_E_SPI_SIZE },
	{ "delete SPI size 0", H("0c", "05", "00", "00000028") "0000000c 00000001 03000001", 0,
	  WIRE_E_SPI_SIZE },
	{ "IPv4 ID of 3 octets", H("05", "02", "01", "00000027") "0000000b 01000000 7f0000", 0,
	  WIRE_E_ID },
	{ "empty KEY_ID", H("05", "20", "01", "00000024") "00000008 0b000000", 0, WIRE_E_ID },
	{ "ID type 0", H("05", "02", "01", "00000028") "0000000c 00000000 7f000001", 0, WIRE_E_ID },
	{ "transform count 2, one present", H("01", "02", "00", "00000038")
	  "0000001c 00000001 00000001 00000010 01010002 00000008 01010000", 0, WIRE_E_COUNT },
	{ "delete count beyond its SPIs", H("0c", "05", "00", "0000002c")
	  "00000010 00000001 03040002 01020304", 0, WIRE_E_COUNT },
	{ "KD count 2, one present", H("11", "20", "01", "00000031")
	  "00000015 0002 0000 0100000d 04 01020304 8001 0001", 0, WIRE_E_COUNT },
	{ "KD packet with an empty key", H("11", "20", "01", "00000031")
	  "00000015 0001 0000 0100000d 04 01020304 0001 0000", 0, WIRE_E_ZERO_LENGTH },
	{ "KD packet type 9", H("11", "20", "01", "00000031")
	  "00000015 0001 0000 0900000d 04 01020304 8001 0001", 0, WIRE_E_VALUE },
	{ "KD packet past the KD", H("11", "20", "01", "00000031")
	  "00000015 0001 0000 0100000e 04 01020304 8001 0001", 0, WIRE_E_NESTED_LENGTH },
	{ "notify type 0", H("0b", "05", "00", "00000028") "0000000c 00000001 01000000", 0,
	  WIRE_E_VALUE },
	{ "TEK ID length past the TEK", H("01", "20", "00", "00000037")
	  "0000001b 00000002 00000000 0010 0000 0000000b 01 00 01 0000 00ff", 0,
	  WIRE_E_NESTED_LENGTH },
	{ "GDOI SA: TEK chains past the SA", H("01", "20", "00", "00000049")
	  "0000002d 00000002 00000000 0010 0000"
	  "1000001d 01 00 01 0000 0004 0a000001 01 0000 0004 ef000001 03 01020304", 0,
	  WIRE_E_NESTED_LENGTH },
};

static void test_reasons(void)
{
	struct wire_stats st = { 0 };
	size_t n;
	char what[160];

	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		enum wire_err err;

		n = unhex(bads[i].hex, work, sizeof(work));
		err = wire_decode(work, n, bads[i].flags, &msg, &st);
		snprintf(what, sizeof(what), "%s -> %s (got %s at %zu)", bads[i].name,
			 wire_err_name(bads[i].want), wire_err_name(err), msg.err_off);
		ok(n && err == bads[i].want && msg.err == err && msg.err_off <= n, what);
	}
	is_int(st.decoded, 0, "none decoded");
	is_int(wire_stats_rejected_total(&st), sizeof(bads) / sizeof(bads[0]),
	       "each rejection counted");
	is_int(st.rejected[WIRE_E_ATTR_OVERRUN], 1, "counted per reason");
	{
		char text[64];

		n = unhex(bads[5].hex, work, sizeof(work));
		wire_decode(work, n, 0, &msg, NULL);
		wire_msg_error(&msg, text, sizeof(text));
		is_str(text, "payload-length at offset 28", "error text for debug logs");
	}
}

/* Limits: 25 payloads, 17 TEKs. */
static void test_limits(void)
{
	struct wire_hdr h = { .version = WIRE_VERSION, .exchange = WIRE_EXCH_MAIN };
	struct wire_builder b;
	struct wire_sa sa = { .doi = WIRE_DOI_GDOI, .gdoi = true };
	size_t len;

	wire_build_begin(&b, work, sizeof(work), 0, &h);
	for (int i = 0; i <= WIRE_MAX_PAYLOADS; i++)
		wire_put_vid(&b, "v", 1);
	wire_build_finish(&b, &len);
	is_int(wire_decode(work, len, 0, &msg, NULL), WIRE_E_TOO_MANY, "too many payloads");

	h.exchange = WIRE_EXCH_GROUPKEY_PULL;
	sa.g.nteks = WIRE_MAX_TEKS;
	for (int i = 0; i < WIRE_MAX_TEKS; i++)
		sa.g.tek[i] = (struct wire_tek){ .protocol_id = 1, .transform_id = 3,
			.src = { WIRE_ID_IPV4_ADDR, 0, (const uint8_t *)"abcd", 4 },
			.dst = { WIRE_ID_IPV4_ADDR, 0, (const uint8_t *)"abcd", 4 } };
	wire_build_begin(&b, work, sizeof(work), 0, &h);
	wire_put_sa(&b, &sa);
	wire_build_finish(&b, &len);
	is_int(wire_decode(work, len, 0, &msg, NULL), WIRE_OK, "16 TEKs accepted");
	/* append one more TEK by hand: copy the last one, chain it */
	{
		size_t tek_len = 4 + 1 + 1 + 2 * (1 + 2 + 2 + 4) + 1 + 4;
		size_t last = len - tek_len;

		memcpy(work + len, work + last, tek_len);
		work[last] = WIRE_PL_SAT;
		len += tek_len;
		set_len(work, len);
		work[28 + 2] = (uint8_t)((len - 28) >> 8);
		work[28 + 3] = (uint8_t)(len - 28);
		is_int(wire_decode(work, len, 0, &msg, NULL), WIRE_E_TOO_MANY, "17 TEKs refused");
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		test_truncation(&vecs[i]);
		test_payload_lengths(&vecs[i]);
		test_chain_past_end(&vecs[i]);
		test_bent_lengths(&vecs[i]);
		test_random(&vecs[i]);
	}
	test_reasons();
	test_limits();
	{
		/* RFC 6407: GROUPKEY-PULL message 3 is HDR*, HASH(3) [, GAP] */
		size_t n = unhex(H("16", "20", "00", "00000024") "00000008 80010064", work, sizeof(work));

		is_int(wire_decode(work, n, 0, &msg, NULL), WIRE_OK, "GAP at top level of GROUPKEY-PULL");
		ok(msg.npayloads == 1 && msg.pl[0].type == WIRE_PL_GAP, "the GAP payload is listed");
	}
	is_int(wire_decode(NULL, 0, 0, &msg, NULL), WIRE_E_TRUNCATED, "empty datagram");
	is_int(stats.decoded + wire_stats_rejected_total(&stats) > 0, 1, "stats collected");
	return done_testing();
}
