/* Every payload encoded with the builder, compared octet by octet with
 * its RFC layout written out by hand, decoded back field by field and
 * re-encoded identically. */
#include "gdoi/wire.h"
#include "tests/tap.h"
#include "tests/unit/gdoi/wire_test_util.h"

static uint8_t out[2048], want[2048], again[2048];
static struct wire_msg msg;

#define COOKIES "0102030405060708" "1112131415161718"

static struct wire_hdr hdr(uint8_t exchange, uint8_t flags, uint32_t msgid)
{
	struct wire_hdr h = { .version = WIRE_VERSION, .exchange = exchange, .flags = flags,
			      .msgid = msgid };

	memcpy(h.icookie, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memcpy(h.rcookie, "\x11\x12\x13\x14\x15\x16\x17\x18", 8);
	return h;
}

/* Finishes b, compares with want_hex, decodes and re-encodes. */
static bool check(struct wire_builder *b, const char *want_hex, unsigned flags, const char *name)
{
	struct wire_builder b2;
	size_t len = 0, wlen = unhex(want_hex, want, sizeof(want)), len2 = 0;
	char what[160];
	enum wire_err err;

#define W(fmt) (snprintf(what, sizeof(what), "%s: " fmt, name), what)
	ok(wire_build_finish(b, &len) == WIRE_OK, W("builds"));
	is_int(len, wlen, W("length"));
	if (len != wlen)
		return false;
	is_mem(out, want, len, W("octets as in the RFC figure"));
	err = wire_decode(out, len, flags, &msg, NULL);
	is_str(wire_err_name(err), "ok", W("decodes"));
	if (err)
		return false;
	wire_build_begin(&b2, again, sizeof(again), flags, &msg.hdr);
	for (size_t i = 0; i < msg.npayloads; i++)
		wire_put_decoded(&b2, &msg, &msg.pl[i]);
	ok(wire_build_finish(&b2, &len2) == WIRE_OK && len2 == len &&
		   memcmp(again, out, len) == 0,
	   W("encode(decode(x)) == x"));
	return true;
#undef W
}

static void test_simple(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_MAIN, 0, 0);
	struct wire_builder b;
	const struct wire_payload *p;
	static const uint8_t ke[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t nonce[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };

	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_ke(&b, ke, sizeof(ke));
	wire_put_nonce(&b, nonce, sizeof(nonce));
	wire_put_vid(&b, "\xaf\xca\xd7\x13", 4);
	if (!check(&b,
		   COOKIES "04 10 02 00 00000000 0000003c"
			   "0a 00 000c 0102030405060708"
			   "0d 00 000c 0909090909090909"
			   "00 00 0008 afcad713",
		   0, "KE, NONCE, VID"))
		return;
	is_int(msg.npayloads, 3, "three payloads");
	p = &msg.pl[0];
	is_int(p->type, WIRE_PL_KE, "KE type");
	ok(p->blob.len == 8 && memcmp(p->blob.data, ke, 8) == 0, "KE data");
	is_int(p->raw_len, 12, "KE raw length");
	ok(p->raw == out + 28 && p->body == out + 32, "KE views into the buffer");
	ok(msg.pl[1].blob.len == 8 && msg.pl[1].blob.data[0] == 9, "NONCE data");
	ok(msg.pl[2].blob.len == 4 && msg.pl[2].blob.data[0] == 0xaf, "VID data");
	is_int(msg.payloads_end, 60, "payloads end");
}

static void test_id_hash_sig(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_MAIN, WIRE_FLAG_ENC, 0);
	struct wire_builder b;
	struct wire_id id = { .type = WIRE_ID_IPV4_ADDR_SUBNET, .protocol = 17, .port = 848,
			      .data = (const uint8_t *)"\x0a\x00\x00\x00\xff\xff\xff\x00",
			      .len = 8 };
	struct wire_id key = { .type = WIRE_ID_KEY_ID, .data = (const uint8_t *)"\0\0\x04\xd2",
			       .len = 4 };
	size_t hash_at;

	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_id(&b, &id);
	wire_put_id(&b, &key);
	hash_at = wire_put_blob_reserve(&b, WIRE_PL_HASH, 4);
	memcpy(out + hash_at, "\xde\xad\xbe\xef", 4);
	wire_put_sig(&b, "\x5a\x5a", 2);
	is_int(hash_at, 28 + 16 + 12 + 4, "reserved HASH body offset");
	if (!check(&b,
		   COOKIES "05 10 02 01 00000000 00000046"
			   "05 00 0010 04 11 0350 0a000000 ffffff00"
			   "08 00 000c 0b 00 0000 000004d2"
			   "09 00 0008 deadbeef"
			   "00 00 0006 5a5a",
		   0, "ID, ID, HASH, SIG"))
		return;
	is_int(msg.pl[0].id.type, WIRE_ID_IPV4_ADDR_SUBNET, "ID type");
	is_int(msg.pl[0].id.protocol, 17, "ID protocol");
	is_int(msg.pl[0].id.port, 848, "ID port");
	ok(msg.pl[0].id.len == 8 && msg.pl[0].id.data[4] == 0xff, "ID data");
	is_str(wire_id_type_name(msg.pl[1].id.type), "KEY_ID", "KEY_ID name");
	ok(msg.pl[2].blob.len == 4 && msg.pl[2].blob.data[0] == 0xde, "HASH data");
	ok(msg.pl[3].type == WIRE_PL_SIG && msg.pl[3].blob.len == 2, "SIG data");
}

