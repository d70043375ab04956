/* Decodes the messages logged by the GDOI reference implementation
 * (tests/vectors/codec/) field by field, and re-encodes them. */
#include "gdoi/wire.h"
#include "tests/tap.h"
#include "tests/unit/gdoi/wire_test_util.h"

static unsigned char buf[4096], out[4096];
static struct wire_msg msg;
static struct wire_stats stats;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t attr(const struct wire_attrs *a, uint16_t type)
{
	uint64_t v = 0;

	if (!wire_attrs_get_u64(a, type, &v))
		return (uint64_t)-1;
	return v;
}

/* Loads and decodes; returns the message length or 0. */
static size_t decode(const char *name, unsigned flags)
{
	size_t n = load_vector(name, buf, sizeof(buf));
	enum wire_err err;
	char what[128];

	err = wire_decode(buf, n, flags, &msg, &stats);
	snprintf(what, sizeof(what), "%s decodes (%s at %zu)", name, wire_err_name(err),
		 msg.err_off);
	ok(n && err == WIRE_OK, what);
	return err == WIRE_OK ? n : 0;
}

/* Re-encodes every payload of msg and compares with the original bytes
 * up to the end of the last payload (padding is not part of the codec). */
static void check_reencode(const char *name, unsigned flags)
{
	struct wire_builder b;
	size_t len = 0;
	char what[128];

	wire_build_begin(&b, out, sizeof(out), flags, &msg.hdr);
	for (size_t i = 0; i < msg.npayloads; i++)
		wire_put_decoded(&b, &msg, &msg.pl[i]);
	snprintf(what, sizeof(what), "%s re-encodes", name);
	ok(wire_build_finish(&b, &len) == WIRE_OK, what);
	snprintf(what, sizeof(what), "%s re-encoded length = payloads end", name);
	is_int(len, msg.payloads_end, what);
	snprintf(what, sizeof(what), "%s re-encoded payloads identical", name);
	is_mem(out + WIRE_HDR_LEN, buf + WIRE_HDR_LEN, msg.payloads_end - WIRE_HDR_LEN, what);
	snprintf(what, sizeof(what), "%s re-encoded header identical but length", name);
	is_mem(out, buf, 24, what);
}

static void test_main_mode_sa(void)
{
	static const uint8_t icookie[8] = { 0xa9, 0x1b, 0x9d, 0x50, 0x35, 0xd8, 0xfc, 0x4f };
	const struct wire_proposal *p;
	const struct wire_transform *xf;

	if (!decode("mm1", 0))
		return;
	is_mem(msg.hdr.icookie, icookie, 8, "mm1 initiator cookie");
	is_mem(msg.hdr.rcookie, "\0\0\0\0\0\0\0\0", 8, "mm1 responder cookie zero");
	is_int(msg.hdr.version, 0x10, "mm1 version 1.0");
	is_int(msg.hdr.exchange, WIRE_EXCH_MAIN, "mm1 Main Mode");
	is_int(msg.hdr.flags, 0, "mm1 no flags");
	is_int(msg.hdr.msgid, 0, "mm1 message ID 0");
	is_int(msg.hdr.length, 80, "mm1 length");
	is_int(msg.npayloads, 1, "mm1 one payload");
	is_int(msg.pl[0].type, WIRE_PL_SA, "mm1 SA");
	ok(!msg.sa.gdoi, "mm1 SA in proposal layout");
	is_int(msg.sa.doi, WIRE_DOI_GDOI, "mm1 SA DOI 2");
	is_int(msg.sa.situation, 0, "mm1 SA situation 0");
	is_int(msg.sa.p1.nproposals, 1, "mm1 one proposal");
	p = &msg.sa.p1.prop[0];
	is_int(p->num, 1, "mm1 proposal 1");
	is_int(p->protocol, WIRE_PROTO_ISAKMP, "mm1 PROTO_ISAKMP");
	is_int(p->spi_size, 0, "mm1 no SPI");
	is_int(p->ntransforms, 1, "mm1 one transform");
	xf = &p->xf[0];
	is_int(xf->num, 0, "mm1 transform number 0");
	is_int(xf->id, WIRE_KEY_IKE, "mm1 KEY_IKE");
	is_int(xf->attrs.count, 6, "mm1 six attributes");
	is_int(attr(&xf->attrs, WIRE_IKE_ENC), WIRE_IKE_ENC_3DES_CBC, "mm1 3DES-CBC");
	is_int(attr(&xf->attrs, WIRE_IKE_HASH), WIRE_IKE_HASH_SHA1, "mm1 SHA1");
	is_int(attr(&xf->attrs, WIRE_IKE_AUTH), WIRE_IKE_AUTH_PSK, "mm1 pre-shared key");
	is_int(attr(&xf->attrs, WIRE_IKE_GROUP_DESC), 2, "mm1 MODP 1024");
	is_int(attr(&xf->attrs, WIRE_IKE_LIFE_TYPE), WIRE_LIFE_SECONDS, "mm1 life in seconds");
	is_int(attr(&xf->attrs, WIRE_IKE_LIFE_DURATION), 3600, "mm1 lifetime 3600");
	check_reencode("mm1", 0);

	if (!decode("mm2", 0))
		return;
	is_mem(msg.hdr.rcookie, "\x27\x23\x25\xe6\x95\xdb\x68\x8b", 8, "mm2 responder cookie");
	check_reencode("mm2", 0);
}

