/* GROUPKEY-PUSH acknowledgements: build on the member, check on the KS. */
#include "gdoi/push_ack.h"

#include <string.h>

#include <openssl/crypto.h>

#include "crypto/prf.h"
#include "gdoi/wire.h"

int push_ack_hash(const struct rekey_kek *kek, const uint8_t *seq_and_id, size_t len,
		  uint8_t *out)
{
	return prf1(kek->sig_hash, kek->key, kek->key_len, seq_and_id, len, out);
}

int push_ack_build(const struct rekey_kek *kek, uint32_t seq, struct in_addr member,
		   uint8_t *out, size_t cap, size_t *out_len)
{
	struct wire_hdr hdr = { .version = WIRE_VERSION, .exchange = WIRE_EXCH_GROUPKEY_PUSH_ACK };
	struct wire_id id = { .type = WIRE_ID_IPV4_ADDR, .data = (const uint8_t *)&member.s_addr,
			      .len = 4 };
	size_t hlen = crypto_hash_len(kek->sig_hash), hash_off, after;
	struct wire_builder b;

	*out_len = 0;
	if (!hlen || !kek->key_len)
		return -1;
	memcpy(hdr.icookie, kek->spi, WIRE_COOKIE_LEN);
	memcpy(hdr.rcookie, kek->spi + WIRE_COOKIE_LEN, WIRE_COOKIE_LEN);
	wire_build_begin(&b, out, cap, 0, &hdr);
	hash_off = wire_put_blob_reserve(&b, WIRE_PL_HASH, hlen);
	after = wire_build_pos(&b);
	wire_put_seq(&b, seq);
	wire_put_id(&b, &id);
	if (wire_build_finish(&b, out_len) != WIRE_OK ||
	    push_ack_hash(kek, out + after, *out_len - after, out + hash_off) < 0) {
		*out_len = 0;
		return -1;
	}
	return 0;
}

int push_ack_peek_spi(const uint8_t *dgram, size_t len, uint8_t spi[GP_KEK_SPI_LEN])
{
	struct wire_hdr hdr;

	if (wire_hdr_decode(dgram, len, &hdr) != WIRE_OK ||
	    hdr.exchange != WIRE_EXCH_GROUPKEY_PUSH_ACK)
		return -1;
	memcpy(spi, hdr.icookie, WIRE_COOKIE_LEN);
	memcpy(spi + WIRE_COOKIE_LEN, hdr.rcookie, WIRE_COOKIE_LEN);
	return 0;
}

static int shape_ok(const struct wire_msg *m, const struct rekey_kek *kek, const char **why)
{
	if (m->hdr.flags != 0 || m->hdr.msgid != 0 || m->pad_len != 0)
		return *why = "acknowledgement flags, message ID or padding not zero", -1;
	if (memcmp(m->hdr.icookie, kek->spi, WIRE_COOKIE_LEN) ||
	    memcmp(m->hdr.rcookie, kek->spi + WIRE_COOKIE_LEN, WIRE_COOKIE_LEN))
		return *why = "acknowledgement names another KEK", -1;
	if (m->npayloads != 3 || m->pl[0].type != WIRE_PL_HASH || m->pl[1].type != WIRE_PL_SEQ ||
	    m->pl[2].type != WIRE_PL_ID)
		return *why = "acknowledgement payloads are not HASH, SEQ, ID", -1;
	if (m->pl[2].id.type != WIRE_ID_IPV4_ADDR || m->pl[2].id.len != 4 ||
	    m->pl[2].id.protocol != 0 || m->pl[2].id.port != 0)
		return *why = "acknowledgement ID is not an IPv4 address", -1;
	return 0;
}

int push_ack_open(const struct rekey_kek *kek, const uint8_t *dgram, size_t len,
		  uint32_t *seq, struct in_addr *member, const char **why)
{
	return push_ack_open_checked(kek, NULL, dgram, len, seq, member, why);
}

static int ack_hash(const struct rekey_kek *kek, struct push_ack_checker *c, const uint8_t *data,
		    size_t len, uint8_t *out)
{
	return c ? push_ack_checker_hash(c, data, len, out) : push_ack_hash(kek, data, len, out);
}

int push_ack_open_checked(const struct rekey_kek *kek, struct push_ack_checker *c,
			  const uint8_t *dgram, size_t len, uint32_t *seq, struct in_addr *member,
			  const char **why)
{
	uint8_t want[CRYPTO_HASH_MAX_LEN];
	size_t hlen = crypto_hash_len(kek->sig_hash);
	struct wire_msg m;
	const struct wire_payload *h;

	if (len > PUSH_ACK_MAX_LEN || wire_decode(dgram, len, 0, &m, NULL) != WIRE_OK ||
	    m.hdr.exchange != WIRE_EXCH_GROUPKEY_PUSH_ACK)
		return *why = "not a well-formed GROUPKEY-PUSH-ACK", -1;
	if (shape_ok(&m, kek, why) < 0)
		return -1;
	h = &m.pl[0];
	if (!hlen || h->body_len != hlen ||
	    ack_hash(kek, c, m.pl[1].raw, m.payloads_end - (size_t)(m.pl[1].raw - dgram),
		     want) < 0 ||
	    CRYPTO_memcmp(want, h->body, hlen) != 0)
		return *why = "acknowledgement HASH does not verify", -1;
	*seq = m.pl[1].seq;
	memcpy(&member->s_addr, m.pl[2].id.data, 4);
	return 0;
}