static void test_cert_notify_delete(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_INFO, 0, 0x01020304);
	struct wire_builder b;
	struct wire_cert cert = { .encoding = WIRE_CERT_X509_SIG,
				  .data = (const uint8_t *)"\x30\x03\x02\x01\x01", .len = 5 };
	struct wire_certreq cr = { .type = WIRE_CERT_X509_SIG };
	struct wire_notify n = { .doi = WIRE_DOI_GDOI, .protocol = WIRE_PROTO_ISAKMP,
				 .spi_size = 0, .type = WIRE_N_NO_PROPOSAL_CHOSEN,
				 .data = (const uint8_t *)"\x01\x02", .data_len = 2 };
	struct wire_delete d = { .doi = WIRE_DOI_GDOI, .protocol = WIRE_PROTO_IPSEC_ESP,
				 .spi_size = 4, .nspis = 2,
				 .spis = (const uint8_t *)"\x11\x22\x33\x44\x55\x66\x77\x88" };

	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_cert(&b, &cert);
	wire_put_certreq(&b, &cr);
	wire_put_notify(&b, &n);
	wire_put_delete(&b, &d);
	if (!check(&b,
		   COOKIES "06 10 05 00 01020304 0000004d"
			   "07 00 000a 04 3003020101"
			   "0b 00 0005 04"
			   "0c 00 000e 00000002 01 00 000e 0102"
			   "00 00 0014 00000002 03 04 0002 11223344 55667788",
		   0, "CERT, CERTREQ, NOTIFY, DELETE"))
		return;
	is_int(msg.pl[0].cert.encoding, WIRE_CERT_X509_SIG, "CERT encoding");
	ok(msg.pl[0].cert.len == 5 && msg.pl[0].cert.data[0] == 0x30, "CERT data");
	is_int(msg.pl[1].certreq.type, WIRE_CERT_X509_SIG, "CERTREQ type");
	is_int(msg.pl[1].certreq.len, 0, "CERTREQ without authority");
	is_int(msg.pl[2].notify.doi, WIRE_DOI_GDOI, "NOTIFY DOI");
	is_int(msg.pl[2].notify.protocol, WIRE_PROTO_ISAKMP, "NOTIFY protocol");
	is_int(msg.pl[2].notify.spi_size, 0, "NOTIFY SPI size");
	is_int(msg.pl[2].notify.type, WIRE_N_NO_PROPOSAL_CHOSEN, "NOTIFY type");
	is_str(wire_notify_name(msg.pl[2].notify.type), "NO-PROPOSAL-CHOSEN", "NOTIFY name");
	ok(msg.pl[2].notify.data_len == 2 && msg.pl[2].notify.data[1] == 2, "NOTIFY data");
	is_int(msg.pl[3].del.nspis, 2, "DELETE count");
	is_int(msg.pl[3].del.spi_size, 4, "DELETE SPI size");
	is_mem(wire_delete_spi(&msg.pl[3].del, 1), "\x55\x66\x77\x88", 4, "DELETE second SPI");
	ok(wire_delete_spi(&msg.pl[3].del, 2) == NULL, "DELETE SPI index bounded");
}

