/* Writes messages built with the codec into a pcap file (Ethernet, IPv4,
 * UDP 848 -> 848) for an independent decoder (tshark) to judge.
 * Usage: wire_pcap OUT.pcap [NAME=HEX ...] -- prints "frame name" lines on
 * stdout; NAME=HEX arguments append ready-made messages (known-answer
 * vectors) as further frames.
 * Frames: a phase 1 Main Mode exchange (plaintext: tshark cannot decrypt,
 * so messages 5 and 6 go without the E flag), an Informational, then
 * GROUPKEY-PULL/PUSH messages in plaintext. */
#include "gdoi/wire.h"

#include <stdio.h>
#include <string.h>

static FILE *pcap;
static unsigned frames;
static uint8_t msgbuf[4096];
static uint8_t abuf[8][128];

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	fwrite(b, 1, 4, f);
}

static void pcap_header(void)
{
	le32(pcap, 0xa1b2c3d4);
	fwrite("\x02\x00\x04\x00", 1, 4, pcap); /* version 2.4, little endian */
	le32(pcap, 0);     /* thiszone */
	le32(pcap, 0);     /* sigfigs */
	le32(pcap, 65535); /* snaplen */
	le32(pcap, 1);     /* Ethernet */
}

static unsigned ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* One UDP datagram 10.0.0.1 <-> 10.0.0.2 (direction by from_gm). */
static void write_frame(const uint8_t *payload, size_t len, bool from_gm, const char *name)
{
	uint8_t hdr[14 + 20 + 8];
	uint8_t *ip = hdr + 14, *udp = ip + 20;
	size_t total = sizeof(hdr) + len;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, from_gm ? "\x02\0\0\0\0\x02\x02\0\0\0\0\x01" : "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
	put16(hdr + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + 8 + len));
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, from_gm ? "\x0a\0\0\x01\x0a\0\0\x02" : "\x0a\0\0\x02\x0a\0\0\x01", 8);
	put16(ip + 10, ip_checksum(ip, 20));
	put16(udp, 848);
	put16(udp + 2, 848);
	put16(udp + 4, (unsigned)(8 + len));
	le32(pcap, 1700000000u + frames); /* timestamp */
	le32(pcap, 0);
	le32(pcap, (uint32_t)total);
	le32(pcap, (uint32_t)total);
	fwrite(hdr, 1, sizeof(hdr), pcap);
	fwrite(payload, 1, len, pcap);
	printf("%u %s\n", ++frames, name);
}

static struct wire_hdr header(uint8_t exchange, uint32_t msgid, bool responder_known)
{
	struct wire_hdr h = { .version = WIRE_VERSION, .exchange = exchange, .msgid = msgid };

	memcpy(h.icookie, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	if (responder_known)
		memcpy(h.rcookie, "\x99\xaa\xbb\xcc\xdd\xee\xf0\x01", 8);
	return h;
}

static void finish(struct wire_builder *b, bool from_gm, const char *name)
{
	size_t len;

	if (wire_build_finish(b, &len) != WIRE_OK) {
		fprintf(stderr, "cannot build %s\n", name);
		return;
	}
	write_frame(msgbuf, len, from_gm, name);
}

static struct wire_attrs attrs_done(struct wire_writer *w)
{
	struct wire_attrs a = { 0 };