static void test_main_mode_ke(void)
{
	const struct wire_payload *ke, *ni;

	if (!decode("mm3", 0))
		return;
	ke = wire_msg_find(&msg, WIRE_PL_KE);
	ni = wire_msg_find(&msg, WIRE_PL_NONCE);
	ok(ke && ni, "mm3 KE and NONCE");
	if (!ke || !ni)
		return;
	is_int(ke->blob.len, 128, "mm3 KE 1024 bits");
	is_int(be32(ke->blob.data), 0xdc3805d3, "mm3 KE first word");
	is_int(ni->blob.len, 16, "mm3 nonce 16 octets");
	is_int(be32(ni->blob.data), 0x8dabce1d, "mm3 nonce first word");
	check_reencode("mm3", 0);
	if (decode("mm4", 0))
		check_reencode("mm4", 0);
}

static void test_main_mode_id(void)
{
	static const uint8_t cookies[16] = { 0xa9, 0x1b, 0x9d, 0x50, 0x35, 0xd8, 0xfc, 0x4f,
					     0x27, 0x23, 0x25, 0xe6, 0x95, 0xdb, 0x68, 0x8b };
	const struct wire_payload *id, *hash, *n;

	if (!decode("mm5_plain", 0))
		return;
	is_int(msg.hdr.flags, WIRE_FLAG_ENC, "mm5 encrypted flag");
	is_int(msg.hdr.next_payload, WIRE_PL_ID, "mm5 first payload ID");
	id = wire_msg_find(&msg, WIRE_PL_ID);
	hash = wire_msg_find(&msg, WIRE_PL_HASH);
	n = wire_msg_find(&msg, WIRE_PL_NOTIFY);
	ok(id && hash && n, "mm5 ID, HASH, NOTIFY");
	if (!id || !hash || !n)
		return;
	is_int(id->id.type, WIRE_ID_IPV4_ADDR, "mm5 ID IPV4_ADDR");
	is_int(id->id.protocol, 0, "mm5 ID protocol 0");
	is_int(id->id.port, 0, "mm5 ID port 0");
	is_mem(id->id.data, "\x7f\x00\x00\x01", 4, "mm5 ID 127.0.0.1");
	is_int(hash->blob.len, 20, "mm5 HASH_I 20 octets");
	is_mem(hash->blob.data, "\xa9\xb2\x43\x31\x62\xa9\x9e\xe6", 8, "mm5 HASH_I value");
	is_int(hash->raw_len, 24, "mm5 HASH raw length with header");
	is_int(n->notify.doi, WIRE_DOI_IPSEC, "mm5 notify DOI 1");
	is_int(n->notify.protocol, WIRE_PROTO_ISAKMP, "mm5 notify PROTO_ISAKMP");
	is_int(n->notify.spi_size, 16, "mm5 notify SPI = cookies");
	is_int(n->notify.type, WIRE_N_INITIAL_CONTACT, "mm5 INITIAL-CONTACT");
	is_str(wire_notify_name(n->notify.type), "INITIAL-CONTACT", "mm5 notify name");
	is_mem(n->notify.spi, cookies, 16, "mm5 notify SPI bytes");
	is_int(n->notify.data_len, 0, "mm5 notify no data");
	is_int(msg.pad_len, 0, "mm5 no padding");
	check_reencode("mm5_plain", 0);
	if (decode("mm6_plain", 0))
		check_reencode("mm6_plain", 0);
}