/* Two proposals: ISAKMP with 3DES and AES transforms, ESP with one. */
static void build_p1_sa(struct wire_sa *sa, uint8_t ab[2][64])
{
	struct wire_writer w;

	memset(sa, 0, sizeof(*sa));
	sa->doi = WIRE_DOI_IPSEC;
	sa->situation = WIRE_SIT_IDENTITY_ONLY;
	for (int i = 0; i < 2; i++) {
		wire_writer_init(&w, ab[i], sizeof(ab[i]));
		wire_attr_put_tv(&w, WIRE_IKE_ENC, i ? WIRE_IKE_ENC_AES_CBC : WIRE_IKE_ENC_3DES_CBC);
		if (i)
			wire_attr_put_tv(&w, WIRE_IKE_KEY_LENGTH, 256);
		wire_attr_put_num(&w, WIRE_IKE_LIFE_DURATION, 86400);
		wire_attrs_from_writer(&w, &sa->p1.prop[0].xf[i].attrs);
		sa->p1.prop[0].xf[i].num = (uint8_t)(i + 1);
		sa->p1.prop[0].xf[i].id = WIRE_KEY_IKE;
	}
	sa->p1.nproposals = 2;
	sa->p1.prop[0].num = 1;
	sa->p1.prop[0].protocol = WIRE_PROTO_ISAKMP;
	sa->p1.prop[0].ntransforms = 2;
	sa->p1.prop[1] = sa->p1.prop[0];
	sa->p1.prop[1].num = 2;
	sa->p1.prop[1].ntransforms = 1;
	sa->p1.prop[1].protocol = WIRE_PROTO_IPSEC_ESP;
	sa->p1.prop[1].spi_size = 4;
	sa->p1.prop[1].spi = (const uint8_t *)"\xca\xfe\xba\xbe";
}

static void test_sa_phase1(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_MAIN, 0, 0);
	struct wire_builder b;
	static struct wire_sa sa;
	uint8_t ab[2][64];

	build_p1_sa(&sa, ab);
	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_sa(&b, &sa);
	if (!check(&b,
		   COOKIES "01 10 02 00 00000000 0000007c"
			   "00 00 0060 00000001 00000001"
			   /* proposal 1: two transforms */
			   "02 00 0034 01 01 00 02"
			   "03 00 0014 01 01 0000 80010005 000c0004 00015180"
			   "00 00 0018 02 01 0000 80010007 800e0100 000c0004 00015180"
			   /* proposal 2: ESP, SPI cafebabe, one transform */
			   "00 00 0020 02 03 04 01 cafebabe"
			   "00 00 0014 01 01 0000 80010005 000c0004 00015180",
		   0, "SA with proposals and transforms"))
		return;
	ok(!msg.sa.gdoi, "proposal layout");
	is_int(msg.sa.doi, WIRE_DOI_IPSEC, "SA DOI");
	is_int(msg.sa.situation, WIRE_SIT_IDENTITY_ONLY, "SA situation");
	is_int(msg.sa.p1.nproposals, 2, "two proposals");
	is_int(msg.sa.p1.prop[0].ntransforms, 2, "proposal 1 two transforms");
	is_int(msg.sa.p1.prop[0].xf[1].num, 2, "transform 2 number");
	{
		uint32_t v = 0;

		ok(wire_attrs_get_u32(&msg.sa.p1.prop[0].xf[1].attrs, WIRE_IKE_KEY_LENGTH, &v) &&
			   v == 256,
		   "transform 2 key length");
		ok(wire_attrs_get_u32(&msg.sa.p1.prop[0].xf[1].attrs, WIRE_IKE_LIFE_DURATION, &v) &&
			   v == 86400,
		   "transform 2 life (TLV)");
	}
	is_int(msg.sa.p1.prop[1].protocol, WIRE_PROTO_IPSEC_ESP, "proposal 2 protocol");
	is_mem(msg.sa.p1.prop[1].spi, "\xca\xfe\xba\xbe", 4, "proposal 2 SPI");
}