	wire_attrs_from_writer(w, &a);
	return a;
}

/* GDOI phase 1 carries DOI 2 (situation 0) in its SA; DOI 1 is the IKE
 * variant, which tshark dissects further. */
static void main_mode_sa(bool from_gm, uint32_t doi, const char *name)
{
	struct wire_hdr h = header(WIRE_EXCH_MAIN, 0, !from_gm);
	struct wire_sa sa = { .doi = doi,
			      .situation = doi == WIRE_DOI_IPSEC ? WIRE_SIT_IDENTITY_ONLY : 0 };
	struct wire_proposal *p = &sa.p1.prop[0];
	struct wire_builder b;
	struct wire_writer w;
	int nxf = from_gm ? 2 : 1;

	sa.p1.nproposals = 1;
	p->num = 1;
	p->protocol = WIRE_PROTO_ISAKMP;
	p->ntransforms = (uint8_t)nxf;
	for (int i = 0; i < nxf; i++) {
		wire_writer_init(&w, abuf[i], sizeof(abuf[i]));
		wire_attr_put_tv(&w, WIRE_IKE_ENC, i ? WIRE_IKE_ENC_3DES_CBC : WIRE_IKE_ENC_AES_CBC);
		if (!i)
			wire_attr_put_tv(&w, WIRE_IKE_KEY_LENGTH, 256);
		wire_attr_put_tv(&w, WIRE_IKE_HASH, WIRE_IKE_HASH_SHA2_256);
		wire_attr_put_tv(&w, WIRE_IKE_AUTH, WIRE_IKE_AUTH_PSK);
		wire_attr_put_tv(&w, WIRE_IKE_GROUP_DESC, 14);
		wire_attr_put_tv(&w, WIRE_IKE_LIFE_TYPE, WIRE_LIFE_SECONDS);
		wire_attr_put_num(&w, WIRE_IKE_LIFE_DURATION, 86400);
		p->xf[i] = (struct wire_transform){ .num = (uint8_t)(i + 1), .id = WIRE_KEY_IKE,
						    .attrs = attrs_done(&w) };
	}
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_sa(&b, &sa);
	wire_put_vid(&b, "\xaf\xca\xd7\x13\x68\xa1\xf1\xc9\x6b\x86\x96\xfc\x77\x57\x01\x00", 16);
	finish(&b, from_gm, name);
}

static void main_mode_ke(bool from_gm, const char *name)
{
	struct wire_hdr h = header(WIRE_EXCH_MAIN, 0, true);
	struct wire_builder b;
	uint8_t ke[256], nonce[32];

	memset(ke, from_gm ? 0x5a : 0xa5, sizeof(ke));
	memset(nonce, from_gm ? 0x11 : 0x22, sizeof(nonce));
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_ke(&b, ke, sizeof(ke));
	wire_put_nonce(&b, nonce, sizeof(nonce));
	finish(&b, from_gm, name);
}

static void main_mode_id(bool from_gm, const char *name)
{
	struct wire_hdr h = header(WIRE_EXCH_MAIN, 0, true);
	struct wire_builder b;
	struct wire_id id = { .type = WIRE_ID_IPV4_ADDR, .protocol = 17, .port = 848,
			      .data = (const uint8_t *)(from_gm ? "\x0a\0\0\x01" : "\x0a\0\0\x02"),
			      .len = 4 };
	uint8_t spi[16];
	struct wire_notify n = { .doi = WIRE_DOI_IPSEC, .protocol = WIRE_PROTO_ISAKMP,
				 .spi_size = 16, .type = WIRE_N_INITIAL_CONTACT, .spi = spi };
	uint8_t hash[32];

	memcpy(spi, h.icookie, 8);
	memcpy(spi + 8, h.rcookie, 8);
	memset(hash, 0x33, sizeof(hash));
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_id(&b, &id);
	wire_put_hash(&b, hash, sizeof(hash));
	if (from_gm)
		wire_put_notify(&b, &n);
	finish(&b, from_gm, name);
}

static void informational(void)
{
	struct wire_hdr h = header(WIRE_EXCH_INFO, 0x12345678, true);
	struct wire_builder b;
	uint8_t hash[32], spi[16];
	struct wire_notify n = { .doi = WIRE_DOI_IPSEC, .protocol = WIRE_PROTO_ISAKMP,
				 .type = WIRE_N_AUTHENTICATION_FAILED };
	struct wire_delete d = { .doi = WIRE_DOI_IPSEC, .protocol = WIRE_PROTO_ISAKMP,
				 .spi_size = 16, .nspis = 1, .spis = spi };

	memset(hash, 0x44, sizeof(hash));
	memcpy(spi, h.icookie, 8);
	memcpy(spi + 8, h.rcookie, 8);
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_hash(&b, hash, sizeof(hash));
	wire_put_notify(&b, &n);
	wire_put_delete(&b, &d);
	finish(&b, false, "informational-notify-delete");
}

static void pull1(void)
{
	struct wire_hdr h = header(WIRE_EXCH_GROUPKEY_PULL, 0x483c11c0, true);
	struct wire_builder b;
	uint8_t hash[20], nonce[16];
	struct wire_id id = { .type = WIRE_ID_KEY_ID, .data = (const uint8_t *)"\0\0\x04\xd2",
			      .len = 4 };

	memset(hash, 0x55, sizeof(hash));
	memset(nonce, 0x66, sizeof(nonce));
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_hash(&b, hash, sizeof(hash));
	wire_put_nonce(&b, nonce, sizeof(nonce));
	wire_put_id(&b, &id);
	finish(&b, true, "pull1-hash-nonce-id");
}

static struct wire_tek tek(uint32_t spi, const char *dst, int slot)
{
	struct wire_tek t = { .protocol_id = WIRE_TEK_PROTO_IPSEC_ESP, .ip_protocol = 0,
			      .transform_id = WIRE_ESP_AES_CBC, .spi = spi };
	struct wire_writer w;