static void test_pull1(void)
{
	const struct wire_payload *id, *hash, *ni;

	if (!decode("pull1_plain", 0))
		return;
	is_int(msg.hdr.exchange, WIRE_EXCH_GROUPKEY_PULL, "pull1 GROUPKEY-PULL (32)");
	is_str(wire_exchange_name(msg.hdr.exchange), "GROUPKEY-PULL", "pull1 exchange name");
	is_int(msg.hdr.msgid, 0x483c11c0, "pull1 message ID");
	is_int(msg.npayloads, 3, "pull1 three payloads");
	is_int(msg.pl[0].type, WIRE_PL_HASH, "pull1 HASH first");
	hash = &msg.pl[0];
	ni = wire_msg_find(&msg, WIRE_PL_NONCE);
	id = wire_msg_find(&msg, WIRE_PL_ID);
	ok(ni && id, "pull1 NONCE and ID");
	if (!ni || !id)
		return;
	is_mem(hash->blob.data, "\xcb\xcd\x9b\x40\x2b\x21\xb9\xa9", 8, "pull1 HASH(1)");
	is_mem(ni->blob.data, "\x69\xd1\x81\xef\xe0\xb9\x58\x0e", 8, "pull1 Ni");
	is_int(ni->blob.len, 16, "pull1 Ni length");
	is_int(id->id.type, WIRE_ID_KEY_ID, "pull1 ID KEY_ID");
	is_int(id->id.len, 4, "pull1 group id 4 octets");
	is_int(be32(id->id.data), 1234, "pull1 group 1234");
	/* HASH(1) covers Ni and ID with their generic headers */
	is_int(ni->raw - buf, 52, "pull1 NONCE at 0x34");
	{
		const uint8_t *after;
		size_t after_len;
		char sum[128];

		wire_msg_after(&msg, hash, &after, &after_len);
		ok(after == ni->raw && after_len == 20 + 12, "pull1 span hashed by HASH(1)");
		wire_msg_summary(&msg, sum, sizeof(sum));
		is_str(sum, "GROUPKEY-PULL msgid 483c11c0 E: HASH NONCE ID", "pull1 summary");
		wire_msg_summary(&msg, sum, 10);
		is_str(sum, "GROUPKEY-", "summary truncates safely");
	}
	check_reencode("pull1_plain", 0);
}

static void check_tek(const struct wire_tek *t, uint32_t spi, const char *dst, uint16_t port,
		      uint64_t encap, uint64_t life, const char *name)
{
	char what[128];

#define T(fmt) (snprintf(what, sizeof(what), "%s " fmt, name), what)
	is_int(t->protocol_id, WIRE_TEK_PROTO_IPSEC_ESP, T("protocol ESP"));
	is_int(t->ip_protocol, 0, T("any IP protocol"));
	is_int(t->src.type, WIRE_ID_IPV4_ADDR, T("src IPV4_ADDR"));
	is_int(t->src.port, port, T("src port"));
	is_int(t->src.len, 4, T("src length"));
	is_int(t->dst.type, WIRE_ID_IPV4_ADDR, T("dst IPV4_ADDR"));
	is_mem(t->dst.data, dst, 4, T("dst address"));
	is_int(t->transform_id, WIRE_ESP_3DES, T("ESP_3DES"));
	is_int(t->spi, spi, T("SPI"));
	is_int(attr(&t->attrs, WIRE_IPSEC_ENCAP_MODE), encap, T("encapsulation"));
	is_int(attr(&t->attrs, WIRE_IPSEC_AUTH_ALG), WIRE_AUTH_HMAC_SHA1, T("HMAC-SHA1"));
	is_int(attr(&t->attrs, WIRE_IPSEC_LIFE_TYPE), WIRE_LIFE_SECONDS, T("life seconds"));
	is_int(attr(&t->attrs, WIRE_IPSEC_LIFE_DURATION), life, T("lifetime"));
#undef T
}