/* A GROUPKEY-PULL message 2 body: SA with KEK, GAP and two TEKs. */
static void build_kek_gap(struct wire_sa *sa, uint8_t ab[4][64])
{
	struct wire_writer w;
	struct wire_kek *k = &sa->g.kek;

	memset(sa, 0, sizeof(*sa));
	sa->doi = WIRE_DOI_GDOI;
	sa->gdoi = true;
	sa->g.has_kek = true;
	k->protocol = 17;
	k->src = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 848, (const uint8_t *)"\x0a\0\0\x01", 4 };
	k->dst = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 848, (const uint8_t *)"\xef\0\0\x01", 4 };
	memcpy(k->spi, "0123456789abcdef", 16);
	wire_writer_init(&w, ab[0], 64);
	wire_attr_put_tv(&w, WIRE_KEK_ALGORITHM, WIRE_KEK_ALG_AES);
	wire_attr_put_tv(&w, WIRE_KEK_KEY_LENGTH, 128);
	wire_attr_put_num(&w, WIRE_KEK_KEY_LIFETIME, 86400);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_HASH_ALGORITHM, WIRE_SIG_HASH_SHA256);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_ALGORITHM, WIRE_SIG_ALG_RSA);
	wire_attr_put_tv(&w, WIRE_KEK_SIG_KEY_LENGTH, 2048);
	wire_attrs_from_writer(&w, &k->attrs);

	sa->g.has_gap = true;
	wire_writer_init(&w, ab[1], 64);
	wire_attr_put_tv(&w, WIRE_GAP_ACTIVATION_TIME_DELAY, 10);
	wire_attr_put_tv(&w, WIRE_GAP_DEACTIVATION_TIME_DELAY, 20);
	wire_attrs_from_writer(&w, &sa->g.gap);

}

static void build_teks(struct wire_sa *sa, uint8_t ab[4][64])
{
	struct wire_writer w;
	struct wire_tek *t = sa->g.tek;

	sa->g.nteks = 2;
	t[0].protocol_id = WIRE_TEK_PROTO_IPSEC_ESP;
	t[0].src = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR_SUBNET, 0,
					  (const uint8_t *)"\x0a\0\0\0\xff\xff\xff\0", 8 };
	t[0].dst = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR_SUBNET, 0,
					  (const uint8_t *)"\x0a\x01\0\0\xff\xff\0\0", 8 };
	t[0].transform_id = WIRE_ESP_AES_CBC;
	t[0].spi = 0xdeadbeef;
	wire_writer_init(&w, ab[2], 64);
	wire_attr_put_tv(&w, WIRE_IPSEC_ENCAP_MODE, WIRE_ENCAP_TUNNEL);
	wire_attr_put_tv(&w, WIRE_IPSEC_AUTH_ALG, WIRE_AUTH_HMAC_SHA2_256);
	wire_attr_put_tv(&w, WIRE_IPSEC_KEY_LENGTH, 256);
	wire_attr_put_tv(&w, WIRE_IPSEC_LIFE_TYPE, WIRE_LIFE_SECONDS);
	wire_attr_put_num(&w, WIRE_IPSEC_LIFE_DURATION, 3600);
	wire_attr_put_tv(&w, WIRE_IPSEC_ADDRESS_PRESERVATION, WIRE_AP_DESTINATION_ONLY);
	wire_attr_put_tv(&w, WIRE_IPSEC_SA_DIRECTION, WIRE_DIR_RECEIVER_ONLY);
	wire_attrs_from_writer(&w, &t[0].attrs);

	t[1].protocol_id = WIRE_TEK_PROTO_IPSEC_ESP;
	t[1].ip_protocol = 17;
	t[1].src = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 1234, (const uint8_t *)"\x0a\0\0\x01", 4 };
	t[1].dst = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 0, (const uint8_t *)"\xef\0\0\x01", 4 };
	t[1].transform_id = WIRE_ESP_AES_CBC;
	t[1].spi = 0x01020304;
	wire_writer_init(&w, ab[3], 64);
	wire_attr_put_tv(&w, WIRE_IPSEC_ENCAP_MODE, WIRE_ENCAP_TUNNEL);
	wire_attrs_from_writer(&w, &t[1].attrs);
}

