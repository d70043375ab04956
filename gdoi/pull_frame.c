#include "gdoi/pull_frame.h"

#include <string.h>

#include <openssl/crypto.h>

#include "crypto/cipher.h"
#include "crypto/hash_alg.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int pull_sa_algs(const struct ike_sa *sa, enum crypto_cipher *c, enum crypto_hash *h)
{
	*c = crypto_cipher_from_ike((uint16_t)sa->cipher);
	*h = crypto_hash_from_ike((uint16_t)sa->hash);
	if (*c == CRYPTO_CIPHER_NONE || *h == CRYPTO_HASH_NONE)
		return -1;
	if (crypto_cipher_block_len(*c) != sa->block_len || sa->block_len > IKE_MAX_BLOCK_LEN)
		return -1;
	if (crypto_hash_len(*h) != sa->hash_len || sa->enc_key_len > IKE_MAX_KEY_LEN)
		return -1;
	return 0;
}

int pull_iv_init(const struct ike_sa *sa, uint32_t msgid, struct ike_iv *iv)
{
	enum crypto_cipher c;
	enum crypto_hash h;
	struct ike_iv p1;

	if (pull_sa_algs(sa, &c, &h) < 0)
		return -1;
	memcpy(p1.bytes, sa->phase1_iv, sa->block_len);
	p1.len = sa->block_len;
	return iv_phase2_init(h, &p1, msgid, iv);
}

int pull_hdr_read(const uint8_t *msg, size_t len, struct pull_hdr *hdr)
{
	if (len < PULL_HDR_LEN)
		return -1;
	memcpy(hdr->icookie, msg, IKE_COOKIE_LEN);
	memcpy(hdr->rcookie, msg + 8, IKE_COOKIE_LEN);
	hdr->next_payload = msg[16];
	hdr->version = msg[17];
	hdr->exchange = msg[18];
	hdr->flags = msg[19];
	hdr->msgid = get32(msg + 20);
	hdr->length = get32(msg + 24);
	return 0;
}

/* The encrypted body: the plaintext padded to whole cipher blocks, at
 * least one. */
static size_t sealed_body_len(const struct ike_sa *sa, size_t plain_len)
{
	size_t body = (plain_len + sa->block_len - 1) / sa->block_len * sa->block_len;

	return body ? body : sa->block_len;
}

int pull_seal(const struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
	      uint8_t first_payload, struct ike_iv *iv, const uint8_t *plain,
	      size_t plain_len, uint8_t *out, size_t cap, size_t *out_len)
{
	enum crypto_cipher c;
	enum crypto_hash h;
	size_t body, total;

	if (pull_sa_algs(sa, &c, &h) < 0 || sa->block_len == 0)
		return -1;
	body = sealed_body_len(sa, plain_len);
	total = PULL_HDR_LEN + body;
	if (total > cap || total > UINT32_MAX)
		return -1;
	memcpy(out, sa->icookie, IKE_COOKIE_LEN);
	memcpy(out + 8, sa->rcookie, IKE_COOKIE_LEN);
	out[16] = first_payload;
	out[17] = ISAKMP_VERSION;
	out[18] = exchange;
	out[19] = ISAKMP_FLAG_ENC;
	put32(out + 20, msgid);
	put32(out + 24, (uint32_t)total);
	memcpy(out + PULL_HDR_LEN, plain, plain_len);
	memset(out + PULL_HDR_LEN + plain_len, 0, body - plain_len);
	if (iv_cbc_encrypt(c, sa->enc_key, sa->enc_key_len, iv, out + PULL_HDR_LEN, body, iv) < 0) {
		OPENSSL_cleanse(out, total);
		return -1;
	}
	*out_len = total;
	return 0;
}

int pull_seal_inplace(const struct ike_sa *sa, struct ike_iv *iv, uint8_t *buf,
		      size_t *len, size_t cap)
{
	enum crypto_cipher c;
	enum crypto_hash h;
	size_t plain_len, body, total;

	if (pull_sa_algs(sa, &c, &h) < 0 || sa->block_len == 0 || *len < PULL_HDR_LEN)
		return -1;
	plain_len = *len - PULL_HDR_LEN;
	body = sealed_body_len(sa, plain_len);
	total = PULL_HDR_LEN + body;
	if (total > cap || total > UINT32_MAX)
		return -1;
	memset(buf + *len, 0, total - *len);
	buf[19] |= ISAKMP_FLAG_ENC;
	put32(buf + 24, (uint32_t)total);
	if (iv_cbc_encrypt(c, sa->enc_key, sa->enc_key_len, iv, buf + PULL_HDR_LEN, body, iv) < 0) {
		OPENSSL_cleanse(buf, total);
		return -1;
	}
	*len = total;
	return 0;
}