	t.src = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR_SUBNET, 0,
				       (const uint8_t *)"\x0a\x01\0\0\xff\xff\0\0", 8 };
	t.dst = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR_SUBNET, 0, (const uint8_t *)dst, 8 };
	wire_writer_init(&w, abuf[slot], sizeof(abuf[slot]));
	wire_attr_put_tv(&w, WIRE_IPSEC_ENCAP_MODE, WIRE_ENCAP_TUNNEL);
	wire_attr_put_tv(&w, WIRE_IPSEC_AUTH_ALG, WIRE_AUTH_HMAC_SHA1);
	wire_attr_put_tv(&w, WIRE_IPSEC_KEY_LENGTH, 256);
	wire_attr_put_tv(&w, WIRE_IPSEC_LIFE_TYPE, WIRE_LIFE_SECONDS);
	wire_attr_put_num(&w, WIRE_IPSEC_LIFE_DURATION, 3600);
	wire_attr_put_tv(&w, WIRE_IPSEC_ADDRESS_PRESERVATION, WIRE_AP_SOURCE_AND_DESTINATION);
	wire_attr_put_tv(&w, WIRE_IPSEC_SA_DIRECTION, WIRE_DIR_SYMMETRIC);
	t.attrs = attrs_done(&w);
	return t;
}

static void gdoi_sa(struct wire_sa *sa, bool kek, bool gap)
{
	struct wire_writer w;

	memset(sa, 0, sizeof(*sa));
	sa->doi = WIRE_DOI_GDOI;
	sa->gdoi = true;
	if (kek) {
		struct wire_kek *k = &sa->g.kek;

		sa->g.has_kek = true;
		k->protocol = 17;
		k->src = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 848, (const uint8_t *)"\x0a\0\0\x02", 4 };
		k->dst = (struct wire_gdoi_id){ WIRE_ID_IPV4_ADDR, 848, (const uint8_t *)"\xef\0\0\x01", 4 };
		memcpy(k->spi, "\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xf0\x01", 16);
		wire_writer_init(&w, abuf[4], sizeof(abuf[4]));
		wire_attr_put_tv(&w, WIRE_KEK_ALGORITHM, WIRE_KEK_ALG_AES);
		wire_attr_put_tv(&w, WIRE_KEK_KEY_LENGTH, 256);
		wire_attr_put_num(&w, WIRE_KEK_KEY_LIFETIME, 86400);
		wire_attr_put_tv(&w, WIRE_KEK_SIG_HASH_ALGORITHM, WIRE_SIG_HASH_SHA256);
		wire_attr_put_tv(&w, WIRE_KEK_SIG_ALGORITHM, WIRE_SIG_ALG_RSA);
		wire_attr_put_tv(&w, WIRE_KEK_SIG_KEY_LENGTH, 2048);
		k->attrs = attrs_done(&w);
	}
	if (gap) {
		sa->g.has_gap = true;
		wire_writer_init(&w, abuf[5], sizeof(abuf[5]));
		wire_attr_put_tv(&w, WIRE_GAP_ACTIVATION_TIME_DELAY, 10);
		wire_attr_put_tv(&w, WIRE_GAP_DEACTIVATION_TIME_DELAY, 20);
		sa->g.gap = attrs_done(&w);
	}
	sa->g.nteks = 2;
	sa->g.tek[0] = tek(0x1a2b3c4d, "\x0a\x02\0\0\xff\xff\0\0", 0);
	sa->g.tek[1] = tek(0x5e6f7081, "\x0a\x03\0\0\xff\xff\0\0", 1);
}

static void pull2(bool kek, bool gap, const char *name)
{
	struct wire_hdr h = header(WIRE_EXCH_GROUPKEY_PULL, 0x483c11c0, true);
	struct wire_builder b;
	static struct wire_sa sa;
	uint8_t hash[20], nonce[16];

	memset(hash, 0x77, sizeof(hash));
	memset(nonce, 0x88, sizeof(nonce));
	gdoi_sa(&sa, kek, gap);
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_hash(&b, hash, sizeof(hash));
	wire_put_nonce(&b, nonce, sizeof(nonce));
	wire_put_sa(&b, &sa);
	finish(&b, false, name);
}