static void build_gdoi_sa(struct wire_sa *sa, uint8_t ab[4][64])
{
	build_kek_gap(sa, ab);
	build_teks(sa, ab);
}

#define GDOI_SA_KEK                                                                 \
	"16 00 0045 11 01 0350 04 0a000001 01 0350 04 ef000001"                     \
	"30313233343536373839616263646566 0000 0000"                                \
	"80020003 80030080 00040004 00015180 80050003 80060001 80070800"
#define GDOI_SA_GAP "10 00 000c 8001000a 80020014"

static void test_gdoi_sa(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_GROUPKEY_PULL, WIRE_FLAG_ENC, 0x0a0b0c0d);
	struct wire_builder b;
	struct wire_sa sa;
	uint8_t ab[4][64];
	const struct wire_tek *t;
	uint32_t v;

	build_gdoi_sa(&sa, ab);
	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_sa(&b, &sa);
	if (!check(&b,
		   COOKIES "01 10 20 01 0a0b0c0d 000000df"
			   "00 00 00c3 00000002 00000000 000f 0000" GDOI_SA_KEK GDOI_SA_GAP
			   /* TEK 1: 2-octet ID lengths (RFC 6407 5.4.1) */
			   "10 00 0041 01 00 04 0000 0008 0a000000ffffff00"
			   "04 0000 0008 0a010000ffff0000 0c deadbeef"
			   "80040001 80050005 80060100 80010001 80020e10 800e0003 800f0002"
			   "00 00 0021 01 11 01 04d2 0004 0a000001 01 0000 0004 ef000001"
			   "0c 01020304 80040001",
		   0, "GDOI SA (KEK, GAP, 2 TEKs)"))
		return;
	ok(msg.sa.gdoi && msg.sa.doi == WIRE_DOI_GDOI, "GDOI SA");
	ok(msg.sa.g.has_kek && msg.sa.g.has_gap, "KEK and GAP present");
	is_int(msg.sa.g.kek.protocol, 17, "KEK protocol");
	is_int(msg.sa.g.kek.src.port, 848, "KEK src port");
	is_int(msg.sa.g.kek.dst.len, 4, "KEK dst length");
	is_mem(msg.sa.g.kek.spi, "0123456789abcdef", 16, "KEK SPI");
	ok(wire_attrs_get_u32(&msg.sa.g.kek.attrs, WIRE_KEK_KEY_LIFETIME, &v) && v == 86400,
	   "KEK lifetime");
	ok(wire_attrs_get_u32(&msg.sa.g.kek.attrs, WIRE_KEK_SIG_KEY_LENGTH, &v) && v == 2048,
	   "KEK signature key length");
	ok(wire_attrs_get_u32(&msg.sa.g.gap, WIRE_GAP_DEACTIVATION_TIME_DELAY, &v) && v == 20,
	   "GAP deactivation delay");
	is_int(msg.sa.g.nteks, 2, "two TEKs");
	t = &msg.sa.g.tek[0];
	is_int(t->src.type, WIRE_ID_IPV4_ADDR_SUBNET, "TEK1 src subnet");
	is_int(t->src.len, 8, "TEK1 src length");
	is_mem(t->dst.data, "\x0a\x01\0\0\xff\xff\0\0", 8, "TEK1 dst subnet");
	is_int(t->transform_id, WIRE_ESP_AES_CBC, "TEK1 transform");
	is_int(t->spi, 0xdeadbeef, "TEK1 SPI");
	ok(wire_attrs_get_u32(&t->attrs, WIRE_IPSEC_ADDRESS_PRESERVATION, &v) &&
		   v == WIRE_AP_DESTINATION_ONLY,
	   "TEK1 address preservation");
	ok(wire_attrs_get_u32(&t->attrs, WIRE_IPSEC_SA_DIRECTION, &v) && v == WIRE_DIR_RECEIVER_ONLY,
	   "TEK1 SA direction");
	t = &msg.sa.g.tek[1];
	is_int(t->ip_protocol, 17, "TEK2 IP protocol");
	is_int(t->src.port, 1234, "TEK2 src port");
	is_int(t->spi, 0x01020304, "TEK2 SPI");
}