int pull_open(const struct ike_sa *sa, uint8_t exchange, const uint8_t *msg, size_t len,
	      const struct ike_iv *iv, struct pull_hdr *hdr, uint8_t *plain,
	      size_t cap, size_t *plain_len, struct ike_iv *next, const char **why)
{
	enum crypto_cipher c;
	enum crypto_hash h;
	size_t body;

	*why = NULL;
	if (pull_sa_algs(sa, &c, &h) < 0)
		return *why = "phase-1 SA algorithms unsupported", -1;
	if (pull_hdr_read(msg, len, hdr) < 0)
		return *why = "shorter than an ISAKMP header", -1;
	if (memcmp(hdr->icookie, sa->icookie, IKE_COOKIE_LEN) != 0 ||
	    memcmp(hdr->rcookie, sa->rcookie, IKE_COOKIE_LEN) != 0)
		return *why = "cookies do not match the phase-1 SA", -1;
	if (hdr->version != ISAKMP_VERSION)
		return *why = "unsupported ISAKMP version", -1;
	if (hdr->exchange != exchange)
		return *why = "unexpected exchange type", -1;
	if (!(hdr->flags & ISAKMP_FLAG_ENC))
		return *why = "not encrypted", -1;
	if (hdr->length != len)
		return *why = "header length differs from the datagram length", -1;
	body = len - PULL_HDR_LEN;
	if (body == 0 || body % sa->block_len != 0)
		return *why = "body is not a whole number of cipher blocks", -1;
	if (body > cap)
		return *why = "message too large", -1;
	memmove(plain, msg + PULL_HDR_LEN, body);
	if (iv_cbc_decrypt(c, sa->enc_key, sa->enc_key_len, iv, plain, body, next) < 0) {
		OPENSSL_cleanse(plain, body);
		return *why = "decryption failed", -1;
	}
	*plain_len = body;
	return 0;
}

int pull_split(const uint8_t *plain, size_t len, uint8_t first_payload,
	       size_t hash_len, struct pull_body *b, const char **why)
{
	size_t off, hlen;
	uint8_t next;

	*why = NULL;
	if (first_payload != PL_HASH)
		return *why = "first payload is not HASH", -1;
	if (len < 4)
		return *why = "truncated HASH payload", -1;
	hlen = (size_t)plain[2] << 8 | plain[3];
	if (plain[1] != 0)
		return *why = "HASH payload RESERVED not zero", -1;
	if (hlen != 4 + hash_len || hlen > len)
		return *why = "HASH payload length does not match the prf", -1;
	b->hash = plain + 4;
	b->hash_len = hash_len;
	b->after = plain + hlen;
	b->after_first = plain[0];
	next = plain[0];
	off = hlen;
	while (next != PL_NONE) {
		size_t plen;

		if (len - off < 4)
			return *why = "truncated payload header", -1;
		plen = (size_t)plain[off + 2] << 8 | plain[off + 3];
		if (plain[off + 1] != 0)
			return *why = "payload RESERVED not zero", -1;
		if (plen < 4 || plen > len - off)
			return *why = "payload length out of bounds", -1;
		next = plain[off];
		off += plen;
	}
	if (len - off > PULL_MAX_PAD)
		return *why = "trailing data after the last payload", -1;
	b->after_len = off - hlen;
	return 0;
}

static int hash_for(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
		    const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len,
		    const uint8_t *after, size_t after_len, struct gdoi_pull_hash_input *in,
		    enum crypto_hash *h)
{
	enum crypto_cipher c;

	if (pull_sa_algs(sa, &c, h) < 0)
		return -1;
	*in = (struct gdoi_pull_hash_input){
		.msg_no = msg_no, .msgid = msgid,
		.ni_b = ni_b, .ni_len = ni_len, .nr_b = nr_b, .nr_len = nr_len,
		.after_hash = after, .after_len = after_len,
	};
	return 0;
}

int pull_build_hashed(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
		      const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len,
		      uint8_t after_first, const uint8_t *after, size_t after_len,
		      uint8_t *out, size_t cap, size_t *out_len)
{
	struct gdoi_pull_hash_input in;
	enum crypto_hash h;
	size_t hlen = 4 + sa->hash_len;

	if (hash_for(sa, msg_no, msgid, ni_b, ni_len, nr_b, nr_len, after, after_len, &in, &h) < 0)
		return -1;
	if (hlen + after_len > cap)
		return -1;
	out[0] = after_first;
	out[1] = 0;
	out[2] = (uint8_t)(hlen >> 8);
	out[3] = (uint8_t)hlen;
	if (gdoi_pull_hash(h, sa->skeyid_a, sa->hash_len, &in, out + 4) < 0)
		return -1;
	memmove(out + hlen, after, after_len);
	*out_len = hlen + after_len;
	return 0;
}

int pull_check_hash(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
		    const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len,
		    const struct pull_body *b)
{
	struct gdoi_pull_hash_input in;
	enum crypto_hash h;

	if (hash_for(sa, msg_no, msgid, ni_b, ni_len, nr_b, nr_len, b->after, b->after_len,
		     &in, &h) < 0)
		return -1;
	return gdoi_pull_hash_check(h, sa->skeyid_a, sa->hash_len, &in, b->hash, b->hash_len);
}