static void test_pull2(void)
{
	const unsigned legacy = WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8;
	size_t n = load_vector("pull2_plain", buf, sizeof(buf));

	is_int(wire_decode(buf, n, WIRE_DEC_PADDED, &msg, NULL), WIRE_E_NESTED_LENGTH,
	       "pull2 (RFC 3547 TEK layout) rejected by the RFC 6407 decoder");
	is_int(wire_decode(buf, n, WIRE_DEC_TEK_ID_LEN8, &msg, NULL), WIRE_E_TRAILING,
	       "pull2 padding rejected without WIRE_DEC_PADDED");
	if (!decode("pull2_plain", legacy))
		return;
	is_int(msg.pad_len, 6, "pull2 6 octets of padding");
	is_int(msg.payloads_end, 28 + 146, "pull2 payloads end");
	ok(wire_msg_find(&msg, WIRE_PL_SA) != NULL, "pull2 SA");
	ok(msg.sa.gdoi, "pull2 GDOI SA layout");
	is_int(msg.sa.doi, WIRE_DOI_GDOI, "pull2 DOI 2");
	is_int(msg.sa.situation, 0, "pull2 situation 0");
	ok(!msg.sa.g.has_kek, "pull2 no KEK");
	ok(!msg.sa.g.has_gap, "pull2 no GAP");
	is_int(msg.sa.g.nteks, 2, "pull2 two TEKs");
	/* the reference writes ports in host (little-endian) order: 1024 -> 4 */
	check_tek(&msg.sa.g.tek[0], 0x1122aabb, "\xef\xc0\x01\x01", 4, WIRE_ENCAP_TUNNEL, 3600,
		  "pull2 TEK1");
	is_mem(msg.sa.g.tek[0].src.data, "\xac\x13\x89\x2a", 4, "pull2 TEK1 src 172.19.137.42");
	check_tek(&msg.sa.g.tek[1], 0x3344ccdd, "\xef\xc0\x01\x02", 2, WIRE_ENCAP_TUNNEL, 3600,
		  "pull2 TEK2");
	check_reencode("pull2_plain", WIRE_DEC_TEK_ID_LEN8);
}

static void check_key(const struct wire_key_packet *kp, uint16_t type, const char *key,
		      size_t len, const char *what)
{
	struct wire_attr a;

	ok(wire_attrs_find(&kp->attrs, type, &a) && !a.tv && a.len == len &&
		   memcmp(a.data, key, len) == 0,
	   what);
}

static void test_pull4(void)
{
	const struct wire_kd *kd = &msg.kd;

	if (!decode("pull4_plain", WIRE_DEC_PADDED))
		return;
	is_int(msg.pad_len, 6, "pull4 padding");
	{
		const uint8_t *after;
		size_t after_len;

		wire_msg_after(&msg, &msg.pl[0], &after, &after_len);
		is_int(after_len, 130, "pull4 HASH(4) span is the KD, padding excluded");
	}
	ok(wire_msg_find(&msg, WIRE_PL_KD) != NULL, "pull4 KD");
	is_int(kd->npackets, 2, "pull4 two key packets");
	is_int(kd->pkt[0].type, WIRE_KD_TEK, "pull4 packet 1 TEK");
	is_int(kd->pkt[0].spi_size, 4, "pull4 packet 1 SPI size");
	is_int(be32(kd->pkt[0].spi), 0x1122aabb, "pull4 packet 1 SPI");
	is_int(kd->pkt[0].attrs.count, 2, "pull4 packet 1 two keys");
	check_key(&kd->pkt[0], WIRE_KD_TEK_ALGORITHM_KEY, "ABCDEFGHIJKLMNOPQRSTUVWX", 24,
		  "pull4 packet 1 3DES key");
	check_key(&kd->pkt[0], WIRE_KD_TEK_INTEGRITY_KEY, "12345678901234567890", 20,
		  "pull4 packet 1 SHA1 key");
	is_int(be32(kd->pkt[1].spi), 0x3344ccdd, "pull4 packet 2 SPI");
	check_key(&kd->pkt[1], WIRE_KD_TEK_ALGORITHM_KEY, "FEDCBA11LKJIHG22RQPONM33", 24,
		  "pull4 packet 2 3DES key");
	check_key(&kd->pkt[1], WIRE_KD_TEK_INTEGRITY_KEY, "01234567890123456789", 20,
		  "pull4 packet 2 SHA1 key");
	check_reencode("pull4_plain", 0);
	if (decode("pull3_plain", 0)) {
		is_int(msg.npayloads, 1, "pull3 HASH only");
		check_reencode("pull3_plain", 0);
	}
}