static void test_gdoi_sa_variants(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_GROUPKEY_PULL, WIRE_FLAG_ENC, 0x0a0b0c0d);
	struct wire_builder b;
	struct wire_sa sa;
	uint8_t ab[4][64];

	/* The same SA in the RFC 3547 layout (1-octet TEK ID lengths). */
	build_gdoi_sa(&sa, ab);
	wire_build_begin(&b, out, sizeof(out), WIRE_DEC_TEK_ID_LEN8, &h);
	wire_put_sa(&b, &sa);
	check(&b,
	      COOKIES "01 10 20 01 0a0b0c0d 000000db"
		      "00 00 00bf 00000002 00000000 000f 0000" GDOI_SA_KEK GDOI_SA_GAP
		      "10 00 003f 01 00 04 0000 08 0a000000ffffff00"
		      "04 0000 08 0a010000ffff0000 0c deadbeef"
		      "80040001 80050005 80060100 80010001 80020e10 800e0003 800f0002"
		      "00 00 001f 01 11 01 04d2 04 0a000001 01 0000 04 ef000001"
		      "0c 01020304 80040001",
	      WIRE_DEC_TEK_ID_LEN8, "GDOI SA, RFC 3547 TEK layout");

	/* An empty GDOI SA (no sub-payloads) is valid. */
	memset(&sa, 0, sizeof(sa));
	sa.doi = WIRE_DOI_GDOI;
	sa.gdoi = true;
	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_sa(&b, &sa);
	check(&b, COOKIES "01 10 20 01 0a0b0c0d 0000002c 00 00 0010 00000002 00000000 0000 0000",
	      0, "empty GDOI SA");
}