static void key_download(struct wire_kd *kd)
{
	struct wire_writer w;

	memset(kd, 0, sizeof(*kd));
	kd->npackets = 2;
	kd->pkt[0] = (struct wire_key_packet){ .type = WIRE_KD_KEK, .spi_size = 16,
		.spi = (const uint8_t *)"\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xf0\x01" };
	wire_writer_init(&w, abuf[6], sizeof(abuf[6]));
	wire_attr_put_tlv(&w, WIRE_KD_KEK_ALGORITHM_KEY, "0123456789abcdef0123456789abcdef", 32);
	wire_attr_put_tlv(&w, WIRE_KD_SIG_ALGORITHM_KEY, "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 15);
	kd->pkt[0].attrs = attrs_done(&w);
	kd->pkt[1] = (struct wire_key_packet){ .type = WIRE_KD_TEK, .spi_size = 4,
					       .spi = (const uint8_t *)"\x1a\x2b\x3c\x4d" };
	wire_writer_init(&w, abuf[7], sizeof(abuf[7]));
	wire_attr_put_tlv(&w, WIRE_KD_TEK_ALGORITHM_KEY, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 32);
	wire_attr_put_tlv(&w, WIRE_KD_TEK_INTEGRITY_KEY, "abcdefghijklmnopqrst", 20);
	kd->pkt[1].attrs = attrs_done(&w);
}

static void pull3_pull4(void)
{
	struct wire_hdr h = header(WIRE_EXCH_GROUPKEY_PULL, 0x483c11c0, true);
	struct wire_builder b;
	static struct wire_kd kd;
	uint8_t hash[20];

	memset(hash, 0x99, sizeof(hash));
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_hash(&b, hash, sizeof(hash));
	finish(&b, true, "pull3-hash");
	key_download(&kd);
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_hash(&b, hash, sizeof(hash));
	wire_put_seq(&b, 1);
	wire_put_kd(&b, &kd);
	finish(&b, false, "pull4-hash-seq-kd");
}

static void push(void)
{
	struct wire_hdr h = header(WIRE_EXCH_GROUPKEY_PUSH, 0, true);
	struct wire_builder b;
	static struct wire_sa sa;
	static struct wire_kd kd;
	uint8_t sig[256];

	memset(sig, 0xcd, sizeof(sig));
	gdoi_sa(&sa, true, false);
	key_download(&kd);
	wire_build_begin(&b, msgbuf, sizeof(msgbuf), 0, &h);
	wire_put_seq(&b, 2);
	wire_put_sa(&b, &sa);
	wire_put_kd(&b, &kd);
	wire_put_sig(&b, sig, sizeof(sig));
	finish(&b, false, "push-seq-sa-kd-sig");
}

static int hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* NAME=HEX: appends the message as sent by the key server. Messages
 * logged in plaintext go without the E flag so that tshark dissects them. */
static bool append_hex(const char *arg)
{
	const char *hex = strchr(arg, '=');
	char name[64];
	size_t n = 0;

	if (!hex || (size_t)(hex - arg) >= sizeof(name))
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)(hex - arg), arg);
	for (hex++; hex[0] && hex[1] && n < sizeof(msgbuf); hex += 2) {
		int hi = hexdigit(hex[0]), lo = hexdigit(hex[1]);

		if (hi < 0 || lo < 0)
			return false;
		msgbuf[n++] = (uint8_t)(hi << 4 | lo);
	}
	if (hex[0] || n < WIRE_HDR_LEN)
		return false;
	msgbuf[19] &= (uint8_t)~WIRE_FLAG_ENC; /* logged plaintext: let tshark dissect it */
	write_frame(msgbuf, n, false, name);
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s OUT.pcap [NAME=HEX ...]\n", argv[0]);
		return 2;
	}
	pcap = fopen(argv[1], "wb");
	if (!pcap) {
		perror(argv[1]);
		return 1;
	}
	pcap_header();
	main_mode_sa(true, WIRE_DOI_GDOI, "mm1-sa-vid");
	main_mode_sa(false, WIRE_DOI_GDOI, "mm2-sa-vid");
	main_mode_ke(true, "mm3-ke-nonce");
	main_mode_ke(false, "mm4-ke-nonce");
	main_mode_id(true, "mm5-id-hash-notify");
	main_mode_id(false, "mm6-id-hash");
	informational();
	main_mode_sa(true, WIRE_DOI_IPSEC, "mm1-sa-vid-doi1");
	pull1();
	pull2(false, false, "pull2-hash-nonce-sa(2 TEK)");
	pull2(true, false, "pull2-hash-nonce-sa(KEK, 2 TEK)");
	pull2(true, true, "pull2-hash-nonce-sa(KEK, GAP, 2 TEK)");
	pull3_pull4();
	push();
	for (int i = 2; i < argc; i++)
		if (!append_hex(argv[i])) {
			fprintf(stderr, "bad NAME=HEX argument %d\n", i);
			return 1;
		}
	return fclose(pcap) == 0 ? 0 : 1;
}