static void test_kek(void)
{
	const struct wire_kek *k = &msg.sa.g.kek;
	const unsigned legacy = WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8;

	if (!decode("kek_pull2_plain", legacy))
		return;
	ok(msg.sa.g.has_kek, "kek pull2 SA KEK");
	is_int(k->protocol, 17, "KEK protocol UDP");
	is_int(k->src.type, WIRE_ID_IPV4_ADDR, "KEK src IPV4_ADDR");
	is_int(k->src.port, 848, "KEK src port 848");
	is_mem(k->src.data, "\x0a\x00\xe0\x2c", 4, "KEK src 10.0.224.44");
	is_int(k->dst.port, 848, "KEK dst port 848");
	is_mem(k->dst.data, "\xef\x0a\x01\x01", 4, "KEK dst 239.10.1.1");
	is_mem(k->spi, "abcdefgh01234567", 16, "KEK SPI");
	is_int(k->pop_alg, 0, "KEK POP algorithm 0");
	is_int(k->pop_key_len, 0, "KEK POP key length 0");
	is_int(attr(&k->attrs, WIRE_KEK_ALGORITHM), WIRE_KEK_ALG_3DES, "KEK 3DES");
	is_int(attr(&k->attrs, WIRE_KEK_SIG_HASH_ALGORITHM), WIRE_SIG_HASH_SHA1, "KEK sig SHA1");
	is_int(attr(&k->attrs, WIRE_KEK_SIG_ALGORITHM), WIRE_SIG_ALG_RSA, "KEK sig RSA");
	is_int(msg.sa.g.nteks, 2, "kek pull2 two TEKs");
	check_tek(&msg.sa.g.tek[0], 0x1122aabb, "\xef\x01\x01\x01", 0, WIRE_ENCAP_TRANSPORT, 60,
		  "kek pull2 TEK1");
	check_reencode("kek_pull2_plain", WIRE_DEC_TEK_ID_LEN8);

	if (!decode("kek_pull4_plain", WIRE_DEC_PADDED))
		return;
	ok(wire_msg_find(&msg, WIRE_PL_SEQ) && wire_msg_find(&msg, WIRE_PL_SEQ)->seq == 0,
	   "kek pull4 SEQ 0");
	is_int(msg.kd.npackets, 3, "kek pull4 three key packets");
	is_int(msg.kd.pkt[0].type, WIRE_KD_KEK, "kek pull4 KEK packet first");
	is_int(msg.kd.pkt[0].spi_size, 16, "kek pull4 KEK SPI size");
	is_mem(msg.kd.pkt[0].spi, "abcdefgh01234567", 16, "kek pull4 KEK SPI");
	check_key(&msg.kd.pkt[0], WIRE_KD_KEK_ALGORITHM_KEY,
		  "IVIVIVIVABCDEFGHIJKLMNOPQRSTUVWX", 32, "kek pull4 KEK IV + 3DES key");
	{
		struct wire_attr a;

		ok(wire_attrs_find(&msg.kd.pkt[0].attrs, WIRE_KD_SIG_ALGORITHM_KEY, &a) &&
			   a.len == 162 && a.data[0] == 0x30,
		   "kek pull4 KS public key (DER, 162 octets)");
	}
	check_reencode("kek_pull4_plain", 0);
}

static void test_push(void)
{
	const struct wire_payload *seq, *sig;
	size_t n;
	struct wire_hdr h;

	n = load_vector("push_wire", buf, sizeof(buf));
	is_int(wire_hdr_decode(buf, n, &h), WIRE_OK, "push header decodes");
	is_int(h.exchange, WIRE_EXCH_GROUPKEY_PUSH, "push GROUPKEY-PUSH (33)");
	is_mem(h.icookie, "abcdefgh", 8, "push cookies = KEK SPI (1)");
	is_mem(h.rcookie, "01234567", 8, "push cookies = KEK SPI (2)");
	is_int(h.length, 404, "push length");

	if (!decode("push_plain", WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8))
		return;
	seq = wire_msg_find(&msg, WIRE_PL_SEQ);
	sig = wire_msg_find(&msg, WIRE_PL_SIG);
	ok(seq && seq->seq == 1, "push SEQ 1");
	ok(seq == &msg.pl[0], "push SEQ first");
	ok(sig && sig->blob.len == 128, "push SIG 1024 bits");
	ok(sig == &msg.pl[msg.npayloads - 1], "push SIG last");
	is_int(msg.sa.g.nteks, 2, "push two new TEKs");
	is_int(msg.sa.g.tek[0].spi, 0x2e22fbb7, "push TEK1 SPI");
	is_int(msg.sa.g.tek[1].spi, 0x2123d5f2, "push TEK2 SPI");
	is_int(msg.kd.npackets, 2, "push two key packets");
	is_int(be32(msg.kd.pkt[1].spi), 0x2123d5f2, "push key packet 2 SPI");
	is_int(msg.pad_len, 4, "push padding");
	check_reencode("push_plain", WIRE_DEC_TEK_ID_LEN8);
}

int main(void)
{
	test_main_mode_sa();
	test_main_mode_ke();
	test_main_mode_id();
	test_pull1();
	test_pull2();
	test_pull4();
	test_kek();
	test_push();
	is_int(wire_stats_rejected_total(&stats), 0, "no vector rejected");
	ok(stats.decoded >= 12, "decoded counter");
	return done_testing();
}