static void test_kd_seq(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_GROUPKEY_PULL, WIRE_FLAG_ENC, 7);
	struct wire_builder b;
	struct wire_kd kd = { .npackets = 2 };
	uint8_t ab[2][64];
	struct wire_writer w;
	struct wire_attr a;

	kd.pkt[0].type = WIRE_KD_TEK;
	kd.pkt[0].spi_size = 4;
	kd.pkt[0].spi = (const uint8_t *)"\xde\xad\xbe\xef";
	wire_writer_init(&w, ab[0], 64);
	wire_attr_put_tlv(&w, WIRE_KD_TEK_ALGORITHM_KEY, "0123456789abcdef", 16);
	wire_attr_put_tlv(&w, WIRE_KD_TEK_INTEGRITY_KEY, "ABCDEFGH", 8);
	wire_attrs_from_writer(&w, &kd.pkt[0].attrs);
	kd.pkt[1].type = WIRE_KD_KEK;
	kd.pkt[1].spi_size = 16;
	kd.pkt[1].spi = (const uint8_t *)"0123456789abcdef";
	wire_writer_init(&w, ab[1], 64);
	wire_attr_put_tlv(&w, WIRE_KD_KEK_ALGORITHM_KEY, "kkkkkkkkkkkkkkkk", 16);
	wire_attr_put_tlv(&w, WIRE_KD_SIG_ALGORITHM_KEY, "\x30\x00", 2);
	wire_attrs_from_writer(&w, &kd.pkt[1].attrs);

	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_put_seq(&b, 0x01020304);
	wire_put_kd(&b, &kd);
	if (!check(&b,
		   COOKIES "12 10 20 01 00000007 00000084"
			   "11 00 0008 01020304"
			   "00 00 0060 0002 0000"
			   "01 00 0029 04 deadbeef 0001 0010 30313233343536373839616263646566"
			   "0002 0008 4142434445464748"
			   "02 00 002f 10 30313233343536373839616263646566"
			   "0001 0010 6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b 0002 0002 3000",
		   0, "SEQ, KD (TEK and KEK packets)"))
		return;
	is_int(msg.pl[0].seq, 0x01020304, "SEQ value");
	is_int(msg.kd.npackets, 2, "KD count");
	is_int(msg.kd.pkt[0].type, WIRE_KD_TEK, "packet 1 TEK");
	is_str(wire_kd_type_name(msg.kd.pkt[1].type), "KEK", "packet 2 KEK");
	ok(wire_attrs_find(&msg.kd.pkt[0].attrs, WIRE_KD_TEK_INTEGRITY_KEY, &a) && a.len == 8,
	   "packet 1 integrity key");
	ok(wire_attrs_find(&msg.kd.pkt[1].attrs, WIRE_KD_SIG_ALGORITHM_KEY, &a) && a.len == 2,
	   "packet 2 public key");
	is_mem(msg.kd.pkt[1].spi, "0123456789abcdef", 16, "packet 2 SPI");
}

static void test_builder_misuse(void)
{
	struct wire_hdr h = hdr(WIRE_EXCH_MAIN, 0, 0);
	struct wire_builder b;
	uint8_t small[40];
	size_t len;

	wire_build_begin(&b, small, sizeof(small), 0, &h);
	wire_put_nonce(&b, "0123456789012345", 16);
	is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "too small a buffer");
	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_payload_begin(&b, WIRE_PL_KE);
	is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "unterminated payload");
	wire_build_begin(&b, out, sizeof(out), 0, &h);
	wire_payload_begin(&b, WIRE_PL_KE);
	wire_payload_begin(&b, WIRE_PL_KE);
	wire_payload_end(&b);
	is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "nested payloads refused");
	{
		static struct wire_sa sa = { .doi = WIRE_DOI_GDOI, .gdoi = true };

		sa.g.nteks = WIRE_MAX_TEKS + 1;
		wire_build_begin(&b, out, sizeof(out), 0, &h);
		wire_put_sa(&b, &sa);
		is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "TEK count over the limit");
		sa.gdoi = false;
		sa.p1.nproposals = WIRE_MAX_PROPOSALS + 1;
		wire_build_begin(&b, out, sizeof(out), 0, &h);
		wire_put_sa(&b, &sa);
		is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "proposal count over the limit");
	}
	{
		static uint8_t big[70000], data[65600];

		wire_build_begin(&b, big, sizeof(big), 0, &h);
		wire_put_blob(&b, WIRE_PL_VID, data, sizeof(data));
		is_int(wire_build_finish(&b, &len), WIRE_E_NOSPACE, "payload over 64 KiB refused");
	}
}

int main(void)
{
	test_simple();
	test_id_hash_sig();
	test_cert_notify_delete();
	test_sa_phase1();
	test_gdoi_sa();
	test_gdoi_sa_variants();
	test_kd_seq();
	test_builder_misuse();
	return done_testing();
}
